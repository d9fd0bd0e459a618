/*
 * The tender, the bids and their opening. The tender documents are
 * published (the third pre-control step) with the bids' deadline and the
 * opening time: not for a direct purchase (procedure.no_tender); at least
 * the method's submission days ahead (rules_check_submission_period); and
 * when the project's matter needs a collective decision, only once its
 * resolution has passed and authorises the control price
 * (rules_check_tender_authority). A bid is received by the deadline
 * (procurement.late_bid), one per bidder; its bidder, price and summary
 * are its sealed part, which nobody reads until the opening
 * (bid_entity.sealed_until_published). The opening, not before its time
 * (procurement.opening_early), publishes every bid.
 */
#include "areas/procurement/internal.h"

#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/row.h"
#include "rules/catalogue.h"
#include "rules/procedure.h"
#include "rules/procurement.h"

#include <string.h>

/* An RFC 3339 time of the input as ms, refused on field name otherwise. */
static enum err_code
input_time(const struct args *a, const char *name, int64_t *ms, struct err *err)
{
    const char *text = args_text(a, name);
    if (text == NULL || !utc_parse(text, ms)) {
        return err_set(err, ERR_INVALID, name, "“%s”须为带时区的时间（RFC 3339）",
                       "'%s' must be a time with its offset (RFC 3339)", name);
    }
    return ERR_OK;
}

int64_t project_time(const json_t *row, const char *key)
{
    int64_t ms = 0;
    const char *text = row_text(row, key);
    return text != NULL && utc_parse(text, &ms) ? ms : 0;
}

enum err_code project_check_authority(const struct ctx *x,
                                      const struct rulebook *rb,
                                      json_t *row,
                                      struct err *err)
{
    json_t *matter = NULL, *resolution = NULL;
    struct rules_requirements req;
    struct verdict v;
    int64_t price = row_int(row, "control_price_fen");
    enum err_code rc =
        store_query_row(x->c, &matter, err, "SELECT title, category FROM matters WHERE id = ?", "i",
                        row_int(row, "matter_id"));
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &resolution, err,
                             "SELECT a.id, m.title, m.amount_fen FROM agenda_items a"
                             " JOIN matters m ON m.id = a.matter_id"
                             " WHERE a.matter_id = ? AND a.status = 'passed'"
                             " ORDER BY a.id DESC LIMIT 1",
                             "i", row_int(row, "matter_id"));
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_catalogue(rb, row_text(matter, "category"), price, &req, &v), &v,
                            NULL, err);
    }
    if (rc == ERR_OK) {
        struct rules_tender_authority auth = {
            row_text(matter, "title"),
            req.collective,
            resolution != NULL ? row_text(resolution, "title") : NULL,
            resolution != NULL ? row_int(resolution, "amount_fen") : 0,
            price,
        };
        rc = verdict_settle(rules_check_tender_authority(rb, &auth, &v), &v, NULL, err);
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "resolution_id",
                            resolution != NULL ? json_integer(row_int(resolution, "id"))
                                               : json_null());
    }
    json_decref(matter);
    json_decref(resolution);
    return rc;
}

static enum err_code
tender_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    int64_t deadline = 0, opening = 0;
    char deadline_text[UTC_TEXT_MAX], opening_text[UTC_TEXT_MAX], now[UTC_TEXT_MAX];
    enum err_code rc = project_step(x, a, PROJECT_TENDERING, &row, err);
    if (rc == ERR_OK && project_method(row) == PROCUREMENT_DIRECT) {
        rc = procedure_refuse(err, PROCEDURE_NO_TENDER, "method");
    }
    if (rc == ERR_OK) {
        rc = input_time(a, "submission_deadline", &deadline, err);
    }
    opening = deadline;
    if (rc == ERR_OK && args_text(a, "opening_at") != NULL) {
        rc = input_time(a, "opening_at", &opening, err);
    }
    if (rc == ERR_OK && opening < deadline) {
        rc = err_set(err, ERR_INVALID, "opening_at", "开标时间不能早于投标截止时间",
                     "the bids cannot open before they are due");
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, row_text(row, "township_id"), x->now_ms, rb, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(
            rules_check_submission_period(rb, project_method(row), x->now_ms, deadline, &v), &v,
            NULL, err);
    }
    if (rc == ERR_OK) {
        rc = project_check_authority(x, rb, row, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        utc_format(deadline, deadline_text);
        utc_format(opening, opening_text);
        json_object_set_new(row, "tender_published_at", json_string(now));
        json_object_set_new(row, "submission_deadline", json_string(deadline_text));
        json_object_set_new(row, "opening_at", json_string(opening_text));
        rc = project_raise(x, row, RED_FLAG_AT_TENDER, 0, row, err);
    }
    if (rc == ERR_OK) {
        rc = project_record_step(x, row, PROJECT_TENDERING, result, err);
    }
    json_decref(row);
    xfree(rb);
    return rc;
}

