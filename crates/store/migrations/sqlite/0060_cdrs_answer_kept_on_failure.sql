-- A call that fails after it was answered (its task died, issue 4) keeps
-- its answer time: the record says `failed` and still shows how long the
-- parties talked. Migration 4 allowed an answer time on `answered` records
-- only; now `answered` needs one, `failed` may have one, the other
-- dispositions (never answered) have none.
--
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt
-- (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes"); no other table references `cdrs`.

CREATE TABLE cdrs_new (
    id              TEXT PRIMARY KEY NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    parties_sealed  BLOB NOT NULL,
    caller_index    BLOB NOT NULL,
    callee_index    BLOB NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
    trunk           TEXT,
    start_ms        INTEGER NOT NULL,
    answer_ms       INTEGER,
    end_ms          INTEGER NOT NULL,
    disposition     TEXT NOT NULL
        CHECK (disposition IN ('answered', 'busy', 'no_answer', 'failed', 'cancelled')),
    hangup_side     TEXT NOT NULL CHECK (hangup_side IN ('caller', 'callee', 'system')),
    sip_status      INTEGER NOT NULL CHECK (sip_status BETWEEN 100 AND 699),
    CHECK (end_ms >= start_ms),
    CHECK (answer_ms IS NULL OR (answer_ms >= start_ms AND answer_ms <= end_ms)),
    CHECK (disposition <> 'answered' OR answer_ms IS NOT NULL),
    CHECK (answer_ms IS NULL OR disposition IN ('answered', 'failed'))
);

INSERT INTO cdrs_new (id, tenant_id, parties_sealed, caller_index, callee_index, direction, trunk,
                      start_ms, answer_ms, end_ms, disposition, hangup_side, sip_status)
SELECT id, tenant_id, parties_sealed, caller_index, callee_index, direction, trunk,
       start_ms, answer_ms, end_ms, disposition, hangup_side, sip_status
FROM cdrs;

DROP TABLE cdrs;
ALTER TABLE cdrs_new RENAME TO cdrs;

CREATE INDEX cdrs_by_start ON cdrs (tenant_id, start_ms);
CREATE INDEX cdrs_by_caller ON cdrs (caller_index);
CREATE INDEX cdrs_by_callee ON cdrs (callee_index);
CREATE INDEX cdrs_by_end ON cdrs (tenant_id, end_ms);
