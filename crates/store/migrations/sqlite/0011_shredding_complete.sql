-- Shredding is complete (issue 3 item 3; crates/store/src/retention/shred.rs).
--
-- A deleted customer's blind-index key goes with its data keys: rows left
-- by a deletion made before this migration are destroyed here, and no new
-- index key may be made for a deleted tenant.
DELETE FROM index_keys WHERE tenant_id IN (SELECT id FROM tenants WHERE deleted_ms IS NOT NULL);

CREATE TRIGGER index_keys_not_for_deleted_tenants BEFORE INSERT ON index_keys
WHEN (SELECT deleted_ms FROM tenants WHERE id = NEW.tenant_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'the tenant is deleted: its index key was destroyed');
END;

-- The `extensions` change version taken by a customer's deletion, so a
-- registrar following extension changes also drops the extensions of
-- customers deleted since (crates/pbx/src/directory.rs).
ALTER TABLE tenants ADD COLUMN deleted_version INTEGER;
