-- Schema version 2: the Merkle log of the events (docs/log.md).

-- Every stored hash of the tree, numbered as tlog_stored_index(level, n):
-- leaf hashes and the hashes of complete subtrees, in append order. Tiles
-- are read from here; append-only like the events.
CREATE TABLE tlog_hashes (
    idx  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);
CREATE TRIGGER tlog_hashes_no_update BEFORE UPDATE ON tlog_hashes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER tlog_hashes_no_delete BEFORE DELETE ON tlog_hashes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;

-- The latest signed checkpoint (C2SP tlog-checkpoint as a signed note),
-- written in the same transaction as the events it covers.
CREATE TABLE checkpoint (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    note TEXT    NOT NULL
);
