-- Opt-out mechanism failures (issue 7 item 6; 47 CFR 64.2009(f), R15;
-- crates/store/src/cpni/optout_failures.rs): the discovery date in plain
-- (the letter's 5-business-day clock and the retention job read it) and
-- everything the letter to the Commission says (mechanisms, problems,
-- remedy, state commissions, the customer notice, the contact) as one JSON
-- document sealed under the platform's data key, bound to
-- cpni_optout_failures/record/<id>. Append-only. Kept at least 2 years
-- (retention/compliance_records.rs).
CREATE TABLE cpni_optout_failures (
    id             TEXT PRIMARY KEY NOT NULL,
    discovered_on  TEXT NOT NULL,
    record_sealed  BYTEA NOT NULL,
    opened_ms      BIGINT NOT NULL,
    opened_by      TEXT NOT NULL
);

CREATE TRIGGER cpni_optout_failures_no_update BEFORE UPDATE ON cpni_optout_failures
    FOR EACH ROW EXECUTE FUNCTION cpni_breaches_append_only();
