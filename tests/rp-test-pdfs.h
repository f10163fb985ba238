/* rp-test-pdfs.h — the good and hostile PDFs of make-test-pdfs.py
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* (transfer full): a fresh directory @name holding every PDF
 * make-test-pdfs.py writes (RP_MAKE_TEST_PDFS names the script). */
char *rp_test_make_pdfs (const char *name);

/* The hostile PDFs that cannot be opened: the error code opening one gives
 * and words its message must hold. */
typedef struct
{
  const char *file;
  int         code;
  const char *says;
} RpTestMalformedPdf;

#define RP_TEST_N_MALFORMED_PDFS 7
extern const RpTestMalformedPdf rp_test_malformed_pdfs[RP_TEST_N_MALFORMED_PDFS];

/* The readingpoint-render-helper processes this test started that still
 * run (element-type GPid). */
GArray  *rp_test_helper_pids (void);
/* CPU time @pid has used (utime + stime, in clock ticks); G_MAXUINT64 once
 * it is gone. */
guint64  rp_test_cpu_ticks   (GPid pid);
/* A process's CPU time noted at one moment (rp_test_cpu_watch_start). */
typedef struct
{
  GPid    pid;
  guint64 ticks;
} RpTestCpuWatch;

void     rp_test_cpu_watch_start (RpTestCpuWatch *watch,
                                  GPid            pid);
/* For rp_test_wait_until: the watched process is busy, its CPU time grew
 * since it was noted (@data: an RpTestCpuWatch). */
gboolean rp_test_cpu_grew    (gpointer data);
/* Whether @pid has ended and been reaped. */
gboolean rp_test_pid_gone    (GPid pid);

G_END_DECLS
