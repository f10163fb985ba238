/* rp-search-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One worker thread per runner, fed by a queue: RpSearch serves one thread
 * at a time, and a single worker keeps it so without a lock. The worker
 * shares a Worker box with the runner, never the runner itself: the runner
 * goes when its caller and its last GTask let it go, and then only tells
 * the worker to stop.
 *
 * A job's outcome is handed to the main context, which returns its GTask
 * and drops it there: the worker never holds the last reference to a task
 * (and so to the runner) once its callback may have run, so a caller that
 * saw every callback can expect the runner to be gone with its own
 * reference.
 *
 * Invariant: a job's outcome is queued on the main context before the job
 * counts as finished, so when rp_search_runner_wait() sees every job
 * finished, their callbacks are already due.
 */
#include "config.h"

#include "rp-memory.h"
#include "rp-search-runner.h"

typedef enum
{
  JOB_PREPARE,
  JOB_RESULTS,
  JOB_FACETS,
  JOB_QUIT,
} JobKind;

typedef struct
{
  GListModel *facets;
  guint       n_matches;
} Facets;

/* One job: its input, copied, and what the worker found. */
typedef struct
{
  JobKind     kind;
  GTask      *task;     /* NULL for JOB_PREPARE and JOB_QUIT */
  char       *text;
  char       *category;
  char       *organ;
  char       *genre;
  guint       limit;
  guint       year;
  GListModel *results;  /* JOB_RESULTS */
  Facets     *facets;   /* JOB_FACETS */
  GError     *error;
} Job;

typedef struct
{
  char        *db_path;
  GAsyncQueue *queue;       /* (element-type Job) */
  RpSearch    *search;      /* the worker's: opened by its first job */
  GError      *open_error;  /* the worker's: why it could not be opened */
  GMutex       lock;
  GCond        finished_cond;
  guint64      n_finished;  /* guarded by lock */
  gboolean     unavailable; /* guarded by lock */
} Worker;

struct _RpSearchRunner
{
  GObject  parent_instance;

  Worker  *worker;
  GThread *thread;     /* started by the first job */
  guint64  n_started;  /* jobs queued (main thread) */
};

G_DEFINE_FINAL_TYPE (RpSearchRunner, rp_search_runner, G_TYPE_OBJECT)

static void
facets_free (Facets *facets)
{
  g_clear_object (&facets->facets);
  g_free (facets);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job->text);
  g_free (job->category);
  g_free (job->organ);
  g_free (job->genre);
  g_clear_object (&job->results);
  g_clear_pointer (&job->facets, facets_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
worker_clear (Worker *worker)
{
  g_free (worker->db_path);
  g_async_queue_unref (worker->queue);
  g_clear_object (&worker->search);
  g_clear_error (&worker->open_error);
  g_mutex_clear (&worker->lock);
  g_cond_clear (&worker->finished_cond);
}

static void
worker_unref (Worker *worker)
{
  g_atomic_rc_box_release_full (worker, (GDestroyNotify) worker_clear);
}

/* In the worker thread. */
static void
run_job (Worker *worker,
         Job    *job)
{
  GCancellable *cancellable = job->task != NULL ? g_task_get_cancellable (job->task) : NULL;
  RpSearchOptions options = {
    .limit = job->limit,
    .category = job->category,
    .organ = job->organ,
    .genre = job->genre,
    .year = job->year,
    .cancellable = cancellable,
  };
  /* Superseded while it waited for the jobs before it. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    return;
  if (worker->search == NULL && worker->open_error == NULL)
    {
      worker->search = rp_search_open (worker->db_path, &worker->open_error);
      g_mutex_lock (&worker->lock);
      worker->unavailable = worker->search == NULL;
      g_mutex_unlock (&worker->lock);
    }
  if (worker->search == NULL)
    {
      job->error = g_error_copy (worker->open_error);
      return;
    }

  switch (job->kind)
    {
    case JOB_PREPARE:
      rp_search_prepare (worker->search);
      /* Building the tables (~41,000 characters folded) left megabytes
       * of freed scraps in this thread's arena, resident until trimmed:
       * at rest the kiosk held them for its whole life (issue 19). */
      rp_memory_release ();
      break;

    case JOB_RESULTS:
      job->results = rp_search_run (worker->search, job->text, &options, &job->error);
      break;

    case JOB_FACETS:
      job->facets = g_new0 (Facets, 1);
      job->facets->facets = rp_search_facets (worker->search, job->text, &options, &job->facets->n_matches, NULL,
                                              &job->error);
      if (job->facets->facets == NULL)
        g_clear_pointer (&job->facets, facets_free);
      break;

    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }
}

/* In the task's main context: the callback runs from here (a cancelled
 * task reports G_IO_ERROR_CANCELLED whatever it found), then the job and
 * its task are dropped. */
