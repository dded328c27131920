-- Carrier trunks and DIDs (issue 4 item 2). A trunk belongs to a customer,
-- or to the platform tenant when it serves every customer. Its digest
-- credentials ("username" LF "password", empty when it has none) are
-- sealed (AES-256-GCM under the owner's data key, bound to
-- trunks/credentials/<name>; see crates/store/src/trunks.rs). Host, port
-- and transport are network configuration, not personal data. A DID is the
-- customer's published number and maps to one of its extensions.

CREATE TABLE trunks (
    name                TEXT PRIMARY KEY NOT NULL,
    tenant_id           TEXT NOT NULL REFERENCES tenants (id),
    host                TEXT NOT NULL,
    port                BIGINT NOT NULL,
    transport           TEXT NOT NULL CHECK (transport IN ('udp', 'tcp', 'tls')),
    credentials_sealed  BYTEA NOT NULL,
    updated_ms          BIGINT NOT NULL
);

CREATE TABLE dids (
    number      TEXT PRIMARY KEY NOT NULL,
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    extension   TEXT NOT NULL,
    updated_ms  BIGINT NOT NULL
);

CREATE INDEX dids_tenant ON dids (tenant_id);
