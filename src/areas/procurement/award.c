/*
 * After the bid review: the award (定标) to a bid the panel did not
 * disqualify, the first-ranked unless the rulebook lets another through
 * with a justification (rules_check_award_choice); the contract, signed
 * on or after the award and the resolution, at the winning price
 * (rules_check_contract), or for a direct purchase with the supplier
 * chosen once the control price is reviewed; change orders to the
 * contract's price until the project is settled; the acceptance (验收)
 * by named inspectors, passed or failed (a failed one is recorded and
 * may be held again); the final settlement (决算), audited, after a
 * passed acceptance.
 */
#include "areas/procurement/internal.h"

#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/row.h"
#include "rules/procedure.h"
#include "rules/procurement.h"

#include <string.h>

/* True when date is before the row's date key (a step's). */
static bool before(const char *date, const json_t *row, const char *key)
{
    const char *earlier = row_text(row, key);
    return earlier != NULL && strcmp(date, earlier) < 0;
}

/* Sets row's verdicts column key to v's when flagged (with the
 * justification), else null. */
static void set_flag(json_t *row,
                     const char *key,
                     const char *justification_key,
                     const struct verdict *v,
                     const char *justification)
{
    bool flagged = v->kind == VERDICT_FLAG;
    json_object_set_new(row, key, flagged ? json_pack("[o]", rules_verdict_json(v)) : json_null());
    json_object_set_new(row, justification_key, flagged ? json_string(justification) : json_null());
}

/* ---- the award ---- */

static enum err_code
award_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *bid = NULL, *answer = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    int64_t chosen = args_int(a, "bid_id");
    enum err_code rc = project_step(x, a, PROJECT_AWARDED, &row, err);
    if (rc == ERR_OK) {
        rc = store_query_row(
            x->c, &bid, err,
            "SELECT b.bidder_id, d.name FROM bids b JOIN bidders d ON d.id = b.bidder_id"
            " WHERE b.id = ? AND b.project_id = ?",
            "ii", chosen, a->id);
    }
    if (rc == ERR_OK && bid == NULL) {
        rc = err_set(err, ERR_INVALID, "bid_id", "中标的须是本项目的投标",
                     "the bid awarded must be one of the project's");
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, row_text(row, "township_id"), x->now_ms, rb, NULL, err);
    }
    if (rc == ERR_OK) {
        const json_t *review = json_object_get(row, "bid_review");
        const json_t *first = json_array_get(json_object_get(review, "ranking"), 0);
        bool disqualified = false;
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(review, "disqualified"), i, d)
        {
            disqualified = disqualified || row_int(d, "bid_id") == chosen;
        }
        struct rules_award award = {row_text(bid, "name"), disqualified,
                                    first != NULL ? row_text(first, "bidder_name") : NULL,
                                    first != NULL && row_int(first, "bid_id") == chosen};
        rc = verdict_settle(rules_check_award_choice(rb, &award, &v), &v,
                            args_text(a, "justification"), err);
    }
    if (rc == ERR_OK && before(args_text(a, "awarded_on"), row, "price_reviewed_on")) {
        rc = err_set(err, ERR_INVALID, "awarded_on", "定标日期不能早于控制价审核日期 %s",
                     "the award cannot be made before the control price was reviewed, on %s",
                     row_text(row, "price_reviewed_on"));
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "awarded_bid_id", json_integer(chosen));
        json_object_set_new(row, "supplier_id", json_integer(row_int(bid, "bidder_id")));
        json_object_set_new(row, "awarded_on", json_string(args_text(a, "awarded_on")));
        set_flag(row, "award_verdicts", "award_justification", &v, args_text(a, "justification"));
        rc = project_raise(x, row, RED_FLAG_AT_AWARD, 0, row, err);
    }
    if (rc == ERR_OK) {
        rc = project_record_step(x, row, PROJECT_AWARDED, &answer, err);
    }
    if (rc == ERR_OK) {
        rc = project_publish(x, row, PROJECT_OWN_PARTS, err);
    }
    if (rc == ERR_OK) {
        *result = answer;
        answer = NULL;
    }
    json_decref(answer);
    xfree(rb);
    json_decref(bid);
    json_decref(row);
    return rc;
}

static const struct field award_fields[] = {
    F_REF("bid_id", FIELD_REQUIRED, "中标的投标", "bid awarded"),
    F_DATE("awarded_on", FIELD_REQUIRED, "定标日期", "awarded on"),
    F_JUSTIFICATION,
    F_END,
};

