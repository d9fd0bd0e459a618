/*
 * A large table read in key order, a chunk at a time (keyset pagination):
 * each chunk is one bounded query, so that no backend ever holds the whole
 * table in memory (libpq collects a statement's rows before the first is
 * read). Used inside one read or write transaction, whose snapshot makes
 * the chunks one consistent read.
 */
#ifndef PROBITY_STORE_SCAN_H
#define PROBITY_STORE_SCAN_H

#include "store/store.h"

/* Rows per query. */
enum { STORE_SCAN_CHUNK = 8192 };

struct store_scan {
    struct store_conn *c;
    const char *sql;
    struct store_stmt *stmt; /* the chunk being read, or NULL */
    int64_t next_key;        /* the lowest key of the next chunk */
    int64_t rows;            /* rows read from the current chunk */
    bool last;               /* the current chunk was the last one */
};

/*
 * Starts a scan of sql from key first. sql selects the key in its column 0
 * and takes two parameters, the lowest key and the number of rows, as in
 * "SELECT k, … FROM t WHERE k >= ? ORDER BY k LIMIT ?"; keys are integers.
 */
void store_scan_start(struct store_scan *sc, struct store_conn *c, const char *sql, int64_t first);
/* The next row (read it through store_scan_row's statement until the next
 * step), STORE_DONE after the last, or STORE_ERROR with err set. */
enum store_step_result store_scan_step(struct store_scan *sc, struct err *err);
/* The statement holding the current row. */
struct store_stmt *store_scan_row(const struct store_scan *sc);
/* Ends the scan wherever it stands. */
void store_scan_done(struct store_scan *sc);

#endif
