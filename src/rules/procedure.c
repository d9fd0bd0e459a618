/*
 * The table of procedure rules: ids, codes and messages. See procedure.h.
 */
#include "rules/procedure.h"

#include <assert.h>

struct procedure_row {
    const char *id;
    enum err_code code;
    const char *zh;
    const char *en;
};

static const struct procedure_row procedure_rows[] = {
#define PROCEDURE_ROW(name, id, code, zh, en) {id, ERR_##code, zh, en},
    PROCEDURE_TABLE(PROCEDURE_ROW)
#undef PROCEDURE_ROW
};

const char *procedure_name(enum procedure_id id)
{
    assert(id < PROCEDURE_N);
    return procedure_rows[id].id;
}

const char *procedure_message(enum procedure_id id, bool english)
{
    assert(id < PROCEDURE_N);
    return english ? procedure_rows[id].en : procedure_rows[id].zh;
}

enum err_code procedure_refuse(struct err *err, enum procedure_id id, const char *field)
{
    assert(id < PROCEDURE_N);
    const struct procedure_row *row = &procedure_rows[id];
    enum err_code rc = err_set(err, row->code, field, "%s%.0s", "%.0s%s", row->zh, row->en);
    err_set_rule(err, row->id);
    return rc;
}

void procedure_block(bool english, json_t *blocked, const char *action, enum procedure_id id)
{
    json_array_append_new(blocked,
                          json_pack("{ss, ss, ss}", "action", action, "rule", procedure_name(id),
                                    "message", procedure_message(id, english)));
}
