-- Schema version 11: failed sign-ins are counted in the server's memory
-- (src/areas/user/throttle.h), by login and address, so that signing in
-- never waits for the database's write lock; their table goes.
DROP TABLE login_failures;
