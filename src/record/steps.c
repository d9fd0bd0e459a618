/*
 * The steps of a procedure a reader may take (steps.h).
 */
#include "record/steps.h"

#include <string.h>

/* The command of action in table, or NULL. */
static const struct command *command_of(const struct step_command *table, const char *action)
{
    for (const struct step_command *s = table; action != NULL && s->action != NULL; s++) {
        if (strcmp(s->action, action) == 0) {
            return s->command;
        }
    }
    return NULL;
}

void steps_keep_permitted(const struct actor *who,
                          const char *township,
                          json_t *next,
                          const struct step_command *table)
{
    size_t i = 0;
    while (i < json_array_size(next)) {
        const char *action = json_string_value(json_object_get(json_array_get(next, i), "action"));
        const struct command *cmd = command_of(table, action);
        struct err err;
        err_init(&err);
        if (cmd != NULL && policy_check(who, cmd->cap, township, &err) != ERR_OK) {
            json_array_remove(next, i);
        } else {
            i++;
        }
    }
}
