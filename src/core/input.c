/*
 * JSON input parsing and typed, validated field access. See input.h.
 */
#include "core/input.h"

#include "core/utc.h"

#include <string.h>

static int depth_of(const json_t *v)
{
    int deepest = 0;
    if (json_is_object(v)) {
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)v, key, member)
        {
            int d = depth_of(member);
            deepest = d > deepest ? d : deepest;
        }
        return deepest + 1;
    }
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            int d = depth_of(json_array_get(v, i));
            deepest = d > deepest ? d : deepest;
        }
        return deepest + 1;
    }
    return 0;
}

/* The integer a real holds, when a JSON reader keeps it exact
 * (|n| <= 2^53 - 1), as a new reference; NULL otherwise. */
static json_t *exact_integer(const json_t *real)
{
    double d = json_real_value(real);
    bool exact = d <= 9007199254740991.0 && d >= -9007199254740991.0 && d == (double)(int64_t)d;
    return exact ? json_integer((json_int_t)d) : NULL;
}

/* Turns the reals of v that hold such an integer back into integers, in
 * place. */
static void restore_integers(json_t *v)
{
    const char *key;
    json_t *member;
    size_t i;
    json_t *n;
    if (json_is_object(v)) {
        json_object_foreach(v, key, member)
        {
            if (!json_is_real(member)) {
                restore_integers(member);
            } else if ((n = exact_integer(member)) != NULL) {
                json_object_set_new(v, key, n);
            }
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, member)
        {
            if (!json_is_real(member)) {
                restore_integers(member);
            } else if ((n = exact_integer(member)) != NULL) {
                json_array_set_new(v, i, n);
            }
        }
    }
}

enum err_code input_parse(const char *data, size_t len, json_t **out, struct err *err)
{
    json_error_t jerr;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL && json_error_code(&jerr) == json_error_numeric_overflow) {
        /* An integer beyond 64 bits is well-formed JSON: read it as a
         * number that is not an integer, so that its field refuses it
         * (422, naming the field) instead of the whole body. */
        doc = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &jerr);
        if (doc != NULL) {
            restore_integers(doc);
        }
    }
    if (doc == NULL) {
        return err_set(err, ERR_BAD_REQUEST, NULL, "JSON 格式错误(第 %d 行):%s",
                       "malformed JSON (line %d): %s", jerr.line, jerr.text);
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        return err_set(err, ERR_BAD_REQUEST, NULL, "请求体须为 JSON 对象",
                       "the body must be a JSON object");
    }
    if (depth_of(doc) > INPUT_MAX_DEPTH) {
        json_decref(doc);
        return err_set(err, ERR_BAD_REQUEST, NULL, "JSON 嵌套过深", "JSON nested too deeply");
    }
    *out = doc;
    return ERR_OK;
}

enum err_code input_only(const json_t *obj, const char *const *allowed, struct err *err)
{
    const char *key;
    json_t *member;
    json_object_foreach((json_t *)obj, key, member)
    {
        bool known = false;
        for (size_t i = 0; allowed[i] != NULL && !known; i++) {
            known = strcmp(allowed[i], key) == 0;
        }
        if (!known) {
            return err_set(err, ERR_INVALID, key, "未知字段“%s”", "unknown field '%s'", key);
        }
    }
    return ERR_OK;
}

bool input_has(const json_t *obj, const char *key)
{
    return json_object_get(obj, key) != NULL;
}

/* Common presence handling. Returns 1 when a non-null value is there to
 * read, 0 when the caller should stop with ERR_OK (absent, or accepted
 * null), or -1 with err set. */
static int presence(const json_t *obj, const char *key, int flags, bool *is_null, struct err *err)
{
    const json_t *v = json_object_get(obj, key);
    *is_null = false;
    if (v == NULL || json_is_null(v)) {
        if (flags & INPUT_REQUIRED) {
            err_set(err, ERR_INVALID, key, "缺少必填字段“%s”", "missing required field '%s'", key);
            return -1;
        }
        if (v != NULL && !(flags & INPUT_NULLABLE)) {
            err_set(err, ERR_INVALID, key, "字段“%s”不能为空", "field '%s' cannot be null", key);
            return -1;
        }
        *is_null = v != NULL;
        return 0;
    }
    return 1;
}

