/*
 * What a log's readers send: a tile or entry-bundle path (C2SP
 * tlog-tiles) and a proof text (a receipt), each parsed strictly; the
 * input's first byte picks which.
 */
#include "fuzz.h"

#include "log/proof_text.h"
#include "log/tiles.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const char *text = (const char *)data + 1;
    struct err err;
    err_init(&err);
    if (data[0] & 1) {
        struct tlog_tile tile;
        (void)tlog_tile_parse_path(text, size - 1, &tile, &err);
    } else {
        struct tlog_proof_text *proof = xmalloc(sizeof(*proof));
        (void)tlog_proof_text_parse(text, size - 1, proof, &err);
        xfree(proof);
    }
    return 0;
}
