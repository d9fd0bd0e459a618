/*
 * Key texts given on the command line and to the monitor (--follow
 * URL=VKEY, --witness): verifier keys and private keys, parsed strictly.
 */
#include "fuzz.h"

#include "log/key.h"
#include "log/note.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err err;
    err_init(&err);
    struct tlog_verifier v;
    (void)tlog_verifier_parse((const char *)data, size, &v, &err);
    /* A private key is read as a C string (from its file). */
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct tlog_key key;
    (void)tlog_key_parse_private(text, &key, &err);
    sodium_memzero(&key, sizeof(key));
    xfree(text);
    return 0;
}
