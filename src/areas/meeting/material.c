/*
 * A matter's materials (会议材料): the documents members read before they
 * deliberate, uploaded by the clerk to the matter (so to every agenda item
 * it is put on). The file goes to the node's file store by its SHA-256
 * (record/content.h), the record names it by that digest. Its name stays
 * sealed until the matter is public, and a personnel matter's material is
 * sealed whole and never published. A material can be withdrawn until it
 * went out with an item's notice. See docs/decisions.md, "Materials".
 */
#include "areas/meeting/internal.h"
#include "record/query.h"

#include "core/alloc.h"

#include <string.h>

#define MATERIAL_COLUMNS ENTITY_COLUMNS(MATERIAL_ROW)
#define MATERIALS_MAX    32

static const struct field material_columns[] = {
    F_INT(
        "personnel", 0, 0, 1, "人事事项材料（1：不公开）", "personnel material (1: never public)"),
    F_END,
};

ENTITY(material_entity,
       "material",
       "materials",
       MATERIAL_ROW,
       .allocates_id = true,
       .columns = material_columns,
       .zh = "会议材料",
       .en = "meeting material");

/* What a material may be: documents and scans an office sends members. */
static const struct content_type material_types[] = {
    {"application/pdf", "PDF 文档", "PDF document"},
    {"application/msword", "Word 文档", "Word document"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档",
     "Word document"},
    {"application/vnd.ms-excel", "Excel 表格", "Excel workbook"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格",
     "Excel workbook"},
    {"image/png", "PNG 图片", "PNG image"},
    {"image/jpeg", "JPEG 图片", "JPEG image"},
    {NULL, NULL, NULL},
};

const struct content_kind material_files = {
    .types = material_types,
    .max_bytes = 20u << 20,
    .zh = "会议材料",
    .en = "meeting material",
};

/* What the log keeps sealed: the name until the matter is public (it
 * often names the matter); a personnel matter's material whole. */
static const char *const sealed_name[] = {"name", NULL};
static const char *const sealed_whole[] = {"name", "media_type", "size_bytes", "sha256", NULL};

/* ---- reading ---- */

/* True when the matter has been put on an agenda: its materials went out
 * with the item's notice. */
static enum err_code matter_sent(struct store_conn *c, int64_t matter, bool *out, struct err *err)
{
    int64_t one = 0;
    return store_query_int(c, &one, out, err, "SELECT 1 FROM agenda_items WHERE matter_id = ?", "i",
                           matter);
}

/* Whether materials of the matter (a matters row) can still be withdrawn
 * and added: refused with the rule's id when not. */
static enum err_code
matter_open(const struct ctx *x, const json_t *matter, bool removing, struct err *err)
{
    const char *status = NULL;
    bool sent = false;
    enum err_code rc = matter_status(x->c, matter, &status, err);
    if (rc == ERR_OK && (strcmp(status, "decided") == 0 || strcmp(status, "rejected") == 0)) {
        rc = procedure_refuse(err, PROCEDURE_MATTER_DECIDED, NULL);
    }
    if (rc == ERR_OK && removing) {
        rc = matter_sent(x->c, row_int(matter, "id"), &sent, err);
    }
    if (rc == ERR_OK && sent) {
        rc = procedure_refuse(err, PROCEDURE_MATERIALS_SENT, NULL);
    }
    return rc;
}

enum err_code materials_of(const struct ctx *x, const json_t *matter, json_t **out, struct err *err)
{
    const char *township = row_text(matter, "township_id");
    bool insider = policy_can_read(x->who, township);
    struct err scratch;
    err_init(&scratch);
    bool removable =
        insider && policy_check(x->who, CAP_MATTER_WRITE, township, &scratch) == ERR_OK;
    if (removable) {
        /* a refusal here only means: not removable */
        removable = matter_open(x, matter, true, &scratch) == ERR_OK;
    }
    json_t *rows = NULL;
    enum err_code rc =
        store_query_json(x->c, &rows, err,
                         "SELECT mat.*, p.name AS uploader_name, p.name_en AS uploader_name_en "
                         "FROM (SELECT " MATERIAL_COLUMNS " FROM materials WHERE matter_id = ?) mat"
                         " LEFT JOIN people p ON p.id = mat.uploader_id ORDER BY mat.id",
                         "i", row_int(matter, "id"));
    size_t i;
    json_t *row;
    json_array_foreach(rc == ERR_OK ? rows : NULL, i, row)
    {
        bool personnel = row_int(row, "personnel") != 0;
        json_object_set_new(row, "removable", json_boolean(removable));
        for (const char *const *k = sealed_whole; personnel && !insider && *k != NULL; k++) {
            json_object_set_new(row, *k, json_null());
        }
    }
    if (rc == ERR_OK) {
        *out = rows;
    }
    return rc;
}

