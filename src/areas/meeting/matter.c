/*
 * Matters (議題): registering one, what the catalogue requires of it,
 * deciding an ordinary one alone, and reading them. See meeting.h.
 */
#include "areas/meeting/internal.h"
#include "record/query.h"
#include "record/steps.h"
#include "rules/authorisation.h"

#include "core/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MATTER_ROW_SQL  "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?"
#define MAX_ATTACHMENTS 32

json_t *requirements_json(const struct rules_requirements *req)
{
    return json_pack("{ss, sb, sb, sb, sb, sb, sb, sI, sb, sb}", "category", req->category->name,
                     "major", req->major, "collective", req->collective, "ballot", req->ballot,
                     "secret_ballot", req->secret_ballot, "public_tender", req->public_tender,
                     "congress_vote", req->congress_vote, "notice_hours",
                     (json_int_t)req->notice_hours, "adhoc_allowed", req->adhoc_allowed,
                     "secretary_last", req->secretary_last);
}

enum err_code
matter_status(struct store_conn *c, const json_t *matter, const char **status, struct err *err)
{
    if (row_int(matter, "decided_by") != 0) {
        *status = "decided";
        return ERR_OK;
    }
    json_t *row = NULL;
    enum err_code rc = store_query_row(
        c, &row, err,
        "SELECT " ITEM_STATUS_SQL("a", "g") " AS status FROM agenda_items a"
                                            " JOIN meetings g ON g.id = a.meeting_id WHERE "
                                            "a.matter_id = ? ORDER BY a.id DESC LIMIT 1",
        "i", row_int(matter, "id"));
    if (rc != ERR_OK) {
        return rc;
    }
    const char *last = row ? row_text(row, "status") : "deferred";
    if (strcmp(last, "passed") == 0) {
        *status = "decided";
    } else if (strcmp(last, "rejected") == 0) {
        *status = "rejected";
    } else if (strcmp(last, "deferred") == 0 || strcmp(last, "withdrawn") == 0) {
        *status = "registered";
    } else {
        *status = "on_agenda";
    }
    json_decref(row);
    return ERR_OK;
}

/* Reads the declared "attachments" (a list of strings, or none): SHA-256
 * digests of the documents (never the documents), as lowercase hex. */
static enum err_code read_attachments(const struct args *a, json_t **out, struct err *err)
{
    const json_t *list = args_json(a, "attachments");
    *out = json_array();
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *hex = json_string_value(v);
        char lower[65];
        bool ok = hex != NULL && strlen(hex) == 64;
        for (size_t k = 0; ok && k < 64; k++) {
            ok = isxdigit((unsigned char)hex[k]) != 0;
            lower[k] = (char)tolower((unsigned char)hex[k]);
        }
        if (!ok) {
            return err_set(err, ERR_INVALID, "attachments",
                           "附件须以 64 位十六进制 SHA-256 摘要登记，不上传文件本身",
                           "an attachment is registered as its SHA-256 digest (64 hex digits), "
                           "never the document");
        }
        lower[64] = '\0';
        json_array_append_new(*out, json_string(lower));
    }
    return ERR_OK;
}

