/*
 * The OpenAPI 3.1 document, generated from the route table so that the
 * description and the server cannot disagree. Every entity has a schema
 * (#/components/schemas/<entity>): its columns, labelled from the fields
 * of the same name that it (a status) and its commands and queries
 * declare; the queries and commands that answer its rows refer to it.
 */
#include "http/export.h"
#include "http/http.h"
#include "record/area.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static json_t *error_response(const char *description)
{
    return json_pack("{ss, s{s{s{ss}}}}", "description", description, "content", "application/json",
                     "schema", "$ref", "#/components/schemas/Error");
}

/* The path parameters of a pattern as OpenAPI parameter objects. */
static json_t *path_parameters(const char *pattern)
{
    json_t *params = json_array();
    for (const char *p = strchr(pattern, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        json_array_append_new(params, json_pack("{ss%, ss, sb, s{ss}}", "name", p + 1,
                                                (size_t)(close - p - 1), "in", "path", "required",
                                                1, "schema", "type", "string"));
    }
    return params;
}

/* Appends a query's declared parameters (and limit, offset for a list) to
 * params as OpenAPI query parameters. */
static void query_parameters(const struct query *q, json_t *params)
{
    if (q->paged) {
        json_array_append_new(params,
                              json_pack("{ss, ss, sb, s{ss, si, si, si}}", "name", "limit", "in",
                                        "query", "required", 0, "schema", "type", "integer",
                                        "minimum", 1, "maximum", 200, "default", 50));
        json_array_append_new(params, json_pack("{ss, ss, sb, s{ss, si, si}}", "name", "offset",
                                                "in", "query", "required", 0, "schema", "type",
                                                "integer", "minimum", 0, "default", 0));
    }
    json_t *schema = q->params ? fields_schema(q->params, true) : NULL;
    const char *name;
    json_t *property;
    json_object_foreach(json_object_get(schema, "properties"), name, property)
    {
        json_array_append_new(params, json_pack("{ss, ss, sb, sO}", "name", name, "in", "query",
                                                "required", 0, "schema", property));
    }
    json_decref(schema);
    if (q->table != NULL) {
        json_array_append_new(params,
                              json_pack("{ss, ss, sb, s{ss, s[sss], ss}}", "name", "format", "in",
                                        "query", "required", 0, "schema", "type", "string", "enum",
                                        "json", "csv", "xlsx", "default", "json"));
    }
}

/* The content map of a file of kind: each accepted type, as bytes. */
static json_t *file_content(const struct content_kind *kind)
{
    json_t *content = json_object();
    for (const struct content_type *t = kind->types; t->media_type != NULL; t++) {
        json_object_set_new(content, t->media_type,
                            json_pack("{s{ss, ss}, ss, ss}", "schema", "type", "string", "format",
                                      "binary", "x-title", t->zh, "x-title-en", t->en));
    }
    return content;
}

/* A command taking a file (record/content.h): its body is the file, of
 * one of the accepted types, at most its bound ("x-max-bytes"); its fields
 * are query parameters. */
static void file_request(const struct command *cmd, json_t *op, json_t *params)
{
    json_t *schema = fields_schema(cmd->fields, false);
    json_t *required = json_object_get(schema, "required");
    const char *name;
    json_t *property;
    json_object_foreach(json_object_get(schema, "properties"), name, property)
    {
        bool needed = false;
        size_t i;
        json_t *r;
        json_array_foreach(required, i, r)
        {
            needed = needed || strcmp(json_string_value(r), name) == 0;
        }
        json_array_append_new(params, json_pack("{ss, ss, sb, sO}", "name", name, "in", "query",
                                                "required", needed, "schema", property));
    }
    json_decref(schema);
    json_object_set_new(op, "requestBody",
                        json_pack("{sb, so, sI, ss, ss}", "required", 1, "content",
                                  file_content(cmd->file), "x-max-bytes",
                                  (json_int_t)cmd->file->max_bytes, "x-title", cmd->file->zh,
                                  "x-title-en", cmd->file->en));
}

/* A table's answer as files (record/table.h, http/export.h): the 200's
 * CSV and XLSX content, and its columns with their headings (and their
 * values' labels) as "x-table". */
static void table_answer(const struct table *t, json_t *ok, json_t *op)
{
    json_t *content = json_object_get(ok, "content"), *columns = json_array();
    json_object_set_new(content, "text/csv", json_pack("{s{ss}}", "schema", "type", "string"));
    json_object_set_new(content, EXPORT_XLSX_TYPE,
                        json_pack("{s{ss, ss}}", "schema", "type", "string", "format", "binary"));
    for (const struct table_column *c = t->columns; c->key != NULL; c++) {
        static const char *const kinds[] = {"text", "integer", "permille", "fen"};
        json_t *column = json_pack("{ss, ss?, ss, ss, ss}", "key", c->key, "key_en", c->key_en,
                                   "kind", kinds[c->kind], "title", c->zh, "x-title-en", c->en);
        if (c->choices != NULL) {
            json_t *labels = json_object();
            for (const struct choice *k = c->choices; k->value != NULL; k++) {
                json_object_set_new(labels, k->value,
                                    json_pack("{ss, ss}", "zh-CN", k->zh, "en", k->en));
            }
            json_object_set_new(column, "x-value-labels", labels);
        }
        json_array_append_new(columns, column);
    }
    json_t *x = json_pack("{ss, ss, ss?, so}", "title", t->zh, "x-title-en", t->en, "rows", t->rows,
                          "columns", columns);
    if (t->total_zh != NULL && t->total_en != NULL) {
        json_object_set_new(x, "total",
                            json_pack("{ss, ss}", "title", t->total_zh, "x-title-en", t->total_en));
    }
    json_object_set_new(op, "x-table", x);
}

/* ---- the entities ---- */

/* The schema of a column of type (ENTITY_TYPE_*): any column may be null. */
static json_t *column_schema(char type)
{
    switch (type) {
    case ENTITY_TYPE_TEXT:
        return json_pack("{s[ss]}", "type", "string", "null");
    case ENTITY_TYPE_INT:
        return json_pack("{s[ss]}", "type", "integer", "null");
    default:
        return json_object(); /* a JSON value: anything */
    }
}

/* Adds to the schema of column name of e what the fields of that name say:
 * e's own declaration of the column, then the commands and queries that
 * answer e's rows (labels, choices). */
static void describe_column(const struct entity *e, const char *name, json_t *schema)
{
    const struct field *own = e->columns ? fields_find(e->columns, name) : NULL;
    if (own != NULL) {
        field_describe(own, schema);
    }
    size_t i = 0;
    for (const struct command *c = area_command_next(&i); c != NULL; c = area_command_next(&i)) {
        const struct field *f = c->entity == e && c->fields ? fields_find(c->fields, name) : NULL;
        if (f != NULL) {
            field_describe(f, schema);
        }
    }
    i = 0;
    for (const struct query *q = area_query_next(&i); q != NULL; q = area_query_next(&i)) {
        const struct field *f = q->entity == e && q->params ? fields_find(q->params, name) : NULL;
        if (f != NULL) {
            field_describe(f, schema);
        }
    }
    if (json_object_get(schema, "enum") != NULL) {
        schema_allow_null(schema);
    }
}

/* The schema of a row of e: id and its columns, with the entity's names. */
static json_t *entity_schema(const struct entity *e)
{
    json_t *props = json_pack("{s{ss}}", "id", "type", e->text_id ? "string" : "integer");
    for (const struct entity_field *c = e->fields; c->name != NULL; c++) {
        json_t *s = column_schema(c->type);
        describe_column(e, c->name, s);
        json_object_set_new(props, c->name, s);
    }
    return json_pack("{ss, ss, ss, so, s[s]}", "type", "object", "title", e->zh, "x-title-en",
                     e->en, "properties", props, "required", "id");
}

/* A reference to the schema of e's rows. */
static json_t *entity_ref(const struct entity *e)
{
    char ref[128];
    snprintf(ref, sizeof(ref), "#/components/schemas/%s", e->name);
    return json_pack("{ss}", "$ref", ref);
}

/* The schema of q's answer: a row of its entity with what q adds (of no
 * entity: an object of what q declares), or a page of them. */
static json_t *query_answer_schema(const struct query *q)
{
    json_t *row = q->entity != NULL ? entity_ref(q->entity) : json_object();
    json_object_set_new(row, "type", json_string("object"));
    if (q->extra != NULL) {
        json_t *props = json_object();
        for (const struct field *f = q->extra; f->name != NULL; f++) {
            json_object_set_new(props, f->name, field_answer_schema(f));
        }
        json_object_set_new(row, "properties", props);
    }
    if (!q->paged) {
        return row;
    }
    return json_pack("{ss, ss, s{s{ss, so}}}", "$ref", "#/components/schemas/Page", "type",
                     "object", "properties", "items", "type", "array", "items", row);
}

/* The schema of the answer of a command that writes a row of its entity:
 * {"item": the row, "event": the record}. */
static json_t *command_answer_schema(const struct command *cmd)
{
    return json_pack("{ss, s{so, s{ss}}, s[ss]}", "type", "object", "properties", "item",
                     entity_ref(cmd->entity), "event", "$ref", "#/components/schemas/Event",
                     "required", "item", "event");
}

/* Adds every entity's schema to schemas. */
static void add_entity_schemas(json_t *schemas)
{
    size_t i = 0;
    for (const struct entity *e = area_entity_next(&i); e != NULL; e = area_entity_next(&i)) {
        json_object_set_new(schemas, e->name, entity_schema(e));
    }
}

/* A success response: its description and schema (stolen). */
static json_t *success(const char *description, json_t *schema)
{
    return json_pack("{ss, s{s{so}}}", "description", description, "content", "application/json",
                     "schema", schema);
}

/* An operationId such as "post_townships_tid_bodies". */
static void operation_id(const struct route *r, char *out, size_t size)
{
    size_t n = 0;
    for (const char *m = r->method; *m != '\0' && n + 1 < size; m++) {
        out[n++] = (char)tolower((unsigned char)*m);
    }
    for (const char *p = r->pattern + strlen("/api/v1"); *p != '\0' && n + 1 < size; p++) {
        if (isalnum((unsigned char)*p)) {
            out[n++] = *p;
        } else if (*p == '/' || *p == '.') {
            out[n++] = '_';
        }
    }
    out[n] = '\0';
}

/* The areas as the document's tags: the operations an area declares
 * carry its name as their tag; its names in both languages are what an
 * API token's "area" offers ("x-area"). */
static json_t *area_tags(void)
{
    json_t *tags = json_array();
    for (size_t a = 0; areas[a] != NULL; a++) {
        json_array_append_new(tags, json_pack("{ss, ss, ss, ss, sb}", "name", areas[a]->name,
                                              "description", areas[a]->en, "x-title", areas[a]->zh,
                                              "x-title-en", areas[a]->en, "x-area", 1));
    }
    return tags;
}

json_t *openapi_document(void)
{
    json_t *paths = json_object();
    for (const struct route *r = route_table(); r->method != NULL; r++) {
        if (strncmp(r->pattern, "/api/v1/", 8) != 0) {
            continue; /* the log's C2SP endpoints are described by their specs */
        }
        const char *path = r->pattern + strlen("/api/v1");
        json_t *item = json_object_get(paths, path);
        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, path, item);
        }
        char op_id[128];
        operation_id(r, op_id, sizeof(op_id));
        bool writes = route_writes(r);
        const struct command *cmd = r->command;
        bool created = cmd ? cmd->status == 201
                           : strcmp(r->method, "POST") == 0 && !(r->flags & ROUTE_REPLY_200);
        bool answers_row = cmd && cmd->entity && strcmp(cmd->method, "DELETE") != 0 &&
                           !(cmd->flags & COMMAND_ANSWERS_VIEW);
        json_t *responses =
            json_pack("{so, so, so, so, so}", created ? "201" : "200",
                      success("success", answers_row ? command_answer_schema(cmd)
                                                     : json_pack("{ss}", "type", "object")),
                      "400", error_response("malformed request"), "401",
                      error_response("authentication required"), "403",
                      error_response("not allowed"), "422", error_response("invalid input"));
        if (writes) {
            json_object_set_new(responses, "409", error_response("conflicts with a rule"));
        }
        if ((r->flags & ROUTE_MAY_REPLY_200) || (cmd && (cmd->flags & COMMAND_DRY_RUN))) {
            json_object_set_new(responses, "200",
                                json_pack("{ss, s{s{s{ss}}}}", "description",
                                          "nothing created (dry run)", "content",
                                          "application/json", "schema", "type", "object"));
        }
        json_t *params = path_parameters(r->pattern);
        if (r->query != NULL) {
            query_parameters(r->query, params);
            json_t *schema = r->query->entity || r->query->extra
                                 ? query_answer_schema(r->query)
                                 : json_pack("{ss}", "$ref",
                                             r->query->paged ? "#/components/schemas/Page"
                                                             : "#/components/schemas/Object");
            json_object_set_new(responses, "200",
                                success(r->query->paged ? "a page" : "success", schema));
            json_object_set_new(responses, "404", error_response("not found"));
        }
        json_t *op = json_pack("{ss, s[s], ss, so, so, ss}", "summary", r->summary, "tags", r->tag,
                               "operationId", op_id, "parameters", params, "responses", responses,
                               "x-capability", policy_capability_name(r->cap));
        if (r->query != NULL) {
            json_object_set_new(op, "x-query", json_string(r->query->name));
            json_object_set_new(op, "x-summary-zh", json_string(r->query->zh));
            if (r->query->title_zh != NULL && r->query->title_en != NULL) {
                json_object_set_new(op, "x-page-title", json_string(r->query->title_zh));
                json_object_set_new(op, "x-page-title-en", json_string(r->query->title_en));
            }
            if (r->query->table != NULL) {
                table_answer(r->query->table, json_object_get(responses, "200"), op);
            }
            if (r->query->file != NULL) {
                json_object_set_new(responses, "200",
                                    json_pack("{ss, so}", "description", "the file", "content",
                                              file_content(r->query->file)));
            }
        }
        json_t *roles = json_array();
        for (int role = 0; role < ROLE_N; role++) {
            if (policy_role_has((enum role)role, r->cap)) {
                json_array_append_new(roles, json_string(role_name((enum role)role)));
            }
        }
        json_object_set_new(op, "x-roles", roles);
        if (cmd != NULL && cmd->file != NULL) {
            file_request(cmd, op, params);
            json_object_set_new(responses, "413", error_response("the file is too large"));
            json_object_set_new(responses, "415", error_response("a type of file not accepted"));
        } else if (r->body_limit > 0) {
            const struct field *fields = cmd ? cmd->fields : r->fields;
            json_t *schema = fields ? fields_schema(fields, strcmp(r->method, "PATCH") == 0)
                                    : json_pack("{ss}", "type", "object");
            json_object_set_new(op, "requestBody",
                                json_pack("{sb, s{s{so}}, sI}", "required", 1, "content",
                                          "application/json", "schema", schema, "x-max-bytes",
                                          (json_int_t)r->body_limit));
        }
        if (cmd != NULL) {
            json_object_set_new(op, "x-command", json_string(cmd->name));
            json_object_set_new(op, "x-summary-zh", json_string(cmd->zh));
        }
        if (r->cap != CAP_PUBLIC_READ) {
            json_object_set_new(op, "security", json_pack("[{s[]}, {s[]}]", "session", "bearer"));
        }
        char method[16];
        size_t i = 0;
        for (; r->method[i] != '\0' && i + 1 < sizeof(method); i++) {
            method[i] = (char)tolower((unsigned char)r->method[i]);
        }
        method[i] = '\0';
        json_object_set_new(item, method, op);
    }
    json_t *schemas = json_pack(
        "{s{ss, s{s{ss, s{s{ss}, s{ss}, s{s[ss]}}, s[ss]}}, s[s]},"
        " s{ss, s{s{ss}, s{ss, si}, s{ss, si}, s{ss, si}}, s[ssss]}, s{ss}}",
        "Error", "type", "object", "properties", "error", "type", "object", "properties", "code",
        "type", "string", "message", "type", "string", "field", "type", "string", "null",
        "required", "code", "message", "required", "error", "Page", "type", "object", "properties",
        "items", "type", "array", "total", "type", "integer", "minimum", 0, "limit", "type",
        "integer", "minimum", 1, "offset", "type", "integer", "minimum", 0, "required", "items",
        "total", "limit", "offset", "Object", "type", "object");
    json_object_set_new(schemas, "Event",
                        json_pack("{ss, s{s{ss}, s{ss}, s{ss}, s{ss, ss}}, s[ssss]}", "type",
                                  "object", "properties", "seq", "type", "integer", "log_index",
                                  "type", "integer", "type", "type", "string", "time", "type",
                                  "string", "format", "date-time", "required", "seq", "log_index",
                                  "type", "time"));
    add_entity_schemas(schemas);
    return json_pack(
        "{ss, s{ss, ss, ss}, s[{ss}], so, so, s{so, s{s{ss, ss, ss}, s{ss, ss}}}}", "openapi",
        "3.1.0", "info", "title", "probity API", "version", PROBITY_VERSION, "description",
        "Township power-operation records: organisation, events. Errors share one "
        "shape.",
        "servers", "url", "/api/v1", "tags", area_tags(), "paths", paths, "components", "schemas",
        schemas, "securitySchemes", "session", "type", "apiKey", "in", "cookie", "name",
        "probity_session", "bearer", "type", "http", "scheme", "bearer");
}
