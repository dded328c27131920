-- Call detail records (issue 4), one row per call attempt; times are Unix
-- milliseconds. CDRs are CPNI (47 CFR 64.2003(d)): the caller, callee and
-- DID numbers are sealed together in `parties_sealed` (AES-256-GCM under the
-- customer's data key, bound to cdrs/parties/<id>; see
-- crates/store/src/cdrs/), and `caller_index` / `callee_index` hold keyed
-- blind indexes (the first 8 bytes of an HMAC-SHA-256) of the numbers for
-- equality look-ups without the plaintext. The trunk's name is not personal.
-- Ids begin with their creation time in milliseconds, so new rows land at
-- the end of the primary key's index rather than all over it.

CREATE TABLE cdrs (
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
    CHECK ((disposition = 'answered') = (answer_ms IS NOT NULL))
);

CREATE INDEX cdrs_by_start ON cdrs (tenant_id, start_ms);
-- A blind index is keyed per customer already, so it needs no tenant prefix.
CREATE INDEX cdrs_by_caller ON cdrs (caller_index);
CREATE INDEX cdrs_by_callee ON cdrs (callee_index);
