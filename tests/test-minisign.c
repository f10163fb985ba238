/* test-minisign.c — minisign keys and signatures, against the real minisign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"

static const char message[] = "{\"format\": 1, \"channel\": \"district\", \"version\": 7}\n";

/* A key pair and a signature of @message made by the minisign tool. */
typedef struct
{
  char *dir;
  char *pk;
  char *sk;
  char *msg;
  char *sig;
  RpMinisignKey       *key;        /* loaded from pk */
  RpMinisignSignature *signature;  /* parsed from sig */
} Signed;

/* FALSE (and the test skipped) without the minisign tool. */
static gboolean
have_minisign (void)
{
  g_autofree char *minisign = g_find_program_in_path ("minisign");

  if (minisign == NULL)
    g_test_skip ("minisign is not installed (build-aux/install-deps installs it)");
  return minisign != NULL;
}

static RpMinisignKey       *load_key       (const char *path);
static RpMinisignSignature *load_signature (const char *path);

/* minisign -G (unencrypted, -W) in a new folder @name, and a signature of
 * @message with @trusted_comment; @legacy signs in the old "Ed" format. */
static void
signed_by_minisign (Signed     *s,
                    const char *name,
                    const char *trusted_comment,
                    gboolean    legacy)
{
  s->dir = rp_test_make_dir (name);
  s->pk = g_build_filename (s->dir, "minisign.pub", NULL);
  s->sk = g_build_filename (s->dir, "minisign.key", NULL);
  s->msg = g_build_filename (s->dir, "latest.json", NULL);
  s->sig = g_build_filename (s->dir, "latest.json.minisig", NULL);
  rp_test_write_file (s->dir, "latest.json", message, -1);
  g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-G", "-W", "-p", s->pk, "-s", s->sk, NULL), ==, 0);
  if (legacy)
    g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-S", "-l", "-s", s->sk, "-m", s->msg, "-x", s->sig,
                                  "-t", trusted_comment, NULL), ==, 0);
  else
    g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-S", "-s", s->sk, "-m", s->msg, "-x", s->sig,
                                  "-t", trusted_comment, NULL), ==, 0);
  s->key = load_key (s->pk);
  s->signature = legacy ? NULL : load_signature (s->sig);
}

static void
signed_clear (Signed *s)
{
  g_free (s->dir);
  g_free (s->pk);
  g_free (s->sk);
  g_free (s->msg);
  g_free (s->sig);
  g_clear_pointer (&s->key, rp_minisign_key_free);
  g_clear_pointer (&s->signature, rp_minisign_signature_free);
}

static RpMinisignKey *
load_key (const char *path)
{
  g_autoptr(GError) error = NULL;
  RpMinisignKey *key = rp_minisign_key_load (path, &error);

  g_assert_no_error (error);
  return key;
}

static char *
read_text (const char *path,
           gsize      *length)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, length, NULL));
  return text;
}

static RpMinisignSignature *
parse_signature_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  RpMinisignSignature *signature = rp_minisign_signature_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return signature;
}

static RpMinisignSignature *
load_signature (const char *path)
{
  g_autofree char *text = read_text (path, NULL);

  return parse_signature_text (text);
}

static void
verify_ok (const RpMinisignKey       *key,
           const RpMinisignSignature *signature,
           const char                *signed_message)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_minisign_verify (key, signature, (const guint8 *) signed_message, strlen (signed_message),
                                     &error));
  g_assert_no_error (error);
}

/* (transfer full): why @signature over @signed_message was refused. */
static char *
verify_refused (const RpMinisignKey       *key,
                const RpMinisignSignature *signature,
                const char                *signed_message,
                int                        code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rp_minisign_verify (key, signature, (const guint8 *) signed_message, strlen (signed_message),
                                      &error));
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, RP_ERROR, code);
  return g_strdup (error->message);
}

static void
assert_verify_fails (const RpMinisignKey       *key,
                     const RpMinisignSignature *signature,
                     const char                *signed_message,
                     int                        code)
{
  g_free (verify_refused (key, signature, signed_message, code));
}

static void
test_minisign_signature_verifies (void)
{
  Signed s;
  g_autofree char *key_id = NULL;
  g_autofree char *signature_key_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *pk_text = NULL;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-verifies", "timestamp:1700000000\tfile:latest.json version:7", FALSE);
  verify_ok (s.key, s.signature, message);

  /* The key id as minisign prints it in the public key file's comment. */
  key_id = rp_minisign_key_get_id (s.key);
  signature_key_id = rp_minisign_signature_get_key_id (s.signature);
  g_assert_cmpuint (strlen (key_id), ==, 16);
  g_assert_cmpstr (key_id, ==, signature_key_id);
  pk_text = read_text (s.pk, NULL);
  {
    /* minisign prints the id with %PRIX64: no leading zeros (one key in 16). */
    const char *digits = key_id;
    g_autofree char *comment = NULL;

    while (digits[0] == '0' && digits[1] != '\0')
      digits++;
    comment = g_strdup_printf ("minisign public key %s\n", digits);
    g_assert_nonnull (strstr (pk_text, comment));
  }

  /* The trusted comment, whole and by field (tab- or space-separated). */
  g_assert_cmpstr (rp_minisign_signature_get_trusted_comment (s.signature), ==,
                   "timestamp:1700000000\tfile:latest.json version:7");
  version = rp_minisign_signature_get_field (s.signature, "version");
  g_assert_cmpstr (version, ==, "7");
  g_assert_null (rp_minisign_signature_get_field (s.signature, "channel"));
  g_assert_null (rp_minisign_signature_get_field (s.signature, "versio"));
  signed_clear (&s);
}

