/*
 * Declared input fields: checking a request body against them, and their
 * JSON Schema for the API's description and the web forms. See command.h.
 */
#include "record/command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct field *fields_find(const struct field *fields, const char *name)
{
    for (const struct field *f = fields; f->name != NULL; f++) {
        if (strcmp(f->name, name) == 0) {
            return f;
        }
    }
    return NULL;
}

/* Replaces in message (size bytes) each quoted key ("“key”" or "'key'",
 * by quote) with the quoted label. */
static void name_in(char *message,
                    size_t size,
                    const char *open,
                    const char *close,
                    const char *key,
                    const char *label)
{
    char quoted[ERR_FIELD_MAX + 8], out[ERR_MESSAGE_MAX];
    snprintf(quoted, sizeof(quoted), "%s%s%s", open, key, close);
    const char *at = strstr(message, quoted);
    if (at == NULL || label == NULL || label[0] == '\0') {
        return;
    }
    snprintf(out, sizeof(out), "%.*s%s%s%s%s", (int)(at - message), message, open, label, close,
             at + strlen(quoted));
    snprintf(message, size, "%s", out);
}

/* The messages of err about field f name it as an office does, by its
 * label ("缺少必填字段“会议名称”"); err->field keeps its key. */
static void name_field(struct err *err, const struct field *f)
{
    if (strcmp(err->field, f->name) == 0) {
        name_in(err->message_zh, sizeof(err->message_zh), "“", "”", f->name, f->zh);
        name_in(err->message_en, sizeof(err->message_en), "'", "'", f->name, f->en);
    }
}

/* Refuses keys of input that are not fields. */
static enum err_code only_fields(const struct field *fields, const json_t *input, struct err *err)
{
    const char *key;
    json_t *member;
    json_object_foreach((json_t *)input, key, member)
    {
        if (fields_find(fields, key) == NULL) {
            return err_set(err, ERR_INVALID, key, "未知字段“%s”", "unknown field '%s'", key);
        }
    }
    return ERR_OK;
}

/* Checks an array of up to f->max elements, each by check_one. */
static enum err_code check_list(const struct field *f, const json_t *v, struct err *err)
{
    if (!json_is_array(v)) {
        return err_set(err, ERR_INVALID, f->name, "字段“%s”须为列表", "field '%s' must be a list",
                       f->name);
    }
    if ((int64_t)json_array_size(v) > f->max) {
        return err_set(err, ERR_INVALID, f->name, "字段“%s”最多 %lld 项",
                       "field '%s' has at most %lld elements", f->name, (long long)f->max);
    }
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e)
    {
        enum err_code rc = ERR_OK;
        if (f->type == FIELD_STRINGS && !json_is_string(e)) {
            rc = err_set(err, ERR_INVALID, f->name, "字段“%s”的每一项须为文本",
                         "each element of '%s' must be a string", f->name);
        } else if (f->type == FIELD_IDS && (!json_is_integer(e) || json_integer_value(e) < 1)) {
            rc = err_set(err, ERR_INVALID, f->name, "字段“%s”的每一项须为记录编号",
                         "each element of '%s' must be a record id", f->name);
        } else if (f->type == FIELD_LIST && !json_is_object(e)) {
            rc = err_set(err, ERR_INVALID, f->name, "字段“%s”的每一项须为对象",
                         "each element of '%s' must be an object", f->name);
        } else if (f->type == FIELD_LIST) {
            rc = fields_check(f->items, e, false, err);
        }
        if (rc != ERR_OK) {
            return rc;
        }
    }
    return ERR_OK;
}

