/*
 * The calendar feeds: their secrets (libsodium) and their iCalendar text
 * (libical). See calendar.h.
 */
#include "areas/workbench/calendar.h"

#include "store/store.h"

#include "core/utc.h"
#include "record/policy.h"

#include <libical/ical.h>
#include <sodium.h>
#include <string.h>

#define TOKEN_BYTES 32
/* How far back the feed reaches, and how long a meeting is taken to last. */
#define BACK_MS    (90LL * 24 * 3600 * 1000)
#define MEETING_MS (2LL * 3600 * 1000)

/* The meetings of the feed's user from since_ms: all of the township's
 * for those who prepare or countersign the minutes ('a' first), else those
 * the person convenes or is notified of. Parameters: all (0/1), township,
 * since, person, person. */
#define MEETINGS_SQL(agenda)                                                                       \
    "SELECT m.id, m.title, m.starts_ms, m.place, m.cancelled_at, m.revision, (" agenda             \
    ") AS agenda FROM meetings m WHERE (? = 1 OR m.convener_id = ? OR EXISTS (SELECT 1"            \
    " FROM notifications n JOIN agenda_items i ON i.id = n.agenda_item_id"                         \
    " WHERE i.meeting_id = m.id AND n.person_id = ?)) AND m.township_id = ? AND m.starts_ms >= ?"  \
    " ORDER BY m.starts_ms"
/* The titles of the meeting's agenda in order, joined by '；', as each
 * database spells it. */
#define AGENDA_SQLITE                                                                              \
    "SELECT group_concat(mt.title, '；') FROM (SELECT mt.title FROM agenda_items i"               \
    " JOIN matters mt ON mt.id = i.matter_id WHERE i.meeting_id = m.id ORDER BY i.position) mt"
#define AGENDA_POSTGRES                                                                            \
    "SELECT string_agg(mt.title, '；' ORDER BY i.position) FROM agenda_items i"                   \
    " JOIN matters mt ON mt.id = i.matter_id WHERE i.meeting_id = m.id"
static const char meetings_sqlite[] = MEETINGS_SQL(AGENDA_SQLITE);
static const char meetings_postgres[] = MEETINGS_SQL(AGENDA_POSTGRES);

enum err_code calendar_feed_create(struct store *st,
                                   int64_t user_id,
                                   char token[CALENDAR_TOKEN_MAX],
                                   struct err *err)
{
    unsigned char raw[TOKEN_BYTES], key[crypto_hash_sha256_BYTES];
    char now[UTC_TEXT_MAX];
    randombytes_buf(raw, sizeof(raw));
    memcpy(token, "pf_", 3);
    sodium_bin2base64(token + 3, CALENDAR_TOKEN_MAX - 3, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
    utc_format(utc_now_ms(), now);
    struct store_conn *c = store_acquire(st);
    enum err_code rc =
        store_exec(c, err,
                   "INSERT INTO calendar_feeds (user_id, token_hash, created)"
                   " VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE"
                   " SET token_hash = excluded.token_hash, created = excluded.created",
                   "ibt", user_id, key, sizeof(key), now);
    store_release(c);
    return rc;
}

enum err_code calendar_feed_delete(struct store *st, int64_t user_id, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc =
        store_exec(c, err, "DELETE FROM calendar_feeds WHERE user_id = ?", "i", user_id);
    store_release(c);
    return rc;
}

/* A time of the record (ms since the epoch) as iCalendar's UTC time. */
static struct icaltimetype utc_time(int64_t ms)
{
    return icaltime_from_timet_with_zone((time_t)(ms / 1000), 0, icaltimezone_get_utc_timezone());
}

/* One meeting row as a VEVENT of cal. */
static void add_meeting(icalcomponent *cal, const json_t *m, const char *township, int64_t now_ms)
{
    char uid[96];
    int64_t starts = (int64_t)json_integer_value(json_object_get(m, "starts_ms"));
    const char *agenda = json_string_value(json_object_get(m, "agenda"));
    snprintf(uid, sizeof(uid), "meeting-%lld-%s@probity",
             (long long)json_integer_value(json_object_get(m, "id")), township);
    icalcomponent *ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now_ms)));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(starts)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(utc_time(starts + MEETING_MS)));
    icalcomponent_add_property(
        ev, icalproperty_new_summary(json_string_value(json_object_get(m, "title"))));
    icalcomponent_add_property(
        ev, icalproperty_new_location(json_string_value(json_object_get(m, "place"))));
    if (agenda != NULL) {
        icalcomponent_add_property(ev, icalproperty_new_description(agenda));
    }
    /* A postponement moves the event (a newer sequence); a cancellation
     * marks it cancelled, so that the office calendar shows it struck. */
    icalcomponent_add_property(
        ev, icalproperty_new_sequence((int)json_integer_value(json_object_get(m, "revision"))));
    if (json_is_string(json_object_get(m, "cancelled_at"))) {
        icalcomponent_add_property(ev, icalproperty_new_status(ICAL_STATUS_CANCELLED));
    }
    icalcomponent_add_component(cal, ev);
}

enum err_code calendar_render(
    struct store *st, const char *token, int64_t now_ms, struct buf *out, struct err *err)
{
    unsigned char key[crypto_hash_sha256_BYTES];
    json_t *user = NULL, *meetings = NULL;
    crypto_hash_sha256(key, (const unsigned char *)token, strlen(token));
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_query_row(c, &user, err,
                                       "SELECT u.role, u.township_id, u.person_id"
                                       " FROM calendar_feeds f JOIN users u ON u.id = f.user_id"
                                       " WHERE f.token_hash = ? AND u.disabled IS NULL",
                                       "b", key, sizeof(key));
    if (rc != ERR_OK || user == NULL) {
        store_release(c);
        return rc != ERR_OK ? rc
                            : err_set(err, ERR_NOT_FOUND, NULL, "没有这个日历", "no such calendar");
    }
    const char *township = json_string_value(json_object_get(user, "township_id"));
    enum role role = ROLE_PUBLIC;
    (void)role_parse(json_string_value(json_object_get(user, "role")), &role);
    bool all =
        policy_role_has(role, CAP_MEETING_MANAGE) || policy_role_has(role, CAP_MEETING_COUNTERSIGN);
    int64_t person = (int64_t)json_integer_value(json_object_get(user, "person_id"));
    rc = store_query_json(c, &meetings, err, store_sql(c, meetings_sqlite, meetings_postgres),
                          "iiiti", (int64_t)all, person, person, township, now_ms - BACK_MS);
    store_release(c);
    if (rc == ERR_OK) {
        icalcomponent *cal = icalcomponent_new_vcalendar();
        icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
        icalcomponent_add_property(cal, icalproperty_new_prodid("-//probity//meetings//ZH"));
        icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
        size_t i;
        json_t *m;
        json_array_foreach(meetings, i, m)
        {
            add_meeting(cal, m, township ? township : "", now_ms);
        }
        char *text = icalcomponent_as_ical_string_r(cal);
        rc = buf_append_str(out, text);
        icalmemory_free_buffer(text);
        icalcomponent_free(cal);
    }
    json_decref(user);
    json_decref(meetings);
    return rc;
}
