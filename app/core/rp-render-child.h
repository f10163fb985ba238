/* rp-render-child.h — the limits untrusted files are opened under
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * poppler can hang for minutes or allocate gigabytes on a hostile file
 * (TESTING.md), and neither can be stopped from another thread. Every
 * poppler call of the tools (publish check, the publisher's page text,
 * readingpoint-admin render, install-time previews) goes to a render helper
 * (rp-render-helper-client.h) made by rp_render_helper_new_limited: the
 * kiosk's own sandboxed process, with a terminal's memory limit and a time
 * limit per request, so a file passes only if a terminal can draw it.
 *
 * What is not poppler — a publisher's PNG images, decoded in full to check
 * them — runs in a forked child (rp_child_run) under RLIMIT_AS that
 * reports each finished step on a pipe and is killed when a step takes
 * longer than the time limit. The child is a plain fork, not an exec: its
 * callers are command-line tools. A multi-threaded caller risks a child
 * that deadlocks on a lock another thread held at fork time; the time limit
 * then kills it and the step is reported failed, never hangs the caller.
 */
#pragma once

#include <glib.h>

#include "rp-render-helper-client.h"

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
/* Opens @path in a render helper with @limits (its memory limit, and the
 * time limit of each request) and does what a terminal does with it:
 * draws every page @width_px wide (a page wider than tall at the height a
 * portrait page of that width has), again at the viewer's largest zoom
 * (RP_RENDER_QUEUE_MAX_ZOOM, capped by rp_render_max_scale under the
 * default page cache), and extracts the text of every page. Each drawing
 * and each page's text is one step of @limits. Never fails: what went
 * wrong is @check's reason. */
void     rp_pdf_check_in_helper (const char          *path,
                                 int                  width_px,
                                 const RpChildLimits *limits,
                                 RpPdfCheck          *check);
/* A render helper (rp-render-helper-client.h) for @path drawing under
 * @limits: what the tools use, so that poppler runs where it runs on a
 * terminal (its own process, sandboxed, with the terminal's limits). */
RpRenderHelper *rp_render_helper_new_limited (const char          *path,
                                              const RpChildLimits *limits);
/* Why @step failed with @error in such a helper: "STEP took longer than N s
 * (time limit)…", else "STEP: message"; @step NULL: opening the document
 * (whose errors say so themselves). (transfer full) */
char    *rp_helper_describe_failure (const char          *step,
                                     const GError        *error,
                                     const RpChildLimits *limits);
/* Why a child that did not exit 0 failed: its first "error MESSAGE" line,
 * else how it ended, naming @step. NULL if it exited 0.
 * (transfer full) */
char    *rp_child_outcome_get_reason (const RpChildOutcome *outcome,
                                      const RpChildLimits  *limits,
                                      const char           *step);

G_END_DECLS
