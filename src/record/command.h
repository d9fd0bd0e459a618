/*
 * Commands: every write is a command, declared once as data (its name,
 * route, capability, input fields, reply status and body) and run by one
 * runner, which checks the input against the declaration, begins the
 * write transaction, runs the body (the area's rules and its events) and
 * commits, or rolls everything back so that a refused command writes
 * nothing. The route, the validation, the OpenAPI schemas and the web
 * forms all come from the declaration. See docs/adding-an-area.md.
 */
#ifndef PROBITY_COMMAND_H
#define PROBITY_COMMAND_H

#include "core/input.h"
#include "core/page.h"
#include "core/utc.h"
#include "record/content.h"
#include "record/entity.h"
#include "record/policy.h"
#include "rules/verdict.h"

#include <stdbool.h>

struct group;
struct rulebooks_cache;
struct store;

/*
 * The context of a command or a query. The clock is an argument: the HTTP
 * layer passes the real one; the demo loader and the unit tests pass a
 * simulated one, so that a year of meetings can be run through the same
 * commands. Events themselves always carry the real time (event.c).
 */
struct ctx {
    struct store *store;           /* where commands and queries run (borrowed) */
    struct store_conn *c;          /* the transaction in progress: set by the runners */
    const struct actor *who;       /* who acts */
    int64_t now_ms;                /* the command's "now", ms since the epoch */
    bool english;                  /* messages in English (blocked reasons) */
    struct rulebooks_cache *cache; /* parsed rulebooks by digest, or NULL */
    struct group *group;           /* writes commit in groups (record/group.h), or NULL */
};

/* Writes the context's now as UTC RFC 3339 into out. */
void ctx_now_text(const struct ctx *x, char out[UTC_TEXT_MAX]);

/* ---- input fields ---- */

enum field_type {
    FIELD_TEXT,    /* a string of 1..max characters, no control characters */
    FIELD_SLUG,    /* an identifier: 2..40 of [a-z0-9_-], starting with a letter */
    FIELD_ENUM,    /* one of choices */
    FIELD_INT,     /* an integer in [min, max] */
    FIELD_DATE,    /* "YYYY-MM-DD" */
    FIELD_TIME,    /* an RFC 3339 time (the body reads it) */
    FIELD_BOOL,    /* true or false */
    FIELD_LIST,    /* up to max objects, each with the fields items */
    FIELD_STRINGS, /* up to max strings */
    FIELD_IDS,     /* up to max record ids (integers > 0) */
    FIELD_OBJECT,  /* an object with the fields items, or any object (items NULL) */
};

#define FIELD_REQUIRED INPUT_REQUIRED /* absent (or null) is refused */
#define FIELD_NULLABLE INPUT_NULLABLE /* an explicit null is accepted */
#define FIELD_FIXED    4              /* given at creation only */

/* One value of an enumerated field, with its labels. */
struct choice {
    const char *value;
    const char *zh;
    const char *en;
};

/* The values of a related record's enumeration that admit a choice (a
 * post's role: the classes of organisation that have it). */
struct choice_fit {
    const char *value;    /* a choice of the field; NULL ends the table */
    const char *admitted; /* the related values admitting it, space-separated (" a b ") */
};

/* When a field applies: while another field of the same input has one of
 * values (described as "x-when", for the forms to show it only then; the
 * body's rules refuse it otherwise). */
struct field_when {
    const char *field;  /* the other field's name */
    const char *values; /* its values, space-separated (" a b ") */
};

struct field {
    const char *name; /* the JSON key */
    enum field_type type;
    int flags;                     /* FIELD_REQUIRED, FIELD_NULLABLE, FIELD_FIXED */
    int64_t min;                   /* FIELD_INT: the smallest value */
    int64_t max;                   /* INT: largest; TEXT: characters; LIST, STRINGS: elements */
    const struct choice *choices;  /* ENUM: NULL-value terminated; TEXT: named values, or NULL */
    const struct field *items;     /* LIST: each element's fields; OBJECT: its fields */
    const char *zh;                /* the label, zh-CN */
    const char *en;                /* the label, English */
    const struct choice_fit *fits; /* FIELD_ENUM: what admits each choice (NULL: anything) */
    const char *rule;              /* TEXT: the rule that requires it (F_REASON); an empty string is
                                      refused with its id, as a missing reason is */
    const struct field_when *when; /* when it applies (F_REF_WHEN, F_DATE_WHEN); NULL: always */
};