static gboolean
deliver (gpointer data)
{
  Job *job = data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->kind == JOB_RESULTS)
    g_task_return_pointer (job->task, g_steal_pointer (&job->results), g_object_unref);
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->facets), (GDestroyNotify) facets_free);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Job *job;

  while ((job = g_async_queue_pop (worker->queue))->kind != JOB_QUIT)
    {
      run_job (worker, job);
      if (job->task != NULL)
        {
          g_autoptr(GSource) source = g_idle_source_new ();

          g_source_set_priority (source, g_task_get_priority (job->task));
          g_source_set_static_name (source, "[rp-search-runner] deliver");
          g_source_set_callback (source, deliver, job, (GDestroyNotify) job_free);
          g_source_attach (source, g_task_get_context (job->task));
        }
      else
        job_free (job);
      g_mutex_lock (&worker->lock);
      worker->n_finished++;
      g_cond_broadcast (&worker->finished_cond);
      g_mutex_unlock (&worker->lock);
    }
  job_free (job);
  worker_unref (worker);
  return NULL;
}

static void
push_job (RpSearchRunner *self,
          Job            *job)
{
  if (self->thread == NULL)
    self->thread = g_thread_new ("rp-search", worker_main, g_atomic_rc_box_acquire (self->worker));
  self->n_started++;
  g_async_queue_push (self->worker->queue, job);
}

static void
rp_search_runner_finalize (GObject *object)
{
  RpSearchRunner *self = RP_SEARCH_RUNNER (object);

  /* No GTask is left (each holds the runner), so the queue holds at most
   * preparations, which run first; the thread then ends on its own. */
  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      quit->kind = JOB_QUIT;
      g_async_queue_push (self->worker->queue, quit);
      g_thread_unref (self->thread);
    }
  worker_unref (self->worker);

  G_OBJECT_CLASS (rp_search_runner_parent_class)->finalize (object);
}

static void
rp_search_runner_class_init (RpSearchRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_search_runner_finalize;
}

static void
rp_search_runner_init (RpSearchRunner *self)
{
  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->queue = g_async_queue_new ();
  g_mutex_init (&self->worker->lock);
  g_cond_init (&self->worker->finished_cond);
}

RpSearchRunner *
rp_search_runner_new (const char *db_path)
{
  RpSearchRunner *self;

  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (RP_TYPE_SEARCH_RUNNER, NULL);
  self->worker->db_path = g_strdup (db_path);
  return self;
}

void
rp_search_runner_prepare (RpSearchRunner *self)
{
  Job *job;

  g_return_if_fail (RP_IS_SEARCH_RUNNER (self));

  job = g_new0 (Job, 1);
  job->kind = JOB_PREPARE;
  push_job (self, job);
}

static void
start_job (RpSearchRunner        *self,
           JobKind                kind,
           const char            *text,
           const RpSearchOptions *options,
           GCancellable          *cancellable,
           GAsyncReadyCallback    callback,
           gpointer               user_data,
           gpointer               source_tag)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  job->text = g_strdup (text);
  if (options != NULL)
    {
      job->category = g_strdup (options->category);
      job->organ = g_strdup (options->organ);
      job->genre = g_strdup (options->genre);
      job->limit = options->limit;
      job->year = options->year;
    }
  push_job (self, job);
}

void
rp_search_runner_run_async (RpSearchRunner        *self,
                            const char            *text,
                            const RpSearchOptions *options,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_return_if_fail (RP_IS_SEARCH_RUNNER (self));
  g_return_if_fail (text != NULL);

  start_job (self, JOB_RESULTS, text, options, cancellable, callback, user_data, rp_search_runner_run_async);
}

GListModel *
rp_search_runner_run_finish (RpSearchRunner *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_search_runner_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
rp_search_runner_facets_async (RpSearchRunner        *self,
                               const char            *text,
                               const RpSearchOptions *options,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_return_if_fail (RP_IS_SEARCH_RUNNER (self));
  g_return_if_fail (text != NULL);

  start_job (self, JOB_FACETS, text, options, cancellable, callback, user_data, rp_search_runner_facets_async);
}

GListModel *
rp_search_runner_facets_finish (RpSearchRunner *self,
                                GAsyncResult   *result,
                                guint          *out_n_matches,
                                GError        **error)
{
  Facets *facets;
  GListModel *model;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_search_runner_facets_async, NULL);

  if ((facets = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  if (out_n_matches != NULL)
    *out_n_matches = facets->n_matches;
  model = g_steal_pointer (&facets->facets);
  facets_free (facets);
  return model;
}

gboolean
rp_search_runner_wait (RpSearchRunner *self,
                       gint64          timeout_usec)
{
  Worker *worker;
  gint64 end = g_get_monotonic_time () + timeout_usec;
  gboolean done;

  g_return_val_if_fail (RP_IS_SEARCH_RUNNER (self), FALSE);

  worker = self->worker;
  g_mutex_lock (&worker->lock);
  while (worker->n_finished < self->n_started && g_cond_wait_until (&worker->finished_cond, &worker->lock, end))
    ;
  done = worker->n_finished >= self->n_started;
  g_mutex_unlock (&worker->lock);
  return done;
}

gboolean
rp_search_runner_is_unavailable (RpSearchRunner *self)
{
  gboolean unavailable;

  g_return_val_if_fail (RP_IS_SEARCH_RUNNER (self), FALSE);

  g_mutex_lock (&self->worker->lock);
  unavailable = self->worker->unavailable;
  g_mutex_unlock (&self->worker->lock);
  return unavailable;
}
