/* test-fleet-origin.c — what collect may read from a folder origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing at an origin is trusted: listings are sorted and hold only safe
 * names of the kind asked for, symbolic links are never followed, reads
 * are capped. HTTP origins (PROPFIND, nginx JSON) are tested end to end
 * by test-fleet.c.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-fleet-origin.h"
#include "rp-test-util.h"

/* usage/ with three site folders (one a symbolic link, one hidden) and,
 * in site "b", two reports (one signed), a hidden file, a folder and a
 * linked file. */
static char *
make_origin (const char *name)
{
  char *dir = rp_test_make_dir (name);
  g_autofree char *usage = g_build_filename (dir, "usage", NULL);
  g_autofree char *site_b = g_build_filename (usage, "b", NULL);
  g_autofree char *site_a = g_build_filename (usage, "a", NULL);
  g_autofree char *hidden = g_build_filename (usage, ".hidden", NULL);
  g_autofree char *linked = g_build_filename (usage, "linked", NULL);
  g_autofree char *sub = g_build_filename (site_b, "sub", NULL);
  g_autofree char *report = g_build_filename (site_b, "2.json", NULL);
  g_autofree char *link_file = g_build_filename (site_b, "3.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (site_a, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (hidden, 0755), ==, 0);
  g_assert_cmpint (symlink (site_a, linked), ==, 0);
  rp_test_write_file (site_b, "2.json", "{\"sequence\": 2}", -1);
  rp_test_write_file (site_b, "10.json", "{\"sequence\": 10}", -1);
  rp_test_write_file (site_b, "10.json.minisig", "untrusted comment: x", -1);
  rp_test_write_file (site_b, ".partial.json", "{", -1);
  g_assert_cmpint (symlink (report, link_file), ==, 0);
  return dir;
}

static char *
join (GPtrArray *names)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", (char *) names->pdata[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
test_folder_listing (void)
{
  g_autofree char *dir = make_origin ("origin-list");
  g_autofree char *with_slash = g_strconcat (dir, "///", NULL);
  g_autoptr(GHashTable) stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sites_text = NULL;
  g_autofree char *files_text = NULL;
  RpFleetOrigin o = { 0 };

  g_assert_true (rp_fleet_origin_open (&o, with_slash, &error));
  g_assert_no_error (error);
  g_assert_false (o.http);
  g_assert_cmpstr (o.base, ==, dir);

  /* Only real folders, sorted; no hidden name, no link. */
  sites = rp_fleet_origin_list (&o, "usage", TRUE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  sites_text = join (sites);
  g_assert_cmpstr (sites_text, ==, "a b");

  /* Only regular files, sorted by name; each with a listing stamp. */
  files = rp_fleet_origin_list (&o, "usage/b", FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  files_text = join (files);
  g_assert_cmpstr (files_text, ==, "10.json 10.json.minisig 2.json");
  g_clear_pointer (&files, g_ptr_array_unref);
  g_clear_pointer (&files_text, g_free);

  /* Only the names asked for (collect stats reports, not signatures). */
  files = rp_fleet_origin_list (&o, "usage/b", FALSE, ".json", NULL, stamps, &error);
  g_assert_no_error (error);
  files_text = join (files);
  g_assert_cmpstr (files_text, ==, "10.json 2.json");
  g_assert_cmpuint (g_hash_table_size (stamps), ==, 2);
  g_assert_nonnull (g_hash_table_lookup (stamps, "2.json"));
  g_assert_cmpstr (g_hash_table_lookup (stamps, "2.json"), !=, g_hash_table_lookup (stamps, "10.json"));

  /* A known name at its known inode keeps its known stamp; a file
   * replaced (a new inode, as every PUT makes) is stamped afresh. */
  {
    g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GHashTable) again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) listed = NULL;
    g_autofree char *site_b = g_build_filename (dir, "usage", "b", NULL);
    g_autofree char *old_10 = g_strdup (g_hash_table_lookup (stamps, "10.json"));
    g_autofree char *known_2 = NULL;

    known_2 = g_strconcat ("0:0.0:", strrchr (g_hash_table_lookup (stamps, "2.json"), ':') + 1, NULL);
    g_hash_table_insert (known, g_strdup ("2.json"), g_strdup (known_2));
    g_hash_table_insert (known, g_strdup ("10.json"), g_strdup (old_10));
    rp_test_write_file (site_b, "10.json", "{\"sequence\": 10, \"again\": true}", -1);
    listed = rp_fleet_origin_list (&o, "usage/b", FALSE, ".json", known, again, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (listed->len, ==, 2);
    g_assert_cmpstr (g_hash_table_lookup (again, "2.json"), ==, known_2);
    g_assert_cmpstr (g_hash_table_lookup (again, "10.json"), !=, old_10);
  }

  /* A folder that is not there lists as empty. */
  none = rp_fleet_origin_list (&o, "usage/nobody", FALSE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  rp_fleet_origin_clear (&o);
}

static void
test_folder_reading (void)
{
  g_autofree char *dir = make_origin ("origin-read");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  RpFleetOrigin o = { 0 };

  g_assert_true (rp_fleet_origin_open (&o, dir, &error));

  bytes = rp_fleet_origin_read (&o, "usage/b/2.json", 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "{\"sequence\": 2}", 15);

  /* A link is refused, even to a report of the same folder. */
  g_assert_null (rp_fleet_origin_read (&o, "usage/b/3.json", 1024, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH);
  g_clear_error (&error);

  /* Past the cap: refused, not truncated. */
  g_assert_null (rp_fleet_origin_read (&o, "usage/b/10.json", 4, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (rp_fleet_origin_read (&o, "usage/b/99.json", 1024, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  rp_fleet_origin_clear (&o);
}

/* Whatever else sits at an origin is refused at once: a FIFO named like
 * a report (no writer will ever come) must not hang collect, nor must a
 * folder. */
static void
test_not_a_file (void)
{
  g_autofree char *dir = make_origin ("origin-fifo");
  g_autofree char *fifo = g_build_filename (dir, "usage", "b", "4.json", NULL);
  g_autoptr(GError) error = NULL;
  RpFleetOrigin o = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_true (rp_fleet_origin_open (&o, dir, &error));

  g_assert_null (rp_fleet_origin_read (&o, "usage/b/4.json", 1024, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_IO);
  g_clear_error (&error);

  g_assert_null (rp_fleet_origin_read (&o, "usage/b/sub", 1024, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_IO);
  g_clear_error (&error);

  rp_fleet_origin_clear (&o);
}

static void
test_not_an_origin (void)
{
  g_autofree char *dir = rp_test_make_dir ("origin-missing");
  g_autofree char *missing = g_build_filename (dir, "nothing-here", NULL);
  g_autoptr(GError) error = NULL;
  RpFleetOrigin o = { 0 };

  g_assert_false (rp_fleet_origin_open (&o, missing, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_MISSING_FILE);
  g_assert_nonnull (strstr (error->message, "neither a folder nor an http(s) URL"));
  rp_fleet_origin_clear (&o);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/FleetOrigin/folder-listing", test_folder_listing);
  g_test_add_func ("/ReadingPoint/FleetOrigin/folder-reading", test_folder_reading);
  g_test_add_func ("/ReadingPoint/FleetOrigin/not-a-file", test_not_a_file);
  g_test_add_func ("/ReadingPoint/FleetOrigin/not-an-origin", test_not_an_origin);

  return g_test_run ();
}
