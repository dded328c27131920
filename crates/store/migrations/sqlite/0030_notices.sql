-- Addresses of record, back-up authentication and the durable outbox of
-- change notices (47 CFR 64.2010(e), (f); issue 5 item 6;
-- crates/store/src/accounts/of_record.rs, backup_auth.rs, src/outbox/).
--
-- `people` gains the e-mail address and telephone number of record (sealed
-- like the sign-in name, bound to people/<column>/<id>) with the time each
-- became the one of record; the back-up questions with their Argon2id
-- answer hashes (one sealed document); the failed back-up attempts; the
-- flag that only an administrator's reset clears; and the time the
-- account's set-up at service initiation ended (before it, no notices).
ALTER TABLE people ADD COLUMN email_of_record_sealed BLOB;
ALTER TABLE people ADD COLUMN email_of_record_ms BIGINT;
ALTER TABLE people ADD COLUMN phone_of_record_sealed BLOB;
ALTER TABLE people ADD COLUMN phone_of_record_ms BIGINT;
ALTER TABLE people ADD COLUMN backup_sealed BLOB;
ALTER TABLE people ADD COLUMN backup_failed_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN must_set_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN in_service_ms BIGINT;

-- Messages waiting to go out (at-least-once): recipient and body sealed
-- under the tenant's data key (bound to outbox/<column>/<id>). A message is
-- due when `next_attempt_ms` has passed; a sender claims it by moving
-- `next_attempt_ms` forward (a lease), and marks it delivered, or failed on
-- a permanent refusal. `last_error` holds a reason without any address.
CREATE TABLE outbox (
    id                TEXT PRIMARY KEY NOT NULL,
    tenant_id         TEXT NOT NULL,
    person_id         TEXT,
    channel           TEXT NOT NULL,
    template          TEXT NOT NULL,
    recipient_sealed  BLOB NOT NULL,
    body_sealed       BLOB NOT NULL,
    created_ms        BIGINT NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms   BIGINT NOT NULL,
    last_error        TEXT,
    delivered_ms      BIGINT,
    failed_ms         BIGINT
);

CREATE INDEX outbox_due ON outbox (channel, next_attempt_ms) WHERE delivered_ms IS NULL AND failed_ms IS NULL;
CREATE INDEX outbox_tenant ON outbox (tenant_id);
