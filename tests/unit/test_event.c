/*
 * Unit tests of events (record/event.h) and their replay (record/rebuild.h)
 * on a temporary node: sequence numbers from 0, the stored body as the
 * canonical record, time that never goes backwards, the 65,535-byte limit,
 * paging, and rebuild_check before and after a query table is changed
 * behind the events' back.
 */
#include "core/buf.h"
#include "core/canon.h"
#include "log/db.h"
#include "record/event.h"
#include "record/rebuild.h"
#include "record/verify.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_node.h"

/* Creates the city "zhuji" and the township "diankou". */
static void create_city_and_township(struct store_conn *c)
{
    struct err err;
    assert_int_equal(unit_org_create(c, &actor_system, ORG_CITY, NULL,
                                     "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}",
                                     NULL, NULL, &err),
                     ERR_OK);
    assert_int_equal(
        unit_org_create(c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                        "\"name_en\":\"Diankou\"}",
                        NULL, NULL, &err),
        ERR_OK);
}

/* Creates a village in diankou and returns its id. */
static int64_t create_village(struct store_conn *c, const char *name)
{
    struct err err;
    char input[256];
    int64_t id = 0;
    snprintf(input, sizeof(input), "{\"kind\":\"village\",\"name\":\"%s\"}", name);
    assert_int_equal(
        unit_org_create(c, &actor_system, ORG_VILLAGE, "diankou", input, &id, NULL, &err), ERR_OK);
    return id;
}

/* All event rows, oldest first, with the body as text. */
static json_t *event_rows(struct store_conn *c)
{
    json_t *rows = NULL;
    struct err err;
    err_init(&err);
    assert_int_equal(store_query_json(c, &rows, &err,
                                      "SELECT seq, time, time_ms, township, actor, type,"
                                      " CAST(body AS TEXT) AS body, length(body) AS body_len"
                                      " FROM events ORDER BY seq",
                                      ""),
                     ERR_OK);
    return rows;
}

static void test_event_seq_starts_at_zero_and_increases_by_one(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *result = NULL;
    assert_int_equal(unit_event_count(n->c), 0);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_CITY, NULL,
                                     "{\"id\":\"zhuji\",\"name\":\"诸暨市\",\"name_en\":\"Zhuji\"}",
                                     NULL, &result, &err),
                     ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(result, "event"), "seq")),
                     0);
    json_decref(result);
    assert_int_equal(
        unit_org_create(n->c, &actor_system, ORG_TOWNSHIP, NULL,
                        "{\"id\":\"diankou\",\"kind\":\"township\",\"name\":\"店口镇\","
                        "\"name_en\":\"Diankou\"}",
                        NULL, &result, &err),
        ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(result, "event"), "seq")),
                     1);
    json_decref(result);
    for (int i = 0; i < 5; i++) {
        create_village(n->c, "村");
    }
    assert_int_equal(unit_event_count(n->c), 7);
    json_t *rows = event_rows(n->c);
    assert_int_equal(json_array_size(rows), 7);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        assert_int_equal(json_integer_value(json_object_get(json_array_get(rows, i), "seq")), i);
    }
    json_decref(rows);
}

