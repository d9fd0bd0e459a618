/*
 * The red flags of a city's whole register (docs/red-flags.md, "A whole
 * register"): a register made up at scale in a SQLite file (townships,
 * their bidders, projects with their bids, direct purchases, and
 * expenditures paid to suppliers outside any project), then every red
 * flag found twice in the same run: by probity's one-pass scan
 * (rules/red_flags_register.h), reading the register from the file
 * township by township, and by the same rules written as SQL queries in
 * SQLite. Both give (flag, project or expenditure, figure); the two lists
 * must be identical. Results in bench/RESULTS.md.
 * Usage: bench_red_flags --db FILE [--projects N] [--bids N]
 *                        [--expenditures N] [--townships N]
 * The file is made when it is not there, else reused.
 */
#include "bench.h"

#include "core/alloc.h"
#include "rules/red_flags_register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY_MS        (24LL * 3600 * 1000)
#define BIDDERS       60   /* bidders per township */
#define PAYEES        2000 /* suppliers paid per township, the bidders first */
#define GROUPS        12   /* recurring groups of bidders per township */
#define GROUP_SIZE    8
#define MATTERS       150 /* matters per township */
#define PAYEE(t, k)   ((int64_t)(t)*10000 + (k))
#define PRICE_ONLY    30 /* percent of reviews on the price alone */
#define METHOD_DIRECT 0

struct options {
    const char *db;
    int64_t projects, bids, expenditures;
    int townships;
};

/* A flag found: which, on what (a project's id; an expenditure's, negated),
 * its figure. */
struct found {
    int flag;
    int64_t subject;
    int64_t figure;
};

struct found_list {
    struct found *v;
    size_t n, cap;
};

static void found_add(struct found_list *l, int flag, int64_t subject, int64_t figure)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
    }
    l->v[l->n++] = (struct found){flag, subject, figure};
}

static int compare_found(const void *pa, const void *pb)
{
    const struct found *a = pa, *b = pb;
    if (a->flag != b->flag) {
        return a->flag < b->flag ? -1 : 1;
    }
    if (a->subject != b->subject) {
        return a->subject < b->subject ? -1 : 1;
    }
    return (a->figure > b->figure) - (a->figure < b->figure);
}

/* ---- SQLite helpers ---- */

static void exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "bench_red_flags: %s\n%s\n", msg, sql);
        exit(1);
    }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_red_flags: %s\n%s\n", sqlite3_errmsg(db), sql);
        exit(1);
    }
    return s;
}

