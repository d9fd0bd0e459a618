/*
 * Stored rulebook versions, the version in force and the changes to them.
 * See rulebooks.h and docs/decisions.md.
 */
#include "areas/rulebook/rulebooks.h"
#include "rules/floors.h"

#include "record/query.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

#define RULEBOOK_ROW(X)                                                                            \
    X(township_id, TEXT)                                                                           \
    X(version, INT)                                                                                \
    X(effective_from, TEXT)                                                                        \
    X(effective_ms, INT)                                                                           \
    X(city_version, INT)                                                                           \
    X(document, JSON)                                                                              \
    X(digest, TEXT)                                                                                \
    X(created, TEXT)
ENTITY(rulebooks_entity,
       "rulebook",
       "rulebooks",
       RULEBOOK_ROW,
       .allocates_id = true,
       .zh = "议事规则",
       .en = "rulebook");

/* ---- the cache ---- */

#define CACHE_SLOTS 16

struct rulebooks_cache {
    char keys[CACHE_SLOTS][96];
    struct rulebook books[CACHE_SLOTS];
    size_t next; /* the slot the next insertion takes (round robin) */
};

struct rulebooks_cache *rulebooks_cache_new(void)
{
    return xcalloc(1, sizeof(struct rulebooks_cache));
}

void rulebooks_cache_free(struct rulebooks_cache *cache)
{
    xfree(cache);
}

static bool cache_get(struct rulebooks_cache *cache, const char *key, struct rulebook *out)
{
    for (size_t i = 0; cache != NULL && i < CACHE_SLOTS; i++) {
        if (cache->keys[i][0] != '\0' && strcmp(cache->keys[i], key) == 0) {
            *out = cache->books[i];
            return true;
        }
    }
    return false;
}

static void cache_put(struct rulebooks_cache *cache, const char *key, const struct rulebook *rb)
{
    if (cache == NULL) {
        return;
    }
    size_t slot = cache->next++ % CACHE_SLOTS;
    snprintf(cache->keys[slot], sizeof(cache->keys[slot]), "%s", key);
    cache->books[slot] = *rb;
}

/* ---- loading ---- */

/* The stored document of row id parsed as a city rulebook, or (id 0) the
 * built-in default. */
static enum err_code
load_city(struct store_conn *c, int64_t id, struct rulebook *out, struct err *err)
{
    if (id == 0) {
        rulebook_default(out);
        return ERR_OK;
    }
    json_t *row = NULL;
    enum err_code rc = row_load(c, &rulebooks_entity, "SELECT document FROM rulebooks WHERE id = ?",
                                id, &row, err);
    if (rc == ERR_OK) {
        rc = rulebook_from_json(json_object_get(row, "document"), out, err);
        if (rc != ERR_OK) {
            rc = err_set(err, ERR_INTEGRITY, "rulebook", "已存的议事规则无法解析",
                         "a stored rulebook no longer parses");
        }
    }
    json_decref(row);
    return rc;
}

/* Merges the stored override of row id over city into out. */
static enum err_code load_override(struct store_conn *c,
                                   int64_t id,
                                   const struct rulebook *city,
                                   struct rulebook *out,
                                   struct err *err)
{
    json_t *row = NULL;
    enum err_code rc = row_load(c, &rulebooks_entity, "SELECT document FROM rulebooks WHERE id = ?",
                                id, &row, err);
    if (rc == ERR_OK) {
        rc = rulebook_merge(city, json_object_get(row, "document"), out, err);
        if (rc != ERR_OK) {
            rc = err_set(err, ERR_INTEGRITY, "rulebook", "已存的乡镇议事规则无法合并",
                         "a stored township override no longer merges");
        }
    }
    json_decref(row);
    return rc;
}

/*
 * The id of the stored version of a scope (township NULL: the city) in
 * force at at_ms, chosen by rulebook_in_force; 0 when none is.
 */
