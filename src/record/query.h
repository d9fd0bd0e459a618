/*
 * Queries: every read of an area is declared once as data (its name, path,
 * capability, query parameters and body) and run by one runner inside one
 * read transaction, so that it sees one snapshot. The route and the
 * OpenAPI description come from the declaration, as for commands
 * (command.h). See docs/adding-an-area.md.
 */
#ifndef PROBITY_QUERY_H
#define PROBITY_QUERY_H

#include "record/command.h"
#include "record/table.h"

struct query {
    const char *name;           /* e.g. "task.list": unique */
    const char *path;           /* e.g. "/api/v1/townships/{tid}/tasks" (GET) */
    enum capability cap;        /* the role must hold it */
    const struct field *params; /* the query string's parameters besides limit and offset
                                   (F_END-terminated), or NULL */
    bool paged;                 /* a list: takes ?limit (1..200, 50) and ?offset */
    command_fn run;             /* the body, run in a read transaction; a->page is set */
    const char *zh;             /* what it answers, zh-CN */
    const char *en;             /* what it answers, English (the OpenAPI summary) */
    /* The short title of the web's page of its rows (its navigation and
     * heading: "投标人名录", "bidders"), both or neither; NULL: the page is
     * named by zh and en. */
    const char *title_zh;
    const char *title_en;
    unsigned flags; /* COMMAND_TEXT_ID */
    int arg;        /* an area's constant for a shared body */
    /* The entity whose rows it answers (a list's items, or the one
     * object), or NULL; the OpenAPI description's answer is then that
     * entity's schema, with its columns labelled from the commands' fields. */
    const struct entity *entity;
    /* What its rows carry besides the entity's columns (names of what
     * they refer to, counts, ...), declared as fields for the description:
     * their types and labels, not bounds (F_END-terminated); NULL: nothing. */
    const struct field *extra;
    /* Its answer as a table (record/table.h): then it is also answered as
     * CSV or XLSX (?format=csv|xlsx, http/export.h); NULL: JSON only. */
    const struct table *table;
    /* It answers a stored file (record/content.h) of these types: its body
     * answers {"sha256", "media_type", "name"} and the reader gets the
     * file's bytes, as an attachment of that name; NULL: JSON. */
    const struct content_kind *file;
};

/* The steps of its procedure that a record's answer lists for the reader
 * (rules/procedure.h): "next", permitted now, and "blocked", not yet and
 * why; two fields of a query's extra. */
#define F_STEPS                                                                                    \
    F_LIST("next", 0, 0, NULL, "可进行的步骤", "steps permitted now"),                             \
        F_LIST("blocked", 0, 0, NULL, "暂不可进行的步骤", "steps blocked now")

/*
 * Checks the query string's arguments (an object of strings) against q's
 * parameters, turns those declared as integers into JSON integers (in
 * place, so that the body reads them with args_int), and fills a->page
 * (limit, offset, status, from, to) from them: ERR_BAD_REQUEST naming the
 * parameter when one is not what its declaration says. Arguments not
 * declared are ignored.
 */
MUST_CHECK enum err_code
query_params(const struct query *q, json_t *query, struct args *a, struct err *err);
/* Runs q's body in one read transaction on x's connection (or one taken
 * from x->store for it); *result is set only on ERR_OK. */
MUST_CHECK enum err_code query_run(const struct ctx *x,
                                   const struct query *q,
                                   const struct args *a,
                                   json_t **result,
                                   struct err *err);

#endif
