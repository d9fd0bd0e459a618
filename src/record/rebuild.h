/*
 * Rebuilding the query tables from the events: replay every event into a
 * scratch database's fresh tables and compare them, table by table and row
 * by row, with the live ones. See docs/events.md.
 */
#ifndef PROBITY_REBUILD_H
#define PROBITY_REBUILD_H

#include "store/store.h"

struct rebuild_report {
    int64_t events;   /* events replayed */
    int64_t rows;     /* rows compared */
    bool equal;       /* every table matched */
    char table[64];   /* the first table that differs, or "" */
    char detail[256]; /* what differs there */
};

/*
 * Replays live's events into a new database at scratch_path (which must
 * not exist; it is removed afterwards) and compares. Returns ERR_OK when
 * the comparison ran, whatever its outcome (see rep->equal);
 * ERR_INTEGRITY when an event cannot be replayed.
 */
MUST_CHECK enum err_code rebuild_check(struct store_conn *live,
                                       const char *scratch_path,
                                       struct rebuild_report *rep,
                                       struct err *err);

#endif
