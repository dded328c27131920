-- PostgreSQL twin of migrations/sqlite/0004 (same table, columns,
-- constraints and indexes; see there for what they hold): call detail
-- records with their parties sealed and their numbers blind-indexed.

CREATE TABLE cdrs (
    id              TEXT PRIMARY KEY NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    parties_sealed  BYTEA NOT NULL,
    caller_index    BYTEA NOT NULL,
    callee_index    BYTEA NOT NULL,
    direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
    trunk           TEXT,
    start_ms        BIGINT NOT NULL,
    answer_ms       BIGINT,
    end_ms          BIGINT NOT NULL,
    disposition     TEXT NOT NULL
        CHECK (disposition IN ('answered', 'busy', 'no_answer', 'failed', 'cancelled')),
    hangup_side     TEXT NOT NULL CHECK (hangup_side IN ('caller', 'callee', 'system')),
    sip_status      BIGINT NOT NULL CHECK (sip_status BETWEEN 100 AND 699),
    CHECK (end_ms >= start_ms),
    CHECK (answer_ms IS NULL OR (answer_ms >= start_ms AND answer_ms <= end_ms)),
    CHECK ((disposition = 'answered') = (answer_ms IS NOT NULL))
);

CREATE INDEX cdrs_by_start ON cdrs (tenant_id, start_ms);
CREATE INDEX cdrs_by_caller ON cdrs (caller_index);
CREATE INDEX cdrs_by_callee ON cdrs (callee_index);
