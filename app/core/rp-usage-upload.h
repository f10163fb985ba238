/* rp-usage-upload.h — sending closed days of usage counters to the origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DESIGN.md, "Usage counters": a batch is an export of the closed days not
 * yet reported, PUT to <origin>/usage/<site-id>/<period>-<random>.json.
 * The batch (name, period, payload) is written to usage.db before the
 * first PUT and marked done only when the server answers 2xx. Until then
 * every run re-sends the same name and the same bytes, so a PUT whose
 * answer was lost (power cut, timeout) is overwritten by its retry rather
 * than counted twice; and once a batch is done its days are never exported
 * again.
 *
 * Synchronous (blocks on the network): call it from a worker thread in a
 * GUI, with an RpUsage opened in that thread.
 */
#pragma once

#include <gio/gio.h>

#include "rp-usage.h"

G_BEGIN_DECLS

typedef struct
{
  guint max_attempts;     /* PUTs per batch in this run; 0 = 5 */
  guint first_delay_ms;   /* backoff before the 2nd attempt, doubled each time; 0 = 2000 */
  guint timeout_seconds;  /* per request; 0 = 30 */
  guint hold_ack_ms;      /* wait this long after a PUT is answered before
                           * marking the batch done (tests kill the process
                           * in that window); 0 = none */
} RpUsageUploadOptions;

typedef struct
{
  char    *name;      /* "<period>-<random>.json" */
  char    *first;     /* YYYY-MM-DD */
  char    *last;
  gboolean done;
} RpUsageBatch;

void        rp_usage_batch_free        (RpUsageBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpUsageBatch, rp_usage_batch_free)

/* Records a batch for the closed days after the last recorded one, if any
 * day in that span has counters; returns FALSE only on error. A pending
 * batch is never replaced. @today: NULL = now. */
gboolean    rp_usage_upload_prepare    (RpUsage       *usage,
                                        const char    *site_id,
                                        GDateTime     *today,
                                        GError       **error);
/* Prepares, then sends every pending batch, oldest first, with backoff.
 * @out_sent: batches acknowledged in this run. FALSE when a batch is still
 * pending at the end (it will be re-sent, same name, next time). */
gboolean    rp_usage_upload_run        (RpUsage                    *usage,
                                        const char                 *origin,
                                        const char                 *site_id,
                                        const RpUsageUploadOptions *options,
                                        guint                      *out_sent,
                                        GCancellable               *cancellable,
                                        GError                    **error);
/* (transfer full) (element-type RpUsageBatch): every batch, oldest first. */
GPtrArray  *rp_usage_upload_list       (RpUsage       *usage,
                                        GError       **error);
/* (transfer full): the URL a batch is PUT to. */
char       *rp_usage_upload_url        (const char    *origin,
                                        const char    *site_id,
                                        const char    *name);
/* Letters, digits, '-', '_' and '.', not starting with '.', 1–64 bytes:
 * a site id is a path segment on the origin. */
gboolean    rp_usage_site_id_is_valid  (const char    *site_id);

/* After a successful sync (CLI and GUI): opens @usage_db_path, purges
 * counters past @retention_days, and uploads with a short retry, leaving
 * anything unacknowledged pending for the next sync. Does nothing (TRUE)
 * when no site id or no http(s) origin is configured. */
gboolean    rp_usage_upload_after_sync (const char    *usage_db_path,
                                        const char    *origin,
                                        const char    *site_id,
                                        guint          k,
                                        guint          retention_days,
                                        guint         *out_sent,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
