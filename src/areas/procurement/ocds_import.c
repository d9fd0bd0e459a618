/*
 * Importing OCDS 1.1 release packages (POST /townships/{tid}/ocds_imports
 * ?matter_id=): works and purchases run on another platform (the city's
 * trading centre) come in as the township's projects, each from the
 * matter given, at the stage its release reached, with its organisations
 * (registered as bidders when the township has not yet) and its bids; the
 * red flags of every stage are raised as for a project run here. The
 * package is kept in the file store by its digest, which the records
 * name. All or nothing: the first release not as probity can keep it
 * refuses the whole package, naming where (ocds_read.c). See
 * docs/procurement.md, "Open data".
 */
#include "areas/procurement/internal.h"

#include "areas/rulebook/rulebooks.h"
#include "core/alloc.h"
#include "record/content.h"
#include "record/row.h"

#include <string.h>

/* The most releases in one package. */
#define IMPORT_RELEASES_MAX 200

static const struct content_type package_types[] = {
    {"application/json", "JSON 文件", "JSON file"},
    {NULL, NULL, NULL},
};

static const struct content_kind package_files = {
    .types = package_types,
    .max_bytes = 8u << 20,
    .zh = "OCDS 发布包",
    .en = "OCDS release package",
};

/* The package's releases, checked for their shape. */
static enum err_code releases_of(const json_t *package, const json_t **releases, struct err *err)
{
    const char *version = json_string_value(json_object_get(package, "version"));
    *releases = json_object_get(package, "releases");
    if (!json_is_object(package) || version == NULL || strcmp(version, "1.1") != 0) {
        return err_set(err, ERR_INVALID, "version", "须为 OCDS 1.1 发布包（version 为 \"1.1\"）",
                       "an OCDS 1.1 release package is needed (version \"1.1\")");
    }
    if (!json_is_array(*releases) || json_array_size(*releases) == 0 ||
        json_array_size(*releases) > IMPORT_RELEASES_MAX) {
        return err_set(err, ERR_INVALID, "releases", "releases 须为 1 至 %d 个发布",
                       "releases must hold 1 to %d releases", IMPORT_RELEASES_MAX);
    }
    return ERR_OK;
}

/* The township's bidder of the party's code, registered when it has none:
 * its id into *id. */
static enum err_code bidder_of(
    const struct ctx *x, const char *township, const json_t *party, int64_t *id, struct err *err)
{
    bool found = false;
    struct event_ref ref;
    char now[UTC_TEXT_MAX];
    enum err_code rc = store_query_int(x->c, id, &found, err,
                                       "SELECT id FROM bidders WHERE township_id = ?"
                                       " AND registration_no = ?",
                                       "tt", township, row_text(party, "registration_no"));
    if (rc != ERR_OK || found) {
        return rc;
    }
    ctx_now_text(x, now);
    json_t *row = json_deep_copy(party);
    json_object_set_new(row, "township_id", json_string(township));
    json_object_set_new(row, "created", json_string(now));
    json_object_set_new(row, "updated", json_string(now));
    rc = entity_create(x->c, x->who, &bidder_entity, township, row, &ref, err);
    *id = rc == ERR_OK ? row_int(row, "id") : 0;
    json_decref(row);
    return rc;
}

/* Refuses an ocid the township already has, naming the release. */
static enum err_code
ocid_free(const struct ctx *x, const char *township, const char *ocid, size_t i, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    char at[ERR_FIELD_MAX];
    enum err_code rc = store_query_int(x->c, &one, &found, err,
                                       "SELECT 1 FROM projects WHERE township_id = ? AND ocid = ?",
                                       "tt", township, ocid);
    snprintf(at, sizeof(at), "releases[%zu].ocid", i);
    if (rc == ERR_OK && found) {
        rc = err_set(err, ERR_CONFLICT, at, "开放合同标识 %s 的项目已经导入",
                     "the project of the open contracting id %s is imported already", ocid);
    }
    return rc;
}

/* The step whose flags an imported project at status has seen last. */
static bool last_step(enum project_status status, enum red_flag_at *out)
{
    static const struct {
        enum project_status status;
        enum red_flag_at at;
    } steps[] = {
        {PROJECT_SETTLED, RED_FLAG_AT_SETTLEMENT}, {PROJECT_CONTRACTED, RED_FLAG_AT_CONTRACT},
        {PROJECT_AWARDED, RED_FLAG_AT_AWARD},      {PROJECT_OPENED, RED_FLAG_AT_OPENING},
        {PROJECT_TENDERING, RED_FLAG_AT_TENDER},
    };
    for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
        if (status >= steps[i].status) {
            *out = steps[i].at;
            return true;
        }
    }
    return false;
}

/* Records one release read into p as the township's project of matter,
 * under the rulebook in force (its reference): its bidders, the project,
 * its bids, then its red flags. */
