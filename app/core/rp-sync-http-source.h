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

G_END_DECLS
