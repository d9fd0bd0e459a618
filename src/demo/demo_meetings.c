/*
 * The demo's year of collective decisions (fiscal year 2026) for every
 * demo township: the rulebook's versions, monthly committee meetings and
 * a few joint meetings, their matters and agenda items run by the same
 * commands as any write, a budget with its lines, congress vote,
 * expenditures and (in some townships) an adjustment, and matters decided
 * alone. Mostly by the rules, with the exceptions real records show:
 * ad-hoc motions with justifications, vote-only items where a township's
 * rulebook lets them through, recusals, absences, a failed vote, a
 * deferral. Deterministic: a fixed-seed generator (splitmix64) and fixed
 * dates, so every load is the same. See docs/decisions.md, "Demo".
 */
#include "demo/demo.h"

#include "demo/demo_town.h"

#include "areas/budget/budget.h"
#include "areas/meeting/meeting.h"
#include "areas/rulebook/rulebooks.h"
#include "areas/task/task.h"
#include "core/alloc.h"
#include "rules/authorisation.h"

#include <stdio.h>
#include <string.h>

/* ---- matters ---- */

/* What the demo asks of one matter on an agenda. */
struct plan {
    const char *category;
    int64_t amount;
    int64_t budget;      /* linked budget, or 0 */
    const char *title;   /* fixed title, or NULL for a generated one */
    bool adhoc;          /* notified late (with a justification) */
    bool after_start;    /* raised at the meeting itself */
    bool vote_only;      /* some views missing before the vote */
    bool recusal;        /* a member withdraws */
    bool fail;           /* the vote goes against it */
    bool defer;          /* deferred at the meeting */
    bool stop_at_views;  /* left in session (the meeting in progress) */
    bool stop_at_notice; /* left notified */
};

static const char *const vote_only_townships = " huandong ciwu lipu ";

static enum err_code
register_matter(struct town *t, const struct plan *p, int64_t now, int64_t *matter, struct err *err)
{
    int64_t dept = 0, responsible = 0;
    const char *dept_name = NULL;
    char title[200];
    demo__department(t, &dept, &dept_name, &responsible);
    if (p->title != NULL) {
        snprintf(title, sizeof(title), "%s", p->title);
    } else if (strcmp(p->category, "major_decision") == 0) {
        static const char *const what[] = {"美丽乡村建设三年行动方案", "集镇有机更新实施方案",
                                           "产业园区招商引资优惠政策", "垃圾分类全域推进方案",
                                           "村级集体经济增收计划",     "安全生产专项整治方案"};
        snprintf(title, sizeof(title), "关于%s的决定", demo__pick(t, what, ARRAY_SIZE(what)));
    } else if (strcmp(p->category, "cadre_appointment") == 0) {
        snprintf(title, sizeof(title), "关于%s负责人任免的建议", dept_name);
    } else if (strcmp(p->category, "major_project") == 0) {
        static const char *const what[] = {"农村道路提升改造工程", "污水管网改造工程",
                                           "文化礼堂新建工程", "山塘水库除险加固工程"};
        snprintf(title, sizeof(title), "%s%s项目安排", demo__village(t),
                 demo__pick(t, what, ARRAY_SIZE(what)));
    } else if (strcmp(p->category, "large_fund") == 0) {
        static const char *const what[] = {"防汛抢险资金", "困难群众救助资金", "河道清淤资金",
                                           "村级活动场所修缮补助"};
        snprintf(title, sizeof(title), "%s%s使用", demo__village(t),
                 demo__pick(t, what, ARRAY_SIZE(what)));
    } else if (strcmp(p->category, "personnel_minor") == 0) {
        snprintf(title, sizeof(title), "%s工作人员岗位调整", dept_name);
    } else if (strcmp(p->category, "procurement_minor") == 0) {
        static const char *const what[] = {"办公设备", "应急物资", "环卫车辆", "监控设备"};
        snprintf(title, sizeof(title), "%s%s采购", dept_name,
                 demo__pick(t, what, ARRAY_SIZE(what)));
    } else {
        static const char *const what[] = {"季度工作安排", "走访慰问安排", "宣传活动方案",
                                           "档案整理计划"};
        snprintf(title, sizeof(title), "%s%s", dept_name, demo__pick(t, what, ARRAY_SIZE(what)));
    }
    json_t *in = json_pack("{ss, ss, sI, sI, sI}", "title", title, "category", p->category,
                           "amount_fen", (json_int_t)p->amount, "proposer_id",
                           (json_int_t)responsible, "responsible_id", (json_int_t)responsible);
    if (rules_authorises_spending(p->category) && json_array_size(t->lines) > 0) {
        /* What its resolution will authorise: a line of the budget (and
         * its department), for half a year within the fiscal year. */
        const json_t *line = json_array_get(
            t->lines, (size_t)demo__rng_below(&t->rng, (int64_t)json_array_size(t->lines)));
        char from[11], until[11];
        utc_shanghai_date(now, from);
        utc_shanghai_date(now + 180 * DAY, until);
        dept = json_integer_value(json_object_get(line, "department_id"));
        json_object_set(in, "budget_line_id", json_object_get(line, "id"));
        json_object_set_new(in, "spend_from", json_string(from));
        json_object_set_new(in, "spend_until",
                            json_string(strcmp(until, DEMO_YEAR_END) < 0 ? until : DEMO_YEAR_END));
    }
    json_object_set_new(in, "department_id", json_integer(dept));
    if (p->budget != 0) {
        json_object_set_new(in, "budget_id", json_integer(p->budget));
    }
    return demo__run(t, now, &matter_create_command, 0, in, matter, err);
}

