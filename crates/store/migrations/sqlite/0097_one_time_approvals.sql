-- One-time use of CPNI during one call, approved orally after oral notice
-- (47 CFR 64.2008(f); issue 7 item 2; crates/store/src/cpni/one_time.rs).
-- The call reference is the carrier's contact reference, never a number or
-- an address (compliance::purpose::check_call_reference). The approval
-- opens CPNI only on that call, until ended_ms or 4 hours after granted_ms,
-- and is kept one year after (64.2007(a)(3)). The evidence (a recording or
-- transcript reference) is sealed under the customer's data key.
CREATE TABLE cpni_one_time_approvals (
    id           TEXT PRIMARY KEY NOT NULL,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    call_ref     TEXT NOT NULL,
    evidence_sealed BLOB NOT NULL,
    granted_by   TEXT NOT NULL,
    granted_ms   INTEGER NOT NULL,
    ended_ms     INTEGER,
    UNIQUE (tenant_id, call_ref)
);