const struct command award_command = {
    .name = "project.award",
    .method = "POST",
    .path = "/api/v1/projects/{id}/award",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = award_fields,
    .run = award_body,
    .zh = "定标（确定中标人）",
    .en = "Award the contract to a bid",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

/* ---- the contract ---- */

/* The date the project's resolution passed (Asia/Shanghai) into day, or
 * "" when it has none. */
static enum err_code
resolution_day(const struct ctx *x, const json_t *row, char day[11], struct err *err)
{
    json_t *item = NULL;
    int64_t ms = 0;
    day[0] = '\0';
    if (row_int(row, "resolution_id") == 0) {
        return ERR_OK;
    }
    enum err_code rc =
        store_query_row(x->c, &item, err, "SELECT concluded_at FROM agenda_items WHERE id = ?", "i",
                        row_int(row, "resolution_id"));
    const char *at = item != NULL ? row_text(item, "concluded_at") : NULL;
    if (rc == ERR_OK && at != NULL && utc_parse(at, &ms)) {
        utc_shanghai_date(ms, day);
    }
    json_decref(item);
    return rc;
}

/* For a direct purchase, the supplier the input names: a bidder of the
 * township; the project must have its control price reviewed. */
static enum err_code
direct_supplier(const struct ctx *x, const struct args *a, json_t *row, struct err *err)
{
    bool found = false;
    int64_t one = 0, supplier = args_int(a, "supplier_id");
    enum err_code rc = project_at(row, PROJECT_PRICE_REVIEWED, err);
    if (rc == ERR_OK && supplier == 0) {
        rc = err_set(err, ERR_INVALID, "supplier_id", "直接采购须写明供应商",
                     "a direct purchase names its supplier");
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM bidders WHERE id = ? AND township_id = ?", "it",
                             supplier, row_text(row, "township_id"));
    }
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, "supplier_id", "供应商须先在本乡镇登记",
                     "the supplier must first be registered in the township");
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "supplier_id", json_integer(supplier));
    }
    return rc;
}

static enum err_code
contract_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct verdict v;
    int64_t awarded_price = 0;
    char resolved[11];
    const char *signed_on = args_text(a, "signed_on");
    enum err_code rc = project_load(x->c, a->id, &row, err);
    bool direct = rc == ERR_OK && project_method(row) == PROCUREMENT_DIRECT;
    if (rc == ERR_OK) {
        rc = direct ? direct_supplier(x, a, row, err) : project_at(row, PROJECT_AWARDED, err);
    }
    if (rc == ERR_OK && !direct && args_int(a, "supplier_id") != 0) {
        rc = err_set(err, ERR_INVALID, "supplier_id", "供应商即中标人，不另行指定",
                     "the supplier is the bid awarded, not named here");
    }
    if (rc == ERR_OK && strcmp(args_text(a, "ends_on"), args_text(a, "starts_on")) < 0) {
        rc = err_set(err, ERR_INVALID, "ends_on", "合同截止日期不能早于开始日期",
                     "the contract cannot end before it starts");
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, row_text(row, "township_id"), x->now_ms, rb, NULL, err);
    }
    if (rc == ERR_OK && direct) {
        rc = project_check_authority(x, rb, row, err);
    }
    if (rc == ERR_OK && !direct) {
        rc = store_query_int(x->c, &awarded_price, NULL, err,
                             "SELECT price_fen FROM bids WHERE id = ?", "i",
                             row_int(row, "awarded_bid_id"));
    }
    if (rc == ERR_OK) {
        rc = resolution_day(x, row, resolved, err);
    }
    if (rc == ERR_OK) {
        struct rules_contract c = {signed_on, direct ? NULL : row_text(row, "awarded_on"),
                                   resolved[0] ? resolved : NULL, args_int(a, "price_fen"),
                                   awarded_price};
        rc = verdict_settle(rules_check_contract(rb, &c, &v), &v, args_text(a, "justification"),
                            err);
    }
    if (rc == ERR_OK) {
        static const char *const given[] = {"starts_on", "ends_on"};
        json_object_set_new(row, "contract_price_fen", json_integer(args_int(a, "price_fen")));
        json_object_set_new(row, "contract_signed_on", json_string(signed_on));
        for (size_t i = 0; i < ARRAY_SIZE(given); i++) {
            char key[32];
            snprintf(key, sizeof(key), "contract_%s", given[i]);
            json_object_set_new(row, key, json_string(args_text(a, given[i])));
        }
        set_flag(row, "contract_verdicts", "contract_justification", &v,
                 args_text(a, "justification"));
        rc = project_raise(x, row, RED_FLAG_AT_CONTRACT, 0, row, err);
    }
    if (rc == ERR_OK) {
        rc = project_record_step(x, row, PROJECT_CONTRACTED, result, err);
    }
    xfree(rb);
    json_decref(row);
    return rc;
}

