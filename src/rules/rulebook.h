/*
 * The rulebook: one versioned JSON document of deliberation rules (the
 * city's defaults, or a township's override merged over them) that says,
 * per matter category, what a collective decision requires, and per rule
 * id whether a violation is refused or flagged. Parsing is strict (unknown
 * keys refused, err->field names the JSON path); the canonical bytes and
 * their SHA-256 digest identify a version. No I/O. See docs/rules.md.
 */
#ifndef PROBITY_RULES_RULEBOOK_H
#define PROBITY_RULES_RULEBOOK_H

#include "core/buf.h"
#include "core/err.h"
#include "rules/verdict.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define RULEBOOK_MAX_BYTES       65536 /* largest document accepted */
#define RULEBOOK_MAX_CATEGORIES  32
#define RULEBOOK_CATEGORY_MAX    32                 /* longest category name, in bytes */
#define RULEBOOK_TOWNSHIP_MAX    40                 /* longest township id (a slug) */
#define RULEBOOK_MAX_FEN         1000000000000000LL /* 10^13 yuan */
#define RULEBOOK_MAX_HOURS       720                /* 30 days of notice at most */
#define RULEBOOK_MAX_DENOMINATOR 100
#define RULEBOOK_DIGEST_HEX      65 /* 64 hex digits and the NUL */

/* When a requirement applies, by the matter's amount in fen. */
enum rule_when {
    RULE_WHEN_NEVER,           /* "never" */
    RULE_WHEN_ALWAYS,          /* "always" */
    RULE_WHEN_FROM_LARGE_FUND, /* "from_large_fund": amount >= large_fund_fen */
    RULE_WHEN_FROM_TENDER,     /* "from_tender": amount >= tender_fen */
};

enum rule_compare {
    RULE_MORE_THAN, /* "more_than": count * denominator > numerator * base */
    RULE_AT_LEAST,  /* "at_least": count * denominator >= numerator * base */
};

/* What a pass rule is measured against (a quorum is always measured
 * against all members). */
enum rule_base {
    RULE_BASE_ENTITLED, /* "entitled": every member entitled to vote on the item */
    RULE_BASE_PRESENT,  /* "present": the members present and not recused */
};

/* A fraction of a count, e.g. "more than 1/2" or "at least 2/3". */
struct rule_threshold {
    enum rule_compare compare;
    int64_t numerator;   /* 1..denominator */
    int64_t denominator; /* 1..RULEBOOK_MAX_DENOMINATOR */
    enum rule_base base; /* pass rules only; RULE_BASE_ENTITLED for quorums */
};

/* What the rulebook says about one category of matter. */
struct rule_category {
    char name[RULEBOOK_CATEGORY_MAX + 1]; /* e.g. "cadre_appointment" */
    bool major;                           /* one of the four major-matter categories */
    enum rule_when collective;            /* collective decision required */
    enum rule_when ballot;                /* decided by a vote (ballots) */
    bool secret_ballot;                   /* the vote is secret */
    enum rule_when public_tender;         /* public tender / procurement required */
    bool congress_vote;                   /* the township congress must vote too */
    struct rule_threshold quorum;         /* members present, of all members */
    struct rule_threshold pass;           /* agree votes, of pass.base */
    int64_t notice_hours;                 /* least notification before the meeting */
    bool adhoc_allowed;                   /* an ad-hoc motion is allowed (flagged) */
    bool secretary_last;                  /* the secretary states a view last */
};

/*
 * The floors the city sets under every version (docs/rules.md, "Floors"):
 * what no township may loosen. Part of the city's document ("floors"),
 * changed only by a city version; the seed's when it says nothing.
 */
struct rule_floors {
    int64_t notice_hours;               /* least notice for a collective decision */
    bool secretary_last;                /* the secretary states a view last */
    bool major_by_vote;                 /* the major-matter categories are decided by a vote */
    struct rule_threshold cadre_quorum; /* the least quorum for cadre appointments */
    bool cadre_no_adhoc;                /* a cadre appointment is never an ad-hoc motion */
    bool pass_of_all;                   /* pass rules count all members (base entitled) */
};

/* The seed's floors: 48 hours' notice, the secretary last, major matters
 * by vote, cadre appointments with two thirds present and never ad hoc,
 * passed by more than half of all members. */
void rulebook_seed_floors(struct rule_floors *out);

/* How long a part of a deliberation's record stays a sealed part of it
 * (docs/rules.md, "What the log shows, and when"). */
enum rule_seal {
    RULE_SEAL_UNTIL_MINUTES, /* "until_minutes": published when the minutes are finalised */
    RULE_SEAL_KEPT,          /* "kept": never published by the procedure */
};

