-- A call that fails after it was answered (its task died, issue 4) keeps
-- its answer time: the record says `failed` and still shows how long the
-- parties talked. Migration 4 allowed an answer time on `answered` records
-- only; now `answered` needs one, `failed` may have one, the other
-- dispositions (never answered) have none.
--
-- Migration 4's constraint has the name PostgreSQL generated for it, so it
-- is found by its definition.

DO $$
DECLARE
    old_check TEXT;
BEGIN
    SELECT conname INTO old_check FROM pg_constraint
    WHERE conrelid = 'cdrs'::regclass AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%(disposition = ''answered''::text) = (answer_ms IS NOT NULL)%';
    IF old_check IS NULL THEN
        RAISE EXCEPTION 'migration 60: the answered/answer_ms check of migration 4 was not found';
    END IF;
    EXECUTE format('ALTER TABLE cdrs DROP CONSTRAINT %I', old_check);
END
$$;

ALTER TABLE cdrs
    ADD CONSTRAINT cdrs_answered_has_answer_time CHECK (disposition <> 'answered' OR answer_ms IS NOT NULL),
    ADD CONSTRAINT cdrs_answer_time_only_if_answered CHECK (answer_ms IS NULL OR disposition IN ('answered', 'failed'));