/* Checks one present, non-null value. */
static enum err_code check_value(const struct field *f, const json_t *input, struct err *err)
{
    const json_t *v = json_object_get(input, f->name);
    const char *text = NULL;
    int64_t n = 0;
    int flags = f->flags & (FIELD_REQUIRED | FIELD_NULLABLE);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_TIME: {
        enum err_code rc = input_text(input, f->name, flags, (size_t)f->max, &text, err);
        if (rc != ERR_OK && f->rule != NULL && json_is_string(v) && json_string_length(v) == 0) {
            err_set_rule(err, f->rule);
        }
        return rc;
    }
    case FIELD_SLUG: {
        enum err_code rc = input_text(input, f->name, flags, (size_t)f->max, &text, err);
        if (rc == ERR_OK && !input_is_slug(text)) {
            rc = err_set(err, ERR_INVALID, f->name,
                         "“%s”须为 2–40 位小写字母、数字、- 或 _，以字母开头",
                         "'%s' must be 2-40 lowercase letters, digits, '-' or '_', starting "
                         "with a letter",
                         f->name);
        }
        return rc;
    }
    case FIELD_ENUM: {
        const char *values[64];
        size_t k = 0;
        for (; f->choices[k].value != NULL && k + 1 < ARRAY_SIZE(values); k++) {
            values[k] = f->choices[k].value;
        }
        values[k] = NULL;
        return input_enum(input, f->name, flags, values, &text, err);
    }
    case FIELD_INT:
        return input_int(input, f->name, flags, f->min, f->max, &n, err);
    case FIELD_DATE:
        return input_date(input, f->name, flags, &text, err);
    case FIELD_BOOL:
        if (!json_is_boolean(v)) {
            return err_set(err, ERR_INVALID, f->name, "“%s”须为 true 或 false",
                           "'%s' must be true or false", f->name);
        }
        return ERR_OK;
    case FIELD_LIST:
    case FIELD_STRINGS:
    case FIELD_IDS:
        return check_list(f, v, err);
    case FIELD_OBJECT:
        if (!json_is_object(v)) {
            return err_set(err, ERR_INVALID, f->name, "字段“%s”须为对象",
                           "field '%s' must be an object", f->name);
        }
        return f->items ? fields_check(f->items, v, false, err) : ERR_OK;
    }
    return err_set(err, ERR_INTERNAL, f->name, NULL, NULL);
}

json_t *fields_from_query(const struct field *fields, const json_t *query)
{
    json_t *input = json_object();
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)query, key, value)
    {
        const struct field *f = fields ? fields_find(fields, key) : NULL;
        const char *text = json_string_value(value);
        char *end = NULL;
        long long n = text && f && f->type == FIELD_INT ? strtoll(text, &end, 10) : 0;
        if (f && f->type == FIELD_INT && end != text && *end == '\0') {
            json_object_set_new(input, key, json_integer(n));
        } else if (f && f->type == FIELD_BOOL && text &&
                   (strcmp(text, "true") == 0 || strcmp(text, "false") == 0)) {
            json_object_set_new(input, key, json_boolean(text[0] == 't'));
        } else {
            json_object_set(input, key, value);
        }
    }
    return input;
}

enum err_code
fields_check(const struct field *fields, const json_t *input, bool partial, struct err *err)
{
    enum err_code rc = only_fields(fields, input, err);
    for (const struct field *f = fields; rc == ERR_OK && f->name != NULL; f++) {
        const json_t *v = json_object_get(input, f->name);
        if (v == NULL && partial) {
            continue;
        }
        if (v == NULL || json_is_null(v)) {
            if (f->flags & FIELD_REQUIRED) {
                rc = err_set(err, ERR_INVALID, f->name, "缺少必填字段“%s”",
                             "missing required field '%s'", f->name);
            } else if (v != NULL && !(f->flags & FIELD_NULLABLE)) {
                rc = err_set(err, ERR_INVALID, f->name, "字段“%s”不能为空",
                             "field '%s' cannot be null", f->name);
            }
        } else {
            rc = check_value(f, input, err);
        }
        if (rc != ERR_OK) {
            name_field(err, f);
        }
    }
    return rc;
}

/* What input_text accepts, as a JSON Schema pattern: no control
 * character (C0, DEL, C1), no space at either end. */
#define TEXT_CHAR    "\\u0000-\\u001f\\u007f-\\u009f"
#define TEXT_PATTERN "^[^ " TEXT_CHAR "](?:[^" TEXT_CHAR "]*[^ " TEXT_CHAR "])?$"

/* The related values admitting choice value, as a JSON array of strings
 * (f->fits), or NULL when anything does. */
static json_t *admitted_by(const struct field *f, const char *value)
{
    for (const struct choice_fit *fit = f->fits; fit != NULL && fit->value != NULL; fit++) {
        if (strcmp(fit->value, value) != 0) {
            continue;
        }
        json_t *values = json_array();
        for (const char *p = fit->admitted; *p != '\0';) {
            size_t n = strcspn(p, " ");
            if (n > 0) {
                json_array_append_new(values, json_stringn(p, n));
            }
            p += n + (p[n] == ' ');
        }
        return values;
    }
    return NULL;
}