/* ---- one agenda item at a meeting ---- */

static const char *const absence_reasons[] = {"出差", "病假", "参加市委党校培训", "带队外出招商"};
static const char *const adhoc_reasons[] = {"汛期应急，需立即研究", "上级部门临时交办，时限紧迫",
                                            "项目申报截止在即"};

static enum err_code
run_item(struct town *t, int64_t meeting, int64_t starts, const struct plan *p, struct err *err)
{
    int64_t matter = 0, item = 0;
    int64_t during = starts + (10 + demo__rng_below(&t->rng, 80)) * 60 * 1000;
    int64_t notify = p->after_start ? starts + 5 * 60 * 1000
                     : p->adhoc     ? starts - (6 + demo__rng_below(&t->rng, 30)) * HOUR
                                    : starts - (3 * DAY + demo__rng_below(&t->rng, 3) * DAY);
    enum err_code rc =
        register_matter(t, p, notify - (2 + demo__rng_below(&t->rng, 10)) * DAY, &matter, err);
    if (rc != ERR_OK) {
        return rc;
    }
    json_t *in = json_pack("{sI}", "matter_id", (json_int_t)matter);
    if (p->adhoc || p->after_start) {
        json_object_set_new(in, "justification",
                            json_string(demo__pick(t, adhoc_reasons, ARRAY_SIZE(adhoc_reasons))));
    }
    rc = demo__run(t, notify, &agenda_add_command, meeting, in, &item, err);
    /* The members acknowledge (Diankou's always, elsewhere half). */
    json_t *notices = NULL;
    if (rc == ERR_OK) {
        rc = store_query_json(t->x.c, &notices, err,
                              "SELECT id FROM notifications WHERE agenda_item_id = ? ORDER BY id",
                              "i", item);
    }
    size_t i;
    json_t *n;
    json_array_foreach(rc == ERR_OK ? notices : NULL, i, n)
    {
        if (p->stop_at_notice && i % 2 == 0) {
            continue;
        }
        if (t->index != 0 && !demo__rng_chance(&t->rng, 40)) {
            continue;
        }
        rc = demo__run(
            t, notify + (1 + demo__rng_below(&t->rng, 20)) * HOUR / 4, &notification_ack_command,
            (int64_t)json_integer_value(json_object_get(n, "id")), json_object(), NULL, err);
        if (rc != ERR_OK) {
            break;
        }
    }
    json_decref(notices);
    if (rc != ERR_OK || p->stop_at_notice) {
        return rc;
    }
    /* What the item's rulebook requires: a vote, a secret one. */
    json_t *req = NULL;
    rc = store_query_row(t->x.c, &req, err, "SELECT requirements FROM agenda_items WHERE id = ?",
                         "i", item);
    if (rc != ERR_OK) {
        return rc;
    }
    json_error_t jerr;
    json_t *parsed = json_loads(json_string_value(json_object_get(req, "requirements")), 0, &jerr);
    bool ballot = json_is_true(json_object_get(parsed, "ballot"));
    bool secret = json_is_true(json_object_get(parsed, "secret_ballot"));
    json_decref(parsed);
    json_decref(req);
    /* Attendance: one or two absent (never enough to lose the quorum),
     * and a recusal where planned. */
    size_t absent_at = t->n_members, absent2 = t->n_members, recused = t->n_members;
    if (demo__rng_chance(&t->rng, 35)) {
        absent_at = 1 + (size_t)demo__rng_below(&t->rng, (int64_t)t->n_members - 1);
    }
    if (!secret && demo__rng_chance(&t->rng, 10)) {
        absent2 = 1 + (size_t)demo__rng_below(&t->rng, (int64_t)t->n_members - 1);
    }
    if (p->recusal) {
        recused = t->n_members - 1;
        absent_at = absent_at == recused ? t->n_members : absent_at;
        absent2 = absent2 == recused ? t->n_members : absent2;
    }
    json_t *members = json_array();
    for (i = 0; i < t->n_members; i++) {
        bool away = i == absent_at || i == absent2;
        json_t *m =
            json_pack("{sI, sb}", "person_id", (json_int_t)t->members[i].person, "present", !away);
        if (away) {
            json_object_set_new(
                m, "absence_reason",
                json_string(demo__pick(t, absence_reasons, ARRAY_SIZE(absence_reasons))));
        }
        if (i == recused) {
            json_object_set_new(m, "recused", json_true());
            json_object_set_new(m, "recusal_reason", json_string("其亲属为该项目投标企业股东"));
        }
        json_array_append_new(members, m);
    }
    rc = demo__run(t, during, &item_attendance_command, item, json_pack("{so}", "members", members),
                   NULL, err);
    if (rc == ERR_OK && p->defer) {
        return demo__run(t, during + 60000, &item_defer_command, item,
                         json_pack("{ss}", "reason", "材料不全，下次会议再议"), NULL, err);
    }
    /* Statements: everyone present and not recused, the secretary last;
     * a vote-only item leaves one or two silent. */
    static const char *const summaries[] = {"同意，建议加快推进", "同意，注意资金监管",
                                            "同意，请相关部门做好配套", "原则同意，细节再完善"};
    char views[MAX_MEMBERS] = {0}; /* 'a' agree, 'd' disagree, 'b' abstain, 'r' reserved */
    int against = 0;
    for (i = 0; i < t->n_members; i++) {
        views[i] = 'a';
        if (p->fail && !t->members[i].secretary && against < 4) {
            views[i] = against % 2 ? 'b' : 'd';
            against++;
        } else if (!t->members[i].secretary && demo__rng_chance(&t->rng, 6)) {
            views[i] = 'r';
        }
    }
    size_t silent = p->vote_only ? 2 : 0;
    for (size_t pass = 0; rc == ERR_OK && pass < 2; pass++) {
        for (i = 0; rc == ERR_OK && i < t->n_members; i++) {
            bool last = t->members[i].secretary;
            if (i == absent_at || i == absent2 || i == recused || last != (pass == 1)) {
                continue;
            }
            if (p->vote_only && last) {
                continue; /* with views missing, the secretary cannot speak last either */
            }
            if (p->stop_at_views && (last || i + 3 >= t->n_members)) {
                continue;
            }
            if (silent > 0 && !last && i >= 2) {
                silent--;
                continue;
            }
            const char *view = views[i] == 'd'   ? "disagree"
                               : views[i] == 'b' ? "abstain"
                               : views[i] == 'r' ? "reserved"
                                                 : "agree";
            const char *summary = views[i] == 'd'   ? "不同意，资金测算依据不足"
                                  : views[i] == 'b' ? "弃权，需进一步调研"
                                  : views[i] == 'r'
                                      ? "保留意见，建议分期实施"
                                      : demo__pick(t, summaries, ARRAY_SIZE(summaries));
            rc = demo__run(t, during + (int64_t)(i + 1) * 60000, &item_statement_command, item,
                           json_pack("{sI, ss, ss}", "person_id", (json_int_t)t->members[i].person,
                                     "view", view, "summary", summary),
                           NULL, err);
        }
    }
    if (rc != ERR_OK || p->stop_at_views) {
        return rc;
    }
    int64_t at = during + 30 * 60000;
    const char *why = "会议时间紧，部分成员未逐一发表意见";
    json_t *tally = NULL;
    if (ballot) {
        json_t *open = json_object();
        if (p->vote_only) {
            json_object_set_new(open, "justification", json_string(why));
        }
        rc = demo__run(t, at, &item_open_vote_command, item, open, NULL, err);
        int64_t yes = 0, no = 0, abstain = 0;
        for (i = 0; rc == ERR_OK && i < t->n_members; i++) {
            if (i == absent_at || i == absent2 || i == recused) {
                continue;
            }
            const char *choice = views[i] == 'd'   ? "disagree"
                                 : views[i] == 'b' ? "abstain"
                                                   : "agree";
            yes += views[i] != 'd' && views[i] != 'b';
            no += views[i] == 'd';
            abstain += views[i] == 'b';
            json_t *b = json_pack("{sI}", "person_id", (json_int_t)t->members[i].person);
            if (!secret) {
                json_object_set_new(b, "choice", json_string(choice));
            }
            rc = demo__run(t, at + (int64_t)i * 20000, &item_ballot_command, item, b, NULL, err);
        }
        if (secret) {
            tally = json_pack("{sI, sI, sI}", "agree", (json_int_t)yes, "disagree", (json_int_t)no,
                              "abstain", (json_int_t)abstain);
        }
    }
    json_t *result = json_object();
    if (tally != NULL) {
        json_object_set_new(result, "tally", tally);
    }
    if (!ballot && p->vote_only) {
        json_object_set_new(result, "justification", json_string(why));
    }
    if (rc == ERR_OK) {
        rc = demo__run(t, at + 10 * 60000, &item_result_command, item, result, NULL, err);
    } else {
        json_decref(result);
    }
    bool passed = false;
    if (rc == ERR_OK) {
        int64_t one = 0;
        rc = store_query_int(t->x.c, &one, &passed, err,
                             "SELECT 1 FROM agenda_items WHERE id = ? AND status = 'passed'", "i",
                             item);
    }
    bool fund = rules_authorises_spending(p->category);
    if (rc == ERR_OK && passed && fund) {
        json_t *terms = NULL;
        rc = store_query_row(t->x.c, &terms, err,
                             "SELECT budget_line_id AS line_id, amount_fen AS left_fen,"
                             " spend_until AS until, title FROM matters WHERE id = ?",
                             "i", matter);
        if (rc == ERR_OK) {
            json_object_set_new(terms, "id", json_integer(item));
            json_object_set_new(terms, "at", json_integer(starts));
            json_array_append_new(t->passed, terms);
        }
    }
    if (rc == ERR_OK && passed && (fund || strcmp(p->category, "major_decision") == 0) &&
        p->budget == 0) {
        /* The resolution's execution task. */
        int64_t dept = 0, owner = 0, task = 0;
        const char *name = NULL;
        char due[11];
        demo__department(t, &dept, &name, &owner);
        utc_shanghai_date(starts + (30 + demo__rng_below(&t->rng, 60)) * DAY, due);
        rc = demo__run(t, at + 20 * 60000, &task_create_command, item,
                       json_pack("{ss, sI, sI, ss}", "description", "按决议抓好落实并按期报告进度",
                                 "department_id", (json_int_t)dept, "owner_id", (json_int_t)owner,
                                 "due_date", due),
                       &task, err);
        if (rc == ERR_OK && starts < DEMO_START + 300 * DAY) {
            rc =
                demo__run(t, starts + 45 * DAY, &task_update_command, task,
                          json_pack("{ss, ss}", "status", "done", "note", "已按期完成"), NULL, err);
        }
    }
    return rc;
}

