/*
 * The file store: files by their SHA-256 in the data folder's files/.
 * See files.h.
 */
#include "store/files.h"

#include "core/alloc.h"
#include "core/diag.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FILES_PATH_MAX 4096

void files_digest(const void *data, size_t len, char hex[FILES_DIGEST_HEX])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32) {
        diag_fatal("SHA-256 is not available");
    }
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

/* True when hex is 64 lowercase hex digits. */
static bool digest_text(const char *hex)
{
    size_t n = strspn(hex, "0123456789abcdef");
    return n == 64 && hex[64] == '\0';
}

/* The path of the folder (sub NULL: files/, else files/<sub>) or of the
 * file of digest hex in it. */
static bool file_path(struct store *st, const char *sub, const char *hex, char out[FILES_PATH_MAX])
{
    int n = hex   ? snprintf(out, FILES_PATH_MAX, "%s/files/%.2s/%s", store_folder(st), hex, hex)
            : sub ? snprintf(out, FILES_PATH_MAX, "%s/files/%s", store_folder(st), sub)
                  : snprintf(out, FILES_PATH_MAX, "%s/files", store_folder(st));
    return n > 0 && n < FILES_PATH_MAX;
}

/* Flushes the folder at path to disk, so that a rename in it lasts. */
static bool sync_folder(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

/* Makes the folder at path unless it is there; flushes its parent when
 * it made it. */
static bool make_folder(const char *path, const char *parent)
{
    if (mkdir(path, 0700) == 0) {
        return sync_folder(parent);
    }
    return errno == EEXIST;
}

static enum err_code io_error(const char *what, const char *path, struct err *err)
{
    if (errno == ENOSPC || errno == EDQUOT) {
        /* Temporary: the file can be sent again once there is room. */
        diag(DIAG_ERROR, "files", "the disk is full: cannot %s %s", what, path);
        err_set(err, ERR_UNAVAILABLE, NULL, "数据目录所在磁盘已满,暂时无法保存文件,请联系管理员",
                "the disk of the data folder is full: the file cannot be kept until there is "
                "room; tell the administrator");
        err_set_retry_after(err, 60);
        return ERR_UNAVAILABLE;
    }
    return err_set(err, ERR_IO, NULL, "无法%s文件 %s:%s", "cannot %s the file %s: %s", what, path,
                   strerror(errno));
}

/* Writes len bytes at data to a new file at path and flushes it. */
static bool write_all(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return false;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            close(fd);
            return false;
        }
        p += w;
        left -= (size_t)w;
    }
    bool ok = fsync(fd) == 0;
    return close(fd) == 0 && ok;
}

enum err_code files_put(
    struct store *st, const void *data, size_t len, char hex[FILES_DIGEST_HEX], struct err *err)
{
    char root[FILES_PATH_MAX], folder[FILES_PATH_MAX], path[FILES_PATH_MAX],
        temp[FILES_PATH_MAX + 32];
    files_digest(data, len, hex);
    char sub[3] = {hex[0], hex[1], '\0'};
    if (!file_path(st, NULL, NULL, root) || !file_path(st, sub, NULL, folder) ||
        !file_path(st, NULL, hex, path)) {
        return err_set(err, ERR_IO, NULL, "数据目录的路径过长",
                       "the data folder's path is too long");
    }
    struct stat s;
    if (stat(path, &s) == 0) {
        if ((size_t)s.st_size != len) {
            return err_set(err, ERR_INTEGRITY, NULL, "已存的文件 %s 与其指纹不符",
                           "the stored file %s does not match its digest", path);
        }
        return ERR_OK;
    }
    if (!make_folder(root, store_folder(st)) || !make_folder(folder, root)) {
        return io_error("建立", folder, err);
    }
    static atomic_ulong writes;
    snprintf(temp, sizeof(temp), "%s.%ld-%lu.part", path, (long)getpid(),
             atomic_fetch_add(&writes, 1));
    if (!write_all(temp, data, len)) {
        enum err_code rc = io_error("写入", temp, err);
        unlink(temp);
        return rc;
    }
    if (rename(temp, path) != 0) {
        enum err_code rc = io_error("保存", path, err);
        unlink(temp);
        return rc;
    }
    return sync_folder(folder) ? ERR_OK : io_error("保存", folder, err);
}

enum err_code
files_get(struct store *st, const char *hex, size_t max, char **out, size_t *len, struct err *err)
{
    char path[FILES_PATH_MAX], check[FILES_DIGEST_HEX];
    *out = NULL;
    *len = 0;
    if (!digest_text(hex) || !file_path(st, NULL, hex, path)) {
        return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno == ENOENT ? err_set(err, ERR_NOT_FOUND, NULL, "文件不在数据目录中",
                                         "the file is not in the data folder")
                               : io_error("读取", path, err);
    }
    struct stat s;
    if (fstat(fd, &s) != 0 || s.st_size < 0 || (size_t)s.st_size > max) {
        close(fd);
        return err_set(err, ERR_IO, NULL, "无法读取文件 %s", "cannot read the file %s", path);
    }
    size_t size = (size_t)s.st_size;
    char *data = xmalloc(size ? size : 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, data + got, size - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (got != size) {
        xfree(data);
        return io_error("读取", path, err);
    }
    files_digest(data, size, check);
    if (strcmp(check, hex) != 0) {
        xfree(data);
        return err_set(err, ERR_INTEGRITY, NULL, "文件 %s 已被改动,与其指纹不符",
                       "the file %s was altered: it no longer matches its digest", path);
    }
    *out = data;
    *len = size;
    return ERR_OK;
}
