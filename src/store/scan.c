/*
 * A table read in key order, one bounded query per chunk. See scan.h.
 */
#include "store/scan.h"

void store_scan_start(struct store_scan *sc, struct store_conn *c, const char *sql, int64_t first)
{
    *sc = (struct store_scan){.c = c, .sql = sql, .next_key = first};
}

enum store_step_result store_scan_step(struct store_scan *sc, struct err *err)
{
    for (;;) {
        if (sc->stmt == NULL) {
            if (sc->last) {
                return STORE_DONE;
            }
            if (store_prepare(sc->c, sc->sql, &sc->stmt, err) != ERR_OK) {
                return STORE_ERROR;
            }
            store_bind_int(sc->stmt, 1, sc->next_key);
            store_bind_int(sc->stmt, 2, STORE_SCAN_CHUNK);
            sc->rows = 0;
        }
        enum store_step_result r = store_step(sc->stmt, err);
        if (r == STORE_ROW) {
            sc->rows++;
            sc->next_key = store_col_int(sc->stmt, 0) + 1;
            return r;
        }
        store_done(sc->stmt);
        sc->stmt = NULL;
        if (r == STORE_ERROR) {
            sc->last = true;
            return r;
        }
        /* A short chunk is the table's end. */
        sc->last = sc->rows < STORE_SCAN_CHUNK;
    }
}

struct store_stmt *store_scan_row(const struct store_scan *sc)
{
    return sc->stmt;
}

void store_scan_done(struct store_scan *sc)
{
    store_done(sc->stmt);
    sc->stmt = NULL;
    sc->last = true;
}
