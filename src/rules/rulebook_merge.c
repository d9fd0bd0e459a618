/*
 * Township overrides merged over the city's rulebook, and the diff of two
 * rulebooks (the "what changes" list shown to the admin before a change).
 * See rulebook.h and docs/rules.md.
 */
#include "rules/rulebook.h"

#include "core/alloc.h"
#include "core/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_LEN 128

static const char *const override_keys[] = {"version",    "effective_from", "township",
                                            "thresholds", "congress",       "categories",
                                            "actions",    "procurement",    NULL};

/* Copies every key of src into dst: objects into objects recursively, any
 * other value replacing dst's. */
static void merge_into(json_t *dst, const json_t *src)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)src, key, value)
    {
        json_t *have = json_object_get(dst, key);
        if (json_is_object(value) && json_is_object(have)) {
            merge_into(have, value);
        } else {
            json_object_set_new(dst, key, json_deep_copy(value));
        }
    }
}

enum err_code rulebook_merge(const struct rulebook *city,
                             const json_t *override,
                             struct rulebook *out,
                             struct err *err)
{
    json_t *doc = NULL;
    enum err_code rc = ERR_OK;
    if (city->township[0] != '\0') {
        return err_set(err, ERR_INVALID, "township", "只能在全市规则之上叠加乡镇规则",
                       "a township override applies over the city's rulebook only");
    }
    if (!json_is_object(override)) {
        return err_set(err, ERR_INVALID, NULL, "乡镇规则须为 JSON 对象",
                       "a township override must be a JSON object");
    }
    rc = input_only(override, override_keys, err);
    if (rc != ERR_OK) {
        return rc;
    }
    /* The override's own identity is required, not inherited from the city. */
    static const char *const required[] = {"version", "effective_from", "township"};
    for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
        const json_t *v = json_object_get(override, required[i]);
        if (v == NULL || json_is_null(v)) {
            return err_set(err, ERR_INVALID, required[i], "缺少字段“%s”", "missing field '%s'",
                           required[i]);
        }
    }
    doc = rulebook_to_json(city);
    /* Whole, so that an override may give any part of it. */
    json_object_set_new(doc, "procurement", rulebook_procurement_json(city));
    merge_into(doc, override);
    json_object_set_new(doc, "city_version", json_integer(city->version));
    rc = rulebook_from_json(doc, out, err);
    if (rc == ERR_OK && out->effective_from < city->effective_from) {
        out->effective_from = city->effective_from;
    }
    json_decref(doc);
    return rc;
}

/* Adds every leaf of v to flat as "path": value (borrowed references
 * become new ones in flat). */
static void flatten(const json_t *v, const char *path, json_t *flat)
{
    if (json_is_object(v) && json_object_size(v) > 0) {
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)v, key, member)
        {
            char sub[PATH_LEN];
            if (path[0] == '\0') {
                snprintf(sub, sizeof(sub), "%s", key);
            } else if (snprintf(sub, sizeof(sub), "%s.%s", path, key) >= (int)sizeof(sub)) {
                sub[sizeof(sub) - 1] = '\0';
            }
            flatten(member, sub, flat);
        }
        return;
    }
    json_object_set(flat, path, (json_t *)v);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *rulebook_diff(const struct rulebook *old, const struct rulebook *new_rb)
{
    json_t *a = rulebook_to_json(old);
    json_t *b = rulebook_to_json(new_rb);
    json_t *fa = json_object();
    json_t *fb = json_object();
    json_t *all = json_object();
    json_t *out = json_array();
    flatten(a, "", fa);
    flatten(b, "", fb);
    json_object_update(all, fa);
    json_object_update(all, fb);
    size_t n = json_object_size(all);
    const char **paths = xcalloc(n > 0 ? n : 1, sizeof(*paths));
    size_t i = 0;
    const char *key;
    json_t *value;
    json_object_foreach(all, key, value)
    {
        paths[i++] = key;
    }
    qsort(paths, n, sizeof(*paths), compare_strings);
    for (i = 0; i < n; i++) {
        json_t *was = json_object_get(fa, paths[i]);
        json_t *now = json_object_get(fb, paths[i]);
        if (was != NULL && now != NULL && json_equal(was, now)) {
            continue;
        }
        json_t *change = json_object();
        json_object_set_new(change, "path", json_string(paths[i]));
        json_object_set_new(change, "old", was != NULL ? json_incref(was) : json_null());
        json_object_set_new(change, "new", now != NULL ? json_incref(now) : json_null());
        json_array_append_new(out, change);
    }
    xfree(paths);
    json_decref(all);
    json_decref(fa);
    json_decref(fb);
    json_decref(a);
    json_decref(b);
    return out;
}
