/*
 * What other areas check against the organisation model: that a person or
 * department belongs to the township, that the township exists, and which
 * person the acting user is. See org.h.
 */
#include "areas/org/org.h"

enum err_code org_check_person(
    struct store_conn *c, const char *township, int64_t person, const char *field, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err,
                                       "SELECT 1 FROM people WHERE id = ? AND township_id = ?",
                                       "it", person, township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, field, "“%s”须为本乡镇的人员",
                     "'%s' must be a person of the township", field);
    }
    return rc;
}

enum err_code org_check_department(struct store_conn *c,
                                   const char *township,
                                   int64_t department,
                                   const char *field,
                                   struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc =
        store_query_int(c, &one, &found, err,
                        "SELECT 1 FROM organizations WHERE id = ? AND township_id = ?"
                        " AND class IN ('bureau', 'office', 'centre')",
                        "it", department, township);
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_INVALID, field, "“%s”须为本乡镇的部门",
                     "'%s' must be a department of the township", field);
    }
    return rc;
}

enum err_code org_check_township(struct store_conn *c, const char *township, struct err *err)
{
    bool found = false;
    int64_t one = 0;
    enum err_code rc = store_query_int(c, &one, &found, err, "SELECT 1 FROM townships WHERE id = ?",
                                       "t", township ? township : "");
    if (rc == ERR_OK && !found) {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "乡镇不存在", "no such township");
    }
    return rc;
}

enum err_code
org_actor_person(struct store_conn *c, const struct actor *who, int64_t *person, struct err *err)
{
    bool found = false;
    *person = 0;
    if (who->user_id <= 0) {
        return ERR_OK;
    }
    enum err_code rc =
        store_query_int(c, person, &found, err,
                        "SELECT COALESCE(person_id, 0) FROM users WHERE id = ?", "i", who->user_id);
    if (rc == ERR_OK && !found) {
        *person = 0;
    }
    return rc;
}
