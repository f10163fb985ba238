/* test-admin.c — readingpoint-admin's command-line contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rp-core.h"
#include "rp-test-util.h"

/* Runs readingpoint-admin with @argv; returns its exit status. */
static int
run_admin (const char * const *args,
           char              **out_stdout,
           char              **out_stderr)
{
  const char *admin = g_getenv ("RP_ADMIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (admin);
  g_ptr_array_add (argv, (gpointer) admin);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_status_json (void)
{
  g_autofree char *source = rp_test_make_source ("admin-source");
  g_autofree char *path = rp_test_make_dir ("admin-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--data-dir", path, "status", "--json", NULL };
  JsonObject *object;

  catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_admin (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (object, "ok"));
  g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "test");
  g_assert_cmpstr (json_object_get_string_member (object, "bundle"), ==, "test-0");
  g_assert_cmpint (json_object_get_int_member (object, "entries"), ==, 4);
}

static void
test_status_nothing_installed (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-empty");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--data-dir", path, "status", "--json", NULL };
  JsonObject *object;

  g_assert_cmpint (run_admin (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No catalogue is installed"));
  /* One line on stderr, ending in a newline. */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (object, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "error"), "No catalogue"));
}

static void
test_usage_errors (void)
{
  const char *unknown[] = { "frobnicate", NULL };
  const char *none[] = { NULL };
  const char *bad_option[] = { "status", "--no-such-option", NULL };
  const char *render_no_page[] = { "render", "x.pdf", "-o", "x.png", NULL };
  const char *help[] = { "--help", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_admin (unknown, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (none, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (bad_option, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (render_no_page, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (help, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Usage: readingpoint-admin"));
}

static void
test_render_page (void)
{
  g_autofree char *dir = rp_test_make_dir ("admin-render");
  g_autofree char *pdf = g_build_filename (dir, "in.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.pdf", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "render", pdf, "--page", "2", "--width", "300", "-o", png, NULL };
  const char *bad[] = { "render", broken, "--page", "1", "-o", png, NULL };
  cairo_surface_t *surface;

  rp_test_write_pdf (pdf, 2, "render me");
  g_assert_cmpint (run_admin (args, NULL, NULL), ==, 0);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 300);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 425);
  cairo_surface_destroy (surface);

  rp_test_write_file (dir, "broken.pdf", "%PDF-1.4\ngarbage", -1);
  g_assert_cmpint (run_admin (bad, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "cannot be opened"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Admin/status-json", test_status_json);
  g_test_add_func ("/ReadingPoint/Admin/status-nothing-installed", test_status_nothing_installed);
  g_test_add_func ("/ReadingPoint/Admin/usage-errors", test_usage_errors);
  g_test_add_func ("/ReadingPoint/Admin/render-page", test_render_page);

  return g_test_run ();
}
