/* test-volume-watch.c — USB sticks that carry an origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No real volume is mounted: a temporary directory stands in for the
 * mount's root, and a minimal GMount rooted there is announced through the
 * system's volume monitor as GIO would announce a stick.
 */
#include "config.h"

#include <gio/gio.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-test-util.h"

#define TEST_TYPE_MOUNT (test_mount_get_type ())
G_DECLARE_FINAL_TYPE (TestMount, test_mount, TEST, MOUNT, GObject)

struct _TestMount
{
  GObject parent_instance;
  GFile  *root;
};

static GFile *
test_mount_get_root (GMount *mount)
{
  return g_object_ref (TEST_MOUNT (mount)->root);
}

static void
test_mount_iface_init (GMountIface *iface)
{
  iface->get_root = test_mount_get_root;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMount, test_mount, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_MOUNT, test_mount_iface_init))

static void
test_mount_finalize (GObject *object)
{
  g_clear_object (&TEST_MOUNT (object)->root);
  G_OBJECT_CLASS (test_mount_parent_class)->finalize (object);
}

static void
test_mount_class_init (TestMountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_mount_finalize;
}

static void
test_mount_init (TestMount *self)
{
}

static GMount *
test_mount_new (GFile *root)
{
  TestMount *self = g_object_new (TEST_TYPE_MOUNT, NULL);

  self->root = g_object_ref (root);
  return G_MOUNT (self);
}

/* A stick's root with channels/@channel/latest.json on it. */
static char *
make_stick (const char *name,
            const char *channel)
{
  char *root = rp_test_make_dir (name);
  g_autofree char *latest = g_build_filename ("channels", channel, "latest.json", NULL);

  rp_test_write_file (root, latest, "{}", -1);
  return root;
}

typedef struct
{
  GPtrArray *added;
  GPtrArray *removed;
} Seen;

static void
origin_added_cb (RpVolumeWatch *watch,
                 const char    *path,
                 Seen          *seen)
{
  g_ptr_array_add (seen->added, g_strdup (path));
}

static void
origin_removed_cb (RpVolumeWatch *watch,
                   const char    *path,
                   Seen          *seen)
{
  g_ptr_array_add (seen->removed, g_strdup (path));
}

static RpVolumeWatch *
watch_new (const char *channel,
           Seen       *seen)
{
  RpVolumeWatch *watch = rp_volume_watch_new (channel);

  seen->added = g_ptr_array_new_with_free_func (g_free);
  seen->removed = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (watch, "origin-added", G_CALLBACK (origin_added_cb), seen);
  g_signal_connect (watch, "origin-removed", G_CALLBACK (origin_removed_cb), seen);
  return watch;
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->added, g_ptr_array_unref);
  g_clear_pointer (&seen->removed, g_ptr_array_unref);
}

/* The end of a test: neither the watch nor the stick may leak. */
static void
watch_finish (RpVolumeWatch *watch,
              Seen          *seen,
              GMount        *stick)
{
  g_assert_finalize_object (watch);
  seen_clear (seen);
  g_assert_finalize_object (stick);
}

/* Announces @mount (or its removal) as GIO does when a stick comes or goes. */
static void
announce (GMount     *mount,
          const char *signal_name)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();

  g_signal_emit_by_name (monitor, signal_name, mount);
}

static void
test_has_origin (void)
{
  g_autofree char *root = make_stick ("stick-origin", "district");
  g_autofree char *bare = rp_test_make_dir ("stick-bare");
  g_autofree char *dir_root = rp_test_make_dir ("stick-dir");
  g_autofree char *latest_dir = g_build_filename (dir_root, "channels", "district", "latest.json", NULL);

  g_assert_true (rp_volume_has_origin (root, "district"));
  /* Another channel's origin is not this channel's. */
  g_assert_false (rp_volume_has_origin (root, "demo"));
  g_assert_false (rp_volume_has_origin (bare, "district"));
  /* latest.json must be a file. */
  g_assert_cmpint (g_mkdir_with_parents (latest_dir, 0755), ==, 0);
  g_assert_false (rp_volume_has_origin (dir_root, "district"));
}

/* The sync source refuses links, so a stick that needs one is not offered:
 * at any of the three levels. */
static void
test_links_not_followed (void)
{
  g_autofree char *real = make_stick ("stick-real", "district");
  g_autofree char *real_channels = g_build_filename (real, "channels", NULL);
  g_autofree char *real_channel = g_build_filename (real_channels, "district", NULL);
  g_autofree char *real_latest = g_build_filename (real_channel, "latest.json", NULL);
  g_autofree char *a = rp_test_make_dir ("stick-link-channels");
  g_autofree char *a_channels = g_build_filename (a, "channels", NULL);
  g_autofree char *b = rp_test_make_dir ("stick-link-channel");
  g_autofree char *b_channels = g_build_filename (b, "channels", NULL);
  g_autofree char *b_channel = g_build_filename (b_channels, "district", NULL);
  g_autofree char *c = rp_test_make_dir ("stick-link-latest");
  g_autofree char *c_channel = g_build_filename (c, "channels", "district", NULL);
  g_autofree char *c_latest = g_build_filename (c_channel, "latest.json", NULL);

  g_assert_cmpint (symlink (real_channels, a_channels), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (b_channels, 0755), ==, 0);
  g_assert_cmpint (symlink (real_channel, b_channel), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (c_channel, 0755), ==, 0);
  g_assert_cmpint (symlink (real_latest, c_latest), ==, 0);

  g_assert_true (rp_volume_has_origin (real, "district"));
  g_assert_false (rp_volume_has_origin (a, "district"));
  g_assert_false (rp_volume_has_origin (b, "district"));
  g_assert_false (rp_volume_has_origin (c, "district"));
}