static enum err_code
create_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    const char *description = args_text(a, "description"), *category = args_text(a, "category");
    int64_t amount = args_int(a, "amount_fen"), proposer = args_int(a, "proposer_id");
    int64_t responsible = args_int(a, "responsible_id"), department = args_int(a, "department_id");
    int64_t budget = args_int(a, "budget_id"), line = args_int(a, "budget_line_id");
    const char *spend_from = args_text(a, "spend_from"), *spend_until = args_text(a, "spend_until");
    json_t *attachments = NULL, *row = NULL, *ref = NULL, *item = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct rules_requirements req;
    struct verdict v;
    struct event_ref eref;
    char now[UTC_TEXT_MAX];
    enum err_code rc = read_attachments(a, &attachments, err);
    if (rc == ERR_OK && proposer == 0) {
        rc = org_actor_person(x->c, x->who, &proposer, err);
        if (rc == ERR_OK && proposer == 0) {
            rc = err_set(err, ERR_INVALID, "proposer_id", "须指明事项的提出人",
                         "name the matter's proposer");
        }
    }
    if (rc == ERR_OK) {
        responsible = responsible ? responsible : proposer;
        rc = org_check_person(x->c, a->township, proposer, "proposer_id", err);
    }
    if (rc == ERR_OK) {
        rc = org_check_person(x->c, a->township, responsible, "responsible_id", err);
    }
    if (rc == ERR_OK && department != 0) {
        rc = org_check_department(x->c, a->township, department, "department_id", err);
    }
    if (rc == ERR_OK && budget != 0) {
        bool found = false;
        int64_t one = 0;
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM budgets WHERE id = ? AND township_id = ?", "it", budget,
                             a->township);
        if (rc == ERR_OK && !found) {
            rc = err_set(err, ERR_INVALID, "budget_id", "预算不存在或不属于本乡镇",
                         "no such budget in the township");
        }
    }
    if (rc == ERR_OK && line != 0) {
        bool found = false;
        int64_t one = 0;
        rc = store_query_int(x->c, &one, &found, err,
                             "SELECT 1 FROM budget_lines l JOIN budgets b ON b.id = l.budget_id"
                             " WHERE l.id = ? AND b.township_id = ?",
                             "it", line, a->township);
        if (rc == ERR_OK && !found) {
            rc = err_set(err, ERR_INVALID, "budget_line_id", "预算线不存在或不属于本乡镇",
                         "no such budget line in the township");
        }
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, a->township, x->now_ms, rb, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_catalogue(rb, category, amount, &req, &v), &v, NULL, err);
    }
    if (rc == ERR_OK) {
        struct rules_authorisation terms = {
            args_text(a, "title"), category, amount, line, department, spend_from, spend_until};
        rc = verdict_settle(rules_check_spending_terms(rb, &terms, &v), &v, NULL, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    ctx_now_text(x, now);
    row = json_pack("{ss, ss, so, ss, sI, sI, sI, so, sO, so, ss, ss, sn, sn, sn, sn, sn, sn}",
                    "township_id", a->township, "title", args_text(a, "title"), "description",
                    description ? json_string(description) : json_null(), "category", category,
                    "amount_fen", (json_int_t)amount, "proposer_id", (json_int_t)proposer,
                    "responsible_id", (json_int_t)responsible, "department_id",
                    department ? json_integer(department) : json_null(), "attachments", attachments,
                    "budget_id", budget ? json_integer(budget) : json_null(), "registered", now,
                    "registered_by", actor_label(x->who), "decided_by", "decided_at", "decided_ms",
                    "decision_note", "decision_login", "rulebook");
    json_object_set_new(row, "budget_line_id", line ? json_integer(line) : json_null());
    json_object_set_new(row, "spend_from", spend_from ? json_string(spend_from) : json_null());
    json_object_set_new(row, "spend_until", spend_until ? json_string(spend_until) : json_null());
    /* Who proposes what stays sealed until the matter is public (decided
     * alone, or concluded with finalised minutes; docs/rules.md). */
    static const char *const sealed[] = {"title", "description", "proposer_id", "responsible_id",
                                         NULL};
    rc = entity_create_sealed(x->c, x->who, &matter_entity, a->township, row, sealed, &eref, err);
    if (rc == ERR_OK) {
        rc = matter_get(x, &(struct args){.id = row_int(row, "id")}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &eref);
    }
done:
    json_decref(attachments);
    json_decref(row);
    json_decref(ref);
    xfree(rb);
    return rc;
}

/* The names of the categories (rules/rulebook.h); which categories there
 * are is the rulebook's in force. */
static const struct choice category_names[] = {
#define CATEGORY_NAME(value, zh, en) {value, zh, en},
    RULEBOOK_CATEGORY_NAMES(CATEGORY_NAME)
#undef CATEGORY_NAME
        {NULL, NULL, NULL},
};

/* What a spending matter's resolution authorises applies to it alone. */
static const struct field_when for_spending = {"category", RULES_SPENDING_CATEGORIES_WORDS};

static const struct field create_fields[] = {
    F_TEXT("title", FIELD_REQUIRED, 200, "议题名称", "title"),
    F_TEXT("description", FIELD_NULLABLE, 4000, "议题说明", "description"),
    F_TEXT_NAMED(
        "category", FIELD_REQUIRED, RULEBOOK_CATEGORY_MAX, category_names, "事项类别", "category"),
    F_INT("amount_fen",
          FIELD_NULLABLE,
          -RULEBOOK_MAX_FEN,
          RULEBOOK_MAX_FEN,
          "金额（分）",
          "amount (fen)"),
    F_REF("proposer_id", FIELD_NULLABLE, "提议人", "proposer"),
    F_REF("responsible_id", FIELD_NULLABLE, "分管负责人", "responsible member"),
    F_REF("department_id", FIELD_NULLABLE, "承办部门", "department"),
    F_STRINGS("attachments",
              FIELD_NULLABLE,
              MAX_ATTACHMENTS,
              "附件摘要（SHA-256）",
              "attachments (SHA-256)"),
    F_REF("budget_id", FIELD_NULLABLE, "所涉预算", "budget"),
    F_REF_WHEN("budget_line_id", FIELD_NULLABLE, &for_spending, "资金来源预算线", "budget line"),
    F_DATE_WHEN("spend_from", FIELD_NULLABLE, &for_spending, "资金使用起始日", "spending from"),
    F_DATE_WHEN("spend_until", FIELD_NULLABLE, &for_spending, "资金使用截止日", "spending until"),
    F_END,
};

const struct command matter_create_command = {
    .name = "matter.create",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/matters",
    .cap = CAP_MATTER_WRITE,
    .status = 201,
    .fields = create_fields,
    .run = create_body,
    .zh = "登记议题",
    .en = "Register a matter",
    .entity = &matter_entity,
};

static enum err_code
decide_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *ref = NULL, *item = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    const char *status = NULL;
    int64_t person = 0;
    struct verdict v;
    struct event_ref eref;
    char now[UTC_TEXT_MAX];
    const char *township = a->township;
    enum err_code rc = row_load(x->c, &matter_entity, MATTER_ROW_SQL, a->id, &row, err);
    if (rc == ERR_OK) {
        rc = matter_status(x->c, row, &status, err);
    }
    if (rc == ERR_OK && strcmp(status, "registered") != 0) {
        rc = procedure_refuse(err, PROCEDURE_MATTER_BUSY, "id");
    }
    if (rc == ERR_OK) {
        rc = org_actor_person(x->c, x->who, &person, err);
    }
    if (rc == ERR_OK && x->who->role != ROLE_ADMIN && person != row_int(row, "responsible_id")) {
        rc = procedure_refuse(err, PROCEDURE_NOT_RESPONSIBLE, NULL);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    }
    if (rc == ERR_OK) {
        struct rules_decision d = {row_text(row, "category"), row_int(row, "amount_fen"), false,
                                   false};
        rc = verdict_settle(rules_check_decision(rb, &d, &v), &v, NULL, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    ctx_now_text(x, now);
    json_object_set(row, "decided_by", json_object_get(row, "responsible_id"));
    json_object_set_new(row, "decided_at", json_string(now));
    json_object_set_new(row, "decided_ms", json_integer(x->now_ms));
    json_object_set_new(row, "decision_note", json_string(args_text(a, "note")));
    json_object_set_new(row, "decision_login", json_string(actor_label(x->who)));
    json_object_set(row, "rulebook", ref);
    rc = entity_update(x->c, x->who, &matter_entity, township, row, &eref, err);
    if (rc == ERR_OK) {
        rc = matter_publish(x, row, err);
    }
    if (rc == ERR_OK) {
        rc = matter_get(x, &(struct args){.id = a->id}, &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &eref);
    }
done:
    json_decref(row);
    json_decref(ref);
    xfree(rb);
    return rc;
}

static const struct field decide_fields[] = {
    F_TEXT("note", FIELD_REQUIRED, 2000, "决定说明", "note"),
    F_END,
};

const struct command matter_decide_command = {
    .name = "matter.decide",
    .method = "POST",
    .path = "/api/v1/matters/{id}/decide",
    .cap = CAP_MATTER_DECIDE,
    .status = 200,
    .fields = decide_fields,
    .run = decide_body,
    .zh = "分管成员个人决定一般事项",
    .en = "The responsible member decides an ordinary matter alone",
    .entity = &matter_entity,
    .scope = "SELECT township_id FROM matters WHERE id = ?",
};

enum err_code matter_public(struct store_conn *c, const json_t *row, bool *out, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    if (row_int(row, "decided_by") != 0) {
        *out = true;
        return ERR_OK;
    }
    enum err_code rc =
        store_query_int(c, &one, &found, err,
                        "SELECT 1 FROM agenda_items a JOIN meetings g ON g.id = a.meeting_id"
                        " WHERE a.matter_id = ? AND a.status IN ('passed', 'rejected')"
                        " AND g.finalised_at IS NOT NULL",
                        "i", row_int(row, "id"));
    *out = found;
    return rc;
}

/* The command of a matter's step. */
static const struct step_command matter_steps[] = {
    {"decide", &matter_decide_command},
    {NULL, NULL},
};

enum err_code matter_get(const struct ctx *x, const struct args *a, json_t **item, struct err *err)
{
    int64_t id = a->id;
    json_t *row = NULL, *items = NULL, *ref = NULL, *names = NULL, *next = json_array(),
           *blocked = json_array(), *materials = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    const char *status = NULL;
    bool visible = false;
    struct rules_requirements req;
    struct verdict v;
    enum err_code rc = row_load(x->c, &matter_entity, MATTER_ROW_SQL, id, &row, err);
    const char *township = row ? row_text(row, "township_id") : NULL;
    if (rc == ERR_OK) {
        visible = policy_can_read(x->who, township);
        if (!visible) {
            rc = matter_public(x->c, row, &visible, err);
        }
        if (rc == ERR_OK && !visible) {
            rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
        }
    }
    /* Who proposed it, who answers for it, and which department: by name. */
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &names, err,
                             "SELECT p.name AS proposer_name, p.name_en AS proposer_name_en,"
                             " r.name AS responsible_name, r.name_en AS responsible_name_en,"
                             " d.name AS department_name, d.name_en AS department_name_en"
                             " FROM matters m LEFT JOIN people p ON p.id = m.proposer_id"
                             " LEFT JOIN people r ON r.id = m.responsible_id"
                             " LEFT JOIN organizations d ON d.id = m.department_id WHERE m.id = ?",
                             "i", id);
    }
    if (rc == ERR_OK) {
        rc = matter_status(x->c, row, &status, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &items, err,
                              "SELECT a.id, a.meeting_id, " ITEM_STATUS_SQL(
                                  "a", "g") " AS status,"
                                            " a.adhoc, g.starts_at,"
                                            " g.title AS meeting_title FROM agenda_items a"
                                            " JOIN meetings g ON g.id = a.meeting_id"
                                            " WHERE a.matter_id = ? ORDER BY a.id",
                              "i", id);
    }
    /* The rulebook: the one it was decided under, else the latest item's,
     * else the one in force now. */
    if (rc == ERR_OK && json_is_object(json_object_get(row, "rulebook"))) {
        ref = json_incref(json_object_get(row, "rulebook"));
    } else if (rc == ERR_OK && json_array_size(items) > 0) {
        json_t *last = NULL;
        rc = row_load(x->c, &agenda_item_entity, "SELECT rulebook FROM agenda_items WHERE id = ?",
                      row_int(json_array_get(items, json_array_size(items) - 1), "id"), &last, err);
        if (rc == ERR_OK) {
            ref = json_incref(json_object_get(last, "rulebook"));
        }
        json_decref(last);
    }
    if (rc == ERR_OK) {
        rc = ref ? rulebooks_load(x, ref, rb, err)
                 : rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    if (rules_catalogue(rb, row_text(row, "category"), row_int(row, "amount_fen"), &req, &v) ==
        VERDICT_OK) {
        json_object_set_new(row, "requirements", requirements_json(&req));
    } else {
        json_object_set_new(row, "requirements", json_null());
    }
    if (strcmp(status, "registered") == 0) {
        struct rules_decision d = {row_text(row, "category"), row_int(row, "amount_fen"), false,
                                   false};
        int64_t person = 0;
        bool responsible =
            x->who->role == ROLE_ADMIN || (org_actor_person(x->c, x->who, &person, err) == ERR_OK &&
                                           person == row_int(row, "responsible_id"));
        if (rules_check_decision(rb, &d, &v) != VERDICT_OK) {
            item_block_verdict(x, blocked, "decide", &v, 0);
        } else if (responsible) {
            char path[64];
            snprintf(path, sizeof(path), "/api/v1/matters/%lld/decide", (long long)id);
            json_array_append_new(next, json_pack("{ss, ss}", "action", "decide", "path", path));
            steps_keep_permitted(x->who, township, next, matter_steps);
        } else if (policy_role_has(x->who->role, CAP_MATTER_DECIDE)) {
            procedure_block(x->english, blocked, "decide", PROCEDURE_NOT_RESPONSIBLE);
        }
    }
    if (names != NULL) {
        json_object_update(row, names);
    }
    rc = materials_of(x, row, &materials, err);
    if (rc != ERR_OK) {
        goto done;
    }
    json_object_set_new(row, "materials", materials);
    json_object_set_new(row, "status", json_string(status));
    json_object_set(row, "rulebook", ref);
    json_object_set(row, "items", items);
    json_object_set(row, "next", next);
    json_object_set(row, "blocked", blocked);
    *item = json_incref(row);
done:
    json_decref(row);
    json_decref(items);
    json_decref(names);
    json_decref(ref);
    json_decref(next);
    json_decref(blocked);
    xfree(rb);
    return rc;
}

/* What a matter is at (as matter_get and matter_list work it out). */
static const struct choice matter_statuses[] = {
    {"registered", "已登记", "registered"},
    {"on_agenda", "已列入议程", "on the agenda"},
    {"decided", "已决定", "decided"},
    {"rejected", "未通过", "rejected"},
    {NULL, NULL, NULL},
};
/* What a matter carries besides its row: its status, what the catalogue
 * requires, the items that took it up, and its steps. */
static const struct field get_extra[] = {
    F_ENUM("status", 0, matter_statuses, "状态", "status"),
    F_TEXT("proposer_name", FIELD_NULLABLE, 0, "提出人", "proposer"),
    F_TEXT("proposer_name_en", FIELD_NULLABLE, 0, "提出人（英文）", "proposer in English"),
    F_TEXT("responsible_name", FIELD_NULLABLE, 0, "负责成员", "responsible member"),
    F_TEXT("responsible_name_en",
           FIELD_NULLABLE,
           0,
           "负责成员（英文）",
           "responsible member in English"),
    F_TEXT("department_name", FIELD_NULLABLE, 0, "责任部门", "department"),
    F_TEXT("department_name_en", FIELD_NULLABLE, 0, "责任部门（英文）", "department in English"),
    F_OBJECT("requirements", FIELD_NULLABLE, NULL, "目录要求", "what the catalogue requires"),
    F_LIST("items", 0, 0, NULL, "议程议题", "agenda items"),
    F_LIST("materials", 0, 0, NULL, "会议材料", "materials"),
    F_STEPS,
    F_END,
};

const struct query matter_get_query = {
    .name = "matter.get",
    .path = "/api/v1/matters/{id}",
    .cap = CAP_PUBLIC_READ,
    .run = matter_get,
    .zh = "一个议题及目录对它的要求",
    .en = "One matter with what the catalogue requires",
    .entity = &matter_entity,
    .extra = get_extra,
};

enum err_code matter_list(const struct ctx *x, const struct args *a, json_t **page, struct err *err)
{
    const char *township = a->township;
    const struct page_query *q = &a->page;
    json_t *items = NULL;
    int64_t total = 0;
    int64_t all = policy_can_read(x->who, township) ? 1 : 0;
    const char *status = q->status;
    enum err_code rc = org_check_township(x->c, township, err);
    /* ?status is one of matter_params' values: the query runner checks it. */
#define MATTER_LIST_FROM                                                                           \
    " FROM (SELECT m.id, m.township_id, m.title, m.category, m.amount_fen, m.proposer_id,"         \
    " m.responsible_id, m.department_id, m.registered, m.decided_at, m.budget_id,"                 \
    " CASE WHEN m.decided_by IS NOT NULL THEN 'decided' ELSE COALESCE((SELECT "                    \
    "CASE " ITEM_STATUS_SQL(                                                                       \
        "a",                                                                                       \
        "g") " WHEN 'passed' THEN 'decided' WHEN 'rejected' THEN 'rejected'"                       \
             " WHEN 'deferred' THEN 'registered' WHEN 'withdrawn' THEN 'registered' ELSE "         \
             "'on_agenda' END"                                                                     \
             " FROM agenda_items a JOIN meetings g ON g.id = a.meeting_id WHERE a.matter_id = "    \
             "m.id"                                                                                \
             " ORDER BY a.id DESC LIMIT 1), 'registered') END AS status,"                          \
             " CASE WHEN m.decided_by IS NOT NULL OR EXISTS (SELECT 1 FROM agenda_items a"         \
             " JOIN meetings g ON g.id = a.meeting_id WHERE a.matter_id = m.id"                    \
             " AND a.status IN ('passed', 'rejected') AND g.finalised_at IS NOT NULL) THEN 1 "     \
             "ELSE 0"                                                                              \
             " END AS is_public, p.name AS proposer_name, p.name_en AS proposer_name_en"           \
             " FROM matters m JOIN people p ON p.id = m.proposer_id WHERE m.township_id = ?) t"    \
             " WHERE (? = 1 OR t.is_public = 1) AND (CAST(? AS TEXT) IS NULL OR t.status = ?)"
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &total, NULL, err, "SELECT COUNT(*)" MATTER_LIST_FROM, "titt",
                             township, all, status, status);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &items, err,
                              "SELECT *" MATTER_LIST_FROM " ORDER BY t.id DESC LIMIT ? OFFSET ?",
                              "tittii", township, all, status, status, q->limit, q->offset);
    }
