/* rp-object-store.h — the content-addressed file store (objects/<aa>/<sha256>)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_OBJECT_STORE (rp_object_store_get_type ())
G_DECLARE_FINAL_TYPE (RpObjectStore, rp_object_store, RP, OBJECT_STORE, GObject)

RpObjectStore *rp_object_store_new         (const char     *directory);
const char    *rp_object_store_get_directory (RpObjectStore *self);
/* (transfer full): the path an object with this hash has, whether or not it exists. */
char          *rp_object_store_get_path    (RpObjectStore  *self,
                                            const char     *sha256);
gboolean       rp_object_store_contains    (RpObjectStore  *self,
                                            const char     *sha256);
/* Copies @source into the store, hashing while copying. The object appears
 * under its final name only after its bytes are on disk (fsync + rename), so a
 * crash never leaves a half-written object under a valid name. */
gboolean       rp_object_store_import_file (RpObjectStore  *self,
                                            const char     *source,
                                            char          **out_sha256,
                                            guint64        *out_size,
                                            GError        **error);
/* Stores @bytes under their hash, written (and flushed) only when the
 * store does not hold them yet: republishing what did not change costs a
 * hash, not a write. */
gboolean       rp_object_store_import_bytes (RpObjectStore *self,
                                             GBytes        *bytes,
                                             char         **out_sha256,
                                             GError       **error);
/* Moves complete, verified files into the store under their sha256 names:
 * the file system is flushed (syncfs) before the renames, so a crash never
 * leaves an object under its final name without its bytes, and after them,
 * so the names are on disk when this returns. @paths must be on the
 * store's file system. */
gboolean       rp_object_store_adopt       (RpObjectStore     *self,
                                            const char *const *paths,
                                            const char *const *sha256s,
                                            guint              n,
                                            GError           **error);

gboolean       rp_sha256_is_valid          (const char     *sha256);
gboolean       rp_fsync_directory          (const char     *path,
                                            GError        **error);

G_END_DECLS