enum err_code materials_attach(const struct ctx *x, json_t *rows, const char *key, struct err *err)
{
    enum err_code rc = ERR_OK;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *matter = NULL, *materials = NULL;
        rc = row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?",
                      row_int(row, key), &matter, err);
        if (rc == ERR_OK) {
            rc = materials_of(x, matter, &materials, err);
        }
        json_decref(matter);
        if (rc != ERR_OK) {
            break;
        }
        json_object_set_new(row, "materials", materials);
    }
    return rc;
}

/* The matter a->id as its reader may see it (NOT_FOUND otherwise). */
static enum err_code
visible_matter(const struct ctx *x, int64_t id, json_t **matter, struct err *err)
{
    bool visible = false;
    enum err_code rc =
        row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?", id,
                 matter, err);
    if (rc == ERR_OK) {
        visible = policy_can_read(x->who, row_text(*matter, "township_id"));
        if (!visible) {
            rc = matter_public(x->c, *matter, &visible, err);
        }
    }
    if (rc == ERR_OK && !visible) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    return rc;
}

/* The materials of one matter, as materials_of lists them: the one whose
 * id is given, into *out. */
static enum err_code
material_view(const struct ctx *x, const json_t *matter, int64_t id, json_t **out, struct err *err)
{
    json_t *all = NULL;
    enum err_code rc = materials_of(x, matter, &all, err);
    size_t i;
    json_t *row;
    *out = NULL;
    json_array_foreach(rc == ERR_OK ? all : NULL, i, row)
    {
        if (row_int(row, "id") == id) {
            *out = json_incref(row);
        }
    }
    json_decref(all);
    if (rc == ERR_OK && *out == NULL) {
        rc = err_set(err, ERR_NOT_FOUND, "id", NULL, NULL);
    }
    return rc;
}

/* ---- commands ---- */

static const struct field upload_fields[] = {
    F_TEXT("name", FIELD_REQUIRED, 200, "文件名", "file name"),
    F_END,
};

/* Records the file the runner stored (a->stored) as a material of matter
 * a->id. */