static void test_event_body_is_the_canonical_record(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    create_city_and_township(n->c);
    int64_t id = create_village(n->c, "湄池村");
    char id_text[32];
    assert_int_equal(unit_org_update(n->c, &actor_system, ORG_VILLAGE, unit_id(id, id_text),
                                     "{\"name_en\":\"Meichi \\\"Village\\\"\\\\\"}", NULL, &err),
                     ERR_OK);
    json_t *rows = event_rows(n->c);
    assert_int_equal(json_array_size(rows), 4);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *row = json_array_get(rows, i);
        const char *body = json_string_value(json_object_get(row, "body"));
        size_t body_len = (size_t)json_integer_value(json_object_get(row, "body_len"));
        assert_int_equal(strlen(body), body_len);
        json_t *record = unit_json(body);

        /* Exactly the six fields. */
        static const char *const keys[] = {"actor", "payload", "seq", "time", "township", "type"};
        assert_int_equal(json_object_size(record), 6);
        for (size_t k = 0; k < 6; k++) {
            assert_non_null(json_object_get(record, keys[k]));
        }
        /* Re-encoding gives the very same bytes. */
        struct buf again;
        buf_init(&again, EVENT_MAX_BYTES);
        err_init(&err);
        assert_int_equal(canon_encode(record, &again, &err), ERR_OK);
        assert_int_equal(again.len, body_len);
        assert_memory_equal(again.data, body, body_len);
        buf_clear(&again);

        /* The columns are derived from the record. */
        assert_true(json_equal(json_object_get(record, "seq"), json_object_get(row, "seq")));
        assert_true(json_equal(json_object_get(record, "time"), json_object_get(row, "time")));
        assert_true(json_equal(json_object_get(record, "type"), json_object_get(row, "type")));
        assert_true(json_equal(json_object_get(record, "actor"), json_object_get(row, "actor")));
        assert_true(
            json_equal(json_object_get(record, "township"), json_object_get(row, "township")));
        assert_string_equal(json_string_value(json_object_get(record, "actor")), "system");
        int64_t ms = 0;
        assert_true(utc_parse(json_string_value(json_object_get(record, "time")), &ms));
        assert_true(ms == json_integer_value(json_object_get(row, "time_ms")));
        json_decref(record);
    }
    /* A city is city-wide; the others belong to diankou. */
    assert_true(json_is_null(json_object_get(json_array_get(rows, 0), "township")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 2), "township")),
                        "diankou");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 3), "type")),
                        "village.updated");
    json_decref(rows);
}

static void test_event_time_never_goes_backwards(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    create_city_and_township(n->c);
    for (int i = 0; i < 5; i++) {
        create_village(n->c, "村");
    }
    json_t *rows = event_rows(n->c);
    for (size_t i = 1; i < json_array_size(rows); i++) {
        assert_true(json_integer_value(json_object_get(json_array_get(rows, i), "time_ms")) >=
                    json_integer_value(json_object_get(json_array_get(rows, i - 1), "time_ms")));
    }
    int64_t seq = (int64_t)json_array_size(rows);
    json_decref(rows);

    /* An event from a clock that ran ahead: later events take its time. */
    int64_t ahead = utc_now_ms() + 86400000LL;
    char ahead_text[UTC_TEXT_MAX];
    utc_format(ahead, ahead_text);
    static const char body[] = "{}";
    err_init(&err);
    /* The row carries its log hashes, as event_record would write them. */
    uint8_t hashes[TLOG_DB_LEAF_HASHES_MAX];
    size_t hashes_len = 0;
    assert_int_equal(
        tlog_db_append_hashes(n->c, seq, body, sizeof(body) - 1, hashes, &hashes_len, &err),
        ERR_OK);
    assert_int_equal(
        store_exec(n->c, &err,
                   "INSERT INTO events (seq, time, time_ms, township, actor, type,"
                   " body, tlog) VALUES (?, ?, ?, NULL, 'system', 'city.updated', ?, ?)",
                   "itibb", seq, ahead_text, ahead, body, sizeof(body) - 1, hashes, hashes_len),
        ERR_OK);
    json_t *result = NULL;
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_VILLAGE, "diankou",
                                     "{\"kind\":\"village\",\"name\":\"后村\"}", NULL, &result,
                                     &err),
                     ERR_OK);
    const json_t *event = json_object_get(result, "event");
    assert_int_equal(json_integer_value(json_object_get(event, "seq")), seq + 1);
    assert_string_equal(json_string_value(json_object_get(event, "time")), ahead_text);
    json_decref(result);
    int64_t last = 0;
    bool found = false;
    assert_int_equal(store_query_int(n->c, &last, &found, &err,
                                     "SELECT time_ms FROM events WHERE seq = ?", "i", seq + 1),
                     ERR_OK);
    assert_true(found);
    assert_true(last == ahead);
}

/* The canonical size of a record like event_record's for a city.created
 * event whose name is filler characters long. */
