-- Schema version 10: the sealed parts of the followed logs, as the
-- commission's monitor learns them (docs/monitor.md, "Sealed parts").
-- Operational, like the rest of the monitor's tables.

-- One row per mirrored entry whose record carries a sealed digest. state:
--   pending    the monitor has not read it yet
--   read       read from the node with the monitor's token; it matches
--   published  the log itself published it (a publication record); it matches
--   refused    the node does not let the monitor's token read it
--   bad        the node served, or published, a part that does not match
-- salt and content are kept once read or published (the content as its
-- canonical JSON text).
CREATE TABLE mirrored_sealed_parts (
    origin        TEXT    NOT NULL REFERENCES followed_nodes (origin),
    idx           INTEGER NOT NULL,
    digest        TEXT    NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending',
    salt          TEXT,
    content       TEXT,
    published_idx INTEGER,           -- the publication's entry, when published
    checked_ms    INTEGER,           -- when the state was last decided
    detail        TEXT,              -- why refused or bad
    PRIMARY KEY (origin, idx)
);
CREATE INDEX mirrored_sealed_parts_state ON mirrored_sealed_parts (origin, state, idx);

-- Whether the running monitor holds a token to read the node's sealed
-- parts, and the last failure to read them (a refused token, a node
-- that does not answer), kept after recovery like last_error.
ALTER TABLE followed_nodes ADD COLUMN sealed_token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE followed_nodes ADD COLUMN sealed_error TEXT;
ALTER TABLE followed_nodes ADD COLUMN sealed_error_ms INTEGER;
