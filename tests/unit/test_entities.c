/*
 * Tests of the entity declarations against the schema: every entity the
 * areas register has a table whose columns are exactly id and its fields,
 * and its insert, update, delete and dump statements prepare against the
 * migrated database. The migrations are the schema's source; this is what
 * keeps the declarations in step with them. Every entity also has its name
 * in both languages, what it declares of its columns (.columns) is of its
 * columns, the queries and commands that answer its rows name an entity
 * the areas register, and a query's short page title is in both languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "record/area.h"
#include "unit.h"
#include "unit_node.h"

/* The table's columns as a JSON array of names, in table order. */
static json_t *table_columns(struct store_conn *c, const char *table)
{
    struct err err;
    json_t *rows = NULL, *names = json_array();
    err_init(&err);
    assert_int_equal(
        store_query_json(c, &rows, &err, "SELECT name FROM pragma_table_info(?)", "t", table),
        ERR_OK);
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_array_append(names, json_object_get(row, "name"));
    }
    json_decref(rows);
    return names;
}

static void test_every_entity_matches_its_table(void **state)
{
    struct unit_node *n = *state;
    size_t i = 0, count = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        count++;
        assert_non_null(e->table);
        json_t *columns = table_columns(n->c, e->table);
        size_t n_fields = 0;
        while (e->fields[n_fields].name != NULL) {
            n_fields++;
        }
        if (json_array_size(columns) != n_fields + 1) {
            fail_msg("%s: table %s has %zu columns, the entity declares id and %zu", e->name,
                     e->table, json_array_size(columns), n_fields);
        }
        for (size_t k = 0; k < n_fields; k++) {
            bool found = false;
            for (size_t c = 0; c < json_array_size(columns) && !found; c++) {
                found =
                    strcmp(json_string_value(json_array_get(columns, c)), e->fields[k].name) == 0;
            }
            if (!found) {
                fail_msg("%s: no column %s in table %s", e->name, e->fields[k].name, e->table);
            }
            assert_true(strchr("tij", e->fields[k].type) != NULL);
        }
        json_decref(columns);
    }
    assert_true(count >= 20);
}

static void test_every_entity_statement_prepares(void **state)
{
    struct unit_node *n = *state;
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        const char *sql[] = {e->sql_insert, entity_update_sql(e), e->sql_delete, e->sql_dump};
        for (size_t k = 0; k < ARRAY_SIZE(sql); k++) {
            struct err err;
            struct store_stmt *s = NULL;
            err_init(&err);
            if (store_prepare(n->c, sql[k], &s, &err) != ERR_OK) {
                fail_msg("%s: %s: %s", e->name, sql[k], err_message(&err, true));
            }
            store_done(s);
        }
    }
}

static void test_entity_names_are_unique(void **state)
{
    (void)state;
    size_t i = 0;
    for (const struct entity *a = area_entity_next(&i); a != NULL; a = area_entity_next(&i)) {
        assert_ptr_equal(entity_find(a->name, strlen(a->name)), a);
    }
}

/* True when text has a character outside ASCII (a zh-CN name is in Chinese). */
static bool has_non_ascii(const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if ((unsigned char)*p >= 0x80) {
            return true;
        }
    }
    return false;
}

static void test_every_entity_has_its_names(void **state)
{
    (void)state;
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        if (e->zh == NULL || !has_non_ascii(e->zh)) {
            fail_msg("%s: no zh-CN name (.zh in its ENTITY declaration)", e->name);
        }
        if (e->en == NULL || e->en[0] < 'a' || e->en[0] > 'z' || has_non_ascii(e->en)) {
            fail_msg("%s: no English name, a lower-case phrase (.en)", e->name);
        }
    }
}

