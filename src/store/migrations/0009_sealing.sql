-- What the public log shows of a deliberation, and when (docs/rules.md,
-- "What the log shows, and when").
--
-- An agenda item's absence and recusal reasons: a sealed part of each of
-- its records ({"<person id>": {"absence_reason", "recusal_reason"}}),
-- kept apart from the roster, which is public at once. NULL for items
-- recorded before, whose reasons are in their roster.
ALTER TABLE agenda_items ADD COLUMN reasons TEXT;

-- A publication: sealed parts that a record's procedure publishes
-- together by one record (a meeting's when its minutes are finalised, a
-- matter's when it is decided alone): which record (its entity and id) and
-- when; each part published is a row of sealed_publications.
CREATE TABLE publications (
    id             INTEGER PRIMARY KEY,
    township_id    TEXT    REFERENCES townships (id),
    subject_entity TEXT    NOT NULL,
    subject_id     TEXT    NOT NULL,
    published      TEXT    NOT NULL
);
