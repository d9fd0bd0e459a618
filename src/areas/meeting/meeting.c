/*
 * Meetings: scheduling and changing one, and reading them with their
 * agenda, amendments, next steps and the numbers of their printed notice
 * and minutes (document.c). See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"
#include "record/steps.h"

#include "core/page.h"

#include <stdio.h>
#include <string.h>

/* Reads the declared "starts_at" (RFC 3339), when given, into ms and its
 * UTC text. */
static enum err_code
read_start(const struct args *a, int64_t *ms, char text[UTC_TEXT_MAX], bool *given, struct err *err)
{
    const char *raw = args_text(a, "starts_at");
    *given = false;
    if (raw == NULL) {
        return ERR_OK;
    }
    if (!utc_parse(raw, ms) || *ms < 946684800000LL || *ms > 32503680000000LL) {
        return err_set(err, ERR_INVALID, "starts_at",
                       "开始时间须为 2000 至 2999 年间的时间（RFC 3339）",
                       "the start must be a time from 2000 to 2999 (RFC 3339)");
    }
    utc_format(*ms, text);
    *given = true;
    return ERR_OK;
}

/* Schedules a meeting in a->township (the runner checked the township,
 * the policy and the input). */
static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    int64_t starts = 0, convener = args_int(a, "convener_id");
    bool given = false;
    char start_text[UTC_TEXT_MAX], now[UTC_TEXT_MAX];
    json_t *row = NULL, *item = NULL;
    struct event_ref ref;
    enum err_code rc = read_start(a, &starts, start_text, &given, err);
    if (rc == ERR_OK) {
        rc = org_check_person(x->c, a->township, convener, "convener_id", err);
    }
    if (rc != ERR_OK) {
        return rc;
    }
    ctx_now_text(x, now);
    row = json_pack("{ss, ss, ss, ss, sI, ss, sI, ss, ss, sn, sn, sn, sn, sn, sn, si, sn, sn}",
                    "township_id", a->township, "kind", args_text(a, "kind"), "title",
                    args_text(a, "title"), "starts_at", start_text, "starts_ms", (json_int_t)starts,
                    "place", args_text(a, "place"), "convener_id", (json_int_t)convener, "created",
                    now, "created_by", actor_label(x->who), "countersigned_by", "countersign_login",
                    "countersigned_at", "countersign_note", "finalised_at", "finalised_by",
                    "revision", 1, "cancelled_at", "changes");
    rc = entity_create(x->c, x->who, &meeting_entity, a->township, row, &ref, err);
    if (rc == ERR_OK) {
        rc = meeting_get(x, &(struct args){.id = row_int(row, "id")}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    json_decref(row);
    return rc;
}

static const struct choice meeting_kinds[] = {
    {"committee", "党委会议", "committee meeting"},
    {"joint", "党政联席会议", "joint party-government meeting"},
    {NULL, NULL, NULL},
};

static const struct field create_fields[] = {
    F_ENUM("kind", FIELD_REQUIRED, meeting_kinds, "会议类型", "kind"),
    F_TEXT("title", FIELD_REQUIRED, 200, "会议名称", "title"),
    F_TIME("starts_at", FIELD_REQUIRED, "开始时间", "starts at"),
    F_TEXT("place", FIELD_REQUIRED, 200, "地点", "place"),
    F_REF("convener_id", FIELD_REQUIRED, "召集人", "convener"),
    F_END,
};

const struct command meeting_create_command = {
    .name = "meeting.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/meetings",
    .cap = CAP_MEETING_MANAGE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "安排会议",
    .en = "Schedule a meeting",
    .entity = &meeting_entity,
};

enum err_code meeting_need_stage(const json_t *meeting, enum meeting_stage stage, struct err *err)
{
    bool finalised = row_text(meeting, "finalised_at") != NULL;
    bool countersigned = row_text(meeting, "countersigned_at") != NULL;
    if (row_text(meeting, "cancelled_at") != NULL) {
        return procedure_refuse(err, PROCEDURE_MEETING_CANCELLED, NULL);
    }
    if (stage == MEETING_FINALISED) {
        return finalised ? ERR_OK : procedure_refuse(err, PROCEDURE_NOT_FINALISED, NULL);
    }
    if (finalised) {
        return procedure_refuse(err, PROCEDURE_FINALISED, NULL);
    }
    if (stage == MEETING_OPEN && countersigned) {
        return procedure_refuse(err, PROCEDURE_COUNTERSIGNED, NULL);
    }
    if (stage == MEETING_COUNTERSIGNED && !countersigned) {
        return procedure_refuse(err, PROCEDURE_COUNTERSIGN_FIRST, NULL);
    }
    return ERR_OK;
}

enum err_code meeting_begin(const struct ctx *x,
                            const struct args *a,
                            enum meeting_stage stage,
                            json_t **row,
                            struct err *err)
{
    enum err_code rc = meeting_load(x->c, a->id, row, err);
    if (rc == ERR_OK) {
        rc = meeting_need_stage(*row, stage, err);
    }
    if (rc == ERR_OK) {
        rc = row_check_revision(a->input, *row, err);
    }
    if (rc != ERR_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return rc;
}

static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *item = NULL;
    const char *title = args_text(a, "title"), *place = args_text(a, "place");
    int64_t starts = 0, convener = args_int(a, "convener_id"), items = 0, started = 0;
    bool given = false;
    char start_text[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = meeting_begin(x, a, MEETING_OPEN, &row, err);
    if (rc != ERR_OK) {
        return rc;
    }
    const char *township = row_text(row, "township_id");
    if (convener != 0) {
        rc = org_check_person(x->c, township, convener, "convener_id", err);
    }
    if (rc == ERR_OK) {
        rc = read_start(a, &starts, start_text, &given, err);
    }
    if (rc == ERR_OK && given) {
        rc = store_query_int(x->c, &items, NULL, err,
                             "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?", "i", a->id);
        if (rc == ERR_OK) {
            rc = store_query_int(x->c, &started, NULL, err,
                                 "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?"
                                 " AND status <> 'notified'",
                                 "i", a->id);
        }
        /* Notices were measured against the old start: bringing it forward
         * would turn notified items into ad-hoc motions after the fact. */
        if (rc == ERR_OK && started > 0) {
            rc = procedure_refuse(err, PROCEDURE_ATTENDANCE_LOCKED, "starts_at");
        } else if (rc == ERR_OK && items > 0 && starts < row_int(row, "starts_ms")) {
            rc = procedure_refuse(err, PROCEDURE_MEETING_EARLIER, "starts_at");
        }
    }
    if (rc != ERR_OK) {
        json_decref(row);
        return rc;
    }
    if (title != NULL) {
        json_object_set_new(row, "title", json_string(title));
    }
    if (place != NULL) {
        json_object_set_new(row, "place", json_string(place));
    }
    if (convener != 0) {
        json_object_set_new(row, "convener_id", json_integer(convener));
    }
    if (given) {
        json_object_set_new(row, "starts_at", json_string(start_text));
        json_object_set_new(row, "starts_ms", json_integer(starts));
    }
    row_bump_revision(row);
    rc = entity_update(x->c, x->who, &meeting_entity, township, row, &ref, err);
    if (rc == ERR_OK) {
        rc = meeting_get(x, &(struct args){.id = a->id}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field update_fields[] = {
    F_TEXT("title", 0, 200, "会议名称", "title"),
    F_TIME("starts_at", 0, "开始时间", "starts at"),
    F_TEXT("place", 0, 200, "地点", "place"),
    F_REF("convener_id", 0, "召集人", "convener"),
    F_REVISION,
    F_END,
};

const struct command meeting_update_command = {
    .name = "meeting.update",
    .method = "PATCH",
    .path = "/api/v1/meetings/{id}",
    .cap = CAP_MEETING_MANAGE,
    .status = 200,
    .fields = update_fields,
    .run = update_body,
    .zh = "修改会议名称、地点、时间或召集人",
    .en = "Change a meeting's title, place, time or convener",
    .entity = &meeting_entity,
    .scope = "SELECT township_id FROM meetings WHERE id = ?",
};

/* The commands of a meeting's steps. */
static const struct step_command meeting_steps[] = {
    {"add_item", &agenda_add_command},
    {"edit", &meeting_update_command},
    {"postpone", &meeting_postpone_command},
    {"cancel", &meeting_cancel_command},
    {"countersign", &meeting_countersign_command},
    {"finalise", &meeting_finalise_command},
    {"amend", &meeting_amend_command},
    {NULL, NULL},
};

/* The meeting's next steps and what blocks the others. */
static void meeting_next(
    const struct ctx *x, const json_t *row, const json_t *items, json_t *next, json_t *blocked)
{
    char base[64];
    snprintf(base, sizeof(base), "/api/v1/meetings/%lld", (long long)row_int(row, "id"));
    char path[96];
#define NEXT(action, tail)                                                                         \
    do {                                                                                           \
        snprintf(path, sizeof(path), "%s%s", base, tail);                                          \
        json_array_append_new(next, json_pack("{ss, ss}", "action", action, "path", path));        \
    } while (0)
    if (row_text(row, "cancelled_at") != NULL) {
        procedure_block(x->english, blocked, "*", PROCEDURE_MEETING_CANCELLED);
        return;
    }
    if (row_text(row, "finalised_at") != NULL) {
        NEXT("amend", "/amendments");
        procedure_block(x->english, blocked, "*", PROCEDURE_FINALISED);
        return;
    }
    if (row_text(row, "countersigned_at") != NULL) {
        NEXT("finalise", "/finalise");
        procedure_block(x->english, blocked, "add_item", PROCEDURE_COUNTERSIGNED);
        return;
    }
    NEXT("add_item", "/items");
    NEXT("edit", "");
    bool open = false, begun = false;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        open = open || !item_concluded(it);
        begun = begun || strcmp(row_text(it, "status"), "notified") != 0;
    }
    if (begun) {
        procedure_block(x->english, blocked, "postpone", PROCEDURE_MEETING_BEGUN);
        procedure_block(x->english, blocked, "cancel", PROCEDURE_MEETING_BEGUN);
    } else {
        NEXT("postpone", "/postpone");
        NEXT("cancel", "/cancel");
    }
    if (open) {
        procedure_block(x->english, blocked, "countersign", PROCEDURE_ITEMS_OPEN);
    } else {
        NEXT("countersign", "/countersign");
    }
    procedure_block(x->english, blocked, "finalise", PROCEDURE_COUNTERSIGN_FIRST);
#undef NEXT
}

enum err_code meeting_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t id = a->id;
    json_t *row = NULL, *items = NULL, *amendments = NULL, *convener = NULL;
    enum err_code rc = meeting_load(x->c, id, &row, err);
    const char *township = row ? row_text(row, "township_id") : NULL;
    bool insider = rc == ERR_OK && policy_can_read(x->who, township);
    if (rc == ERR_OK && !insider && row_text(row, "finalised_at") == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT a.id, a.position, " ITEM_STATUS_SQL(
                "a",
                "g") " AS status, a.adhoc,"
                     " a.vote_only, a.matter_id, m.title, m.category, m.amount_fen, a.notified_at,"
                     " a.concluded_at, a.resolution_text FROM agenda_items a"
                     " JOIN matters m ON m.id = a.matter_id JOIN meetings g ON g.id = a.meeting_id"
                     " WHERE a.meeting_id = ?"
                     " ORDER BY a.position",
            "i", id);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &amendments, err,
            "SELECT id, meeting_id, agenda_item_id, text, reason, recorded_by,"
            " recorded_at, " LAST_SEQ_SQL(
                "amendment",
                "amendments.id") " AS seq FROM amendments WHERE meeting_id = ? ORDER BY id",
            "i", id);
    }
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &convener, err,
                             "SELECT p.name, p.name_en, " MEETING_STAGE_SQL(
                                 "g") " AS stage"
                                      " FROM meetings g JOIN people p ON p.id = g.convener_id"
                                      " WHERE g.id = ?",
                             "ii", x->now_ms, id);
    }
    if (rc == ERR_OK) {
        rc = meeting_document(x->c, row, err);
    }
    if (rc == ERR_OK) {
        json_t *next = json_array(), *blocked = json_array();
        if (insider) {
            meeting_next(x, row, items, next, blocked);
            steps_keep_permitted(x->who, township, next, meeting_steps);
        }
        json_object_set(row, "convener_name", json_object_get(convener, "name"));
        json_object_set(row, "convener_name_en", json_object_get(convener, "name_en"));
        json_object_set(row, "stage", json_object_get(convener, "stage"));
        json_object_set_new(row, "items", items);
        json_object_set_new(row, "amendments", amendments);
        json_object_set_new(row, "next", next);
        json_object_set_new(row, "blocked", blocked);
        items = amendments = NULL;
        *item = json_incref(row);
    }
    json_decref(row);
    json_decref(items);
    json_decref(amendments);
    json_decref(convener);
    return rc;
}

