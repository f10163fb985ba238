/* rp-sync-http-source.h — an origin served over HTTP(S) (libsoup 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Polls with If-None-Match, resumes partial objects with Range + If-Range,
 * asks for identity encoding and refuses encoded ranges, never reads past a
 * declared size, and retries transient failures with exponential backoff
 * and jitter. A slow-transfer watchdog gives up when fewer than
 * @min_bytes arrive in @window_seconds. The SoupSession is created in the
 * thread that first fetches; use the source from one thread at a time.
 */
#pragma once

#include "rp-sync-source.h"

G_BEGIN_DECLS

#define RP_TYPE_SYNC_HTTP_SOURCE (rp_sync_http_source_get_type ())
G_DECLARE_FINAL_TYPE (RpSyncHttpSource, rp_sync_http_source, RP, SYNC_HTTP_SOURCE, GObject)

RpSyncHttpSource *rp_sync_http_source_new          (const char       *base_url);
/* Defaults: 30 s I/O timeout, 4096 bytes per 30 s, 4 retries, 1000 ms base backoff. */
void              rp_sync_http_source_set_limits   (RpSyncHttpSource *self,
                                                    guint             timeout_seconds,
                                                    guint             window_seconds,
                                                    guint             min_bytes,
                                                    guint             max_retries,
                                                    guint             backoff_ms);

/* The longest Retry-After honoured, in seconds (a day). */
#define RP_SYNC_HTTP_MAX_RETRY_AFTER (24 * 60 * 60)

/* After a failed fetch: the seconds the origin asked to wait (a 429 or 503
 * with Retry-After), 0 when it did not ask. Read it from the thread that
 * fetched, or after the run is over. */
guint             rp_sync_http_source_get_retry_after (RpSyncHttpSource *self);

G_END_DECLS
