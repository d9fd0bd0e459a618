/*
 * Turns a query's answer into the grid of its declared table (table.h):
 * headings, then rows of plain values, for the CSV and XLSX renderers.
 */
#include "record/table.h"

#include "record/command.h"

#include <string.h>

size_t table_width(const struct table *t)
{
    size_t n = 0;
    while (t->columns[n].key != NULL) {
        n++;
    }
    return n;
}

/* The member at a dotted path of row (borrowed), or NULL. */
static json_t *member_at(const json_t *row, const char *path)
{
    char name[64];
    const json_t *at = row;
    while (at != NULL && *path != '\0') {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        if (len >= sizeof(name)) {
            return NULL;
        }
        memcpy(name, path, len);
        name[len] = '\0';
        at = json_object_get(at, name);
        path += dot ? len + 1 : len;
    }
    return (json_t *)at;
}

/* The cell of column c in row: a new reference, null when the value is
 * missing or not of the column's kind. */
static json_t *cell(const struct table_column *c, const json_t *row, bool english)
{
    json_t *v = member_at(row, english && c->key_en ? c->key_en : c->key);
    bool fits = c->kind == TABLE_TEXT ? json_is_string(v) : json_is_integer(v);
    for (const struct choice *k = c->choices; fits && k != NULL && k->value != NULL; k++) {
        if (strcmp(k->value, json_string_value(v)) == 0) {
            return json_string(english ? k->en : k->zh);
        }
    }
    return fits ? json_incref(v) : json_null();
}

static json_t *row_cells(const struct table *t, const json_t *row, bool english)
{
    json_t *cells = json_array();
    for (const struct table_column *c = t->columns; c->key != NULL; c++) {
        json_array_append_new(cells, cell(c, row, english));
    }
    return cells;
}

json_t *table_grid(const struct table *t, const json_t *answer, bool english)
{
    json_t *grid = json_array(), *headings = json_array();
    for (const struct table_column *c = t->columns; c->key != NULL; c++) {
        json_array_append_new(headings, json_string(english ? c->en : c->zh));
    }
    json_array_append_new(grid, headings);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(answer, t->rows), i, row)
    {
        json_array_append_new(grid, row_cells(t, row, english));
    }
    if (t->total_zh != NULL && t->total_en != NULL) {
        json_t *total = row_cells(t, answer, english);
        json_array_set_new(total, 0, json_string(english ? t->total_en : t->total_zh));
        json_array_append_new(grid, total);
    }
    return grid;
}
