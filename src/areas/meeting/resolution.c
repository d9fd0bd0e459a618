/*
 * Resolutions: the agenda items that passed, with the progress of their
 * execution tasks (src/areas/task/). See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

enum err_code
resolution_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0, total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, township, err);
#define RESOLUTION_WHERE                                                                           \
    " FROM agenda_items a JOIN matters m ON m.id = a.matter_id"                                    \
    " JOIN meetings g ON g.id = a.meeting_id WHERE a.township_id = ? AND a.status = 'passed'"      \
    " AND (? = 1 OR g.finalised_at IS NOT NULL)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" RESOLUTION_WHERE, "ti",
                             township, all);
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
                        " AS tasks_done" RESOLUTION_WHERE " ORDER BY g.starts_ms DESC, a.id DESC"
                        " LIMIT ? OFFSET ?",
            "tiii", township, all, q->limit, q->offset);
    }
#undef RESOLUTION_WHERE
    if (rc == ERR_OK) {
        size_t i;
        json_t *row;
        json_array_foreach(items, i, row)
        {
            row_decode(&agenda_item_entity, row); /* result, rulebook */
        }
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

const struct query resolution_list_query = {
    .name = "resolution.list",
    .path = "/api/v1/townships/{tid}/resolutions",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = resolution_list,
    .zh = "乡镇的决议及其执行任务",
    .en = "Resolutions of a township with their tasks",
};