/* Declaring fields, one a line: F_TEXT("note", FIELD_NULLABLE, 2000, "备注", "note"). */
#define F_TEXT(name, flags, max, zh, en)                                                           \
    {                                                                                              \
        name, FIELD_TEXT, flags, 0, max, NULL, NULL, zh, en, NULL, NULL, NULL                      \
    }
/* A reason a rule requires: F_TEXT whose empty string is refused with the
 * rule's id. */
#define F_REASON(name, flags, max, rule, zh, en)                                                   \
    {                                                                                              \
        name, FIELD_TEXT, flags, 0, max, NULL, NULL, zh, en, NULL, rule, NULL                      \
    }
/* The justification a flagged step needs (rules/verdict.h: rules_settle
 * counts characters; the field's bound is in bytes). */
#define F_JUSTIFICATION                                                                            \
    F_TEXT("justification", FIELD_NULLABLE, RULES_JUSTIFICATION_MAX * 4, "说明理由",               \
           "justification")
/* A text of an open set (any text up to max characters), whose known
 * values have labels (names: a struct choice table; described as
 * "x-value-labels", not an enumeration): a matter's category, which the
 * rulebook in force decides. */
#define F_TEXT_NAMED(name, flags, max, names, zh, en)                                              \
    {                                                                                              \
        name, FIELD_TEXT, flags, 0, max, names, NULL, zh, en, NULL, NULL, NULL                     \
    }
#define F_SLUG(name, flags, zh, en)                                                                \
    {                                                                                              \
        name, FIELD_SLUG, flags, 0, 40, NULL, NULL, zh, en, NULL, NULL, NULL                       \
    }
#define F_ENUM(name, flags, choices, zh, en)                                                       \
    {                                                                                              \
        name, FIELD_ENUM, flags, 0, 0, choices, NULL, zh, en, NULL, NULL, NULL                     \
    }
/* An enumeration whose choices a related record admits or not (fits: a
 * struct choice_fit table; described as "x-admitted-by"). */
#define F_ENUM_FITS(name, flags, choices, fits, zh, en)                                            \
    {                                                                                              \
        name, FIELD_ENUM, flags, 0, 0, choices, NULL, zh, en, fits, NULL, NULL                     \
    }
#define F_INT(name, flags, min, max, zh, en)                                                       \
    {                                                                                              \
        name, FIELD_INT, flags, min, max, NULL, NULL, zh, en, NULL, NULL, NULL                     \
    }
/* The largest integer every JSON reader keeps exact (2^53 - 1). */
#define FIELD_INT_MAX 9007199254740991LL
/* A reference to another record by its id. */
#define F_REF(name, flags, zh, en) F_INT(name, flags, 1, FIELD_INT_MAX, zh, en)
#define F_DATE(name, flags, zh, en)                                                                \
    {                                                                                              \
        name, FIELD_DATE, flags, 0, 0, NULL, NULL, zh, en, NULL, NULL, NULL                        \
    }
/* F_DATE and F_REF that apply only when another field has certain values
 * (when: a struct field_when). */
#define F_DATE_WHEN(name, flags, when, zh, en)                                                     \
    {                                                                                              \
        name, FIELD_DATE, flags, 0, 0, NULL, NULL, zh, en, NULL, NULL, when                        \
    }
#define F_REF_WHEN(name, flags, when, zh, en)                                                      \
    {                                                                                              \
        name, FIELD_INT, flags, 1, FIELD_INT_MAX, NULL, NULL, zh, en, NULL, NULL, when             \
    }
#define F_TIME(name, flags, zh, en)                                                                \
    {                                                                                              \
        name, FIELD_TIME, flags, 0, 64, NULL, NULL, zh, en, NULL, NULL, NULL                       \
    }
#define F_BOOL(name, flags, zh, en)                                                                \
    {                                                                                              \
        name, FIELD_BOOL, flags, 0, 0, NULL, NULL, zh, en, NULL, NULL, NULL                        \
    }
#define F_LIST(name, flags, max, items, zh, en)                                                    \
    {                                                                                              \
        name, FIELD_LIST, flags, 0, max, NULL, items, zh, en, NULL, NULL, NULL                     \
    }
#define F_STRINGS(name, flags, max, zh, en)                                                        \
    {                                                                                              \
        name, FIELD_STRINGS, flags, 0, max, NULL, NULL, zh, en, NULL, NULL, NULL                   \
    }
