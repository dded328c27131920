-- PostgreSQL twin of migrations/sqlite/0001 (same tables, columns and
-- constraints; see there for what they hold). Times are Unix milliseconds;
-- ids are random 128-bit hex strings. Booleans are 0/1 BIGINTs as in SQLite,
-- so one query text and one decoding serve both backends. SIP domains are
-- stored lower-case by the store, which replaces SQLite's COLLATE NOCASE.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('platform', 'reseller', 'customer')),
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    parent_id   TEXT REFERENCES tenants (id),
    path        TEXT NOT NULL,
    sip_domain  TEXT UNIQUE CHECK (sip_domain = lower(sip_domain)),
    is_default  BIGINT NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_ms  BIGINT NOT NULL,
    CHECK ((kind = 'platform') = (parent_id IS NULL)),
    CHECK (kind = 'customer' OR (sip_domain IS NULL AND is_default = 0))
);

CREATE UNIQUE INDEX tenants_one_default ON tenants (is_default) WHERE is_default = 1;

CREATE TABLE extensions (
    id                   TEXT PRIMARY KEY NOT NULL,
    tenant_id            TEXT NOT NULL REFERENCES tenants (id),
    number               TEXT NOT NULL,
    display_name_sealed  BYTEA NOT NULL,
    realm                TEXT NOT NULL,
    secret_sealed        BYTEA NOT NULL,
    created_ms           BIGINT NOT NULL,
    version              BIGINT NOT NULL,
    UNIQUE (tenant_id, number)
);

-- Every change to a followed table takes the next value of its counter in
-- the same transaction. The UPDATE holds the counter row's lock until
-- commit, so versions are in commit order, as with SQLite's single writer.
CREATE TABLE change_counters (
    name   TEXT PRIMARY KEY NOT NULL,
    value  BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('extensions', 0);

CREATE INDEX extensions_version ON extensions (version);

CREATE TABLE registrations (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id),
    number        TEXT NOT NULL,
    contact       TEXT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    call_id       TEXT NOT NULL,
    cseq          BIGINT NOT NULL,
    q             DOUBLE PRECISION,
    transport     TEXT NOT NULL,
    source        TEXT NOT NULL,
    user_agent    TEXT,
    PRIMARY KEY (tenant_id, number, contact)
);

CREATE INDEX registrations_expiry ON registrations (expires_ms);
