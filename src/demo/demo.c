/*
 * Loading the Zhuji demo document (src/demo/zhuji.json, compiled
 * into the binary) through the organisation and user commands.
 */
#include "demo/demo.h"

#include "areas/org/org.h"
#include "areas/user/user.h"
#include "demo/demo_data.h"
#include "record/event.h"

#include <stdio.h>
#include <string.h>

/* The demo logins: one for every role. person_post links the user to the
 * Diankou committee member holding that post (NULL: no person). */
static const struct {
    const char *login;
    const char *role;
    const char *township;
    const char *person_post;
} demo_users[] = {
    {"admin", "admin", NULL, NULL},
    {"inspector", "commission_inspector", NULL, NULL},
    {"diankou.clerk", "clerk", "diankou", NULL},
    {"diankou.secretary", "secretary", "diankou", "secretary"},
    {"diankou.discipline", "discipline_secretary", "diankou", "discipline_secretary"},
    {"diankou.member", "member", "diankou", "member"},
    {"diankou.head", "department_head", "diankou", NULL},
    {"diankou.congress", "congress_officer", "diankou", NULL},
    {"zhibu.clerk", "clerk", "zhibu", NULL},
    {"fengqiao.clerk", "clerk", "fengqiao", NULL},
    {"diankou.admin", "township_admin", "diankou", NULL},
};

/* Committee posts every demo township has: role, zh, en, seats. */
static const struct {
    const char *role;
    const char *label;
    const char *label_en;
    int seats;
} committee_posts[] = {
    {"secretary", "党委书记", "Party Secretary", 1},
    {"deputy_secretary", "党委副书记", "Deputy Party Secretary", 2},
    {"discipline_secretary", "纪委书记", "Discipline Secretary", 1},
    {"member", "党委委员", "Committee Member", 9},
};

void demo_print_logins(FILE *out)
{
    fprintf(out, "演示账号 / demo logins (密码 / password: %s)\n", DEMO_PASSWORD);
    for (size_t i = 0; i < ARRAY_SIZE(demo_users); i++) {
        fprintf(out, "  %-20s %-22s %s\n", demo_users[i].login, demo_users[i].role,
                demo_users[i].township ? demo_users[i].township : "(city)");
    }
}

/* Runs one create command and returns the new object's integer id. */
static enum err_code create(struct store_conn *c,
                            enum org_kind kind,
                            const char *parent,
                            json_t *input,
                            int64_t *id_out,
                            struct err *err)
{
    json_t *result = NULL;
    enum err_code rc = org_create(c, &actor_system, kind, parent, input, &result, err);
    json_decref(input);
    if (rc == ERR_OK && id_out != NULL) {
        *id_out =
            (int64_t)json_integer_value(json_object_get(json_object_get(result, "item"), "id"));
    }
    json_decref(result);
    return rc;
}

/* Finds a department id by its Chinese name among the loaded ones. */
static json_t *department_id(json_t *departments, const json_t *name)
{
    return json_is_string(name) ? json_object_get(departments, json_string_value(name)) : NULL;
}

/* The deputies' names: a surname and a given name, each with its pinyin. */
static const char *const deputy_surnames[][2] = {
    {"王", "Wang"},  {"陈", "Chen"}, {"张", "Zhang"}, {"李", "Li"}, {"杨", "Yang"},
    {"赵", "Zhao"},  {"周", "Zhou"}, {"吴", "Wu"},    {"徐", "Xu"}, {"孙", "Sun"},
    {"楼", "Lou"},   {"寿", "Shou"}, {"宣", "Xuan"},  {"郦", "Li"}, {"何", "He"},
    {"蒋", "Jiang"}, {"冯", "Feng"}, {"骆", "Luo"},   {"斯", "Si"}, {"边", "Bian"},
};
static const char *const deputy_given[][2] = {
    {"建华", "Jianhua"},  {"丽萍", "Liping"},   {"国强", "Guoqiang"},  {"海燕", "Haiyan"},
    {"志刚", "Zhigang"},  {"美娟", "Meijuan"},  {"伟明", "Weiming"},   {"秀英", "Xiuying"},
    {"立新", "Lixin"},    {"晓红", "Xiaohong"}, {"永康", "Yongkang"},  {"雪芬", "Xuefen"},
    {"天宇", "Tianyu"},   {"春燕", "Chunyan"},  {"东升", "Dongsheng"}, {"佳琪", "Jiaqi"},
    {"良才", "Liangcai"}, {"玉兰", "Yulan"},    {"振华", "Zhenhua"},   {"静怡", "Jingyi"},
};

