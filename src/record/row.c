/*
 * Row helpers (row.h).
 */
#include "record/row.h"

#include "rules/procedure.h"

void row_decode(const struct entity *ent, json_t *row)
{
    for (size_t i = 0; ent->fields[i].name != NULL; i++) {
        if (ent->fields[i].type != 'j') {
            continue;
        }
        const char *text = json_string_value(json_object_get(row, ent->fields[i].name));
        if (text == NULL) {
            continue;
        }
        json_error_t jerr;
        json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
        json_object_set_new(row, ent->fields[i].name, v ? v : json_null());
    }
}

enum err_code row_load(struct store_conn *c,
                       const struct entity *ent,
                       const char *sql,
                       int64_t id,
                       json_t **row,
                       struct err *err)
{
    json_t *found = NULL;
    enum err_code rc = store_query_row(c, &found, err, sql, "i", id);
    if (rc != ERR_OK) {
        return rc;
    }
    if (found == NULL) {
        return err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    row_decode(ent, found);
    *row = found;
    return ERR_OK;
}

int64_t row_int(const json_t *row, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(row, key));
}

const char *row_text(const json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

enum err_code row_check_revision(const json_t *input, const json_t *row, struct err *err)
{
    const json_t *given = json_object_get(input, "revision");
    if (given == NULL || json_is_null(given)) {
        return ERR_OK;
    }
    if (!json_is_integer(given)) {
        return err_set(err, ERR_INVALID, "revision", "“revision”须为整数",
                       "'revision' must be an integer");
    }
    if (json_integer_value(given) != json_integer_value(json_object_get(row, "revision"))) {
        return procedure_refuse(err, PROCEDURE_STALE, "revision");
    }
    return ERR_OK;
}

void row_bump_revision(json_t *row)
{
    json_object_set_new(row, "revision", json_integer(row_int(row, "revision") + 1));
}