static void
test_origin_added (void)
{
  g_autofree char *root = make_stick ("stick-added", "district");
  g_autofree char *other = make_stick ("stick-other-channel", "demo");
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GMount) stick = test_mount_new (root_file);
  g_autoptr(GMount) other_stick = test_mount_new (other_file);
  Seen seen;
  g_autoptr(RpVolumeWatch) watch = watch_new ("district", &seen);

  announce (other_stick, "mount-added");
  g_assert_cmpuint (seen.added->len, ==, 0);
  announce (stick, "mount-added");
  g_assert_cmpuint (seen.added->len, ==, 1);
  g_assert_cmpstr (seen.added->pdata[0], ==, root);
  g_assert_cmpuint (seen.removed->len, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&other_stick));
  watch_finish (g_steal_pointer (&watch), &seen, g_steal_pointer (&stick));
}

/* Removal is reported by the mount's root, whatever it held: the stick may
 * already be unreadable, and the admin page forgets the path it offered. */
static void
test_origin_removed (void)
{
  g_autofree char *root = make_stick ("stick-removed", "district");
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GMount) stick = test_mount_new (root_file);
  Seen seen;
  g_autoptr(RpVolumeWatch) watch = watch_new ("district", &seen);

  announce (stick, "mount-added");
  announce (stick, "mount-removed");
  g_assert_cmpuint (seen.added->len, ==, 1);
  g_assert_cmpuint (seen.removed->len, ==, 1);
  g_assert_cmpstr (seen.removed->pdata[0], ==, root);

  watch_finish (g_steal_pointer (&watch), &seen, g_steal_pointer (&stick));
}

/* A mount with no local path (a network share) is never an origin. */
static void
test_mount_without_path (void)
{
  g_autoptr(GFile) remote = g_file_new_for_uri ("smb://office/share/");
  g_autoptr(GMount) share = test_mount_new (remote);
  Seen seen;
  g_autoptr(RpVolumeWatch) watch = watch_new ("district", &seen);

  g_assert_null (g_file_get_path (remote));
  announce (share, "mount-added");
  announce (share, "mount-removed");
  g_assert_cmpuint (seen.added->len, ==, 0);
  g_assert_cmpuint (seen.removed->len, ==, 0);

  watch_finish (g_steal_pointer (&watch), &seen, g_steal_pointer (&share));
}

/* A finalized watch leaves the (process-wide) monitor: a stick that comes
 * later reaches nobody. */
static void
test_finalize_disconnects (void)
{
  g_autofree char *root = make_stick ("stick-late", "district");
  g_autoptr(GFile) root_file = g_file_new_for_path (root);
  g_autoptr(GMount) stick = test_mount_new (root_file);
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  guint mount_added = g_signal_lookup ("mount-added", G_TYPE_VOLUME_MONITOR);
  gboolean before = g_signal_has_handler_pending (monitor, mount_added, 0, FALSE);
  Seen seen;
  RpVolumeWatch *watch = watch_new ("district", &seen);

  g_assert_true (g_signal_has_handler_pending (monitor, mount_added, 0, FALSE));
  g_assert_finalize_object (watch);
  g_assert_cmpint (g_signal_has_handler_pending (monitor, mount_added, 0, FALSE), ==, before);
  announce (stick, "mount-added");
  g_assert_cmpuint (seen.added->len, ==, 0);
  seen_clear (&seen);
}

/* The mounts there are now: none on this machine carries an origin for a
 * channel made up for the test. */
static void
test_list_origins (void)
{
  g_autoptr(RpVolumeWatch) watch = rp_volume_watch_new ("rp-test-no-such-channel");
  g_auto(GStrv) origins = rp_volume_watch_list_origins (watch);

  g_assert_nonnull (origins);
  g_assert_cmpuint (g_strv_length (origins), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&watch));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/VolumeWatch/has-origin", test_has_origin);
  g_test_add_func ("/ReadingPoint/VolumeWatch/links-not-followed", test_links_not_followed);
  g_test_add_func ("/ReadingPoint/VolumeWatch/origin-added", test_origin_added);
  g_test_add_func ("/ReadingPoint/VolumeWatch/origin-removed", test_origin_removed);
  g_test_add_func ("/ReadingPoint/VolumeWatch/mount-without-path", test_mount_without_path);
  g_test_add_func ("/ReadingPoint/VolumeWatch/finalize-disconnects", test_finalize_disconnects);
  g_test_add_func ("/ReadingPoint/VolumeWatch/list-origins", test_list_origins);

  return g_test_run ();
}