/* ---- the year ---- */

/* The month's meeting: its day, kind and agenda. */
static enum err_code hold_meeting(struct town *t,
                                  int64_t starts,
                                  bool joint,
                                  struct plan *plans,
                                  size_t n_plans,
                                  bool finish,
                                  struct err *err)
{
    int64_t meeting = 0;
    char when[UTC_TEXT_MAX];
    utc_format(starts, when);
    enum err_code rc =
        demo__run(t, starts - 8 * DAY, &meeting_create_command, 0,
                  json_pack("{ss, ss, ss, ss, sI}", "kind", joint ? "joint" : "committee", "title",
                            joint ? "党政联席会议" : "党委会议", "starts_at", when, "place",
                            joint ? t->government_room : t->committee_room, "convener_id",
                            (json_int_t)t->members[0].person),
                  &meeting, err);
    for (size_t i = 0; rc == ERR_OK && i < n_plans; i++) {
        rc = run_item(t, meeting, starts, &plans[i], err);
    }
    if (rc == ERR_OK && finish) {
        rc = demo__run(t, starts + 3 * HOUR, &meeting_countersign_command, meeting,
                       json_pack("{ss}", "note", "同步记录，程序合规"), NULL, err);
    }
    if (rc == ERR_OK && finish) {
        rc = demo__run(t, starts + DAY, &meeting_finalise_command, meeting, json_object(), NULL,
                       err);
    }
    return rc;
}

