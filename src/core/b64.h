/*
 * Strict standard base64 (RFC 4648 section 4, padded), over libsodium's
 * decoder: the text must be the canonical encoding of the bytes it
 * decodes to. Only the 64 letters of the alphabet, '=' only as the last
 * one or two characters, a length that is a multiple of 4, zero padding
 * bits. Some builds of libsodium decode other bytes (e.g. >= 0x80) as if
 * they were letters, so that two different texts give the same bytes;
 * here the decoded bytes are encoded again and must give the text back.
 * Signatures, hashes, keys and salts in probity's formats are read only
 * through this.
 */
#ifndef PROBITY_B64_H
#define PROBITY_B64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes text[0..len) into out (room for max bytes), *out_len the bytes
 * written; false, with nothing promised in out, unless the text is
 * canonical and fits. The empty text decodes to nothing. */
bool b64_decode(const char *text, size_t len, uint8_t *out, size_t max, size_t *out_len);
/* True when text[0..len) is canonical base64 (of any length). */
bool b64_canonical(const char *text, size_t len);

#endif
