/*
 * Resolutions: the agenda items that passed, with the progress of their
 * execution tasks (src/areas/task/) and, for those that authorise
 * spending (rules/authorisation.h), what they authorise and what was
 * spent citing them. See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"
#include "rules/authorisation.h"

/* What a resolution authorises and what was spent citing it, beside its
 * columns (from agenda_items a JOIN matters m). */
#define SPENDING_COLUMNS                                                                           \
    " m.category IN " RULES_SPENDING_CATEGORIES_SQL " AS authorises_spending, m.budget_line_id,"   \
    " m.department_id, m.spend_from, m.spend_until,"                                               \
    " (SELECT l.purpose FROM budget_lines l WHERE l.id = m.budget_line_id) AS line_purpose,"       \
    " (SELECT o.name FROM organizations o WHERE o.id = m.department_id) AS department_name,"       \
    " (SELECT o.name_en FROM organizations o WHERE o.id = m.department_id) AS department_name_en," \
    " (SELECT COALESCE(SUM(e.amount_fen), 0) FROM expenditures e WHERE e.resolution_id = a.id)"    \
    " AS spent_fen"

enum err_code
resolution_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0, total = 0;
    int64_t line = args_int(a, "spending_line");
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
    /* ?spending_line: those that authorise spending from the line (named,
     * or its department named with no line). */
#define RESOLUTION_WHERE                                                                           \
    " FROM agenda_items a JOIN matters m ON m.id = a.matter_id"                                    \
    " JOIN meetings g ON g.id = a.meeting_id WHERE a.township_id = ? AND a.status = 'passed'"      \
    " AND (? = 1 OR g.finalised_at IS NOT NULL) AND (? = 0 OR (m.category "                        \
    "IN " RULES_SPENDING_CATEGORIES_SQL " AND (m.budget_line_id = ? OR (m.budget_line_id IS NULL"  \
    " AND m.department_id = (SELECT l.department_id FROM budget_lines l WHERE l.id = ?)))))"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" RESOLUTION_WHERE, "tiiii",
                             township, all, line, line, line);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(
            x->c, &items, err,
            "SELECT a.id, a.meeting_id, a.matter_id, m.title, m.category, m.amount_fen,"
            " a.resolution_text, a.concluded_at, a.result, a.rulebook,"
            " " LAST_SEQ_SQL(
                "agenda_item",
                "a.id") " AS result_seq,"
                        " g.title AS meeting_title, g.starts_at, g.finalised_at,"
                        " (SELECT COUNT(*) FROM tasks t WHERE t.agenda_item_id = a.id) AS tasks,"
                        " (SELECT COUNT(*) FROM tasks t WHERE t.agenda_item_id = a.id AND t.status "
                        "= 'done')"
                        " AS tasks_done," SPENDING_COLUMNS RESOLUTION_WHERE
                        " ORDER BY g.starts_ms DESC, a.id DESC LIMIT ? OFFSET ?",
            "tiiiiii", township, all, line, line, line, q->limit, q->offset);
    }