/* The agenda of an ordinary month: two to four items of mixed kinds. */
static size_t month_plans(struct town *t, struct plan *plans, size_t max)
{
    static const char *const categories[] = {
        "major_decision",    "major_project",   "large_fund",       "personnel_minor",
        "procurement_minor", "routine_affairs", "cadre_appointment"};
    size_t n = 2 + (size_t)demo__rng_below(&t->rng, 3);
    bool loose = strstr(vote_only_townships, t->id) != NULL;
    for (size_t i = 0; i < n && i < max; i++) {
        struct plan *p = &plans[i];
        memset(p, 0, sizeof(*p));
        p->category = categories[demo__rng_below(&t->rng, ARRAY_SIZE(categories))];
        if (strcmp(p->category, "major_project") == 0) {
            p->amount = (55 + demo__rng_below(&t->rng, 250)) * 1000000;
            p->recusal = demo__rng_chance(&t->rng, 15);
        } else if (strcmp(p->category, "large_fund") == 0) {
            p->amount = (10 + demo__rng_below(&t->rng, 70)) * 1000000;
            p->fail = demo__rng_chance(&t->rng, 6);
        } else if (strcmp(p->category, "procurement_minor") == 0) {
            p->amount = (3 + demo__rng_below(&t->rng, 15)) * 1000000;
        }
        bool cadre = strcmp(p->category, "cadre_appointment") == 0;
        p->adhoc = !cadre && demo__rng_chance(&t->rng, 9 + t->index % 4 * 3);
        p->after_start = p->adhoc && demo__rng_chance(&t->rng, 25);
        p->vote_only = loose && !cadre && demo__rng_chance(&t->rng, 30);
        p->defer = !cadre && demo__rng_chance(&t->rng, 3);
    }
    return n < max ? n : max;
}

