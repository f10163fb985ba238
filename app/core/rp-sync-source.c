/* rp-sync-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-sync-folder-source.h"
#include "rp-sync-http-source.h"
#include "rp-sync-source.h"

G_DEFINE_INTERFACE (RpSyncSource, rp_sync_source, G_TYPE_OBJECT)

static void
rp_sync_source_default_init (RpSyncSourceInterface *iface)
{
}

GBytes *
rp_sync_source_fetch_file (RpSyncSource *self,
                           const char   *relative_path,
                           gsize         max_size,
                           const char   *etag,
                           char        **out_etag,
                           gboolean     *out_not_modified,
                           GCancellable *cancellable,
                           GError      **error)
{
  gboolean not_modified = FALSE;
  GBytes *bytes;

  g_return_val_if_fail (RP_IS_SYNC_SOURCE (self), NULL);

  bytes = RP_SYNC_SOURCE_GET_IFACE (self)->fetch_file (self, relative_path, max_size, etag, out_etag,
                                                       &not_modified, cancellable, error);
  if (out_not_modified)
    *out_not_modified = not_modified;
  return bytes;
}

gboolean
rp_sync_source_fetch_object (RpSyncSource *self,
                             RpObjectSink *sink,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_return_val_if_fail (RP_IS_SYNC_SOURCE (self), FALSE);
  return RP_SYNC_SOURCE_GET_IFACE (self)->fetch_object (self, sink, cancellable, error);
}

char *
rp_sync_source_describe (RpSyncSource *self)
{
  g_return_val_if_fail (RP_IS_SYNC_SOURCE (self), NULL);
  return RP_SYNC_SOURCE_GET_IFACE (self)->describe (self);
}

RpSyncSource *
rp_sync_source_new_for_origin (const char *origin)
{
  g_return_val_if_fail (origin != NULL, NULL);

  if (g_str_has_prefix (origin, "http://") || g_str_has_prefix (origin, "https://"))
    return RP_SYNC_SOURCE (rp_sync_http_source_new (origin));
  if (g_str_has_prefix (origin, "file://"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (origin);
      g_autofree char *path = g_file_get_path (file);
      return RP_SYNC_SOURCE (rp_sync_folder_source_new (path));
    }
  return RP_SYNC_SOURCE (rp_sync_folder_source_new (origin));
}

char *
rp_sync_object_path (const char *sha256)
{
  return g_strdup_printf ("objects/%.2s/%s", sha256, sha256);
}
