/*
 * C2SP tlog-tiles (height 8): tile arithmetic over stored hashes, tile
 * paths and entry bundles. See tiles.h and docs/log.md, "Tiles".
 */
#include "log/tiles.h"

#include "core/alloc.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

_Static_assert(TLOG_TILE_WIDTH == 1 << TLOG_TILE_HEIGHT, "a tile is a subtree of height 8");

void tlog_tile_for_hash(int level, int64_t index, struct tlog_tile *tile)
{
    assert(level >= 0 && level <= 62);
    assert(index >= 0 && index < (TLOG_SIZE_MAX >> level));
    int tile_level = level / TLOG_TILE_HEIGHT;
    int sub = level - tile_level * TLOG_TILE_HEIGHT; /* levels above the tile's hashes */
    /* The hash covers the tile hashes [index << sub, (index + 1) << sub). */
    int64_t first = index << sub;
    int64_t end = (index + 1) << sub;
    tile->level = tile_level;
    tile->index = first / TLOG_TILE_WIDTH;
    tile->width = (int)(end - tile->index * TLOG_TILE_WIDTH);
    assert(tile->width >= 1 && tile->width <= TLOG_TILE_WIDTH);
}

/* The number of hashes a tree of size leaves has at tree level shift
 * (leaves for 0): size >> shift, 0 past the top. */
static int64_t hashes_at(int64_t size, int shift)
{
    return shift >= 63 ? 0 : size >> shift;
}

bool tlog_tile_exists(const struct tlog_tile *tile, int64_t size)
{
    if (size <= 0 || tile->index < 0 || tile->width < 1 || tile->width > TLOG_TILE_WIDTH ||
        tile->level < TLOG_TILE_ENTRIES || tile->level > TLOG_TILE_LEVEL_MAX) {
        return false;
    }
    int level = tile->level == TLOG_TILE_ENTRIES ? 0 : tile->level;
    uint64_t have = (uint64_t)hashes_at(size, level * TLOG_TILE_HEIGHT);
    uint64_t index = (uint64_t)tile->index;
    if (index > have / TLOG_TILE_WIDTH) {
        return false;
    }
    return index * TLOG_TILE_WIDTH + (uint64_t)tile->width <= have;
}

size_t tlog_tiles_new(int64_t old_size, int64_t new_size, struct tlog_tile **tiles)
{
    assert(old_size >= 0 && old_size <= new_size);
    size_t count = 0;
    *tiles = NULL;
    /* Two passes over the levels: count, then fill. */
    for (int pass = 0; pass < 2; pass++) {
        size_t k = 0;
        for (int level = 0; level <= TLOG_TILE_LEVEL_MAX; level++) {
            int64_t have_new = hashes_at(new_size, level * TLOG_TILE_HEIGHT);
            int64_t have_old = hashes_at(old_size, level * TLOG_TILE_HEIGHT);
            if (have_new == 0) {
                break;
            }
            for (int64_t n = have_old / TLOG_TILE_WIDTH; n <= (have_new - 1) / TLOG_TILE_WIDTH;
                 n++) {
                int64_t start = n * TLOG_TILE_WIDTH;
                int64_t width_new = have_new - start;
                int64_t width_old = have_old - start;
                width_new = width_new > TLOG_TILE_WIDTH ? TLOG_TILE_WIDTH : width_new;
                width_old = width_old < 0 ? 0 : width_old;
                if (width_new <= width_old) {
                    continue;
                }
                if (pass == 1) {
                    (*tiles)[k] = (struct tlog_tile){level, n, (int)width_new};
                }
                k++;
            }
        }
        if (pass == 0) {
            count = k;
            if (count == 0) {
                return 0;
            }
            *tiles = xcalloc(count, sizeof(**tiles));
        } else {
            assert(k == count);
        }
    }
    return count;
}

void tlog_tile_path(const struct tlog_tile *tile, char out[TLOG_TILE_PATH_MAX])
{
    int groups[7];
    int n_groups = 0;
    int64_t index = tile->index;
    assert(index >= 0);
    do {
        groups[n_groups++] = (int)(index % 1000);
        index /= 1000;
    } while (index > 0);
    size_t len = 0;
    int w;
    if (tile->level == TLOG_TILE_ENTRIES) {
        w = snprintf(out, TLOG_TILE_PATH_MAX, "tile/entries/");
    } else {
        w = snprintf(out, TLOG_TILE_PATH_MAX, "tile/%d/", tile->level);
    }
    assert(w > 0);
    len = (size_t)w;
    for (int g = n_groups - 1; g >= 0; g--) {
        w = snprintf(out + len, TLOG_TILE_PATH_MAX - len, g > 0 ? "x%03d/" : "%03d", groups[g]);
        assert(w > 0);
        len += (size_t)w;
    }
    if (tile->width < TLOG_TILE_WIDTH) {
        w = snprintf(out + len, TLOG_TILE_PATH_MAX - len, ".p/%d", tile->width);
        assert(w > 0);
        len += (size_t)w;
    }
    assert(len < TLOG_TILE_PATH_MAX);
}

