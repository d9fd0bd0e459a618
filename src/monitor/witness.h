/*
 * The monitor as a witness (C2SP tlog-witness, add-checkpoint): a log
 * submits "old <size>", the consistency proof lines, an empty line and its
 * signed checkpoint; the witness checks the signature with the log's key
 * (the logs it follows are the logs it knows), checks the proof against
 * the latest checkpoint it cosigned for that origin, and answers with its
 * cosignature (C2SP tlog-cosignature, cosignature/v1, with the node key as
 * the cosigner key). It refuses a checkpoint inconsistent with one it
 * cosigned before, and one that contradicts the tree it mirrored.
 * See docs/monitor.md, "Witness".
 */
#ifndef PROBITY_WITNESS_H
#define PROBITY_WITNESS_H

#include "core/buf.h"
#include "core/err.h"
#include "log/checkpoint.h"
#include "log/hash.h"
#include "log/key.h"
#include "log/note.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* Most consistency proof lines a request may carry (the spec's 63). */
#define WITNESS_MAX_PROOF 63
/* Largest request body accepted. */
#define WITNESS_BODY_MAX (64 * 1024)

/* A parsed add-checkpoint request; checkpoint borrows from the body. */
struct witness_request {
    char origin[TLOG_ORIGIN_MAX + 1]; /* the checkpoint's origin */
    int64_t old_size;
    uint8_t proof[WITNESS_MAX_PROOF][TLOG_HASH_SIZE];
    size_t n_proof;
    const char *checkpoint; /* the signed checkpoint, to the end of the body */
    size_t checkpoint_len;
};

/* The witness's answer, as C2SP tlog-witness names it. */
enum witness_verdict {
    WITNESS_COSIGN,        /* 200, with the cosignature line */
    WITNESS_BAD_REQUEST,   /* 400: malformed, or old size above the checkpoint's */
    WITNESS_BAD_SIGNATURE, /* 403: no signature verifies with the log's key */
    WITNESS_UNKNOWN_LOG,   /* 404: the origin is not a log the witness follows */
    WITNESS_STALE,         /* 409 with the latest cosigned size (text/x.tlog.size) */
    WITNESS_CONFLICT,      /* 409: same size, another root; or contradicts the mirror */
    WITNESS_BAD_PROOF,     /* 422: the consistency proof does not verify */
};

/* What the witness knows of a log. */
struct witness_log {
    const struct tlog_verifier *key; /* the log's key; NULL when not followed */
    int64_t size;                    /* latest cosigned size, 0 when none */
    uint8_t root[TLOG_HASH_SIZE];    /* its root; the empty tree's when none */
};

/*
 * Parses an add-checkpoint body strictly: "old <size>\n" (decimal without
 * leading zeroes), at most WITNESS_MAX_PROOF lines each the base64 of a
 * 32-byte hash, "\n", then the checkpoint (the rest, which must be a
 * signed note whose text is a checkpoint; signatures are not checked
 * here), whose origin is copied to req->origin. ERR_BAD_REQUEST (field
 * "body") otherwise.
 */
MUST_CHECK enum err_code
witness_parse(const char *body, size_t len, struct witness_request *req, struct err *err);

/*
 * Decides on a parsed request, in the spec's order: unknown origin (404),
 * signature (403), old size above the checkpoint's (400), old size not the
 * latest cosigned one (409 with it), equal sizes with another root (409),
 * the proof (422; it must be empty from size 0). Pure: nothing is stored.
 * cp and note receive the opened checkpoint when the signature verified.
 * why (why_len bytes) receives a sentence for a refusal.
 */
enum witness_verdict witness_judge(const struct witness_request *req,
                                   const struct witness_log *log,
                                   struct tlog_checkpoint *cp,
                                   struct tlog_note *note,
                                   char *why,
                                   size_t why_len);

struct witness_reply {
    enum witness_verdict verdict;
    int64_t size;     /* WITNESS_STALE: the latest cosigned size */
    struct buf lines; /* WITNESS_COSIGN: the cosignature line; init by the caller */
    char detail[320]; /* a refusal's reason, in English */
};

/*
 * Handles an add-checkpoint body with the node's store st, whose log's
 * signing key (log/db.h) is the witness's key: parses, looks the origin
 * up among the active followed nodes, and, in one write transaction on a
 * connection it takes for the call (so concurrent requests cannot roll
 * the state back), judges it against the latest checkpoint cosigned for
 * that origin and,
 * for a checkpoint of a size already mirrored, against the mirror (a
 * mismatch is refused as a conflict and recorded as a fork alert). When
 * cosigning, stores the checkpoint as the latest cosigned and appends the
 * cosignature line to out->lines. ERR_OK with out->verdict set; store
 * errors otherwise.
 */
MUST_CHECK enum err_code witness_add_checkpoint(
    struct store *st, const char *body, size_t len, struct witness_reply *out, struct err *err);

#endif
