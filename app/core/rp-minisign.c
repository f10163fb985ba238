/* rp-minisign.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsing is strict on purpose: the bytes come from an untrusted origin or
 * USB stick, and this code is fuzzed (tests/fuzz). Base64 is decoded with
 * libsodium's strict decoder, every length is checked before it is used,
 * and nothing is trusted before both signatures verify.
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "rp-error.h"
#include "rp-minisign.h"

#define KEY_ID_BYTES   8
#define PREHASH_BYTES  64
#define MAX_COMMENT    1024

struct _RpMinisignKey
{
  guint8 id[KEY_ID_BYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
};

struct _RpMinisignSecretKey
{
  guint8 id[KEY_ID_BYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
};

struct _RpMinisignSignature
{
  guint8 id[KEY_ID_BYTES];
  guint8 sig[crypto_sign_BYTES];
  char  *trusted_comment;
  guint8 global_sig[crypto_sign_BYTES];
};

/* The on-disk layout of a secret key (minisign's SeckeyStruct). */
#define SK_ALG_OFF    0
#define SK_KDF_OFF    2
#define SK_CHK_OFF    4
#define SK_SALT_OFF   6
#define SK_ID_OFF     (SK_SALT_OFF + 32 + 8 + 8)
#define SK_KEY_OFF    (SK_ID_OFF + KEY_ID_BYTES)
#define SK_TOTAL      (SK_KEY_OFF + crypto_sign_SECRETKEYBYTES + 32)

static void
ensure_sodium (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      if (sodium_init () < 0)
        g_error ("libsodium cannot be initialised");
      g_once_init_leave (&once, 1);
    }
}

static gboolean
bad (GError    **error,
     const char *what)
{
  g_set_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE, "%s", what);
  return FALSE;
}

/* Splits @text into at most @max lines, dropping one trailing "\r" per
 * line; fails on NUL bytes, which no minisign file contains. */
