/*
 * A project's next steps for its reader (record/steps.h): "next", the
 * steps its status permits now that the reader's role may take, and
 * "blocked", the ones it does not permit yet and why (the first step
 * missing, or the clock: a bid after the deadline, an opening before its
 * time). The commands check the same again when a step is taken.
 */
#include "areas/procurement/internal.h"

#include "record/row.h"
#include "record/steps.h"
#include "rules/procedure.h"
#include "rules/procurement.h"

#include <stdio.h>
#include <string.h>

/* The commands of a project's steps. */
static const struct step_command project_steps[] = {
    {"design", &project_design_command},
    {"control_price", &project_price_command},
    {"tender", &project_tender_command},
    {"bid", &bid_submit_command},
    {"opening", &project_opening_command},
    {"panel", &panel_command},
    {"evaluation", &evaluation_command},
    {"award", &award_command},
    {"contract", &contract_command},
    {"change_order", &change_order_command},
    {"acceptance", &acceptance_command},
    {"settlement", &settlement_command},
    {NULL, NULL},
};

/* Appends step action of project id to next, with its command's path. */
static void permit(json_t *next, const char *action, int64_t id)
{
    for (const struct step_command *s = project_steps; s->action != NULL; s++) {
        if (strcmp(s->action, action) == 0) {
            const char *tail = strstr(s->command->path, "{id}") + strlen("{id}");
            char path[96];
            snprintf(path, sizeof(path), "/api/v1/projects/%lld%s", (long long)id, tail);
            json_array_append_new(next, json_pack("{ss, ss}", "action", action, "path", path));
            return;
        }
    }
}

/* The tender's two steps, by the clock: bids up to the deadline, the
 * opening from its time. */
static void tendering(const struct ctx *x, const json_t *row, json_t *next, json_t *blocked)
{
    struct verdict v;
    int64_t id = row_int(row, "id");
    if (rules_check_bid_time(NULL, project_time(row, "submission_deadline"), x->now_ms, &v) ==
        VERDICT_OK) {
        permit(next, "bid", id);
    } else {
        verdict_block(x->english, blocked, "bid", &v);
    }
    if (rules_check_opening(NULL, project_time(row, "opening_at"), x->now_ms, &v) == VERDICT_OK) {
        permit(next, "opening", id);
    } else {
        verdict_block(x->english, blocked, "opening", &v);
    }
}

void project_next(const struct ctx *x, const json_t *row, json_t *next, json_t *blocked)
{
    int64_t id = row_int(row, "id");
    bool direct = project_method(row) == PROCUREMENT_DIRECT;
    bool english = x->english;
    const char *status = row_text(row, "status");
    if (strcmp(status, "registered") == 0) {
        permit(next, "design", id);
        procedure_block(english, blocked, "control_price", PROCEDURE_DESIGN_FIRST);
    } else if (strcmp(status, "design_approved") == 0) {
        permit(next, "control_price", id);
        procedure_block(english, blocked, direct ? "contract" : "tender",
                        PROCEDURE_CONTROL_PRICE_FIRST);
    } else if (strcmp(status, "price_reviewed") == 0) {
        permit(next, direct ? "contract" : "tender", id);
        if (!direct) {
            procedure_block(english, blocked, "bid", PROCEDURE_TENDER_FIRST);
        }
    } else if (strcmp(status, "tendering") == 0) {
        tendering(x, row, next, blocked);
    } else if (strcmp(status, "opened") == 0) {
        bool formed = json_is_array(json_object_get(row, "panel"));
        permit(next, formed ? "evaluation" : "panel", id);
        if (!formed) {
            procedure_block(english, blocked, "evaluation", PROCEDURE_PANEL_FIRST);
        }
    } else if (strcmp(status, "evaluated") == 0) {
        permit(next, "award", id);
        procedure_block(english, blocked, "contract", PROCEDURE_AWARD_FIRST);
    } else if (strcmp(status, "awarded") == 0) {
        permit(next, "contract", id);
        procedure_block(english, blocked, "acceptance", PROCEDURE_CONTRACT_FIRST);
    } else if (strcmp(status, "contracted") == 0) {
        permit(next, "acceptance", id);
        permit(next, "change_order", id);
        procedure_block(english, blocked, "settlement", PROCEDURE_ACCEPTANCE_FIRST);
    } else if (strcmp(status, "accepted") == 0) {
        permit(next, "settlement", id);
        permit(next, "change_order", id);
    } else {
        procedure_block(english, blocked, "*", PROCEDURE_SETTLED);
    }
    steps_keep_permitted(x->who, row_text(row, "township_id"), next, project_steps);
}
