/*
 * A project as an OCDS 1.1 release package (GET /projects/{id}/ocds):
 * one release of the project as its records stand, tagged with the stages
 * it has reached (planning, tender, award, contract, implementation), as
 * public as the project is: the tenderers once the bids are opened, the
 * award once made; never the panel's scores before the award, never a
 * bidder's kept details. Amounts in yuan (CNY), dates with their offset
 * (+08:00). Validated against the official schema by
 * tests/api/ocds.test.mjs. See docs/procurement.md, "Open data".
 */
#include "areas/procurement/internal.h"

#include "core/alloc.h"
#include "record/row.h"

#include <stdio.h>
#include <string.h>

/* The OCDS procurement method of ours (tender.procurementMethod). */
static const char *const ocds_methods[PROCUREMENT_METHODS] = {"direct", "limited", "selective",
                                                              "selective", "open"};

/* An amount in fen as an OCDS value in yuan. */
static json_t *value_json(int64_t fen)
{
    return json_pack("{so, ss}", "amount",
                     fen % 100 == 0 ? json_integer(fen / 100) : json_real((double)fen / 100.0),
                     "currency", "CNY");
}

/* A date "YYYY-MM-DD" (Asia/Shanghai) as an OCDS date-time, or NULL. */
static json_t *day_json(const char *day)
{
    char text[40];
    if (day == NULL) {
        return NULL;
    }
    snprintf(text, sizeof(text), "%sT00:00:00+08:00", day);
    return json_string(text);
}

/* Sets key of obj to v when v is not NULL. */
static void set_some(json_t *obj, const char *key, json_t *v)
{
    if (v != NULL) {
        json_object_set_new(obj, key, v);
    }
}

/* The bids extension, which carries each bid's tenderer and price. */
#define BID_EXTENSION                                                                              \
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/"     \
    "extension.json"

/* An organisation as a party: its name, its unified social credit code,
 * its legal representative (public in the enterprise register). */
static json_t *bidder_party(const json_t *b)
{
    char id[32];
    snprintf(id, sizeof(id), "bidder-%lld", (long long)row_int(b, "bidder_id"));
    return json_pack("{ss, ss, s{ss, ss}, s{ss}, s[s]}", "id", id, "name",
                     row_text(b, "bidder_name"), "identifier", "scheme", "CN-USCC", "id",
                     row_text(b, "registration_no"), "details", "legalRepresentative",
                     row_text(b, "legal_representative"), "roles", "tenderer");
}

static json_t *reference(const json_t *party)
{
    return json_pack("{sO, sO}", "id", json_object_get(party, "id"), "name",
                     json_object_get(party, "name"));
}

/* The tender: its method, category, control price, period, tenderers. */
static json_t *tender_json(const json_t *p, const json_t *tenderers, const char *ocid)
{
    const char *status = row_text(p, "status");
    bool closed = row_text(p, "opened_at") != NULL;
    json_t *t =
        json_pack("{ss, ss, ss, ss, ss, ss}", "id", ocid, "title", row_text(p, "title"), "status",
                  strcmp(status, "tendering") == 0             ? "active"
                  : closed || row_int(p, "contract_price_fen") ? "complete"
                                                               : "planning",
                  "procurementMethod", ocds_methods[project_method(p)], "procurementMethodDetails",
                  row_text(p, "method"), "mainProcurementCategory", row_text(p, "kind"));
    if (row_int(p, "control_price_fen") != 0) {
        json_object_set_new(t, "value", value_json(row_int(p, "control_price_fen")));
    }
    if (row_text(p, "tender_published_at") != NULL) {
        json_object_set_new(t, "tenderPeriod",
                            json_pack("{ss, ss}", "startDate", row_text(p, "tender_published_at"),
                                      "endDate", row_text(p, "submission_deadline")));
    }
    if (closed) {
        json_object_set_new(t, "numberOfTenderers",
                            json_integer((json_int_t)json_array_size(tenderers)));
        json_t *refs = json_array();
        size_t i;
        json_t *party;
        json_array_foreach(tenderers, i, party)
        {
            json_array_append_new(refs, reference(party));
        }
        json_object_set_new(t, "tenderers", refs);
    }
    return t;
}

/* The opened bids (the bids extension): each bid's tenderer, time and
 * price. */
static json_t *bids_json(const json_t *bidders)
{
    json_t *details = json_array();
    size_t i;
    json_t *b;
    json_array_foreach(bidders, i, b)
    {
        char id[32], party[32];
        snprintf(id, sizeof(id), "bid-%lld", (long long)row_int(b, "id"));
        snprintf(party, sizeof(party), "bidder-%lld", (long long)row_int(b, "bidder_id"));
        json_array_append_new(details,
                              json_pack("{ss, ss, ss, s[{ss, ss}], so}", "id", id, "date",
                                        row_text(b, "submitted_at"), "status", "valid", "tenderers",
                                        "id", party, "name", row_text(b, "bidder_name"), "value",
                                        value_json(row_int(b, "price_fen"))));
    }
    return json_pack("{so}", "details", details);
}