static char **
split_lines (const char *text,
             gsize       length,
             guint       max)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  if (memchr (text, '\0', length) != NULL)
    return NULL;
  while (start < length)
    {
      const char *nl = memchr (text + start, '\n', length - start);
      gsize end = nl ? (gsize) (nl - text) : length;
      gsize line_end = end;

      if (line_end > start && text[line_end - 1] == '\r')
        line_end--;
      if (lines->len == max)
        {
          /* Only empty lines may follow the last expected one. */
          if (line_end > start)
            return NULL;
        }
      else
        g_ptr_array_add (lines, g_strndup (text + start, line_end - start));
      start = end + 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

/* Strict base64 of exactly @expected bytes. */
static gboolean
decode_exact (const char *b64,
              guint8     *out,
              gsize       expected)
{
  gsize b64_len = strlen (b64);
  gsize out_len = 0;
  g_autofree guint8 *buf = NULL;

  if (b64_len == 0 || b64_len > 4 * (expected / 3 + 2))
    return FALSE;
  buf = g_malloc (expected + 3);
  if (sodium_base642bin (buf, expected + 3, b64, b64_len, NULL, &out_len, NULL,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      out_len != expected)
    return FALSE;
  memcpy (out, buf, expected);
  return TRUE;
}

static char *
encode (const guint8 *data,
        gsize         length)
{
  gsize size = sodium_base64_ENCODED_LEN (length, sodium_base64_VARIANT_ORIGINAL);
  char *out = g_malloc (size);

  sodium_bin2base64 (out, size, data, length, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

static char *
format_id (const guint8 *id)
{
  /* minisign prints the little-endian 64-bit id. */
  return g_strdup_printf ("%02X%02X%02X%02X%02X%02X%02X%02X", id[7], id[6], id[5], id[4], id[3],
                          id[2], id[1], id[0]);
}

/* --- public keys ---------------------------------------------------------- */

RpMinisignKey *
rp_minisign_key_parse (const char *text,
                       gsize       length,
                       GError    **error)
{
  g_auto(GStrv) lines = NULL;
  const char *b64;
  guint8 raw[2 + KEY_ID_BYTES + crypto_sign_PUBLICKEYBYTES];
  RpMinisignKey *key;

  g_return_val_if_fail (text != NULL, NULL);

  ensure_sodium ();
  if (length > RP_MINISIGN_MAX_SIGNATURE_SIZE || (lines = split_lines (text, length, 2)) == NULL ||
      lines[0] == NULL)
    {
      bad (error, "Not a minisign public key");
      return NULL;
    }
  if (lines[1] != NULL)
    {
      if (!g_str_has_prefix (lines[0], "untrusted comment: "))
        {
          bad (error, "Not a minisign public key: the first line must be an untrusted comment");
          return NULL;
        }
      b64 = lines[1];
    }
  else
    b64 = lines[0];
  if (!decode_exact (b64, raw, sizeof raw) || raw[0] != 'E' || raw[1] != 'd')
    {
      bad (error, "Not a minisign Ed25519 public key");
      return NULL;
    }
  key = g_new0 (RpMinisignKey, 1);
  memcpy (key->id, raw + 2, KEY_ID_BYTES);
  memcpy (key->pk, raw + 2 + KEY_ID_BYTES, sizeof key->pk);
  return key;
}

RpMinisignKey *
rp_minisign_key_load (const char *path,
                      GError    **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  RpMinisignKey *key;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Cannot read public key: %s",
                   local_error->message);
      return NULL;
    }
  key = rp_minisign_key_parse (text, length, &local_error);
  if (key == NULL)
    g_set_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE, "“%s”: %s", path, local_error->message);
  return key;
}

RpMinisignKey *
rp_minisign_key_copy (const RpMinisignKey *key)
{
  return g_memdup2 (key, sizeof *key);
}

void
rp_minisign_key_free (RpMinisignKey *key)
{
  g_free (key);
}

char *
rp_minisign_key_get_id (const RpMinisignKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return format_id (key->id);
}

char *
rp_minisign_key_to_text (const RpMinisignKey *key)
{
  guint8 raw[2 + KEY_ID_BYTES + crypto_sign_PUBLICKEYBYTES] = { 'E', 'd' };
  g_autofree char *id = format_id (key->id);
  g_autofree char *b64 = NULL;

  memcpy (raw + 2, key->id, KEY_ID_BYTES);
  memcpy (raw + 2 + KEY_ID_BYTES, key->pk, sizeof key->pk);
  b64 = encode (raw, sizeof raw);
  return g_strdup_printf ("untrusted comment: minisign public key %s\n%s\n", id, b64);
}

/* --- secret keys ---------------------------------------------------------- */

RpMinisignSecretKey *
rp_minisign_secret_key_generate (void)
{
  RpMinisignSecretKey *key = g_new0 (RpMinisignSecretKey, 1);
  guint8 pk[crypto_sign_PUBLICKEYBYTES];

  ensure_sodium ();
  crypto_sign_keypair (pk, key->sk);
  randombytes_buf (key->id, sizeof key->id);
  return key;
}

RpMinisignSecretKey *
rp_minisign_secret_key_load (const char *path,
                             GError    **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  guint8 raw[SK_TOTAL];
  RpMinisignSecretKey *key;
  g_autoptr(GError) local_error = NULL;

  ensure_sodium ();
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_MISSING_FILE, "Cannot read secret key: %s",
                   local_error->message);
      return NULL;
    }
  lines = split_lines (text, MIN (length, RP_MINISIGN_MAX_SIGNATURE_SIZE), 2);
  if (lines == NULL || lines[0] == NULL || lines[1] == NULL ||
      !decode_exact (lines[1], raw, sizeof raw) || raw[0] != 'E' || raw[1] != 'd')
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE, "“%s” is not a minisign secret key", path);
      return NULL;
    }
  if (raw[SK_KDF_OFF] != 0 || raw[SK_KDF_OFF + 1] != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE,
                   "“%s” is password-protected; create an unencrypted key with "
                   "“readingpoint-publish keygen” or “minisign -G -W”", path);
      return NULL;
    }
  key = g_new0 (RpMinisignSecretKey, 1);
  memcpy (key->id, raw + SK_ID_OFF, KEY_ID_BYTES);
  memcpy (key->sk, raw + SK_KEY_OFF, sizeof key->sk);
  sodium_memzero (raw, sizeof raw);
  return key;
}

