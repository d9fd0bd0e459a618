/*
 * A query whose answer is a table: its columns, labelled in both
 * languages, and where its rows are in the answer. The HTTP layer then
 * also answers it as CSV or XLSX (?format=csv|xlsx, http/export.h), the
 * OpenAPI description lists the columns, and the web app can show the
 * same figures. See docs/adding-an-area.md, "4. Queries".
 */
#ifndef PROBITY_TABLE_H
#define PROBITY_TABLE_H

#include <jansson.h>
#include <stdbool.h>

enum table_kind {
    TABLE_TEXT,     /* a string */
    TABLE_INT,      /* an integer (a count) */
    TABLE_PERMILLE, /* a share in per mille (an integer, null when nothing to measure) */
    TABLE_FEN,      /* an amount of money in fen (an integer), shown as yuan */
};

struct choice;

struct table_column {
    const char *key;    /* the row's member; "a.b" is member b of member a */
    const char *key_en; /* the member read instead for English (a name's "name_en"), or NULL */
    enum table_kind kind;
    const char *zh; /* the column's heading, zh-CN */
    const char *en; /* the column's heading, English */
    /* A text's values with their labels (record/command.h, ended by a NULL
     * value): the cell is the value's label in the reader's language, a
     * value not there as it is; NULL: the value as it is. */
    const struct choice *choices;
};

struct table {
    const char *zh;   /* what the table is, zh-CN: the sheet's and the file's name */
    const char *en;   /* the same in English, for the file's name */
    const char *rows; /* the answer's member holding the rows (an array; null: none) */
    /* The answer itself as a last row, its first column this label (a
     * total over the rows), when both are set; NULL: no such row. */
    const char *total_zh;
    const char *total_en;
    const struct table_column *columns; /* terminated by a column with key NULL */
};

/*
 * The table of answer as a new JSON array of arrays: first the headings
 * (strings) in the language asked for, then one array per row with each
 * column's value as the answer has it (a string, an integer or null; a
 * member missing is null; a value with a label, its label), then the
 * total row when t declares one. A value of another type than its
 * column's is null.
 */
json_t *table_grid(const struct table *t, const json_t *answer, bool english);
/* The number of columns of t. */
size_t table_width(const struct table *t);

/* The most rows a list's file holds: a paged query asked for as a file
 * without ?limit answers all its rows up to this many (http/export.h). */
#define TABLE_ROWS_MAX 10000

#endif
