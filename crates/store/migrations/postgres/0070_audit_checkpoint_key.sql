-- PostgreSQL twin of migrations/sqlite/0070: the audit checkpoint signing
-- key, one row, stored only wrapped under the KEK.

CREATE TABLE audit_checkpoint_key (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    wrapped     BYTEA NOT NULL,
    kek_id      TEXT NOT NULL,
    created_ms  BIGINT NOT NULL
);
