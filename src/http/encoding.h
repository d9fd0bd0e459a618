/*
 * Content codings (RFC 9110, section 8.4): which a client accepts, from
 * its Accept-Encoding, and gzip of an answer with zlib. The web app's
 * files are compressed once when built (web/scripts/compress.mjs: .gz and
 * .br beside each); JSON answers over ENCODING_MIN bytes are gzipped as
 * they are sent.
 */
#ifndef PROBITY_ENCODING_H
#define PROBITY_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#define ENCODING_GZIP 1u
#define ENCODING_BR   2u
/* Answers shorter than this are sent as they are. */
#define ENCODING_MIN 1024

/* The codings (ENCODING_ bits) an Accept-Encoding value accepts: each
 * named one, or every one by "*", unless given "q=0". NULL: none. */
unsigned encoding_accepted(const char *accept_encoding);
/* gzip of the n bytes at in, into a new buffer (xfree) of *out_n bytes;
 * false when zlib fails. */
bool encoding_gzip(const void *in, size_t n, char **out, size_t *out_n);

#endif