static const struct field contract_fields[] = {
    F_INT("price_fen", FIELD_REQUIRED, 1, RULEBOOK_MAX_FEN, "合同价（分）", "contract price (fen)"),
    F_DATE("signed_on", FIELD_REQUIRED, "签订日期", "signed on"),
    F_DATE("starts_on", FIELD_REQUIRED, "开始日期", "starts on"),
    F_DATE("ends_on", FIELD_REQUIRED, "截止日期", "ends on"),
    F_REF("supplier_id", FIELD_NULLABLE, "供应商（直接采购）", "supplier (a direct purchase)"),
    F_JUSTIFICATION,
    F_END,
};

const struct command contract_command = {
    .name = "project.contract",
    .method = "POST",
    .path = "/api/v1/projects/{id}/contract",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = contract_fields,
    .run = contract_body,
    .zh = "签订合同（在定标和决议之后，按中标价）",
    .en = "Sign the contract (after the award and the resolution, at the winning price)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

/* ---- change orders ---- */

/* The sum of project row's change orders so far into *fen. */
static enum err_code
project_changes(const struct ctx *x, const json_t *row, int64_t *fen, struct err *err)
{
    return store_query_int(x->c, fen, NULL, err,
                           "SELECT COALESCE(SUM(delta_fen), 0) FROM change_orders"
                           " WHERE project_id = ?",
                           "i", row_int(row, "id"));
}

static enum err_code
change_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *change = NULL;
    int64_t changes = 0;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = project_load(x->c, a->id, &row, err);
    if (rc == ERR_OK && strcmp(row_text(row, "status"), "accepted") != 0) {
        rc = project_at(row, PROJECT_CONTRACTED, err);
    }
    if (rc == ERR_OK && args_int(a, "delta_fen") == 0) {
        rc = err_set(err, ERR_INVALID, "delta_fen", "变更金额不能为零",
                     "a change order changes the price: not by zero");
    }
    if (rc == ERR_OK && before(args_text(a, "approved_on"), row, "contract_signed_on")) {
        rc = err_set(err, ERR_INVALID, "approved_on", "变更批准日期不能早于合同签订日期 %s",
                     "a change cannot be approved before the contract was signed, on %s",
                     row_text(row, "contract_signed_on"));
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        change = json_pack("{sI, ss, sI, ss, ss, ss, ss, ss}", "project_id", (json_int_t)a->id,
                           "township_id", row_text(row, "township_id"), "delta_fen",
                           (json_int_t)args_int(a, "delta_fen"), "reason", args_text(a, "reason"),
                           "approved_by", args_text(a, "approved_by"), "approved_on",
                           args_text(a, "approved_on"), "recorded_by", actor_label(x->who),
                           "created", now);
        rc = project_changes(x, row, &changes, err);
    }
    if (rc == ERR_OK) {
        rc = project_raise(x, row, RED_FLAG_AT_CHANGE, changes + args_int(a, "delta_fen"), change,
                           err);
    }
    if (rc == ERR_OK) {
        static const char *const sealed[] = {"red_flags", NULL};
        rc = entity_create_sealed(x->c, x->who, &change_order_entity, row_text(row, "township_id"),
                                  change, sealed, &ref, err);
    }
    if (rc == ERR_OK) {
        json_t *item = json_copy(change);
        json_object_del(item, "red_flags");
        *result = command_answer(item, &ref);
    }
    json_decref(change);
    json_decref(row);
    return rc;
}

static const struct field change_fields[] = {
    F_INT("delta_fen",
          FIELD_REQUIRED,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "变更金额（分，减少为负）",
          "change to the price (fen; a reduction negative)"),
    F_TEXT("reason", FIELD_REQUIRED, 1000, "变更理由", "reason"),
    F_TEXT("approved_by", FIELD_REQUIRED, 200, "批准单位或人员", "approved by"),
    F_DATE("approved_on", FIELD_REQUIRED, "批准日期", "approved on"),
    F_END,
};

