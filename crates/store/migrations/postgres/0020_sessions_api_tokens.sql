-- PostgreSQL twin of migrations/sqlite/0020 (BYTEA for BLOB); see there.
-- Portal sessions and API tokens (issue 5 item 3; crates/store/src/accounts/
-- sessions.rs and api_tokens.rs).
--
-- `sessions`: one row per sign-in, shared by the portal and the API. Only
-- the SHA-256 of the random 256-bit token is kept, so a copy of the
-- database opens no session. A session ends when idle longer than
-- `idle_ms`, older than `absolute_ms`, or revoked (sign-out, sign-out
-- everywhere). `second_factor` says whether TOTP or a recovery code was
-- given; `csrf_secret` keys the session's form tokens.
CREATE TABLE sessions (
    token_hash     BYTEA PRIMARY KEY NOT NULL,
    id             TEXT NOT NULL UNIQUE,
    person_id      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_ms     BIGINT NOT NULL,
    last_seen_ms   BIGINT NOT NULL,
    idle_ms        BIGINT NOT NULL,
    absolute_ms    BIGINT NOT NULL,
    second_factor  INTEGER NOT NULL DEFAULT 0,
    csrf_secret    BYTEA NOT NULL,
    revoked_ms     BIGINT
);

CREATE INDEX sessions_person ON sessions (person_id);

-- `api_tokens`: bearer tokens `cvt_…` for /api, kept as SHA-256 only, with
-- their scopes (permission names, space-separated), expiry and revocation.
-- `name` is the owner's label for the token.
CREATE TABLE api_tokens (
    id            TEXT PRIMARY KEY NOT NULL,
    token_hash    BYTEA NOT NULL UNIQUE,
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    created_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    last_used_ms  BIGINT,
    revoked_ms    BIGINT
);

CREATE INDEX api_tokens_person ON api_tokens (person_id);
