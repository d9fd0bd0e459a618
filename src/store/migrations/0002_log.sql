-- Schema version 2: the Merkle log's signed checkpoint and upper hashes
-- (docs/log.md). The log's stored hashes live in events.tlog, one row per
-- leaf; those of subtrees of 256 leaves and more are also kept here, in a
-- table small enough to stay in memory, since every proof reads them.
CREATE TABLE tlog_upper (
    idx  INTEGER PRIMARY KEY,
    hash BLOB NOT NULL
);
CREATE TRIGGER tlog_upper_no_update BEFORE UPDATE ON tlog_upper
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER tlog_upper_no_delete BEFORE DELETE ON tlog_upper
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
