/*
 * Tests of the stored rulebook (src/areas/rulebook/rulebooks.c): the built-in
 * default as version 1 until the city stores one; a new version is an
 * event of its own, for the admin only, never retroactive, the next
 * version of its scope; a dry run writes nothing; a township's override is
 * merged over the city's; and an old decision keeps the version (and
 * digest) it was taken under while a new one takes the new version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"
#include "unit_decision.h"

/* The built-in default with version, effective_from and (for a change)
 * major_decision's notice hours replaced: a complete city document. */
static json_t *city_document(long long version, int64_t effective_ms, long long notice_hours)
{
    json_error_t jerr;
    json_t *doc = json_loads(rulebook_default_text(), 0, &jerr);
    char when[UTC_TEXT_MAX];
    utc_format(effective_ms, when);
    json_object_set_new(doc, "version", json_integer(version));
    json_object_set_new(doc, "effective_from", json_string(when));
    json_object_set_new(json_object_get(json_object_get(doc, "categories"), "major_decision"),
                        "notice_hours", json_integer(notice_hours));
    return doc;
}

static enum err_code post(struct fixture *f,
                          const struct actor *who,
                          int64_t now,
                          json_t *document,
                          bool dry_run,
                          json_t **result,
                          bool *wrote,
                          struct err *err)
{
    json_t *in = json_pack("{so, sb}", "document", document, "dry_run", dry_run);
    json_t *out = NULL;
    struct ctx x = fx_ctx(f, who, now);
    err_init(err);
    enum err_code rc = fx_command(&x, &rulebook_change_command, NULL, 0, in, &out, err);
    *wrote = rc == ERR_OK && json_object_get(out, "event") != NULL;
    json_decref(in);
    if (result != NULL) {
        *result = out;
    } else {
        json_decref(out);
    }
    return rc;
}

static void test_built_in_default_is_version_one(void **state)
{
    struct fixture *f = *state;
    struct err err;
    json_t *out = NULL;
    struct ctx x = fx_ctx(f, &f->clerk, UNIT_T0);
    err_init(&err);
    assert_ok_rc(rulebooks_get(&x, "diankou", &out, &err), &err);
    json_t *in_force = json_object_get(out, "in_force");
    assert_int_equal(json_integer_value(json_object_get(in_force, "version")), 1);
    assert_true(json_is_true(json_object_get(in_force, "built_in")));
    assert_int_equal(json_array_size(json_object_get(out, "history")), 0);
    json_decref(out);
    assert_int_equal(rulebooks_get(&x, "nowhere", &out, &err), ERR_NOT_FOUND);
}

static void test_only_the_admin_changes_the_rulebook(void **state)
{
    struct fixture *f = *state;
    struct err err;
    bool wrote = false;
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = post(f, &f->secretary, UNIT_T0, city_document(1, UNIT_T0 + HOUR_MS, 48),
                            false, NULL, &wrote, &err);
    assert_int_equal(rc, ERR_FORBIDDEN);
    assert_false(wrote);
    assert_int_equal(unit_event_count(f->n.c), before);
}

static void test_changes_are_never_retroactive_and_in_order(void **state)
{
    struct fixture *f = *state;
    struct err err;
    bool wrote = false;
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = post(f, &f->admin, UNIT_T0, city_document(1, UNIT_T0 - HOUR_MS, 48), false,
                            NULL, &wrote, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "rulebook.retroactive", before, f->n.c);
    rc = post(f, &f->admin, UNIT_T0, city_document(3, UNIT_T0 + HOUR_MS, 48), false, NULL, &wrote,
              &err);
    assert_refused(rc, &err, ERR_CONFLICT, "rulebook.version", before, f->n.c);
    json_t *bad = city_document(1, UNIT_T0 + HOUR_MS, 48);
    json_object_set_new(bad, "surprise", json_true());
    rc = post(f, &f->admin, UNIT_T0, bad, false, NULL, &wrote, &err);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(unit_event_count(f->n.c), before);
}

static void test_dry_run_shows_the_diff_and_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct err err;
    bool wrote = true;
    json_t *out = NULL;
    int64_t before = unit_event_count(f->n.c);
    assert_ok_rc(
        post(f, &f->admin, UNIT_T0, city_document(1, UNIT_T0, 72), true, &out, &wrote, &err), &err);
    assert_false(wrote);
    assert_int_equal(unit_event_count(f->n.c), before);
    json_t *diff = json_object_get(out, "diff");
    bool found = false;
    size_t i;
    json_t *d;
    json_array_foreach(diff, i, d)
    {
        if (strcmp(json_string_value(json_object_get(d, "path")),
                   "categories.major_decision.notice_hours") == 0) {
            found = json_integer_value(json_object_get(d, "new")) == 72;
        }
    }
    assert_true(found);
    json_decref(out);
}

