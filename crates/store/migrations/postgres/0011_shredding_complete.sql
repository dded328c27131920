-- PostgreSQL twin of migrations/sqlite/0011: a deleted tenant's index key
-- is destroyed and none is made for it again; the change version of a
-- customer's deletion.
DELETE FROM index_keys WHERE tenant_id IN (SELECT id FROM tenants WHERE deleted_ms IS NOT NULL);

CREATE FUNCTION index_keys_not_for_deleted_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT deleted_ms FROM tenants WHERE id = NEW.tenant_id) IS NOT NULL THEN
        RAISE EXCEPTION 'the tenant is deleted: its index key was destroyed';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER index_keys_not_for_deleted_tenants BEFORE INSERT ON index_keys
FOR EACH ROW EXECUTE FUNCTION index_keys_not_for_deleted_tenants();

ALTER TABLE tenants ADD COLUMN deleted_version BIGINT;
