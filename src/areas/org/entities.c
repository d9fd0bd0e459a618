/*
 * The organisation model's query tables as entities, each declared once
 * by its row's X-macro (record/entity.h, ENTITY).
 */
#include "areas/org/org.h"

#define CITY_ROW(X)                                                                                \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_city, "city", "cities", CITY_ROW, .text_id = true, .zh = "市", .en = "city");

#define TOWNSHIP_ROW(X)                                                                            \
    X(city_id, TEXT)                                                                               \
    X(kind, TEXT)                                                                                  \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_township,
       "township",
       "townships",
       TOWNSHIP_ROW,
       .text_id = true,
       .zh = "乡镇（街道）",
       .en = "township");

#define VILLAGE_ROW(X)                                                                             \
    X(township_id, TEXT)                                                                           \
    X(kind, TEXT)                                                                                  \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_village,
       "village",
       "villages",
       VILLAGE_ROW,
       .allocates_id = true,
       .zh = "村（社区）",
       .en = "village");

#define ORGANIZATION_ROW(X)                                                                        \
    X(township_id, TEXT)                                                                           \
    X(class, TEXT)                                                                                 \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)
ENTITY(org_entity_organization,
       "organization",
       "organizations",
       ORGANIZATION_ROW,
       .allocates_id = true,
       .zh = "机构",
       .en = "organisation");

#define PERSON_ROW(X)                                                                              \
    X(township_id, TEXT)                                                                           \
    X(name, TEXT)                                                                                  \
    X(name_en, TEXT)                                                                               \
    X(gender, TEXT)
ENTITY(org_entity_person,
       "person",
       "people",
       PERSON_ROW,
       .allocates_id = true,
       .zh = "人员",
       .en = "person");

#define POST_ROW(X)                                                                                \
    X(organization_id, INT)                                                                        \
    X(role, TEXT)                                                                                  \
    X(label, TEXT)                                                                                 \
    X(label_en, TEXT)                                                                              \
    X(seats, INT)
ENTITY(
    org_entity_post, "post", "posts", POST_ROW, .allocates_id = true, .zh = "职务", .en = "post");

#define MEMBERSHIP_ROW(X)                                                                          \
    X(person_id, INT)                                                                              \
    X(post_id, INT)                                                                                \
    X(start_date, TEXT)                                                                            \
    X(end_date, TEXT)
ENTITY(org_entity_membership,
       "membership",
       "memberships",
       MEMBERSHIP_ROW,
       .allocates_id = true,
       .zh = "任职",
       .en = "membership");

#define PORTFOLIO_ROW(X)                                                                           \
    X(person_id, INT)                                                                              \
    X(department_id, INT)                                                                          \
    X(area, TEXT)                                                                                  \
    X(area_en, TEXT)                                                                               \
    X(start_date, TEXT)                                                                            \
    X(end_date, TEXT)
ENTITY(org_entity_portfolio,
       "portfolio",
       "portfolios",
       PORTFOLIO_ROW,
       .allocates_id = true,
       .zh = "分管",
       .en = "portfolio");
