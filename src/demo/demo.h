/*
 * The Zhuji demo: the city's real townships and subdistricts with their
 * bodies, departments, villages and fictional committees, plus a demo login
 * for every role. Loaded through the same commands as any other write, so
 * every object has its event. See docs/demo.md.
 */
#ifndef PROBITY_DEMO_H
#define PROBITY_DEMO_H

#include "store/store.h"

#include <stdio.h>

/* The demo logins' shared password. */
#define DEMO_PASSWORD "zhuji-demo-2026"

/*
 * Loads the demo into a database with no events yet, in one transaction.
 * ERR_CONFLICT when the database already holds events.
 */
MUST_CHECK enum err_code demo_load(struct store_conn *c, struct err *err);
/*
 * Loads the demo's year of collective decisions (demo_meetings.c) into a
 * database holding the demo's organisation and users, inside the caller's
 * write transaction: rulebook versions, meetings, matters, budgets.
 */
MUST_CHECK enum err_code demo_meetings_load(struct store_conn *c, struct err *err);
/* Prints the demo logins, one per line ("login  role  township"), to out. */
void demo_print_logins(FILE *out);

#endif
