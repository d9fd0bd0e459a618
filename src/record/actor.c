/*
 * The role table and the system actor. See actor.h.
 */
#include "record/actor.h"

#include <string.h>

struct role_row {
    const char *id;
    bool scoped;
    const char *zh;
    const char *en;
};

static const struct role_row role_rows[] = {
#define ROLE_ROW(name, id, scoped, zh, en) {id, scoped, zh, en},
    ROLE_TABLE(ROLE_ROW)
#undef ROLE_ROW
};

static const char *const role_all_names[] = {
#define ROLE_NAME_ROW(name, id, scoped, zh, en) id,
    ROLE_TABLE(ROLE_NAME_ROW)
#undef ROLE_NAME_ROW
        NULL};

/* ROLE_PUBLIC is first in the table: users may have any role after it. */
const char *const *const role_user_names = role_all_names + 1;

const struct actor actor_system = {
    .user_id = 0,
    .login = "system",
    .role = ROLE_ADMIN,
    .township = NULL,
};

const char *role_name(enum role r)
{
    return role_rows[r].id;
}

const char *role_label(enum role r, bool english)
{
    return english ? role_rows[r].en : role_rows[r].zh;
}

bool role_parse(const char *name, enum role *out)
{
    for (int i = 0; i < ROLE_N; i++) {
        if (strcmp(role_rows[i].id, name) == 0) {
            *out = (enum role)i;
            return true;
        }
    }
    return false;
}

bool role_is_township_scoped(enum role r)
{
    return role_rows[r].scoped;
}

json_t *actor_record_json(const struct actor *who)
{
    if (who->user_id == 0) {
        return json_string(who->login);
    }
    return json_pack("{sI, ss, so, so}", "user", (json_int_t)who->user_id, "role",
                     role_name(who->role), "person",
                     who->person_id ? json_integer(who->person_id) : json_null(), "name",
                     who->name != NULL ? json_string(who->name) : json_null());
}

const char *actor_label(const struct actor *who)
{
    if (who->user_id == 0) {
        return who->login;
    }
    return who->name != NULL ? who->name : role_label(who->role, false);
}

json_t *actor_column_json(const char *column)
{
    json_t *actor = column != NULL && column[0] == '{' ? json_loads(column, 0, NULL) : NULL;
    if (actor != NULL) {
        return actor;
    }
    return column != NULL ? json_string(column) : json_null();
}
