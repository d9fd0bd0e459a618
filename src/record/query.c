/*
 * The one query runner: the query string checked against the declaration,
 * one read transaction around the body. See query.h.
 */
#include "record/query.h"

#include "core/diag.h"

#include <assert.h>
#include <string.h>

/* Checks one declared parameter's text; an integer's value goes to *n. */
static enum err_code
check_param(const struct field *f, const char *text, int64_t *n, struct err *err)
{
    switch (f->type) {
    case FIELD_ENUM:
        for (const struct choice *c = f->choices; c->value != NULL; c++) {
            if (strcmp(c->value, text) == 0) {
                return ERR_OK;
            }
        }
        return err_set(err, ERR_BAD_REQUEST, f->name, "参数“%s”的取值“%s”不被接受",
                       "parameter '%s' does not accept the value '%s'", f->name, text);
    case FIELD_DATE:
        if (!utc_valid_date(text)) {
            return err_set(err, ERR_BAD_REQUEST, f->name, "参数“%s”须为日期 YYYY-MM-DD",
                           "parameter '%s' must be a date YYYY-MM-DD", f->name);
        }
        return ERR_OK;
    case FIELD_INT:
        return page_number(text, f->name, f->min, f->max, n, err);
    default:
        if (text[0] == '\0' || input_utf8_chars(text) > (size_t)f->max) {
            return err_set(err, ERR_BAD_REQUEST, f->name, "参数“%s”须为 1 至 %lld 个字符",
                           "parameter '%s' must have 1 to %lld characters", f->name,
                           (long long)f->max);
        }
        return ERR_OK;
    }
}

enum err_code query_params(const struct query *q, json_t *query, struct args *a, struct err *err)
{
    enum err_code rc = ERR_OK;
    a->query = q;
    a->input = query;
    a->page = (struct page_query){.limit = 50};
    if (q->paged) {
        rc = page_parse(json_string_value(json_object_get(query, "limit")),
                        json_string_value(json_object_get(query, "offset")), &a->page, err);
    }
    for (const struct field *f = q->params; rc == ERR_OK && f && f->name != NULL; f++) {
        const char *text = json_string_value(json_object_get(query, f->name));
        if (text == NULL) {
            continue;
        }
        int64_t n = 0;
        rc = check_param(f, text, &n, err);
        if (rc == ERR_OK && f->type == FIELD_INT) {
            json_object_set_new(query, f->name, json_integer(n));
        } else if (strcmp(f->name, "status") == 0) {
            a->page.status = text;
        } else if (strcmp(f->name, "from") == 0) {
            a->page.from = text;
        } else if (strcmp(f->name, "to") == 0) {
            a->page.to = text;
        }
    }
    return rc;
}

/* A query as the store runs it. */
struct query_call {
    struct ctx *x;
    const struct query *q;
    const struct args *a;
    json_t *answer;
};

static enum err_code query_body(struct store_conn *c, void *arg, struct err *err)
{
    struct query_call *call = arg;
    call->x->c = c;
    /* Run again (store_read_routed), it starts afresh. */
    json_decref(call->answer);
    call->answer = NULL;
    return call->q->run(call->x, call->a, &call->answer, err);
}

enum err_code query_run(const struct ctx *x,
                        const struct query *q,
                        const struct args *a,
                        json_t **result,
                        struct err *err)
{
    struct ctx own = *x;
    struct args checked = *a;
    checked.query = q;
    struct query_call call = {&own, q, &checked, NULL};
    enum err_code rc = policy_token_allows(x->who, q->cap, a->township, err);
    if (rc == ERR_OK && own.c != NULL) {
        rc = store_read(own.c, query_body, &call, err);
    } else if (rc == ERR_OK) {
        /* A connection of its own: a replica's, where there is one. */
        assert(own.store != NULL);
        rc = store_read_routed(own.store, query_body, &call, err);
    }
    if (rc == ERR_OK) {
        *result = call.answer;
    } else {
        json_decref(call.answer);
    }
    return rc;
}
