/*
 * Accept-Encoding read token by token, and gzip through zlib. See
 * encoding.h.
 */
#include "http/encoding.h"

#include "core/alloc.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* True when the parameters of one Accept-Encoding element (after its
 * coding, up to the next ',') refuse it: a q of zero (q=0, q=0.0, ...). */
static bool refused(const char *p, const char *end)
{
    while (p < end) {
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t')) {
            p++;
        }
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            if (p < end && *p == '0') {
                p++;
                if (p < end && *p == '.') {
                    p++;
                }
                while (p < end && *p == '0') {
                    p++;
                }
                return p == end || *p == ';' || *p == ' ' || *p == '\t';
            }
            return false;
        }
        while (p < end && *p != ';') {
            p++;
        }
    }
    return false;
}

unsigned encoding_accepted(const char *header)
{
    unsigned yes = 0, no = 0;
    bool any = false;
    for (const char *p = header; p != NULL && *p != '\0';) {
        while (*p == ' ' || *p == '\t' || *p == ',') {
            p++;
        }
        const char *name = p;
        while (*p != '\0' && *p != ',' && *p != ';' && *p != ' ' && *p != '\t') {
            p++;
        }
        size_t len = (size_t)(p - name);
        const char *end = strchr(p, ',');
        end = end != NULL ? end : p + strlen(p);
        bool off = refused(p, end);
        unsigned bit = 0;
        if (len == 4 && strncasecmp(name, "gzip", 4) == 0) {
            bit = ENCODING_GZIP;
        } else if (len == 2 && strncasecmp(name, "br", 2) == 0) {
            bit = ENCODING_BR;
        } else if (len == 1 && name[0] == '*') {
            any = !off;
        }
        if (off) {
            no |= bit;
        } else {
            yes |= bit;
        }
        p = end;
    }
    if (any) {
        yes |= (ENCODING_GZIP | ENCODING_BR) & ~no;
    }
    return yes & ~no;
}

bool encoding_gzip(const void *in, size_t n, char **out, size_t *out_n)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    /* 15 + 16: a gzip wrapper around the deflate stream. */
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return false;
    }
    size_t room = deflateBound(&z, (uLong)n);
    char *buf = xmalloc(room);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)room;
    int rc = deflate(&z, Z_FINISH);
    *out_n = room - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        xfree(buf);
        return false;
    }
    *out = buf;
    return true;
}
