-- The audit log's checkpoint signing key (issue 3 item 2) moves from
-- `audit-checkpoint.key` in the data folder into the database, stored only
-- wrapped (AES-256-GCM) under the key-encryption key like the tenants' data
-- keys, so every node of a cluster and every backup verifies checkpoints
-- with the same key. One row; `kek_id` is the wrapping KEK's fingerprint, so
-- a KEK rotation knows whether it has re-wrapped it
-- (crates/store/src/crypto/audit_key.rs).

CREATE TABLE audit_checkpoint_key (
    id          INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    wrapped     BLOB NOT NULL,
    kek_id      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL
);