/* The city's sealing rule (a township's: its city's). Decision results
 * (outcome, tally, who was present, the rulebook version) are always
 * public at once; personnel deliberations (categories with a secret
 * ballot) are always kept sealed. */
struct rule_sealing {
    enum rule_seal statements; /* members' statements: view and summary */
    enum rule_seal ballots;    /* how each member voted in an open vote */
    enum rule_seal reasons;    /* absence and recusal reasons (personal) */
};

/* The seed's sealing: statements and open ballots until the minutes are
 * finalised; absence and recusal reasons kept. */
void rulebook_seed_sealing(struct rule_sealing *out);

/* What is bought (OCDS's main procurement category). */
enum procurement_kind {
    PROCUREMENT_WORKS,    /* "works": a works project (工程) */
    PROCUREMENT_GOODS,    /* "goods": a purchase of goods (货物) */
    PROCUREMENT_SERVICES, /* "services": a purchase of services (服务) */
    PROCUREMENT_KINDS
};

/* How the supplier is chosen, from the least competitive to the most. */
enum procurement_method {
    PROCUREMENT_DIRECT,         /* "direct": a small direct purchase */
    PROCUREMENT_SINGLE_SOURCE,  /* "single_source" */
    PROCUREMENT_NEGOTIATION,    /* "negotiation": competitive negotiation */
    PROCUREMENT_INVITED_TENDER, /* "invited_tender" */
    PROCUREMENT_OPEN_TENDER,    /* "open_tender" */
    PROCUREMENT_METHODS
};

/* The names of the kinds and methods in the rulebook and the API, in
 * enum order, NULL-terminated. */
extern const char *const rulebook_procurement_kinds[PROCUREMENT_KINDS + 1];
extern const char *const rulebook_procurement_methods[PROCUREMENT_METHODS + 1];

/* What the rulebook says of works and purchases (docs/rules.md,
 * "Procurement"): by kind, the amounts from which an open tender and a
 * competitive method are required, and by method the least days from
 * the tender documents' publication to the bids' deadline. */
struct rule_procurement {
    int64_t open_tender_fen[PROCUREMENT_KINDS]; /* at or above: an open tender */
    int64_t competitive_fen[PROCUREMENT_KINDS]; /* at or above: no direct or single source */
    int64_t submission_days[PROCUREMENT_METHODS];
    /* The red flags' parameters (rules/red_flags.h, docs/red-flags.md). */
    struct {
        int64_t near_control_permille; /* the winning bid within this of the control price */
        int64_t close_bids_permille;   /* the bids' spread below this of the lowest */
        int64_t short_margin_days;     /* a period within this of the least */
        int64_t change_permille;       /* change orders above this of the contract */
        int64_t overrun_permille;      /* a settlement above the contract by more */
        int64_t rotation_window_days;  /* awards of one group of bidders within this */
        int64_t rotation_min_projects; /* this many of them with rotating winners */
        int64_t split_window_days;     /* purchases within this of each other */
    } flags;
};

/* The seed's procurement: the placeholders docs/rules.md explains. */
void rulebook_seed_procurement(struct rule_procurement *out);

struct rulebook {
    int64_t version;                          /* 1, 2, ... per scope */
    int64_t effective_from;                   /* ms since the epoch (UTC) */
    char township[RULEBOOK_TOWNSHIP_MAX + 1]; /* "" for the city's rulebook */
    int64_t city_version;                     /* the city version merged under; 0 for the city */
    int64_t large_fund_fen;                   /* large-fund threshold */
    int64_t tender_fen;                       /* public-tender threshold */
    struct rule_threshold congress_quorum;    /* deputies present, of all deputies */
    struct rule_threshold congress_pass;      /* votes for, of all deputies */
    struct rule_category categories[RULEBOOK_MAX_CATEGORIES]; /* sorted by name */
    size_t n_categories;
    enum rule_action actions[RULE_N]; /* RULE_FIXED rules: always RULE_ACTION_REFUSE */
    struct rule_floors floors;        /* the city's floors (a township's: its city's) */
    struct rule_sealing sealing;      /* the city's sealing (a township's: its city's) */
    struct rule_procurement procurement;
};

/* The four major-matter categories, which every rulebook must have. */
extern const char *const rulebook_major_categories[4];

/*
 * Parses and validates a complete rulebook document (len bytes of JSON,
 * at most RULEBOOK_MAX_BYTES) into *out. Strict: unknown keys, wrong
 * types, reals, out-of-range numbers, missing fields and broken
 * invariants are ERR_INVALID with err->field the dotted JSON path
 * ("categories.large_fund.quorum.numerator"); malformed JSON is
 * ERR_BAD_REQUEST, an oversized one ERR_TOO_LARGE. *out is undefined on
 * failure.
 */
