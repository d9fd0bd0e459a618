/*
 * The steps of a procedure a reader may take: a record's answer lists its
 * next steps ("next": {"action","path",...}) as the procedure permits
 * them; of those, each reader sees only the ones their role may take in
 * the record's township, the capability being the step's command's. The
 * reasons a step is not permitted yet ("blocked") are everyone's to read.
 * See docs/decisions.md, "next" and "blocked".
 */
#ifndef PROBITY_STEPS_H
#define PROBITY_STEPS_H

#include "record/command.h"

/* A step and the command that takes it. */
struct step_command {
    const char *action;
    const struct command *command;
};

/*
 * Removes from next the steps who may not take in township: those whose
 * action table (ended by a NULL action) names with a command whose
 * capability who lacks there (policy_check). Steps the table does not
 * name stay.
 */
void steps_keep_permitted(const struct actor *who,
                          const char *township,
                          json_t *next,
                          const struct step_command *table);

#endif