static enum err_code decide_alone(struct town *t, int64_t at, struct err *err)
{
    struct plan p = {.category = "routine_affairs",
                     .amount = demo__rng_below(&t->rng, 30) * 100000};
    int64_t matter = 0;
    enum err_code rc = register_matter(t, &p, at, &matter, err);
    if (rc == ERR_OK) {
        rc = demo__run(t, at + 2 * DAY, &matter_decide_command, matter,
                       json_pack("{ss}", "note", "属分管职责范围内的日常事务，按规定办理"), NULL,
                       err);
    }
    return rc;
}

/* Zhibu's road repair (the seed's 1.4 million yuan saved), decided at a
 * meeting of its own in April, on a generator of its own so that the rest
 * of the township's year is as it would be without it. */
static enum err_code road_meeting(struct town *t, struct err *err)
{
    struct rng kept = t->rng;
    struct plan road = {.category = "major_project", .amount = DEMO_ROAD_FEN, .title = DEMO_ROAD};
    t->rng.state = 0x2D0ADULL;
    enum err_code rc =
        hold_meeting(t, DEMO_START + 141 * DAY + 15 * HOUR, false, &road, 1, true, err);
    t->rng = kept;
    return rc;
}

static enum err_code load_year(struct town *t, struct err *err)
{
    struct plan plans[6];
    enum err_code rc = demo__open_budget(t, err);
    bool adjust = t->index % 4 == 1;
    int64_t adjustment_matter_item = 0;
    (void)adjustment_matter_item;
    for (int month = 1; rc == ERR_OK && month <= 11; month++) {
        /* Meetings around the middle of the month, at 09:00 or 14:30 in
         * Beijing (DEMO_START is a Beijing midnight). */
        int64_t month_start = DEMO_START + (int64_t)(month * 30 + month / 2) * DAY;
        int64_t starts = month_start + (6 + demo__rng_below(&t->rng, 12)) * DAY +
                         (month % 2 ? 9 * HOUR : 14 * HOUR + 30 * 60000);
        size_t n = month_plans(t, plans, ARRAY_SIZE(plans) - 1);
        if (month == 1) {
            /* The committee studies the draft budget. */
            plans[n++] = (struct plan){.category = "major_decision",
                                       .amount = demo__budget_total(t),
                                       .budget = t->budget,
                                       .title = "2026年度镇级财政预算草案"};
        }
        if (month == 7 && adjust) {
            plans[n++] = (struct plan){.category = "budget_adjustment",
                                       .amount = 2000000,
                                       .budget = t->budget,
                                       .title = "2026年度预算调整方案"};
        }
        bool in_progress = t->index == 0 && month == 11;
        if (in_progress) {
            plans[0].stop_at_views = false;
            plans[1] = (struct plan){.category = "major_decision", .stop_at_views = true};
            plans[2] =
                (struct plan){.category = "large_fund", .amount = 30000000, .stop_at_notice = true};
            n = 3;
        }
        rc = hold_meeting(t, starts, month % 5 == 3, plans, n, !in_progress, err);
        if (rc == ERR_OK && month == 1) {
            rc = demo__congress_vote(t, starts + 10 * DAY, err);
        }
        if (rc == ERR_OK && month == 7 && adjust) {
            int64_t matter = 0;
            bool found = false;
            rc = store_query_int(t->x.c, &matter, &found, err,
                                 "SELECT id FROM matters WHERE budget_id = ?"
                                 " AND category = 'budget_adjustment'",
                                 "i", t->budget);
            const json_t *line = json_array_get(t->lines, 0);
            json_t *vote = NULL;
            if (rc == ERR_OK && found) {
                rc = demo__adjustment_vote(t, starts + 12 * DAY, &vote, err);
            }
            if (rc == ERR_OK && found) {
                rc = demo__run(t, starts + 12 * DAY, &budget_adjust_command, t->budget,
                               json_pack("{sI, ss, s[{sO, sI}], so}", "matter_id",
                                         (json_int_t)matter, "reason",
                                         "汛期防汛抢险支出增加，追加预算", "changes", "line_id",
                                         json_object_get(line, "id"), "delta_fen",
                                         (json_int_t)2000000, "vote", vote),
                               NULL, err);
                json_object_set_new(
                    (json_t *)line, "amount_fen",
                    json_integer(json_integer_value(json_object_get(line, "amount_fen")) +
                                 2000000));
            }
        }
        if (rc == ERR_OK && month >= 2) {
            rc = demo__spend_month(t, month_start, err);
        }
        for (int64_t k = demo__rng_below(&t->rng, 3 + t->index % 3); rc == ERR_OK && k > 0; k--) {
            rc = decide_alone(t, month_start + demo__rng_below(&t->rng, 25) * DAY, err);
        }
    }
    if (rc == ERR_OK && strcmp(t->id, "zhibu") == 0) {
        rc = road_meeting(t, err);
    }
    if (rc == ERR_OK) {
        rc = demo__procure(t, err);
    }
    if (rc == ERR_OK && t->index == 0) {
        /* Diankou's next meeting: notified, not held yet. */
        struct plan next[2] = {
            {.category = "major_project", .amount = 80000000, .stop_at_notice = true},
            {.category = "personnel_minor", .stop_at_notice = true}};
        rc = hold_meeting(t, DEMO_START + 367 * DAY + 9 * HOUR, false, next, 2, false, err);
    }
    return rc;
}