static size_t city_record_size(int64_t seq, const char *id, size_t filler)
{
    char *name = xmalloc(filler + 1);
    memset(name, 'a', filler);
    name[filler] = '\0';
    json_t *record = json_pack("{sI,ss,sn,ss,ss,s{ss,ss,ss}}", "seq", (json_int_t)seq, "time",
                               "2026-01-01T00:00:00.000Z", "township", "actor", "system", "type",
                               "city.created", "payload", "id", id, "name", name, "name_en", "x");
    struct buf out;
    struct err err;
    buf_init(&out, 1 << 20);
    err_init(&err);
    assert_int_equal(canon_encode(record, &out, &err), ERR_OK);
    size_t size = out.len;
    buf_clear(&out);
    json_decref(record);
    xfree(name);
    return size;
}

/* An event for a write's body to record: its type and payload, and the
 * reference it gets. */
struct event_write {
    const char *type;
    const json_t *payload;
    struct event_ref ref;
};

static enum err_code record_body(struct store_conn *c, void *arg, struct err *err)
{
    struct event_write *w = arg;
    return event_record(c, &actor_system, NULL, w->type, w->payload, &w->ref, err);
}

/* Records city.created for id with a name of filler characters, in its
 * own transaction (rolled back on failure). */
static enum err_code record_city(struct store_conn *c, const char *id, size_t filler)
{
    struct err err;
    char *name = xmalloc(filler + 1);
    memset(name, 'a', filler);
    name[filler] = '\0';
    json_t *payload = json_pack("{ss,ss,ss}", "id", id, "name", name, "name_en", "x");
    struct event_write w = {"city.created", payload, {0}};
    err_init(&err);
    enum err_code rc = store_write(c, record_body, &w, &err);
    if (rc != ERR_OK) {
        assert_int_equal(err.code, rc);
    }
    json_decref(payload);
    xfree(name);
    return rc;
}

static int64_t count_cities(struct store_conn *c)
{
    struct err err;
    int64_t n = -1;
    err_init(&err);
    assert_int_equal(store_query_int(c, &n, NULL, &err, "SELECT COUNT(*) FROM cities", ""), ERR_OK);
    return n;
}

static void test_event_refuses_a_record_over_the_limit_and_writes_nothing(void **state)
{
    struct unit_node *n = *state;
    assert_int_equal(record_city(n->c, "huge", 70000), ERR_TOO_LARGE);
    assert_int_equal(unit_event_count(n->c), 0);
    assert_int_equal(count_cities(n->c), 0);
}

static void test_event_accepts_exactly_65535_bytes_and_no_more(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    size_t base = city_record_size(0, "big", 1000);
    size_t filler = 1000 + (EVENT_MAX_BYTES - base);
    assert_int_equal(city_record_size(0, "big", filler), EVENT_MAX_BYTES);
    assert_int_equal(record_city(n->c, "big", filler), ERR_OK);
    int64_t len = 0;
    err_init(&err);
    assert_int_equal(store_query_int(n->c, &len, NULL, &err,
                                     "SELECT length(body) FROM events WHERE seq = 0", ""),
                     ERR_OK);
    assert_int_equal(len, EVENT_MAX_BYTES);

    base = city_record_size(1, "big2", 1000);
    filler = 1000 + (EVENT_MAX_BYTES - base) + 1;
    assert_int_equal(city_record_size(1, "big2", filler), EVENT_MAX_BYTES + 1);
    assert_int_equal(record_city(n->c, "big2", filler), ERR_TOO_LARGE);
    assert_int_equal(unit_event_count(n->c), 1);
    assert_int_equal(count_cities(n->c), 1);
}

/* Records a city from the payload arg, sees it there, then fails, so
 * that the write is rolled back. */
static enum err_code record_then_fail(struct store_conn *c, void *arg, struct err *err)
{
    struct event_ref ref;
    assert_int_equal(event_record(c, &actor_system, NULL, "city.created", arg, &ref, err), ERR_OK);
    assert_int_equal(ref.seq, 0);
    assert_string_equal(ref.type, "city.created");
    assert_int_equal(unit_event_count(c), 1);
    assert_int_equal(count_cities(c), 1);
    return err_set(err, ERR_CONFLICT, NULL, NULL, NULL);
}