#define F_IDS(name, flags, max, zh, en)                                                            \
    {                                                                                              \
        name, FIELD_IDS, flags, 1, max, NULL, NULL, zh, en, NULL, NULL, NULL                       \
    }
#define F_OBJECT(name, flags, items, zh, en)                                                       \
    {                                                                                              \
        name, FIELD_OBJECT, flags, 0, 0, NULL, items, zh, en, NULL, NULL, NULL                     \
    }
#define F_END                                                                                      \
    {                                                                                              \
        NULL, FIELD_TEXT, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL                        \
    }
/* The optimistic-concurrency revision a client read (row_check_revision). */
#define F_REVISION F_INT("revision", 0, 0, FIELD_INT_MAX, "版本", "revision")

/*
 * Checks input against fields: no key that is not a field, every required
 * field present, every value of its type and bounds. ERR_INVALID naming
 * the field, with the messages of core/input.h. partial (a PATCH): absent
 * fields are fine, those given are checked.
 */
MUST_CHECK enum err_code
fields_check(const struct field *fields, const json_t *input, bool partial, struct err *err);
/* The input of a command taking a file (record/content.h), from its
 * query string (an object of strings): a new object, integers and
 * booleans as such where fields declare them and the text is one, all
 * else as given for fields_check to judge. */
json_t *fields_from_query(const struct field *fields, const json_t *query);
/* The field named name, or NULL. */
const struct field *fields_find(const struct field *fields, const char *name);
/* A new JSON Schema (2020-12) object for an input of fields (partial:
 * none required), with the labels as "title" and "x-title-en", an enum's
 * labels as "x-labels" and a named text's as "x-value-labels". */
json_t *fields_schema(const struct field *fields, bool partial);
/*
 * Adds what f says of a value to schema, a value's JSON Schema in an
 * answer: its labels ("title", "x-title-en", unless schema has them), a
 * date's or time's "format", and an enumeration's choices ("enum",
 * "x-labels", "x-admitted-by") or a named text's ("x-value-labels"; those
 * schema has not yet, so that fields of one name on several commands add
 * up).
 */
void field_describe(const struct field *f, json_t *schema);
/* A new JSON Schema of the value f names in an answer: its type (with
 * null when f is FIELD_NULLABLE), a list's items' keys when f declares
 * them (f->items), and what field_describe adds. */
json_t *field_answer_schema(const struct field *f);
/* Lets schema's value be null (its "type" and, when it has one, "enum"). */
void schema_allow_null(json_t *schema);

/* ---- commands ---- */

struct command;

/* What a command acts on, from its path, and its input. */
struct query;

struct args {
    const struct command *cmd; /* the command, or NULL for a query */
    const struct query *query; /* the query, or NULL for a command */
    const char *township;      /* the path's {tid}, else NULL */
    int64_t id;                /* the path's {id} as a number, else 0 */
    const char *key;           /* the path's last parameter as given (text ids), else NULL */
    const json_t *input;       /* the body, checked against cmd->fields (a query: its arguments) */
    void *prepared;            /* what cmd->prepare made, or NULL */
    const struct content_in *file;       /* a command with .file: the body's bytes as sent */
    const struct content_stored *stored; /* ... and, for its body, the file as stored */
    struct page_query page;              /* a query's page and filters (record/query.h) */
};

/* A command's body: runs inside the write transaction (x->c); on ERR_OK
 * *result holds the answer (a new reference). */
typedef enum err_code (*command_fn)(const struct ctx *x,
                                    const struct args *a,
                                    json_t **result,
                                    struct err *err);

/* The command may answer 200 instead of its status (a dry run). */
#define COMMAND_DRY_RUN 1u
/* The path's last parameter is a text id (a slug), not a number. */
#define COMMAND_TEXT_ID 2u
/* Its answer's item is a view of the record (the meeting room's agenda
 * item), not the entity's row: the description does not say it is one. */
#define COMMAND_ANSWERS_VIEW 4u
/* A query whose answer to the public depends on the records alone, never
 * on the clock (no "today", no "in force now", no stage that time moves,
 * in what the public sees): the server may answer the public from memory
 * until the log grows (http/cache.h). */
#define QUERY_RECORDS_ONLY 8u

