/* test-error.c — the Reading Point error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

/* The domain is one quark, under a stable name. */
static void
test_domain (void)
{
  g_autoptr(GError) error = g_error_new (RP_ERROR, RP_ERROR_EXPIRED, "The manifest expired");

  g_assert_cmpuint (RP_ERROR, !=, 0);
  g_assert_cmpuint (RP_ERROR, ==, rp_error_quark ());
  g_assert_cmpstr (g_quark_to_string (RP_ERROR), ==, "rp-error-quark");
  g_assert_true (g_error_matches (error, RP_ERROR, RP_ERROR_EXPIRED));
  g_assert_false (g_error_matches (error, G_IO_ERROR, RP_ERROR_EXPIRED));
}

/* `readingpoint-admin --json` prints error->code (rp_cli_fail), so the
 * numbers are an interface: new codes go at the end, none is reordered. */
static void
test_codes_stable (void)
{
  g_assert_cmpint (RP_ERROR_INVALID_CATALOGUE, ==, 0);
  g_assert_cmpint (RP_ERROR_MISSING_FILE, ==, 1);
  g_assert_cmpint (RP_ERROR_DATABASE, ==, 2);
  g_assert_cmpint (RP_ERROR_NOT_FOUND, ==, 3);
  g_assert_cmpint (RP_ERROR_NO_CATALOGUE, ==, 4);
  g_assert_cmpint (RP_ERROR_BROKEN_DOCUMENT, ==, 5);
  g_assert_cmpint (RP_ERROR_IO, ==, 6);
  g_assert_cmpint (RP_ERROR_INVALID_QUERY, ==, 7);
  g_assert_cmpint (RP_ERROR_BAD_SIGNATURE, ==, 8);
  g_assert_cmpint (RP_ERROR_UNTRUSTED_KEY, ==, 9);
  g_assert_cmpint (RP_ERROR_INVALID_MANIFEST, ==, 10);
  g_assert_cmpint (RP_ERROR_WRONG_CHANNEL, ==, 11);
  g_assert_cmpint (RP_ERROR_STALE_VERSION, ==, 12);
  g_assert_cmpint (RP_ERROR_EXPIRED, ==, 13);
  g_assert_cmpint (RP_ERROR_OBJECT_MISMATCH, ==, 14);
  g_assert_cmpint (RP_ERROR_NETWORK, ==, 15);
  g_assert_cmpint (RP_ERROR_NOT_A_MANIFEST, ==, 16);
  g_assert_cmpint (RP_ERROR_UNSAFE_PATH, ==, 17);
  g_assert_cmpint (RP_ERROR_TOO_SLOW, ==, 18);
  g_assert_cmpint (RP_ERROR_PROTECTED_DOCUMENT, ==, 19);
  g_assert_cmpint (RP_ERROR_RENDER_TIMEOUT, ==, 20);
  g_assert_cmpint (RP_ERROR_RENDER_LIMIT, ==, 21);
  g_assert_cmpint (RP_ERROR_PIN_REFUSED, ==, 22);
  g_assert_cmpint (RP_ERROR_SPEECH, ==, 23);
  g_assert_cmpint (RP_ERROR_MARKED_BROKEN, ==, 24);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Error/domain", test_domain);
  g_test_add_func ("/ReadingPoint/Error/codes-stable", test_codes_stable);

  return g_test_run ();
}