static void test_every_area_has_its_names(void **state)
{
    (void)state;
    for (size_t a = 0; areas[a] != NULL; a++) {
        if (areas[a]->zh == NULL || !has_non_ascii(areas[a]->zh)) {
            fail_msg("area %s: no zh-CN name (.zh in its struct area)", areas[a]->name);
        }
        if (areas[a]->en == NULL || areas[a]->en[0] < 'a' || areas[a]->en[0] > 'z' ||
            has_non_ascii(areas[a]->en)) {
            fail_msg("area %s: no English name, a lower-case phrase (.en)", areas[a]->name);
        }
        assert_ptr_equal(area_named(areas[a]->name), areas[a]);
    }
    assert_null(area_named("nowhere"));
}

/* True when e has a column name (but id). */
static bool has_column(const struct entity *e, const char *name)
{
    for (const struct entity_field *c = e->fields; c->name != NULL; c++) {
        if (strcmp(c->name, name) == 0) {
            return true;
        }
    }
    return false;
}

static void test_declared_columns_are_columns(void **state)
{
    (void)state;
    size_t i = 0, declared = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        for (const struct field *f = e->columns; f != NULL && f->name != NULL; f++, declared++) {
            if (!has_column(e, f->name)) {
                fail_msg("%s: .columns declares %s, which is not one of its columns", e->name,
                         f->name);
            }
            if (f->type == FIELD_ENUM && f->choices[0].value == NULL) {
                fail_msg("%s.%s: an enumeration without choices", e->name, f->name);
            }
        }
    }
    assert_true(declared >= 3); /* an agenda item's, a budget's and an adjustment's status */
}

/* True when ent is one of the entities the areas register. */
static bool registered(const struct entity *ent)
{
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        if (e == ent) {
            return true;
        }
    }
    return false;
}

static void test_answers_name_registered_entities(void **state)
{
    (void)state;
    size_t i = 0, named = 0;
    for (const struct query *q = area_query_next(&i); q != NULL; q = area_query_next(&i)) {
        if (q->entity != NULL && !registered(q->entity)) {
            fail_msg("query %s: its entity is not registered by an area", q->name);
        }
        named += q->entity != NULL;
    }
    i = 0;
    for (const struct command *c = area_command_next(&i); c != NULL; c = area_command_next(&i)) {
        if (c->entity != NULL && !registered(c->entity)) {
            fail_msg("command %s: its entity is not registered by an area", c->name);
        }
    }
    assert_true(named >= 10);
}

/* A query's short page title is in both languages or neither (the
 * web's navigation shows it in the UI language). */
static void test_page_titles_in_both_languages(void **state)
{
    (void)state;
    size_t i = 0, titled = 0;
    for (const struct query *q = area_query_next(&i); q != NULL; q = area_query_next(&i)) {
        if ((q->title_zh == NULL) != (q->title_en == NULL)) {
            fail_msg("query %s: a page title in one language only", q->name);
        }
        if (q->title_zh == NULL) {
            continue;
        }
        if (!has_non_ascii(q->title_zh)) {
            fail_msg("query %s: no zh-CN page title (.title_zh)", q->name);
        }
        if (q->title_en[0] < 'a' || q->title_en[0] > 'z' || has_non_ascii(q->title_en)) {
            fail_msg("query %s: no English page title, a lower-case phrase (.title_en)", q->name);
        }
        titled++;
    }
    assert_true(titled >= 2); /* the bidders' and the evaluators' registers */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_entity_matches_its_table, unit_node_setup,
                                        unit_node_teardown),
        cmocka_unit_test_setup_teardown(test_every_entity_statement_prepares, unit_node_setup,
                                        unit_node_teardown),
        cmocka_unit_test(test_entity_names_are_unique),
        cmocka_unit_test(test_every_entity_has_its_names),
        cmocka_unit_test(test_every_area_has_its_names),
        cmocka_unit_test(test_declared_columns_are_columns),
        cmocka_unit_test(test_answers_name_registered_entities),
        cmocka_unit_test(test_page_titles_in_both_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
