/* rp-search-runner.h — searching a catalogue off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An RpSearchRunner owns one worker thread and the catalogue's RpSearch,
 * which it opens in its first job, on the worker, so that start-up never
 * waits for it. Jobs run one at a time, in the order they were started.
 * "Newest query wins" is the caller's cancellable: a job whose cancellable
 * is cancelled before it starts never touches the catalogue, one cancelled
 * while it runs stops within a fraction of a millisecond (RpSearchOptions),
 * and either way its callback gets G_IO_ERROR_CANCELLED, never results.
 *
 * Main thread: every function here is called from the thread whose
 * thread-default main context the runner was created in; callbacks run
 * there, at G_PRIORITY_DEFAULT (before GTK draws the next frame).
 */
#pragma once

#include <gio/gio.h>

#include "rp-search.h"

G_BEGIN_DECLS

#define RP_TYPE_SEARCH_RUNNER (rp_search_runner_get_type ())
G_DECLARE_FINAL_TYPE (RpSearchRunner, rp_search_runner, RP, SEARCH_RUNNER, GObject)

/* (transfer full): a runner for the catalogue at @db_path; nothing is
 * opened yet. */
RpSearchRunner *rp_search_runner_new            (const char            *db_path);
/* Runs rp_search_prepare() on the worker: never stale, nothing to wait for. */
void            rp_search_runner_prepare        (RpSearchRunner        *self);
/* rp_search_run() on the worker. @options is copied; its cancellable is
 * ignored (@cancellable is the one). */
void            rp_search_runner_run_async      (RpSearchRunner        *self,
                                                 const char            *text,
                                                 const RpSearchOptions *options,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
/* (transfer full): RpSearchResult items, as rp_search_run(); or NULL with
 * G_IO_ERROR_CANCELLED, or the error of rp_search_run() or rp_search_open()
 * (rp_search_runner_is_unavailable() tells them apart). */
GListModel     *rp_search_runner_run_finish     (RpSearchRunner        *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);
/* rp_search_facets() on the worker; as rp_search_runner_run_async(). */
void            rp_search_runner_facets_async   (RpSearchRunner        *self,
                                                 const char            *text,
                                                 const RpSearchOptions *options,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
/* (transfer full): RpSearchFacet items; @out_n_matches as rp_search_facets(). */
GListModel     *rp_search_runner_facets_finish  (RpSearchRunner        *self,
                                                 GAsyncResult          *result,
                                                 guint                 *out_n_matches,
                                                 GError               **error);
/* Blocks up to @timeout_usec until every job started so far has finished;
 * TRUE when they have: their callbacks are then already queued on the main
 * context, so a fast search can be shown in the frame of the keystroke that
 * started it instead of a frame later. */
gboolean        rp_search_runner_wait           (RpSearchRunner        *self,
                                                 gint64                 timeout_usec);
/* Whether the catalogue's search could not be opened: every job fails, and
 * will go on failing, with the same error. */
gboolean        rp_search_runner_is_unavailable (RpSearchRunner        *self);

G_END_DECLS
