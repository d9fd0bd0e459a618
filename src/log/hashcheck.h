/*
 * Checking many of the log's stored hashes at once, on several threads.
 * The verifier fills chunks with checks in log order (a leaf's bytes, or a
 * node's two child hashes, each with the hash its row stores) and hands
 * each chunk over; worker threads, and the verifier itself when it is
 * ahead of them, hash every check with one SHA-256 call over its bytes,
 * laid out in the chunk behind their RFC 9162 prefix, and keep the first
 * check that fails. A pool of one thread checks each as it is added,
 * where its bytes are, copying nothing. See docs/log.md, "Verification".
 *
 * THREAD SAFETY: one thread takes, fills and submits chunks and finishes;
 * the workers are the pool's own.
 */
#ifndef PROBITY_LOG_HASHCHECK_H
#define PROBITY_LOG_HASHCHECK_H

#include "log/hash.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one chunk holds: bytes of hash input, and checks. */
#define TLOG_CHUNK_BYTES  (4u << 20)
#define TLOG_CHUNK_CHECKS 16384

struct tlog_checks;
struct tlog_chunk;

/* A pool checking on jobs threads in all: the caller's and jobs - 1
 * workers (1 or less: the caller's alone). */
struct tlog_checks *tlog_checks_start(int jobs);
/* Waits for the workers and frees the pool (after tlog_checks_finish). */
void tlog_checks_free(struct tlog_checks *p);

/* An empty chunk to fill; when every chunk is in use, hashes one waiting
 * chunk or waits for a worker to give one back. */
struct tlog_chunk *tlog_checks_chunk(struct tlog_checks *p);
/* Adds to k the check that SHA-256(0x00 || bytes) is stored (the leaf of
 * entry index); false when k has no room left (submit it, take another). */
bool tlog_chunk_leaf(struct tlog_chunk *k,
                     int64_t index,
                     const void *bytes,
                     size_t len,
                     const uint8_t stored[TLOG_HASH_SIZE]);
/* Adds to k the check that SHA-256(0x01 || left || right) is stored (a
 * subtree that entry index completes); false when k has no room left. */
bool tlog_chunk_node(struct tlog_chunk *k,
                     int64_t index,
                     const uint8_t left[TLOG_HASH_SIZE],
                     const uint8_t right[TLOG_HASH_SIZE],
                     const uint8_t stored[TLOG_HASH_SIZE]);
/* Hands k over to be checked (an empty k is given back at once). */
void tlog_checks_submit(struct tlog_checks *p, struct tlog_chunk *k);
/* Waits until every chunk submitted is checked. True when a check failed:
 * *index is the lowest entry index of a failed check, *leaf whether a
 * leaf's check failed there. */
bool tlog_checks_finish(struct tlog_checks *p, int64_t *index, bool *leaf);

#endif
