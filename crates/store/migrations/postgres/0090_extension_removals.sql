-- Extensions deleted one by one (the JSON API's DELETE /api/v1/extensions/{id},
-- crates/store/src/provisioning.rs): a tombstone per deletion, numbered from the
-- same `extensions` change counter as upserts, so the PBX's directory
-- (crates/pbx/src/directory.rs), which follows changes by version, drops the
-- extension and its phones can no longer register.
CREATE TABLE extension_removals (
    tenant_id   TEXT NOT NULL,
    number      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    removed_ms  BIGINT NOT NULL
);
CREATE INDEX extension_removals_by_version ON extension_removals (version);
