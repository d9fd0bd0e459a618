-- Schema version 13 on PostgreSQL (see ../0013_accounts.sql, which says
-- what each column is for): the same columns; the tokens made before this
-- version keep full access for 90 days from now, counted with now().
ALTER TABLE users ADD COLUMN disabled TEXT;
ALTER TABLE users ADD COLUMN disabled_reason TEXT;
ALTER TABLE users ADD COLUMN password_changed TEXT;
ALTER TABLE users ADD COLUMN sessions_ended TEXT;
ALTER TABLE credentials ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN access TEXT NOT NULL DEFAULT 'write'
    CHECK (access IN ('read', 'write'));
ALTER TABLE api_tokens ADD COLUMN township_id TEXT REFERENCES townships (id);
ALTER TABLE api_tokens ADD COLUMN area TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_ms BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens
   SET expires_ms = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) + 90 * CAST(86400000 AS BIGINT);
