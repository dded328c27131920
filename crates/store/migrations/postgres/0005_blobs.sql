-- The blob store (issue 3 item 1): voicemail and call recordings live as
-- files `<data dir>/blobs/<tenant_id>/<id>`, each sealed with streaming
-- AES-256-GCM under the tenant's data key of `key_version` (see
-- crates/store/src/blobs/stream.rs). A row is inserted only after its file
-- is durably in place, so no row points at a missing or partial file.
-- `length` is the plaintext length; `sealed_sha256` the SHA-256 of the file
-- as written, checkable without a key. `owner` is the extension or mailbox.

CREATE TABLE blobs (
    id             TEXT PRIMARY KEY NOT NULL,
    tenant_id      TEXT NOT NULL REFERENCES tenants (id),
    kind           TEXT NOT NULL CHECK (kind IN ('voicemail', 'recording')),
    owner          TEXT,
    created_ms     BIGINT NOT NULL,
    length         BIGINT NOT NULL CHECK (length >= 0),
    key_version    INTEGER NOT NULL CHECK (key_version >= 1),
    sealed_sha256  BYTEA NOT NULL
);

CREATE INDEX blobs_tenant_kind ON blobs (tenant_id, kind, created_ms);