static enum err_code pick_in_force(
    struct store_conn *c, const char *township, int64_t at_ms, int64_t *id, struct err *err)
{
    json_t *rows = NULL;
    *id = 0;
    enum err_code rc = township == NULL
                           ? store_query_json(c, &rows, err,
                                              "SELECT id, version, effective_ms FROM rulebooks"
                                              " WHERE township_id IS NULL ORDER BY version",
                                              "")
                           : store_query_json(c, &rows, err,
                                              "SELECT id, version, effective_ms FROM rulebooks"
                                              " WHERE township_id = ? ORDER BY version",
                                              "t", township);
    if (rc != ERR_OK) {
        return rc;
    }
    size_t n = json_array_size(rows);
    if (n > 0) {
        /* Only the identity matters to the choice. */
        struct rulebook *books = xcalloc(n, sizeof(*books));
        const struct rulebook **versions = xcalloc(n, sizeof(*versions));
        for (size_t i = 0; i < n; i++) {
            books[i].version = row_int(json_array_get(rows, i), "version");
            books[i].effective_from = row_int(json_array_get(rows, i), "effective_ms");
            versions[i] = &books[i];
        }
        const struct rulebook *best = rulebook_in_force(versions, n, at_ms);
        if (best != NULL) {
            *id = row_int(json_array_get(rows, (size_t)(best - books)), "id");
        }
        xfree(versions);
        xfree(books);
    }
    json_decref(rows);
    return ERR_OK;
}

static json_t *make_ref(const struct rulebook *rb, int64_t city_version)
{
    char digest[RULEBOOK_DIGEST_HEX];
    rulebook_digest(rb, digest);
    return json_pack("{sI, sI, ss?, ss}", "version", (json_int_t)rb->version, "city_version",
                     (json_int_t)city_version, "township",
                     rb->township[0] != '\0' ? rb->township : NULL, "digest", digest);
}

