-- Schema version 18 on PostgreSQL (see ../0018_rural_townships.sql): a
-- rural township (乡) is a kind of its own; PostgreSQL changes the CHECK
-- constraint in place.
ALTER TABLE townships DROP CONSTRAINT townships_kind_check;
ALTER TABLE townships ADD CONSTRAINT townships_kind_check
    CHECK (kind IN ('township', 'rural_township', 'subdistrict'));
