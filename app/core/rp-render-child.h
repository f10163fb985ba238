/* rp-render-child.h — drawing untrusted PDFs in a child process with limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * poppler can hang for minutes or allocate gigabytes on a hostile file
 * (TESTING.md), and neither can be stopped from another thread. A child
 * process can: it runs under RLIMIT_AS, reports each finished step on a
 * pipe, and is killed when a step takes longer than the time limit.
 *
 * The child is a plain fork, not an exec: callers are command-line tools
 * (readingpoint-publish check, readingpoint-admin during an install). A
 * multi-threaded caller risks a child that deadlocks on a lock another
 * thread held at fork time; the time limit then kills it and the step is
 * reported failed, never hangs the caller.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   step_time_limit_ms; /* no progress line for this long: killed */
  guint64 memory_limit_bytes; /* RLIMIT_AS of the child; 0: none */
} RpChildLimits;

#define RP_CHILD_DEFAULT_STEP_MS   20000
#define RP_CHILD_DEFAULT_MEMORY    ((guint64) 1024 * 1024 * 1024)

/* The limits a terminal draws a page under: the render queue's time limit
 * for one page (RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT) and the child's memory
 * limit. The publish gate and readingpoint-admin render use these, so a
 * file passes only if a terminal can draw it. */
void rp_child_limits_init_terminal (RpChildLimits *limits);

/* Runs in the child: writes progress lines to @fd (rp_child_say), returns
 * the exit status. */
typedef int (*RpChildFunc) (gpointer data,
                            int      fd);

typedef struct
{
  GPtrArray *lines;      /* every line the child said, in order */
  gboolean   exited;     /* exited normally, with exit_status */
  int        exit_status;
  int        signal;     /* killed by this signal, 0 if not */
  gboolean   timed_out;  /* killed by us at the step time limit */
} RpChildOutcome;

void     rp_child_outcome_clear (RpChildOutcome      *outcome);
/* Whether memory_limit_bytes is enforced: not in AddressSanitizer builds,
 * whose shadow memory needs terabytes of address space (RLIMIT_AS would
 * kill every child at start-up). */
gboolean rp_child_can_limit_memory (void);
/* FALSE only when no child could be started. */
gboolean rp_child_run           (RpChildFunc          func,
                                 gpointer             data,
                                 const RpChildLimits *limits,
                                 RpChildOutcome      *outcome,
                                 GError             **error);
/* In the child: one progress line. */
void     rp_child_say           (int                  fd,
                                 const char          *format,
                                 ...) G_GNUC_PRINTF (2, 3);

typedef struct
{
  guint  n_pages;     /* 0 when the document never opened */
  guint  n_drawn;     /* pages drawn at every size */
  guint  failed_page; /* from 1: the page @reason is about; 0: the whole file */
  char  *reason;      /* (nullable): why the file is broken; NULL if every page drew */
} RpPdfCheck;

void     rp_pdf_check_clear     (RpPdfCheck          *check);
/* Opens @path in a child process and does what a terminal does with it:
 * draws every page @width_px wide (a page wider than tall at the height a
 * portrait page of that width has), again at the viewer's largest zoom
 * (RP_RENDER_QUEUE_MAX_ZOOM, capped by rp_render_max_scale under the
 * default page cache), and extracts the text of every page. Each drawing
 * and each page's text is one step of @limits. */
gboolean rp_pdf_check_in_child  (const char          *path,
                                 int                  width_px,
                                 const RpChildLimits *limits,
                                 RpPdfCheck          *check,
                                 GError             **error);
/* Describes how a child that did not exit 0 ended, naming the step it was
 * on (e.g. "page 3"). (transfer full) */
char    *rp_child_describe_failure (const RpChildOutcome *outcome,
                                    const RpChildLimits  *limits,
                                    const char           *step);
/* Why a child that did not exit 0 failed: its first "error MESSAGE" line,
 * else rp_child_describe_failure with @step. NULL if it exited 0.
 * (transfer full) */
char    *rp_child_outcome_get_reason (const RpChildOutcome *outcome,
                                      const RpChildLimits  *limits,
                                      const char           *step);

G_END_DECLS
