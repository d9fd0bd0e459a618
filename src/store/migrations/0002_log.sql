-- Schema version 2: the Merkle log's signed checkpoint (docs/log.md). The
-- log's stored hashes live in events.tlog, one row per leaf.

-- The latest signed checkpoint (C2SP tlog-checkpoint as a signed note),
-- written in the same transaction as the events it covers.
CREATE TABLE checkpoint (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    note TEXT    NOT NULL
);