/* The award and the contract, with its change orders and settlement. */
static void award_and_contract(const json_t *p,
                               const json_t *supplier,
                               const json_t *changes,
                               const char *ocid,
                               json_t *release,
                               json_t *tags)
{
    char award_id[96], contract_id[96];
    snprintf(award_id, sizeof(award_id), "%s-award", ocid);
    snprintf(contract_id, sizeof(contract_id), "%s-contract", ocid);
    int64_t awarded_price = 0;
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(p, "bids"), i, b)
    {
        if (row_int(b, "id") == row_int(p, "awarded_bid_id")) {
            awarded_price = row_int(b, "price_fen");
        }
    }
    bool awarded = row_int(p, "awarded_bid_id") != 0 || row_text(p, "contract_signed_on") != NULL;
    if (!awarded || supplier == NULL) {
        return;
    }
    json_t *award = json_pack("{ss, ss, s[o]}", "id", award_id, "status", "active", "suppliers",
                              reference(supplier));
    set_some(award, "date", day_json(row_text(p, "awarded_on")));
    if (awarded_price != 0) {
        json_object_set_new(award, "value", value_json(awarded_price));
    }
    json_object_set_new(release, "awards", json_pack("[o]", award));
    json_array_append_new(tags, json_string("award"));
    if (row_text(p, "contract_signed_on") == NULL) {
        return;
    }
    bool settled = row_int(p, "settlement_fen") != 0;
    json_t *contract = json_pack("{ss, ss, ss, so, so, s{so, so}}", "id", contract_id, "awardID",
                                 award_id, "status", settled ? "terminated" : "active", "value",
                                 value_json(row_int(p, "contract_price_fen")), "dateSigned",
                                 day_json(row_text(p, "contract_signed_on")), "period", "startDate",
                                 day_json(row_text(p, "contract_starts_on")), "endDate",
                                 day_json(row_text(p, "contract_ends_on")));
    json_t *amendments = json_array();
    json_array_foreach(changes, i, b)
    {
        char id[32];
        snprintf(id, sizeof(id), "change-%lld", (long long)row_int(b, "id"));
        json_array_append_new(amendments, json_pack("{ss, so, ss, ss}", "id", id, "date",
                                                    day_json(row_text(b, "approved_on")),
                                                    "rationale", row_text(b, "reason"),
                                                    "description", row_text(b, "approved_by")));
    }
    if (json_array_size(amendments) > 0) {
        json_object_set(contract, "amendments", amendments);
    }
    json_decref(amendments);
    if (settled) {
        char id[96];
        snprintf(id, sizeof(id), "%s-settlement", ocid);
        json_object_set_new(contract, "implementation",
                            json_pack("{s[{ss, so, so}]}", "transactions", "id", id, "date",
                                      day_json(row_text(p, "settled_on")), "value",
                                      value_json(row_int(p, "settlement_fen"))));
    }
    json_object_set_new(release, "contracts", json_pack("[o]", contract));
    json_array_append_new(tags, json_string("contract"));
    if (settled) {
        json_array_append_new(tags, json_string("implementation"));
    }
}

