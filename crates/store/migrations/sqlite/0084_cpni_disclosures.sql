-- Customer-initiated disclosure of call detail (issue 7 item 4; 47 CFR
-- 64.2010(b)-(d), (g); 47 U.S.C. 222(c)(2); crates/store/src/cpni/disclosures.rs).
--
-- `cpni_disclosure_passwords`: a customer's pre-established password for
-- calls and online access (64.2010(b), (c)), as an Argon2id PHC hash
-- sealed under the customer's data key (cpni_disclosure_passwords/hash/<tenant id>);
-- a new password replaces the old.
-- `cpni_business_accounts`: the 64.2010(g) attributes — the dedicated
-- account representative and the contract clause addressing CPNI; the
-- exemption applies only with both.
-- `cpni_disclosures`: one row per request (the caller's claimed customer
-- and what is asked sealed under the customer's key, bound to
-- cpni_disclosures/<column>/<id>); `cpni_disclosure_steps`: its steps
-- (password, photo ID, each disclosure with its verification or refusal),
-- append-only. Times are Unix milliseconds.
CREATE TABLE cpni_disclosure_passwords (
    tenant_id    TEXT PRIMARY KEY NOT NULL,
    hash_sealed  BLOB NOT NULL,
    set_ms       BIGINT NOT NULL,
    set_by       TEXT NOT NULL
);

CREATE TABLE cpni_business_accounts (
    tenant_id             TEXT PRIMARY KEY NOT NULL,
    account_rep           TEXT,
    cpni_contract_clause  TEXT,
    set_ms                BIGINT NOT NULL,
    set_by                TEXT NOT NULL
);

CREATE TABLE cpni_disclosures (
    id              TEXT PRIMARY KEY NOT NULL,
    tenant_id       TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('phone', 'online', 'in_store')),
    claimed_sealed  BLOB NOT NULL,
    asked_sealed    BLOB NOT NULL,
    opened_ms       BIGINT NOT NULL,
    opened_by       TEXT NOT NULL
);

CREATE INDEX cpni_disclosures_by_tenant ON cpni_disclosures (tenant_id, opened_ms);

CREATE TABLE cpni_disclosure_steps (
    disclosure_id  TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    step           TEXT NOT NULL CHECK (step IN ('password', 'photo_id', 'disclose')),
    delivery       TEXT,
    allowed        INTEGER NOT NULL,
    code           TEXT NOT NULL,
    note_sealed    BLOB,
    recorded_ms    BIGINT NOT NULL,
    recorded_by    TEXT NOT NULL,
    PRIMARY KEY (disclosure_id, seq)
);

CREATE TRIGGER cpni_disclosures_no_update BEFORE UPDATE ON cpni_disclosures
BEGIN
    SELECT RAISE(ABORT, 'cpni_disclosures is append-only');
END;

CREATE TRIGGER cpni_disclosure_steps_no_update BEFORE UPDATE ON cpni_disclosure_steps
BEGIN
    SELECT RAISE(ABORT, 'cpni_disclosure_steps is append-only');
END;