MUST_CHECK enum err_code
rulebook_parse(const char *data, size_t len, struct rulebook *out, struct err *err);
/* The same, from a JSON value (borrowed). */
MUST_CHECK enum err_code
rulebook_from_json(const json_t *doc, struct rulebook *out, struct err *err);
/* The built-in city default rulebook (version 1), compiled into the
 * program; see default_rulebook.c. Cannot fail. */
void rulebook_default(struct rulebook *out);
/* The built-in default as JSON text (static, NUL-terminated). */
const char *rulebook_default_text(void);
/*
 * The names of the built-in rulebook's categories as an office says them:
 * X(category, zh-CN, English, a lower-case phrase), one row per category
 * of default_rulebook.c (a unit test checks both ways). The API's
 * description gives them with every matter's category; a category that a
 * later rulebook adds shows as its id until it is named here.
 */
#define RULEBOOK_CATEGORY_NAMES(X)                                                                 \
    X("major_decision", "重大决策", "major decision")                                              \
    X("cadre_appointment", "干部任免", "cadre appointment")                                        \
    X("major_project", "重大项目", "major project")                                                \
    X("large_fund", "大额资金使用", "use of large funds")                                          \
    X("budget_adjustment", "预算调整", "budget adjustment")                                        \
    X("personnel_minor", "一般人事事项", "minor personnel matter")                                 \
    X("procurement_minor", "一般采购", "minor procurement")                                        \
    X("routine_affairs", "日常事务", "routine affairs")

/*
 * Merges a township's override (a partial document: "version",
 * "effective_from" and "township" required, any of "thresholds",
 * "congress", "categories", "actions" and "procurement" partly given) over the city's
 * rulebook and validates the result as a whole: keys are replaced one by
 * one, a category the city lacks must be given in full. The result has the
 * override's version and township, city_version = city->version and
 * effective_from the later of the two. ERR_INVALID with the JSON path on
 * any fault; ERR_INVALID with field "township" when city is a township's.
 */
MUST_CHECK enum err_code rulebook_merge(const struct rulebook *city,
                                        const json_t *override,
                                        struct rulebook *out,
                                        struct err *err);

/* A new JSON object holding the complete document for rb (every key;
 * "floors", "sealing" and "procurement" only when they are not the
 * seed's, so that a digest recorded before they existed still holds). */
json_t *rulebook_to_json(const struct rulebook *rb);
/* A new JSON object of rb's "procurement" section, whole. */
json_t *rulebook_procurement_json(const struct rulebook *rb);
/* Appends rb's canonical bytes (core/canon.h) to out; only ERR_TOO_LARGE
 * past out's maximum can fail. */
MUST_CHECK enum err_code
rulebook_canonical(const struct rulebook *rb, struct buf *out, struct err *err);
/* Writes the lowercase hex SHA-256 of rb's canonical bytes into out: the
 * same document always gives the same digest. */
void rulebook_digest(const struct rulebook *rb, char out[RULEBOOK_DIGEST_HEX]);
/*
 * A new JSON array of what changes from old to new, sorted by path:
 * [{"path":"categories.large_fund.notice_hours","old":48,"new":72}, ...];
 * a key only one side has shows null on the other. Empty when the two are
 * the same document.
 */
json_t *rulebook_diff(const struct rulebook *old, const struct rulebook *new_rb);

/* The category by name, borrowed from rb; NULL when rb has none. */
const struct rule_category *rulebook_category(const struct rulebook *rb, const char *name);
/* True for the four major-matter category names. */
bool rulebook_is_major(const char *name);
/* The action rb takes on a violation of rule id. */
enum rule_action rulebook_action(const struct rulebook *rb, enum rule_id id);
/* True when the requirement applies to a matter of amount_fen under rb's
 * thresholds. */
bool rulebook_when(const struct rulebook *rb, enum rule_when when, int64_t amount_fen);

/*
 * The version in force at instant at_ms among n versions of one scope:
 * the one with the latest effective_from not after at_ms (the higher
 * version on a tie). Borrowed; NULL when none is in force yet.
 */
const struct rulebook *
rulebook_in_force(const struct rulebook *const *versions, size_t n, int64_t at_ms);
/*
 * Checks a change of rulebook made at now_ms: proposed must apply to the
 * same scope as current (rulebook.scope), be version current + 1 (or 1
 * when current is NULL) (rulebook.version), and take effect no earlier
 * than now_ms nor than current's effective_from (rulebook.retroactive).
 * Who may change it (admin only) is the caller's policy check.
 */
MUST_CHECK enum verdict_kind rulebook_check_change(const struct rulebook *current,
                                                   const struct rulebook *proposed,
                                                   int64_t now_ms,
                                                   struct verdict *v);

#endif
