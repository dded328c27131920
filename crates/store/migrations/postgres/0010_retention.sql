-- PostgreSQL twin of migrations/sqlite/0010: retention policies, deleted
-- customers, the CDR end-time index, and no new data key for a deleted tenant.

CREATE TABLE retention_policies (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    record_type  TEXT NOT NULL CHECK (record_type IN ('cdr', 'voicemail', 'recording')),
    keep_ms      BIGINT NOT NULL CHECK (keep_ms > 0),
    updated_ms   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, record_type)
);

ALTER TABLE tenants ADD COLUMN deleted_ms BIGINT;
-- Set once the retention job has removed all of a deleted customer's rows.
ALTER TABLE tenants ADD COLUMN purged_ms BIGINT;

CREATE INDEX cdrs_by_end ON cdrs (tenant_id, end_ms);

CREATE FUNCTION data_keys_not_for_deleted_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deleted_ms FROM tenants WHERE id = NEW.tenant_id) IS NOT NULL THEN
        RAISE EXCEPTION 'the tenant is deleted: its data keys were destroyed';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER data_keys_not_for_deleted_tenants BEFORE INSERT ON data_keys
FOR EACH ROW EXECUTE FUNCTION data_keys_not_for_deleted_tenants();
