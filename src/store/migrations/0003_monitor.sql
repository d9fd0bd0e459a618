-- Schema version 3: the city discipline commission's monitor and witness
-- (docs/monitor.md), and the cosignatures a township node receives from its
-- witnesses. All operational: none of these rows is an event.

-- Monitor: the township nodes followed (one row per log origin), with the
-- latest checkpoint verified for each and what went wrong last.
CREATE TABLE followed_nodes (
    origin        TEXT    PRIMARY KEY,          -- the log's origin (= its key name)
    url           TEXT    NOT NULL,             -- the node's base URL
    verifier_key  TEXT    NOT NULL,             -- C2SP signed-note verifier key
    active        INTEGER NOT NULL DEFAULT 1,   -- 1 when followed by the running monitor
    status        TEXT    NOT NULL DEFAULT 'syncing',
    size          INTEGER NOT NULL DEFAULT 0,   -- verified tree size
    root          TEXT,                         -- its root hash, base64
    checkpoint    TEXT,                         -- the verified signed checkpoint
    mirrored      INTEGER NOT NULL DEFAULT 0,   -- entries mirrored (>= size)
    verified_ms   INTEGER,                      -- when it was verified
    lag_ms        INTEGER,                      -- arrival to verification, latest
    last_seen_ms  INTEGER,                      -- the node's last answer
    last_error    TEXT,
    last_error_ms INTEGER
);

-- Monitor: the entries mirrored from each followed log, each checked
-- against its leaf hash in the log's level-0 tile.
CREATE TABLE mirrored_entries (
    origin      TEXT    NOT NULL REFERENCES followed_nodes (origin),
    idx         INTEGER NOT NULL,
    leaf_hash   BLOB    NOT NULL,
    body        BLOB    NOT NULL,
    mirrored_ms INTEGER NOT NULL,
    PRIMARY KEY (origin, idx)
);

-- Monitor: the stored hashes of each mirrored tree, numbered as the node's
-- own tlog_hashes (docs/log.md, "Stored hashes"), so that roots and proofs
-- of any mirrored size can be computed.
CREATE TABLE mirrored_hashes (
    origin TEXT    NOT NULL REFERENCES followed_nodes (origin),
    idx    INTEGER NOT NULL,
    hash   BLOB    NOT NULL,
    PRIMARY KEY (origin, idx)
);

-- Monitor: every checkpoint verified, with when it arrived and when its
-- verification finished (the lag).
CREATE TABLE verified_checkpoints (
    id          INTEGER PRIMARY KEY,
    origin      TEXT    NOT NULL REFERENCES followed_nodes (origin),
    size        INTEGER NOT NULL,
    root        TEXT    NOT NULL,
    checkpoint  TEXT    NOT NULL,
    arrived_ms  INTEGER NOT NULL,
    verified_ms INTEGER NOT NULL
);
CREATE INDEX verified_checkpoints_origin ON verified_checkpoints (origin, id);

-- Monitor: alerts. kind: fork, rollback, bad_signature, unreachable,
-- bad_entry, bad_tile. cleared_ms is set when the condition ends
-- (an unreachable node answering again).
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    origin     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    time_ms    INTEGER NOT NULL,
    detail     TEXT    NOT NULL,
    cleared_ms INTEGER
);
CREATE INDEX alerts_origin ON alerts (origin, id);

-- Witness (C2SP tlog-witness): the latest checkpoint cosigned per log.
CREATE TABLE witnessed_checkpoints (
    origin      TEXT    PRIMARY KEY,
    size        INTEGER NOT NULL,
    root        TEXT    NOT NULL,
    checkpoint  TEXT    NOT NULL,   -- the checkpoint body cosigned
    cosignature TEXT    NOT NULL,   -- the cosignature line returned
    cosigned_ms INTEGER NOT NULL
);

-- Township node: the latest cosignature line from each witness, and the
-- checkpoint (size and root) it covers.
CREATE TABLE witness_cosignatures (
    witness     TEXT    PRIMARY KEY, -- the witness's key name
    size        INTEGER NOT NULL,
    root        TEXT    NOT NULL,
    cosignature TEXT    NOT NULL,    -- the signature line(s), each ending in a newline
    received_ms INTEGER NOT NULL
);
