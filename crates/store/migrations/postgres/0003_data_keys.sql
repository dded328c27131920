-- PostgreSQL twin of migrations/sqlite/0003: envelope encryption's data
-- keys, one per tenant and version, stored only wrapped under the KEK.

CREATE TABLE data_keys (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    version     BIGINT NOT NULL CHECK (version >= 1),
    wrapped     BYTEA NOT NULL,
    kek_id      TEXT NOT NULL,
    created_ms  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
