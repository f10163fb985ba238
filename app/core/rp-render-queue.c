/* rp-render-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main-thread side: requests, the prefetch window, results, the time
 * limit and find. Jobs and the worker thread are in rp-render-job.c.
 *
 * Invariants:
 * - RpRenderQueue.jobs maps (page, low-res?) to the one live render job for
 *   it, so a page is never queued twice at the same kind of size;
 * - a worker whose owner is NULL delivers nothing.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rp-error.h"
#include "rp-page-cache.h"
#include "rp-render-job-private.h"

struct _RpRenderQueue
{
  GObject         parent_instance;

  RpRenderWorker *worker;
  char           *path;
  GTask          *open_task;
  gboolean        open;
  GError         *failure;      /* the document was given up */
  GArray         *sizes;
  RpPageCache    *cache;
  GHashTable     *jobs;         /* key → RpRenderJob (ref) */
  GHashTable     *page_errors;  /* page → GError */
  GHashTable     *links;        /* page → GPtrArray */
  guint           time_limit_ms;
  guint           watchdog_id;
  guint           find_serial;
  RpRenderJob    *find_job;
  RpRenderStats   stats;
};

enum
{
  PAGE_READY,
  PAGE_FAILED,
  FIND_HITS,
  FIND_FINISHED,
  DOCUMENT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RpRenderQueue, rp_render_queue, G_TYPE_OBJECT)

static gpointer
job_key (guint page,
         int   width)
{
  return GUINT_TO_POINTER ((page << 1) | (width <= RP_PAGE_CACHE_LOW_RES_WIDTH));
}

static void
forget_job (RpRenderQueue *self,
            RpRenderJob   *job)
{
  gpointer key = job_key (job->page, job->width);

  if (g_hash_table_lookup (self->jobs, key) == job)
    g_hash_table_remove (self->jobs, key);
}

static void
give_up (RpRenderQueue *self,
         GError        *error)
{
  g_autoptr(GPtrArray) left = NULL;

  if (self->failure != NULL)
    {
      g_error_free (error);
      return;
    }
  self->failure = error;
  if (self->worker != NULL)
    left = rp_render_worker_stop (g_steal_pointer (&self->worker));
  g_hash_table_remove_all (self->jobs);
  if (self->open_task != NULL)
    {
      g_task_return_error (self->open_task, g_error_copy (error));
      g_clear_object (&self->open_task);
    }
  else
    g_signal_emit (self, signals[DOCUMENT_FAILED], 0, self->failure);
}

