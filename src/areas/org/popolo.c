/*
 * The Popolo export of the organisation model: persons, organizations
 * (townships and subdistricts as the parents of their bodies and
 * departments), posts and memberships, with string ids "person/12".
 * English names are other_names with note "en". See docs/org.md.
 */
#include "areas/org/org.h"

#include <stdio.h>

/* Sets key to "prefix/id" from the row's integer or text column. */
static void set_ref(json_t *obj, const char *key, const char *prefix, const json_t *id)
{
    char text[96];
    if (json_is_integer(id)) {
        snprintf(text, sizeof(text), "%s/%lld", prefix, (long long)json_integer_value(id));
    } else {
        snprintf(text, sizeof(text), "%s/%s", prefix, json_string_value(id));
    }
    json_object_set_new(obj, key, json_string(text));
}

/* An other_names (or other_label) array holding the English name, if any. */
static void set_english(json_t *obj, const char *key, const json_t *name_en)
{
    if (json_is_string(name_en)) {
        json_object_set_new(obj, key,
                            json_pack("[{sO, ss}]", "name", (json_t *)name_en, "note", "en"));
    }
}

/* Copies key from row when it is not null. */
static void copy_present(json_t *obj, const char *key, const json_t *row, const char *from)
{
    const json_t *v = json_object_get(row, from);
    if (v != NULL && !json_is_null(v)) {
        json_object_set(obj, key, (json_t *)v);
    }
}

enum err_code org_popolo(struct store_conn *c, json_t **doc, struct err *err)
{
    json_t *townships = NULL, *orgs = NULL, *people = NULL, *posts = NULL, *members = NULL;
    enum err_code rc = store_query_json(
        c, &townships, err, "SELECT id, kind, name, name_en FROM townships ORDER BY id", "");
    if (rc == ERR_OK) {
        rc = store_query_json(c, &orgs, err,
                              "SELECT id, township_id, class, name, name_en FROM organizations"
                              " ORDER BY id",
                              "");
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &people, err,
                              "SELECT id, name, name_en, gender FROM people ORDER BY id", "");
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &posts, err,
                              "SELECT id, organization_id, role, label, label_en FROM posts"
                              " ORDER BY id",
                              "");
    }
    if (rc == ERR_OK) {
        rc = store_query_json(c, &members, err,
                              "SELECT m.id, m.person_id, m.post_id, p.organization_id, p.role,"
                              " m.start_date, m.end_date FROM memberships m"
                              " JOIN posts p ON p.id = m.post_id ORDER BY m.id",
                              "");
    }
    if (rc != ERR_OK) {
        goto done;
    }
    json_t *out_people = json_array();
    json_t *out_orgs = json_array();
    json_t *out_posts = json_array();
    json_t *out_members = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(townships, i, row)
    {
        json_t *o = json_object();
        set_ref(o, "id", "township", json_object_get(row, "id"));
        copy_present(o, "name", row, "name");
        copy_present(o, "classification", row, "kind");
        set_english(o, "other_names", json_object_get(row, "name_en"));
        json_array_append_new(out_orgs, o);
    }
    json_array_foreach(orgs, i, row)
    {
        json_t *o = json_object();
        set_ref(o, "id", "organization", json_object_get(row, "id"));
        copy_present(o, "name", row, "name");
        copy_present(o, "classification", row, "class");
        set_ref(o, "parent_id", "township", json_object_get(row, "township_id"));
        set_english(o, "other_names", json_object_get(row, "name_en"));
        json_array_append_new(out_orgs, o);
    }
    json_array_foreach(people, i, row)
    {
        json_t *o = json_object();
        set_ref(o, "id", "person", json_object_get(row, "id"));
        copy_present(o, "name", row, "name");
        copy_present(o, "gender", row, "gender");
        set_english(o, "other_names", json_object_get(row, "name_en"));
        json_array_append_new(out_people, o);
    }
    json_array_foreach(posts, i, row)
    {
        json_t *o = json_object();
        set_ref(o, "id", "post", json_object_get(row, "id"));
        copy_present(o, "label", row, "label");
        copy_present(o, "role", row, "role");
        set_ref(o, "organization_id", "organization", json_object_get(row, "organization_id"));
        if (json_is_string(json_object_get(row, "label_en"))) {
            json_object_set_new(o, "other_label",
                                json_pack("[O]", json_object_get(row, "label_en")));
        }
        json_array_append_new(out_posts, o);
    }
    json_array_foreach(members, i, row)
    {
        json_t *o = json_object();
        set_ref(o, "id", "membership", json_object_get(row, "id"));
        set_ref(o, "person_id", "person", json_object_get(row, "person_id"));
        set_ref(o, "organization_id", "organization", json_object_get(row, "organization_id"));
        set_ref(o, "post_id", "post", json_object_get(row, "post_id"));
        copy_present(o, "role", row, "role");
        copy_present(o, "start_date", row, "start_date");
        copy_present(o, "end_date", row, "end_date");
        json_array_append_new(out_members, o);
    }
    *doc = json_pack("{so, so, so, so}", "persons", out_people, "organizations", out_orgs, "posts",
                     out_posts, "memberships", out_members);
done:
    json_decref(townships);
    json_decref(orgs);
    json_decref(people);
    json_decref(posts);
    json_decref(members);
    return rc;
}
