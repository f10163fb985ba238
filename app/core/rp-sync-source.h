/* rp-sync-source.h — where bundles come from: an HTTP origin or a folder/USB volume
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A source only moves bytes; it never decides what is trusted. Methods are
 * blocking and meant for a worker thread (or a command-line program); one
 * source is used by one thread at a time.
 */
#pragma once

#include <gio/gio.h>

#include "rp-object-sink.h"

G_BEGIN_DECLS

#define RP_TYPE_SYNC_SOURCE (rp_sync_source_get_type ())
G_DECLARE_INTERFACE (RpSyncSource, rp_sync_source, RP, SYNC_SOURCE, GObject)

struct _RpSyncSourceInterface
{
  GTypeInterface parent_iface;

  GBytes  *(*fetch_file)   (RpSyncSource *self,
                            const char   *relative_path,
                            gsize         max_size,
                            const char   *etag,
                            char        **out_etag,
                            gboolean     *out_not_modified,
                            GCancellable *cancellable,
                            GError      **error);
  gboolean (*fetch_object) (RpSyncSource *self,
                            RpObjectSink *sink,
                            GCancellable *cancellable,
                            GError      **error);
  char    *(*describe)     (RpSyncSource *self);
};

/* Fetches a small file of the origin (a manifest or its signature), at most
 * @max_size bytes. With @etag, an unchanged file sets @out_not_modified and
 * returns NULL without error. (transfer full) (nullable) */
GBytes       *rp_sync_source_fetch_file   (RpSyncSource *self,
                                           const char   *relative_path,
                                           gsize         max_size,
                                           const char   *etag,
                                           char        **out_etag,
                                           gboolean     *out_not_modified,
                                           GCancellable *cancellable,
                                           GError      **error);
/* Writes objects/<aa>/<sha256> into @sink, resuming at its offset. */
gboolean      rp_sync_source_fetch_object (RpSyncSource *self,
                                           RpObjectSink *sink,
                                           GCancellable *cancellable,
                                           GError      **error);
/* (transfer full): the origin's URL or path, for logs. */
char         *rp_sync_source_describe     (RpSyncSource *self);

/* An HTTP(S) URL gives an RpSyncHttpSource, anything else a folder. (transfer full) */
RpSyncSource *rp_sync_source_new_for_origin (const char *origin);

/* (transfer full): "objects/<aa>/<sha256>" */
char         *rp_sync_object_path         (const char   *sha256);

G_END_DECLS
