/*
 * Bidders: the organisations that bid for a township's projects, each
 * registered once by its unified social credit code (its check characters
 * checked: rules/credit_code.h), with its legal representative; its
 * contact, phone, address, bank account and declared relations (the
 * people it is related to, whom no panel may seat) are a sealed part
 * (kept), read by the township's staff and the discipline secretary,
 * never published: the red flags compare them across bidders.
 */
#include "areas/procurement/internal.h"

#include "record/row.h"
#include "rules/credit_code.h"

#include <string.h>

static const char *const kept[] = {"contact_name", "phone",     "address",
                                   "bank_account", "relations", NULL};

enum err_code bidder_check_code(const char *code, const char *field, struct err *err)
{
    switch (credit_code_check(code)) {
    case CREDIT_CODE_OK:
        break;
    case CREDIT_CODE_LENGTH:
        return err_set(err, ERR_INVALID, field, "统一社会信用代码须为 18 位",
                       "a unified social credit code has 18 characters");
    case CREDIT_CODE_CHARACTER:
        return err_set(err, ERR_INVALID, field,
                       "统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z）",
                       "a unified social credit code has digits and capitals only (no I, O, S, "
                       "V or Z)");
    case CREDIT_CODE_ORG_CHECK:
        return err_set(err, ERR_INVALID, field,
                       "统一社会信用代码中组织机构代码的校验位不符，请核对",
                       "the organisation code within the unified social credit code does not "
                       "check: please verify it");
    case CREDIT_CODE_CHECK:
        return err_set(err, ERR_INVALID, field, "统一社会信用代码的校验位不符，请核对",
                       "the unified social credit code's last character does not check: please "
                       "verify it");
    }
    return ERR_OK;
}

/* Refuses a registration number that is no valid code, or that another
 * bidder of the township (not id) already has. */
static enum err_code check_registration(
    const struct ctx *x, const char *township, const char *code, int64_t id, struct err *err)
{
    json_t *other = NULL;
    enum err_code rc = bidder_check_code(code, "registration_no", err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = store_query_row(
        x->c, &other, err,
        "SELECT name FROM bidders WHERE township_id = ? AND registration_no = ? AND id <> ?", "tti",
        township, code, id);
    if (rc == ERR_OK && other != NULL) {
        rc = err_set(err, ERR_CONFLICT, "registration_no", "该统一社会信用代码已登记为投标人“%s”",
                     "this unified social credit code is already registered, as '%s'",
                     row_text(other, "name"));
    }
    json_decref(other);
    return rc;
}

/* The bidder's answer: the row, kept parts and all, to whoever wrote it. */
static json_t *answer(json_t *row, const struct event_ref *ref)
{
    return command_answer(json_incref(row), ref);
}

static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    ctx_now_text(x, now);
    json_t *row = json_pack("{ss, ss, ss, ss, ss, ss}", "township_id", a->township, "name",
                            args_text(a, "name"), "registration_no",
                            args_text(a, "registration_no"), "legal_representative",
                            args_text(a, "legal_representative"), "created", now, "updated", now);
    for (size_t i = 0; kept[i] != NULL; i++) {
        const json_t *v = args_has(a, kept[i]) ? args_json(a, kept[i]) : NULL;
        json_object_set_new(row, kept[i], v != NULL ? json_deep_copy(v) : json_null());
    }
    enum err_code rc = check_registration(x, a->township, args_text(a, "registration_no"), 0, err);
    if (rc == ERR_OK) {
        rc = entity_create_sealed(x->c, x->who, &bidder_entity, a->township, row, kept, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = answer(row, &ref);
    }
    json_decref(row);
    return rc;
}

#define BIDDER_FIELDS(required)                                                                    \
    F_TEXT("name", required, 200, "单位名称", "name"),                                             \
        F_TEXT("registration_no", required, 18, "统一社会信用代码", "unified social credit code"), \
        F_TEXT("legal_representative", required, 100, "法定代表人", "legal representative"),       \
        F_TEXT("contact_name", FIELD_NULLABLE, 100, "联系人", "contact"),                          \
        F_TEXT("phone", FIELD_NULLABLE, 40, "联系电话", "phone"),                                  \
        F_TEXT("address", FIELD_NULLABLE, 300, "地址", "address"),                                 \
        F_TEXT("bank_account", FIELD_NULLABLE, 60, "开户银行账号", "bank account"),                \
        F_STRINGS("relations", FIELD_NULLABLE, 50, "申报的利害关系人", "declared related persons")

static const struct field create_fields[] = {
    BIDDER_FIELDS(FIELD_REQUIRED),
    F_END,
};

const struct command bidder_create_command = {
    .name = "bidder.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/bidders",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "登记投标人（统一社会信用代码须校验无误）",
    .en = "Register a bidder (its unified social credit code must check)",
    .entity = &bidder_entity,
};

static enum err_code
update_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    static const char *const names[] = {"name",         "registration_no", "legal_representative",
                                        "contact_name", "phone",           "address",
                                        "bank_account", "relations"};
    json_t *row = NULL;
    char now[UTC_TEXT_MAX];
    struct event_ref ref;
    enum err_code rc =
        row_load(x->c, &bidder_entity, "SELECT " BIDDER_COLUMNS " FROM bidders WHERE id = ?", a->id,
                 &row, err);
    if (rc == ERR_OK && args_has(a, "registration_no")) {
        rc = check_registration(x, row_text(row, "township_id"), args_text(a, "registration_no"),
                                a->id, err);
    }
    if (rc == ERR_OK) {
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
            if (args_has(a, names[i])) {
                json_object_set(row, names[i], json_object_get(a->input, names[i]));
            }
        }
        ctx_now_text(x, now);
        json_object_set_new(row, "updated", json_string(now));
        rc = entity_update_sealed(x->c, x->who, &bidder_entity, row_text(row, "township_id"), row,
                                  kept, &ref, err);
    }
    if (rc == ERR_OK) {
        *result = answer(row, &ref);
    }
    json_decref(row);
    return rc;
}

static const struct field update_fields[] = {
    BIDDER_FIELDS(0),
    F_END,
};

const struct command bidder_update_command = {
    .name = "bidder.update",
    .method = "PATCH",
    .path = "/api/v1/bidders/{id}",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = update_fields,
    .run = update_body,
    .zh = "更正投标人的登记信息",
    .en = "Correct a bidder's registration",
    .entity = &bidder_entity,
    .scope = "SELECT township_id FROM bidders WHERE id = ?",
};
