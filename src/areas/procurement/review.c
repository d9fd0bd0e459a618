/*
 * The panel's bid review (评标): the criteria with their weights (adding
 * up to 100), the bids disqualified with their reasons, and a score from 0
 * to 100 by every member of the panel for every other bid on every
 * criterion, neither missing nor twice. The ranking follows: a bid's total
 * is the sum over the criteria of its weight times the members' mean
 * score, divided by 100, kept in hundredths of a point; the higher total
 * first, then the lower price, then the earlier bid. Recorded on the
 * project (its "bid_review"), which is then evaluated.
 */
#include "areas/procurement/internal.h"

#include "core/alloc.h"
#include "record/row.h"
#include "rules/procedure.h"

#include <stdlib.h>
#include <string.h>

/* The member of array whose integer key is id, or NULL. */
static json_t *by_id(const json_t *array, const char *key, int64_t id)
{
    size_t i;
    json_t *e;
    json_array_foreach(array, i, e)
    {
        if (row_int(e, key) == id) {
            return e;
        }
    }
    return NULL;
}

/* The index of the criterion named name in criteria, or -1. */
static int criterion_index(const json_t *criteria, const char *name)
{
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c)
    {
        if (strcmp(row_text(c, "name"), name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* The criteria: unique names, weights adding up to 100. */
static enum err_code check_criteria(const json_t *criteria, struct err *err)
{
    int64_t sum = 0;
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c)
    {
        if (criterion_index(criteria, row_text(c, "name")) != (int)i) {
            return err_set(err, ERR_INVALID, "criteria", "评分因素“%s”重复",
                           "the criterion '%s' is named twice", row_text(c, "name"));
        }
        sum += row_int(c, "weight");
    }
    if (sum != 100) {
        return err_set(err, ERR_INVALID, "criteria", "各项评分因素的权重合计须为 100，现为 %lld",
                       "the criteria's weights must add up to 100, not %lld", (long long)sum);
    }
    return ERR_OK;
}

/* Marks the disqualified bids (each a bid of the project, once) with their
 * reason, in bids. */
static enum err_code mark_disqualified(const json_t *given, json_t *bids, struct err *err)
{
    size_t i;
    json_t *d;
    json_array_foreach(given, i, d)
    {
        json_t *bid = by_id(bids, "id", row_int(d, "bid_id"));
        if (bid == NULL || json_object_get(bid, "reason") != NULL) {
            return err_set(err, ERR_INVALID, "disqualified", "否决的须是本项目的投标，各一次",
                           "a bid disqualified must be one of the project's, once");
        }
        json_object_set(bid, "reason", json_object_get(d, "reason"));
    }
    return ERR_OK;
}

/*
 * Adds the scores to the qualified bids' "points" (an array of sums by
 * criterion), refusing a score of a bid not qualified or not the
 * project's, by someone off the panel, on no criterion, or given twice;
 * then refuses a score missing, naming it.
 */
static enum err_code add_scores(const json_t *scores,
                                const json_t *criteria,
                                const json_t *panel,
                                json_t *bids,
                                struct err *err)
{
    size_t nc = json_array_size(criteria), i, k;
    json_t *bid, *s, *m;
    json_t *seen = json_object();
    enum err_code rc = ERR_OK;
    json_array_foreach(bids, i, bid)
    {
        json_t *points = json_array();
        for (size_t c = 0; c < nc; c++) {
            json_array_append_new(points, json_integer(0));
        }
        json_object_set_new(bid, "points", points);
    }
    json_array_foreach(scores, i, s)
    {
        char key[96];
        bid = by_id(bids, "id", row_int(s, "bid_id"));
        int c = criterion_index(criteria, row_text(s, "criterion"));
        snprintf(key, sizeof(key), "%lld:%lld:%d", (long long)row_int(s, "bid_id"),
                 (long long)row_int(s, "evaluator_id"), c);
        if (bid == NULL || json_object_get(bid, "reason") != NULL) {
            rc = err_set(err, ERR_INVALID, "scores", "评分的须是本项目未被否决的投标",
                         "scores are for the project's bids not disqualified");
        } else if (by_id(panel, "evaluator_id", row_int(s, "evaluator_id")) == NULL) {
            rc = err_set(err, ERR_INVALID, "scores", "评分的须是评标委员会的成员",
                         "scores are given by the members of the panel");
        } else if (c < 0) {
            rc = err_set(err, ERR_INVALID, "scores", "评分因素“%s”不在本次评标的因素中",
                         "'%s' is not a criterion of this evaluation", row_text(s, "criterion"));
        } else if (json_object_get(seen, key) != NULL) {
            rc = err_set(err, ERR_INVALID, "scores", "同一评委对同一投标的同一因素只能评分一次",
                         "a member scores a bid on a criterion once");
        }
        if (rc != ERR_OK) {
            break;
        }
        json_object_set_new(seen, key, json_true());
        json_t *points = json_object_get(bid, "points");
        json_array_set_new(points, (size_t)c,
                           json_integer(json_integer_value(json_array_get(points, (size_t)c)) +
                                        row_int(s, "score")));
    }
    json_array_foreach(rc == ERR_OK ? bids : NULL, i, bid)
    {
        if (json_object_get(bid, "reason") != NULL) {
            continue;
        }
        json_array_foreach(panel, k, m)
        {
            for (size_t c = 0; c < nc && rc == ERR_OK; c++) {
                char key[96];
                snprintf(key, sizeof(key), "%lld:%lld:%zu", (long long)row_int(bid, "id"),
                         (long long)row_int(m, "evaluator_id"), c);
                if (json_object_get(seen, key) == NULL) {
                    rc = err_set(err, ERR_INVALID, "scores", "评委 %s 未对投标人“%s”的“%s”评分",
                                 "%s has not scored the bid of '%s' on '%s'", row_text(m, "name"),
                                 row_text(bid, "bidder_name"),
                                 row_text(json_array_get(criteria, c), "name"));
                }
            }
        }
    }
    json_decref(seen);
    return rc;
}

/* Orders ranked bids: the higher total, the lower price, the earlier bid. */
static int by_rank(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int64_t tx = row_int(x, "total_hundredths"), ty = row_int(y, "total_hundredths");
    if (tx != ty) {
        return tx > ty ? -1 : 1;
    }
    int64_t px = row_int(x, "price_fen"), py = row_int(y, "price_fen");
    if (px != py) {
        return px < py ? -1 : 1;
    }
    return row_int(x, "bid_id") < row_int(y, "bid_id") ? -1 : 1;
}

/* The ranking of the qualified bids: [{"bid_id","bidder_name","price_fen",
 * "total_hundredths","rank"}], first first. */
static json_t *ranking(const json_t *bids, const json_t *criteria, size_t members)
{
    size_t n = 0, i;
    json_t *bid;
    json_t **rows = xcalloc(json_array_size(bids) + 1, sizeof(*rows));
    json_array_foreach(bids, i, bid)
    {
        if (json_object_get(bid, "reason") != NULL) {
            continue;
        }
        /* Σ weight × Σ score / members, in hundredths of a point, rounded. */
        int64_t sum = 0;
        for (size_t c = 0; c < json_array_size(criteria); c++) {
            sum += row_int(json_array_get(criteria, c), "weight") *
                   json_integer_value(json_array_get(json_object_get(bid, "points"), c));
        }
        int64_t total = (2 * sum + (int64_t)members) / (2 * (int64_t)members);
        rows[n++] =
            json_pack("{sI, ss, sI, sI}", "bid_id", (json_int_t)row_int(bid, "id"), "bidder_name",
                      row_text(bid, "bidder_name"), "price_fen",
                      (json_int_t)row_int(bid, "price_fen"), "total_hundredths", (json_int_t)total);
    }
    qsort(rows, n, sizeof(*rows), by_rank);
    json_t *out = json_array();
    for (i = 0; i < n; i++) {
        json_object_set_new(rows[i], "rank", json_integer((json_int_t)(i + 1)));
        json_array_append_new(out, rows[i]);
    }
    xfree(rows);
    return out;
}

/* The disqualified bids as recorded: [{"bid_id","bidder_name","reason"}]. */
static json_t *disqualified_json(const json_t *bids)
{
    json_t *out = json_array();
    size_t i;
    json_t *bid;
    json_array_foreach(bids, i, bid)
    {
        if (json_object_get(bid, "reason") != NULL) {
            json_array_append_new(out, json_pack("{sI, ss, sO}", "bid_id",
                                                 (json_int_t)row_int(bid, "id"), "bidder_name",
                                                 row_text(bid, "bidder_name"), "reason",
                                                 json_object_get(bid, "reason")));
        }
    }
    return out;
}

static enum err_code
evaluation_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *row = NULL, *bids = NULL;
    const json_t *criteria = args_json(a, "criteria");
    const json_t *disqualified = args_json(a, "disqualified");
    char now[UTC_TEXT_MAX];
    enum err_code rc = project_step(x, a, PROJECT_EVALUATED, &row, err);
    const json_t *panel = rc == ERR_OK ? json_object_get(row, "panel") : NULL;
    if (rc == ERR_OK && !json_is_array(panel)) {
        rc = procedure_refuse(err, PROCEDURE_PANEL_FIRST, NULL);
    }
    if (rc == ERR_OK) {
        rc = check_criteria(criteria, err);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &bids, err,
                              "SELECT b.id, b.price_fen, d.name AS bidder_name FROM bids b"
                              " JOIN bidders d ON d.id = b.bidder_id WHERE b.project_id = ?"
                              " ORDER BY b.id",
                              "i", a->id);
    }
    if (rc == ERR_OK && disqualified != NULL && !json_is_null(disqualified)) {
        rc = mark_disqualified(disqualified, bids, err);
    }
    if (rc == ERR_OK) {
        rc = add_scores(args_json(a, "scores"), criteria, panel, bids, err);
    }
    if (rc == ERR_OK) {
        ctx_now_text(x, now);
        json_object_set_new(row, "bid_review",
                            json_pack("{sO, sO, so, so}", "criteria", criteria, "scores",
                                      args_json(a, "scores"), "disqualified",
                                      disqualified_json(bids), "ranking",
                                      ranking(bids, criteria, json_array_size(panel))));
        json_object_set_new(row, "evaluated_at", json_string(now));
        rc = project_record_step(x, row, PROJECT_EVALUATED, result, err);
    }
    json_decref(bids);
    json_decref(row);
    return rc;
}