static enum err_code
ocds_body(const struct ctx *x, const struct args *a, json_t **result, struct err *err)
{
    json_t *p = NULL, *township = NULL, *bidders = NULL, *changes = NULL, *direct = NULL;
    char ocid[80], release_id[128], buyer_id[64];
    enum err_code rc = project_load(x->c, a->id, &p, err);
    if (rc == ERR_OK) {
        rc = store_query_row(x->c, &township, err, "SELECT name FROM townships WHERE id = ?", "t",
                             row_text(p, "township_id"));
    }
    if (rc == ERR_OK && row_text(p, "opened_at") != NULL) {
        rc = store_query_json(x->c, &bidders, err,
                              "SELECT b.id, b.bidder_id, b.price_fen, b.submitted_at,"
                              " d.name AS bidder_name, d.registration_no, d.legal_representative"
                              " FROM bids b JOIN bidders d ON d.id = b.bidder_id"
                              " WHERE b.project_id = ? ORDER BY b.id",
                              "i", a->id);
    }
    if (rc == ERR_OK) {
        rc = store_query_json(x->c, &changes, err,
                              "SELECT id, reason, approved_by, approved_on FROM change_orders"
                              " WHERE project_id = ? ORDER BY id",
                              "i", a->id);
    }
    if (rc == ERR_OK && row_int(p, "supplier_id") != 0) {
        rc = store_query_row(x->c, &direct, err,
                             "SELECT id AS bidder_id, name AS bidder_name, registration_no,"
                             " legal_representative FROM bidders WHERE id = ?",
                             "i", row_int(p, "supplier_id"));
    }
    if (rc != ERR_OK) {
        json_decref(p);
        json_decref(township);
        json_decref(bidders);
        json_decref(changes);
        json_decref(direct);
        return rc;
    }
    /* An imported project keeps the ocid it came with. */
    if (row_text(p, "ocid") != NULL) {
        snprintf(ocid, sizeof(ocid), "%s", row_text(p, "ocid"));
    } else {
        snprintf(ocid, sizeof(ocid), "ocds-probity-%s-%lld", row_text(p, "township_id"),
                 (long long)a->id);
    }
    snprintf(release_id, sizeof(release_id), "%s-%s", ocid, row_text(p, "updated"));
    snprintf(buyer_id, sizeof(buyer_id), "township-%s", row_text(p, "township_id"));
    json_t *buyer =
        json_pack("{ss, sO, s[ss]}", "id", buyer_id, "name", json_object_get(township, "name"),
                  "roles", "buyer", "procuringEntity");
    json_t *parties = json_pack("[O]", buyer), *tenderers = json_array(), *supplier = NULL;
    json_object_set_new(p, "bids", bidders != NULL ? json_incref(bidders) : json_array());
    size_t i;
    json_t *b;
    json_array_foreach(bidders, i, b)
    {
        json_t *party = bidder_party(b);
        if (row_int(b, "bidder_id") == row_int(p, "supplier_id")) {
            json_array_append_new(json_object_get(party, "roles"), json_string("supplier"));
            supplier = party;
        }
        json_array_append(tenderers, party);
        json_array_append_new(parties, party);
    }
    /* A direct purchase's supplier bid for nothing. */
    if (supplier == NULL && direct != NULL) {
        supplier = bidder_party(direct);
        json_array_set_new(json_object_get(supplier, "roles"), 0, json_string("supplier"));
        json_array_append_new(parties, supplier);
    }
    json_t *tags = json_pack("[s]", "planning");
    json_t *release = json_pack(
        "{ss, ss, ss, so, ss, ss, so, so, s{s{so, ss}}}", "ocid", ocid, "id", release_id, "date",
        row_text(p, "updated"), "tag", tags, "initiationType", "tender", "language", "zh",
        "parties", parties, "buyer", reference(buyer), "planning", "budget", "amount",
        value_json(row_int(p, "amount_fen")), "description", row_text(p, "title"));
    json_object_set_new(release, "tender", tender_json(p, tenderers, ocid));
    if (json_array_size(bidders) > 0) {
        json_object_set_new(release, "bids", bids_json(bidders));
    }
    if (row_text(p, "tender_published_at") != NULL) {
        json_array_append_new(tags, json_string("tender"));
    }
    award_and_contract(p, supplier, changes, ocid, release, tags);
    char uri[160];
    snprintf(uri, sizeof(uri), "urn:probity:%s:project:%lld", row_text(p, "township_id"),
             (long long)a->id);
    *result =
        json_pack("{ss, ss, s[s], s{sO}, ss, s[o]}", "uri", uri, "version", "1.1", "extensions",
                  BID_EXTENSION, "publisher", "name", json_object_get(township, "name"),
                  "publishedDate", row_text(p, "updated"), "releases", release);
    json_decref(buyer);
    json_decref(tenderers);
    json_decref(bidders);
    json_decref(changes);
    json_decref(direct);
    json_decref(township);
    json_decref(p);
    return ERR_OK;
}

static const struct field ocds_extra[] = {
    F_TEXT("uri", 0, 0, "数据包标识", "package URI"),
    F_TEXT("version", 0, 0, "OCDS 版本", "OCDS version"),
    F_STRINGS("extensions", 0, 0, "扩展", "extensions"),
    F_OBJECT("publisher", 0, NULL, "发布者", "publisher"),
    F_TEXT("publishedDate", 0, 0, "发布时间", "published"),
    F_LIST("releases", 0, 0, NULL, "发布", "releases"),
    F_END,
};

const struct query ocds_query = {
    .name = "project.ocds",
    .path = "/api/v1/projects/{id}/ocds",
    .cap = CAP_PUBLIC_READ,
    .run = ocds_body,
    .flags = QUERY_RECORDS_ONLY,
    .zh = "一个项目的开放合同数据（OCDS 1.1 发布包）",
    .en = "One project as open contracting data (an OCDS 1.1 release package)",
    .extra = ocds_extra,
};
