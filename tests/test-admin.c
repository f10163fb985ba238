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


/* The kiosk user can write the bundle directory: a bundle whose trusted.pub
 * and signature were both swapped for another key's must fail verify. */
static void
test_verify_ignores_key_in_bundle (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-verify-key");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(RpMinisignSecretKey) stranger = NULL;
  g_autoptr(RpMinisignKey) stranger_pub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle_dir = NULL;
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gsize length = 0;
  const char *args[] = { "--data-dir", path, "verify", NULL };

  if (!g_file_test (rp_demo_get_public_key (), G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the demo origin is not built (-Ddemo=false)");
      return;
    }
  g_assert_true (rp_demo_install_if_empty (data_dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_admin (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "signature good"));

  bundle = rp_data_dir_open_current (data_dir, &error);
  g_assert_no_error (error);
  bundle_dir = g_build_filename (path, "bundles", rp_bundle_get_name (bundle), NULL);
  manifest_path = g_build_filename (bundle_dir, RP_BUNDLE_MANIFEST, NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, &length, NULL));
  stranger = rp_minisign_secret_key_generate ();
  stranger_pub = rp_minisign_secret_key_get_public (stranger);
  pub_text = rp_minisign_key_to_text (stranger_pub);
  signature = rp_minisign_sign (stranger, (const guint8 *) manifest, length, "channel:demo\tversion:1");
  rp_test_write_file (bundle_dir, RP_BUNDLE_KEY, pub_text, -1);
  rp_test_write_file (bundle_dir, RP_BUNDLE_SIGNATURE, signature, -1);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin (args, &out, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_null (strstr (out, "signature good"));
  g_assert_nonnull (strstr (err, "not among the trusted keys"));
}

/* The example sync unit runs as the kiosk's user on the kiosk's data
 * directory: run as root it read root's settings (the demo) and left
 * root-owned bundles the kiosk user could never collect. */
static void
test_sync_unit_runs_as_kiosk_user (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *sync_unit = g_build_filename (srcdir, "..", "data", "systemd", "readingpoint-sync.service", NULL);
  g_autofree char *kiosk_unit = g_build_filename (srcdir, "..", "data", "kiosk", "readingpoint-kiosk@.service.in",
                                                  NULL);
  g_autoptr(GKeyFile) sync = g_key_file_new ();
  g_autoptr(GKeyFile) kiosk = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *kiosk_user = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *kiosk_exec = NULL;
  const char *data_dir;

  g_assert_true (g_key_file_load_from_file (sync, sync_unit, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (kiosk, kiosk_unit, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  user = g_key_file_get_string (sync, "Service", "User", &error);
  g_assert_no_error (error);
  kiosk_user = g_key_file_get_string (kiosk, "Service", "User", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user, !=, "root");
  g_assert_cmpstr (user, !=, "0");
  g_assert_cmpstr (user, ==, kiosk_user);
  /* The same data directory as the kiosk's. */
  exec = g_key_file_get_string (sync, "Service", "ExecStart", &error);
  g_assert_no_error (error);
  kiosk_exec = g_key_file_get_string (kiosk, "Service", "ExecStart", &error);
  g_assert_no_error (error);
  data_dir = strstr (kiosk_exec, "--data-dir ");
  g_assert_nonnull (data_dir);
  g_assert_nonnull (strstr (exec, data_dir));
  g_assert_nonnull (strstr (exec, " sync"));
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
  g_test_add_func ("/ReadingPoint/Admin/verify-ignores-key-in-bundle", test_verify_ignores_key_in_bundle);
  g_test_add_func ("/ReadingPoint/Admin/sync-unit-runs-as-kiosk-user", test_sync_unit_runs_as_kiosk_user);

  return g_test_run ();
}
