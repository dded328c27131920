-- Customer approvals of CPNI use (issue 7 item 2; 47 CFR 64.2007, 64.2008;
-- crates/store/src/cpni/approvals.rs). Append-only history per customer:
-- the last record of a scope is its state (approval or disapproval stays
-- until revoked, 64.2007(a)(2)). The evidence reference (a document id, a
-- recording or transcript reference) is sealed under the customer's data
-- key, bound to cpni_approvals/evidence/<id>. Dates are ISO 8601
-- (America/New_York civil dates); times Unix milliseconds.
CREATE TABLE cpni_approvals (
    id               TEXT PRIMARY KEY NOT NULL,
    tenant_id        TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    scope            TEXT NOT NULL,
    action           TEXT NOT NULL CHECK (action IN ('opt_in', 'opt_out', 'disapprove', 'revoke')),
    method           TEXT NOT NULL CHECK (method IN ('written', 'oral', 'electronic')),
    evidence_sealed  BYTEA NOT NULL,
    notified_on      TEXT,
    effective_on     TEXT NOT NULL,
    recorded_ms      BIGINT NOT NULL,
    recorded_by      TEXT NOT NULL,
    UNIQUE (tenant_id, seq)
);

CREATE FUNCTION cpni_approvals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cpni_approvals is append-only';
END;
$$;

CREATE TRIGGER cpni_approvals_no_update BEFORE UPDATE ON cpni_approvals
    FOR EACH ROW EXECUTE FUNCTION cpni_approvals_append_only();
