-- Schema version 16: two-factor sign-in with time-based one-time codes
-- (RFC 6238; docs/security.md, "Two-factor sign-in"), optional per user.
--
-- The user's row says whether it is being set up ('pending': a secret was
-- made and awaits its first code) or on ('on'; NULL: off), and when it
-- last changed; each change is a "user.updated" record. Both columns are
-- NULL for the users recorded before, as replaying their records gives.
ALTER TABLE users ADD COLUMN totp TEXT CHECK (totp IN ('pending', 'on'));
ALTER TABLE users ADD COLUMN totp_changed TEXT;

-- Operational, like the password's hash: the shared secret (20 random
-- bytes; NULL while two-factor sign-in is off) and the last time step
-- whose code was accepted, so that no code is accepted twice.
ALTER TABLE credentials ADD COLUMN totp_secret BLOB;
ALTER TABLE credentials ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
