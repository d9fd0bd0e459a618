/*
 * A request as the server takes it apart: the path found in the route
 * table (with its parameters) for a method, and the body parsed as JSON
 * and checked against every command's declared fields, whole and as a
 * partial update. The input is "METHOD PATH\nBODY"; the first byte picks
 * the method.
 */
#include "fuzz.h"

#include "core/input.h"
#include "http/http.h"
#include "record/area.h"
#include "record/command.h"

#include <string.h>

static const char *const methods[] = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const char *method = methods[data[0] % (sizeof(methods) / sizeof(methods[0]))];
    const char *rest = (const char *)data + 1;
    size_t n = size - 1;
    const char *newline = memchr(rest, '\n', n);
    size_t path_len = newline != NULL ? (size_t)(newline - rest) : n;
    char *path = xmalloc(path_len + 1);
    char *storage = xmalloc(path_len + 1);
    memcpy(path, rest, path_len);
    path[path_len] = '\0';
    struct request req;
    memset(&req, 0, sizeof(req));
    const struct route *route = NULL;
    (void)router_find(method, path, storage, &req, &route);
    char allow[256];
    router_allow(path, allow, sizeof(allow));
    xfree(storage);
    xfree(path);

    if (newline == NULL) {
        return 0;
    }
    json_t *body = NULL;
    struct err err;
    err_init(&err);
    if (input_parse(newline + 1, n - path_len - 1, &body, &err) == ERR_OK) {
        size_t i = 0;
        const struct command *cmd;
        while ((cmd = area_command_next(&i)) != NULL) {
            if (cmd->fields != NULL) {
                err_init(&err);
                (void)fields_check(cmd->fields, body, false, &err);
                err_init(&err);
                (void)fields_check(cmd->fields, body, true, &err);
            }
        }
        json_decref(body);
    }
    return 0;
}
