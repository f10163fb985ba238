/* rp-render-queue.h — the pages of one open PDF, drawn on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One worker thread owns the PopplerDocument (poppler is not safe for
 * concurrent use); every other call is made on the thread that created the
 * queue, and every signal is emitted there, from its main context.
 *
 * Jobs carry a priority (visible < neighbour < thumbnail: lower runs first)
 * and a GCancellable that the worker checks before and after drawing; a
 * cancelled job never emits. A request for a page that is already queued
 * updates that job; one for a page being drawn at another size is parked on
 * the running job and queued when it finishes, never run twice at once.
 *
 * Poppler runs in a helper process per open document
 * (rp-render-helper-client.h, readingpoint-render-helper), under a memory
 * limit and a system-call filter; the worker thread only waits for it.
 *
 * Time limit (opening, which starts the helper, gets at least
 * RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT): a page that draws for longer than the
 * limit is abandoned: its
 * helper is killed (nothing of it runs on), the page is reported failed
 * (RP_ERROR_RENDER_TIMEOUT), and a fresh worker and helper reopen the file
 * for the other pages. After RP_RENDER_QUEUE_MAX_ABANDONED such pages the
 * document is given up ("document-failed"): each costs the reader a wait
 * of the whole limit. A helper that dies (a crash, its memory limit, a
 * forbidden system call) fails only the page it was drawing, with an error
 * that says how; the next request starts another. Disposing of the queue
 * (leaving the document) kills its helper.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "rp-document.h"

G_BEGIN_DECLS

#define RP_TYPE_RENDER_QUEUE (rp_render_queue_get_type ())
G_DECLARE_FINAL_TYPE (RpRenderQueue, rp_render_queue, RP, RENDER_QUEUE, GObject)

#define RP_RENDER_QUEUE_MAX_ABANDONED      2
#define RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT 10000 /* ms */
#define RP_RENDER_QUEUE_DEFAULT_CACHE_MIB  128   /* the render-cache-mib setting's default */
/* The viewer's largest zoom; zoom 1.0 draws a point as 96/72 pixels. */
#define RP_RENDER_QUEUE_MAX_ZOOM           8.0

/* Lower runs first; a neighbour's distance from the visible pages is added
 * to RP_RENDER_PRIORITY_NEIGHBOUR. */
enum
{
  RP_RENDER_PRIORITY_VISIBLE   = 0,
  RP_RENDER_PRIORITY_NEIGHBOUR = 10,
  RP_RENDER_PRIORITY_FIND      = 50,
  RP_RENDER_PRIORITY_THUMBNAIL = 100,
};

typedef struct
{
  guint n_started;    /* renders the worker began */
  guint n_delivered;  /* renders that reached the cache and were announced */
  guint n_skipped;    /* cancelled before the worker reached them */
  guint n_discarded;  /* cancelled while drawing: result dropped */
  guint n_merged;     /* requests folded into a queued job for the same page */
  guint n_parked;     /* requests parked behind a running job for the same page */
  guint n_abandoned;  /* renders given up at the time limit */
} RpRenderStats;

RpRenderQueue   *rp_render_queue_new             (guint64              cache_budget_bytes);
/* Opens @path on the worker thread. */
void             rp_render_queue_open_async      (RpRenderQueue       *self,
                                                  const char          *path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         rp_render_queue_open_finish     (RpRenderQueue       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
gboolean         rp_render_queue_is_open         (RpRenderQueue       *self);
guint            rp_render_queue_get_n_pages     (RpRenderQueue       *self);
gboolean         rp_render_queue_get_page_size   (RpRenderQueue       *self,
                                                  guint                page,
                                                  double              *width_pt,
                                                  double              *height_pt);
/* Width in pixels of @page drawn at @scale pixels per point. */
int              rp_render_queue_width_for_scale (RpRenderQueue       *self,
                                                  guint                page,
                                                  double               scale);
/* The largest scale at which every page fits the pixel limits and a few
 * pages fit the cache budget together. */
double           rp_render_queue_get_max_scale   (RpRenderQueue       *self);
/* The largest scale (pixels per point) a document with these page sizes
 * (@n_pages pairs of width, height in points) may be drawn at under a cache
 * of @cache_budget_bytes: what rp_render_queue_get_max_scale answers, for
 * callers that have no queue (the publish gate). */
double           rp_render_max_scale             (const double        *sizes,
                                                  guint                n_pages,
                                                  guint64              cache_budget_bytes);
void             rp_render_queue_set_time_limit  (RpRenderQueue       *self,
                                                  guint                msec);

/* (transfer none) (nullable): the cached render of @page @width_px wide. */
cairo_surface_t *rp_render_queue_lookup          (RpRenderQueue       *self,
                                                  guint                page,
                                                  int                  width_px);
/* (transfer none) (nullable): the cached render of @page nearest that size. */
cairo_surface_t *rp_render_queue_lookup_best     (RpRenderQueue       *self,
                                                  guint                page,
                                                  int                  width_px);
/* Queues a render unless it is cached; TRUE when it is. "page-ready" follows. */
gboolean         rp_render_queue_request         (RpRenderQueue       *self,
                                                  guint                page,
                                                  int                  width_px,
                                                  int                  priority);
/* Shows pages [@first, @last] at @scale, prefetches @n_ahead pages in
 * @direction (+1 down, -1 up) and one the other way, and cancels every other
 * page render (thumbnails excepted). */
void             rp_render_queue_set_window      (RpRenderQueue       *self,
                                                  guint                first,
                                                  guint                last,
                                                  double               scale,
                                                  int                  direction,
                                                  guint                n_ahead);
/* Cancels every queued or running thumbnail-sized render. */
void             rp_render_queue_cancel_thumbnails (RpRenderQueue     *self);
/* (nullable): why @page cannot be drawn. */
const GError    *rp_render_queue_get_page_error  (RpRenderQueue       *self,
                                                  guint                page);
/* (nullable) (transfer none) (element-type RpLink): known once drawn. */
GPtrArray       *rp_render_queue_get_links       (RpRenderQueue       *self,
                                                  guint                page);

/* Searches every page for @query, page by page between renders: emits
 * "find-hits" for each page with hits, then "find-finished". Cancels any
 * earlier search. */
void             rp_render_queue_find            (RpRenderQueue       *self,
                                                  const char          *query);
void             rp_render_queue_find_cancel     (RpRenderQueue       *self);

RpRenderStats    rp_render_queue_get_stats       (RpRenderQueue       *self);
void             rp_render_queue_reset_stats     (RpRenderQueue       *self);
/* The page cache: budget, size and peak, for tests and the benchmark. */
guint64          rp_render_queue_get_cache_size  (RpRenderQueue       *self);
guint64          rp_render_queue_get_cache_peak  (RpRenderQueue       *self);
guint64          rp_render_queue_get_cache_budget (RpRenderQueue      *self);
/* Whether jobs are queued or running. */
gboolean         rp_render_queue_is_busy         (RpRenderQueue       *self);

G_END_DECLS
