/*
 * Internal to the organisation model: what differs between kinds of
 * object (fields, rules, scope), so that one runner (write.c) serves all
 * creates, updates and deletes.
 */
#ifndef PROBITY_ORG_KINDS_H
#define PROBITY_ORG_KINDS_H

#include "areas/org/org.h"
#include "record/command.h"

/* One command in progress. */
struct org_cmd {
    struct store_conn *c;
    const struct actor *who;
    const struct args *a; /* the command, its target and its checked input */
    const json_t *old;    /* the current row for update and delete, else NULL */
    const char *parent;   /* the parent id for create, else NULL */
    const char *township; /* the township touched (NULL: city-wide), set by resolve */
    json_t *hold;         /* keeps township's storage alive; released by the runner */
};

struct org_kind_ops {
    const struct entity *ent;
    enum capability cap;        /* needed to create, change or delete */
    const char *sql_row;        /* the row in payload shape, by id */
    const struct field *fields; /* input fields (F_END-terminated) */
    /* Sets x->township for a create (from the parent or the input) and
     * checks that references exist. For update and delete the runner takes
     * it from the old row via org_row_township. */
    enum err_code (*resolve)(struct org_cmd *x, json_t *row, struct err *err);
    /* Checks the model's rules for the complete new row (NULL: none). */
    enum err_code (*check)(struct org_cmd *x, const json_t *row, struct err *err);
    /* Checks that the object may be deleted (NULL: always). */
    enum err_code (*may_delete)(struct org_cmd *x, struct err *err);
};

extern const struct org_kind_ops org_kinds[ORG_N_KINDS];
/* Each kind's input fields, for the commands' declarations (commands.c). */
extern const struct field org_city_fields[], org_township_fields[], org_village_fields[],
    org_body_fields[], org_department_fields[], org_organization_fields[], org_person_fields[],
    org_post_fields[], org_membership_fields[], org_portfolio_fields[];

/* The one body of every org command: create (POST), change (PATCH) or
 * delete (DELETE) an object of kind cmd->arg; the path's last parameter
 * is the parent (create) or the object. */
MUST_CHECK enum err_code
org_write(const struct ctx *x, const struct args *a, json_t **result, struct err *err);

/* The township an existing row belongs to (NULL for city-wide rows);
 * may look it up through its references. Borrowed from x->hold or row. */
MUST_CHECK enum err_code org_row_township(
    struct org_cmd *x, enum org_kind kind, const json_t *row, const char **out, struct err *err);
/* Loads a row of kind by id (as text) into a new object; ERR_NOT_FOUND. */
MUST_CHECK enum err_code org_load_row(
    struct store_conn *c, enum org_kind kind, const char *id, json_t **row, struct err *err);

#endif
