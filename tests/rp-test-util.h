/* rp-test-util.h — helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* (transfer full): a fresh empty directory under the test's temporary dir. */
char    *rp_test_make_dir        (const char *name);
/* Writes @contents to @dir/@relative, creating parent directories. */
void     rp_test_write_file      (const char *dir,
                                  const char *relative,
                                  const char *contents,
                                  gssize      length);
/* A PDF of @n_pages A4 pages, each saying "Page N" and @text. */
void     rp_test_write_pdf       (const char *path,
                                  guint       n_pages,
                                  const char *text);
/* A small PNG image. */
void     rp_test_write_png       (const char *path);
/* A bundle source with three categories (one nested), four entries, a PDF
 * and a PNG attachment, good enough to exercise every field. */
char    *rp_test_make_source     (const char *name);
/* Number of regular files below @dir (recursively). */
guint    rp_test_count_files     (const char *dir);
/* TRUE if @needle's bytes occur in any file below @dir (recursively). */
gboolean rp_test_tree_contains   (const char *dir,
                                  const char *needle);
/* The demo bundle source, from READINGPOINT_DEMO_DIR. */
const char *rp_test_demo_dir     (void);

/* The count of a usage export's (@kind, @subject) row, as `usage export
 * --format json` and the reports write them; a NULL @subject is the
 * "other" row. 0 when there is no such row. */
gint64   rp_test_export_count    (const char *json,
                                  const char *kind,
                                  const char *subject);

G_END_DECLS
