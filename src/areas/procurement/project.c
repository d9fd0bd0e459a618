/*
 * A works project or purchase from its registration through its first two
 * pre-control steps: registered from a matter of the township with its
 * kind, method and estimated amount, the method checked against the
 * rulebook's thresholds (rules_check_method); the design approved; the
 * control price reviewed by a cost reviewer, the method checked again
 * against it. Each step only after the one before (procedure.design_first,
 * procedure.step_done). The tender is tender.c's.
 */
#include "areas/procurement/internal.h"

#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/row.h"
#include "record/sealed.h"
#include "rules/procedure.h"
#include "rules/procurement.h"

#include <string.h>

/*
 * Checks row's method for amount_fen under the rulebook in force in
 * township now, with matter category: a flagged verdict (a rulebook that
 * lets a method below the threshold through) is recorded in the row's
 * "verdicts" with justification; the rulebook's reference in "rulebook".
 */
static enum err_code check_method(const struct ctx *x,
                                  const char *township,
                                  const char *category,
                                  json_t *row,
                                  int64_t amount_fen,
                                  const char *justification,
                                  struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    json_t *ref = NULL;
    struct verdict v;
    enum err_code rc = rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    if (rc == ERR_OK) {
        struct rules_procurement_plan plan = {category, project_kind(row), project_method(row),
                                              amount_fen};
        rc = verdict_settle(rules_check_method(rb, &plan, &v), &v, justification, err);
    }
    if (rc == ERR_OK) {
        bool flagged = v.kind == VERDICT_FLAG;
        json_object_set_new(row, "rulebook", ref);
        ref = NULL;
        json_object_set_new(row, "verdicts",
                            flagged ? json_pack("[o]", rules_verdict_json(&v)) : json_null());
        json_object_set_new(row, "justification",
                            flagged ? json_string(justification) : json_null());
    }
    json_decref(ref);
    xfree(rb);
    return rc;
}

/* The category of matter id of township into a new string; a matter of
 * another township is not found (field "matter_id"). */
static enum err_code matter_category(
    const struct ctx *x, const char *township, int64_t id, char **category, struct err *err)
{
    json_t *m = NULL;
    enum err_code rc = store_query_row(
        x->c, &m, err, "SELECT category FROM matters WHERE id = ? AND township_id = ?", "it", id,
        township);
    if (rc == ERR_OK && m == NULL) {
        rc = err_set(err, ERR_INVALID, "matter_id", "该事项不是本乡镇登记的事项",
                     "no such matter of the township");
    }
    *category = rc == ERR_OK ? xstrdup(row_text(m, "category")) : NULL;
    json_decref(m);
    return rc;
}

/* Answers the command with row as recorded, but the red flags its record
 * raised: the supervisors' (red_flags.c). */
static enum err_code
answer(const struct ctx *x, json_t *row, const struct event_ref *ref, json_t **result)
{
    (void)x;
    json_t *item = json_copy(row);
    json_object_del(item, "red_flags");
    *result = command_answer(item, ref);
    return ERR_OK;
}

/* ---- registration ---- */

static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    char now[UTC_TEXT_MAX];
    char *category = NULL;
    struct event_ref ref;
    int64_t amount = args_int(a, "amount_fen");
    ctx_now_text(x, now);
    json_t *row = json_pack(
        "{ss, sI, ss, ss, ss, sI, ss, ss, ss, ss}", "township_id", a->township, "matter_id",
        (json_int_t)args_int(a, "matter_id"), "title", args_text(a, "title"), "kind",
        args_text(a, "kind"), "method", args_text(a, "method"), "amount_fen", (json_int_t)amount,
        "status", "registered", "recorded_by", actor_label(x->who), "created", now, "updated", now);
    enum err_code rc = matter_category(x, a->township, args_int(a, "matter_id"), &category, err);
    if (rc == ERR_OK) {
        rc =
            check_method(x, a->township, category, row, amount, args_text(a, "justification"), err);
    }
    if (rc == ERR_OK) {
        rc = entity_create(x->c, x->who, &project_entity, a->township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = answer(x, row, &ref, result);
    }
    xfree(category);
    json_decref(row);
    return rc;
}

