/* rp-fleet-origin.h — reading an origin's usage/ and channels/ trees for collect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to the fleet (rp-fleet-collect.c). An origin is a folder or an
 * http(s) URL; nothing read from it is trusted: sizes are capped, names
 * that could leave the folder are dropped, symbolic links are not followed.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *base;    /* folder path or URL, no trailing slash */
  gboolean     http;
  SoupSession *session;
  gboolean     no_propfind; /* the server refused PROPFIND once: JSON listings */
  const char  *listing;     /* how folders were listed: "folder", "propfind", "json" */
} RpFleetOrigin;

/* Opens @origin (a folder, or an http(s) URL) into @o, which must be
 * zeroed; on failure @o still needs rp_fleet_origin_clear(). */
gboolean   rp_fleet_origin_open  (RpFleetOrigin *o,
                                  const char    *origin,
                                  GError       **error);
void       rp_fleet_origin_clear (RpFleetOrigin *o);
/* Reads @rel (relative to the origin), at most @cap bytes. (nullable): NULL
 * with G_IO_ERROR_NOT_FOUND when absent. */
GBytes    *rp_fleet_origin_read  (RpFleetOrigin *o,
                                  const char    *rel,
                                  gsize          cap,
                                  GError       **error);
/* (transfer full): the names in @rel, directories or files as asked,
 * ending in @suffix (nullable: any), sorted; @stamps (nullable) gets
 * name → size and time as listed (a folder's stamps end with the inode).
 * @known (nullable): name → stamp of files the caller will not judge again
 * while they keep their inode; in a folder, such a name at the same inode
 * (readdir says it) keeps its known stamp without an lstat. Writers
 * replace a file with a new inode (nginx's PUT, rsync,
 * g_file_set_contents), so only a write into the same inode (cp onto an
 * existing file) goes unseen. */
GPtrArray *rp_fleet_origin_list  (RpFleetOrigin *o,
                                  const char    *rel,
                                  gboolean       directories,
                                  const char    *suffix,
                                  GHashTable    *known,
                                  GHashTable    *stamps,
                                  GError       **error);

G_END_DECLS
