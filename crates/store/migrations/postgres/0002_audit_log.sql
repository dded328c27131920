-- PostgreSQL twin of migrations/sqlite/0002: the tamper-evident audit log
-- (issue 3 item 2; 47 CFR 64.2009(a), (c) and 64.2010(a)). Times are Unix
-- milliseconds; hashes are raw SHA-256 (32 bytes).

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY NOT NULL,
    at_ms      BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
    source     TEXT NOT NULL,
    prev_hash  BYTEA NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash       BYTEA NOT NULL CHECK (octet_length(hash) = 32)
);

-- One row: the chain's tail. Appenders start their transaction by updating
-- it, which takes the row's lock (held to commit) before they read the
-- previous hash, so two appenders can never chain onto the same record.
-- Verification never trusts this row.
CREATE TABLE audit_tail (
    id                BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    seq               BIGINT NOT NULL,
    hash              BYTEA NOT NULL CHECK (octet_length(hash) = 32),
    checkpoint_every  BIGINT NOT NULL CHECK (checkpoint_every > 0)
);

INSERT INTO audit_tail (id, seq, hash, checkpoint_every) VALUES (1, 0, decode(repeat('00', 32), 'hex'), 1000);

CREATE TABLE audit_checkpoints (
    seq        BIGINT PRIMARY KEY NOT NULL,
    hash       BYTEA NOT NULL CHECK (octet_length(hash) = 32),
    at_ms      BIGINT NOT NULL,
    signature  BYTEA NOT NULL
);

-- A first line of defence only: whoever owns the tables can drop these.
-- Verification is the guarantee.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
