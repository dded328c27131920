-- Individual CPNI notices given to customers (47 CFR 64.2008(d), (e);
-- issue 7 item 2; crates/store/src/cpni/notices.rs): each recorded with its
-- channel (e-mail or mail), the template version and a SHA-256 of the text
-- sent. An e-mail notice is one outbox message per customer administrator
-- with an e-mail address of record (cpni_notice_messages); its day is the
-- first delivery, and it counts as returned when every message failed or a
-- returned mail was recorded (bounced_on). A mailed notice has its mailing
-- day. Customers' prior approval of notices by e-mail (64.2008(d)(3)(i)),
-- its evidence sealed under the customer's data key.
CREATE TABLE cpni_notices (
    id           TEXT PRIMARY KEY NOT NULL,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    channel      TEXT NOT NULL,
    version      TEXT NOT NULL,
    text_sha256  TEXT NOT NULL,
    mailed_on    TEXT,
    bounced_on   TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_ms  INTEGER NOT NULL,
    UNIQUE (tenant_id, seq)
);

CREATE TABLE cpni_notice_messages (
    notice_id    TEXT NOT NULL REFERENCES cpni_notices (id),
    message_id   TEXT NOT NULL,
    PRIMARY KEY (notice_id, message_id)
);

CREATE TABLE cpni_email_notice_approvals (
    tenant_id        TEXT PRIMARY KEY NOT NULL REFERENCES tenants (id),
    evidence_sealed  BLOB NOT NULL,
    recorded_by      TEXT NOT NULL,
    recorded_ms      INTEGER NOT NULL
);