static const struct field tender_fields[] = {
    F_TIME("submission_deadline", FIELD_REQUIRED, "投标截止时间", "bids due by"),
    F_TIME("opening_at",
           FIELD_NULLABLE,
           "开标时间（默认为投标截止时间）",
           "bids open at (by default when they are due)"),
    F_END,
};

const struct command project_tender_command = {
    .name = "project.tender",
    .method = "POST",
    .path = "/api/v1/projects/{id}/tender",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = tender_fields,
    .run = tender_body,
    .zh = "发布招标（采购）文件（预控第三步）",
    .en = "Publish the tender documents (the third pre-control step)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

/* ---- bids ---- */

static enum err_code
bid_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    /* Which project too: the log shows a bid received in the township
     * and when, nothing of it. */
    static const char *const sealed[] = {"project_id", "bidder_id", "price_fen", "summary", NULL};
    json_t *project = NULL, *row = NULL;
    struct verdict v;
    struct event_ref ref;
    bool found = false;
    int64_t one = 0, bidder = args_int(a, "bidder_id");
    char now[UTC_TEXT_MAX];
    enum err_code rc = project_load(x->c, a->id, &project, err);
    if (rc == ERR_OK) {
        rc = project_at(project, PROJECT_TENDERING, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(
            rules_check_bid_time(NULL, project_time(project, "submission_deadline"), x->now_ms, &v),
            &v, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM bidders WHERE id = ? AND township_id = ?", "it", bidder,
                             a->township);
    }
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, "bidder_id", "投标人须先在本乡镇登记",
                     "the bidder must first be registered in the township");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM bids WHERE project_id = ? AND bidder_id = ?", "ii",
                             a->id, bidder);
    }
    if (rc == ERR_OK && found) {
        rc = procedure_refuse(err, PROCEDURE_BID_DUPLICATE, "bidder_id");
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        row = json_pack(
            "{sI, ss, ss, sI, sI, so, ss}", "project_id", (json_int_t)a->id, "township_id",
            a->township, "submitted_at", now, "bidder_id", (json_int_t)bidder, "price_fen",
            (json_int_t)args_int(a, "price_fen"), "summary",
            args_text(a, "summary") ? json_string(args_text(a, "summary")) : json_null(),
            "recorded_by", actor_label(x->who));
        rc = entity_create_sealed(x->c, x->who, &bid_entity, a->township, row, sealed, &ref, err);
    }
    /* The receipt: what was received and when, not what it says. */
    if (rc == ERR_OK) {
        json_t *receipt = json_copy(row);
        for (size_t i = 1; sealed[i] != NULL; i++) {
            json_object_del(receipt, sealed[i]);
        }
        *result = command_answer(receipt, &ref);
    }
    json_decref(row);
    json_decref(project);
    return rc;
}

static const struct field bid_fields[] = {
    F_REF("bidder_id", FIELD_REQUIRED, "投标人", "bidder"),
    F_INT("price_fen", FIELD_REQUIRED, 1, RULEBOOK_MAX_FEN, "投标报价（分）", "bid price (fen)"),
    F_TEXT("summary", FIELD_NULLABLE, 2000, "投标文件摘要", "summary of the bid"),
    F_END,
};

const struct command bid_submit_command = {
    .name = "bid.submit",
    .method = "POST",
    .path = "/api/v1/projects/{id}/bids",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = bid_fields,
    .run = bid_body,
    .zh = "接收投标（开标前密封，任何人不可查看）",
    .en = "Receive a bid (sealed until the opening: nobody reads it before)",
    .entity = &bid_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

/* ---- the opening ---- */

static enum err_code
opening_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *answer = NULL;
    struct verdict v;
    char now[UTC_TEXT_MAX];
    enum err_code rc = project_load(x->c, a->id, &row, err);
    if (rc == ERR_OK) {
        rc = project_at(row, PROJECT_TENDERING, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(
            rules_check_opening(NULL, project_time(row, "opening_at"), x->now_ms, &v), &v, NULL,
            err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "opened_at", json_string(now));
        rc = project_raise(x, row, RED_FLAG_AT_OPENING, 0, row, err);
    }
    if (rc == ERR_OK) {
        rc = project_record_step(x, row, PROJECT_OPENED, &answer, err);
    }
    if (rc == ERR_OK) {
        rc = project_publish(x, row, PROJECT_BID_PARTS, err);
    }
    if (rc == ERR_OK) {
        *result = answer;
        answer = NULL;
    }
    json_decref(answer);
    json_decref(row);
    return rc;
}

static const struct field no_fields[] = {F_END};

const struct command project_opening_command = {
    .name = "project.opening",
    .method = "POST",
    .path = "/api/v1/projects/{id}/opening",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = no_fields,
    .run = opening_body,
    .zh = "开标（公开全部投标）",
    .en = "Open the bids (every bid is published)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};