static void test_event_is_undone_with_its_transaction(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *payload = unit_json("{\"id\":\"gone\",\"name\":\"n\",\"name_en\":\"n\"}");
    err_init(&err);
    assert_int_equal(store_write(n->c, record_then_fail, payload, &err), ERR_CONFLICT);
    assert_int_equal(unit_event_count(n->c), 0);
    assert_int_equal(count_cities(n->c), 0);
    json_decref(payload);
}

/* Records three villages, then fails: the transaction is undone. */
static enum err_code villages_then_fail(struct store_conn *c, void *arg, struct err *err)
{
    (void)arg;
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof(name), "rolled back %d", i);
        create_village(c, name);
    }
    return err_set(err, ERR_CONFLICT, NULL, NULL, NULL);
}

/* Records n villages named after tag, each in its own transaction. */
static void villages(struct store_conn *c, const char *tag, int n)
{
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof(name), "%s %d", tag, i);
        create_village(c, name);
    }
}

/* The log verifies: every stored hash is the one its leaves give. */
static void log_verifies(struct unit_node *n)
{
    struct tlog_key key;
    struct verify_report report;
    struct err err;
    err_init(&err);
    assert_int_equal(node_key(n->data, &key, &err), ERR_OK);
    assert_int_equal(verify_log(n->c, &key, 1, NULL, NULL, &report, &err), ERR_OK);
    if (report.problem != VERIFY_OK) {
        fail_msg("%s", report.detail);
    }
}

/* The edge a writer keeps in memory (log/db.h) is used only while it is the
 * database's: after a rollback, and after another process appended the
 * very leaves the rolled-back transaction had, it is read afresh. */
static void test_event_log_edge_follows_rollbacks_and_other_writers(void **state)
{
    struct unit_node *n = *state;
    struct store *other = NULL;
    struct err err;
    err_init(&err);
    create_city_and_township(n->c);
    villages(n->c, "first", 5);
    assert_int_equal(store_write(n->c, villages_then_fail, NULL, &err), ERR_CONFLICT);
    int64_t size = unit_event_count(n->c);
    /* Another process appends as many leaves as were rolled back. */
    assert_int_equal(node_open(n->data, 1, &other, &err), ERR_OK);
    struct store_conn *c2 = store_acquire(other);
    villages(c2, "other", 3);
    store_release(c2);
    assert_int_equal(tlog_db_refresh(n->st, &err), ERR_OK);
    assert_int_equal(unit_event_count(n->c), size + 3);
    villages(n->c, "again", 4);
    log_verifies(n);
    /* And again, with this writer's edge current in between. */
    c2 = store_acquire(other);
    villages(c2, "other again", 9);
    store_release(c2);
    villages(n->c, "last", 17);
    store_close(other);
    log_verifies(n);
    assert_int_equal(unit_event_count(n->c), size + 3 + 4 + 9 + 17);
}

static void test_event_of_an_unknown_type_is_refused(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *payload = unit_json("{\"id\":1}");
    static const char *const types[] = {"nothing.created", "city.renamed", "city", ""};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        struct event_write w = {types[i], payload, {0}};
        err_init(&err);
        assert_int_equal(store_write(n->c, record_body, &w, &err), ERR_INTEGRITY);
    }
    assert_int_equal(unit_event_count(n->c), 0);
    json_decref(payload);
}

static void test_event_ref_json_has_seq_type_and_time(void **state)
{
    (void)state;
    struct event_ref ref = {
        .seq = 12, .type = "person.updated", .time = "2026-01-02T03:04:05.006Z"};
    json_t *v = event_ref_json(&ref);
    assert_int_equal(json_object_size(v), 4);
    assert_int_equal(json_integer_value(json_object_get(v, "seq")), 12);
    assert_int_equal(json_integer_value(json_object_get(v, "log_index")), 12);
    assert_string_equal(json_string_value(json_object_get(v, "type")), "person.updated");
    assert_string_equal(json_string_value(json_object_get(v, "time")), "2026-01-02T03:04:05.006Z");
    json_decref(v);
}

