/*
 * The register of evaluators (评标专家库) from which a project's panel is
 * drawn: each with the employer and specialty an office knows them by,
 * linked to a person of the township when they are one (so that a member
 * of the committee that decided a project is kept off its panel), and
 * active until taken off the register. The register is public; a panel is
 * panel.c's.
 */
#include "areas/procurement/internal.h"

#include "areas/org/org.h"
#include "record/row.h"

/* Sets row's fields from a->input (those given), checking the person. */
static enum err_code set_fields(
    const struct ctx *x, const struct args *a, const char *township, json_t *row, struct err *err)
{
    static const char *const names[] = {"name", "employer", "specialty", "person_id"};
    int64_t person = args_int(a, "person_id");
    enum err_code rc =
        person != 0 ? org_check_person(x->c, township, person, "person_id", err) : ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < ARRAY_SIZE(names); i++) {
        if (args_has(a, names[i])) {
            json_object_set(row, names[i], json_object_get(a->input, names[i]));
        }
    }
    if (rc == ERR_OK && args_has(a, "active")) {
        json_object_set_new(row, "active",
                            json_integer(json_is_true(args_json(a, "active")) ? 1 : 0));
    }
    return rc;
}

static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    ctx_now_text(x, now);
    json_t *row = json_pack("{ss, sn, si, ss, ss}", "township_id", a->township, "person_id",
                            "active", 1, "created", now, "updated", now);
    enum err_code rc = set_fields(x, a, a->township, row, err);
    if (rc == ERR_OK) {
        rc = entity_create(x->c, x->who, &evaluator_entity, a->township, row, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

#define EVALUATOR_FIELDS(required)                                                                 \
    F_TEXT("name", required, 100, "姓名", "name"),                                                 \
        F_TEXT("employer", required, 200, "工作单位", "employer"),                                 \
        F_TEXT("specialty", required, 100, "专业", "specialty"),                                   \
        F_REF("person_id", FIELD_NULLABLE, "本镇人员（如是）", "person of the township (if one)"), \
        F_BOOL("active", 0, "在库", "on the register")

static const struct field create_fields[] = {
    EVALUATOR_FIELDS(FIELD_REQUIRED),
    F_END,
};

const struct command evaluator_create_command = {
    .name = "evaluator.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/evaluators",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "登记评标专家",
    .en = "Register an evaluator",
    .entity = &evaluator_entity,
};

static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc = row_load(
        x->c, &evaluator_entity,
        "SELECT " ENTITY_COLUMNS(EVALUATOR_ROW) " FROM evaluators WHERE id = ?", a->id, &row, err);
    if (rc == ERR_OK) {
        rc = set_fields(x, a, row_text(row, "township_id"), row, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "updated", json_string(now));
        rc = entity_update(x->c, x->who, &evaluator_entity, row_text(row, "township_id"), row, &ref,
                           err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_incref(row), &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field update_fields[] = {
    EVALUATOR_FIELDS(0),
    F_END,
};

const struct command evaluator_update_command = {
    .name = "evaluator.update",
    .method = "PATCH",
    .path = "/api/v1/evaluators/{id}",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = update_fields,
    .run = update_body,
    .zh = "更正评标专家的登记，或移出专家库",
    .en = "Correct an evaluator's entry, or take them off the register",
    .entity = &evaluator_entity,
    .scope = "SELECT township_id FROM evaluators WHERE id = ?",
};

static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const struct page_query *q = &a->page;
    int64_t total = 0;
    json_t *items = NULL;
    enum err_code rc = org_check_township(x->c, a->township, err);
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err,
                             "SELECT COUNT(*) FROM evaluators WHERE township_id = ?", "t",
                             a->township);
    }
    if (rc == ERR_OK) {
        rc =
            store_query_json(x->c, &items, err,
                             "SELECT id, township_id, name, employer, specialty, person_id, active,"
                             " created, updated FROM evaluators WHERE township_id = ?"
                             " ORDER BY active DESC, name, id LIMIT ? OFFSET ?",
                             "tii", a->township, q->limit, q->offset);
    }
    if (rc == ERR_OK) {
        *page = page_json(items, total, q->limit, q->offset);
    }
    return rc;
}

const struct query evaluator_list_query = {
    .name = "evaluator.list",
    .path = "/api/v1/townships/{tid}/evaluators",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = list_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的评标专家库",
    .en = "The township's register of evaluators",
    .title_zh = "评标专家名录",
    .title_en = "evaluators",
    .entity = &evaluator_entity,
};