#undef RESOLUTION_WHERE
    if (rc == ERR_OK) {
        size_t i;
        json_t *row;
        json_array_foreach(items, i, row)
        {
            row_decode(&agenda_item_entity, row); /* result, rulebook */
            json_object_set_new(row, "authorises_spending",
                                json_boolean(row_int(row, "authorises_spending") != 0));
        }
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

enum err_code resolution_spending(
    struct store_conn *c, const json_t *matter, int64_t item_id, json_t **out, struct err *err)
{
    json_t *spent = NULL, *line = NULL;
    *out = json_null();
    if (!rules_authorises_spending(row_text(matter, "category"))) {
        return ERR_OK;
    }
    enum err_code rc = store_query_json(
        c, &spent, err,
        "SELECT e.id, e.budget_line_id, l.purpose AS line_purpose, e.amount_fen, e.purpose,"
        " e.spent_on, e.justification FROM expenditures e"
        " JOIN budget_lines l ON l.id = e.budget_line_id WHERE e.resolution_id = ?"
        " ORDER BY e.spent_on, e.id",
        "i", item_id);
    if (rc == ERR_OK) {
        rc = store_query_row(c, &line, err,
                             "SELECT (SELECT purpose FROM budget_lines WHERE id = ?) AS purpose,"
                             " o.name AS department_name, o.name_en AS department_name_en"
                             " FROM (SELECT 1) one LEFT JOIN organizations o ON o.id = ?",
                             "ii", row_int(matter, "budget_line_id"),
                             row_int(matter, "department_id"));
    }
    if (rc != ERR_OK) {
        json_decref(spent);
        return rc;
    }
    int64_t total = 0, authorised = row_int(matter, "amount_fen");
    size_t i;
    json_t *e;
    json_array_foreach(spent, i, e)
    {
        total += row_int(e, "amount_fen");
    }
    *out = json_pack("{sI, sI, sI, sO?, sO?, sO?, sO?, sO?, sO?, sO?, so}", "authorised_fen",
                     (json_int_t)authorised, "spent_fen", (json_int_t)total, "left_fen",
                     (json_int_t)(authorised - total), "budget_line_id",
                     json_object_get(matter, "budget_line_id"), "line_purpose",
                     json_object_get(line, "purpose"), "department_id",
                     json_object_get(matter, "department_id"), "department_name",
                     json_object_get(line, "department_name"), "department_name_en",
                     json_object_get(line, "department_name_en"), "spend_from",
                     json_object_get(matter, "spend_from"), "spend_until",
                     json_object_get(matter, "spend_until"), "expenditures", spent);
    json_decref(line);
    return ERR_OK;
}

static const struct field resolution_params[] = {
    F_INT("spending_line",
          0,
          1,
          INT64_MAX,
          "可作为该预算线支出依据的决议",
          "resolutions authorising spending from this budget line"),
    F_END,
};

enum err_code
resolution_latest(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t total = 0;
    json_t *items = NULL;
    /* What anyone may read: passed items of finalised meetings. */
#define LATEST_WHERE                                                                               \
    " FROM agenda_items a JOIN matters m ON m.id = a.matter_id"                                    \
    " JOIN meetings g ON g.id = a.meeting_id JOIN townships w ON w.id = a.township_id"             \
    " WHERE a.status = 'passed' AND g.finalised_at IS NOT NULL"
    enum err_code rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" LATEST_WHERE, "");
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &items, err,
                              "SELECT a.id, a.township_id, w.name AS township_name,"
                              " w.name_en AS township_name_en, a.meeting_id, m.title, m.category,"
                              " m.amount_fen, a.resolution_text, a.concluded_at,"
                              " g.title AS meeting_title, g.starts_at, g.finalised_at" LATEST_WHERE
                              " ORDER BY g.finalised_at DESC, a.id DESC LIMIT ? OFFSET ?",
                              "ii", q->limit, q->offset);
    }
#undef LATEST_WHERE
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

/* What a city-wide resolution carries: its township's names, its matter's. */
static const struct field latest_extra[] = {
    F_TEXT("township_id", 0, 0, "乡镇", "township"),
    F_TEXT("township_name", 0, 0, "乡镇名称", "township's name"),
    F_TEXT("township_name_en", 0, 0, "乡镇英文名称", "township's name in English"),
    F_INT("meeting_id", 0, 0, INT64_MAX, "会议", "meeting"),
    F_TEXT("title", 0, 0, "事项", "matter"),
    F_TEXT("category", 0, 0, "事项类别", "category"),
    F_INT("amount_fen", 0, 0, INT64_MAX, "金额（分）", "amount (fen)"),
    F_TEXT("resolution_text", FIELD_NULLABLE, 0, "决议内容", "resolution"),
    F_TEXT("concluded_at", 0, 0, "形成决议时间", "concluded at"),
    F_TEXT("meeting_title", 0, 0, "会议名称", "meeting"),
    F_TEXT("starts_at", 0, 0, "会议时间", "meeting time"),
    F_TEXT("finalised_at", 0, 0, "纪要定稿时间", "minutes finalised at"),
    F_END,
};

const struct query resolution_latest_query = {
    .name = "resolution.latest",
    .path = "/api/v1/resolutions",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = resolution_latest,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "全市最新公开的决议（纪要已定稿的会议通过的议题）",
    .en = "The latest public resolutions across the city (passed at meetings whose minutes are "
          "final)",
    .extra = latest_extra,
};

const struct query resolution_list_query = {
    .name = "resolution.list",
    .path = "/api/v1/townships/{tid}/resolutions",
    .cap = CAP_PUBLIC_READ,
    .params = resolution_params,
    .paged = true,
    .run = resolution_list,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的决议及其执行任务和依据它的支出（可按预算线）",
    .en =
        "Resolutions of a township with their tasks and the spending citing them (?spending_line)",
};