gboolean
rp_render_queue_deliver (gpointer data)
{
  RpRenderResult *result = data;
  RpRenderQueue *self = result->worker->owner;
  RpRenderJob *job = result->job;
  int parked;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  switch (job->kind)
    {
    case RP_RENDER_JOB_OPEN:
      if (result->error != NULL)
        {
          give_up (self, g_steal_pointer (&result->error));
          break;
        }
      if (self->sizes == NULL)
        self->sizes = g_steal_pointer (&result->sizes);
      self->open = TRUE;
      if (self->open_task != NULL)
        {
          g_task_return_boolean (self->open_task, TRUE);
          g_clear_object (&self->open_task);
        }
      break;

    case RP_RENDER_JOB_RENDER:
      forget_job (self, job);
      g_mutex_lock (&result->worker->mutex);
      parked = job->parked_width;
      /* A size asked for after the drawing ended but before this delivery
       * was merged into the finished job: it is drawn next, not lost. */
      if (parked == 0 && job->width != result->width)
        parked = job->width;
      g_mutex_unlock (&result->worker->mutex);
      /* Cancelled while drawing, or after the drawing ended but before
       * this delivery: either way the page is no longer wanted. */
      if (result->cancelled || g_cancellable_is_cancelled (job->cancellable))
        {
          self->stats.n_discarded++;
          break;
        }
      if (result->error != NULL)
        {
          g_hash_table_replace (self->page_errors, GUINT_TO_POINTER (job->page), g_error_copy (result->error));
          g_signal_emit (self, signals[PAGE_FAILED], 0, job->page, result->error);
          break;
        }
      rp_page_cache_insert (self->cache, job->page, result->width, result->surface);
      if (result->links != NULL && !g_hash_table_contains (self->links, GUINT_TO_POINTER (job->page)))
        g_hash_table_insert (self->links, GUINT_TO_POINTER (job->page), g_steal_pointer (&result->links));
      self->stats.n_delivered++;
      /* The parked request goes first: the page is on screen at the old size. */
      if (parked != 0 && parked != result->width)
        rp_render_queue_request (self, job->page, parked, job->priority);
      g_signal_emit (self, signals[PAGE_READY], 0, job->page, result->width);
      break;

    case RP_RENDER_JOB_FIND:
      if (result->cancelled || job->serial != self->find_serial)
        break;
      if (result->hits != NULL && result->hits->len > 0)
        g_signal_emit (self, signals[FIND_HITS], 0, job->page, result->hits);
      if (result->last)
        {
          g_clear_pointer (&self->find_job, rp_render_job_unref);
          g_signal_emit (self, signals[FIND_FINISHED], 0, TRUE);
        }
      break;

    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

/* Main thread: abandons a job that has run past the time limit. */
static gboolean
watchdog (gpointer data)
{
  RpRenderQueue *self = data;
  RpRenderWorker *worker = self->worker;
  g_autoptr(RpRenderJob) job = NULL;
  g_autoptr(GPtrArray) left = NULL;
  guint limit_ms = self->time_limit_ms;
  gint64 since;

  if (worker == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&worker->mutex);
  job = worker->running ? rp_render_job_ref (worker->running) : NULL;
  since = worker->running_since;
  g_mutex_unlock (&worker->mutex);
  /* Opening starts the helper process too: it is never held to less than
   * the kiosk's own limit, so a short page limit (a test's) does not turn a
   * slow start (sanitizers, load) into a failed document. */
  if (job != NULL && job->kind == RP_RENDER_JOB_OPEN)
    limit_ms = MAX (limit_ms, RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT);
  if (job == NULL || g_get_monotonic_time () - since < (gint64) limit_ms * 1000)
    return G_SOURCE_CONTINUE;

  self->stats.n_abandoned++;
  g_mutex_lock (&worker->mutex);
  self->stats.n_started += worker->n_started;
  self->stats.n_skipped += worker->n_skipped;
  g_mutex_unlock (&worker->mutex);
  left = rp_render_worker_stop (g_steal_pointer (&self->worker));

  if (job->kind == RP_RENDER_JOB_OPEN && !self->open)
    {
      give_up (self, g_error_new (RP_ERROR, RP_ERROR_RENDER_TIMEOUT,
                                  "The document took longer than %g s to open and was abandoned",
                                  limit_ms / 1000.0));
      return G_SOURCE_CONTINUE;
    }
  if (self->stats.n_abandoned >= RP_RENDER_QUEUE_MAX_ABANDONED)
    {
      give_up (self, g_error_new (RP_ERROR, RP_ERROR_RENDER_TIMEOUT,
                                  "Pages of this document take longer than %g s to draw; it was abandoned",
                                  self->time_limit_ms / 1000.0));
      return G_SOURCE_CONTINUE;
    }

  /* A fresh worker reopens the file for every other page. */
  self->worker = rp_render_worker_new (self, self->path);
  {
    g_autoptr(RpRenderJob) reopen = rp_render_job_new (RP_RENDER_JOB_OPEN, 0, 0, RP_RENDER_PRIORITY_VISIBLE - 1);
    rp_render_worker_push (self->worker, reopen);
  }
  for (guint i = 0; i < left->len; i++)
    rp_render_worker_push (self->worker, g_ptr_array_index (left, i));

  if (job->kind == RP_RENDER_JOB_RENDER)
    {
      g_autoptr(GError) error = g_error_new (RP_ERROR, RP_ERROR_RENDER_TIMEOUT,
                                             "Page %u took longer than %g s to draw and was abandoned",
                                             job->page + 1, self->time_limit_ms / 1000.0);

      forget_job (self, job);
      /* Every other size of this page would hang the same way. */
      for (int low_res = 0; low_res <= 1; low_res++)
        {
          gpointer key = GUINT_TO_POINTER ((job->page << 1) | low_res);
          RpRenderJob *other = g_hash_table_lookup (self->jobs, key);

          if (other != NULL)
            {
              g_cancellable_cancel (other->cancellable);
              g_hash_table_remove (self->jobs, key);
            }
        }
      g_hash_table_replace (self->page_errors, GUINT_TO_POINTER (job->page), g_error_copy (error));
      g_signal_emit (self, signals[PAGE_FAILED], 0, job->page, error);
    }
  else if (job->kind == RP_RENDER_JOB_FIND && job->serial == self->find_serial)
    {
      g_clear_pointer (&self->find_job, rp_render_job_unref);
      g_signal_emit (self, signals[FIND_FINISHED], 0, FALSE);
    }
  return G_SOURCE_CONTINUE;
}

static void
rp_render_queue_dispose (GObject *object)
{
  RpRenderQueue *self = RP_RENDER_QUEUE (object);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->worker != NULL)
    g_ptr_array_unref (rp_render_worker_stop (g_steal_pointer (&self->worker)));
  if (self->open_task != NULL)
    {
      g_task_return_new_error (self->open_task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The document was closed");
      g_clear_object (&self->open_task);
    }
  g_clear_pointer (&self->find_job, rp_render_job_unref);
  g_hash_table_remove_all (self->jobs);

  G_OBJECT_CLASS (rp_render_queue_parent_class)->dispose (object);
}

static void
rp_render_queue_finalize (GObject *object)
{
  RpRenderQueue *self = RP_RENDER_QUEUE (object);

  g_clear_pointer (&self->cache, rp_page_cache_free);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->page_errors, g_hash_table_unref);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_error (&self->failure);
  g_free (self->path);

  G_OBJECT_CLASS (rp_render_queue_parent_class)->finalize (object);
}

static void
rp_render_queue_class_init (RpRenderQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_render_queue_dispose;
  object_class->finalize = rp_render_queue_finalize;

  /* (page, width in pixels): a render is in the cache. */
  signals[PAGE_READY] = g_signal_new ("page-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT);
  /* (page, GError): the page cannot be drawn. */
  signals[PAGE_FAILED] = g_signal_new ("page-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ERROR);
  /* (page, GArray of RpPageRect) */
  signals[FIND_HITS] = g_signal_new ("find-hits", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ARRAY);
  /* (complete): FALSE when the search was abandoned at the time limit. */
  signals[FIND_FINISHED] = g_signal_new ("find-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* (GError): the document was given up after it opened. */
  signals[DOCUMENT_FAILED] = g_signal_new ("document-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
rp_render_queue_init (RpRenderQueue *self)
{
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) rp_render_job_unref);
  self->page_errors = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_error_free);
  self->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->time_limit_ms = RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT;
}

RpRenderQueue *
rp_render_queue_new (guint64 cache_budget_bytes)
{
  RpRenderQueue *self = g_object_new (RP_TYPE_RENDER_QUEUE, NULL);

  self->cache = rp_page_cache_new (cache_budget_bytes);
  return self;
}

void
rp_render_queue_open_async (RpRenderQueue       *self,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(RpRenderJob) job = NULL;

  g_return_if_fail (RP_IS_RENDER_QUEUE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->path == NULL);

  self->path = g_strdup (path);
  self->open_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->open_task, rp_render_queue_open_async);
  self->worker = rp_render_worker_new (self, path);
  job = rp_render_job_new (RP_RENDER_JOB_OPEN, 0, 0, RP_RENDER_PRIORITY_VISIBLE - 1);
  rp_render_worker_push (self->worker, job);
  /* Coarse on purpose: a render limit is seconds, not milliseconds. */
  self->watchdog_id = g_timeout_add (MAX (10, MIN (250, self->time_limit_ms / 4)), watchdog, self);
}

gboolean
rp_render_queue_open_finish (RpRenderQueue *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
rp_render_queue_is_open (RpRenderQueue *self)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), FALSE);
  return self->open && self->failure == NULL;
}

