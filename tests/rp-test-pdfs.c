/* rp-test-pdfs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-test-pdfs.h"
#include "rp-test-util.h"

char *
rp_test_make_pdfs (const char *name)
{
  const char *script = g_getenv ("RP_MAKE_TEST_PDFS");
  char *dir = rp_test_make_dir (name);
  const char *args[] = { "python3", script, dir, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (script);
  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return dir;
}
