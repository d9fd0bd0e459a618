-- Schema version 12: signed-in sessions are kept in the server's memory
-- (src/areas/user/sessions.h), so that signing in and out never waits for
-- the database's write lock; their table goes.
DROP TABLE sessions;