void
rp_minisign_secret_key_free (RpMinisignSecretKey *key)
{
  if (key == NULL)
    return;
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

RpMinisignKey *
rp_minisign_secret_key_get_public (const RpMinisignSecretKey *key)
{
  RpMinisignKey *pub = g_new0 (RpMinisignKey, 1);

  memcpy (pub->id, key->id, KEY_ID_BYTES);
  crypto_sign_ed25519_sk_to_pk (pub->pk, key->sk);
  return pub;
}

char *
rp_minisign_secret_key_to_text (const RpMinisignSecretKey *key)
{
  guint8 raw[SK_TOTAL] = { 0 };
  g_autofree char *b64 = NULL;
  char *text;

  /* minisign -W writes no KDF, a "B2" checksum algorithm and an all-zero
   * checksum; it reads such keys without asking for a password. */
  raw[SK_ALG_OFF] = 'E';
  raw[SK_ALG_OFF + 1] = 'd';
  raw[SK_CHK_OFF] = 'B';
  raw[SK_CHK_OFF + 1] = '2';
  memcpy (raw + SK_ID_OFF, key->id, KEY_ID_BYTES);
  memcpy (raw + SK_KEY_OFF, key->sk, sizeof key->sk);
  b64 = encode (raw, sizeof raw);
  sodium_memzero (raw, sizeof raw);
  text = g_strdup_printf ("untrusted comment: minisign encrypted secret key\n%s\n", b64);
  sodium_memzero (b64, strlen (b64));
  return text;
}

/* --- signatures ----------------------------------------------------------- */

char *
rp_minisign_sign (const RpMinisignSecretKey *key,
                  const guint8              *message,
                  gsize                      length,
                  const char                *trusted_comment)
{
  guint8 hash[PREHASH_BYTES];
  guint8 raw[2 + KEY_ID_BYTES + crypto_sign_BYTES] = { 'E', 'D' };
  guint8 global[crypto_sign_BYTES];
  g_autofree guint8 *global_msg = NULL;
  gsize comment_len;
  g_autofree char *b64 = NULL;
  g_autofree char *global_b64 = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (trusted_comment != NULL && strchr (trusted_comment, '\n') == NULL, NULL);

  ensure_sodium ();
  crypto_generichash (hash, sizeof hash, message, length, NULL, 0);
  memcpy (raw + 2, key->id, KEY_ID_BYTES);
  crypto_sign_detached (raw + 2 + KEY_ID_BYTES, NULL, hash, sizeof hash, key->sk);

  comment_len = strlen (trusted_comment);
  global_msg = g_malloc (crypto_sign_BYTES + comment_len);
  memcpy (global_msg, raw + 2 + KEY_ID_BYTES, crypto_sign_BYTES);
  memcpy (global_msg + crypto_sign_BYTES, trusted_comment, comment_len);
  crypto_sign_detached (global, NULL, global_msg, crypto_sign_BYTES + comment_len, key->sk);

  b64 = encode (raw, sizeof raw);
  global_b64 = encode (global, sizeof global);
  id = format_id (key->id);
  return g_strdup_printf ("untrusted comment: signature from minisign secret key %s\n%s\n"
                          "trusted comment: %s\n%s\n",
                          id, b64, trusted_comment, global_b64);
}

RpMinisignSignature *
rp_minisign_signature_parse (const char *text,
                             gsize       length,
                             GError    **error)
{
  g_auto(GStrv) lines = NULL;
  guint8 raw[2 + KEY_ID_BYTES + crypto_sign_BYTES];
  g_autoptr(RpMinisignSignature) sig = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  ensure_sodium ();
  if (length == 0 || length > RP_MINISIGN_MAX_SIGNATURE_SIZE ||
      (lines = split_lines (text, length, 4)) == NULL || g_strv_length (lines) != 4)
    {
      bad (error, "The signature file is not in minisign format (four lines expected)");
      return NULL;
    }
  if (!g_str_has_prefix (lines[0], "untrusted comment: ") || strlen (lines[0]) > MAX_COMMENT)
    {
      bad (error, "The signature file does not start with an untrusted comment");
      return NULL;
    }
  if (!decode_exact (lines[1], raw, sizeof raw))
    {
      bad (error, "The signature line is not a valid minisign signature");
      return NULL;
    }
  if (raw[0] == 'E' && raw[1] == 'd')
    {
      bad (error, "Legacy (non-prehashed) minisign signatures are not accepted; sign with minisign 0.10 or later");
      return NULL;
    }
  if (raw[0] != 'E' || raw[1] != 'D')
    {
      bad (error, "Unknown minisign signature algorithm");
      return NULL;
    }
  if (!g_str_has_prefix (lines[2], "trusted comment: ") || strlen (lines[2]) > MAX_COMMENT ||
      !g_utf8_validate (lines[2], -1, NULL))
    {
      bad (error, "The signature file has no valid trusted comment");
      return NULL;
    }
  sig = g_new0 (RpMinisignSignature, 1);
  memcpy (sig->id, raw + 2, KEY_ID_BYTES);
  memcpy (sig->sig, raw + 2 + KEY_ID_BYTES, crypto_sign_BYTES);
  sig->trusted_comment = g_strdup (lines[2] + strlen ("trusted comment: "));
  if (!decode_exact (lines[3], sig->global_sig, crypto_sign_BYTES))
    {
      bad (error, "The global signature line is not valid");
      return NULL;
    }
  return g_steal_pointer (&sig);
}

void
rp_minisign_signature_free (RpMinisignSignature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->trusted_comment);
  g_free (signature);
}

