-- The marketing campaign register (issue 7 item 3; 47 CFR 64.2009(c), (d);
-- crates/store/src/cpni/campaigns.rs): description, the specific CPNI used,
-- products and services offered, the approval scope, the requester and the
-- supervisor who approved it (set once). Kept at least one year.
CREATE TABLE cpni_campaigns (
    id               TEXT PRIMARY KEY NOT NULL,
    owner_tenant_id  TEXT NOT NULL,
    owner_path       TEXT NOT NULL,
    description      TEXT NOT NULL,
    cpni_used        TEXT NOT NULL,
    offered          TEXT NOT NULL,
    scope            TEXT NOT NULL,
    requested_by     TEXT NOT NULL,
    requested_ms     BIGINT NOT NULL,
    approved_by      TEXT,
    approved_ms      BIGINT
);