/* The township congress's deputies (人大代表), elected for the term from
 * December 2021: a deputies' post of the congress body and 45 to 84
 * people holding it, their number and names drawn from the township's id. */
static enum err_code
load_deputies(struct store_conn *c, const char *tid, int64_t congress, struct err *err)
{
    unsigned h = 0;
    for (const char *p = tid; *p != '\0'; p++) {
        h = h * 31u + (unsigned char)*p;
    }
    int n = 45 + (int)(h % 40);
    int64_t post = 0;
    char body[24];
    snprintf(body, sizeof(body), "%lld", (long long)congress);
    enum err_code rc = create(c, ORG_POST, body,
                              json_pack("{ss, ss, ss, si}", "role", "member", "label", "人大代表",
                                        "label_en", "Deputy", "seats", n),
                              &post, err);
    for (int k = 0; rc == ERR_OK && k < n; k++) {
        /* Each surname in turn; the given names shift by one every round
         * of surnames, so no two of up to 400 deputies share a name. */
        size_t ns = ARRAY_SIZE(deputy_surnames), ng = ARRAY_SIZE(deputy_given);
        const char *const *sur = deputy_surnames[((size_t)k + h) % ns];
        const char *const *giv = deputy_given[((size_t)k / ns + (size_t)k * 3 + h / 7) % ng];
        char name[32], name_en[48];
        int64_t person = 0;
        snprintf(name, sizeof(name), "%s%s", sur[0], giv[0]);
        snprintf(name_en, sizeof(name_en), "%s %s", sur[1], giv[1]);
        rc = create(c, ORG_PERSON, tid,
                    json_pack("{ss, ss, ss}", "name", name, "name_en", name_en, "gender",
                              k % 3 == 1 ? "female" : "male"),
                    &person, err);
        if (rc == ERR_OK) {
            rc = create(c, ORG_MEMBERSHIP, NULL,
                        json_pack("{sI, sI, ss}", "person_id", (json_int_t)person, "post_id",
                                  (json_int_t)post, "start_date", "2021-12-20"),
                        NULL, err);
        }
    }
    return rc;
}

static enum err_code load_member(struct store_conn *c,
                                 const char *tid,
                                 const json_t *m,
                                 json_t *posts,
                                 json_t *departments,
                                 json_t *people_by_post,
                                 struct err *err)
{
    int64_t person = 0;
    const char *post_role = json_string_value(json_object_get(m, "post"));
    const json_t *start = json_object_get(m, "start_date");
    enum err_code rc =
        create(c, ORG_PERSON, tid,
               json_pack("{sO, sO, sO}", "name", json_object_get(m, "name"), "name_en",
                         json_object_get(m, "name_en"), "gender", json_object_get(m, "gender")),
               &person, err);
    if (rc == ERR_OK) {
        rc = create(c, ORG_MEMBERSHIP, NULL,
                    json_pack("{sI, sO, sO}", "person_id", (json_int_t)person, "post_id",
                              json_object_get(posts, post_role ? post_role : ""), "start_date",
                              start),
                    NULL, err);
    }
    if (rc == ERR_OK && post_role != NULL && json_object_get(people_by_post, post_role) == NULL) {
        json_object_set_new(people_by_post, post_role, json_integer(person));
    }
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "portfolios"), i, f)
    {
        if (rc != ERR_OK) {
            break;
        }
        json_t *dept = department_id(departments, json_object_get(f, "department"));
        rc = create(c, ORG_PORTFOLIO, NULL,
                    json_pack("{sI, sO, sO, sO, sO}", "person_id", (json_int_t)person,
                              "department_id", dept ? dept : json_null(), "area",
                              json_object_get(f, "area"), "area_en", json_object_get(f, "area_en"),
                              "start_date", start),
                    NULL, err);
    }
    return rc;
}