size_t input_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80) {
            n++;
        }
    }
    return n;
}

enum err_code input_text(const json_t *obj,
                         const char *key,
                         int flags,
                         size_t max_chars,
                         const char **out,
                         struct err *err)
{
    bool is_null;
    int p = presence(obj, key, flags, &is_null, err);
    if (p < 0) {
        return err->code;
    }
    if (p == 0) {
        if (is_null) {
            *out = NULL;
        }
        return ERR_OK;
    }
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        return err_set(err, ERR_INVALID, key, "字段“%s”须为文本", "field '%s' must be a string",
                       key);
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len) {
        return err_set(err, ERR_INVALID, key, "字段“%s”含有空字符",
                       "field '%s' contains a NUL character", key);
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* C0 controls, DEL, and C1 controls (U+0080..U+009F: C2 80..C2 9F). */
        bool c1 = c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9F;
        if (c < 0x20 || c == 0x7f || c1) {
            return err_set(err, ERR_INVALID, key, "字段“%s”含有控制字符",
                           "field '%s' contains a control character", key);
        }
    }
    if (len == 0 || s[0] == ' ' || s[len - 1] == ' ') {
        return err_set(err, ERR_INVALID, key, "字段“%s”不能为空或以空格开头/结尾",
                       "field '%s' must not be empty or start/end with a space", key);
    }
    if (input_utf8_chars(s) > max_chars) {
        return err_set(err, ERR_INVALID, key, "字段“%s”不能超过 %zu 个字符",
                       "field '%s' must be at most %zu characters", key, max_chars);
    }
    *out = s;
    return ERR_OK;
}

enum err_code input_enum(const json_t *obj,
                         const char *key,
                         int flags,
                         const char *const *values,
                         const char **out,
                         struct err *err)
{
    const char *s = NULL;
    enum err_code rc = input_text(obj, key, flags, 64, &s, err);
    if (rc != ERR_OK || s == NULL) {
        if (rc == ERR_OK && input_has(obj, key)) {
            *out = NULL;
        }
        return rc;
    }
    for (size_t i = 0; values[i] != NULL; i++) {
        if (strcmp(values[i], s) == 0) {
            *out = values[i];
            return ERR_OK;
        }
    }
    return err_set(err, ERR_INVALID, key, "字段“%s”的取值“%s”不被接受",
                   "field '%s' does not accept the value '%s'", key, s);
}

enum err_code input_int(const json_t *obj,
                        const char *key,
                        int flags,
                        int64_t min,
                        int64_t max,
                        int64_t *out,
                        struct err *err)
{
    bool is_null;
    int p = presence(obj, key, flags, &is_null, err);
    if (p <= 0) {
        return p < 0 ? err->code : ERR_OK;
    }
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v)) {
        return err_set(err, ERR_INVALID, key, "字段“%s”须为整数", "field '%s' must be an integer",
                       key);
    }
    int64_t n = (int64_t)json_integer_value(v);
    if (n < min || n > max) {
        return err_set(err, ERR_INVALID, key, "字段“%s”超出范围", "field '%s' is out of range",
                       key);
    }
    *out = n;
    return ERR_OK;
}

enum err_code
input_date(const json_t *obj, const char *key, int flags, const char **out, struct err *err)
{
    const char *s = NULL;
    enum err_code rc = input_text(obj, key, flags, 10, &s, err);
    if (rc != ERR_OK) {
        return rc;
    }
    if (s == NULL) {
        if (input_has(obj, key)) {
            *out = NULL;
        }
        return ERR_OK;
    }
    /* Records of government business are dated 1900..2999; later dates
     * stay free as "open-ended" markers in range comparisons. */
    if (!utc_valid_date(s) || strcmp(s, "3000-01-01") >= 0) {
        return err_set(err, ERR_INVALID, key, "字段“%s”须为 1900–2999 年间的有效日期(YYYY-MM-DD)",
                       "field '%s' must be a valid date (YYYY-MM-DD) from 1900 to 2999", key);
    }
    *out = s;
    return ERR_OK;
}

bool input_is_slug(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 40 || s[0] < 'a' || s[0] > 'z') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}