static const struct field create_fields[] = {
    F_REF("matter_id", FIELD_REQUIRED, "依据的事项", "matter"),
    F_TEXT("title", FIELD_REQUIRED, 200, "项目名称", "title"),
    F_ENUM("kind", FIELD_REQUIRED, project_kinds, "类别", "kind"),
    F_ENUM("method", FIELD_REQUIRED, project_methods, "采购方式", "method"),
    F_INT("amount_fen", FIELD_REQUIRED, 1, RULEBOOK_MAX_FEN, "估算金额（分）", "estimate (fen)"),
    F_JUSTIFICATION,
    F_END,
};

const struct command project_create_command = {
    .name = "project.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/projects",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "登记工程项目或采购（按金额确定采购方式）",
    .en = "Register a works project or purchase (its amount decides the method)",
    .entity = &project_entity,
};

/* ---- the pre-control steps ---- */

/* The order of a project's statuses (project_statuses). */
static int status_rank(const json_t *row)
{
    const char *status = row_text(row, "status");
    for (int i = 0; project_statuses[i].value != NULL; i++) {
        if (strcmp(project_statuses[i].value, status) == 0) {
            return i;
        }
    }
    return PROJECT_REGISTERED;
}

enum err_code project_at(const json_t *row, enum project_status status, struct err *err)
{
    /* A step missing: the first one missing. */
    static const enum procedure_id missing[] = {
        [PROJECT_REGISTERED] = PROCEDURE_DESIGN_FIRST,
        [PROJECT_DESIGN_APPROVED] = PROCEDURE_CONTROL_PRICE_FIRST,
        [PROJECT_PRICE_REVIEWED] = PROCEDURE_TENDER_FIRST,
        [PROJECT_TENDERING] = PROCEDURE_OPENING_FIRST,
        [PROJECT_OPENED] = PROCEDURE_EVALUATION_FIRST,
        [PROJECT_EVALUATED] = PROCEDURE_AWARD_FIRST,
        [PROJECT_AWARDED] = PROCEDURE_CONTRACT_FIRST,
        [PROJECT_CONTRACTED] = PROCEDURE_ACCEPTANCE_FIRST,
        [PROJECT_ACCEPTED] = PROCEDURE_STEP_DONE,
    };
    int rank = status_rank(row);
    if (rank > (int)status) {
        enum procedure_id past = rank == PROJECT_SETTLED       ? PROCEDURE_SETTLED
                                 : status == PROJECT_TENDERING ? PROCEDURE_BIDS_OPENED
                                                               : PROCEDURE_STEP_DONE;
        return procedure_refuse(err, past, NULL);
    }
    if (rank < (int)status) {
        return procedure_refuse(err, missing[rank], NULL);
    }
    return ERR_OK;
}

enum err_code project_step(const struct ctx *x,
                           const struct args *a,
                           enum project_status step,
                           json_t **row,
                           struct err *err)
{
    enum err_code rc = project_load(x->c, a->id, row, err);
    if (rc == ERR_OK) {
        rc = project_at(*row, (enum project_status)(step - 1), err);
    }
    if (rc != ERR_OK) {
        json_decref(*row);
        *row = NULL;
    }
    return rc;
}

/* Records row with its new status (step's) and the time. */
enum err_code project_record_step(
    const struct ctx *x, json_t *row, enum project_status step, json_t **result, struct err *err)
{
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    ctx_now_text(x, now);
    json_object_set_new(row, "status", json_string(project_statuses[step].value));
    json_object_set_new(row, "updated", json_string(now));
    /* Who sits on the panel stays secret until the award (招标投标法
     * 第三十七条), and with it their scores: sealed parts, published by the
     * award (project_publish). The red flags a step raises are always
     * sealed (red_flags.c): the last name. */
    static const char *const sealed[] = {"panel", "panel_seed", "bid_review", "red_flags", NULL};
    const char *township = row_text(row, "township_id");
    enum err_code rc =
        entity_update_sealed(x->c, x->who, &project_entity, township, row,
                             step < PROJECT_AWARDED ? sealed : sealed + 3, &ref, err);
    return rc == ERR_OK ? answer(x, row, &ref, result) : rc;
}

