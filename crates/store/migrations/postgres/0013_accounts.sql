-- PostgreSQL twin of migrations/sqlite/0013 (BYTEA for BLOB); see there.
-- crates/store/src/accounts/).
--
-- `people`: one row per person (not a SIP device). The sign-in name (an
-- e-mail address, lower-cased) is sealed under the person's tenant's data key
-- and found through `login_index`, its blind index under the *platform's*
-- index key: sign-in names are unique platform-wide and sign-in does not know
-- the tenant yet. The PHC password hash and the TOTP secret are sealed too
-- (bound to people/<column>/<id>). Counters and lockout times are plain
-- numbers; the role is plain (it is the tree's shape, not personal data).
CREATE TABLE people (
    id                  TEXT PRIMARY KEY NOT NULL,
    tenant_id           TEXT NOT NULL REFERENCES tenants (id),
    role                TEXT NOT NULL,
    login_index         BYTEA NOT NULL UNIQUE,
    login_sealed        BYTEA NOT NULL,
    password_sealed     BYTEA,
    totp_secret_sealed  BYTEA,
    totp_confirmed      INTEGER NOT NULL DEFAULT 0,
    totp_last_step      BIGINT,
    disabled            INTEGER NOT NULL DEFAULT 0,
    failed_count        INTEGER NOT NULL DEFAULT 0,
    last_failed_ms      BIGINT NOT NULL DEFAULT 0,
    locked_until_ms     BIGINT NOT NULL DEFAULT 0,
    created_ms          BIGINT NOT NULL,
    updated_ms          BIGINT NOT NULL
);

CREATE INDEX people_tenant ON people (tenant_id);

-- One-time recovery codes: HMAC-SHA-256 only (access::totp::recovery).
CREATE TABLE recovery_codes (
    person_id  TEXT NOT NULL REFERENCES people (id),
    code_hash  BYTEA NOT NULL,
    PRIMARY KEY (person_id, code_hash)
);

-- Failed sign-ins per source address, keyed by the address's blind index.
CREATE TABLE sign_in_sources (
    source_index     BYTEA PRIMARY KEY NOT NULL,
    failed_count     INTEGER NOT NULL,
    last_failed_ms   BIGINT NOT NULL,
    locked_until_ms  BIGINT NOT NULL
);

-- Just-in-time grants of platform_admin powers (issue 5 item 5).
CREATE TABLE jit_grants (
    id             TEXT PRIMARY KEY NOT NULL,
    issuer_id      TEXT NOT NULL REFERENCES people (id),
    grantee_id     TEXT NOT NULL REFERENCES people (id),
    scope_path     TEXT NOT NULL,
    permissions    TEXT NOT NULL,
    not_before_ms  BIGINT NOT NULL,
    expires_ms     BIGINT NOT NULL,
    revoked_ms     BIGINT,
    created_ms     BIGINT NOT NULL
);

CREATE INDEX jit_grants_grantee ON jit_grants (grantee_id);

-- Permission classes a customer delegated to its reseller (issue 5 item 4).
CREATE TABLE delegations (
    id           TEXT PRIMARY KEY NOT NULL,
    customer_id  TEXT NOT NULL REFERENCES tenants (id),
    class        TEXT NOT NULL,
    granted_by   TEXT NOT NULL REFERENCES people (id),
    granted_ms   BIGINT NOT NULL,
    revoked_ms   BIGINT
);

CREATE INDEX delegations_customer ON delegations (customer_id);