static void test_event_list_pages_records_in_order(void **state)
{
    struct unit_node *n = *state;
    struct err err;
    json_t *page = NULL;
    create_city_and_township(n->c);
    create_village(n->c, "一村");
    create_village(n->c, "二村");
    err_init(&err);
    assert_int_equal(event_list(n->c, 2, 1, &page, &err), ERR_OK);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 4);
    assert_int_equal(json_integer_value(json_object_get(page, "limit")), 2);
    assert_int_equal(json_integer_value(json_object_get(page, "offset")), 1);
    const json_t *items = json_object_get(page, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "seq")), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "type")),
                        "township.created");
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(items, 1), "payload"), "name")),
                        "一村");
    json_decref(page);

    assert_int_equal(event_list(n->c, 50, 10, &page, &err), ERR_OK);
    assert_int_equal(json_array_size(json_object_get(page, "items")), 0);
    assert_int_equal(json_integer_value(json_object_get(page, "total")), 4);
    json_decref(page);
}

/* Runs rebuild_check with a scratch database in the node's folder and
 * checks that the scratch file is gone afterwards. */
static void rebuild(struct unit_node *n, struct rebuild_report *rep)
{
    char scratch[UNIT_PATH_MAX];
    struct err err;
    unit_path(scratch, n->tmp, "scratch.db");
    err_init(&err);
    memset(rep, 0x55, sizeof(*rep));
    assert_int_equal(rebuild_check(n->c, scratch, rep, &err), ERR_OK);
    assert_int_equal(access(scratch, F_OK), -1);
}

/* Writes a little of everything: creates, an update and a delete. */
static void write_some_history(struct unit_node *n)
{
    struct err err;
    char id_text[32];
    int64_t body = 0;
    int64_t post = 0;
    int64_t person = 0;
    create_city_and_township(n->c);
    int64_t village = create_village(n->c, "湄池村");
    create_village(n->c, "店口村");
    assert_int_equal(unit_org_update(n->c, &actor_system, ORG_VILLAGE, unit_id(village, id_text),
                                     "{\"name_en\":\"Meichi\"}", NULL, &err),
                     ERR_OK);
    json_t *result = NULL;
    err_init(&err);
    assert_int_equal(org_delete(n->c, &actor_system, ORG_VILLAGE, id_text, &result, &err), ERR_OK);
    json_decref(result);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_BODY, "diankou",
                                     "{\"class\":\"committee\",\"name\":\"党委\",\"name_en\":"
                                     "\"Committee\"}",
                                     &body, NULL, &err),
                     ERR_OK);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_POST, unit_id(body, id_text),
                                     "{\"role\":\"member\",\"label\":\"委员\",\"label_en\":"
                                     "\"Member\",\"seats\":5}",
                                     &post, NULL, &err),
                     ERR_OK);
    assert_int_equal(unit_org_create(n->c, &actor_system, ORG_PERSON, "diankou",
                                     "{\"name\":\"张三\",\"gender\":\"male\"}", &person, NULL,
                                     &err),
                     ERR_OK);
    char input[256];
    snprintf(input, sizeof(input),
             "{\"person_id\":%lld,\"post_id\":%lld,\"start_date\":\"2024-01-01\"}",
             (long long)person, (long long)post);
    assert_int_equal(
        unit_org_create(n->c, &actor_system, ORG_MEMBERSHIP, NULL, input, NULL, NULL, &err),
        ERR_OK);
}

static void test_event_rebuild_reports_equal_after_writes(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    write_some_history(n);
    rebuild(n, &rep);
    assert_true(rep.equal);
    assert_int_equal(rep.events, unit_event_count(n->c));
    assert_true(rep.rows >= 7);
    assert_string_equal(rep.table, "");
}

static void test_event_rebuild_of_an_empty_log_is_equal(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    rebuild(n, &rep);
    assert_true(rep.equal);
    assert_int_equal(rep.events, 0);
    assert_int_equal(rep.rows, 0);
}

static void test_event_rebuild_names_a_table_updated_directly(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    struct err err;
    write_some_history(n);
    err_init(&err);
    assert_int_equal(
        store_exec(n->c, &err, "UPDATE townships SET name = ? WHERE id = 'diankou'", "t", "改名"),
        ERR_OK);
    rebuild(n, &rep);
    assert_false(rep.equal);
    assert_string_equal(rep.table, "township");
    assert_true(rep.detail[0] != '\0');
}

