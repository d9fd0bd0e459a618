/*
 * Correcting a record: the new values set on the row, the values they
 * replace kept in its list of corrections with the reason. See
 * correction.h.
 */
#include "record/correction.h"

#include "record/actor.h"

enum err_code correction_apply(const struct ctx *x,
                               json_t *row,
                               const char *const *names,
                               const struct args *a,
                               struct err *err)
{
    json_t *previous = json_object();
    for (const char *const *n = names; *n != NULL; n++) {
        const json_t *given = args_json(a, *n);
        if (!args_has(a, *n) || json_is_null(given)) {
            continue;
        }
        json_t *old = json_object_get(row, *n);
        json_t *was = old ? old : json_null();
        if (!json_equal(was, given)) {
            json_object_set(previous, *n, was);
        }
    }
    if (json_object_size(previous) == 0) {
        json_decref(previous);
        return err_set(err, ERR_INVALID, names[0], "更正须至少改变一项内容",
                       "a correction must change something");
    }
    const char *key;
    json_t *value;
    json_object_foreach(previous, key, value)
    {
        json_object_set_new(row, key, json_deep_copy(args_json(a, key)));
    }
    char now[UTC_TEXT_MAX];
    ctx_now_text(x, now);
    json_t *entry = json_pack("{so, ss, ss, ss}", "previous", previous, "reason",
                              args_text(a, "reason"), "by", actor_label(x->who), "at", now);
    json_t *list = json_object_get(row, "corrections");
    if (!json_is_array(list)) {
        json_object_set_new(row, "corrections", json_array());
        list = json_object_get(row, "corrections");
    }
    json_array_append_new(list, entry);
    return ERR_OK;
}