static void test_an_old_decision_keeps_its_version(void **state)
{
    struct fixture *f = *state;
    struct err err;
    bool wrote = false;
    json_t *out = NULL;
    int64_t old_item = 0, new_item = 0;
    /* Version 1 stored (48 hours), an item notified under it. */
    assert_ok_rc(
        post(f, &f->admin, UNIT_T0, city_document(1, UNIT_T0, 48), false, &out, &wrote, &err),
        &err);
    assert_true(wrote);
    assert_string_equal(json_string_value(json_object_get(json_object_get(out, "event"), "type")),
                        "rulebook.created");
    json_decref(out);
    int64_t meeting = fx_meeting(f, START);
    assert_ok_rc(fx_add(f, meeting, fx_matter(f, "major_decision", 0), START - 50 * HOUR_MS, NULL,
                        &old_item, &err),
                 &err);
    /* Version 2 (72 hours) from an hour later. */
    int64_t v2_from = START - 49 * HOUR_MS;
    assert_ok_rc(post(f, &f->admin, START - 50 * HOUR_MS, city_document(2, v2_from, 72), false,
                      NULL, &wrote, &err),
                 &err);
    /* A new item notified under version 2 with 50 hours is an ad-hoc motion. */
    int64_t matter = fx_matter(f, "major_decision", 0);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = fx_add(f, meeting, matter, START - 48 * HOUR_MS - 1, NULL, NULL, &err);
    assert_refused(rc, &err, ERR_INVALID, "notice.min_hours", before, f->n.c);
    assert_ok_rc(fx_add(f, meeting, matter, START - 48 * HOUR_MS - 1, "汛期", &new_item, &err),
                 &err);
    struct ctx x = fx_ctx(f, &f->clerk, START);
    json_t *old_json = NULL, *new_json = NULL;
    assert_ok_rc(item_get(&x, &(struct args){.id = old_item}, &old_json, &err), &err);
    assert_ok_rc(item_get(&x, &(struct args){.id = new_item}, &new_json, &err), &err);
    json_t *old_ref = json_object_get(old_json, "rulebook");
    json_t *new_ref = json_object_get(new_json, "rulebook");
    assert_int_equal(json_integer_value(json_object_get(old_ref, "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(new_ref, "version")), 2);
    assert_string_not_equal(json_string_value(json_object_get(old_ref, "digest")),
                            json_string_value(json_object_get(new_ref, "digest")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(old_json, "requirements"),
                                                        "notice_hours")),
                     48);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(new_json, "requirements"),
                                                        "notice_hours")),
                     72);
    assert_false(json_is_true(json_object_get(old_json, "adhoc")));
    json_decref(old_json);
    json_decref(new_json);
    /* The history lists both, version 2 in force. */
    assert_ok_rc(rulebooks_get(&x, NULL, &out, &err), &err);
    json_t *history = json_object_get(out, "history");
    assert_int_equal(json_array_size(history), 2);
    assert_true(json_is_true(json_object_get(json_array_get(history, 1), "in_force")));
    assert_false(json_is_true(json_object_get(json_array_get(history, 0), "in_force")));
    json_decref(out);
}

static void test_township_override_merged_over_the_city(void **state)
{
    struct fixture *f = *state;
    struct err err;
    bool wrote = false;
    json_t *out = NULL;
    int64_t now = START;
    char when[UTC_TEXT_MAX];
    utc_format(now + HOUR_MS, when);
    json_t *override = jf("{\"version\":2,\"effective_from\":\"%s\",\"township\":\"diankou\","
                          "\"categories\":{\"routine_affairs\":{\"notice_hours\":24}}}",
                          when);
    int64_t before = unit_event_count(f->n.c);
    enum err_code rc = post(f, &f->admin, now, override, false, NULL, &wrote, &err);
    assert_refused(rc, &err, ERR_CONFLICT, "rulebook.version", before, f->n.c);
    override = jf("{\"version\":1,\"effective_from\":\"%s\",\"township\":\"diankou\","
                  "\"categories\":{\"routine_affairs\":{\"notice_hours\":24}}}",
                  when);
    assert_ok_rc(post(f, &f->admin, now, override, false, NULL, &wrote, &err), &err);
    struct ctx x = fx_ctx(f, &f->clerk, now + 2 * HOUR_MS);
    assert_ok_rc(rulebooks_get(&x, "diankou", &out, &err), &err);
    json_t *in_force = json_object_get(out, "in_force");
    assert_string_equal(json_string_value(json_object_get(in_force, "township")), "diankou");
    assert_int_equal(json_integer_value(json_object_get(in_force, "city_version")), 2);
    json_t *doc = json_object_get(in_force, "document");
    json_t *cats = json_object_get(doc, "categories");
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(cats, "routine_affairs"), "notice_hours")),
                     24);
    assert_int_equal(json_integer_value(
                         json_object_get(json_object_get(cats, "major_decision"), "notice_hours")),
                     72);
    json_decref(out);
    /* Zhibu keeps the city's. */
    assert_ok_rc(rulebooks_get(&x, "zhibu", &out, &err), &err);
    assert_true(json_is_null(json_object_get(json_object_get(out, "in_force"), "township")));
    json_decref(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_built_in_default_is_version_one),
        cmocka_unit_test(test_only_the_admin_changes_the_rulebook),
        cmocka_unit_test(test_changes_are_never_retroactive_and_in_order),
        cmocka_unit_test(test_dry_run_shows_the_diff_and_writes_nothing),
        cmocka_unit_test(test_an_old_decision_keeps_its_version),
        cmocka_unit_test(test_township_override_merged_over_the_city),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
