-- People marked as officers of the carrier (issue 7 item 8; 47 CFR
-- 64.2009(e): "an officer, as an agent of the carrier, [must] sign" the
-- annual CPNI certification; crates/store/src/cpni/officers.rs). Only a
-- person listed here may sign it. The officer's name is sealed under the
-- platform's data key (cpni_officers/name/<person id>); the title is plain.
-- A later designation of the same person replaces the earlier one.
CREATE TABLE cpni_officers (
    person_id      TEXT PRIMARY KEY NOT NULL REFERENCES people (id),
    name_sealed    BLOB NOT NULL,
    title          TEXT NOT NULL,
    designated_ms  BIGINT NOT NULL,
    designated_by  TEXT NOT NULL
);