enum err_code
project_publish(const struct ctx *x, const json_t *row, const char *parts, struct err *err)
{
    json_t *found = NULL, *seqs = json_array();
    char now[UTC_TEXT_MAX];
    enum err_code rc = store_query_json(x->c, &found, err, parts, "i", row_int(row, "id"));
    size_t i;
    json_t *part;
    json_array_foreach(rc == ERR_OK ? found : NULL, i, part)
    {
        json_array_append(seqs, json_object_get(part, "seq"));
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        rc = sealed_publish(x->c, x->who, row_text(row, "township_id"), "project",
                            row_int(row, "id"), now, seqs, err);
    }
    json_decref(found);
    json_decref(seqs);
    return rc;
}

static enum err_code
design_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = project_step(x, a, PROJECT_DESIGN_APPROVED, &row, err);
    if (rc == ERR_OK) {
        json_object_set_new(row, "design_approved_by", json_string(args_text(a, "approved_by")));
        json_object_set_new(row, "design_approved_on", json_string(args_text(a, "approved_on")));
        rc = project_record_step(x, row, PROJECT_DESIGN_APPROVED, result, err);
    }
    json_decref(row);
    return rc;
}

static const struct field design_fields[] = {
    F_TEXT("approved_by", FIELD_REQUIRED, 200, "审定单位或人员", "approved by"),
    F_DATE("approved_on", FIELD_REQUIRED, "审定日期", "approved on"),
    F_END,
};

const struct command project_design_command = {
    .name = "project.design",
    .method = "POST",
    .path = "/api/v1/projects/{id}/design",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = design_fields,
    .run = design_body,
    .zh = "记录设计方案审定（预控第一步）",
    .en = "Record the design's approval (the first pre-control step)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};

static enum err_code
price_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char *category = NULL;
    int64_t price = args_int(a, "control_price_fen");
    const char *on = args_text(a, "reviewed_on");
    enum err_code rc = project_step(x, a, PROJECT_PRICE_REVIEWED, &row, err);
    if (rc == ERR_OK && strcmp(on, row_text(row, "design_approved_on")) < 0) {
        rc = err_set(err, ERR_INVALID, "reviewed_on", "控制价审核日期不能早于设计审定日期 %s",
                     "the control price cannot be reviewed before the design was approved, on %s",
                     row_text(row, "design_approved_on"));
    }
    if (rc == ERR_OK) {
        rc = matter_category(x, row_text(row, "township_id"), row_int(row, "matter_id"), &category,
                             err);
    }
    /* The reviewed price, not the estimate, now decides the method. */
    if (rc == ERR_OK) {
        rc = check_method(x, row_text(row, "township_id"), category, row, price,
                          args_text(a, "justification"), err);
    }
    if (rc == ERR_OK) {
        json_object_set_new(row, "control_price_fen", json_integer(price));
        json_object_set_new(row, "price_reviewed_by", json_string(args_text(a, "reviewed_by")));
        json_object_set_new(row, "price_reviewed_on", json_string(on));
        rc = project_record_step(x, row, PROJECT_PRICE_REVIEWED, result, err);
    }
    xfree(category);
    json_decref(row);
    return rc;
}

static const struct field price_fields[] = {
    F_INT("control_price_fen",
          FIELD_REQUIRED,
          1,
          RULEBOOK_MAX_FEN,
          "控制价（分）",
          "control price (fen)"),
    F_TEXT("reviewed_by", FIELD_REQUIRED, 200, "造价审核单位或人员", "cost reviewer"),
    F_DATE("reviewed_on", FIELD_REQUIRED, "审核日期", "reviewed on"),
    F_JUSTIFICATION,
    F_END,
};

const struct command project_price_command = {
    .name = "project.control_price",
    .method = "POST",
    .path = "/api/v1/projects/{id}/control_price",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = price_fields,
    .run = price_body,
    .zh = "记录控制价审核（预控第二步，按控制价复核采购方式）",
    .en = "Record the control price's review (the second pre-control step; the method is checked "
          "against it)",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};