static void
test_tampered_message (void)
{
  Signed s;
  g_autofree char *tampered = NULL;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-tampered", "version:7", FALSE);
  tampered = g_strdup (message);
  tampered[strlen (tampered) - 3] = '8';
  assert_verify_fails (s.key, s.signature, tampered, RP_ERROR_BAD_SIGNATURE);
  /* One byte more or less is as bad. */
  assert_verify_fails (s.key, s.signature, "", RP_ERROR_BAD_SIGNATURE);
  signed_clear (&s);
}

/* The trusted comment is covered by the global signature: raising the
 * version in it is detected. */
static void
test_tampered_trusted_comment (void)
{
  Signed s;
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) forged = NULL;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-comment", "version:7", FALSE);
  text = read_text (s.sig, NULL);
  forged = g_string_new (text);
  g_assert_cmpuint (g_string_replace (forged, "trusted comment: version:7", "trusted comment: version:9", 1), ==, 1);
  signature = parse_signature_text (forged->str);
  g_assert_cmpstr (rp_minisign_signature_get_trusted_comment (signature), ==, "version:9");
  assert_verify_fails (s.key, signature, message, RP_ERROR_BAD_SIGNATURE);
  signed_clear (&s);
}

/* Another key's signature is refused by key id, naming both ids. */
static void
test_wrong_key (void)
{
  Signed s, other;
  g_autofree char *other_id = NULL;
  g_autofree char *why = NULL;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-signer", "version:7", FALSE);
  signed_by_minisign (&other, "minisign-other", "version:7", FALSE);
  why = verify_refused (other.key, s.signature, message, RP_ERROR_UNTRUSTED_KEY);
  other_id = rp_minisign_key_get_id (other.key);
  g_assert_nonnull (strstr (why, other_id));
  signed_clear (&s);
  signed_clear (&other);
}

/* A key that claims the signer's key id but holds other key bytes: the id
 * only picks the key, the signature itself must still match. */
static void
test_key_id_is_not_the_key (void)
{
  Signed s, other;
  g_autoptr(RpMinisignKey) impostor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signer_text = NULL;
  g_autofree char *other_text = NULL;
  g_auto(GStrv) signer_lines = NULL;
  g_auto(GStrv) other_lines = NULL;
  g_autofree guchar *signer_raw = NULL;
  g_autofree guchar *forged_raw = NULL;
  g_autofree char *forged_line = NULL;
  gsize signer_len, forged_len;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-real", "version:7", FALSE);
  signed_by_minisign (&other, "minisign-impostor", "version:7", FALSE);
  signer_text = read_text (s.pk, NULL);
  other_text = read_text (other.pk, NULL);
  signer_lines = g_strsplit (signer_text, "\n", -1);
  other_lines = g_strsplit (other_text, "\n", -1);
  /* "Ed" + 8-byte key id + 32-byte key: the signer's id, the other key. */
  signer_raw = g_base64_decode (signer_lines[1], &signer_len);
  forged_raw = g_base64_decode (other_lines[1], &forged_len);
  g_assert_cmpuint (signer_len, ==, 42);
  g_assert_cmpuint (forged_len, ==, 42);
  memcpy (forged_raw + 2, signer_raw + 2, 8);
  forged_line = g_base64_encode (forged_raw, forged_len);

  impostor = rp_minisign_key_parse (forged_line, strlen (forged_line), &error);
  g_assert_no_error (error);
  assert_verify_fails (impostor, s.signature, message, RP_ERROR_BAD_SIGNATURE);
  /* The genuine key still verifies the same signature. */
  verify_ok (s.key, s.signature, message);
  signed_clear (&s);
  signed_clear (&other);
}

/* minisign -l makes a legacy ("Ed", not prehashed) signature: refused with
 * a reason the administrator can act on. */
static void
test_legacy_signature_refused (void)
{
  Signed s;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (!have_minisign ())
    return;
  signed_by_minisign (&s, "minisign-legacy", "version:7", TRUE);
  text = read_text (s.sig, &length);
  g_assert_null (rp_minisign_signature_parse (text, length, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "Legacy"));
  signed_clear (&s);
}