guint
rp_render_queue_get_n_pages (RpRenderQueue *self)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), 0);
  return self->sizes ? self->sizes->len / 2 : 0;
}

gboolean
rp_render_queue_get_page_size (RpRenderQueue *self,
                               guint          page,
                               double        *width_pt,
                               double        *height_pt)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), FALSE);

  if (page >= rp_render_queue_get_n_pages (self))
    return FALSE;
  *width_pt = g_array_index (self->sizes, double, 2 * page);
  *height_pt = g_array_index (self->sizes, double, 2 * page + 1);
  return TRUE;
}

int
rp_render_queue_width_for_scale (RpRenderQueue *self,
                                 guint          page,
                                 double         scale)
{
  double w, h;

  if (!rp_render_queue_get_page_size (self, page, &w, &h))
    return 0;
  return CLAMP ((int) (w * scale + 0.5), 1, RP_DOCUMENT_MAX_EDGE_PX);
}

double
rp_render_max_scale (const double *sizes,
                     guint         n_pages,
                     guint64       cache_budget_bytes)
{
  /* A page may take half the full-render share of the budget: the page on
   * screen and the one being turned to fit together (4 bytes a pixel). */
  double max_pixels = MIN ((double) RP_DOCUMENT_MAX_PIXELS,
                           (double) (cache_budget_bytes - cache_budget_bytes / 4) / 2 / 4);
  double max_scale = G_MAXDOUBLE;

  for (guint i = 0; i < n_pages; i++)
    {
      double w = sizes[2 * i], h = sizes[2 * i + 1];

      max_scale = MIN (max_scale, RP_DOCUMENT_MAX_EDGE_PX / MAX (w, h));
      max_scale = MIN (max_scale, sqrt (max_pixels / (w * h)));
    }
  return max_scale == G_MAXDOUBLE ? 1.0 : max_scale;
}