static void test_event_rebuild_names_a_table_with_an_extra_row(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    struct err err;
    write_some_history(n);
    err_init(&err);
    assert_int_equal(store_exec(n->c, &err,
                                "INSERT INTO posts (id, organization_id, role, label, label_en,"
                                " seats) VALUES (99, (SELECT MIN(id) FROM organizations),"
                                " 'staff', 'x', 'x', 1)",
                                ""),
                     ERR_OK);
    rebuild(n, &rep);
    assert_false(rep.equal);
    assert_string_equal(rep.table, "post");
}

static void test_event_rebuild_refuses_an_existing_scratch_file(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    struct err err;
    char scratch[UNIT_PATH_MAX];
    unit_path(scratch, n->tmp, "scratch.db");
    FILE *f = fopen(scratch, "w");
    assert_non_null(f);
    fputs("keep me", f);
    fclose(f);
    err_init(&err);
    assert_int_equal(rebuild_check(n->c, scratch, &rep, &err), ERR_EXISTS);
    assert_int_equal(access(scratch, F_OK), 0);
}

/* Appends an event row with the given type and body, bypassing
 * event_record. */
static void append_raw_event(struct store_conn *c, const char *type, const char *body)
{
    struct err err;
    int64_t seq = unit_event_count(c);
    err_init(&err);
    /* Its log hashes are left empty: rebuild does not read them. */
    assert_int_equal(store_exec(c, &err,
                                "INSERT INTO events (seq, time, time_ms, township, actor, type,"
                                " body, tlog) VALUES (?, '2026-01-01T00:00:00.000Z', 0, NULL,"
                                " 'system', ?, ?, X'')",
                                "itb", seq, type, body, strlen(body)),
                     ERR_OK);
}

static void test_event_rebuild_reports_events_it_cannot_replay(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    struct err err;
    char scratch[UNIT_PATH_MAX];
    create_city_and_township(n->c);
    append_raw_event(n->c, "nothing.created",
                     "{\"actor\":\"system\",\"payload\":{\"id\":1},\"seq\":2,\"time\":"
                     "\"2026-01-01T00:00:00.000Z\",\"township\":null,\"type\":"
                     "\"nothing.created\"}");
    unit_path(scratch, n->tmp, "scratch.db");
    err_init(&err);
    assert_int_equal(rebuild_check(n->c, scratch, &rep, &err), ERR_INTEGRITY);
    assert_int_equal(access(scratch, F_OK), -1);
}

static void test_event_rebuild_reports_unreadable_records(void **state)
{
    struct unit_node *n = *state;
    struct rebuild_report rep;
    struct err err;
    char scratch[UNIT_PATH_MAX];
    create_city_and_township(n->c);
    append_raw_event(n->c, "city.created", "not json");
    unit_path(scratch, n->tmp, "scratch.db");
    err_init(&err);
    assert_int_equal(rebuild_check(n->c, scratch, &rep, &err), ERR_INTEGRITY);
    assert_int_equal(access(scratch, F_OK), -1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, unit_node_setup, unit_node_teardown)
    const struct CMUnitTest tests[] = {
        T(test_event_seq_starts_at_zero_and_increases_by_one),
        T(test_event_body_is_the_canonical_record),
        T(test_event_time_never_goes_backwards),
        T(test_event_refuses_a_record_over_the_limit_and_writes_nothing),
        T(test_event_accepts_exactly_65535_bytes_and_no_more),
        T(test_event_is_undone_with_its_transaction),
        T(test_event_log_edge_follows_rollbacks_and_other_writers),
        T(test_event_of_an_unknown_type_is_refused),
        cmocka_unit_test(test_event_ref_json_has_seq_type_and_time),
        T(test_event_list_pages_records_in_order),
        T(test_event_rebuild_reports_equal_after_writes),
        T(test_event_rebuild_of_an_empty_log_is_equal),
        T(test_event_rebuild_names_a_table_updated_directly),
        T(test_event_rebuild_names_a_table_with_an_extra_row),
        T(test_event_rebuild_refuses_an_existing_scratch_file),
        T(test_event_rebuild_reports_events_it_cannot_replay),
        T(test_event_rebuild_reports_unreadable_records),
    };
#undef T
    return cmocka_run_group_tests(tests, unit_group_setup, NULL);
}
