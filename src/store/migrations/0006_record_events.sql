-- Which log entries (events, by seq) created, updated or deleted each row
-- of a query table: the entity's name, the row's id as text and the
-- event's action. Maintained by the projection with every entity event
-- (domain/project.c), so that an API view can name the log index of the
-- record behind what it shows (an amendment, an item's result); compared
-- by `probity rebuild` and `verify` like every query table.
CREATE TABLE record_events (
    entity TEXT    NOT NULL,
    id     TEXT    NOT NULL,
    seq    INTEGER NOT NULL,
    action TEXT    NOT NULL,
    PRIMARY KEY (entity, id, seq)
);

-- A data folder made before this table: its events, once.
INSERT INTO record_events (entity, id, seq, action)
SELECT substr(type, 1, instr(type, '.') - 1),
       CAST(json_extract(CAST(body AS TEXT), '$.payload.id') AS TEXT),
       seq,
       substr(type, instr(type, '.') + 1)
FROM events
WHERE instr(type, '.') > 0
  AND json_extract(CAST(body AS TEXT), '$.payload.id') IS NOT NULL;
