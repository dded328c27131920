-- The OpenID Connect provider (issue 5 item 3; crates/store/src/oidc/).
--
-- `oidc_clients`: relying parties. A confidential client's secret is kept
-- only as SHA-256 (access::oidc::secret); redirect URIs, one per line, are
-- matched exactly. Names and URIs are configuration, not personal data.
CREATE TABLE oidc_clients (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    secret_hash    BYTEA,
    redirect_uris  TEXT NOT NULL,
    created_ms     BIGINT NOT NULL
);

-- Authorization codes, keyed by their SHA-256 (never the code). A used
-- code keeps its row (`used_ms`) until every token it issued has expired,
-- so a second use is recognised and marks it `reused_ms`, which voids
-- those tokens (RFC 6749 §4.1.2).
CREATE TABLE oidc_codes (
    code_hash       BYTEA PRIMARY KEY NOT NULL,
    client_id       TEXT NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    person_id       TEXT NOT NULL REFERENCES people (id),
    redirect_uri    TEXT NOT NULL,
    code_challenge  TEXT NOT NULL,
    nonce           TEXT,
    scope           TEXT NOT NULL,
    auth_time_ms    BIGINT NOT NULL,
    strength        TEXT NOT NULL,
    expires_ms      BIGINT NOT NULL,
    used_ms         BIGINT,
    reused_ms       BIGINT
);

CREATE INDEX oidc_codes_expires ON oidc_codes (expires_ms);

-- Access tokens for userinfo, keyed by their SHA-256; valid while not
-- expired, not revoked, and their code not reused.
CREATE TABLE oidc_access_tokens (
    token_hash  BYTEA PRIMARY KEY NOT NULL,
    code_hash   BYTEA NOT NULL REFERENCES oidc_codes (code_hash) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id),
    scope       TEXT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    revoked_ms  BIGINT
);

CREATE INDEX oidc_access_tokens_code ON oidc_access_tokens (code_hash);

-- ID token signing keys (ES256): the PKCS #8 private key sealed under the
-- platform's data key (bound to oidc_signing_keys/private_key/<kid>), the
-- public point plain for the JWKS. One current key (retired_ms NULL); a
-- retired one stays published for a grace period, then is deleted.
CREATE TABLE oidc_signing_keys (
    kid             TEXT PRIMARY KEY NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES tenants (id),
    private_sealed  BYTEA NOT NULL,
    public_point    BYTEA NOT NULL,
    created_ms      BIGINT NOT NULL,
    retired_ms      BIGINT
);

CREATE UNIQUE INDEX oidc_signing_keys_one_current ON oidc_signing_keys (tenant_id) WHERE retired_ms IS NULL;
