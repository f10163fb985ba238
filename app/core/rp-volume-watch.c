/* rp-volume-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-volume-watch.h"

struct _RpVolumeWatch
{
  GObject         parent_instance;
  char           *channel;
  GVolumeMonitor *monitor;
};

enum
{
  ORIGIN_ADDED,
  ORIGIN_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RpVolumeWatch, rp_volume_watch, G_TYPE_OBJECT)

gboolean
rp_volume_has_origin (const char *root,
                      const char *channel)
{
  g_autofree char *channels = g_build_filename (root, "channels", NULL);
  g_autofree char *dir = g_build_filename (channels, channel, NULL);
  g_autofree char *latest = g_build_filename (dir, "latest.json", NULL);

  /* The sync source refuses links anyway; not offering such a volume
   * spares the administrator a sync that must fail. */
  return !g_file_test (channels, G_FILE_TEST_IS_SYMLINK) && !g_file_test (dir, G_FILE_TEST_IS_SYMLINK) &&
         !g_file_test (latest, G_FILE_TEST_IS_SYMLINK) && g_file_test (latest, G_FILE_TEST_IS_REGULAR);
}

static char *
mount_origin (RpVolumeWatch *self,
              GMount        *mount)
{
  g_autoptr(GFile) root = g_mount_get_root (mount);
  g_autofree char *path = g_file_get_path (root);

  if (path == NULL || !rp_volume_has_origin (path, self->channel))
    return NULL;
  return g_steal_pointer (&path);
}

static void
mount_added (GVolumeMonitor *monitor,
             GMount         *mount,
             RpVolumeWatch  *self)
{
  g_autofree char *path = mount_origin (self, mount);

  if (path != NULL)
    g_signal_emit (self, signals[ORIGIN_ADDED], 0, path);
}

static void
mount_removed (GVolumeMonitor *monitor,
               GMount         *mount,
               RpVolumeWatch  *self)
{
  g_autoptr(GFile) root = g_mount_get_root (mount);
  g_autofree char *path = g_file_get_path (root);

  if (path != NULL)
    g_signal_emit (self, signals[ORIGIN_REMOVED], 0, path);
}

static void
rp_volume_watch_finalize (GObject *object)
{
  RpVolumeWatch *self = RP_VOLUME_WATCH (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->channel, g_free);

  G_OBJECT_CLASS (rp_volume_watch_parent_class)->finalize (object);
}

static void
rp_volume_watch_class_init (RpVolumeWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_volume_watch_finalize;

  signals[ORIGIN_ADDED] = g_signal_new ("origin-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ORIGIN_REMOVED] = g_signal_new ("origin-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rp_volume_watch_init (RpVolumeWatch *self)
{
}

RpVolumeWatch *
rp_volume_watch_new (const char *channel)
{
  RpVolumeWatch *self;

  g_return_val_if_fail (channel != NULL, NULL);

  self = g_object_new (RP_TYPE_VOLUME_WATCH, NULL);
  self->channel = g_strdup (channel);
  self->monitor = g_volume_monitor_get ();
  g_signal_connect (self->monitor, "mount-added", G_CALLBACK (mount_added), self);
  g_signal_connect (self->monitor, "mount-removed", G_CALLBACK (mount_removed), self);
  return self;
}

GStrv
rp_volume_watch_list_origins (RpVolumeWatch *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GList *mounts;

  g_return_val_if_fail (RP_IS_VOLUME_WATCH (self), NULL);

  mounts = g_volume_monitor_get_mounts (self->monitor);
  for (GList *l = mounts; l != NULL; l = l->next)
    {
      g_autofree char *path = mount_origin (self, l->data);
      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  g_list_free_full (mounts, g_object_unref);
  return g_strv_builder_end (builder);
}