double
rp_render_queue_get_max_scale (RpRenderQueue *self)
{
  return rp_render_max_scale (self->sizes ? (const double *) (void *) self->sizes->data : NULL,
                              rp_render_queue_get_n_pages (self), rp_page_cache_get_budget (self->cache));
}

void
rp_render_queue_set_time_limit (RpRenderQueue *self,
                                guint          msec)
{
  g_return_if_fail (RP_IS_RENDER_QUEUE (self));
  self->time_limit_ms = MAX (msec, 1);
  if (self->watchdog_id != 0)
    {
      g_source_remove (self->watchdog_id);
      self->watchdog_id = g_timeout_add (MAX (10, MIN (250, self->time_limit_ms / 4)), watchdog, self);
    }
}

cairo_surface_t *
rp_render_queue_lookup (RpRenderQueue *self,
                        guint          page,
                        int            width_px)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), NULL);
  return rp_page_cache_lookup (self->cache, page, width_px);
}

cairo_surface_t *
rp_render_queue_lookup_best (RpRenderQueue *self,
                             guint          page,
                             int            width_px)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), NULL);
  return rp_page_cache_lookup_best (self->cache, page, width_px);
}

gboolean
rp_render_queue_request (RpRenderQueue *self,
                         guint          page,
                         int            width_px,
                         int            priority)
{
  gpointer key = job_key (page, width_px);
  RpRenderJob *job;

  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), FALSE);

  if (rp_page_cache_lookup (self->cache, page, width_px) != NULL)
    return TRUE;
  if (self->worker == NULL || page >= rp_render_queue_get_n_pages (self) ||
      g_hash_table_contains (self->page_errors, GUINT_TO_POINTER (page)))
    return FALSE;

  job = g_hash_table_lookup (self->jobs, key);
  if (job != NULL && !g_cancellable_is_cancelled (job->cancellable))
    {
      RpRenderWorker *worker = self->worker;

      g_mutex_lock (&worker->mutex);
      if (job == worker->running)
        {
          if (job->width != width_px && job->parked_width != width_px)
            {
              job->parked_width = width_px;
              self->stats.n_parked++;
            }
          else if (job->width == width_px)
            job->parked_width = 0;
        }
      else if (job->width != width_px || job->priority != priority)
        {
          job->width = width_px;
          job->priority = priority;
          self->stats.n_merged++;
        }
      g_mutex_unlock (&worker->mutex);
      return FALSE;
    }

  job = rp_render_job_new (RP_RENDER_JOB_RENDER, page, width_px, priority);
  g_hash_table_replace (self->jobs, key, job);
  rp_render_worker_push (self->worker, job);
  return FALSE;
}

