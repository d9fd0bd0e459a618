/*
 * The password policy and hashing. See password.h.
 */
#include "areas/user/password.h"

#include "core/alloc.h"
#include "core/input.h"

#include "areas/user/common_passwords.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The common passwords, lower-cased, sorted for bsearch: pointers into a
 * copy of the embedded text whose newlines became NULs. */
static char *common_text;
static const char **common;
static size_t n_common;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void load_common(void)
{
    size_t n = 0, size = strlen(common_passwords_txt);
    common_text = xmalloc(size + 1);
    memcpy(common_text, common_passwords_txt, size + 1);
    for (size_t i = 0; i < size; i++) {
        n += common_text[i] == '\n';
    }
    common = xcalloc(n + 1, sizeof(*common));
    for (char *line = common_text, *end; *line != '\0'; line = end + 1) {
        end = strchr(line, '\n');
        if (end == NULL) {
            end = line + strlen(line) - 1;
        } else {
            *end = '\0';
        }
        if (*line != '\0') {
            common[n_common++] = line;
        }
    }
    qsort(common, n_common, sizeof(*common), compare_text);
}

/* password lower-cased (ASCII letters) into a new string. */
static char *lower_copy(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1);
    for (size_t i = 0; i <= n; i++) {
        out[i] = (char)tolower((unsigned char)s[i]);
    }
    return out;
}

bool password_is_common(const char *password)
{
    pthread_once(&common_once, load_common);
    char *key = lower_copy(password);
    bool found = bsearch(&key, common, n_common, sizeof(*common), compare_text) != NULL;
    xfree(key);
    return found;
}

/* True when password contains login, without regard to case. */
static bool contains_login(const char *password, const char *login)
{
    if (login == NULL || strlen(login) < 3) {
        return false;
    }
    char *p = lower_copy(password), *l = lower_copy(login);
    bool found = strstr(p, l) != NULL;
    xfree(p);
    xfree(l);
    return found;
}

enum err_code
password_check(const char *password, const char *login, const char *field, struct err *err)
{
    size_t chars = input_utf8_chars(password);
    if (chars < PASSWORD_MIN) {
        return err_set(err, ERR_INVALID, field, "密码至少 %d 个字符",
                       "the password must have at least %d characters", PASSWORD_MIN);
    }
    if (chars > PASSWORD_MAX) {
        return err_set(err, ERR_INVALID, field, "密码至多 %d 个字符",
                       "the password may have at most %d characters", PASSWORD_MAX);
    }
    if (password_is_common(password)) {
        return err_set(err, ERR_INVALID, field, "这是一个常见密码,容易被猜中,请另选一个",
                       "this is a common password, easily guessed; choose another");
    }
    if (contains_login(password, login)) {
        return err_set(err, ERR_INVALID, field, "密码不能包含登录名",
                       "the password must not contain the login");
    }
    return ERR_OK;
}

void password_generate(char out[PASSWORD_GENERATED + 1])
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < PASSWORD_GENERATED; i++) {
        out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    }
    out[PASSWORD_GENERATED] = '\0';
}

enum err_code password_hash(const char *password, char out[crypto_pwhash_STRBYTES], struct err *err)
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        return err_set(err, ERR_INTERNAL, NULL, "无法计算密码散列", "cannot hash the password");
    }
    return ERR_OK;
}
