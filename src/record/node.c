/*
 * Creating and opening a node's data folder. See node.h.
 */
#include "record/node.h"

#include "log/db.h"
#include "record/area.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum err_code node_path(const char *dir, const char *name, char out[NODE_PATH_MAX], struct err *err)
{
    int n = snprintf(out, NODE_PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= NODE_PATH_MAX) {
        return err_set(err, ERR_INVALID, "data", "路径过长", "the path is too long");
    }
    return ERR_OK;
}

/* True when dir exists and holds nothing. */
static bool dir_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return false;
    }
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL) {
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    }
    closedir(d);
    return empty;
}

/* Writes text to a new file (O_EXCL) with mode, durably. */
static enum err_code
write_new_file(const char *path, const char *text, mode_t mode, struct err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        return err_set(err, errno == EEXIST ? ERR_EXISTS : ERR_IO, "data", "无法创建 %s:%s",
                       "cannot create %s: %s", path, strerror(errno));
    }
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    close(fd);
    if (!ok) {
        unlink(path);
        return err_set(err, ERR_IO, "data", "无法写入 %s", "cannot write %s", path);
    }
    return ERR_OK;
}

/* The database of dir: the URI its "database" file names, else the path
 * of its SQLite file. */
static enum err_code database_of(const char *dir, char out[NODE_PATH_MAX], struct err *err)
{
    char path[NODE_PATH_MAX];
    enum err_code rc = node_path(dir, NODE_DB_URI, path, err);
    FILE *f = rc == ERR_OK ? fopen(path, "r") : NULL;
    if (f == NULL) {
        return rc == ERR_OK ? node_path(dir, NODE_DB_FILE, out, err) : rc;
    }
    bool read = fgets(out, NODE_PATH_MAX, f) != NULL;
    fclose(f);
    out[read ? strcspn(out, "\r\n") : 0] = '\0';
    if (!store_is_postgres(out)) {
        return err_set(err, ERR_INVALID, "data", "%s 中的数据库地址不是 postgresql:// 地址",
                       "%s does not hold a postgresql:// URI", path);
    }
    return ERR_OK;
}

bool node_exists(const char *dir)
{
    char path[NODE_PATH_MAX];
    struct err ignored;
    err_init(&ignored);
    return (node_path(dir, NODE_DB_URI, path, &ignored) == ERR_OK && access(path, F_OK) == 0) ||
           (node_path(dir, NODE_DB_FILE, path, &ignored) == ERR_OK && access(path, F_OK) == 0);
}

enum err_code node_init(const char *dir, const char *origin, const char *db, struct err *err)
{
    char db_path[NODE_PATH_MAX], key_path[NODE_PATH_MAX], uri_path[NODE_PATH_MAX];
    struct tlog_key key;
    char key_text[TLOG_KEY_TEXT_MAX + 1];
    struct store *st = NULL;
    enum err_code rc = tlog_key_generate(origin, &key, err);
    if (rc == ERR_OK) {
        rc = node_path(dir, NODE_DB_FILE, db_path, err);
    }
    if (rc == ERR_OK) {
        rc = node_path(dir, NODE_KEY_FILE, key_path, err);
    }
    if (rc == ERR_OK) {
        rc = node_path(dir, NODE_DB_URI, uri_path, err);
    }
    if (rc == ERR_OK && db != NULL && !store_is_postgres(db)) {
        rc = err_set(err, ERR_INVALID, "db", "数据库须为 postgresql:// 地址",
                     "the database must be a postgresql:// URI");
    }
    if (rc != ERR_OK) {
        return rc;
    }
    if (mkdir(dir, 0700) != 0) {
        if (errno != EEXIST) {
            return err_set(err, ERR_IO, "data", "无法创建目录 %s:%s", "cannot create %s: %s", dir,
                           strerror(errno));
        }
        if (!dir_empty(dir)) {
            return err_set(err, ERR_EXISTS, "data", "目录 %s 不是空的,拒绝覆盖",
                           "%s is not empty; refusing to overwrite it", dir);
        }
    }
    tlog_key_private_text(&key, key_text);
    size_t key_len = strlen(key_text);
    key_text[key_len] = '\n'; /* key_text has room for one byte past the text's maximum */
    key_text[key_len + 1] = '\0';
    sodium_memzero(&key, sizeof(key));
    rc = write_new_file(key_path, key_text, 0600, err);
    sodium_memzero(key_text, sizeof(key_text));
    if (rc != ERR_OK) {
        return rc;
    }
    if (db != NULL) {
        char line[NODE_PATH_MAX + 2];
        snprintf(line, sizeof(line), "%s\n", db);
        rc = write_new_file(uri_path, line, 0600, err);
    }
    if (rc == ERR_OK) {
        rc = store_open(db != NULL ? db : db_path, dir, STORE_OPEN_CREATE, 1, &st, err);
    }
    if (rc == ERR_OK) {
        struct store_conn *c = store_acquire(st);
        rc = store_exec(c, err, "INSERT INTO node (key, value) VALUES ('origin', ?)", "t", origin);
        store_release(c);
        store_close(st);
    }
    if (rc != ERR_OK) {
        unlink(key_path);
        if (db != NULL) {
            unlink(uri_path);
        }
    }
    return rc;
}

