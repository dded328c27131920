-- The FCC letter of an opt-out mechanism failure, filed (issue 7 item 6;
-- 47 CFR 64.2009(f); crates/store/src/cpni/optout_failures.rs): the day it
-- was filed and its reference (an ECFS confirmation, a letter number),
-- sealed under the platform's data key (cpni_optout_failure_filings/reference/<failure id>).
-- Recorded once per failure; closes the letter's clock on the dashboard.
-- Deleted with its failure by the retention job.
CREATE TABLE cpni_optout_failure_filings (
    failure_id        TEXT PRIMARY KEY NOT NULL,
    filed_on          TEXT NOT NULL,
    reference_sealed  BLOB NOT NULL,
    recorded_ms       BIGINT NOT NULL,
    recorded_by       TEXT NOT NULL
);

CREATE TRIGGER cpni_optout_failure_filings_no_update BEFORE UPDATE ON cpni_optout_failure_filings
BEGIN
    SELECT RAISE(ABORT, 'cpni_optout_failure_filings is append-only');
END;