/* Reads a decimal number without leading zeroes from s[*pos..len) up to
 * (not including) the first non-digit, into *out; at most max. */
static bool parse_small_decimal(const char *s, size_t len, size_t *pos, int max, int *out)
{
    size_t start = *pos;
    int v = 0;
    while (*pos < len && s[*pos] >= '0' && s[*pos] <= '9') {
        v = v * 10 + (s[*pos] - '0');
        (*pos)++;
        if (v > max) {
            return false;
        }
    }
    size_t digits = *pos - start;
    if (digits == 0 || (digits > 1 && s[start] == '0')) {
        return false;
    }
    *out = v;
    return true;
}

/* True when s[pos..pos+3) are three decimal digits; their value in *out. */
static bool three_digits(const char *s, size_t len, size_t pos, int *out)
{
    if (len - pos < 3) {
        return false;
    }
    int v = 0;
    for (size_t i = pos; i < pos + 3; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

enum err_code
tlog_tile_parse_path(const char *path, size_t len, struct tlog_tile *tile, struct err *err)
{
    static const char prefix[] = "tile/";
    static const char entries[] = "entries/";
    struct tlog_tile t = {0, 0, TLOG_TILE_WIDTH};
    size_t pos = sizeof(prefix) - 1;
    if (len < pos || memcmp(path, prefix, pos) != 0) {
        goto bad;
    }
    if (len - pos >= sizeof(entries) - 1 && memcmp(path + pos, entries, sizeof(entries) - 1) == 0) {
        t.level = TLOG_TILE_ENTRIES;
        pos += sizeof(entries) - 1;
    } else {
        if (!parse_small_decimal(path, len, &pos, TLOG_TILE_LEVEL_MAX, &t.level) || pos >= len ||
            path[pos] != '/') {
            goto bad;
        }
        pos++;
    }
    /* N: "xDDD/" groups, then a final "DDD". */
    uint64_t index = 0;
    int n_groups = 0;
    for (;;) {
        bool more = pos < len && path[pos] == 'x';
        int group;
        if (more) {
            pos++;
        }
        if (!three_digits(path, len, pos, &group)) {
            goto bad;
        }
        pos += 3;
        /* A first group of 0 would be a leading zero (1 is "001", never
         * "x000/001"); at most 7 groups fit an int64. */
        if ((more && n_groups == 0 && group == 0) || ++n_groups > 7 ||
            index > ((uint64_t)INT64_MAX - (uint64_t)group) / 1000) {
            goto bad;
        }
        index = index * 1000 + (uint64_t)group;
        if (!more) {
            break;
        }
        if (pos >= len || path[pos] != '/') {
            goto bad;
        }
        pos++;
    }
    t.index = (int64_t)index;
    if (pos < len) {
        if (len - pos < 3 || memcmp(path + pos, ".p/", 3) != 0) {
            goto bad;
        }
        pos += 3;
        if (!parse_small_decimal(path, len, &pos, TLOG_TILE_WIDTH - 1, &t.width) || pos != len ||
            t.width < 1) {
            goto bad;
        }
    }
    *tile = t;
    return ERR_OK;
bad:
    return err_set(err, ERR_NOT_FOUND, "path", "没有这个瓦片", "no such tile");
}

enum err_code tlog_tile_read(const struct tlog_tile *tile,
                             int64_t size,
                             const struct tlog_reader *reader,
                             uint8_t *out,
                             struct err *err)
{
    int64_t indexes[TLOG_TILE_WIDTH];
    if (tile->level == TLOG_TILE_ENTRIES || !tlog_tile_exists(tile, size)) {
        return err_set(err, ERR_NOT_FOUND, "path", "没有这个瓦片", "no such tile");
    }
    int level = tile->level * TLOG_TILE_HEIGHT;
    int64_t first = tile->index * TLOG_TILE_WIDTH;
    for (int i = 0; i < tile->width; i++) {
        indexes[i] = tlog_stored_index(level, first + i);
    }
    return reader->read(reader->ctx, indexes, (size_t)tile->width, (uint8_t(*)[TLOG_HASH_SIZE])out,
                        err);
}

enum err_code tlog_tile_hash(const struct tlog_tile *tile,
                             const uint8_t *data,
                             size_t len,
                             int level,
                             int64_t index,
                             uint8_t out[TLOG_HASH_SIZE],
                             struct err *err)
{
    uint8_t work[TLOG_TILE_WIDTH / 2][TLOG_HASH_SIZE];
    struct tlog_tile need;
    if (level < 0 || level > 62 || index < 0 || index >= (TLOG_SIZE_MAX >> level) ||
        tile->level < 0 || tile->width < 1 || tile->width > TLOG_TILE_WIDTH ||
        len != (size_t)tile->width * TLOG_HASH_SIZE) {
        goto bad;
    }
    tlog_tile_for_hash(level, index, &need);
    if (need.level != tile->level || need.index != tile->index || need.width > tile->width) {
        goto bad;
    }
    int sub = level - need.level * TLOG_TILE_HEIGHT;
    size_t count = (size_t)1 << sub;
    size_t first = (size_t)need.width - count;
    if (count == 1) {
        memcpy(out, data + first * TLOG_HASH_SIZE, TLOG_HASH_SIZE);
        return ERR_OK;
    }
    /* Fold the 2^sub tile hashes pairwise up to the subtree's root. */
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    for (size_t i = 0; i < count / 2; i++) {
        const uint8_t *left = data + (first + 2 * i) * TLOG_HASH_SIZE;
        tlog_hasher_node(&hasher, left, left + TLOG_HASH_SIZE, work[i]);
    }
    for (size_t width = count / 2; width > 1; width /= 2) {
        for (size_t i = 0; i < width / 2; i++) {
            tlog_hasher_node(&hasher, work[2 * i], work[2 * i + 1], work[i]);
        }
    }
    tlog_hasher_clear(&hasher);
    memcpy(out, work[0], TLOG_HASH_SIZE);
    return ERR_OK;
bad:
    return err_set(err, ERR_INVALID, "tile", "瓦片中没有所需的哈希",
                   "the tile does not hold the hash asked for");
}

enum err_code
tlog_bundle_encode(const struct tlog_entry *entries, size_t n, struct buf *out, struct err *err)
{
    if (n > TLOG_TILE_WIDTH) {
        return err_set(err, ERR_INVALID, "entry", "一个条目包最多 256 个条目",
                       "an entry bundle holds at most 256 entries");
    }
    for (size_t i = 0; i < n; i++) {
        if (entries[i].len > TLOG_ENTRY_MAX) {
            return err_set(err, ERR_TOO_LARGE, "entry", "日志条目超过 65535 字节",
                           "a log entry is over 65535 bytes");
        }
    }
    size_t start = out->len;
    for (size_t i = 0; i < n; i++) {
        uint8_t prefix[2] = {(uint8_t)(entries[i].len >> 8), (uint8_t)entries[i].len};
        if (buf_append(out, prefix, 2) != ERR_OK ||
            buf_append(out, entries[i].data, entries[i].len) != ERR_OK) {
            if (out->data != NULL) {
                out->len = start;
                out->data[start] = '\0';
            }
            return err_set(err, ERR_TOO_LARGE, "entry", NULL, NULL);
        }
    }
    return ERR_OK;
}

enum err_code tlog_bundle_decode(
    const uint8_t *data, size_t len, struct tlog_entry *entries, size_t *n_out, struct err *err)
{
    size_t pos = 0;
    size_t n = 0;
    *n_out = 0;
    if (len == 0) {
        goto bad;
    }
    while (pos < len) {
        if (n == TLOG_TILE_WIDTH || len - pos < 2) {
            goto bad;
        }
        size_t entry_len = (size_t)data[pos] << 8 | data[pos + 1];
        pos += 2;
        if (len - pos < entry_len) {
            goto bad;
        }
        entries[n].data = data + pos;
        entries[n].len = entry_len;
        n++;
        pos += entry_len;
    }
    *n_out = n;
    return ERR_OK;
bad:
    return err_set(err, ERR_INVALID, "bundle", "条目包格式错误", "malformed entry bundle");
}

enum err_code tlog_bundle_check(const struct tlog_entry *entries,
                                size_t n,
                                const uint8_t *tile_data,
                                size_t tile_len,
                                struct err *err)
{
    uint8_t h[TLOG_HASH_SIZE];
    if (n > TLOG_TILE_WIDTH || tile_len != n * TLOG_HASH_SIZE) {
        return err_set(err, ERR_INTEGRITY, "bundle", "条目包与瓦片的条目数不同",
                       "the entry bundle and the tile differ in length");
    }
    struct tlog_hasher hasher;
    tlog_hasher_init(&hasher);
    for (size_t i = 0; i < n; i++) {
        tlog_hasher_leaf(&hasher, entries[i].data, entries[i].len, h);
        if (memcmp(h, tile_data + i * TLOG_HASH_SIZE, TLOG_HASH_SIZE) != 0) {
            tlog_hasher_clear(&hasher);
            return err_set(err, ERR_INTEGRITY, "bundle", "条目包的第 %zu 个条目与瓦片不符",
                           "entry %zu of the bundle does not match the tile", i);
        }
    }
    tlog_hasher_clear(&hasher);
    return ERR_OK;
}