/* Opens the database of dir (read-only when read_only), attaching the log
 * when attach is true. */
static enum err_code open_node(
    const char *dir, int n_conns, bool attach, bool read_only, struct store **out, struct err *err)
{
    char db[NODE_PATH_MAX];
    *out = NULL;
    enum err_code rc = database_of(dir, db, err);
    if (rc != ERR_OK) {
        return rc;
    }
    rc = store_open(db, dir, read_only ? STORE_OPEN_READ_ONLY : STORE_OPEN_EXISTING, n_conns, out,
                    err);
    if (rc == ERR_NOT_FOUND) {
        return err_set(err, ERR_NOT_FOUND, "data", "%s 不是 probity 数据目录(先运行 probity init)",
                       "%s is not a probity data folder (run probity init first)", dir);
    }
    struct tlog_key key;
    if (rc == ERR_OK && attach) {
        rc = node_key(dir, &key, err);
        if (rc == ERR_OK) {
            rc = tlog_db_attach(*out, &key, err);
            sodium_memzero(&key, sizeof(key));
        }
        for (size_t a = 0; rc == ERR_OK && areas[a] != NULL; a++) {
            rc = areas[a]->open != NULL ? areas[a]->open(*out, err) : ERR_OK;
        }
    }
    if (rc != ERR_OK && *out != NULL) {
        store_close(*out);
        *out = NULL;
    }
    return rc;
}

enum err_code node_open(const char *dir, int n_conns, struct store **out, struct err *err)
{
    return open_node(dir, n_conns, true, false, out, err);
}

enum err_code node_open_as_is(const char *dir, struct store **out, struct err *err)
{
    return open_node(dir, 1, false, false, out, err);
}

enum err_code node_open_read_only(const char *dir, struct store **out, struct err *err)
{
    return open_node(dir, 1, false, true, out, err);
}

bool node_writable(const char *dir)
{
    char db[NODE_PATH_MAX];
    struct err ignored;
    err_init(&ignored);
    return access(dir, W_OK) == 0 && database_of(dir, db, &ignored) == ERR_OK &&
           (store_is_postgres(db) || access(db, W_OK) == 0);
}

enum err_code node_key(const char *dir, struct tlog_key *key, struct err *err)
{
    char path[NODE_PATH_MAX];
    char text[TLOG_KEY_TEXT_MAX + 1];
    enum err_code rc = node_path(dir, NODE_KEY_FILE, path, err);
    if (rc != ERR_OK) {
        return rc;
    }
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return err_set(err, ERR_NOT_FOUND, "data", "找不到签名密钥 %s", "no signing key at %s",
                       path);
    }
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    rc = tlog_key_parse_private(text, key, err);
    sodium_memzero(text, sizeof(text));
    return rc;
}
