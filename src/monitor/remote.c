/*
 * Fetching a node's checkpoint and tiles. See remote.h.
 */
#include "monitor/remote.h"

#include "log/tiles.h"

#include <stdio.h>
#include <string.h>

/* Largest answer: a full entry bundle of maximum-size entries. */
#define REMOTE_BODY_MAX ((size_t)TLOG_TILE_WIDTH * (TLOG_ENTRY_MAX + 2))

enum err_code remote_init(struct remote *r, const char *url, struct err *err)
{
    size_t len = strlen(url);
    fetch_init(&r->fetch);
    fetch_response_init(&r->res, REMOTE_BODY_MAX);
    r->timeout_ms = REMOTE_TIMEOUT_MS;
    r->url[0] = '\0';
    while (len > 0 && url[len - 1] == '/') {
        len--;
    }
    if (len + 1 > sizeof(r->url) - 64) {
        return err_set(err, ERR_INVALID, "url", "地址过长", "the URL is too long");
    }
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        return err_set(err, ERR_INVALID, "url", "只支持 http 和 https 地址:%s",
                       "only http and https URLs are supported: %s", url);
    }
    memcpy(r->url, url, len);
    r->url[len] = '\0';
    return ERR_OK;
}

void remote_clear(struct remote *r)
{
    fetch_clear(&r->fetch);
    fetch_response_clear(&r->res);
}

/* GETs <url><path> into r->res and requires a 200. */
static enum err_code get(struct remote *r, const char *path, struct err *err)
{
    char full[REMOTE_URL_MAX + TLOG_TILE_PATH_MAX + 16];
    int n = snprintf(full, sizeof(full), "%s%s", r->url, path);
    if (n < 0 || (size_t)n >= sizeof(full)) {
        return err_set(err, ERR_INVALID, "url", "地址过长", "the URL is too long");
    }
    enum err_code rc = fetch_get(&r->fetch, full, r->timeout_ms, &r->res, err);
    if (rc == ERR_OK && r->res.status == 404) {
        rc = err_set(err, ERR_NOT_FOUND, "url", "%s 不存在(404)", "%s does not exist (404)", full);
    } else if (rc == ERR_OK && r->res.status != 200) {
        rc = err_set(err, ERR_UNAVAILABLE, "url", "%s 回应状态 %ld", "%s answered with status %ld",
                     full, r->res.status);
    }
    return rc;
}

enum err_code remote_checkpoint(struct remote *r, struct buf *out, struct err *err)
{
    enum err_code rc = get(r, "/log/checkpoint", err);
    if (rc == ERR_OK) {
        rc = buf_append(out, r->res.body.data ? r->res.body.data : "", r->res.body.len);
    }
    return rc;
}

static enum err_code
get_tile(void *ctx, const struct tlog_tile *tile, struct buf *out, struct err *err)
{
    struct remote *r = ctx;
    char path[TLOG_TILE_PATH_MAX + 8];
    char tile_path[TLOG_TILE_PATH_MAX];
    tlog_tile_path(tile, tile_path);
    snprintf(path, sizeof(path), "/log/%s", tile_path);
    enum err_code rc = get(r, path, err);
    if (rc == ERR_OK) {
        rc = buf_append(out, r->res.body.data ? r->res.body.data : "", r->res.body.len);
    }
    return rc;
}

enum err_code remote_parse_target(const char *arg,
                                  const char *field,
                                  char url[REMOTE_URL_MAX],
                                  struct tlog_verifier *key,
                                  char *vkey_text,
                                  struct err *err)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq != NULL ? (size_t)(eq - arg) : 0;
    while (len > 0 && arg[len - 1] == '/') {
        len--;
    }
    if (eq == NULL || len == 0 || eq[1] == '\0') {
        return err_set(err, ERR_INVALID, field, "%s 须为 URL=验证密钥", "%s must be URL=VKEY",
                       field);
    }
    if (len >= REMOTE_URL_MAX - 64 ||
        (strncmp(arg, "http://", 7) != 0 && strncmp(arg, "https://", 8) != 0)) {
        return err_set(err, ERR_INVALID, field, "%s 的地址须为 http(s) 地址",
                       "the URL of %s must be an http(s) URL", field);
    }
    memcpy(url, arg, len);
    url[len] = '\0';
    enum err_code rc = tlog_verifier_parse(eq + 1, strlen(eq + 1), key, err);
    if (rc != ERR_OK) {
        return err_set(err, ERR_INVALID, field, "%s 的验证密钥无效:%s",
                       "the verifier key of %s is malformed: %s", field, eq + 1);
    }
    if (vkey_text != NULL) {
        tlog_verifier_text(key, vkey_text);
    }
    return ERR_OK;
}

struct tilecheck_source remote_tiles(struct remote *r)
{
    return (struct tilecheck_source){.get = get_tile, .ctx = r};
}