/* Loads one township; records Diankou's people by post for demo users. */
static enum err_code
load_township(struct store_conn *c, const json_t *t, json_t *people_by_post, struct err *err)
{
    const char *tid = json_string_value(json_object_get(t, "id"));
    json_t *departments = json_object();
    json_t *posts = json_object();
    json_t *committee_people = json_object();
    int64_t committee = 0, congress = 0;
    size_t i;
    json_t *v;
    enum err_code rc =
        create(c, ORG_TOWNSHIP, NULL,
               json_pack("{sO, sO, sO, sO}", "id", json_object_get(t, "id"), "kind",
                         json_object_get(t, "kind"), "name", json_object_get(t, "name"), "name_en",
                         json_object_get(t, "name_en")),
               NULL, err);
    json_array_foreach(json_object_get(t, "bodies"), i, v)
    {
        int64_t id = 0;
        if (rc == ERR_OK) {
            rc = create(c, ORG_BODY, tid, json_incref(v), &id, err);
        }
        const char *cls = json_string_value(json_object_get(v, "class"));
        if (rc == ERR_OK && strcmp(cls, "committee") == 0) {
            committee = id;
        }
        if (rc == ERR_OK && strcmp(cls, "congress") == 0) {
            congress = id;
        }
    }
    json_array_foreach(json_object_get(t, "departments"), i, v)
    {
        int64_t id = 0;
        if (rc == ERR_OK) {
            rc = create(c, ORG_DEPARTMENT, tid, json_incref(v), &id, err);
        }
        if (rc == ERR_OK) {
            json_object_set_new(departments, json_string_value(json_object_get(v, "name")),
                                json_integer(id));
        }
    }
    json_array_foreach(json_object_get(t, "villages"), i, v)
    {
        if (rc == ERR_OK) {
            rc = create(c, ORG_VILLAGE, tid, json_incref(v), NULL, err);
        }
    }
    char committee_id[24];
    snprintf(committee_id, sizeof(committee_id), "%lld", (long long)committee);
    for (i = 0; rc == ERR_OK && i < ARRAY_SIZE(committee_posts); i++) {
        int64_t id = 0;
        rc = create(c, ORG_POST, committee_id,
                    json_pack("{ss, ss, ss, si}", "role", committee_posts[i].role, "label",
                              committee_posts[i].label, "label_en", committee_posts[i].label_en,
                              "seats", committee_posts[i].seats),
                    &id, err);
        if (rc == ERR_OK) {
            json_object_set_new(posts, committee_posts[i].role, json_integer(id));
        }
    }
    json_array_foreach(json_object_get(t, "members"), i, v)
    {
        if (rc == ERR_OK) {
            rc = load_member(c, tid, v, posts, departments, committee_people, err);
        }
    }
    if (rc == ERR_OK && congress != 0) {
        rc = load_deputies(c, tid, congress, err);
    }
    if (rc == ERR_OK && strcmp(tid, "diankou") == 0) {
        json_object_update(people_by_post, committee_people);
    }
    json_decref(departments);
    json_decref(posts);
    json_decref(committee_people);
    return rc;
}

static enum err_code load_users(struct store_conn *c, json_t *people_by_post, struct err *err)
{
    enum err_code rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < ARRAY_SIZE(demo_users); i++) {
        json_t *person = demo_users[i].person_post
                             ? json_object_get(people_by_post, demo_users[i].person_post)
                             : NULL;
        json_t *input =
            json_pack("{ss, ss, ss?, sO, ss}", "login", demo_users[i].login, "role",
                      demo_users[i].role, "township", demo_users[i].township, "person_id",
                      person ? person : json_null(), "password", DEMO_PASSWORD);
        json_t *result = NULL;
        rc = user_create(c, &actor_system, input, &result, err);
        json_decref(input);
        json_decref(result);
    }
    return rc;
}

/* The demo document and the people found by post as it loads. */
struct demo_doc {
    json_t *doc;
    json_t *people_by_post;
};

/* Loads the whole demo in the caller's write transaction. */
static enum err_code load(struct store_conn *c, void *arg, struct err *err)
{
    struct demo_doc *d = arg;
    int64_t events = 0;
    enum err_code rc = event_count(c, &events, err);
    if (rc == ERR_OK && events > 0) {
        rc = err_set(err, ERR_CONFLICT, "data", "数据目录已有记录,演示数据只能载入新目录",
                     "the data folder already has records; load the demo into a new one");
    }
    if (rc == ERR_OK) {
        rc = create(c, ORG_CITY, NULL, json_incref(json_object_get(d->doc, "city")), NULL, err);
    }
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(d->doc, "townships"), i, t)
    {
        if (rc == ERR_OK) {
            rc = load_township(c, t, d->people_by_post, err);
        }
    }
    if (rc == ERR_OK) {
        rc = load_users(c, d->people_by_post, err);
    }
    if (rc == ERR_OK) {
        rc = demo_meetings_load(c, err);
    }
    return rc;
}

enum err_code demo_load(struct store_conn *c, struct err *err)
{
    json_error_t jerr;
    struct demo_doc d = {json_loads(demo_zhuji_json, JSON_REJECT_DUPLICATES, &jerr), NULL};
    if (d.doc == NULL) {
        return err_set(err, ERR_INTERNAL, NULL, "演示数据无法解析:%s", "demo data unreadable: %s",
                       jerr.text);
    }
    d.people_by_post = json_object();
    enum err_code rc = store_write(c, load, &d, err);
    json_decref(d.people_by_post);
    json_decref(d.doc);
    return rc;
}
