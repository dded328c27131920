-- The tamper-evident audit log (issue 3 item 2; gate decisions and CPNI
-- access records, 47 CFR 64.2009(a), (c) and 64.2010(a)). Each record is
-- hash-chained to the one before it; signed checkpoints pin (seq, hash) so
-- that truncating the tail is detectable.
-- Times are Unix milliseconds; hashes are raw SHA-256 (32 bytes).

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY NOT NULL,
    at_ms      INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
    source     TEXT NOT NULL,
    prev_hash  BLOB NOT NULL CHECK (length(prev_hash) = 32),
    hash       BLOB NOT NULL CHECK (length(hash) = 32)
);

-- One row: the chain's tail. Appenders start their transaction by updating
-- it, which takes SQLite's write lock before they read the previous hash, so
-- two appenders can never chain onto the same record. Verification never
-- trusts this row.
CREATE TABLE audit_tail (
    id                INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq               INTEGER NOT NULL,
    hash              BLOB NOT NULL CHECK (length(hash) = 32),
    checkpoint_every  INTEGER NOT NULL CHECK (checkpoint_every > 0)
);

INSERT INTO audit_tail (id, seq, hash, checkpoint_every) VALUES (1, 0, zeroblob(32), 1000);

CREATE TABLE audit_checkpoints (
    seq        INTEGER PRIMARY KEY NOT NULL,
    hash       BLOB NOT NULL CHECK (length(hash) = 32),
    at_ms      INTEGER NOT NULL,
    signature  BLOB NOT NULL
);

-- A first line of defence only: whoever holds the file can drop these.
-- Verification is the guarantee.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;

CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
