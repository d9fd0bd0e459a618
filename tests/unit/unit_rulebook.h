/*
 * Helpers shared by the unit tests of the rulebook document: the default
 * document, parsing a document or its text, setting a member at a dotted
 * path, canonical bytes, times, and merging a township override given as
 * text; a verdict's kind, rule and field asserted. Include after unit.h.
 */
#ifndef PROBITY_UNIT_RULEBOOK_H
#define PROBITY_UNIT_RULEBOOK_H

#include "core/buf.h"
#include "core/utc.h"
#include "rules/rulebook.h"

#include <string.h>

/* Asserts v is kind with rule id and field. */
static inline void
assert_verdict(const struct verdict *v, enum verdict_kind kind, const char *rule, const char *field)
{
    if (v->kind != kind || strcmp(v->rule, rule) != 0 || strcmp(v->field, field) != 0) {
        print_error("got kind %d rule '%s' field '%s' (%s); want %d '%s' '%s'\n", v->kind, v->rule,
                    v->field, v->message_en, kind, rule, field);
    }
    assert_int_equal(v->kind, kind);
    assert_string_equal(v->rule, rule);
    assert_string_equal(v->field, field);
}

/* The default rulebook as a JSON value (new reference). */
static inline json_t *default_doc(void)
{
    return unit_json(rulebook_default_text());
}

/* Parses the JSON value as a rulebook; returns the code, err filled. */
static inline enum err_code parse_doc(const json_t *doc, struct rulebook *rb, struct err *err)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    err_init(err);
    enum err_code rc = rulebook_parse(text, strlen(text), rb, err);
    xfree(text);
    return rc;
}

/* Parses JSON text as a rulebook. */
static inline enum err_code parse_text(const char *text, struct rulebook *rb, struct err *err)
{
    err_init(err);
    return rulebook_parse(text, strlen(text), rb, err);
}

/* Sets (value not NULL; stolen) or deletes the member at a dotted path of
 * doc. Under "actions" the rest of the path is one key (rule ids hold
 * dots). The parents must exist. */
static inline void set_path(json_t *doc, const char *path, json_t *value)
{
    char key[128];
    const char *dot = strchr(path, '.');
    bool actions = strncmp(path, "actions.", 8) == 0;
    if (dot == NULL) {
        if (value != NULL) {
            json_object_set_new(doc, path, value);
        } else {
            json_object_del(doc, path);
        }
        return;
    }
    size_t n = (size_t)(dot - path);
    assert_true(n < sizeof(key));
    memcpy(key, path, n);
    key[n] = '\0';
    json_t *child = json_object_get(doc, key);
    assert_non_null(child);
    if (actions) {
        if (value != NULL) {
            json_object_set_new(child, dot + 1, value);
        } else {
            json_object_del(child, dot + 1);
        }
        return;
    }
    set_path(child, dot + 1, value);
}

/* The canonical bytes of rb as a new string (xfree it). */
static inline char *canonical(const struct rulebook *rb, size_t *len)
{
    struct buf b;
    struct err err;
    buf_init(&b, 1 << 20);
    err_init(&err);
    assert_int_equal(rulebook_canonical(rb, &b, &err), ERR_OK);
    return buf_take(&b, len);
}

static inline int64_t at(const char *rfc3339)
{
    int64_t ms = 0;
    assert_true(utc_parse(rfc3339, &ms));
    return ms;
}

/* A township override given as JSON text, merged over city. */
static inline enum err_code
merge_text(const struct rulebook *city, const char *text, struct rulebook *out, struct err *err)
{
    json_t *o = unit_json(text);
    err_init(err);
    enum err_code rc = rulebook_merge(city, o, out, err);
    json_decref(o);
    return rc;
}

#endif
