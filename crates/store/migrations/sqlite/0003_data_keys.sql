-- Envelope encryption (ARCHITECTURE.md principle 5): one data key per tenant
-- and version, stored only wrapped (AES-256-GCM) under the key-encryption key.
-- `kek_id` is the wrapping KEK's fingerprint, so a KEK rotation knows what it
-- has re-wrapped. Deleting a tenant's rows here crypto-shreds its data.

CREATE TABLE data_keys (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    wrapped     BLOB NOT NULL,
    kek_id      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
