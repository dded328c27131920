-- PostgreSQL twin of migrations/sqlite/0008.
-- Data-key rotation (issue 3 item 1). Blind indexes get their own key per
-- tenant, which does not rotate with the data keys: derived once from the
-- tenant's version-1 data key, stored only wrapped under the KEK (see
-- crates/store/src/crypto/index_key.rs).
CREATE TABLE index_keys (
    tenant_id   TEXT PRIMARY KEY NOT NULL REFERENCES tenants (id),
    wrapped     BYTEA NOT NULL,
    kek_id      TEXT NOT NULL,
    created_ms  BIGINT NOT NULL
);

-- Tenants' names are sealed under the tenant's own data key, bound to
-- tenants/name/<id>. The store fills this column from the plain `name`
-- before migration 0009 drops it. Slugs and SIP domains stay plain: they
-- are lookup keys, not personal data.
ALTER TABLE tenants ADD COLUMN name_sealed BYTEA;
