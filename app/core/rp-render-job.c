/* rp-render-job.c — render jobs and the worker thread that runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker owns one document's render helper (a process: poppler never
 * runs in the kiosk's) and runs its jobs, highest priority first: opening
 * the file, drawing a page, finding text on a page. What a job produced is
 * posted to the owner's main context as an RpRenderResult. Stopping a
 * worker kills its helper, which ends whatever poppler was doing.
 */
#include "config.h"

#include "rp-error.h"
#include "rp-page-cache.h"
#include "rp-render-child.h"
#include "rp-render-job-private.h"

RpRenderJob *
rp_render_job_new (RpRenderJobKind kind,
                   guint           page,
                   int             width,
                   int             priority)
{
  RpRenderJob *job = g_new0 (RpRenderJob, 1);

  g_atomic_ref_count_init (&job->ref);
  job->kind = kind;
  job->page = page;
  job->width = width;
  job->priority = priority;
  job->cancellable = g_cancellable_new ();
  return job;
}

RpRenderJob *
rp_render_job_ref (RpRenderJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

void
rp_render_job_unref (RpRenderJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref))
    return;
  g_object_unref (job->cancellable);
  g_free (job->query);
  g_free (job);
}

static RpRenderWorker *
worker_ref (RpRenderWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

static void
worker_unref (RpRenderWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;
  g_ptr_array_unref (worker->pending);
  g_mutex_clear (&worker->mutex);
  g_cond_clear (&worker->cond);
  g_main_context_unref (worker->context);
  rp_render_helper_free (worker->helper);
  g_free (worker->path);
  g_free (worker);
}

static void
result_free (RpRenderResult *result)
{
  worker_unref (result->worker);
  rp_render_job_unref (result->job);
  g_clear_pointer (&result->surface, cairo_surface_destroy);
  g_clear_pointer (&result->links, g_ptr_array_unref);
  g_clear_pointer (&result->hits, g_array_unref);
  g_clear_pointer (&result->sizes, g_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

/* Worker thread. */
static void
post (RpRenderWorker *worker,
      RpRenderResult *result)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, rp_render_queue_deliver, result, (GDestroyNotify) result_free);
  g_source_attach (source, worker->context);
  g_source_unref (source);
}

/* Worker thread: the highest-priority job, oldest first. (mutex) */
static RpRenderJob *
take_next (RpRenderWorker *worker)
{
  guint best = G_MAXUINT;

  for (guint i = 0; i < worker->pending->len; i++)
    {
      RpRenderJob *job = g_ptr_array_index (worker->pending, i);
      RpRenderJob *current = best != G_MAXUINT ? g_ptr_array_index (worker->pending, best) : NULL;

      if (current == NULL || job->priority < current->priority ||
          (job->priority == current->priority && job->seq < current->seq))
        best = i;
    }
  return best == G_MAXUINT ? NULL : g_ptr_array_steal_index (worker->pending, best);
}

/* Worker thread. */
static RpRenderResult *
run_job (RpRenderWorker *worker,
         RpRenderJob    *job,
         int             width)
{
  RpRenderResult *result = g_new0 (RpRenderResult, 1);

  result->worker = worker_ref (worker);
  result->job = rp_render_job_ref (job);
  result->page = job->page;
  result->width = width;

  switch (job->kind)
    {
    case RP_RENDER_JOB_OPEN:
      result->sizes = rp_render_helper_open (worker->helper, &result->error);
      worker->n_pages = result->sizes != NULL ? result->sizes->len / 2 : 0;
      break;

    case RP_RENDER_JOB_RENDER:
      if (worker->n_pages == 0)
        {
          g_set_error_literal (&result->error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document is not open");
          break;
        }
      result->surface = rp_render_helper_render_page (worker->helper, job->page, width, job->cancellable,
                                                      &result->error);
      if (result->surface != NULL && width > RP_PAGE_CACHE_LOW_RES_WIDTH)
        result->links = rp_render_helper_get_links (worker->helper, job->page, NULL);
      break;

    case RP_RENDER_JOB_FIND:
      if (job->page < worker->n_pages)
        result->hits = rp_render_helper_find_text (worker->helper, job->page, job->query, NULL);
      result->last = job->page + 1 >= worker->n_pages;
      break;

    default:
      g_assert_not_reached ();
    }
  /* Checked after drawing too: a page that scrolled away is not announced. */
  result->cancelled = g_cancellable_is_cancelled (job->cancellable);
  return result;
}

static gpointer
worker_thread (gpointer data)
{
  RpRenderWorker *worker = data;

  g_mutex_lock (&worker->mutex);
  for (;;)
    {
      RpRenderJob *job;
      RpRenderResult *result;
      int width;

      while (!worker->stop && worker->pending->len == 0)
        g_cond_wait (&worker->cond, &worker->mutex);
      if (worker->stop)
        break;
      job = take_next (worker);
      if (job == NULL)
        continue;
      if (g_cancellable_is_cancelled (job->cancellable))
        {
          worker->n_skipped++;
          rp_render_job_unref (job);
          continue;
        }
      worker->running = job;
      worker->running_since = g_get_monotonic_time ();
      if (job->kind == RP_RENDER_JOB_RENDER)
        worker->n_started++;
      width = job->width;
      g_mutex_unlock (&worker->mutex);

      result = run_job (worker, job, width);

      g_mutex_lock (&worker->mutex);
      worker->running = NULL;
      if (worker->stop)
        {
          /* Abandoned while drawing: the watchdog already reported it. */
          result_free (result);
          rp_render_job_unref (job);
          break;
        }
      /* A find continues with the next page, after whatever is more urgent. */
      if (job->kind == RP_RENDER_JOB_FIND && !result->last && !result->cancelled)
        {
          RpRenderJob *next = rp_render_job_new (RP_RENDER_JOB_FIND, job->page + 1, 0, job->priority);

          g_object_unref (next->cancellable);
          next->cancellable = g_object_ref (job->cancellable);
          next->query = g_strdup (job->query);
          next->serial = job->serial;
          next->seq = worker->next_seq++;
          g_ptr_array_add (worker->pending, next);
        }
      post (worker, result);
      rp_render_job_unref (job);
    }
  g_mutex_unlock (&worker->mutex);

  worker_unref (worker);
  return NULL;
}

RpRenderWorker *
rp_render_worker_new (RpRenderQueue *owner,
                      const char    *path)
{
  RpRenderWorker *worker = g_new0 (RpRenderWorker, 1);
  GThread *thread;

  g_atomic_ref_count_init (&worker->ref);
  g_mutex_init (&worker->mutex);
  g_cond_init (&worker->cond);
  worker->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_render_job_unref);
  worker->context = g_main_context_ref_thread_default ();
  worker->path = g_strdup (path);
  worker->helper = rp_render_helper_new (path, RP_CHILD_DEFAULT_MEMORY);
  worker->owner = owner;
  thread = g_thread_new ("rp-render", worker_thread, worker_ref (worker));
  g_thread_unref (thread);
  return worker;
}

/* Main thread: tells the worker to exit when its current job returns and
 * forgets it. (transfer full) the jobs it had not started. */
GPtrArray *
rp_render_worker_stop (RpRenderWorker *worker)
{
  GPtrArray *left;

  g_mutex_lock (&worker->mutex);
  worker->stop = TRUE;
  left = worker->pending;
  worker->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_render_job_unref);
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
  /* Whatever poppler is doing for this document ends now. */
  rp_render_helper_shut_down (worker->helper);
  worker->owner = NULL;
  worker_unref (worker);
  return left;
}

void
rp_render_worker_push (RpRenderWorker *worker,
                       RpRenderJob    *job)
{
  g_mutex_lock (&worker->mutex);
  job->seq = worker->next_seq++;
  g_ptr_array_add (worker->pending, rp_render_job_ref (job));
  g_cond_signal (&worker->cond);
  g_mutex_unlock (&worker->mutex);
}

