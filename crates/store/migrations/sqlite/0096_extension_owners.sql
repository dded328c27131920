-- The person an extension belongs to (issue 5 item 4: an end user sees only
-- their own calls, the calls to and from their extensions;
-- crates/store/src/extension_owners.rs). At most one per extension; the link
-- goes with the extension or the person.
CREATE TABLE extension_owners (
    extension_id  TEXT PRIMARY KEY NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE
);

CREATE INDEX extension_owners_person ON extension_owners (person_id);
