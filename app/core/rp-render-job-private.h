/* rp-render-job-private.h — what the render queue shares with its worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants:
 * - only the worker thread makes requests of RpRenderWorker.helper; the
 *   main thread only shuts it down (rp_render_worker_stop);
 * - RpRenderJob fields marked (mutex) change only under the worker's mutex;
 *   results travel to the main context in an RpRenderResult, never through
 *   the job;
 * - a worker whose owner is NULL delivers nothing.
 */
#pragma once

#include "rp-render-helper-client.h"
#include "rp-render-queue.h"

G_BEGIN_DECLS

typedef enum
{
  RP_RENDER_JOB_OPEN,
  RP_RENDER_JOB_RENDER,
  RP_RENDER_JOB_FIND,
} RpRenderJobKind;

typedef struct
{
  gatomicrefcount  ref;
  RpRenderJobKind  kind;
  guint            page;
  int              width;        /* (mutex) */
  int              parked_width; /* (mutex) 0: nothing parked */
  int              priority;     /* (mutex) */
  guint64          seq;          /* (mutex) FIFO among equal priorities */
  GCancellable    *cancellable;
  char            *query;        /* RP_RENDER_JOB_FIND */
  guint            serial;       /* RP_RENDER_JOB_FIND: which search */
} RpRenderJob;

typedef struct _RpRenderWorker RpRenderWorker;

typedef struct
{
  RpRenderWorker  *worker;
  RpRenderJob     *job;
  guint            page;
  int              width;
  cairo_surface_t *surface;
  GPtrArray       *links;
  GArray          *hits;
  GArray          *sizes;   /* RP_RENDER_JOB_OPEN: width, height pairs */
  gboolean         last;    /* RP_RENDER_JOB_FIND: no more pages follow */
  gboolean         cancelled;
  GError          *error;
} RpRenderResult;

struct _RpRenderWorker
{
  gatomicrefcount  ref;
  GMutex           mutex;
  GCond            cond;
  GPtrArray       *pending;   /* (mutex) RpRenderJob */
  RpRenderJob     *running;   /* (mutex) */
  gint64           running_since; /* (mutex) */
  gboolean         stop;      /* (mutex) exit when the current job returns */
  guint64          next_seq;  /* (mutex) */
  guint            n_started; /* (mutex) */
  guint            n_skipped; /* (mutex) */
  GMainContext    *context;
  char            *path;
  RpRenderQueue   *owner;     /* main thread only */
  RpRenderHelper  *helper;    /* requests: worker thread only */
  guint            n_pages;   /* worker thread only: 0 until opened */
};

/* (transfer full): a job with its own GCancellable. */
RpRenderJob *rp_render_job_new   (RpRenderJobKind kind,
                                  guint           page,
                                  int             width,
                                  int             priority);
RpRenderJob *rp_render_job_ref   (RpRenderJob    *job);
void         rp_render_job_unref (RpRenderJob    *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpRenderJob, rp_render_job_unref)

/* Main thread: starts a worker thread for the document at @path; its
 * results reach rp_render_queue_deliver() in the caller's main context. */
RpRenderWorker *rp_render_worker_new  (RpRenderQueue  *owner,
                                       const char     *path);
/* Main thread: kills the worker's helper, tells the worker to exit when
 * its current job returns and forgets it. (transfer full) the jobs it had
 * not started. */
GPtrArray      *rp_render_worker_stop (RpRenderWorker *worker);
void            rp_render_worker_push (RpRenderWorker *worker,
                                       RpRenderJob    *job);

/* rp-render-queue.c, main thread: one result of the worker. */
gboolean rp_render_queue_deliver (gpointer data);

G_END_DECLS
