/* test-identity.c — the terminal's own key pair, made on first use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rp-core.h"
#include "rp-test-util.h"

static RpMinisignSecretKey *
load_or_create (const char *dir)
{
  g_autoptr(GError) error = NULL;
  RpMinisignSecretKey *key = rp_identity_load_or_create (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

/* (transfer full): the key id of @secret's public half. */
static char *
id_of (const RpMinisignSecretKey *secret)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_secret_key_get_public (secret);

  return rp_minisign_key_get_id (key);
}

static guint
file_mode (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Made once, in a data directory that does not exist yet; the secret half
 * readable by its owner only. */
static void
test_created_once (void)
{
  g_autofree char *root = rp_test_make_dir ("identity-new");
  g_autofree char *dir = g_build_filename (root, "data", NULL);
  g_autoptr(RpMinisignSecretKey) first = load_or_create (dir);
  g_autoptr(RpMinisignSecretKey) again = load_or_create (dir);
  g_autofree char *first_id = id_of (first);
  g_autofree char *again_id = id_of (again);

  g_assert_cmpstr (first_id, ==, again_id);
  g_assert_cmpuint (file_mode (dir, "identity.key"), ==, 0600);
  g_assert_cmpuint (file_mode (dir, "identity.pub"), ==, 0644);
}

/* identity.pub is the public half of identity.key, in minisign format, and
 * its base64 line is what the office enrols. */
static void
test_public_key_file (void)
{
  g_autofree char *dir = rp_test_make_dir ("identity-pub");
  g_autoptr(RpMinisignSecretKey) secret = load_or_create (dir);
  g_autofree char *pk_path = g_build_filename (dir, "identity.pub", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignKey) on_disk = rp_minisign_key_load (pk_path, &error);
  g_autoptr(RpMinisignKey) derived = rp_minisign_secret_key_get_public (secret);
  g_autofree char *line = rp_identity_public_key_line (derived);
  g_autofree char *text = NULL;
  g_autoptr(RpMinisignKey) from_line = NULL;
  g_autofree char *disk_id = NULL;
  g_autofree char *line_id = NULL;
  g_autofree char *secret_id = id_of (secret);

  g_assert_no_error (error);
  disk_id = rp_minisign_key_get_id (on_disk);
  g_assert_cmpstr (disk_id, ==, secret_id);
  g_assert_true (g_file_get_contents (pk_path, &text, NULL, NULL));
  g_assert_null (strchr (line, '\n'));
  g_assert_nonnull (strstr (text, line));
  from_line = rp_minisign_key_parse (line, strlen (line), &error);
  g_assert_no_error (error);
  line_id = rp_minisign_key_get_id (from_line);
  g_assert_cmpstr (line_id, ==, secret_id);
}

/* A lost public file is derived again from the secret key, never trusted
 * from disk. */
static void
test_public_key_restored (void)
{
  g_autofree char *dir = rp_test_make_dir ("identity-restore");
  g_autofree char *pk_path = g_build_filename (dir, "identity.pub", NULL);
  g_autoptr(RpMinisignSecretKey) first = load_or_create (dir);
  g_autoptr(RpMinisignSecretKey) again = NULL;
  g_autoptr(RpMinisignKey) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = id_of (first);
  g_autofree char *restored_id = NULL;

  g_assert_cmpint (g_unlink (pk_path), ==, 0);
  again = load_or_create (dir);
  restored = rp_minisign_key_load (pk_path, &error);
  g_assert_no_error (error);
  restored_id = rp_minisign_key_get_id (restored);
  g_assert_cmpstr (restored_id, ==, first_id);
}

/* What it signs, its public key verifies. */
static void
test_signs (void)
{
  g_autofree char *dir = rp_test_make_dir ("identity-signs");
  g_autoptr(RpMinisignSecretKey) secret = load_or_create (dir);
  g_autoptr(RpMinisignKey) key = rp_minisign_secret_key_get_public (secret);
  const char report[] = "{\"site\": \"qingxi-01\"}";
  g_autofree char *text = rp_minisign_sign (secret, (const guint8 *) report, strlen (report), "site:qingxi-01");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignSignature) signature = rp_minisign_signature_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_true (rp_minisign_verify (key, signature, (const guint8 *) report, strlen (report), &error));
  g_assert_no_error (error);
}

/* A damaged secret key is an error, not silently replaced: a new key
 * would no longer match what the office enrolled. */
static void
test_damaged_key_refused (void)
{
  g_autofree char *dir = rp_test_make_dir ("identity-damaged");
  g_autofree char *pk_path = g_build_filename (dir, "identity.pub", NULL);
  g_autoptr(GError) error = NULL;

  rp_test_write_file (dir, "identity.key", "untrusted comment: x\nnot a key\n", -1);
  g_assert_null (rp_identity_load_or_create (dir, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
  g_assert_false (g_file_test (pk_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Identity/created-once", test_created_once);
  g_test_add_func ("/ReadingPoint/Identity/public-key-file", test_public_key_file);
  g_test_add_func ("/ReadingPoint/Identity/public-key-restored", test_public_key_restored);
  g_test_add_func ("/ReadingPoint/Identity/signs", test_signs);
  g_test_add_func ("/ReadingPoint/Identity/damaged-key-refused", test_damaged_key_refused);

  return g_test_run ();
}