/* The labels of choice c in the description: {"zh-CN", "en"}. */
static json_t *choice_labels(const struct choice *c)
{
    return json_pack("{ss, ss}", "zh-CN", c->zh, "en", c->en);
}

/* Adds the choices of enumeration f that schema's "enum" lacks, with
 * their labels ("x-labels") and what admits them ("x-admitted-by"). */
static void add_choices(const struct field *f, json_t *schema)
{
    json_t *values = json_object_get(schema, "enum");
    if (values == NULL) {
        values = json_array();
        json_object_set_new(schema, "enum", values);
        json_object_set_new(schema, "x-labels", json_object());
    }
    json_t *labels = json_object_get(schema, "x-labels");
    for (const struct choice *c = f->choices; c->value != NULL; c++) {
        if (json_object_get(labels, c->value) != NULL) {
            continue;
        }
        json_array_append_new(values, json_string(c->value));
        json_object_set_new(labels, c->value, choice_labels(c));
        json_t *admitted = admitted_by(f, c->value);
        if (admitted == NULL) {
            continue;
        }
        if (json_object_get(schema, "x-admitted-by") == NULL) {
            json_object_set_new(schema, "x-admitted-by", json_object());
        }
        json_object_set_new(json_object_get(schema, "x-admitted-by"), c->value, admitted);
    }
}

/* Adds the labels of the known values of text f (an open set: not an
 * enumeration) that schema's "x-value-labels" lacks. */
static void add_value_labels(const struct field *f, json_t *schema)
{
    json_t *labels = json_object_get(schema, "x-value-labels");
    if (labels == NULL) {
        labels = json_object();
        json_object_set_new(schema, "x-value-labels", labels);
    }
    for (const struct choice *c = f->choices; c->value != NULL; c++) {
        if (json_object_get(labels, c->value) == NULL) {
            json_object_set_new(labels, c->value, choice_labels(c));
        }
    }
}

/* Adds what f's choices say: an enumeration's values and labels, or the
 * labels of the known values of a text (F_TEXT_NAMED). */
static void add_choice_labels(const struct field *f, json_t *schema)
{
    if (f->type == FIELD_ENUM) {
        add_choices(f, schema);
    } else if (f->type == FIELD_TEXT && f->choices != NULL) {
        add_value_labels(f, schema);
    }
}

/* The schema of one field's value (without null). */
static json_t *value_schema(const struct field *f)
{
    switch (f->type) {
    case FIELD_TEXT: {
        json_t *s = json_pack("{ss, si, sI, ss}", "type", "string", "minLength", 1, "maxLength",
                              (json_int_t)f->max, "pattern", TEXT_PATTERN);
        add_choice_labels(f, s);
        return s;
    }
    case FIELD_SLUG:
        return json_pack("{ss, ss}", "type", "string", "pattern", "^[a-z][a-z0-9_-]{1,39}$");
    case FIELD_TIME:
        return json_pack("{ss, ss, ss}", "type", "string", "format", "date-time", "pattern",
                         "^2[0-9]{3}-");
    case FIELD_DATE:
        return json_pack("{ss, ss, ss}", "type", "string", "format", "date", "pattern",
                         "^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$");
    case FIELD_INT:
        return json_pack("{ss, sI, sI}", "type", "integer", "minimum", (json_int_t)f->min,
                         "maximum", (json_int_t)f->max);
    case FIELD_BOOL:
        return json_pack("{ss}", "type", "boolean");
    case FIELD_ENUM: {
        json_t *s = json_pack("{ss}", "type", "string");
        add_choice_labels(f, s);
        return s;
    }
    case FIELD_LIST:
        return json_pack("{ss, sI, so}", "type", "array", "maxItems", (json_int_t)f->max, "items",
                         fields_schema(f->items, false));
    case FIELD_STRINGS:
        return json_pack("{ss, sI, s{ss}}", "type", "array", "maxItems", (json_int_t)f->max,
                         "items", "type", "string");
    case FIELD_IDS:
        return json_pack("{ss, sI, s{ss, si}}", "type", "array", "maxItems", (json_int_t)f->max,
                         "items", "type", "integer", "minimum", 1);
    case FIELD_OBJECT:
        return f->items ? fields_schema(f->items, false) : json_pack("{ss}", "type", "object");
    }
    return json_object();
}