static const struct choice meeting_stages[] = {
    {"scheduled", "未开始", "not yet begun"},     {"under_way", "进行中", "under way"},
    {"countersigned", "已会签", "countersigned"}, {"finalised", "已定稿", "finalised"},
    {"cancelled", "已取消", "cancelled"},         {NULL, NULL, NULL},
};
#define F_STAGE F_ENUM("stage", 0, meeting_stages, "会议进程", "stage")

/* A body that issues a meeting's notice and minutes. */
static const struct field issuer_fields[] = {
    F_TEXT("name", FIELD_REQUIRED, 0, "名称", "name"),
    F_TEXT("name_en", FIELD_REQUIRED, 0, "英文名称", "name in English"),
    F_END,
};

/* What a meeting carries besides its row: its convener's name, where it
 * stands, what its printed notice and minutes carry (document.c), its
 * items and amendments, and its steps. */
static const struct field get_extra[] = {
    F_STAGE,
    F_TEXT("convener_name", FIELD_NULLABLE, 0, "召集人", "convener"),
    F_TEXT("convener_name_en", FIELD_NULLABLE, 0, "召集人（英文）", "convener in English"),
    F_LIST("issuers", 0, 2, issuer_fields, "发文机关", "issuing bodies"),
    F_TEXT("issuer_code", FIELD_NULLABLE, 0, "机关代字", "issuing code"),
    F_INT("notice_year", 0, 2000, 9999, "会议通知年份", "notice's year"),
    F_INT("notice_number", 0, 1, FIELD_INT_MAX, "会议通知序号", "notice's number"),
    F_INT("minutes_year", FIELD_NULLABLE, 2000, 9999, "会议纪要年份", "minutes' year"),
    F_INT("minutes_number", FIELD_NULLABLE, 1, FIELD_INT_MAX, "会议纪要期号", "minutes' number"),
    F_LIST("items", 0, 0, NULL, "议程", "agenda"),
    F_LIST("amendments", 0, 0, NULL, "纪要更正", "amendments"),
    F_STEPS,
    F_END,
};

