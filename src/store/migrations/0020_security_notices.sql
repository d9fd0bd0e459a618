-- Schema version 20: notices to a user about their own account's security
-- (ASVS 4.0.3 2.8.5), shown to them when they next open the workbench
-- until they say they have seen them. Operational, like the credentials:
-- not a record. The one kind so far: a one-time code already used was
-- given after the right password ('code_replayed'), from address.
CREATE TABLE security_notices (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT    NOT NULL CHECK (kind IN ('code_replayed')),
    at      TEXT    NOT NULL,
    address TEXT    NOT NULL,
    seen    TEXT
);
CREATE INDEX security_notices_user ON security_notices (user_id, id);