enum err_code rulebooks_in_force(const struct ctx *x,
                                 const char *township,
                                 int64_t at_ms,
                                 struct rulebook *out,
                                 json_t **ref,
                                 struct err *err)
{
    int64_t city_id = 0, override_id = 0;
    struct rulebook *city = xmalloc(sizeof(*city));
    char key[96];
    enum err_code rc = pick_in_force(x->c, NULL, at_ms, &city_id, err);
    if (rc == ERR_OK && township != NULL) {
        rc = pick_in_force(x->c, township, at_ms, &override_id, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    snprintf(key, sizeof(key), "rows:%lld:%lld", (long long)city_id, (long long)override_id);
    if (!cache_get(x->cache, key, out)) {
        rc = load_city(x->c, city_id, override_id != 0 ? city : out, err);
        if (rc == ERR_OK && override_id != 0) {
            rc = load_override(x->c, override_id, city, out, err);
        }
        if (rc == ERR_OK) {
            cache_put(x->cache, key, out);
        }
    }
    if (rc == ERR_OK && ref != NULL) {
        *ref = make_ref(out, out->township[0] != '\0' ? out->city_version : out->version);
    }
done:
    xfree(city);
    return rc;
}

/* The stored row id of a scope's version; 0 when there is none. */
static enum err_code find_version(
    struct store_conn *c, const char *township, int64_t version, int64_t *id, struct err *err)
{
    bool found = false;
    *id = 0;
    enum err_code rc =
        township == NULL
            ? store_query_int(c, id, &found, err,
                              "SELECT id FROM rulebooks WHERE township_id IS NULL AND version = ?",
                              "i", version)
            : store_query_int(c, id, &found, err,
                              "SELECT id FROM rulebooks WHERE township_id = ? AND version = ?",
                              "ti", township, version);
    if (rc == ERR_OK && !found) {
        *id = 0;
    }
    return rc;
}

/* Loads the version ref names with the city's row city_id into out; *same
 * tells whether its digest is the one recorded. */
static enum err_code load_exact(const struct ctx *x,
                                const json_t *ref,
                                int64_t city_id,
                                struct rulebook *out,
                                bool *same,
                                struct err *err)
{
    const char *township = row_text(ref, "township");
    struct rulebook *city = xmalloc(sizeof(*city));
    int64_t override_id = 0;
    enum err_code rc = load_city(x->c, city_id, township ? city : out, err);
    if (rc == ERR_OK && township != NULL) {
        rc = find_version(x->c, township, row_int(ref, "version"), &override_id, err);
        if (rc == ERR_OK && override_id == 0) {
            rc = err_set(err, ERR_INTEGRITY, "rulebook", "记录引用的乡镇议事规则版本不存在",
                         "the township rulebook version a record refers to does not exist");
        }
        if (rc == ERR_OK) {
            rc = load_override(x->c, override_id, city, out, err);
        }
    }
    if (rc == ERR_OK) {
        char digest[RULEBOOK_DIGEST_HEX];
        rulebook_digest(out, digest);
        *same = strcmp(digest, row_text(ref, "digest") ? row_text(ref, "digest") : "") == 0;
    }
    xfree(city);
    return rc;
}

enum err_code
rulebooks_load(const struct ctx *x, const json_t *ref, struct rulebook *out, struct err *err)
{
    const char *digest = row_text(ref, "digest");
    if (digest == NULL) {
        return err_set(err, ERR_INTEGRITY, "rulebook", "记录缺少议事规则版本",
                       "the record names no rulebook version");
    }
    if (cache_get(x->cache, digest, out)) {
        return ERR_OK;
    }
    int64_t city_version = row_int(ref, "city_version");
    int64_t city_id = 0;
    bool same = false;
    enum err_code rc = find_version(x->c, NULL, city_version, &city_id, err);
    if (rc == ERR_OK && (city_id != 0 || city_version == 1)) {
        rc = load_exact(x, ref, city_id, out, &same, err);
    }
    /* Before the city stored a version 1, the built-in default was it. */
    if (rc == ERR_OK && !same && city_id != 0 && city_version == 1) {
        rc = load_exact(x, ref, 0, out, &same, err);
    }
    if (rc == ERR_OK && !same) {
        rc = err_set(err, ERR_INTEGRITY, "rulebook", "记录引用的议事规则版本与存档不符",
                     "the rulebook version a record refers to does not match the stored one");
    }
    if (rc == ERR_OK) {
        cache_put(x->cache, digest, out);
    }
    return rc;
}

/* ---- reading ---- */

/* A version in the history, with the log index of the event that recorded
 * it and who did (the record's actor: record/actor.h). */
#define HISTORY_COLUMNS                                                                            \
    "id, township_id, version, effective_from, city_version, document, digest, "                   \
    "created, " LAST_SEQ_SQL("rulebook",                                                           \
                             "b.id") " AS seq, (SELECT e.actor FROM events e WHERE e.seq "         \
                                     "= " LAST_SEQ_SQL("rulebook", "b.id") ") AS recorded_by"

enum err_code
rulebooks_get(const struct ctx *x, const char *township, json_t **out, struct err *err)
{
    struct rulebook *rb = xmalloc(sizeof(*rb));
    json_t *ref = NULL, *history = NULL, *more = NULL;
    int64_t city_id = 0, override_id = 0;
    enum err_code rc = township ? org_check_township(x->c, township, err) : ERR_OK;
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, township, x->now_ms, rb, &ref, err);
    }
    if (rc == ERR_OK) {
        rc = pick_in_force(x->c, NULL, x->now_ms, &city_id, err);
    }
    if (rc == ERR_OK && township != NULL) {
        rc = pick_in_force(x->c, township, x->now_ms, &override_id, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &history, err,
                              "SELECT " HISTORY_COLUMNS " FROM rulebooks b"
                              " WHERE township_id IS NULL ORDER BY version",
                              "");
    }
    if (rc == ERR_OK && township != NULL) {
        rc = store_query_json(x->c, &more, err,
                              "SELECT " HISTORY_COLUMNS " FROM rulebooks b"
                              " WHERE township_id = ? ORDER BY version",
                              "t", township);
        json_array_extend(history, more);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    size_t i;
    json_t *row;
    json_array_foreach(history, i, row)
    {
        row_decode(&rulebooks_entity, row);
        json_object_set_new(
            row, "recorded_by",
            actor_column_json(json_string_value(json_object_get(row, "recorded_by"))));
        int64_t id = row_int(row, "id");
        json_object_set_new(row, "in_force", json_boolean(id == city_id || id == override_id));
    }
    char when[UTC_TEXT_MAX];
    utc_format(rb->effective_from, when);
    json_object_set_new(ref, "effective_from", json_string(when));
    json_object_set_new(ref, "built_in", json_boolean(city_id == 0));
    json_object_set_new(ref, "document", rulebook_to_json(rb));
    *out = json_pack("{ss?, sO, sO}", "township", township, "in_force", ref, "history", history);
done:
    json_decref(ref);
    json_decref(history);
    json_decref(more);
    xfree(rb);
    return rc;
}

/* ---- changing ---- */

/* The latest stored version of a township's overrides merged over the
 * city in force now, or (none yet) the city's rulebook in force now taken
 * as the township's version 0, so that its first override is version 1. */
static enum err_code township_current(const struct ctx *x,
                                      const char *township,
                                      struct rulebook *current,
                                      struct err *err)
{
    int64_t last = 0;
    bool found = false;
    enum err_code rc = store_query_int(x->c, &last, &found, err,
                                       "SELECT id FROM rulebooks WHERE township_id = ?"
                                       " ORDER BY version DESC LIMIT 1",
                                       "t", township);
    struct rulebook *city = xmalloc(sizeof(*city));
    if (rc == ERR_OK) {
        rc = rulebooks_in_force(x, NULL, x->now_ms, found ? city : current, NULL, err);
    }
    if (rc == ERR_OK && found) {
        rc = load_override(x->c, last, city, current, err);
    } else if (rc == ERR_OK) {
        snprintf(current->township, sizeof(current->township), "%s", township);
        current->city_version = current->version;
        current->version = 0;
    }
    xfree(city);
    return rc;
}

/* A new version of the city's rulebook or of a township's override, or
 * with "dry_run" what it would change. */
static enum err_code
change_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    bool dry_run = json_is_true(args_json(a, "dry_run"));
    const json_t *doc = args_json(a, "document"); /* an object; its inside is read here */
    json_t *filled = NULL;
    if (json_object_get(doc, "effective_from") == NULL) {
        /* No effective time: in force from when it is recorded. */
        char now[UTC_TEXT_MAX];
        ctx_now_text(x, now);
        filled = json_deep_copy(doc);
        json_object_set_new(filled, "effective_from", json_string(now));
        doc = filled;
    }
    const json_t *scope = json_object_get(doc, "township");
    const char *township = json_string_value(scope);
    struct rulebook *current = xcalloc(1, sizeof(*current));
    struct rulebook *proposed = xcalloc(1, sizeof(*proposed));
    struct rulebook *city = xcalloc(1, sizeof(*city));
    bool has_current = false;
    json_t *row = NULL, *diff = NULL;
    struct event_ref ref;
    struct verdict v;
    enum err_code rc = ERR_OK;
    if (scope != NULL && !json_is_null(scope) && township == NULL) {
        rc = err_set(err, ERR_INVALID, "township", "“township”须为乡镇标识（或 null）",
                     "'township' must be a township id (or null)");
    }
    if (rc == ERR_OK) {
        rc = policy_check(x->who, CAP_RULEBOOK_ADMIN, township, err);
    }
    if (rc == ERR_OK && township != NULL) {
        rc = org_check_township(x->c, township, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    if (township == NULL) {
        /* The city: the document is complete; the current one is the latest
         * stored (none: the built-in default, which a first version 1
         * replaces). */
        int64_t last = 0;
        rc = rulebook_from_json(doc, proposed, err);
        if (rc == ERR_OK) {
            rc = store_query_int(x->c, &last, &has_current, err,
                                 "SELECT id FROM rulebooks WHERE township_id IS NULL"
                                 " ORDER BY version DESC LIMIT 1",
                                 "");
        }
        if (rc == ERR_OK) {
            rc = load_city(x->c, has_current ? last : 0, current, err);
        }
    } else {
        /* A township: merged over the city's version in force when the
         * override takes effect. */
        int64_t at = x->now_ms;
        const char *when = json_string_value(json_object_get(doc, "effective_from"));
        if (when != NULL && utc_parse(when, &at) && at < x->now_ms) {
            at = x->now_ms;
        }
        rc = rulebooks_in_force(x, NULL, at, city, NULL, err);
        if (rc == ERR_OK) {
            rc = rulebook_merge(city, doc, proposed, err);
        }
        if (rc == ERR_OK) {
            rc = township_current(x, township, current, err);
            has_current = true;
        }
    }
    if (rc != ERR_OK) {
        goto done;
    }
    rc =
        verdict_settle(rulebook_check_change(has_current ? current : NULL, proposed, x->now_ms, &v),
                       &v, NULL, err);
    if (rc == ERR_OK) {
        /* No version goes below the city's floors (a city version, below
         * its own). */
        rc = verdict_settle(rulebook_check_floors(proposed, &v), &v, NULL, err);
    }
    if (rc != ERR_OK) {
        goto done;
    }
    diff = rulebook_diff(current, proposed);
    char digest[RULEBOOK_DIGEST_HEX];
    rulebook_digest(proposed, digest);
    if (dry_run) {
        *result = json_pack("{sb, sO, so, ss}", "dry_run", 1, "diff", diff, "document",
                            rulebook_to_json(proposed), "digest", digest);
        goto done;
    }
    /* A township row keeps its own effective time (the merged one is the
     * later of it and the city's) and the override as given. */
    int64_t effective = proposed->effective_from;
    if (township != NULL) {
        (void)utc_parse(json_string_value(json_object_get(doc, "effective_from")), &effective);
    }
    char when[UTC_TEXT_MAX], now[UTC_TEXT_MAX];
    utc_format(effective, when);
    ctx_now_text(x, now);
    row = json_pack("{ss?, sI, ss, sI, so, so, ss, ss}", "township_id", township, "version",
                    (json_int_t)proposed->version, "effective_from", when, "effective_ms",
                    (json_int_t)effective, "city_version",
                    township ? json_integer(city->version) : json_null(), "document",
                    township ? json_deep_copy(doc) : rulebook_to_json(proposed), "digest", digest,
                    "created", now);
    rc = entity_create(x->c, x->who, &rulebooks_entity, township, row, &ref, err);
    if (rc == ERR_OK) {
        *result =
            json_pack("{sO, so, sO}", "item", row, "event", event_ref_json(&ref), "diff", diff);
    }
done:
    json_decref(filled);
    json_decref(row);
    json_decref(diff);
    xfree(current);
    xfree(proposed);
    xfree(city);
    return rc;
}

static const struct field change_fields[] = {
    F_OBJECT("document", FIELD_REQUIRED, NULL, "议事规则文档", "rulebook document"),
    F_BOOL("dry_run", FIELD_NULLABLE, "仅预览变化", "dry run"),
    F_END,
};

const struct command rulebook_change_command = {
    .name = "rulebook.change",
    .method = "POST",
    .path = "/api/v1/rulebook",
    .cap = CAP_RULEBOOK_ADMIN,
    .status = 201,
    .fields = change_fields,
    .run = change_body,
    .zh = "议事规则新版本或乡镇补充规定（可先预览）",
    .en = "A new rulebook version or township override ({document, dry_run})",
    .flags = COMMAND_DRY_RUN,
    .entity = &rulebooks_entity,
};

/* The rulebook in force for the query's ?township (the city's without). */
static enum err_code
in_force_body(const struct ctx *x, const struct args *a, json_t **out, struct err *err)
{
    return rulebooks_get(x, args_text(a, "township"), out, err);
}

static const struct field in_force_params[] = {
    F_TEXT("township", 0, 40, "乡镇", "township"),
    F_END,
};

const struct query rulebook_get_query = {
    .name = "rulebook.get",
    .path = "/api/v1/rulebook",
    .cap = CAP_PUBLIC_READ,
    .params = in_force_params,
    .run = in_force_body,
    .zh = "现行议事规则（可指定乡镇）及其历次版本",
    .en = "The rulebook in force (?township) and its versions",
};