void schema_allow_null(json_t *schema)
{
    json_t *type = json_object_get(schema, "type");
    if (json_is_string(type)) {
        json_object_set_new(schema, "type", json_pack("[Os]", type, "null"));
    }
    json_t *values = json_object_get(schema, "enum");
    if (values != NULL) {
        json_array_append_new(values, json_null());
    }
}

/* Sets schema's labels to f's, unless it has some already. */
static void add_labels(const struct field *f, json_t *schema)
{
    if (json_object_get(schema, "title") == NULL) {
        json_object_set_new(schema, "title", json_string(f->zh));
        json_object_set_new(schema, "x-title-en", json_string(f->en));
    }
}

/* {"field": [values]} of a field's when. */
static json_t *when_schema(const struct field_when *when)
{
    json_t *values = json_array();
    const char *p = when->values;
    while (*p != '\0') {
        size_t n = strcspn(p, " ");
        if (n > 0) {
            json_array_append_new(values, json_stringn(p, n));
        }
        p += n + (p[n] == ' ');
    }
    return json_pack("{so}", when->field, values);
}

json_t *fields_schema(const struct field *fields, bool partial)
{
    json_t *props = json_object(), *required = json_array();
    for (const struct field *f = fields; f->name != NULL; f++) {
        json_t *s = value_schema(f);
        if (f->flags & FIELD_NULLABLE) {
            schema_allow_null(s);
        }
        add_labels(f, s);
        if (f->flags & FIELD_FIXED) {
            json_object_set_new(s, "x-fixed", json_true());
        }
        if (f->rule != NULL) {
            json_object_set_new(s, "x-rule", json_string(f->rule));
        }
        if (f->when != NULL) {
            json_object_set_new(s, "x-when", when_schema(f->when));
        }
        json_object_set_new(props, f->name, s);
        if ((f->flags & FIELD_REQUIRED) && !partial) {
            json_array_append_new(required, json_string(f->name));
        }
    }
    json_t *schema =
        json_pack("{ss, so, sb}", "type", "object", "properties", props, "additionalProperties", 0);
    if (json_array_size(required) > 0) {
        json_object_set_new(schema, "required", required);
    } else {
        json_decref(required);
    }
    return schema;
}

void field_describe(const struct field *f, json_t *schema)
{
    add_labels(f, schema);
    const char *format = f->type == FIELD_DATE   ? "date"
                         : f->type == FIELD_TIME ? "date-time"
                                                 : NULL;
    if (format != NULL && json_object_get(schema, "format") == NULL) {
        json_object_set_new(schema, "format", json_string(format));
    }
    add_choice_labels(f, schema);
}

/* The JSON type of f's values in an answer. */
static const char *answer_type(const struct field *f)
{
    switch (f->type) {
    case FIELD_INT:
        return "integer";
    case FIELD_BOOL:
        return "boolean";
    case FIELD_LIST:
    case FIELD_STRINGS:
    case FIELD_IDS:
        return "array";
    case FIELD_OBJECT:
        return "object";
    default:
        return "string";
    }
}

json_t *field_answer_schema(const struct field *f)
{
    json_t *s = json_pack("{ss}", "type", answer_type(f));
    if (f->type == FIELD_LIST || f->type == FIELD_STRINGS || f->type == FIELD_IDS) {
        const char *item = f->type == FIELD_LIST      ? "object"
                           : f->type == FIELD_STRINGS ? "string"
                                                      : "integer";
        json_object_set_new(s, "items", json_pack("{ss}", "type", item));
    }
    if (f->type == FIELD_LIST && f->items != NULL) {
        json_t *props = json_object();
        for (const struct field *e = f->items; e->name != NULL; e++) {
            json_object_set_new(props, e->name, field_answer_schema(e));
        }
        json_object_set_new(json_object_get(s, "items"), "properties", props);
    }
    field_describe(f, s);
    if (f->flags & FIELD_NULLABLE) {
        schema_allow_null(s);
    }
    return s;
}
