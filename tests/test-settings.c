/* test-settings.c — rp-settings: the schema when installed, fallbacks when not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test environment points GSETTINGS_SCHEMA_DIR at the build's compiled
 * schemas and uses the memory backend.
 */
#include "config.h"

#include "rp-core.h"

static void
test_schema_found (void)
{
  g_autoptr(GSettings) settings = rp_settings_new ();
  g_autofree char *channel = NULL;

  g_assert_nonnull (settings);
  g_assert_true (rp_settings_has_key (settings, "usage-k"));
  g_assert_false (rp_settings_has_key (settings, "no-such-key"));
  g_settings_reset (settings, "channel");
  channel = rp_settings_get_string (settings, "channel", "fallback");
  g_assert_cmpstr (channel, ==, "demo");
}

static void
test_values_read_through (void)
{
  g_autoptr(GSettings) settings = rp_settings_new ();
  g_autofree char *site = NULL;
  g_auto(GStrv) keys = NULL;
  const char *set[] = { "a", "b", NULL };

  g_settings_set_string (settings, "site-id", "site-7");
  g_settings_set_uint (settings, "usage-k", 9);
  g_settings_set_strv (settings, "trusted-keys", set);
  site = rp_settings_get_string (settings, "site-id", "fallback");
  keys = rp_settings_get_strv (settings, "trusted-keys");
  g_assert_cmpstr (site, ==, "site-7");
  g_assert_cmpuint (rp_settings_get_uint (settings, "usage-k", 1), ==, 9);
  g_assert_cmpstrv (keys, set);
  g_settings_reset (settings, "site-id");
  g_settings_reset (settings, "usage-k");
  g_settings_reset (settings, "trusted-keys");
}

/* Without settings (a run from the build tree), or for a key an older
 * schema lacks, the caller's fallback applies instead of an abort. */
static void
test_fallbacks (void)
{
  g_autoptr(GSettings) settings = rp_settings_new ();
  g_autofree char *none = rp_settings_get_string (NULL, "site-id", "fallback");
  g_autofree char *missing = rp_settings_get_string (settings, "no-such-key", NULL);
  g_auto(GStrv) no_keys = rp_settings_get_strv (NULL, "trusted-keys");

  g_assert_false (rp_settings_has_key (NULL, "site-id"));
  g_assert_cmpstr (none, ==, "fallback");
  g_assert_null (missing);
  g_assert_cmpuint (rp_settings_get_uint (NULL, "usage-k", 5), ==, 5);
  g_assert_cmpuint (rp_settings_get_uint (settings, "no-such-key", 7), ==, 7);
  g_assert_null (no_keys);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ReadingPoint/Settings/schema-found", test_schema_found);
  g_test_add_func ("/ReadingPoint/Settings/values-read-through", test_values_read_through);
  g_test_add_func ("/ReadingPoint/Settings/fallbacks", test_fallbacks);
  return g_test_run ();
}