const struct command change_order_command = {
    .name = "change_order.create",
    .method = "POST",
    .path = "/api/v1/projects/{id}/change_orders",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = change_fields,
    .run = change_body,
    .zh = "登记合同变更（工程变更、增减价款）",
    .en = "Record a change order (a change to the contract's price)",
    .entity = &change_order_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

/* ---- acceptance and settlement ---- */

static const struct choice acceptance_results[] = {
    {"passed", "验收合格", "passed"},
    {"failed", "验收不合格", "failed"},
    {NULL, NULL, NULL},
};

static enum err_code
acceptance_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    const char *on = args_text(a, "accepted_on");
    bool passed = strcmp(args_text(a, "result"), "passed") == 0;
    enum err_code rc = project_step(x, a, PROJECT_ACCEPTED, &row, err);
    if (rc == ERR_OK && before(on, row, "contract_signed_on")) {
        rc = err_set(err, ERR_INVALID, "accepted_on", "验收日期不能早于合同签订日期 %s",
                     "the acceptance cannot be before the contract was signed, on %s",
                     row_text(row, "contract_signed_on"));
    }
    if (rc == ERR_OK) {
        const char *note = args_text(a, "note");
        json_object_set_new(row, "acceptance",
                            json_pack("{ss, sO, ss, so}", "held_on", on, "inspectors",
                                      args_json(a, "inspectors"), "result", args_text(a, "result"),
                                      "note", note != NULL ? json_string(note) : json_null()));
        json_object_set_new(row, "accepted_on", passed ? json_string(on) : json_null());
        rc = project_record_step(x, row, passed ? PROJECT_ACCEPTED : PROJECT_CONTRACTED, result,
                                 err);
    }
    json_decref(row);
    return rc;
}

static const struct field acceptance_fields[] = {
    F_DATE("accepted_on", FIELD_REQUIRED, "验收日期", "held on"),
    F_STRINGS("inspectors", FIELD_REQUIRED, 15, "验收人员", "inspectors"),
    F_ENUM("result", FIELD_REQUIRED, acceptance_results, "验收结论", "result"),
    F_TEXT("note", FIELD_NULLABLE, 2000, "验收意见", "findings"),
    F_END,
};

const struct command acceptance_command = {
    .name = "project.acceptance",
    .method = "POST",
    .path = "/api/v1/projects/{id}/acceptance",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = acceptance_fields,
    .run = acceptance_body,
    .zh = "记录验收（验收人员、结论；不合格的可再次验收）",
    .en = "Record the acceptance (inspectors, result; a failed one may be held again)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

static enum err_code
settlement_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    int64_t changes = 0;
    enum err_code rc = project_step(x, a, PROJECT_SETTLED, &row, err);
    if (rc == ERR_OK && before(args_text(a, "settled_on"), row, "accepted_on")) {
        rc = err_set(err, ERR_INVALID, "settled_on", "决算日期不能早于验收日期 %s",
                     "the settlement cannot be before the acceptance, on %s",
                     row_text(row, "accepted_on"));
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "settlement_fen", json_integer(args_int(a, "amount_fen")));
        json_object_set_new(row, "settled_on", json_string(args_text(a, "settled_on")));
        json_object_set_new(row, "settlement_audited_by", json_string(args_text(a, "audited_by")));
        rc = project_changes(x, row, &changes, err);
    }
    if (rc == ERR_OK) {
        rc = project_raise(x, row, RED_FLAG_AT_SETTLEMENT, changes, row, err);
    }
    if (rc == ERR_OK) {
        rc = project_record_step(x, row, PROJECT_SETTLED, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field settlement_fields[] = {
    F_INT("amount_fen",
          FIELD_REQUIRED,
          1,
          RULEBOOK_MAX_FEN,
          "决算金额（分）",
          "settled amount (fen)"),
    F_DATE("settled_on", FIELD_REQUIRED, "决算日期", "settled on"),
    F_TEXT("audited_by", FIELD_REQUIRED, 200, "审计单位", "audited by"),
    F_END,
};

const struct command settlement_command = {
    .name = "project.settlement",
    .method = "POST",
    .path = "/api/v1/projects/{id}/settlement",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = settlement_fields,
    .run = settlement_body,
    .zh = "记录决算（经审计，在验收合格之后）",
    .en = "Record the final settlement (audited, after a passed acceptance)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};