/* What we sign, minisign verifies; a minisign secret key signs for us. */
static void
test_interoperates_with_minisign (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(RpMinisignSecretKey) ours = rp_minisign_secret_key_generate ();
  g_autoptr(RpMinisignKey) our_public = rp_minisign_secret_key_get_public (ours);
  g_autofree char *pk_text = rp_minisign_key_to_text (our_public);
  g_autofree char *sig_text = rp_minisign_sign (ours, (const guint8 *) message, strlen (message), "version:7");
  g_autofree char *pk = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *out = NULL;
  Signed s;

  if (!have_minisign ())
    return;
  dir = rp_test_make_dir ("minisign-ours");
  pk = g_build_filename (dir, "ours.pub", NULL);
  msg = g_build_filename (dir, "latest.json", NULL);
  rp_test_write_file (dir, "ours.pub", pk_text, -1);
  rp_test_write_file (dir, "latest.json", message, -1);
  rp_test_write_file (dir, "latest.json.minisig", sig_text, -1);
  g_assert_cmpint (rp_test_run (&out, NULL, "minisign", "-V", "-H", "-p", pk, "-m", msg, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "version:7"));

  /* minisign's own (unencrypted) secret key loads, and signs what its
   * public key verifies. */
  signed_by_minisign (&s, "minisign-secret", "version:7", FALSE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RpMinisignSecretKey) theirs = rp_minisign_secret_key_load (s.sk, &error);
    g_autoptr(RpMinisignKey) derived = NULL;
    g_autofree char *derived_id = NULL;
    g_autofree char *their_id = NULL;
    g_autofree char *text = NULL;
    g_autoptr(RpMinisignSignature) signature = NULL;

    g_assert_no_error (error);
    derived = rp_minisign_secret_key_get_public (theirs);
    derived_id = rp_minisign_key_get_id (derived);
    their_id = rp_minisign_key_get_id (s.key);
    g_assert_cmpstr (derived_id, ==, their_id);
    text = rp_minisign_sign (theirs, (const guint8 *) message, strlen (message), "signed by us");
    signature = parse_signature_text (text);
    verify_ok (s.key, signature, message);
  }
  signed_clear (&s);
}

/* Keys and signatures survive their text forms. */
static void
test_text_round_trip (void)
{
  g_autoptr(RpMinisignSecretKey) secret = rp_minisign_secret_key_generate ();
  g_autoptr(RpMinisignKey) key = rp_minisign_secret_key_get_public (secret);
  g_autofree char *text = rp_minisign_key_to_text (key);
  g_autoptr(RpMinisignKey) parsed = NULL;
  g_autoptr(RpMinisignKey) copy = rp_minisign_key_copy (key);
  g_autofree char *id = rp_minisign_key_get_id (key);
  g_autofree char *parsed_id = NULL;
  g_autofree char *copy_id = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  parsed = rp_minisign_key_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  parsed_id = rp_minisign_key_get_id (parsed);
  copy_id = rp_minisign_key_get_id (copy);
  g_assert_cmpstr (parsed_id, ==, id);
  g_assert_cmpstr (copy_id, ==, id);
  /* The base64 line alone is a key too. */
  g_clear_pointer (&parsed, rp_minisign_key_free);
  parsed = rp_minisign_key_parse (lines[1], strlen (lines[1]), &error);
  g_assert_no_error (error);
  g_clear_pointer (&parsed_id, g_free);
  parsed_id = rp_minisign_key_get_id (parsed);
  g_assert_cmpstr (parsed_id, ==, id);
}

static void
test_garbage_refused (void)
{
  g_autofree char *oversized = g_strnfill (RP_MINISIGN_MAX_SIGNATURE_SIZE + 1, 'a');
  const char *bad_signatures[] = {
    "",
    "untrusted comment: x\n",
    "untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n",
    "hello\nworld\nthis is\nnot minisign\n",
    "<html><body>Log in to the hotel Wi-Fi</body></html>",
  };
  const char *bad_keys[] = { "", "untrusted comment: x\n", "RWQ=", "not base64 at all!" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_signatures); i++)
    {
      g_assert_null (rp_minisign_signature_parse (bad_signatures[i], strlen (bad_signatures[i]), &error));
      g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
    }
  g_assert_null (rp_minisign_signature_parse (oversized, strlen (oversized), &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (bad_keys); i++)
    {
      g_assert_null (rp_minisign_key_parse (bad_keys[i], strlen (bad_keys[i]), &error));
      g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
      g_clear_error (&error);
    }
  g_assert_null (rp_minisign_key_load ("/nonexistent/key.pub", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Minisign/minisign-signature-verifies", test_minisign_signature_verifies);
  g_test_add_func ("/ReadingPoint/Minisign/tampered-message", test_tampered_message);
  g_test_add_func ("/ReadingPoint/Minisign/tampered-trusted-comment", test_tampered_trusted_comment);
  g_test_add_func ("/ReadingPoint/Minisign/wrong-key", test_wrong_key);
  g_test_add_func ("/ReadingPoint/Minisign/key-id-is-not-the-key", test_key_id_is_not_the_key);
  g_test_add_func ("/ReadingPoint/Minisign/legacy-signature-refused", test_legacy_signature_refused);
  g_test_add_func ("/ReadingPoint/Minisign/interoperates-with-minisign", test_interoperates_with_minisign);
  g_test_add_func ("/ReadingPoint/Minisign/text-round-trip", test_text_round_trip);
  g_test_add_func ("/ReadingPoint/Minisign/garbage-refused", test_garbage_refused);

  return g_test_run ();
}