char *
rp_minisign_signature_get_key_id (const RpMinisignSignature *signature)
{
  return format_id (signature->id);
}

const char *
rp_minisign_signature_get_trusted_comment (const RpMinisignSignature *signature)
{
  return signature->trusted_comment;
}

char *
rp_minisign_signature_get_field (const RpMinisignSignature *signature,
                                 const char                *name)
{
  g_auto(GStrv) fields = g_strsplit_set (signature->trusted_comment, "\t ", -1);
  gsize name_len = strlen (name);

  for (guint i = 0; fields[i] != NULL; i++)
    if (strncmp (fields[i], name, name_len) == 0 && fields[i][name_len] == ':')
      return g_strdup (fields[i] + name_len + 1);
  return NULL;
}

gboolean
rp_minisign_verify (const RpMinisignKey       *key,
                    const RpMinisignSignature *signature,
                    const guint8              *message,
                    gsize                      length,
                    GError                   **error)
{
  guint8 hash[PREHASH_BYTES];
  gsize comment_len;
  g_autofree guint8 *global_msg = NULL;

  g_return_val_if_fail (key != NULL && signature != NULL, FALSE);

  ensure_sodium ();
  if (memcmp (key->id, signature->id, KEY_ID_BYTES) != 0)
    {
      g_autofree char *want = format_id (key->id);
      g_autofree char *got = format_id (signature->id);
      g_set_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY,
                   "Signed by key %s, not by the trusted key %s", got, want);
      return FALSE;
    }
  crypto_generichash (hash, sizeof hash, message, length, NULL, 0);
  if (crypto_sign_verify_detached (signature->sig, hash, sizeof hash, key->pk) != 0)
    return bad (error, "The signature does not match the manifest: it was altered after signing");

  comment_len = strlen (signature->trusted_comment);
  global_msg = g_malloc (crypto_sign_BYTES + comment_len);
  memcpy (global_msg, signature->sig, crypto_sign_BYTES);
  memcpy (global_msg + crypto_sign_BYTES, signature->trusted_comment, comment_len);
  if (crypto_sign_verify_detached (signature->global_sig, global_msg, crypto_sign_BYTES + comment_len,
                                   key->pk) != 0)
    return bad (error, "The trusted comment of the signature was altered after signing");
  return TRUE;
}
