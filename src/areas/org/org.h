/*
 * The organisation model: city, townships and subdistricts, villages,
 * bodies and departments (Popolo organizations), people, posts,
 * memberships and portfolios (分管). Commands validate, check the policy
 * and the model's rules, and record one event; queries read the tables.
 * See docs/org.md.
 */
#ifndef PROBITY_ORG_H
#define PROBITY_ORG_H

#include "record/command.h"
#include "record/entity.h"
#include "record/query.h"

extern const struct entity org_entity_city;
extern const struct entity org_entity_township;
extern const struct entity org_entity_village;
extern const struct entity org_entity_organization;
extern const struct entity org_entity_person;
extern const struct entity org_entity_post;
extern const struct entity org_entity_membership;
extern const struct entity org_entity_portfolio;
/* The commands and queries of the organisation model, NULL-terminated
 * (commands.c, queries.c). */
extern const struct command *const org_commands[];
extern const struct query *const org_queries[];

/* What a command or query is about. Bodies and departments are both
 * organizations, told apart by their classes. */
enum org_kind {
    ORG_CITY,
    ORG_TOWNSHIP,
    ORG_VILLAGE,
    ORG_BODY,
    ORG_DEPARTMENT,
    ORG_ORGANIZATION, /* a body or a department, by id */
    ORG_PERSON,
    ORG_POST,
    ORG_MEMBERSHIP,
    ORG_PORTFOLIO,
    ORG_N_KINDS
};

/*
 * Creates an object of kind from the JSON input (borrowed). parent is the
 * id (as text) of the object it is created under: the township for
 * villages, bodies, departments and people; the organization for posts;
 * NULL otherwise. On success *result is a new object
 * {"item": ..., "event": {"seq","type","time"}}; on failure nothing is
 * written. Errors: ERR_INVALID (bad field), ERR_NOT_FOUND (parent),
 * ERR_UNAUTHENTICATED/ERR_FORBIDDEN (policy), ERR_CONFLICT (a rule of the
 * model), ERR_STORE.
 */
MUST_CHECK enum err_code org_create(struct store_conn *c,
                                    const struct actor *who,
                                    enum org_kind kind,
                                    const char *parent,
                                    const json_t *input,
                                    json_t **result,
                                    struct err *err);
/* Changes the fields given in input; as org_create otherwise. */
MUST_CHECK enum err_code org_update(struct store_conn *c,
                                    const struct actor *who,
                                    enum org_kind kind,
                                    const char *id,
                                    const json_t *input,
                                    json_t **result,
                                    struct err *err);
/* Deletes the object; ERR_CONFLICT while others refer to it. */
MUST_CHECK enum err_code org_delete(struct store_conn *c,
                                    const struct actor *who,
                                    enum org_kind kind,
                                    const char *id,
                                    json_t **result,
                                    struct err *err);
/* One object with its details, as a new JSON object; ERR_NOT_FOUND. */
MUST_CHECK enum err_code
org_get(struct store_conn *c, enum org_kind kind, const char *id, json_t **item, struct err *err);

struct org_list_query {
    const char *parent; /* township id, organization id or person id as text */
    const char *kind;   /* filter on kind/class; NULL for all */
    bool current_only;  /* memberships and portfolios in force today */
    int64_t limit;
    int64_t offset;
};

/* Objects of kind under q->parent: a new page {"items","total","limit","offset"}. */
MUST_CHECK enum err_code org_list(struct store_conn *c,
                                  enum org_kind kind,
                                  const struct org_list_query *q,
                                  json_t **page,
                                  struct err *err);
/* Memberships of the organization (or, with by_person, of the person). */
MUST_CHECK enum err_code org_list_memberships(struct store_conn *c,
                                              const struct org_list_query *q,
                                              bool by_person,
                                              json_t **page,
                                              struct err *err);
/* The committee's current members of the township, each with person,
 * post, membership and current portfolios: a new array. */
MUST_CHECK enum err_code
org_members(struct store_conn *c, const char *township, json_t **items, struct err *err);
/* The Popolo export: a new object {"persons","organizations","posts",
 * "memberships"} validating against the Popolo JSON schemas, read in the
 * caller's read transaction (one snapshot). */
MUST_CHECK enum err_code org_popolo(struct store_conn *c, json_t **doc, struct err *err);

/* ---- references other areas check (refs.c) ---- */

/*
 * Checks that person is a person of township (field names the input
 * field); ERR_INVALID otherwise. For a department (class bureau, office or
 * centre of the township) use org_check_department.
 */
MUST_CHECK enum err_code org_check_person(
    struct store_conn *c, const char *township, int64_t person, const char *field, struct err *err);
MUST_CHECK enum err_code org_check_department(struct store_conn *c,
                                              const char *township,
                                              int64_t department,
                                              const char *field,
                                              struct err *err);
/* Checks that the township exists; ERR_NOT_FOUND otherwise. */
MUST_CHECK enum err_code
org_check_township(struct store_conn *c, const char *township, struct err *err);
/* The person the acting user is linked to (users.person_id), or 0. */
MUST_CHECK enum err_code
org_actor_person(struct store_conn *c, const struct actor *who, int64_t *person, struct err *err);

#endif
