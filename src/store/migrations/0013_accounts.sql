-- Schema version 13: the account lifecycle (docs/security.md, "Accounts").
--
-- A user may be disabled (when, and why; NULL while the user may sign
-- in), and the row says when the password was last set and when all of
-- the user's sessions and tokens were last ended; each change is a
-- "user.updated" record. Every column is NULL for the users recorded
-- before, as replaying their records gives.
ALTER TABLE users ADD COLUMN disabled TEXT;
ALTER TABLE users ADD COLUMN disabled_reason TEXT;
ALTER TABLE users ADD COLUMN password_changed TEXT;
ALTER TABLE users ADD COLUMN sessions_ended TEXT;

-- Operational: a session opened at one epoch of its user's credentials
-- ends when the epoch moves on (a new password, the user disabled, their
-- sessions ended), whichever process moved it.
ALTER TABLE credentials ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

-- Operational: what a bearer token may do. access 'read' answers reads
-- only; township_id and area, when set, limit it to that township and to
-- that area's routes; it ends at expires_ms. Tokens made before this
-- version keep full access for 90 days from now.
ALTER TABLE api_tokens ADD COLUMN access TEXT NOT NULL DEFAULT 'write'
    CHECK (access IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN township_id TEXT REFERENCES townships (id);
ALTER TABLE api_tokens ADD COLUMN area TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_ms INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens
   SET expires_ms = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) + 90 * 86400000;