static void step_done(sqlite3 *db, sqlite3_stmt *s)
{
    if (sqlite3_step(s) != SQLITE_DONE) {
        fprintf(stderr, "bench_red_flags: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_reset(s);
}

/* ---- the register, made up ---- */

static uint64_t rng = 0x5EED;

static int64_t below(int64_t n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int64_t)((rng >> 33) % (uint64_t)n);
}

static const char *const SCHEMA =
    "CREATE TABLE bidders (id INTEGER PRIMARY KEY, township INTEGER, legal TEXT, contact TEXT,"
    " phone TEXT, address TEXT, bank TEXT);"
    "CREATE TABLE projects (id INTEGER PRIMARY KEY, township INTEGER, matter INTEGER,"
    " method INTEGER, threshold_fen INTEGER, control_fen INTEGER, published_day INTEGER,"
    " deadline_day INTEGER, reached INTEGER, awarded_bid INTEGER, supplier INTEGER,"
    " awarded_day INTEGER, contract_day INTEGER, contract_fen INTEGER, changes_fen INTEGER,"
    " settlement_fen INTEGER, price_only INTEGER);"
    "CREATE TABLE bids (id INTEGER PRIMARY KEY, project INTEGER, bidder INTEGER,"
    " price_fen INTEGER, disqualified INTEGER);"
    "CREATE TABLE expenditures (id INTEGER PRIMARY KEY, township INTEGER, payee INTEGER,"
    " day INTEGER, amount_fen INTEGER);";

static const char *const INDEXES =
    "CREATE INDEX bidders_township ON bidders (township, id);"
    "CREATE INDEX projects_township ON projects (township, id);"
    "CREATE INDEX bids_project ON bids (project, id);"
    "CREATE INDEX expenditures_township ON expenditures (township, id);";

struct makers {
    sqlite3 *db;
    sqlite3_stmt *bidder, *project, *bid, *spend;
    const struct rulebook *rb;
    int64_t next_bid;
};

static void make_bidders(struct makers *m, int t)
{
    for (int k = 0; k < BIDDERS; k++) {
        char legal[32], contact[32], phone[32], address[48], bank[32];
        /* One bidder in two hundred shares its phone with the one before. */
        int same = k > 0 && below(200) == 0 ? k - 1 : k;
        snprintf(legal, sizeof(legal), "法人%d-%d", t, k);
        snprintf(contact, sizeof(contact), "联系人%d-%d", t, k);
        snprintf(phone, sizeof(phone), "0575-%04d%04d", t, same);
        snprintf(address, sizeof(address), "诸暨市第%d镇%d号", t, k);
        snprintf(bank, sizeof(bank), "6222%05d%05d", t, k);
        sqlite3_bind_int64(m->bidder, 1, PAYEE(t, k));
        sqlite3_bind_int(m->bidder, 2, t);
        sqlite3_bind_text(m->bidder, 3, legal, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m->bidder, 4, contact, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m->bidder, 5, phone, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m->bidder, 6, address, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(m->bidder, 7, bank, -1, SQLITE_TRANSIENT);
        step_done(m->db, m->bidder);
    }
}

/* The bidders of a tender: one time in ten one of the township's groups
 * of eight, else a field at random of 1 to 2 * mean + 1 (so that the
 * tenders' bids come to about mean each). */
static int field_of(int64_t mean, int64_t *who)
{
    if (below(10) == 0) {
        int64_t g = below(GROUPS);
        for (int i = 0; i < GROUP_SIZE; i++) {
            who[i] = (g * 5 + i * 7) % BIDDERS;
        }
        return GROUP_SIZE;
    }
    int n = 1 + (int)below(2 * mean + 1);
    n = n > BIDDERS ? BIDDERS : n;
    int64_t start = below(BIDDERS);
    for (int i = 0; i < n; i++) {
        who[i] = (start + i) % BIDDERS;
    }
    return n;
}

static void make_project(struct makers *m, int t, int64_t id, int64_t mean)
{
    const struct rule_procurement *rp = &m->rb->procurement;
    bool direct = below(10) < 3;
    int kind = (int)below(PROCUREMENT_KINDS);
    int64_t threshold = rp->competitive_fen[kind];
    int method = direct ? METHOD_DIRECT : PROCUREMENT_NEGOTIATION + (int)below(3);
    int64_t control = direct ? threshold / 5 + below(threshold) : threshold + below(40000000);
    int64_t least = rp->submission_days[method];
    /* One tender in twenty gives the bidders less time than it should. */
    int64_t published = 20000 + below(300);
    int64_t deadline = published + (below(20) == 0 ? 1 + below(least + 5) : least + 5 + below(25));
    int64_t awarded_day = 0, contract_day = 0, supplier = 0, awarded_bid = 0, contract = 0;
    int reached = RED_FLAG_AT_CONTRACT;
    int64_t who[BIDDERS];
    int n = direct ? 0 : field_of(mean, who);
    int64_t best = -1, best_price = 0, last_price = 0;
    for (int i = 0; i < n; i++) {
        /* One bid in two hundred at the price of the one before. */
        int64_t price = i > 0 && below(200) == 0
                            ? last_price
                            : control / 1000 * (850 + below(150)) + below(100000);
        last_price = price;
        int disqualified = below(20) == 0;
        sqlite3_bind_int64(m->bid, 1, m->next_bid);
        sqlite3_bind_int64(m->bid, 2, id);
        sqlite3_bind_int64(m->bid, 3, PAYEE(t, who[i]));
        sqlite3_bind_int64(m->bid, 4, price);
        sqlite3_bind_int(m->bid, 5, disqualified);
        step_done(m->db, m->bid);
        if (!disqualified && (best < 0 || price < best_price)) {
            best = m->next_bid;
            best_price = price;
            supplier = PAYEE(t, who[i]);
        }
        m->next_bid++;
    }
    if (direct) {
        supplier = PAYEE(t, below(PAYEES));
        contract = control;
        contract_day = published + below(30);
    } else if (best >= 0 && below(10) > 0) {
        awarded_bid = best;
        awarded_day = deadline + 3 + below(5);
        contract = best_price;
        /* One contract in fifty signed the day before its award. */
        contract_day = below(50) == 0 ? awarded_day - 1 : awarded_day + 7;
    } else {
        reached = n > 0 ? RED_FLAG_AT_OPENING : RED_FLAG_AT_TENDER;
    }
    int64_t changes = contract > 0 && below(4) == 0 ? contract / 100 * below(20) : 0;
    int64_t settlement = contract > 0 && below(2) == 0 ? contract / 100 * (95 + below(20)) : 0;
    reached = settlement > 0 ? RED_FLAG_AT_SETTLEMENT : changes > 0 ? RED_FLAG_AT_CHANGE : reached;
    int64_t v[] = {id,
                   t,
                   1 + below(MATTERS),
                   method,
                   threshold,
                   control,
                   published,
                   deadline,
                   reached,
                   awarded_bid,
                   supplier,
                   awarded_day,
                   contract_day,
                   contract,
                   changes,
                   settlement,
                   below(100) < PRICE_ONLY};
    for (int i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++) {
        sqlite3_bind_int64(m->project, i + 1, v[i]);
    }
    step_done(m->db, m->project);
}

static void make_register(sqlite3 *db, const struct options *o, const struct rulebook *rb)
{
    exec(db, SCHEMA);
    struct makers m = {db,
                       prepare(db, "INSERT INTO bidders VALUES (?, ?, ?, ?, ?, ?, ?)"),
                       prepare(db, "INSERT INTO projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                   " ?, ?, ?, ?, ?, ?)"),
                       prepare(db, "INSERT INTO bids VALUES (?, ?, ?, ?, ?)"),
                       prepare(db, "INSERT INTO expenditures VALUES (?, ?, ?, ?, ?)"),
                       rb,
                       1};
    exec(db, "BEGIN");
    int64_t tenders = o->projects * 7 / 10, mean = tenders > 0 ? o->bids / tenders : 1;
    for (int t = 1; t <= o->townships; t++) {
        make_bidders(&m, t);
        for (int64_t p = (t - 1) * o->projects / o->townships; p < t * o->projects / o->townships;
             p++) {
            make_project(&m, t, p + 1, mean < 1 ? 1 : mean);
        }
        for (int64_t e = (t - 1) * o->expenditures / o->townships;
             e < t * o->expenditures / o->townships; e++) {
            int64_t v[] = {e + 1, t, PAYEE(t, below(PAYEES)), 20000 + below(365),
                           100 + below(2000000)};
            for (int i = 0; i < 5; i++) {
                sqlite3_bind_int64(m.spend, i + 1, v[i]);
            }
            step_done(db, m.spend);
        }
    }
    exec(db, "COMMIT");
    exec(db, INDEXES);
    exec(db, "ANALYZE");
    sqlite3_finalize(m.bidder);
    sqlite3_finalize(m.project);
    sqlite3_finalize(m.bid);
    sqlite3_finalize(m.spend);
}

/* ---- probity's scan, township by township ---- */

/* One township's register as the scan reads it. */
struct town_register {
    struct rf_entry *entries;
    struct rf_project *projects;
    struct rf_bid *bids;
    struct rf_bidder *bidders; /* a copy per bid, the texts below */
    char *texts;               /* the bidders' texts, one after another */
    size_t n_entries, n_projects, n_bids;
};

struct bidder_row {
    int64_t id;
    const char *text[5];
};

static int compare_bidder_rows(const void *pa, const void *pb)
{
    const struct bidder_row *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

/* Where a statement's text column i is copied (NULL for none). */
static const char *copy_text(sqlite3_stmt *s, int i, char **at)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    if (t == NULL) {
        return NULL;
    }
    size_t len = strlen((const char *)t) + 1;
    memcpy(*at, t, len);
    const char *out = *at;
    *at += len;
    return out;
}

struct scan_statements {
    sqlite3_stmt *bidders, *projects, *bids, *spends, *counts;
};

static void flag_found(void *ctx, const struct rf_entry *e, const struct rf_raised *r)
{
    found_add(ctx, (int)r->flag, e->p->id, r->figure);
}

static void scan_township(struct scan_statements *s,
                          int t,
                          const struct rulebook *rb,
                          struct found_list *out,
                          double *pass)
{
    /* How many of each, to size the arrays. */
    int64_t counts[4] = {0, 0, 0, 0};
    sqlite3_bind_int(s->counts, 1, t);
    sqlite3_bind_int(s->counts, 2, t);
    sqlite3_bind_int(s->counts, 3, t);
    sqlite3_bind_int(s->counts, 4, t);
    if (sqlite3_step(s->counts) == SQLITE_ROW) {
        for (int i = 0; i < 4; i++) {
            counts[i] = sqlite3_column_int64(s->counts, i);
        }
    }
    sqlite3_reset(s->counts);
    int64_t n_bidders = counts[0], n_projects = counts[1], n_bids = counts[2];
    int64_t n_spends = counts[3];
    struct bidder_row *bidders = xcalloc((size_t)n_bidders + 1, sizeof(*bidders));
    char *texts = xmalloc((size_t)n_bidders * 5 * 64 + 1), *at = texts;
    sqlite3_bind_int(s->bidders, 1, t);
    for (int64_t i = 0; sqlite3_step(s->bidders) == SQLITE_ROW && i < n_bidders; i++) {
        bidders[i].id = sqlite3_column_int64(s->bidders, 0);
        for (int k = 0; k < 5; k++) {
            bidders[i].text[k] = copy_text(s->bidders, 1 + k, &at);
        }
    }
    sqlite3_reset(s->bidders);
    struct rf_project *projects = xcalloc((size_t)(n_projects + n_spends) + 1, sizeof(*projects));
    struct rf_entry *entries = xcalloc((size_t)(n_projects + n_spends) + 1, sizeof(*entries));
    struct rf_bid *bids = xcalloc((size_t)n_bids + 1, sizeof(*bids));
    struct rf_bidder *who = xcalloc((size_t)n_bids + 1, sizeof(*who));
    /* The bids of the township's projects, in the projects' order. */
    sqlite3_bind_int(s->bids, 1, t);
    int64_t b = 0;
    int has_bid = sqlite3_step(s->bids) == SQLITE_ROW;
    sqlite3_bind_int(s->projects, 1, t);
    int64_t p = 0;
    while (p < n_projects && sqlite3_step(s->projects) == SQLITE_ROW) {
        sqlite3_stmt *q = s->projects;
        struct rf_project *pr = &projects[p];
        struct rf_entry *e = &entries[p];
        int64_t id = sqlite3_column_int64(q, 0);
        int reached = sqlite3_column_int(q, 8);
        int64_t awarded_day = sqlite3_column_int64(q, 11),
                contract_day = sqlite3_column_int64(q, 12);
        *pr = (struct rf_project){
            .id = id,
            .method = (enum procurement_method)sqlite3_column_int(q, 3),
            .control_price_fen = sqlite3_column_int64(q, 5),
            .published_ms = sqlite3_column_int64(q, 6) * DAY_MS,
            .deadline_ms = sqlite3_column_int64(q, 7) * DAY_MS,
            .bids = &bids[b],
            .bidders = &who[b],
            .awarded_bid = sqlite3_column_int64(q, 9),
            .price_only = sqlite3_column_int(q, 16) != 0,
            .contract_early = awarded_day != 0 && contract_day != 0 && contract_day < awarded_day,
            .contract_fen = sqlite3_column_int64(q, 13),
            .changes_fen = sqlite3_column_int64(q, 14),
            .settlement_fen = sqlite3_column_int64(q, 15),
        };
        while (has_bid && sqlite3_column_int64(s->bids, 1) == id && b < n_bids) {
            struct bidder_row key = {.id = sqlite3_column_int64(s->bids, 2)};
            const struct bidder_row *d =
                bsearch(&key, bidders, (size_t)n_bidders, sizeof(*bidders), compare_bidder_rows);
            size_t k = pr->n_bids++;
            bids[b] = (struct rf_bid){sqlite3_column_int64(s->bids, 0), k,
                                      sqlite3_column_int64(s->bids, 3),
                                      sqlite3_column_int(s->bids, 4) != 0};
            who[b] = (struct rf_bidder){key.id,     d->text[0], d->text[1],
                                        d->text[2], d->text[3], d->text[4]};
            b++;
            has_bid = sqlite3_step(s->bids) == SQLITE_ROW;
        }
        pr->n_bidders = pr->n_bids;
        *e = (struct rf_entry){.p = pr,
                               .stepped = true,
                               .reached = (enum red_flag_at)reached,
                               .township = t,
                               .matter = sqlite3_column_int64(q, 2),
                               .supplier = sqlite3_column_int64(q, 10),
                               .awarded_day = awarded_day,
                               .contract_day = contract_day,
                               .threshold_fen = sqlite3_column_int64(q, 4)};
        p++;
    }
    sqlite3_reset(s->projects);
    sqlite3_reset(s->bids);
    /* Expenditures: payments to a supplier outside any project, compared
     * as direct purchases from it (ids negated). */
    int64_t least = rb->procurement.competitive_fen[0];
    for (int k = 1; k < PROCUREMENT_KINDS; k++) {
        least =
            rb->procurement.competitive_fen[k] < least ? rb->procurement.competitive_fen[k] : least;
    }
    sqlite3_bind_int(s->spends, 1, t);
    int64_t n = p;
    while (n < p + n_spends && sqlite3_step(s->spends) == SQLITE_ROW) {
        projects[n] = (struct rf_project){.id = -sqlite3_column_int64(s->spends, 0),
                                          .method = PROCUREMENT_DIRECT,
                                          .contract_fen = sqlite3_column_int64(s->spends, 3)};
        entries[n] = (struct rf_entry){.p = &projects[n],
                                       .township = t,
                                       .supplier = sqlite3_column_int64(s->spends, 1),
                                       .contract_day = sqlite3_column_int64(s->spends, 2),
                                       .threshold_fen = least};
        n++;
    }
    sqlite3_reset(s->spends);
    double t0 = bench_now();
    red_flags_register(rb, entries, (size_t)n, flag_found, out);
    *pass += bench_now() - t0;
    xfree(who);
    xfree(bids);
    xfree(entries);
    xfree(projects);
    xfree(texts);
    xfree(bidders);
}

static double scan_register(sqlite3 *db,
                            const struct options *o,
                            const struct rulebook *rb,
                            struct found_list *out,
                            double *pass)
{
    double t0 = bench_now();
    struct scan_statements s = {
        prepare(db, "SELECT id, legal, contact, phone, address, bank FROM bidders"
                    " WHERE township = ? ORDER BY id"),
        prepare(db, "SELECT * FROM projects WHERE township = ? ORDER BY id"),
        prepare(db, "SELECT b.id, b.project, b.bidder, b.price_fen, b.disqualified FROM projects p"
                    " JOIN bids b ON b.project = p.id WHERE p.township = ? ORDER BY p.id, b.id"),
        prepare(db, "SELECT id, payee, day, amount_fen FROM expenditures WHERE township = ?"
                    " ORDER BY id"),
        prepare(db, "SELECT (SELECT COUNT(*) FROM bidders WHERE township = ?),"
                    " (SELECT COUNT(*) FROM projects WHERE township = ?),"
                    " (SELECT COUNT(*) FROM bids b JOIN projects p ON p.id = b.project"
                    " WHERE p.township = ?),"
                    " (SELECT COUNT(*) FROM expenditures WHERE township = ?)"),
    };
    for (int t = 1; t <= o->townships; t++) {
        scan_township(&s, t, rb, out, pass);
    }
    sqlite3_finalize(s.bidders);
    sqlite3_finalize(s.projects);
    sqlite3_finalize(s.bids);
    sqlite3_finalize(s.spends);
    sqlite3_finalize(s.counts);
    return bench_now() - t0;
}

/* ---- the same rules as SQL ---- */

/* Runs sql (SELECT flag name, subject, figure) and keeps what it finds. */
static void sql_flags(sqlite3 *db, const char *sql, struct found_list *out)
{
    double t0 = bench_now();
    size_t before = out->n;
    sqlite3_stmt *s = prepare(db, sql);
    while (sqlite3_step(s) == SQLITE_ROW) {
        enum red_flag f;
        if (!red_flag_find((const char *)sqlite3_column_text(s, 0), &f)) {
            fprintf(stderr, "bench_red_flags: no flag %s\n", sqlite3_column_text(s, 0));
            exit(1);
        }
        found_add(out, (int)f, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2));
    }
    sqlite3_finalize(s);
    if (getenv("BENCH_VERBOSE") != NULL) {
        fprintf(stderr, "  sql %.2f s, %zu: %.60s\n", bench_now() - t0, out->n - before, sql);
    }
}

/* part / whole in per mille, rounded half up, as SQL (both > 0). */
#define PERMILLE_SQL(part, whole) "((" part ") * 2000 + (" whole ")) / (2 * (" whole "))"

static double sql_register(sqlite3 *db, const struct rulebook *rb, struct found_list *out)
{
    const struct rule_procurement *rp = &rb->procurement;
    char least[256], sql[2048];
    int64_t least_kind = rp->competitive_fen[0];
    for (int k = 1; k < PROCUREMENT_KINDS; k++) {
        least_kind = rp->competitive_fen[k] < least_kind ? rp->competitive_fen[k] : least_kind;
    }
    snprintf(least, sizeof(least),
             "(CASE method WHEN 0 THEN %lld WHEN 1 THEN %lld WHEN 2 THEN %lld WHEN 3 THEN %lld"
             " ELSE %lld END)",
             (long long)rp->submission_days[0], (long long)rp->submission_days[1],
             (long long)rp->submission_days[2], (long long)rp->submission_days[3],
             (long long)rp->submission_days[4]);
    double t0 = bench_now();
    snprintf(sql, sizeof(sql),
             "SELECT 'flag.short_period', id, deadline_day - published_day FROM projects"
             " WHERE reached >= 0 AND %s > 0 AND deadline_day - published_day < %s + %lld",
             least, least, (long long)rp->flags.short_margin_days);
    sql_flags(db, sql, out);
    sql_flags(db,
              "SELECT 'flag.single_bidder', p.id, 0 FROM projects p JOIN bids b"
              " ON b.project = p.id WHERE p.reached >= 1 GROUP BY p.id HAVING COUNT(*) = 1",
              out);
    sql_flags(db,
              "SELECT DISTINCT 'flag.identical_prices', p.id, 0 FROM projects p"
              " JOIN bids b1 ON b1.project = p.id JOIN bids b2 ON b2.project = p.id"
              " AND b2.id <> b1.id AND b2.price_fen = b1.price_fen WHERE p.reached >= 1",
              out);
    snprintf(sql, sizeof(sql),
             "SELECT 'flag.close_bids', p.id, %lld FROM projects p JOIN bids b"
             " ON b.project = p.id WHERE p.reached >= 1 GROUP BY p.id HAVING COUNT(*) >= 3"
             " AND MAX(b.price_fen) > MIN(b.price_fen) AND (CASE WHEN MIN(b.price_fen) > 0"
             " THEN " PERMILLE_SQL("MAX(b.price_fen) - MIN(b.price_fen)",
                                   "MIN(b.price_fen)") " ELSE 0 END) < %lld",
             (long long)rp->flags.close_bids_permille, (long long)rp->flags.close_bids_permille);
    sql_flags(db, sql, out);
    sql_flags(db,
              "SELECT DISTINCT 'flag.shared_details', p.id, 0 FROM projects p"
              " JOIN bids b1 ON b1.project = p.id JOIN bids b2 ON b2.project = p.id"
              " AND b2.id <> b1.id JOIN bidders d1 ON d1.id = b1.bidder"
              " JOIN bidders d2 ON d2.id = b2.bidder WHERE p.reached >= 1 AND d1.id <> d2.id"
              " AND ((d1.legal <> '' AND d1.legal = d2.legal)"
              " OR (d1.contact <> '' AND d1.contact = d2.contact)"
              " OR (d1.phone <> '' AND d1.phone = d2.phone)"
              " OR (d1.address <> '' AND d1.address = d2.address)"
              " OR (d1.bank <> '' AND d1.bank = d2.bank))",
              out);
    snprintf(sql, sizeof(sql),
             "SELECT 'flag.near_control_price', p.id, %lld FROM projects p JOIN bids w"
             " ON w.id = p.awarded_bid WHERE p.reached >= 2 AND p.control_fen > 0"
             " AND " PERMILLE_SQL("ABS(p.control_fen - w.price_fen)", "p.control_fen") " < %lld",
             (long long)rp->flags.near_control_permille,
             (long long)rp->flags.near_control_permille);
    sql_flags(db, sql, out);
    sql_flags(db,
              "SELECT 'flag.all_but_winner_disqualified', p.id, 0 FROM projects p"
              " JOIN bids w ON w.id = p.awarded_bid JOIN bids b ON b.project = p.id"
              " AND b.id <> p.awarded_bid WHERE p.reached >= 2 GROUP BY p.id"
              " HAVING SUM(b.disqualified) = COUNT(*)",
              out);
    sql_flags(db,
              "SELECT 'flag.lowest_disqualified', p.id, 0 FROM projects p JOIN bids w"
              " ON w.id = p.awarded_bid WHERE p.reached >= 2 AND p.price_only = 1"
              " AND (SELECT b.disqualified FROM bids b WHERE b.project = p.id"
              " ORDER BY b.price_fen, b.id LIMIT 1) = 1",
              out);
    sql_flags(db,
              "SELECT 'flag.contract_early', id, 0 FROM projects WHERE reached >= 3"
              " AND awarded_day <> 0 AND contract_day <> 0 AND contract_day < awarded_day",
              out);
    snprintf(sql, sizeof(sql),
             "SELECT 'flag.change_share', id, " PERMILLE_SQL(
                 "changes_fen", "contract_fen") " FROM projects WHERE reached >= 4 AND "
                                                "contract_fen > 0 AND changes_fen > 0"
                                                " AND " PERMILLE_SQL("changes_fen",
                                                                     "contract_fen") " > %lld",
             (long long)rp->flags.change_permille);
    sql_flags(db, sql, out);
    snprintf(
        sql, sizeof(sql),
        "SELECT 'flag.settlement_overrun', id,"
        " " PERMILLE_SQL("settlement_fen - contract_fen",
                         "contract_fen") " FROM projects WHERE reached >= 5 AND contract_fen > 0"
                                         " AND settlement_fen > contract_fen"
                                         " AND " PERMILLE_SQL("settlement_fen - contract_fen",
                                                              "contract_fen") " > %lld",
        (long long)rp->flags.overrun_permille);
    sql_flags(db, sql, out);
    /* Across projects: each project's group of bidders as one text. */
    exec(db, "CREATE TEMP TABLE grp AS SELECT project, group_concat(bidder) AS g, COUNT(*) AS n"
             " FROM (SELECT project, bidder FROM bids ORDER BY project, bidder) GROUP BY project;"
             "CREATE TEMP TABLE aw AS SELECT p.id, p.township, grp.g, p.awarded_day AS day,"
             " p.supplier AS winner FROM projects p JOIN grp ON grp.project = p.id"
             " WHERE p.awarded_day <> 0 AND grp.n >= 2;"
             "CREATE INDEX aw_group ON aw (township, g, day);");
    snprintf(sql, sizeof(sql),
             "SELECT 'flag.rotating_winners', a.id, COUNT(*) FROM aw a JOIN aw b"
             " ON b.township = a.township AND b.g = a.g AND b.day >= a.day - %lld"
             " AND (b.day < a.day OR (b.day = a.day AND b.id <= a.id)) GROUP BY a.id"
             " HAVING COUNT(*) >= %lld AND COUNT(DISTINCT b.winner) >= 2",
             (long long)rp->flags.rotation_window_days, (long long)rp->flags.rotation_min_projects);
    sql_flags(db, sql, out);
    snprintf(sql, sizeof(sql),
             "CREATE TEMP TABLE pur AS SELECT id, township, supplier, matter, contract_day AS day,"
             " contract_fen AS fen, threshold_fen AS th FROM projects"
             " WHERE method = 0 AND contract_day <> 0 UNION ALL"
             " SELECT -id, township, payee, 0, day, amount_fen, %lld FROM expenditures;"
             "CREATE INDEX pur_supplier ON pur (township, supplier, day);"
             "CREATE INDEX pur_matter ON pur (township, matter, day);",
             (long long)least_kind);
    exec(db, sql);
    /* The related pairs: by supplier, and by matter, each on its index,
     * once each (UNION). */
    snprintf(sql, sizeof(sql),
             "WITH related AS (SELECT i.id AS i, j.id AS j, j.fen, j.th FROM pur i JOIN pur j"
             " ON j.township = i.township AND j.supplier = i.supplier AND i.supplier <> 0"
             " AND j.day BETWEEN i.day - %lld AND i.day AND (j.day < i.day OR j.id <= i.id)"
             " AND j.fen < j.th WHERE i.fen < i.th"
             " UNION SELECT i.id, j.id, j.fen, j.th FROM pur i JOIN pur j"
             " ON j.township = i.township AND j.matter = i.matter AND i.matter <> 0"
             " AND j.day BETWEEN i.day - %lld AND i.day AND (j.day < i.day OR j.id <= i.id)"
             " AND j.fen < j.th WHERE i.fen < i.th)"
             " SELECT 'flag.split_purchase', i, SUM(fen) / 100 FROM related GROUP BY i"
             " HAVING COUNT(*) >= 2 AND SUM(fen) >= MIN(th)",
             (long long)rp->flags.split_window_days, (long long)rp->flags.split_window_days);
    sql_flags(db, sql, out);
    double took = bench_now() - t0;
    exec(db, "DROP TABLE temp.grp; DROP TABLE temp.aw; DROP TABLE temp.pur;");
    return took;
}

/* ---- the run ---- */

static int64_t count_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = prepare(db, sql);
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return n;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_red_flags --db FILE [--projects N] [--bids N]"
                    " [--expenditures N] [--townships N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    struct options o = {NULL, 1000000, 10000000, 10000000, 500};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0) {
            o.db = argv[i + 1];
        } else if (strcmp(argv[i], "--projects") == 0) {
            o.projects = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--bids") == 0) {
            o.bids = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--expenditures") == 0) {
            o.expenditures = strtoll(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--townships") == 0) {
            o.townships = (int)strtol(argv[i + 1], NULL, 10);
        } else {
            usage();
        }
    }
    if (o.db == NULL || o.townships < 1 || o.projects < 0 || o.bids < 0 || o.expenditures < 0) {
        usage();
    }
    struct rulebook *rb = xmalloc(sizeof(*rb));
    rulebook_default(rb);
    bool fresh = access(o.db, F_OK) != 0;
    sqlite3 *db = NULL;
    if (sqlite3_open(o.db, &db) != SQLITE_OK) {
        fprintf(stderr, "bench_red_flags: cannot open %s\n", o.db);
        return 1;
    }
    exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;"
             " PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 8000000000;");
    if (fresh) {
        double t0 = bench_now();
        make_register(db, &o, rb);
        printf("made the register in %.1f s\n", bench_now() - t0);
    }
    o.townships = (int)count_of(db, "SELECT MAX(township) FROM projects");
    printf("register: %lld projects, %lld bids, %lld expenditures, %d townships\n",
           (long long)count_of(db, "SELECT COUNT(*) FROM projects"),
           (long long)count_of(db, "SELECT COUNT(*) FROM bids"),
           (long long)count_of(db, "SELECT COUNT(*) FROM expenditures"), o.townships);
    /* Warm the page cache for both: each reads the whole file once. */
    count_of(db,
             "SELECT SUM(length(legal)) + SUM(price_fen) FROM bidders, (SELECT 0 AS price_fen)");
    count_of(db, "SELECT SUM(price_fen) FROM bids");
    count_of(db, "SELECT SUM(amount_fen) FROM expenditures");
    struct found_list scanned = {0}, queried = {0};
    double pass = 0;
    double scan = scan_register(db, &o, rb, &scanned, &pass);
    double sql = sql_register(db, rb, &queried);
    qsort(scanned.v, scanned.n, sizeof(*scanned.v), compare_found);
    qsort(queried.v, queried.n, sizeof(*queried.v), compare_found);
    bool same = scanned.n == queried.n;
    for (size_t i = 0; same && i < scanned.n; i++) {
        same = compare_found(&scanned.v[i], &queried.v[i]) == 0;
    }
    for (size_t i = 0, j = 0; !same && (i < scanned.n || j < queried.n);) {
        int c = i == scanned.n   ? 1
                : j == queried.n ? -1
                                 : compare_found(&scanned.v[i], &queried.v[j]);
        if (c != 0) {
            const struct found *f = c < 0 ? &scanned.v[i] : &queried.v[j];
            fprintf(stderr, "  only by %s: %s %lld %lld\n", c < 0 ? "the scan" : "SQL",
                    red_flag_name((enum red_flag)f->flag), (long long)f->subject,
                    (long long)f->figure);
        }
        i += c <= 0;
        j += c >= 0;
    }
    size_t per[RED_FLAG_N] = {0};
    for (size_t i = 0; i < scanned.n; i++) {
        per[scanned.v[i].flag]++;
    }
    printf("flags found: %zu by the scan, %zu by SQL: %s\n", scanned.n, queried.n,
           same ? "identical" : "DIFFERENT");
    for (int f = 0; f < RED_FLAG_N; f++) {
        printf("  %-34s %zu\n", red_flag_name((enum red_flag)f), per[f]);
    }
    printf("probity scan (reading the file, township by township)  %.2f s"
           " (the pass itself %.2f s)\n",
           scan, pass);
    printf("the same rules as SQL in SQLite                        %.2f s  (%.2fx the scan)\n", sql,
           sql / scan);
    xfree(scanned.v);
    xfree(queried.v);
    xfree(rb);
    sqlite3_close(db);
    return same ? 0 : 1;
}