#undef MATTER_LIST_FROM
    if (rc == ERR_OK) {
        *page = json_pack("{so, sI, sI, sI}", "items", items, "total", (json_int_t)total, "limit",
                          (json_int_t)q->limit, "offset", (json_int_t)q->offset);
    }
    return rc;
}

static const struct field matter_params[] = {
    F_ENUM("status", 0, matter_statuses, "状态", "status"),
    F_END,
};
/* What a listed matter carries besides its columns. */
static const struct field list_extra[] = {
    F_ENUM("status", 0, matter_statuses, "状态", "status"),
    F_INT("is_public", 0, 0, 1, "已公开（1）", "public (1)"),
    F_TEXT("proposer_name", FIELD_NULLABLE, 0, "提出人", "proposer"),
    F_TEXT("proposer_name_en", FIELD_NULLABLE, 0, "提出人（英文）", "proposer in English"),
    F_END,
};

const struct query matter_list_query = {
    .name = "matter.list",
    .path = "/api/v1/townships/{tid}/matters",
    .cap = CAP_PUBLIC_READ,
    .params = matter_params,
    .paged = true,
    .run = matter_list,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "乡镇的议题（可按状态）",
    .en = "Matters of a township (?status)",
    .entity = &matter_entity,
    .extra = list_extra,
};

enum err_code matter_check(
    struct store_conn *c, const char *township, int64_t matter, const char *field, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err,
                                       "SELECT 1 FROM matters WHERE id = ? AND township_id = ?",
                                       "it", matter, township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, field, "事项不存在或不属于本乡镇",
                     "no such matter in the township");
    }
    return rc;
}
