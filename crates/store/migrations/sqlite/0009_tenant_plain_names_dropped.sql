-- Tenants' names are sealed (migration 0008; the store sealed every name
-- before this runs): the plaintext column goes.
ALTER TABLE tenants DROP COLUMN name;
