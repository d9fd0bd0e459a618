/*
 * Internal to the demo's works and purchases (demo_procurement.c,
 * demo_procurement_cases.c): the township's registers as loaded, and the
 * steps of a project on the demo's clock, from its registration to the
 * award and from the contract to the settlement.
 */
#ifndef PROBITY_DEMO_PROCUREMENT_H
#define PROBITY_DEMO_PROCUREMENT_H

#include "demo/demo_town.h"

#define BIDDERS    6
#define EVALUATORS 7
#define DEMO_END   (DEMO_START + 367 * DAY)

/* The township's procurement as it is loaded. */
struct procurement {
    struct town *t;
    struct rng rng;
    int64_t bidders[BIDDERS];
    int64_t evaluators[EVALUATORS];
    bool colluded; /* Diankou's pair has bid together */
};

/* The bids of a tender: by which of the register's bidders, at what
 * prices; by_price: the panel scores every technical proposal alike, so
 * that the lowest price ranks first. */
struct tender_bids {
    int n;
    int who[BIDDERS];
    int64_t price_fen[BIDDERS];
    bool by_price;
};

/* Registers the project of matter (kind, method, estimate amount) at
 * decided + 2 days, approves its design (+5) and reviews its control
 * price (+9) into *id. */
MUST_CHECK enum err_code demo__project(struct procurement *p,
                                       int64_t matter,
                                       const char *title,
                                       const char *kind,
                                       const char *method,
                                       int64_t amount,
                                       int64_t control,
                                       int64_t decided,
                                       int64_t *id,
                                       struct err *err);
/* Publishes the tender of project id at published, due at due; receives
 * the bids; then, as far as the year reaches, the opening, the panel
 * (drawn: five for an open tender, else three), the review and the award
 * to the first-ranked (*awarded_at, 0 when not reached). */
MUST_CHECK enum err_code demo__tender_to_award(struct procurement *p,
                                               int64_t id,
                                               bool open,
                                               int64_t published,
                                               int64_t due,
                                               const struct tender_bids *bids,
                                               int64_t *awarded_at,
                                               struct err *err);
/* The contract at price signed at signed_at (a direct purchase's with
 * the register's bidder supplier, or one at random when -1), then the
 * acceptance and the settlement as far as the year reaches. */
MUST_CHECK enum err_code demo__contract_to_settlement(struct procurement *p,
                                                      int64_t id,
                                                      int64_t signed_at,
                                                      int64_t price,
                                                      bool direct,
                                                      int supplier,
                                                      struct err *err);

/* The contract of project id, awarded at awarded_at (0: not yet), a week
 * later at the winning price, and what follows, as far as the year
 * reaches. */
MUST_CHECK enum err_code
demo__awarded_to_settlement(struct procurement *p, int64_t id, int64_t awarded_at, struct err *err);

/* demo_procurement_cases.c: the cases planted for the red flags to find
 * (a rotation in Jiyang, a split purchase in Datang) and Zhibu's road. */
MUST_CHECK enum err_code demo__procurement_cases(struct procurement *p, struct err *err);

#endif
