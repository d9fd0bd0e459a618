-- foreign_keys: off
-- Schema version 18: a rural township (乡) is a kind of its own, beside
-- the town (镇, "township") and the subdistrict (街道). SQLite changes a
-- CHECK constraint only by rebuilding the table: the new table, the rows
-- copied, the old dropped and the new renamed, with foreign keys off
-- (migrate.c); every reference to a township is checked before commit.
-- Rows keep the kind their record gave them.
CREATE TABLE townships_new (
    id      TEXT PRIMARY KEY,
    city_id TEXT NOT NULL REFERENCES cities (id),
    kind    TEXT NOT NULL CHECK (kind IN ('township', 'rural_township', 'subdistrict')),
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL
);
INSERT INTO townships_new (id, city_id, kind, name, name_en)
SELECT id, city_id, kind, name, name_en FROM townships;
DROP TABLE townships;
ALTER TABLE townships_new RENAME TO townships;
