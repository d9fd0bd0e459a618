/*
 * The organisation model's query tables as entity descriptors: fields and
 * literal SQL for the generic event application in entity.c.
 */
#include "areas/org/org.h"

#define END                                                                                        \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

static const struct entity_field city_fields[] = {{"name", 't'}, {"name_en", 't'}, END};
const struct entity org_entity_city = {
    .name = "city",
    .text_id = true,
    .fields = city_fields,
    .sql_insert = "INSERT INTO cities (id, name, name_en) VALUES (?, ?, ?)",
    .sql_update = "UPDATE cities SET name = ?, name_en = ? WHERE id = ?",
    .sql_delete = "DELETE FROM cities WHERE id = ?",
    .allocates_id = false,
    .sql_dump = "SELECT id, name, name_en FROM cities ORDER BY id",
};

static const struct entity_field township_fields[] = {
    {"city_id", 't'}, {"kind", 't'}, {"name", 't'}, {"name_en", 't'}, END};
const struct entity org_entity_township = {
    .name = "township",
    .text_id = true,
    .fields = township_fields,
    .sql_insert = "INSERT INTO townships (id, city_id, kind, name, name_en) VALUES (?, ?, ?, ?, ?)",
    .sql_update = "UPDATE townships SET city_id = ?, kind = ?, name = ?, name_en = ? WHERE id = ?",
    .sql_delete = "DELETE FROM townships WHERE id = ?",
    .allocates_id = false,
    .sql_dump = "SELECT id, city_id, kind, name, name_en FROM townships ORDER BY id",
};

static const struct entity_field village_fields[] = {
    {"township_id", 't'}, {"kind", 't'}, {"name", 't'}, {"name_en", 't'}, END};
const struct entity org_entity_village = {
    .name = "village",
    .text_id = false,
    .fields = village_fields,
    .sql_insert =
        "INSERT INTO villages (id, township_id, kind, name, name_en) VALUES (?, ?, ?, ?, ?)",
    .sql_update =
        "UPDATE villages SET township_id = ?, kind = ?, name = ?, name_en = ? WHERE id = ?",
    .sql_delete = "DELETE FROM villages WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, township_id, kind, name, name_en FROM villages ORDER BY id",
};

static const struct entity_field organization_fields[] = {
    {"township_id", 't'}, {"class", 't'}, {"name", 't'}, {"name_en", 't'}, END};
const struct entity org_entity_organization = {
    .name = "organization",
    .text_id = false,
    .fields = organization_fields,
    .sql_insert = "INSERT INTO organizations (id, township_id, class, name, name_en)"
                  " VALUES (?, ?, ?, ?, ?)",
    .sql_update =
        "UPDATE organizations SET township_id = ?, class = ?, name = ?, name_en = ? WHERE id = ?",
    .sql_delete = "DELETE FROM organizations WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, township_id, class, name, name_en FROM organizations ORDER BY id",
};

static const struct entity_field person_fields[] = {
    {"township_id", 't'}, {"name", 't'}, {"name_en", 't'}, {"gender", 't'}, END};
const struct entity org_entity_person = {
    .name = "person",
    .text_id = false,
    .fields = person_fields,
    .sql_insert =
        "INSERT INTO people (id, township_id, name, name_en, gender) VALUES (?, ?, ?, ?, ?)",
    .sql_update =
        "UPDATE people SET township_id = ?, name = ?, name_en = ?, gender = ? WHERE id = ?",
    .sql_delete = "DELETE FROM people WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, township_id, name, name_en, gender FROM people ORDER BY id",
};

static const struct entity_field post_fields[] = {{"organization_id", 'i'}, {"role", 't'},
                                                  {"label", 't'},           {"label_en", 't'},
                                                  {"seats", 'i'},           END};
const struct entity org_entity_post = {
    .name = "post",
    .text_id = false,
    .fields = post_fields,
    .sql_insert = "INSERT INTO posts (id, organization_id, role, label, label_en, seats)"
                  " VALUES (?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE posts SET organization_id = ?, role = ?, label = ?, label_en = ?,"
                  " seats = ? WHERE id = ?",
    .sql_delete = "DELETE FROM posts WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, organization_id, role, label, label_en, seats FROM posts ORDER BY id",
};

static const struct entity_field membership_fields[] = {
    {"person_id", 'i'}, {"post_id", 'i'}, {"start_date", 't'}, {"end_date", 't'}, END};
const struct entity org_entity_membership = {
    .name = "membership",
    .text_id = false,
    .fields = membership_fields,
    .sql_insert = "INSERT INTO memberships (id, person_id, post_id, start_date, end_date)"
                  " VALUES (?, ?, ?, ?, ?)",
    .sql_update = "UPDATE memberships SET person_id = ?, post_id = ?, start_date = ?,"
                  " end_date = ? WHERE id = ?",
    .sql_delete = "DELETE FROM memberships WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, person_id, post_id, start_date, end_date FROM memberships ORDER BY id",
};

static const struct entity_field portfolio_fields[] = {{"person_id", 'i'},
                                                       {"department_id", 'i'},
                                                       {"area", 't'},
                                                       {"area_en", 't'},
                                                       {"start_date", 't'},
                                                       {"end_date", 't'},
                                                       END};
const struct entity org_entity_portfolio = {
    .name = "portfolio",
    .text_id = false,
    .fields = portfolio_fields,
    .sql_insert = "INSERT INTO portfolios (id, person_id, department_id, area, area_en,"
                  " start_date, end_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
    .sql_update = "UPDATE portfolios SET person_id = ?, department_id = ?, area = ?,"
                  " area_en = ?, start_date = ?, end_date = ? WHERE id = ?",
    .sql_delete = "DELETE FROM portfolios WHERE id = ?",
    .allocates_id = true,
    .sql_dump = "SELECT id, person_id, department_id, area, area_en, start_date, end_date"
                " FROM portfolios ORDER BY id",
};
