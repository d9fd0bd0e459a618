/*
 * Declared input fields: checking a request body against them, and their
 * JSON Schema for the API's description and the web forms. See command.h.
 */
#include "record/command.h"

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
    case FIELD_TIME:
        return input_text(input, f->name, flags, (size_t)f->max, &text, err);
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
            continue;
        }
        rc = check_value(f, input, err);
    }
    return rc;
}

/* What input_text accepts, as a JSON Schema pattern: no control
 * character (C0, DEL, C1), no space at either end. */
#define TEXT_CHAR    "\\u0000-\\u001f\\u007f-\\u009f"
#define TEXT_PATTERN "^[^ " TEXT_CHAR "](?:[^" TEXT_CHAR "]*[^ " TEXT_CHAR "])?$"

/* The schema of one field's value (without null). */
static json_t *value_schema(const struct field *f)
{
    switch (f->type) {
    case FIELD_TEXT:
        return json_pack("{ss, si, sI, ss}", "type", "string", "minLength", 1, "maxLength",
                         (json_int_t)f->max, "pattern", TEXT_PATTERN);
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
        json_t *values = json_array(), *labels = json_object();
        for (const struct choice *c = f->choices; c->value != NULL; c++) {
            json_array_append_new(values, json_string(c->value));
            json_object_set_new(labels, c->value,
                                json_pack("{ss, ss}", "zh-CN", c->zh, "en", c->en));
        }
        return json_pack("{ss, so, so}", "type", "string", "enum", values, "x-labels", labels);
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

json_t *fields_schema(const struct field *fields, bool partial)
{
    json_t *props = json_object(), *required = json_array();
    for (const struct field *f = fields; f->name != NULL; f++) {
        json_t *s = value_schema(f);
        if (f->flags & FIELD_NULLABLE) {
            json_t *type = json_object_get(s, "type");
            json_object_set_new(s, "type", json_pack("[Os]", type, "null"));
            json_t *values = json_object_get(s, "enum");
            if (values != NULL) {
                json_array_append_new(values, json_null());
            }
        }
        json_object_set_new(s, "title", json_string(f->zh));
        json_object_set_new(s, "x-title-en", json_string(f->en));
        if (f->flags & FIELD_FIXED) {
            json_object_set_new(s, "x-fixed", json_true());
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
