-- The tenant tree, customers' extensions and their phones' registrations.
-- Times are Unix milliseconds; ids are random 128-bit hex strings.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('platform', 'reseller', 'customer')),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES tenants (id),
    path        TEXT NOT NULL,
    sip_domain  TEXT UNIQUE COLLATE NOCASE,
    is_default  INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_ms  INTEGER NOT NULL,
    CHECK ((kind = 'platform') = (parent_id IS NULL)),
    CHECK (kind = 'customer' OR (sip_domain IS NULL AND is_default = 0))
);

-- At most one customer receives phones that register to the bare server address.
CREATE UNIQUE INDEX tenants_one_default ON tenants (is_default) WHERE is_default = 1;

-- The display name and both digest HA1s are sealed (AES-256-GCM under the
-- customer's data key, bound to extensions/<column>/<tenant_id>/<number>;
-- see crates/store/src/extensions.rs): `secret_sealed` holds
-- "<md5 hex>\n<sha-256 hex>". `number` is the lookup key and stays plain
-- (a keyed blind index for it is a later step); `realm` is the customer's
-- SIP domain, not personal data.
CREATE TABLE extensions (
    id                   TEXT PRIMARY KEY NOT NULL,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id),
    number               TEXT NOT NULL,
    display_name_sealed  BLOB NOT NULL,
    realm                TEXT NOT NULL,
    secret_sealed        BLOB NOT NULL,
    created_ms           INTEGER NOT NULL,
    version              INTEGER NOT NULL,
    UNIQUE (tenant_id, number)
);

-- Every change to a followed table takes the next value of its counter in
-- the same transaction. SQLite runs one writer at a time, so versions are in
-- commit order and a reader can follow changes with `version > last seen`.
CREATE TABLE change_counters (
    name   TEXT PRIMARY KEY NOT NULL,
    value  INTEGER NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('extensions', 0);

CREATE INDEX extensions_version ON extensions (version);

CREATE TABLE registrations (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    number        TEXT NOT NULL,
    contact       TEXT NOT NULL,
    expires_ms    INTEGER NOT NULL,
    call_id       TEXT NOT NULL,
    cseq          INTEGER NOT NULL,
    q             REAL,
    transport     TEXT NOT NULL,
    source        TEXT NOT NULL,
    user_agent    TEXT,
    PRIMARY KEY (tenant_id, number, contact)
);

CREATE INDEX registrations_expiry ON registrations (expires_ms);
