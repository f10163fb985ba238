/* rp-test-pdfs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-error.h"

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

const RpTestMalformedPdf rp_test_malformed_pdfs[RP_TEST_N_MALFORMED_PDFS] = {
  { "empty.pdf", RP_ERROR_BROKEN_DOCUMENT, "empty" },
  { "truncated.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "corrupted-xref.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "zero-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "huge-mediabox.pdf", RP_ERROR_RENDER_LIMIT, "larger than any PDF page" },
  { "recursive-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "encrypted.pdf", RP_ERROR_PROTECTED_DOCUMENT, "password" },
};
