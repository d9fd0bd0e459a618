-- Schema version 1: the event record, the organisation model's query
-- tables, users, and operational authentication state.
-- The events table is the record of truth; every other table below except
-- those marked "operational" is a projection of it (see docs/events.md).

CREATE TABLE node (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per event, append-only. seq is 0-based and is the event's index
-- in the Merkle log; body holds the record's canonical JSON bytes (the
-- leaf), from which the columns time..type are derived. tlog holds the
-- Merkle log's stored hashes that this leaf adds: its leaf hash, then the
-- hash of each subtree it completes, lowest level first (docs/log.md), so
-- appending an event to the log is writing this one row.
CREATE TABLE events (
    seq      INTEGER PRIMARY KEY,
    time     TEXT    NOT NULL,
    time_ms  INTEGER NOT NULL,
    township TEXT,
    actor    TEXT    NOT NULL,
    type     TEXT    NOT NULL,
    body     BLOB    NOT NULL,
    tlog     BLOB    NOT NULL
);
CREATE INDEX events_township ON events (township, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

-- Projection: the highest id each entity has allocated, so that an id is
-- never given out twice, even after the newest row is deleted.
CREATE TABLE id_counters (
    entity TEXT PRIMARY KEY,
    last   INTEGER NOT NULL
);

CREATE TABLE cities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE townships (
    id      TEXT PRIMARY KEY,
    city_id TEXT NOT NULL REFERENCES cities (id),
    kind    TEXT NOT NULL CHECK (kind IN ('township', 'subdistrict')),
    name    TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE villages (
    id          INTEGER PRIMARY KEY,
    township_id TEXT NOT NULL REFERENCES townships (id),
    kind        TEXT NOT NULL CHECK (kind IN ('village', 'community')),
    name        TEXT NOT NULL,
    name_en     TEXT
);
CREATE INDEX villages_township ON villages (township_id);

-- Bodies (committee, government, congress, discipline) and departments
-- (bureau, office, centre) are Popolo organizations told apart by class.
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    township_id TEXT NOT NULL REFERENCES townships (id),
    class       TEXT NOT NULL CHECK (class IN ('committee', 'government', 'congress',
                    'discipline', 'bureau', 'office', 'centre')),
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL
);
CREATE INDEX organizations_township ON organizations (township_id, class);

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    township_id TEXT NOT NULL REFERENCES townships (id),
    name        TEXT NOT NULL,
    name_en     TEXT,
    gender      TEXT CHECK (gender IN ('female', 'male'))
);
CREATE INDEX people_township ON people (township_id);

CREATE TABLE posts (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    role            TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    label_en        TEXT    NOT NULL,
    seats           INTEGER NOT NULL CHECK (seats >= 1)
);
CREATE INDEX posts_organization ON posts (organization_id);

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    post_id    INTEGER NOT NULL REFERENCES posts (id),
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX memberships_post ON memberships (post_id);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE portfolios (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES people (id),
    department_id INTEGER REFERENCES organizations (id),
    area          TEXT    NOT NULL,
    area_en       TEXT    NOT NULL,
    start_date    TEXT    NOT NULL,
    end_date      TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX portfolios_person ON portfolios (person_id);

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    login       TEXT    NOT NULL UNIQUE,
    role        TEXT    NOT NULL,
    township_id TEXT REFERENCES townships (id),
    person_id   INTEGER REFERENCES people (id),
    created     TEXT    NOT NULL
);

-- Operational: password hashes (Argon2id). Not an event: secrets never
-- enter the record.
CREATE TABLE credentials (
    user_id       INTEGER PRIMARY KEY REFERENCES users (id),
    password_hash TEXT NOT NULL
);

-- Operational: login sessions, by SHA-256 of the cookie's token.
CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf       TEXT    NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);

-- Operational: bearer tokens for machine clients, by SHA-256 of the token.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    label      TEXT    NOT NULL,
    token_hash BLOB    NOT NULL UNIQUE,
    created    TEXT    NOT NULL
);

-- Operational: failed logins, for throttling.
CREATE TABLE login_failures (
    login   TEXT    NOT NULL,
    address TEXT    NOT NULL,
    time_ms INTEGER NOT NULL
);
CREATE INDEX login_failures_login ON login_failures (login, time_ms);
CREATE INDEX login_failures_address ON login_failures (address, time_ms);
