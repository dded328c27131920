-- Retention (issue 3 item 3; crates/store/src/retention/): how long each
-- customer keeps each record type, and deleted customers.
--
-- `retention_policies` holds only the choices a customer made; a missing row
-- means the platform default. `keep_ms` is checked against the platform's
-- bounds in code (retention/policy.rs), and clamped to them again when the
-- job runs, so a row edited by hand never makes the job delete early.

CREATE TABLE retention_policies (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    record_type  TEXT NOT NULL CHECK (record_type IN ('cdr', 'voicemail', 'recording')),
    keep_ms      INTEGER NOT NULL CHECK (keep_ms > 0),
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, record_type)
);

-- A deleted customer keeps a tombstone row (audit records name its id);
-- its data keys are destroyed at deletion (crypto-shredding) and the
-- retention job removes its remaining rows and files.
ALTER TABLE tenants ADD COLUMN deleted_ms INTEGER;
-- Set once the retention job has removed all of a deleted customer's rows.
ALTER TABLE tenants ADD COLUMN purged_ms INTEGER;

-- The CDR purge selects by end time.
CREATE INDEX cdrs_by_end ON cdrs (tenant_id, end_ms);

-- Shredding must stick: no new data key for a deleted tenant, so nothing
-- can be sealed for it again (and nothing old opens under a new key anyway).
CREATE TRIGGER data_keys_not_for_deleted_tenants BEFORE INSERT ON data_keys
WHEN (SELECT deleted_ms FROM tenants WHERE id = NEW.tenant_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the tenant is deleted: its data keys were destroyed');
END;
