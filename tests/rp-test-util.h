/* rp-test-util.h — helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rp-core.h"

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
/* (transfer full): an RpAttachment (files/x, of @type) whose bytes are
 * those of @file, stored under their hash in @data_dir's object store, as
 * an install leaves them. */
RpAttachment *rp_test_stored_attachment (const char       *data_dir,
                                         const char       *file,
                                         RpAttachmentType  type);
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

/* Runs @program (searched in PATH) with the NULL-terminated arguments and
 * returns its exit status (128 + signal when killed); its output goes to
 * @out_stdout and @out_stderr when given, never into the TAP stream. */
int      rp_test_run             (char      **out_stdout,
                                  char      **out_stderr,
                                  const char *program,
                                  ...) G_GNUC_NULL_TERMINATED;

/* The next sentence of generated disclosure-notice prose (Chinese), drawn
 * by the linear congruential generator whose state is @state. */
const char *rp_test_prose_sentence (guint32 *state);
/* (transfer full): a catalogue entry as one catalogue.jsonl line (without
 * the newline), members in DESIGN.md's order. */
char    *rp_test_entry_line      (const char *id,
                                  const char *title,
                                  const char *organ,
                                  const char *date,
                                  const char *category,
                                  const char *body);

/* The median of @n timings; sorts @values in place. */
/* The manifest of @origin's @channel published as @version (0: its
 * latest.json), parsed; asserts it parses. */
RpManifest *rp_test_origin_manifest (const char *origin,
                                     const char *channel,
                                     gint64      version);
/* How many file descriptors this process has open. */
guint    rp_test_count_fds       (void);
double   rp_test_median          (double     *values,
                                  guint       n);
/* Prints every thread's stack of this process to stderr (gdb attached
 * for a moment), so a wait that timed out says what was still running. */
void     rp_test_print_backtraces (void);
/* Waits until @condition (@data) holds, looking every 2 ms and turning the
 * thread-default main context in between: a test waits on what it needs,
 * never for a fixed time. Fails the test, naming @what and printing every
 * thread's stack, after @timeout_seconds (generous: it only matters when
 * the condition never comes, and it must hold on a loaded machine under
 * the sanitizers). */
void     rp_test_wait_until      (gboolean   (*condition) (gpointer data),
                                  gpointer     data,
                                  guint        timeout_seconds,
                                  const char  *what);
/* The same, calling @explain (@data) on a timeout, after the stacks, to
 * say what is still there. */
void     rp_test_wait_until_full (gboolean   (*condition) (gpointer data),
                                  gpointer     data,
                                  guint        timeout_seconds,
                                  const char  *what,
                                  void       (*explain) (gpointer data));

/* Runs @sql on the SQLite database @path behind the back of the code
 * under test (a tampering administrator, a file from an old version). */
void     rp_test_db_exec         (const char  *path,
                                  const char  *sql);

G_END_DECLS