const struct query meeting_get_query = {
    .name = "meeting.get",
    .path = "/api/v1/meetings/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = meeting_get,
    .zh = "一次会议及其议程和下一步",
    .en = "One meeting with its agenda and next steps",
    .entity = &meeting_entity,
    .extra = get_extra,
};

enum err_code
meeting_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t from = 0, to = INT64_MAX, total = 0;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
    if (rc == ERR_OK && q->from != NULL && !utc_shanghai_date_ms(q->from, &from)) {
        rc = err_set(err, ERR_BAD_REQUEST, "from", "“from”须为日期 YYYY-MM-DD",
                     "'from' must be a date YYYY-MM-DD");
    }
    if (rc == ERR_OK && q->to != NULL && !utc_shanghai_date_ms(q->to, &to)) {
        rc = err_set(err, ERR_BAD_REQUEST, "to", "“to”须为日期 YYYY-MM-DD",
                     "'to' must be a date YYYY-MM-DD");
    }
#define MEETING_LIST_WHERE                                                                         \
    " FROM meetings g WHERE g.township_id = ? AND g.starts_ms >= ? AND g.starts_ms < ?"            \
    " AND (? = 1 OR g.finalised_at IS NOT NULL)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" MEETING_LIST_WHERE, "tiii",
                             township, from, to, all);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT g.id, g.township_id, g.kind, g.title, g.starts_at, g.place, g.convener_id,"
            " g.countersigned_at, g.finalised_at, g.cancelled_at, g.revision,"
            " " MEETING_STAGE_SQL(
                "g") " AS stage,"
                     " (SELECT COUNT(*) FROM agenda_items a WHERE a.meeting_id = g.id) AS items,"
                     " (SELECT COUNT(*) FROM agenda_items a WHERE a.meeting_id = g.id AND a.adhoc "
                     "= 1)"
                     " AS adhoc_items,"
                     " (SELECT COUNT(*) FROM agenda_items a WHERE a.meeting_id = g.id"
                     " AND a.status IN ('passed', 'rejected', 'deferred')) AS "
                     "concluded_items" MEETING_LIST_WHERE
                     " ORDER BY g.starts_ms DESC, g.id DESC LIMIT ? OFFSET ?",
            "itiiiii", x->now_ms, township, from, to, all, q->limit, q->offset);
    }
#undef MEETING_LIST_WHERE
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

/* What a listed meeting carries besides its columns: its items' counts. */
static const struct field list_extra[] = {
    F_STAGE,
    F_INT("items", 0, 0, FIELD_INT_MAX, "议题数", "items"),
    F_INT("adhoc_items", 0, 0, FIELD_INT_MAX, "临时动议数", "items added at the meeting"),
    F_INT("concluded_items", 0, 0, FIELD_INT_MAX, "已审议完毕的议题数", "items concluded"),
    F_END,
};

static const struct field period_params[] = {
    F_DATE("from", 0, "起始日期", "from"),
    F_DATE("to", 0, "截止日期（不含）", "to (exclusive)"),
    F_END,
};

const struct query meeting_list_query = {
    .name = "meeting.list",
    .path = "/api/v1/townships/{tid}/meetings",
    .cap = CAP_PUBLIC_READ,
    .params = period_params,
    .paged = true,
    .run = meeting_list,
    /* The public sees finalised meetings only, whose stage the clock no
     * longer moves. */
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的会议（可按起止日期）",
    .en = "Meetings of a township (?from, ?to)",
    .entity = &meeting_entity,
    .extra = list_extra,
};
