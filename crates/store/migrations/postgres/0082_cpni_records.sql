-- The carrier's CPNI compliance records (issue 7 item 7; 47 CFR 64.2009(b),
-- (e); R11, R26; crates/store/src/cpni/records.rs): training completions,
-- disciplinary actions, complaints (category: employee_access,
-- unauthorized_disclosure, online_access, other), actions against data
-- brokers (category: the forum), confidentiality agreements and agent
-- certifications (ends_on: when they ended). Details are sealed under the
-- platform's data key, bound to cpni_records/details/<id>. Append-only; the
-- retention job (retention/compliance_records.rs) deletes a record once its kind's
-- period (compliance::records::kept) has passed.
CREATE TABLE cpni_records (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('training', 'discipline', 'complaint', 'broker_action',
                                                  'confidentiality_agreement', 'agent_certification')),
    on_date         TEXT NOT NULL,
    ends_on         TEXT,
    category        TEXT NOT NULL,
    details_sealed  BYTEA NOT NULL,
    recorded_ms     BIGINT NOT NULL,
    recorded_by     TEXT NOT NULL
);

CREATE INDEX cpni_records_by_kind ON cpni_records (kind, on_date);

CREATE TRIGGER cpni_records_no_update BEFORE UPDATE ON cpni_records
    FOR EACH ROW EXECUTE FUNCTION cpni_breaches_append_only();
