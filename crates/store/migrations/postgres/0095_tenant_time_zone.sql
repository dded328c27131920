-- A tenant's time zone (IANA name, e.g. America/New_York), for the days of
-- the portal's charts and the times of its call history (issue 6 item 2;
-- crates/store/src/tenant_zone.rs). NULL means UTC.
ALTER TABLE tenants ADD COLUMN time_zone TEXT;
