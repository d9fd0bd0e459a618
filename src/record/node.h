/*
 * A node's data folder: the Ed25519 signing key (node.key, mode 0600),
 * the file store (files/), and the database: a SQLite file (probity.db),
 * or a PostgreSQL database whose connection URI the folder keeps in
 * "database" (mode 0600). Created together by `probity init`. The log's
 * origin is kept in the database's node table.
 */
#ifndef PROBITY_NODE_H
#define PROBITY_NODE_H

#include "log/key.h"
#include "store/store.h"

#define NODE_DB_FILE  "probity.db"
#define NODE_DB_URI   "database"
#define NODE_KEY_FILE "node.key"
#define NODE_PATH_MAX 4096

/*
 * Creates dir (which must not exist, or be an empty folder) with a new
 * database and signing key for origin: the database is db, a PostgreSQL
 * URI (it must hold no tables yet), or when db is NULL a SQLite file in
 * dir. Refuses to overwrite anything: ERR_EXISTS when dir holds a
 * database or key already; ERR_INVALID for a bad origin; ERR_IO for file
 * system failures.
 */
MUST_CHECK enum err_code
node_init(const char *dir, const char *origin, const char *db, struct err *err);
/* True when dir is a data folder (it has a database). */
bool node_exists(const char *dir);
/* Opens dir's database with n_conns connections and attaches its Merkle
 * log (tlog_db_attach, with the key in dir): every write transaction then
 * signs a checkpoint before it commits. Then runs each area's open step
 * (record/area.h). ERR_NOT_FOUND when dir is not a data folder. Free with
 * store_close. */
MUST_CHECK enum err_code
node_open(const char *dir, int n_conns, struct store **out, struct err *err);
/* Opens dir's database as it is, without attaching the log (nothing is
 * appended or signed on opening): for checking a record. */
MUST_CHECK enum err_code node_open_as_is(const char *dir, struct store **out, struct err *err);
/* As node_open_as_is, read-only and never migrated (read-only media, a
 * copy under seal): ERR_UNAVAILABLE for a database of an older schema. */
MUST_CHECK enum err_code node_open_read_only(const char *dir, struct store **out, struct err *err);
/* True when dir and its database may be written by this process. */
bool node_writable(const char *dir);
/* Reads dir's signing key. */
MUST_CHECK enum err_code node_key(const char *dir, struct tlog_key *key, struct err *err);
/* Writes "dir/name" into out; ERR_INVALID when it does not fit. */
MUST_CHECK enum err_code
node_path(const char *dir, const char *name, char out[NODE_PATH_MAX], struct err *err);

#endif
