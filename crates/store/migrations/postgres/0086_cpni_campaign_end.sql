-- When a marketing campaign ended (issue 7 item 7; 47 CFR 64.2009(c), (d);
-- crates/store/src/cpni/campaigns.rs): set once by `Store::end_campaign`.
-- The retention job (retention/compliance_records.rs) keeps a campaign
-- with its supervisory approval while it runs and one year after it ended
-- (compliance::records::kept::campaign_keep_until).
ALTER TABLE cpni_campaigns ADD COLUMN ended_ms BIGINT;
