-- Breach incidents (issue 7 item 5; 47 CFR 64.2011, R24, R25;
-- crates/store/src/cpni/breaches.rs). One row per incident, then its dated
-- events (law enforcement notified, urgent notice, agency consultation,
-- agency delay, FCC notified, customers notified), both append-only: the
-- deadlines are computed from them by compliance::clocks::breach, never
-- stored. Free text (the description of the CPNI, the circumstances, each
-- event's note) is sealed under the platform's data key, bound to
-- <table>/<column>/<id>. Dates are ISO 8601 (America/New_York); times Unix
-- milliseconds. Kept at least 2 years (64.2011(d)); the retention job
-- (retention/compliance_records.rs) deletes the events and the incident together.
CREATE TABLE cpni_breaches (
    id                    TEXT PRIMARY KEY NOT NULL,
    discovered_on         TEXT NOT NULL,
    determined_on         TEXT NOT NULL,
    rule                  TEXT NOT NULL CHECK (rule IN ('2007', '2024')),
    customers             BIGINT,
    description_sealed    BLOB NOT NULL,
    circumstances_sealed  BLOB NOT NULL,
    opened_ms             BIGINT NOT NULL,
    opened_by             TEXT NOT NULL
);

CREATE TABLE cpni_breach_events (
    breach_id    TEXT NOT NULL REFERENCES cpni_breaches (id),
    seq          BIGINT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('le-notified', 'urgent-notice', 'agency-consulted', 'agency-delay',
                                               'fcc-notified', 'customers-notified')),
    on_date      TEXT NOT NULL,
    days         BIGINT,
    note_sealed  BLOB NOT NULL,
    recorded_ms  BIGINT NOT NULL,
    recorded_by  TEXT NOT NULL,
    PRIMARY KEY (breach_id, seq)
);

CREATE TRIGGER cpni_breaches_no_update BEFORE UPDATE ON cpni_breaches
BEGIN
    SELECT RAISE(ABORT, 'cpni_breaches is append-only');
END;

CREATE TRIGGER cpni_breach_events_no_update BEFORE UPDATE ON cpni_breach_events
BEGIN
    SELECT RAISE(ABORT, 'cpni_breach_events is append-only');
END;