static enum err_code import_one(const struct ctx *x,
                                const struct args *a,
                                struct ocds_project *p,
                                const char *digest,
                                json_t *rulebook,
                                json_t *answers,
                                struct event_ref *ref,
                                struct err *err)
{
    const char *township = a->township;
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    json_t *row = json_deep_copy(p->project), *ids = json_object();
    json_object_set_new(row, "township_id", json_string(township));
    json_object_set_new(row, "matter_id", json_integer(args_int(a, "matter_id")));
    json_object_set_new(row, "status", json_string(project_statuses[p->status].value));
    json_object_set_new(row, "recorded_by", json_string(actor_label(x->who)));
    json_object_set_new(row, "imported_from", json_string(digest));
    json_object_set_new(row, "rulebook", json_incref(rulebook));
    json_object_set_new(row, "created", json_string(now));
    json_object_set_new(row, "updated", json_string(now));
    const char *key;
    json_t *party;
    enum err_code rc = ERR_OK;
    json_object_foreach(p->parties, key, party)
    {
        int64_t id = 0;
        rc = bidder_of(x, township, party, &id, err);
        if (rc != ERR_OK) {
            break;
        }
        json_object_set_new(ids, key, json_integer(id));
    }
    if (rc == ERR_OK && p->supplier != NULL) {
        json_object_set(row, "supplier_id", json_object_get(ids, p->supplier));
    }
    if (rc == ERR_OK) {
        rc = entity_create(x->c, x->who, &project_entity, township, row, ref, err);
    }
    size_t i;
    json_t *bid;
    json_array_foreach(rc == ERR_OK ? p->bids : NULL, i, bid)
    {
        json_t *b =
            json_pack("{sI, ss, sO, sO, sO, ss}", "project_id", (json_int_t)row_int(row, "id"),
                      "township_id", township, "submitted_at", json_object_get(bid, "submitted_at"),
                      "bidder_id", json_object_get(ids, row_text(bid, "party")), "price_fen",
                      json_object_get(bid, "price_fen"), "recorded_by", actor_label(x->who));
        rc = entity_create(x->c, x->who, &bid_entity, township, b, ref, err);
        if (rc == ERR_OK && p->supplier != NULL &&
            strcmp(row_text(bid, "party"), p->supplier) == 0) {
            json_object_set_new(row, "awarded_bid_id", json_integer(row_int(b, "id")));
        }
        json_decref(b);
        if (rc != ERR_OK) {
            break;
        }
    }
    enum red_flag_at last;
    if (rc == ERR_OK && last_step(p->status, &last)) {
        rc = project_raise_through(x, row, last, row, err);
    }
    /* The winning bid, once the bids are in, and the flags (sealed, as
     * any step's): the project's second record. */
    if (rc == ERR_OK &&
        (row_int(row, "awarded_bid_id") != 0 || json_object_get(row, "red_flags"))) {
        static const char *const sealed[] = {"red_flags", NULL};
        rc = entity_update_sealed(x->c, x->who, &project_entity, township, row, sealed, ref, err);
    }
    if (rc == ERR_OK) {
        json_t *item = json_copy(row);
        json_object_del(item, "red_flags");
        json_array_append_new(answers, item);
    }
    json_decref(ids);
    json_decref(row);
    return rc;
}

static enum err_code
import_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    char *data = NULL;
    size_t len = 0;
    json_t *package = NULL, *answers = json_array(), *seen = json_object();
    const json_t *releases = NULL;
    struct event_ref ref = {0};
    struct rulebook *rb = xmalloc(sizeof(*rb));
    json_t *rulebook = NULL;
    int64_t one = 0;
    bool found = false;
    enum err_code rc = store_query_int(x->c, &one, &found, err,
                                       "SELECT 1 FROM matters WHERE id = ? AND township_id = ?",
                                       "it", args_int(a, "matter_id"), a->township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, "matter_id", "该事项不是本乡镇登记的事项",
                     "no such matter of the township");
    }
    if (rc == ERR_OK) {
        rc = content_load(x->store, &package_files, a->stored->sha256, &data, &len, err);
    }
    if (rc == ERR_OK) {
        json_error_t bad;
        package = json_loadb(data, len, JSON_REJECT_DUPLICATES, &bad);
        if (package == NULL) {
            rc = err_set(err, ERR_INVALID, "file", "文件不是有效的 JSON（第 %d 行）：%s",
                         "the file is no valid JSON (line %d): %s", bad.line, bad.text);
        }
    }
    if (rc == ERR_OK) {
        rc = releases_of(package, &releases, err);
    }
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, a->township, x->now_ms, rb, &rulebook, err);
    }
    size_t i;
    const json_t *release;
    json_array_foreach(rc == ERR_OK ? releases : NULL, i, release)
    {
        struct ocds_project p;
        rc = ocds_read_release(release, i, &p, err);
        if (rc != ERR_OK) {
            break;
        }
        const char *ocid = row_text(p.project, "ocid");
        if (json_object_get(seen, ocid) != NULL) {
            char at[ERR_FIELD_MAX];
            snprintf(at, sizeof(at), "releases[%zu].ocid", i);
            rc = err_set(err, ERR_INVALID, at, "开放合同标识 %s 在包中出现了两次",
                         "the open contracting id %s is twice in the package", ocid);
        }
        json_object_set_new(seen, ocid, json_true());
        if (rc == ERR_OK) {
            rc = ocid_free(x, a->township, ocid, i, err);
        }
        if (rc == ERR_OK) {
            rc = import_one(x, a, &p, a->stored->sha256, rulebook, answers, &ref, err);
        }
        ocds_project_free(&p);
        if (rc != ERR_OK) {
            break;
        }
    }
    if (rc == ERR_OK) {
        *result = command_answer(
            json_pack("{so, ss}", "projects", answers, "sha256", a->stored->sha256), &ref);
        answers = NULL;
    }
    json_decref(answers);
    json_decref(seen);
    json_decref(rulebook);
    xfree(rb);
    json_decref(package);
    xfree(data);
    return rc;
}

static const struct field import_fields[] = {
    F_REF("matter_id", FIELD_REQUIRED, "依据的事项", "matter"),
    F_END,
};

const struct command ocds_import_command = {
    .name = "ocds.import",
    .method = "POST",
    .path = "/api/v1/townships/{tid}/ocds_imports",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 201,
    .fields = import_fields,
    .run = import_body,
    .file = &package_files,
    .flags = COMMAND_ANSWERS_VIEW,
    .zh = "导入开放合同数据（OCDS 1.1 发布包）为本乡镇的项目",
    .en = "Import open contracting data (an OCDS 1.1 release package) as the township's projects",
    .entity = &project_entity,
};
