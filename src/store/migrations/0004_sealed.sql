-- Schema version 4: sealed parts of events (docs/events.md, "Sealed parts").
-- Confidential content whose event carries only a salted digest of it:
-- operational, not a projection, readable only by the roles that may.
CREATE TABLE sealed_parts (
    seq     INTEGER PRIMARY KEY REFERENCES events (seq),
    salt    BLOB NOT NULL,
    content BLOB NOT NULL
);
CREATE TRIGGER sealed_parts_no_update BEFORE UPDATE ON sealed_parts
BEGIN
    SELECT RAISE(ABORT, 'sealed parts are append-only');
END;
CREATE TRIGGER sealed_parts_no_delete BEFORE DELETE ON sealed_parts
BEGIN
    SELECT RAISE(ABORT, 'sealed parts are append-only');
END;

-- Projection of "sealed_publication.created": which sealed parts have been
-- published (id is the sealed event's seq).
CREATE TABLE sealed_publications (
    id INTEGER PRIMARY KEY
);