static enum err_code
upload_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *matter = NULL, *row = NULL, *item = NULL;
    struct rulebook *rb = xmalloc(sizeof(*rb));
    struct rules_requirements req;
    struct verdict v;
    struct event_ref ref;
    int64_t count = 0;
    char now[UTC_TEXT_MAX];
    const char *name = args_text(a, "name");
    enum err_code rc =
        row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?", a->id,
                 &matter, err);
    if (rc == ERR_OK && strpbrk(name, "/\\") != NULL) {
        rc = err_set(err, ERR_INVALID, "name", "文件名不能含有 / 或 \\",
                     "a file name cannot contain / or \\");
    }
    if (rc == ERR_OK) {
        rc = matter_open(x, matter, false, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_int(x->c, &count, NULL, err,
                             "SELECT COUNT(*) FROM materials WHERE matter_id = ?", "i", a->id);
    }
    if (rc == ERR_OK && count >= MATERIALS_MAX) {
        rc = procedure_refuse(err, PROCEDURE_MATERIALS_FULL, NULL);
    }
    /* A personnel matter is one its category deliberates by secret ballot. */
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, a->township, x->now_ms, rb, NULL, err);
    }
    if (rc == ERR_OK) {
        rc = verdict_settle(rules_catalogue(rb, row_text(matter, "category"),
                                            row_int(matter, "amount_fen"), &req, &v),
                            &v, NULL, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        row = json_pack("{ss, sI, ss, ss, sI, ss, si, ss, ss, so}", "township_id", a->township,
                        "matter_id", (json_int_t)a->id, "name", name, "media_type",
                        a->stored->media_type, "size_bytes", (json_int_t)a->stored->size, "sha256",
                        a->stored->sha256, "personnel", req.secret_ballot ? 1 : 0, "uploaded", now,
                        "uploaded_by", actor_label(x->who), "uploader_id",
                        x->who->person_id ? json_integer(x->who->person_id) : json_null());
        rc = entity_create_sealed(x->c, x->who, &material_entity, a->township, row,
                                  req.secret_ballot ? sealed_whole : sealed_name, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = material_view(x, matter, row_int(row, "id"), &item, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(item, &ref);
    }
    json_decref(row);
    json_decref(matter);
    xfree(rb);
    return rc;
}

const struct command material_upload_command = {
    .name = "material.upload",
    .method = "POST",
    .path = "/api/v1/matters/{id}/materials",
    .cap = CAP_MATTER_WRITE,
    .status = 201,
    .fields = upload_fields,
    .run = upload_body,
    .zh = "上传事项的会议材料（PDF、Word、Excel 或图片，请求体即文件）",
    .en = "Upload a material of a matter (PDF, Word, Excel or an image; the body is the file)",
    .entity = &material_entity,
    .scope = "SELECT township_id FROM matters WHERE id = ?",
    .file = &material_files,
};

/* Withdraws material a->id, until it went out with an item's notice. */
static enum err_code
remove_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *material = NULL, *matter = NULL;
    struct event_ref ref;
    enum err_code rc =
        row_load(x->c, &material_entity, "SELECT " MATERIAL_COLUMNS " FROM materials WHERE id = ?",
                 a->id, &material, err);
    if (rc == ERR_OK) {
        rc = row_load(x->c, &matter_entity, "SELECT " MATTER_COLUMNS " FROM matters WHERE id = ?",
                      row_int(material, "matter_id"), &matter, err);
    }
    if (rc == ERR_OK) {
        rc = matter_open(x, matter, true, err);
    }
    if (rc == ERR_OK) {
        rc = entity_delete(x->c, x->who, &material_entity, a->township,
                           json_object_get(material, "id"), &ref, err);
    }
    if (rc == ERR_OK) {
        *result = command_answer(json_pack("{sI}", "id", (json_int_t)a->id), &ref);
    }
    json_decref(material);
    json_decref(matter);
    return rc;
}

const struct command material_remove_command = {
    .name = "material.remove",
    .method = "DELETE",
    .path = "/api/v1/materials/{id}",
    .cap = CAP_MATTER_WRITE,
    .status = 200,
    .run = remove_body,
    .zh = "撤回上传错的会议材料（议题通知发出前）",
    .en = "Withdraw a material uploaded by mistake (before the item's notice)",
    .entity = &material_entity,
    .scope = "SELECT township_id FROM materials WHERE id = ?",
};

/* ---- queries ---- */

static enum err_code
list_body(const struct ctx *x, const struct args *a, json_t **out, struct err *err)
{
    json_t *matter = NULL, *items = NULL;
    enum err_code rc = visible_matter(x, a->id, &matter, err);
    if (rc == ERR_OK) {
        rc = materials_of(x, matter, &items, err);
    }
    if (rc == ERR_OK) {
        int64_t total = (int64_t)json_array_size(items);
        json_t *page = json_array();
        for (int64_t i = a->page.offset; i < total && i < a->page.offset + a->page.limit; i++) {
            json_array_append(page, json_array_get(items, (size_t)i));
        }
        *out = page_json(page, total, a->page.limit, a->page.offset);
    }
    json_decref(items);
    json_decref(matter);
    return rc;
}

/* What a material's row carries besides its columns. */
static const struct field material_extra[] = {
    F_TEXT("uploader_name", FIELD_NULLABLE, 0, "上传人", "uploaded by"),
    F_TEXT("uploader_name_en", FIELD_NULLABLE, 0, "上传人（英文）", "uploaded by (English)"),
    F_BOOL("removable", 0, "可撤回", "can be withdrawn"),
    F_END,
};

const struct query material_list_query = {
    .name = "material.list",
    .path = "/api/v1/matters/{id}/materials",
    .cap = CAP_PUBLIC_READ,
    .paged = true,
    .run = list_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "事项的会议材料",
    .en = "A matter's materials",
    .entity = &material_entity,
    .extra = material_extra,
};

/* The file of material a->id, for the township's own readers: the
 * runner sends its bytes (record/query.h, .file). */
static enum err_code
content_body(const struct ctx *x, const struct args *a, json_t **out, struct err *err)
{
    json_t *material = NULL;
    enum err_code rc =
        row_load(x->c, &material_entity, "SELECT " MATERIAL_COLUMNS " FROM materials WHERE id = ?",
                 a->id, &material, err);
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_DECISION_READ, row_text(material, "township_id"), err);
    }
    if (rc == ERR_OK) {
        *out = json_pack("{sO, sO, sO}", "sha256", json_object_get(material, "sha256"),
                         "media_type", json_object_get(material, "media_type"), "name",
                         json_object_get(material, "name"));
    }
    json_decref(material);
    return rc;
}

const struct query material_content_query = {
    .name = "material.content",
    .path = "/api/v1/materials/{id}/content",
    .cap = CAP_DECISION_READ,
    .run = content_body,
    .zh = "下载会议材料（本乡镇工作人员）",
    .en = "Download a material (the township's own staff)",
    .file = &material_files,
};
