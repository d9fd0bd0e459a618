/*
 * Security notices to a user about their own account (ASVS 4.0.3 2.8.5):
 * kept when something happens that the holder must hear of (a one-time
 * code used twice after the right password), answered with their session
 * until they say they have seen them. See user.h and docs/security.md,
 * "Security notices".
 */
#include "areas/user/user.h"

#include "core/utc.h"

/* The most unseen notices answered at once. */
#define NOTICES_MAX 20

enum err_code user_notice_add(struct store_conn *c,
                              int64_t user_id,
                              const char *kind,
                              const char *address,
                              int64_t now_ms,
                              struct err *err)
{
    char at[UTC_TEXT_MAX];
    utc_format(now_ms, at);
    return store_exec(
        c, err, "INSERT INTO security_notices (user_id, kind, at, address) VALUES (?, ?, ?, ?)",
        "ittt", user_id, kind, at, address);
}

enum err_code user_notices_json(struct store *st, int64_t user_id, json_t **out, struct err *err)
{
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_query_json(c, out, err,
                                        "SELECT id, kind, at, address FROM security_notices"
                                        " WHERE user_id = ? AND seen IS NULL"
                                        " ORDER BY id DESC LIMIT ?",
                                        "ii", user_id, (int64_t)NOTICES_MAX);
    store_release(c);
    return rc;
}

enum err_code
user_notices_seen(struct store *st, int64_t user_id, int64_t now_ms, int *seen, struct err *err)
{
    char at[UTC_TEXT_MAX];
    utc_format(now_ms, at);
    struct store_conn *c = store_acquire(st);
    enum err_code rc = store_exec(
        c, err, "UPDATE security_notices SET seen = ? WHERE user_id = ? AND seen IS NULL", "ti", at,
        user_id);
    *seen = rc == ERR_OK ? (int)store_changes(c) : 0;
    store_release(c);
    return rc;
}
