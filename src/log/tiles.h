/*
 * C2SP tlog-tiles with tile height 8: the tile that holds a stored hash,
 * the tiles a tree (or its growth) consists of, the resource paths
 * "tile/<L>/<N>[.p/<W>]" and "tile/entries/<N>[.p/<W>]" and their strict
 * parsing, a tile's bytes read from stored hashes, hashes recomputed from
 * a tile, and entry bundles (big-endian uint16 length-prefixed entries).
 * See docs/log.md, "Tiles".
 */
#ifndef PROBITY_LOG_TILES_H
#define PROBITY_LOG_TILES_H

#include "core/buf.h"
#include "core/err.h"
#include "log/hash.h"
#include "log/tree.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TLOG_TILE_HEIGHT 8   /* tree levels per tile */
#define TLOG_TILE_WIDTH  256 /* hashes in a full tile, 2^TLOG_TILE_HEIGHT */
/* The level value of an entry bundle "tile/entries/...". */
#define TLOG_TILE_ENTRIES (-1)
/* Largest tile level a path may name (the spec's 63). */
#define TLOG_TILE_LEVEL_MAX 63
/* Room for any tile path, NUL included. */
#define TLOG_TILE_PATH_MAX 64
/* Largest entry in a bundle: its length is a uint16. */
#define TLOG_ENTRY_MAX 65535

/* A tile (level >= 0) or an entry bundle (level TLOG_TILE_ENTRIES). */
struct tlog_tile {
    int level;     /* 0..TLOG_TILE_LEVEL_MAX, or TLOG_TILE_ENTRIES */
    int64_t index; /* N, the tile's index within its level, >= 0 */
    int width;     /* W, 1..TLOG_TILE_WIDTH; partial below TLOG_TILE_WIDTH */
};

/* One entry of a bundle; data is borrowed. */
struct tlog_entry {
    const uint8_t *data;
    size_t len;
};

/*
 * The smallest tile from which the stored hash (level, index) can be
 * computed: tile level level / 8, holding the hash's leaves at tree level
 * 8 * (level / 8), of just the width needed. Requires 0 <= level <= 62 and
 * 0 <= index < TLOG_SIZE_MAX >> level (asserted).
 */
void tlog_tile_for_hash(int level, int64_t index, struct tlog_tile *tile);

/*
 * True when a tree of size leaves holds tile: its last hash (or entry) is
 * within the tree. A partial tile exists as long as its width does not
 * exceed what the tree has, so partial tiles of earlier tree sizes stay
 * available (C2SP tlog-tiles lets a log serve them).
 */
bool tlog_tile_exists(const struct tlog_tile *tile, int64_t size);

/*
 * The hash tiles that a tree growing from old_size to new_size leaves
 * publishes: at each level, every tile whose width grows, at its new
 * width, lowest level first and by index. tlog_tiles_new(0, s) is the whole
 * set of tiles of a tree of size s (full and partial). The entry bundles
 * are the level-0 tiles' (same index and width). Returns the count and
 * sets *tiles to a new array (NULL when the count is 0); free it with
 * xfree. Requires 0 <= old_size <= new_size (asserted).
 */
size_t tlog_tiles_new(int64_t old_size, int64_t new_size, struct tlog_tile **tiles);

/* Writes tile's path, "tile/<L>/<N>" or "tile/entries/<N>", with ".p/<W>"
 * for a partial tile and N in 3-digit groups ("x001/x234/067"). */
void tlog_tile_path(const struct tlog_tile *tile, char out[TLOG_TILE_PATH_MAX]);

/*
 * Parses the path[0..len) of a tile or entry bundle (starting "tile/") into
 * *tile, accepting only the canonical spelling: L in 0..63 or "entries"
 * without leading zeroes; N as 3-digit groups, all but the last with an
 * "x" prefix, the first group not "x000", at most 2^63 - 1; ".p/<W>" with W
 * in 1..255 without leading zeroes. ERR_NOT_FOUND (field "path") otherwise,
 * as befits a request for a resource that cannot exist.
 */
MUST_CHECK enum err_code
tlog_tile_parse_path(const char *path, size_t len, struct tlog_tile *tile, struct err *err);

/*
 * Reads the bytes of hash tile (level >= 0) of the tree of size leaves:
 * its width hashes at tree level 8 * level, concatenated, into out (room
 * for width * 32 bytes), through reader in one call. ERR_NOT_FOUND when the
 * tree does not hold the tile or it is an entry bundle; a reader error is
 * passed back.
 */
MUST_CHECK enum err_code tlog_tile_read(const struct tlog_tile *tile,
                                        int64_t size,
                                        const struct tlog_reader *reader,
                                        uint8_t *out,
                                        struct err *err);

/*
 * Computes the stored hash (level, index) from the bytes data[0..len) of
 * hash tile (as given by tlog_tile_for_hash, or a wider tile of the same
 * level and index). ERR_INVALID when len is not tile->width * 32 or the
 * tile does not hold the hash.
 */
MUST_CHECK enum err_code tlog_tile_hash(const struct tlog_tile *tile,
                                        const uint8_t *data,
                                        size_t len,
                                        int level,
                                        int64_t index,
                                        uint8_t out[TLOG_HASH_SIZE],
                                        struct err *err);

/*
 * Appends the entry bundle of the n entries (at most TLOG_TILE_WIDTH) to
 * out: each as its length in a big-endian uint16, then its bytes.
 * ERR_TOO_LARGE (field "entry") for an entry over TLOG_ENTRY_MAX bytes or
 * past out's maximum (out is then unchanged); ERR_INVALID for more than
 * TLOG_TILE_WIDTH entries.
 */
MUST_CHECK enum err_code
tlog_bundle_encode(const struct tlog_entry *entries, size_t n, struct buf *out, struct err *err);

/*
 * Splits the entry bundle data[0..len) into entries (room for
 * TLOG_TILE_WIDTH), borrowing from data, and their number into *n_out.
 * ERR_INVALID (field "bundle") for a truncated length or entry, more than
 * TLOG_TILE_WIDTH entries, or an empty bundle.
 */
MUST_CHECK enum err_code tlog_bundle_decode(
    const uint8_t *data, size_t len, struct tlog_entry *entries, size_t *n_out, struct err *err);

/*
 * Checks that the n entries hash (RFC 9162 leaf hash) to the n hashes of
 * the level-0 tile bytes tile_data[0..tile_len), in order. ERR_INTEGRITY
 * (field "bundle") for a count mismatch or the first entry that differs.
 */
MUST_CHECK enum err_code tlog_bundle_check(const struct tlog_entry *entries,
                                           size_t n,
                                           const uint8_t *tile_data,
                                           size_t tile_len,
                                           struct err *err);

#endif
