/*
 * The organisation model's query tables as entities, each declared once
 * by its row's X-macro (record/entity.h, ENTITY).
 */
#include "areas/org/org.h"

#define CITY_ROW(X)                                                                                \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_city, "city", "cities", CITY_ROW, .text_id = true);

#define TOWNSHIP_ROW(X)                                                                            \
    X(city_id, TEXT)                                                                               \
    X(kind, TEXT)                                                                                  \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_township, "township", "townships", TOWNSHIP_ROW, .text_id = true);

#define VILLAGE_ROW(X)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(kind, TEXT)                                                                                  \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_village, "village", "villages", VILLAGE_ROW, .allocates_id = true);

#define ORGANIZATION_ROW(X)                                                                        \
    X(township_id, TEXT)                                                                           \
    X(class, TEXT)                                                                                 \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_organization,
       "organization",
       "organizations",
       ORGANIZATION_ROW,
       .allocates_id = true);

#define PERSON_ROW(X)                                                                              \
    X(township_id, TEXT)                                                                           \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)                                                                               \
    X(gender, TEXT)
ENTITY(org_entity_person, "person", "people", PERSON_ROW, .allocates_id = true);

#define POST_ROW(X)                                                                                \
    X(organization_id, INT)                                                                        \
    X(role, TEXT)                                                                                  \
    X(label, TEXT)                                                                                 \
    X(label_en, TEXT)                                                                              \
    X(seats, INT)
ENTITY(org_entity_post, "post", "posts", POST_ROW, .allocates_id = true);

#define MEMBERSHIP_ROW(X)                                                                          \
    X(person_id, INT)                                                                              \
    X(post_id, INT)                                                                                \
    X(start_date, TEXT)                                                                            \
    X(end_date, TEXT)
ENTITY(org_entity_membership, "membership", "memberships", MEMBERSHIP_ROW, .allocates_id = true);

#define PORTFOLIO_ROW(X)                                                                           \
    X(person_id, INT)                                                                              \
    X(department_id, INT)                                                                          \
    X(area, TEXT)                                                                                  \
    X(area_en, TEXT)                                                                               \
    X(start_date, TEXT)                                                                            \
    X(end_date, TEXT)
ENTITY(org_entity_portfolio, "portfolio", "portfolios", PORTFOLIO_ROW, .allocates_id = true);