/* The rulebook's versions: the city's default as version 1 from the
 * demo's start, an override for Fengqiao (72 hours' notice of major
 * decisions), looser overrides in three townships (a missing view is
 * flagged, not refused), and the city's version 2 from September. */
/* Records a rulebook version (input in, taken). */
static enum err_code change_rulebook(const struct ctx *x, json_t *in, struct err *err)
{
    struct args a = {.input = in};
    json_t *result = NULL;
    enum err_code rc = command_run(x, &rulebook_change_command, &a, &result, err);
    json_decref(result);
    json_decref(in);
    return rc;
}

static enum err_code
load_rulebooks(struct store_conn *c, struct rulebooks_cache *cache, struct err *err)
{
    struct ctx x = {.c = c, .who = &actor_system, .now_ms = DEMO_START, .cache = cache};
    json_error_t jerr;
    json_t *doc = json_loads(rulebook_default_text(), 0, &jerr);
    char when[UTC_TEXT_MAX];
    utc_format(DEMO_START, when);
    json_object_set_new(doc, "effective_from", json_string(when));
    enum err_code rc = change_rulebook(&x, json_pack("{sO}", "document", doc), err);
    if (rc == ERR_OK) {
        utc_format(DEMO_START + 150 * DAY, when);
        rc = change_rulebook(&x,
                             json_pack("{s{si, ss, ss, s{s{si}}}}", "document", "version", 1,
                                       "effective_from", when, "township", "fengqiao", "categories",
                                       "major_decision", "notice_hours", 72),
                             err);
    }
    static const char *const loose[] = {"huandong", "ciwu", "lipu"};
    for (size_t i = 0; rc == ERR_OK && i < ARRAY_SIZE(loose); i++) {
        utc_format(DEMO_START, when);
        rc = change_rulebook(&x,
                             json_pack("{s{si, ss, ss, s{ss}}}", "document", "version", 1,
                                       "effective_from", when, "township", loose[i], "actions",
                                       "statement.incomplete", "flag"),
                             err);
    }
    if (rc == ERR_OK) {
        utc_format(DEMO_START + 275 * DAY, when);
        json_object_set_new(doc, "version", json_integer(2));
        json_object_set_new(doc, "effective_from", json_string(when));
        json_object_set_new(json_object_get(json_object_get(doc, "categories"), "large_fund"),
                            "notice_hours", json_integer(72));
        rc = change_rulebook(&x, json_pack("{sO}", "document", doc), err);
    }
    json_decref(doc);
    return rc;
}