static const struct field criterion_fields[] = {
    F_TEXT("name", FIELD_REQUIRED, 50, "评分因素", "criterion"),
    F_INT("weight", FIELD_REQUIRED, 1, 100, "权重", "weight"),
    F_BOOL("price", 0, "价格因素", "the price"),
    F_END,
};

static const struct field score_fields[] = {
    F_REF("bid_id", FIELD_REQUIRED, "投标", "bid"),
    F_REF("evaluator_id", FIELD_REQUIRED, "评委", "evaluator"),
    F_TEXT("criterion", FIELD_REQUIRED, 50, "评分因素", "criterion"),
    F_INT("score", FIELD_REQUIRED, 0, 100, "得分", "score"),
    F_END,
};

static const struct field disqualified_fields[] = {
    F_REF("bid_id", FIELD_REQUIRED, "投标", "bid"),
    F_TEXT("reason", FIELD_REQUIRED, 500, "否决理由", "reason"),
    F_END,
};

static const struct field evaluation_fields[] = {
    F_LIST(
        "criteria", FIELD_REQUIRED, 10, criterion_fields, "评分因素及权重", "criteria and weights"),
    F_LIST("scores", FIELD_REQUIRED, 600, score_fields, "评分", "scores"),
    F_LIST("disqualified",
           FIELD_NULLABLE,
           100,
           disqualified_fields,
           "否决的投标及理由",
           "bids disqualified, with reasons"),
    F_END,
};

const struct command evaluation_command = {
    .name = "project.evaluation",
    .method = "POST",
    .path = "/api/v1/projects/{id}/evaluation",
    .cap = CAP_PROCUREMENT_WRITE,
    .status = 200,
    .fields = evaluation_fields,
    .run = evaluation_body,
    .zh = "记录评标：评分因素、各评委的评分、否决的投标，得出排名",
    .en = "Record the bid review: criteria, each member's scores, bids disqualified; the ranking",
    .entity = &project_entity,
    .scope = "SELECT township_id FROM projects WHERE id = ?",
};
