/*
 * JSON inside SQL, as each database spells it, for the few statements
 * that read into a JSON column (an agenda item's roster, a rule's
 * verdict). A statement written once as a macro of J, the dialect (LITE
 * or PG), gives both spellings: SQL(LITE) for SQLite's JSON functions,
 * SQL(PG) for PostgreSQL's jsonb; store_sql picks one at run time. See
 * docs/store.md, "Two dialects".
 */
#ifndef PROBITY_STORE_JSON_SQL_H
#define PROBITY_STORE_JSON_SQL_H

/* The elements of the array in doc, each as alias.value. */
#define JSON_EACH(J, doc, alias) J##_JSON_EACH(doc, alias)
/* doc's member key as an integer, or NULL. */
#define JSON_INT(J, doc, key) J##_JSON_INT(doc, key)
/* doc's member key as text, or NULL. */
#define JSON_TEXT(J, doc, key) J##_JSON_TEXT(doc, key)
/* True when doc's member key is true; false when it is false or absent
 * (never NULL). */
#define JSON_TRUE(J, doc, key) J##_JSON_TRUE(doc, key)

#define LITE_JSON_EACH(doc, alias) " json_each(" doc ") " alias
#define LITE_JSON_INT(doc, key)    "json_extract(" doc ", '$." key "')"
#define LITE_JSON_TEXT(doc, key)   "json_extract(" doc ", '$." key "')"
#define LITE_JSON_TRUE(doc, key)   "(COALESCE(json_extract(" doc ", '$." key "'), 0) = 1)"

#define PG_JSON_EACH(doc, alias) " jsonb_array_elements((" doc ")::jsonb) AS " alias "(value)"
#define PG_JSON_INT(doc, key)    "((" doc ")::jsonb ->> '" key "')::bigint"
#define PG_JSON_TEXT(doc, key)   "((" doc ")::jsonb ->> '" key "')"
#define PG_JSON_TRUE(doc, key)   "COALESCE((" doc ")::jsonb -> '" key "' = 'true'::jsonb, false)"

#endif
