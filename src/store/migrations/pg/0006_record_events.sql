-- Schema version 6 on PostgreSQL (see ../0006_record_events.sql): the
-- table, and the events of a database made before it, read with jsonb.
CREATE TABLE record_events (
    entity TEXT   NOT NULL,
    id     TEXT   NOT NULL,
    seq    BIGINT NOT NULL,
    action TEXT   NOT NULL,
    PRIMARY KEY (entity, id, seq)
);

INSERT INTO record_events (entity, id, seq, action)
SELECT split_part(type, '.', 1),
       convert_from(body, 'UTF8')::jsonb #>> '{payload,id}',
       seq,
       substr(type, strpos(type, '.') + 1)
FROM events
WHERE strpos(type, '.') > 0
  AND convert_from(body, 'UTF8')::jsonb #> '{payload,id}' IS NOT NULL;
