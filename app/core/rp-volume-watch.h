/* rp-volume-watch.h — notices mounted volumes (USB sticks) that carry an origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches GVolumeMonitor on the thread-default main context it was created
 * on and emits ::origin-added with the mount's root path when a mount holds
 * channels/<channel>/latest.json, and ::origin-removed when it goes away.
 * It only reports: the admin UI decides whether to sync from it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RP_TYPE_VOLUME_WATCH (rp_volume_watch_get_type ())
G_DECLARE_FINAL_TYPE (RpVolumeWatch, rp_volume_watch, RP, VOLUME_WATCH, GObject)

RpVolumeWatch *rp_volume_watch_new          (const char    *channel);
/* (transfer full): root paths of the mounted volumes carrying an origin
 * for the channel, now. */
GStrv          rp_volume_watch_list_origins (RpVolumeWatch *self);
/* Whether @root holds channels/<channel>/latest.json (no symlinks followed). */
gboolean       rp_volume_has_origin         (const char    *root,
                                             const char    *channel);

G_END_DECLS