struct command {
    const char *name;           /* e.g. "task.update": unique */
    const char *method;         /* "POST", "PATCH" or "DELETE" */
    const char *path;           /* e.g. "/api/v1/tasks/{id}"; {tid} names a township */
    enum capability cap;        /* the role must hold it; the body checks the township */
    int status;                 /* the reply's status: 201 created, else 200 */
    const struct field *fields; /* the body's fields (F_END-terminated); NULL: no body */
    command_fn run;             /* the body */
    /* Work done before the write transaction, so that the write lock is
     * not held for it (hashing a password), kept in a->prepared; NULL:
     * none. release frees it after the command. */
    enum err_code (*prepare)(const struct ctx *x, struct args *a, struct err *err);
    void (*release)(void *prepared);
    const char *zh;              /* what it does, zh-CN */
    const char *en;              /* what it does, English (the OpenAPI summary) */
    unsigned flags;              /* COMMAND_DRY_RUN, COMMAND_TEXT_ID, COMMAND_ANSWERS_VIEW */
    int arg;                     /* an area's constant for a shared body (e.g. the org kind) */
    const struct entity *entity; /* the record it answers with ("item"), or NULL */
    /* The township of the record the path's {id} names: a SELECT with one
     * parameter, the id. NULL: the path names the township ({tid}), or
     * the body finds it (the rulebook's is in its input). */
    const char *scope;
    /* The command takes a file as its body (record/content.h): its fields
     * are then the query string's, and the runner checks the file against
     * this and stores it, before the transaction, for the body to find in
     * a->stored. NULL: the body is JSON. */
    const struct content_kind *file;
};

/*
 * Sets a's township, id and key from the parameters (in pattern order) of
 * path: {tid} is the township, the last parameter the target (a number
 * for {id} unless flags has COMMAND_TEXT_ID: ERR_NOT_FOUND when it is not
 * one).
 */
MUST_CHECK enum err_code args_path(const char *path,
                                   unsigned flags,
                                   const char *const *params,
                                   int n_params,
                                   struct args *a,
                                   struct err *err);
/*
 * Fills a from the path's parameters (in pattern order) and the body:
 * {tid} is the township, the last parameter the target (a number for
 * {id} unless COMMAND_TEXT_ID: ERR_NOT_FOUND when it is not one).
 */
MUST_CHECK enum err_code command_args(const struct command *cmd,
                                      const char *const *params,
                                      int n_params,
                                      const json_t *input,
                                      struct args *a,
                                      struct err *err);
/*
 * Runs a command in one write transaction on x's connection (or one taken
 * from x->store for the command): finds the township it acts on (the
 * path's, or by cmd->scope: ERR_NOT_FOUND when there is none) and checks
 * that the actor may use cmd->cap there (ERR_UNAUTHENTICATED,
 * ERR_FORBIDDEN), checks a->input against cmd's fields (ERR_INVALID), then
 * runs the body with a->township set (a command that prepares has its
 * input checked and prepared first, before the transaction; a command
 * taking a file has it checked and stored then, content.h); commits when it succeeds, so that
 * the answer is returned only once durable, and rolls everything back
 * otherwise. *result is set only on ERR_OK.
 */
MUST_CHECK enum err_code command_run(const struct ctx *x,
                                     const struct command *cmd,
                                     const struct args *a,
                                     json_t **result,
                                     struct err *err);
/* A body run as a write of its own, without a declaration (loading the
 * demo): the same transaction as command_run. Without a transaction in
 * progress (x->c NULL), it runs in the next batch of x->group when there
 * is one (record/group.h), else in a transaction of its own. */
typedef enum err_code (*write_fn)(const struct ctx *x, void *arg, struct err *err);
MUST_CHECK enum err_code ctx_write(const struct ctx *x, write_fn fn, void *arg, struct err *err);

/* The answer of a write: a new {"item": item (stolen), "event": ref}. */
json_t *command_answer(json_t *item, const struct event_ref *ref);

/* Declared text of a checked input (NULL when absent or null). */
const char *args_text(const struct args *a, const char *name);
/* Declared integer of a checked input (0 when absent or null). */
int64_t args_int(const struct args *a, const char *name);
/* True when the checked input has the declared field (even null). */
bool args_has(const struct args *a, const char *name);
/* Declared value of a checked input as it is (a list, an object), or NULL
 * when absent (borrowed). */
const json_t *args_json(const struct args *a, const char *name);

#endif