/* The meeting rooms of a township as its name says what it is: a town
 * (镇), a rural township (乡) or a subdistrict (街道, whose party body is
 * a working committee and whose government an office). */
static void name_rooms(struct town *t, const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n >= strlen("街道") && strcmp(name + n - strlen("街道"), "街道") == 0) {
        t->committee_room = "街道党工委三楼会议室";
        t->government_room = "街道办事处二楼会议室";
    } else if (n >= strlen("乡") && strcmp(name + n - strlen("乡"), "乡") == 0) {
        t->committee_room = "乡党委三楼会议室";
        t->government_room = "乡政府二楼会议室";
    } else {
        t->committee_room = "镇党委三楼会议室";
        t->government_room = "镇政府二楼会议室";
    }
}

enum err_code demo_meetings_load(struct store_conn *c, struct err *err)
{
    struct rulebooks_cache *cache = rulebooks_cache_new();
    json_t *townships = NULL;
    enum err_code rc = load_rulebooks(c, cache, err);
    if (rc == ERR_OK) {
        rc = store_query_json(c, &townships, err,
                              "SELECT id, name FROM townships"
                              " ORDER BY CASE WHEN id = 'diankou' THEN 0 ELSE 1 END, id",
                              "");
    }
    size_t i;
    json_t *row;
    json_array_foreach(rc == ERR_OK ? townships : NULL, i, row)
    {
        struct town *t = xcalloc(1, sizeof(*t));
        t->id = json_string_value(json_object_get(row, "id"));
        t->index = (int)i;
        name_rooms(t, json_string_value(json_object_get(row, "name")));
        t->rng.state = 0x5EED2026ULL ^ ((uint64_t)i * 0x9E3779B97F4A7C15ULL);
        t->x = (struct ctx){.c = c, .who = &actor_system, .cache = cache};
        rc = demo__load_town(c, t, err);
        if (rc == ERR_OK && t->n_members >= 5) {
            rc = load_year(t, err);
        }
        demo__free_town(t);
        xfree(t);
        if (rc != ERR_OK) {
            break;
        }
    }
    json_decref(townships);
    rulebooks_cache_free(cache);
    return rc;
}
