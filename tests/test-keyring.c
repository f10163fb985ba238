/* test-keyring.c — which keys a terminal trusts, for which channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"

/* Three publishers' keys and the built-in demo key (its file under
 * READINGPOINT_DEMO_KEY, as in an installed terminal). */
static RpMinisignSecretKey *key_a, *key_b, *key_c, *demo_key;
static char *demo_key_path;

static RpMinisignSignature *
signature_by (const RpMinisignSecretKey *secret)
{
  g_autofree char *text = rp_minisign_sign (secret, (const guint8 *) "manifest", 8, "version:1");
  g_autoptr(GError) error = NULL;
  RpMinisignSignature *signature = rp_minisign_signature_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  return signature;
}

/* (transfer full): the public key file's text. */
static char *
public_text (const RpMinisignSecretKey *secret)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_secret_key_get_public (secret);

  return rp_minisign_key_to_text (key);
}

/* (transfer full): a file holding @secret's public key. */
static char *
public_file (const RpMinisignSecretKey *secret,
             const char                *name)
{
  g_autofree char *dir = rp_test_make_dir (name);
  g_autofree char *text = public_text (secret);

  rp_test_write_file (dir, "key.pub", text, -1);
  return g_build_filename (dir, "key.pub", NULL);
}

/* Whether @keyring trusts @signer's signature for @channel; when it does
 * not, the refusal is RP_ERROR_UNTRUSTED_KEY, its message in @out_why. */
static gboolean
lookup (RpKeyring                 *keyring,
        const RpMinisignSecretKey *signer,
        const char                *channel,
        gboolean                   demo_allowed,
        char                     **out_why)
{
  g_autoptr(RpMinisignSignature) signature = signature_by (signer);
  g_autoptr(GError) error = NULL;
  const RpMinisignKey *found = rp_keyring_lookup (keyring, signature, channel, demo_allowed, &error);
  g_autofree char *found_id = NULL;
  g_autofree char *signer_id = NULL;

  if (found == NULL)
    {
      g_assert_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY);
      if (out_why != NULL)
        *out_why = g_strdup (error->message);
      return FALSE;
    }
  g_assert_no_error (error);
  found_id = rp_minisign_key_get_id (found);
  signer_id = rp_minisign_signature_get_key_id (signature);
  g_assert_cmpstr (found_id, ==, signer_id);
  return TRUE;
}

static gboolean
trusts (RpKeyring                 *keyring,
        const RpMinisignSecretKey *signer,
        const char                *channel,
        gboolean                   demo_allowed)
{
  return lookup (keyring, signer, channel, demo_allowed, NULL);
}

/* (transfer full): why @keyring refuses @signer's signature for @channel. */
static char *
refusal (RpKeyring                 *keyring,
         const RpMinisignSecretKey *signer,
         const char                *channel,
         gboolean                   demo_allowed)
{
  char *why = NULL;

  g_assert_false (lookup (keyring, signer, channel, demo_allowed, &why));
  return why;
}

static void
add_public (RpKeyring                 *keyring,
            const RpMinisignSecretKey *secret,
            const char                *channel)
{
  g_autoptr(RpMinisignKey) key = rp_minisign_secret_key_get_public (secret);

  rp_keyring_add (keyring, key, channel);
}

static void
test_channels (void)
{
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autofree char *elsewhere = NULL;
  g_autofree char *unknown = NULL;

  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 0);
  add_public (keyring, key_a, NULL);
  add_public (keyring, key_b, "district");
  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 2);

  /* A key for every channel; a key for one. */
  g_assert_true (trusts (keyring, key_a, "district", FALSE));
  g_assert_true (trusts (keyring, key_a, "township", FALSE));
  g_assert_true (trusts (keyring, key_b, "district", FALSE));
  elsewhere = refusal (keyring, key_b, "township", FALSE);
  g_assert_nonnull (strstr (elsewhere, "another channel"));
  unknown = refusal (keyring, key_c, "district", TRUE);
  g_assert_nonnull (strstr (unknown, "not among the trusted keys"));
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

/* The demo key signs for the demo channel only, and only when the caller
 * allows the demo. */