static void
cancel_where (RpRenderQueue *self,
              gboolean     (*unwanted) (RpRenderJob *job, gpointer data),
              gpointer       data)
{
  GHashTableIter iter;
  RpRenderJob *job;

  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    if (unwanted (job, data))
      {
        g_cancellable_cancel (job->cancellable);
        g_hash_table_iter_remove (&iter);
      }
}

static gboolean
outside_window (RpRenderJob *job,
                gpointer     data)
{
  const guint *range = data;

  return job->width > RP_PAGE_CACHE_LOW_RES_WIDTH && (job->page < range[0] || job->page > range[1]);
}

static gboolean
is_thumbnail (RpRenderJob *job,
              gpointer     data)
{
  return job->width <= RP_PAGE_CACHE_LOW_RES_WIDTH;
}

static guint64
page_cost (RpRenderQueue *self,
           guint          page,
           double         scale)
{
  double w, h;

  if (!rp_render_queue_get_page_size (self, page, &w, &h))
    return 0;
  return rp_page_cache_cost (rp_render_queue_width_for_scale (self, page, scale), (int) (h * scale + 0.5));
}

void
rp_render_queue_set_window (RpRenderQueue *self,
                            guint          first,
                            guint          last,
                            double         scale,
                            int            direction,
                            guint          n_ahead)
{
  guint n = rp_render_queue_get_n_pages (self);
  guint64 share, planned = 0;
  gint64 neighbours[16];
  guint n_neighbours = 0;
  guint range[2];

  g_return_if_fail (RP_IS_RENDER_QUEUE (self));

  if (n == 0)
    return;
  last = MIN (last, n - 1);
  first = MIN (first, last);
  n_ahead = MIN (n_ahead, G_N_ELEMENTS (neighbours) - 1);

  /* Neighbours are prefetched only while they fit in the cache beside the
   * visible pages: a prefetch that evicted a visible page would have that
   * page rendered again, evicting the neighbour, for ever. Reading
   * direction first, nearest first; then one page back. */
  share = rp_page_cache_get_budget (self->cache) - rp_page_cache_get_budget (self->cache) / 4;
  for (guint p = first; p <= last; p++)
    planned += page_cost (self, p, scale);
  for (guint d = 1; d <= n_ahead + 1; d++)
    {
      gint64 p;

      if (d <= n_ahead)
        p = direction >= 0 ? (gint64) last + d : (gint64) first - d;
      else
        p = direction >= 0 ? (gint64) first - 1 : (gint64) last + 1;
      if (p < 0 || p >= n)
        continue;
      planned += page_cost (self, (guint) p, scale);
      if (planned > share)
        break;
      neighbours[n_neighbours++] = p;
    }

  range[0] = first;
  range[1] = last;
  for (guint i = 0; i < n_neighbours; i++)
    {
      range[0] = MIN (range[0], (guint) neighbours[i]);
      range[1] = MAX (range[1], (guint) neighbours[i]);
    }
  cancel_where (self, outside_window, range);

  for (guint p = first; p <= last; p++)
    rp_render_queue_request (self, p, rp_render_queue_width_for_scale (self, p, scale),
                             RP_RENDER_PRIORITY_VISIBLE);
  for (guint i = 0; i < n_neighbours; i++)
    rp_render_queue_request (self, (guint) neighbours[i],
                             rp_render_queue_width_for_scale (self, (guint) neighbours[i], scale),
                             RP_RENDER_PRIORITY_NEIGHBOUR + i + 1);
}

