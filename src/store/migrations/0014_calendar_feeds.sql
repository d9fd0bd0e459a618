-- Schema version 14: each user's private calendar feed of their meetings
-- (iCalendar, docs/decisions.md "The workbench"). Operational: the
-- feed's secret, kept as its SHA-256 digest; one feed per user, made
-- again to change its address.
CREATE TABLE calendar_feeds (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    token_hash BLOB    NOT NULL UNIQUE,
    created    TEXT    NOT NULL
);