static void
test_demo_key (void)
{
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;

  g_assert_true (rp_keyring_add_demo_file (keyring, demo_key_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 1);
  g_assert_true (trusts (keyring, demo_key, RP_DEMO_CHANNEL, TRUE));
  why = refusal (keyring, demo_key, RP_DEMO_CHANNEL, FALSE);
  g_assert_nonnull (strstr (why, "demo key"));
  g_clear_pointer (&why, g_free);
  why = refusal (keyring, demo_key, "district", TRUE);
  g_assert_nonnull (strstr (why, "another channel"));

  g_assert_false (rp_keyring_add_demo_file (keyring, "/nonexistent/demo.pub", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

static void
test_add_text_and_file (void)
{
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = public_text (key_a);
  g_autofree char *path = public_file (key_b, "keyring-file");

  g_assert_true (rp_keyring_add_text (keyring, text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rp_keyring_add_file (keyring, path, "district", &error));
  g_assert_no_error (error);
  g_assert_true (trusts (keyring, key_a, "township", FALSE));
  g_assert_true (trusts (keyring, key_b, "district", FALSE));
  g_assert_false (trusts (keyring, key_b, "township", FALSE));

  /* What is not a key adds nothing. */
  g_assert_false (rp_keyring_add_text (keyring, "RWQ not a key", NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_false (rp_keyring_add_file (keyring, "/nonexistent/key.pub", NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

static RpKeyring *
terminal_keyring (const RpTrustSettings *settings)
{
  g_autoptr(GError) error = NULL;
  RpKeyring *keyring = rp_keyring_new_for_terminal (settings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (keyring);
  return keyring;
}

/* The configured keys count for every channel. */
static void
test_terminal_configured_keys (void)
{
  g_autofree char *a = public_text (key_a);
  const char *keys[] = { a, NULL };
  RpTrustSettings settings = { .trusted_keys = keys, .configured_channel = "district",
                               .configured_origin = "https://origin.example.gov.cn/" };
  g_autoptr(RpKeyring) keyring = terminal_keyring (&settings);

  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 1);
  g_assert_true (trusts (keyring, key_a, "district", FALSE));
  g_assert_true (trusts (keyring, key_a, "township", FALSE));
  g_assert_false (trusts (keyring, key_b, "district", TRUE));
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

/* The extra key (readingpoint-admin sync --public-key) is for its channel only. */
static void
test_terminal_extra_key (void)
{
  g_autofree char *path = public_file (key_b, "keyring-extra");
  RpTrustSettings settings = { .configured_channel = "district", .extra_key_file = path,
                               .extra_key_channel = "district" };
  g_autoptr(RpKeyring) keyring = terminal_keyring (&settings);

  g_assert_true (trusts (keyring, key_b, "district", FALSE));
  g_assert_false (trusts (keyring, key_b, "township", FALSE));
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

/* The demo key joins only while the channel is the demo's and no origin
 * is configured (an empty origin is none). */
static void
test_terminal_demo_key (void)
{
  const struct
  {
    const char *channel;
    const char *origin;
    gboolean    demo_joins;
  } cases[] = {
    { RP_DEMO_CHANNEL, NULL, TRUE },
    { RP_DEMO_CHANNEL, "", TRUE },
    { RP_DEMO_CHANNEL, "https://origin.example.gov.cn/", FALSE },
    { "district", NULL, FALSE },
    { NULL, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RpTrustSettings settings = { .configured_channel = cases[i].channel,
                                   .configured_origin = cases[i].origin };
      g_autoptr(RpKeyring) keyring = terminal_keyring (&settings);

      g_test_message ("channel %s, origin %s", cases[i].channel, cases[i].origin);
      g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, cases[i].demo_joins ? 1 : 0);
      g_assert_cmpint (trusts (keyring, demo_key, RP_DEMO_CHANNEL, TRUE), ==, cases[i].demo_joins);
      /* Even then, not on a terminal that has held something else. */
      g_assert_false (trusts (keyring, demo_key, RP_DEMO_CHANNEL, FALSE));
      g_assert_finalize_object (g_steal_pointer (&keyring));
    }
}

/* The demo key gains no trust by being configured as an ordinary key or
 * as the extra key. */
static void
test_terminal_demo_key_not_promoted (void)
{
  g_autofree char *demo_text = public_text (demo_key);
  const char *keys[] = { demo_text, NULL };
  RpTrustSettings settings = { .trusted_keys = keys, .configured_channel = "district",
                               .extra_key_file = demo_key_path, .extra_key_channel = "district" };
  g_autoptr(RpKeyring) keyring = terminal_keyring (&settings);

  g_assert_cmpuint (rp_keyring_get_n_keys (keyring), ==, 0);
  g_assert_false (trusts (keyring, demo_key, "district", TRUE));
  g_assert_false (trusts (keyring, demo_key, RP_DEMO_CHANNEL, TRUE));
  g_assert_finalize_object (g_steal_pointer (&keyring));
}

/* A broken configuration is an error, not a keyring with less in it. */
static void
test_terminal_bad_configuration (void)
{
  const char *bad_keys[] = { "not a key", NULL };
  RpTrustSettings bad_text = { .trusted_keys = bad_keys, .configured_channel = "district" };
  RpTrustSettings missing_file = { .configured_channel = "district", .extra_key_file = "/nonexistent/key.pub",
                                   .extra_key_channel = "district" };
  g_autoptr(GError) error = NULL;

  g_assert_null (rp_keyring_new_for_terminal (&bad_text, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
  g_clear_error (&error);
  g_assert_null (rp_keyring_new_for_terminal (&missing_file, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  key_a = rp_minisign_secret_key_generate ();
  key_b = rp_minisign_secret_key_generate ();
  key_c = rp_minisign_secret_key_generate ();
  demo_key = rp_minisign_secret_key_generate ();
  demo_key_path = public_file (demo_key, "keyring-demo");
  g_setenv ("READINGPOINT_DEMO_KEY", demo_key_path, TRUE);

  g_test_add_func ("/ReadingPoint/Keyring/channels", test_channels);
  g_test_add_func ("/ReadingPoint/Keyring/demo-key", test_demo_key);
  g_test_add_func ("/ReadingPoint/Keyring/add-text-and-file", test_add_text_and_file);
  g_test_add_func ("/ReadingPoint/Keyring/terminal-configured-keys", test_terminal_configured_keys);
  g_test_add_func ("/ReadingPoint/Keyring/terminal-extra-key", test_terminal_extra_key);
  g_test_add_func ("/ReadingPoint/Keyring/terminal-demo-key", test_terminal_demo_key);
  g_test_add_func ("/ReadingPoint/Keyring/terminal-demo-key-not-promoted", test_terminal_demo_key_not_promoted);
  g_test_add_func ("/ReadingPoint/Keyring/terminal-bad-configuration", test_terminal_bad_configuration);

  status = g_test_run ();
  g_clear_pointer (&key_a, rp_minisign_secret_key_free);
  g_clear_pointer (&key_b, rp_minisign_secret_key_free);
  g_clear_pointer (&key_c, rp_minisign_secret_key_free);
  g_clear_pointer (&demo_key, rp_minisign_secret_key_free);
  g_clear_pointer (&demo_key_path, g_free);
  return status;
}