void
rp_render_queue_cancel_thumbnails (RpRenderQueue *self)
{
  g_return_if_fail (RP_IS_RENDER_QUEUE (self));
  cancel_where (self, is_thumbnail, NULL);
}

const GError *
rp_render_queue_get_page_error (RpRenderQueue *self,
                                guint          page)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), NULL);
  return g_hash_table_lookup (self->page_errors, GUINT_TO_POINTER (page));
}

GPtrArray *
rp_render_queue_get_links (RpRenderQueue *self,
                           guint          page)
{
  g_return_val_if_fail (RP_IS_RENDER_QUEUE (self), NULL);
  return g_hash_table_lookup (self->links, GUINT_TO_POINTER (page));
}

void
rp_render_queue_find_cancel (RpRenderQueue *self)
{
  g_return_if_fail (RP_IS_RENDER_QUEUE (self));

  self->find_serial++;
  if (self->find_job != NULL)
    {
      g_cancellable_cancel (self->find_job->cancellable);
      g_clear_pointer (&self->find_job, rp_render_job_unref);
    }
}

void
rp_render_queue_find (RpRenderQueue *self,
                      const char    *query)
{
  g_return_if_fail (RP_IS_RENDER_QUEUE (self));
  g_return_if_fail (query != NULL);

  rp_render_queue_find_cancel (self);
  if (self->worker == NULL || rp_render_queue_get_n_pages (self) == 0)
    {
      g_signal_emit (self, signals[FIND_FINISHED], 0, FALSE);
      return;
    }
  self->find_job = rp_render_job_new (RP_RENDER_JOB_FIND, 0, 0, RP_RENDER_PRIORITY_FIND);
  self->find_job->query = g_strdup (query);
  self->find_job->serial = self->find_serial;
  rp_render_worker_push (self->worker, self->find_job);
}

RpRenderStats
rp_render_queue_get_stats (RpRenderQueue *self)
{
  RpRenderStats stats = self->stats;

  if (self->worker != NULL)
    {
      g_mutex_lock (&self->worker->mutex);
      stats.n_started += self->worker->n_started;
      stats.n_skipped += self->worker->n_skipped;
      g_mutex_unlock (&self->worker->mutex);
    }
  return stats;
}

void
rp_render_queue_reset_stats (RpRenderQueue *self)
{
  memset (&self->stats, 0, sizeof self->stats);
  if (self->worker != NULL)
    {
      g_mutex_lock (&self->worker->mutex);
      self->worker->n_started = self->worker->n_skipped = 0;
      g_mutex_unlock (&self->worker->mutex);
    }
}

guint64
rp_render_queue_get_cache_size (RpRenderQueue *self)
{
  return rp_page_cache_get_size (self->cache);
}

guint64
rp_render_queue_get_cache_peak (RpRenderQueue *self)
{
  return rp_page_cache_get_peak (self->cache);
}

guint64
rp_render_queue_get_cache_budget (RpRenderQueue *self)
{
  return rp_page_cache_get_budget (self->cache);
}

gboolean
rp_render_queue_is_busy (RpRenderQueue *self)
{
  gboolean busy;

  if (self->worker == NULL)
    return FALSE;
  g_mutex_lock (&self->worker->mutex);
  busy = self->worker->running != NULL || self->worker->pending->len > 0;
  g_mutex_unlock (&self->worker->mutex);
  return busy || g_hash_table_size (self->jobs) > 0 || self->find_job != NULL;
}
