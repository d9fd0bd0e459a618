/*
 * Sealing and opening the vault's secrets. See vault.h.
 */
#include "record/vault.h"

#include "log/db.h"

#include <sodium.h>
#include <stdio.h>

_Static_assert(VAULT_OVERHEAD == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                                     crypto_aead_xchacha20poly1305_ietf_ABYTES,
               "the nonce and the tag");
_Static_assert(TLOG_KEY_DERIVED_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
               "a derived key is an AEAD key");

/* The vault's key for purpose, from st's signing key; false without one. */
static bool vault_key(struct store *st,
                      const char purpose[8],
                      unsigned char key[TLOG_KEY_DERIVED_BYTES],
                      struct err *err)
{
    const struct tlog_db_state *log = tlog_db_state(st);
    if (log == NULL) {
        err_set(err, ERR_UNAVAILABLE, NULL, "未载入本节点的密钥,无法读写加密保存的密钥",
                "the node's key is not loaded: the sealed secrets cannot be read or written");
        return false;
    }
    tlog_key_derive(&log->key, purpose, key);
    return true;
}

/* The additional data binding a secret to its purpose and owner. */
static size_t bound_to(const char purpose[8], int64_t owner, char out[48])
{
    int n = snprintf(out, 48, "%.8s:%lld", purpose, (long long)owner);
    return n > 0 ? (size_t)n : 0;
}

enum err_code vault_seal(struct store *st,
                         const char purpose[8],
                         int64_t owner,
                         const unsigned char *plain,
                         size_t len,
                         unsigned char *out,
                         struct err *err)
{
    unsigned char key[TLOG_KEY_DERIVED_BYTES];
    char ad[48];
    if (!vault_key(st, purpose, key, err)) {
        return err->code;
    }
    size_t ad_len = bound_to(purpose, owner, ad);
    unsigned char *nonce = out;
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                               NULL, plain, len, (const unsigned char *)ad, ad_len,
                                               NULL, nonce, key);
    sodium_memzero(key, sizeof(key));
    return ERR_OK;
}

enum err_code vault_open(struct store *st,
                         const char purpose[8],
                         int64_t owner,
                         const unsigned char *sealed,
                         size_t sealed_len,
                         unsigned char *out,
                         struct err *err)
{
    unsigned char key[TLOG_KEY_DERIVED_BYTES];
    char ad[48];
    if (sealed_len <= VAULT_OVERHEAD) {
        return err_set(err, ERR_INTERNAL, NULL, "加密保存的密钥已损坏",
                       "a sealed secret is damaged");
    }
    if (!vault_key(st, purpose, key, err)) {
        return err->code;
    }
    size_t ad_len = bound_to(purpose, owner, ad);
    int bad = crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, NULL, NULL, sealed + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
        sealed_len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)ad,
        ad_len, sealed, key);
    sodium_memzero(key, sizeof(key));
    if (bad != 0) {
        sodium_memzero(out, sealed_len - VAULT_OVERHEAD);
        return err_set(err, ERR_INTERNAL, NULL,
                       "加密保存的密钥无法打开(被改动过,或属于另一个节点的密钥)",
                       "a sealed secret does not open (altered, or sealed under another node's "
                       "key)");
    }
    return ERR_OK;
}
