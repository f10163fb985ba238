/* test-admin.c — readingpoint-admin's command-line contract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <unistd.h>

#include "rp-admin-pin.h"
#include "rp-core.h"
#include "rp-test-pdfs.h"
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
  /* Built from an unsigned source: nothing published, a database on disk. */
  {
    g_autofree char *bundle_path = rp_data_dir_build_bundle_path (data_dir, "test-0");
    g_autofree char *db = g_build_filename (bundle_path, RP_BUNDLE_DATABASE, NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (db, &st), ==, 0);
    g_assert_cmpint (json_object_get_int_member (object, "catalogue_bytes"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (object, "catalogue_chunks"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (object, "database_bytes"), ==, st.st_size);
  }
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

/* render draws under a terminal's limits: a page that a thumbnail draws
 * in a fraction of a second but that runs for minutes at 1920 px ends the
 * command at a terminal's time limit with exit 1 and the reason. */
static void
test_render_time_limit (void)
{
  g_autofree char *dir = rp_test_make_pdfs ("admin-render-pdfs");
  g_autofree char *pdf = g_build_filename (dir, "slow-when-large.pdf", NULL);
  g_autofree char *small = g_build_filename (dir, "small.png", NULL);
  g_autofree char *large = g_build_filename (dir, "large.png", NULL);
  g_autofree char *err = NULL;
  const char *draw_small[] = { "render", pdf, "--page", "1", "--width", "100", "-o", small, NULL };
  const char *draw_large[] = { "render", pdf, "--page", "1", "--width", "1920", "-o", large, NULL };
  g_autofree char *says = g_strdup_printf ("readingpoint-admin render: Page 1 drawn 1920 px wide took longer "
                                          "than %g s (time limit)", RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT / 1000.0);

  g_assert_cmpint (run_admin (draw_small, NULL, NULL), ==, 0);
  g_assert_true (g_file_test (small, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (run_admin (draw_large, NULL, &err), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, says));
  g_assert_false (g_file_test (large, G_FILE_TEST_EXISTS));
}

/* Runs @prefix (a wrapper such as faketime, or NULL) then readingpoint-admin
 * with @args, feeding @input on standard input; returns the exit status. */
static int
run_admin_with (const char * const *prefix,
                const char * const *env,
                const char * const *args,
                const char         *input,
                char              **out_stdout,
                char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; prefix && prefix[i]; i++)
    g_ptr_array_add (argv, (gpointer) prefix[i]);
  g_ptr_array_add (argv, (gpointer) g_getenv ("RP_ADMIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env && env[i]; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("readingpoint-admin %s %s → %d\n%s%s", args[2] ? args[2] : "", args[2] && args[3] ? args[3] : "",
                  g_subprocess_get_exit_status (process), out, err);
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (process);
}

/* render's poppler runs in the render helper, under its seccomp filter: a
 * page that makes a forbidden system call (as an exploited poppler would,
 * RP_RENDER_HELPER_TEST_SYSCALL_PAGE) ends the command with the reason,
 * and the other page of the same file still draws. */
static void
test_render_sandboxed (void)
{
  g_autofree char *dir = rp_test_make_dir ("admin-render-sandboxed");
  g_autofree char *pdf = g_build_filename (dir, "in.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autofree char *err = NULL;
  const char *env[] = { "RP_RENDER_HELPER_TEST_SYSCALL_PAGE", "1", NULL };
  const char *first[] = { "render", pdf, "--page", "1", "--width", "300", "-o", png, NULL };
  const char *second[] = { "render", pdf, "--page", "2", "--width", "300", "-o", png, NULL };

  rp_test_write_pdf (pdf, 2, "render me");
  g_assert_cmpint (run_admin_with (NULL, env, first, NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "readingpoint-admin render: Page 1 drawn 300 px wide: "));
  g_assert_nonnull (strstr (err, "forbidden system call"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_admin_with (NULL, env, second, NULL, NULL, NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
write_audit_rows (const char *dir,
                  guint       n)
{
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("row %u", i);
      g_assert_true (rp_state_db_audit (state, "test", "sync", detail, &error));
    }
}

static void
run_sql (const char *dir,
         const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Issue 12, finding 9: the office needs the audit chain's head to detect
 * deleted newest rows later; status --json carries it. */
static void
test_status_json_has_audit_head (void)
{
  g_autofree char *source = rp_test_make_source ("admin-head-source");
  g_autofree char *path = rp_test_make_dir ("admin-head");
  g_autofree char *state_path = g_build_filename (path, "state.db", NULL);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hash = NULL;
  const char *args[] = { "--data-dir", path, "status", "--json", NULL };
  JsonObject *head;
  gint64 seq = 0;

  catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);
  g_assert_no_error (error);
  write_audit_rows (path, 3);
  state = rp_state_db_open (state_path, &error);
  g_assert_true (rp_state_db_get_audit_head (state, &seq, &hash, &error));

  g_assert_cmpint (run_admin_with (NULL, NULL, args, NULL, &out, NULL), ==, 0);
  head = json_object_get_object_member (parse_object (parser, out), "audit_head");
  g_assert_nonnull (head);
  g_assert_cmpint (json_object_get_int_member (head, "seq"), ==, 3);
  g_assert_cmpint (seq, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (head, "hash"), ==, hash);

  /* The text output shows it as the anchor audit verify takes. */
  g_clear_pointer (&out, g_free);
  args[3] = NULL;
  g_assert_cmpint (run_admin_with (NULL, NULL, args, NULL, &out, NULL), ==, 0);
  text = g_strdup_printf ("Audit head:     3:%s\n", hash);
  g_assert_nonnull (strstr (out, text));
}

static void
test_audit_verify_detects_edit (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-audit-edit");
  g_autofree char *err = NULL;
  const char *args[] = { "--data-dir", path, "audit", "verify", NULL };

  write_audit_rows (path, 5);
  g_assert_cmpint (run_admin_with (NULL, NULL, args, NULL, NULL, NULL), ==, 0);
  run_sql (path, "UPDATE audit_log SET action = 'nothing' WHERE detail = 'row 1'");
  g_assert_cmpint (run_admin_with (NULL, NULL, args, NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "altered at row 2"));
}

static void
test_audit_verify_detects_truncation_against_anchor (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-audit-truncate");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *anchor = NULL;
  const char *json_args[] = { "--data-dir", path, "audit", "verify", "--json", NULL };
  const char *plain[] = { "--data-dir", path, "audit", "verify", NULL };
  const char *anchored[] = { "--data-dir", path, "audit", "verify", "--anchor", NULL, NULL };
  const char *bad_anchor[] = { "--data-dir", path, "audit", "verify", "--anchor", "12", NULL };
  JsonObject *head;

  write_audit_rows (path, 6);
  /* What the office kept from an earlier report. */
  g_assert_cmpint (run_admin_with (NULL, NULL, json_args, NULL, &out, NULL), ==, 0);
  head = json_object_get_object_member (parse_object (parser, out), "audit_head");
  anchor = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", json_object_get_int_member (head, "seq"),
                            json_object_get_string_member (head, "hash"));
  anchored[5] = anchor;
  write_audit_rows (path, 2);
  g_assert_cmpint (run_admin_with (NULL, NULL, anchored, NULL, NULL, NULL), ==, 0);

  /* The newest four rows deleted: the chain alone holds, the anchor not. */
  run_sql (path, "DELETE FROM audit_log WHERE id > 4");
  g_assert_cmpint (run_admin_with (NULL, NULL, plain, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_admin_with (NULL, NULL, anchored, NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "truncated"));
  g_assert_cmpint (run_admin_with (NULL, NULL, bad_anchor, NULL, NULL, NULL), ==, 2);
}

static gboolean
pin_is_set (const char *dir)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  const char *args[] = { "--data-dir", dir, "pin", "status", "--json", NULL };

  g_assert_cmpint (run_admin_with (NULL, NULL, args, NULL, &out, NULL), ==, 0);
  return json_object_get_boolean_member (parse_object (parser, out), "set");
}

/* Issue 12, finding 5: the PIN is provisioned from a shell, 6 to 12
 * digits, read from standard input (never an argument). */
static void
test_pin_set_requires_six_digits (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-pin-set");
  g_autofree char *state_path = g_build_filename (path, "state.db", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(RpAdminPin) pin = NULL;
  const char *set[] = { "--data-dir", path, "pin", "set", NULL };
  const char *set_stdin[] = { "--data-dir", path, "pin", "set", "--pin-stdin", NULL };
  const char *as_argument[] = { "--data-dir", path, "pin", "set", "123456", NULL };

  g_assert_false (pin_is_set (path));
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "12345\n", NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "6 to 12 digits"));
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "12a456\n", NULL, NULL), ==, 1);
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "1234567890123\n", NULL, NULL), ==, 1);
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "", NULL, NULL), ==, 1);
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "482916\n482917\n", NULL, NULL), ==, 1);
  g_assert_cmpint (run_admin_with (NULL, NULL, as_argument, NULL, NULL, NULL), ==, 2);
  g_assert_false (pin_is_set (path));

  g_assert_cmpint (run_admin_with (NULL, NULL, set, "482916\n482916\n", NULL, NULL), ==, 0);
  g_assert_true (pin_is_set (path));
  g_assert_cmpint (run_admin_with (NULL, NULL, set_stdin, "75319864\n", NULL, NULL), ==, 0);

  state = rp_state_db_open (state_path, &error);
  pin = rp_admin_pin_open (state_path, state, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rp_admin_pin_check (pin, "482916", NULL, NULL), ==, RP_PIN_WRONG);
  g_assert_cmpint (rp_admin_pin_check (pin, "75319864", NULL, NULL), ==, RP_PIN_ACCEPTED);
}

static guint
pin_delay (const char * const *prefix,
           const char * const *env,
           const char         *dir)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  const char *args[] = { "--data-dir", dir, "pin", "status", "--json", NULL };
  JsonObject *object;

  g_assert_cmpint (run_admin_with (prefix, env, args, NULL, &out, NULL), ==, 0);
  object = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (object, "set"));
  return (guint) json_object_get_int_member (object, "delay_seconds");
}

/* A lock recorded now, then the wall clock set back decades (and forward):
 * the delay never exceeds what was imposed, because nothing wall-clock is
 * stored. Before, a lock was a wall-clock deadline and the clock set back
 * locked the right PIN out for 26.9 years. pin clear-lockout ends it. */
static void
test_wall_clock_set_back_cannot_extend_lockout (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-pin-clock");
  g_autofree char *state_path = g_build_filename (path, "state.db", NULL);
  g_autofree char *faketime = g_find_program_in_path ("faketime");
  g_autofree char *year = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(RpAdminPin) pin = NULL;
  const char *back[] = { faketime, "1990-01-01 00:00:00", NULL };
  const char *forward[] = { faketime, "2090-01-01 00:00:00", NULL };
  /* A real clock change (settimeofday, NTP) leaves the boot-time clock
   * alone; libfaketime would otherwise fake that one too. Under ASan the
   * preloaded libfaketime comes before the ASan runtime: allowed here. */
  g_autofree char *asan = g_strdup_printf ("%s%sverify_asan_link_order=0", g_getenv ("ASAN_OPTIONS") ?: "",
                                           g_getenv ("ASAN_OPTIONS") ? ":" : "");
  const char *real_change[] = { "FAKETIME_DONT_FAKE_MONOTONIC", "1", "ASAN_OPTIONS", asan, NULL };
  const char *clear[] = { "--data-dir", path, "pin", "clear-lockout", NULL };
  guint wait = 0, delay;

  if (faketime == NULL)
    {
      g_test_skip ("faketime is not installed (Debian package faketime)");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char *[]) { faketime, "1990-01-01 00:00:00", "date", "+%Y", NULL }, NULL, 0,
                               NULL, NULL, &year, NULL, NULL, &error));
  g_assert_cmpstr (year, ==, "1990\n");

  state = rp_state_db_open (state_path, &error);
  pin = rp_admin_pin_open (state_path, state, &error);
  g_assert_no_error (error);
  g_assert_true (rp_admin_pin_provision (pin, "482916", &error));
  /* Seven failures already served; the eighth, now, on the real clock. */
  run_sql (path, "UPDATE admin_pin SET failures = 7");
  g_assert_cmpint (rp_admin_pin_check (pin, "000000", NULL, &wait), ==, RP_PIN_WRONG);
  g_assert_cmpuint (wait, ==, rp_admin_pin_delay_for_failures (8));

  delay = pin_delay (back, real_change, path);
  g_assert_cmpuint (delay, >, 0);
  g_assert_cmpuint (delay, <=, wait);
  /* Forward: not ended either (only boot time serves a delay). */
  delay = pin_delay (forward, real_change, path);
  g_assert_cmpuint (delay, >, 0);
  g_assert_cmpuint (delay, <=, wait);

  g_assert_cmpint (run_admin_with (NULL, NULL, clear, NULL, NULL, NULL), ==, 0);
  g_assert_cmpuint (pin_delay (NULL, NULL, path), ==, 0);
  g_assert_cmpint (rp_admin_pin_check (pin, "482916", NULL, NULL), ==, RP_PIN_ACCEPTED);
}

/* Provisioning as root must not leave a root-owned state.db in the kiosk
 * user's directory (the kiosk could no longer write it). */
static void
test_pin_refuses_root_on_kiosk_dir (void)
{
  g_autofree char *path = rp_test_make_dir ("admin-pin-owner");
  g_autofree char *state_path = g_build_filename (path, "state.db", NULL);
  g_autofree char *err = NULL;
  const char *set[] = { "--data-dir", path, "pin", "set", NULL };

  if (geteuid () != 0)
    {
      g_test_skip ("needs root to hand the directory to another user");
      return;
    }
  g_assert_cmpint (chown (path, 65534, 65534), ==, 0);
  g_assert_cmpint (run_admin_with (NULL, NULL, set, "482916\n", NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "runuser -u"));
  g_assert_false (g_file_test (state_path, G_FILE_TEST_EXISTS));
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
  g_test_add_func ("/ReadingPoint/Admin/render-time-limit", test_render_time_limit);
  g_test_add_func ("/ReadingPoint/Admin/render-sandboxed", test_render_sandboxed);
  g_test_add_func ("/ReadingPoint/Admin/status-json-has-audit-head", test_status_json_has_audit_head);
  g_test_add_func ("/ReadingPoint/Admin/audit-verify-detects-edit", test_audit_verify_detects_edit);
  g_test_add_func ("/ReadingPoint/Admin/audit-verify-detects-truncation-against-anchor",
                   test_audit_verify_detects_truncation_against_anchor);
  g_test_add_func ("/ReadingPoint/Admin/pin-set-requires-six-digits", test_pin_set_requires_six_digits);
  g_test_add_func ("/ReadingPoint/Admin/pin-refuses-root-on-kiosk-dir", test_pin_refuses_root_on_kiosk_dir);
  g_test_add_func ("/ReadingPoint/Admin/wall-clock-set-back-cannot-extend-lockout",
                   test_wall_clock_set_back_cannot_extend_lockout);
  g_test_add_func ("/ReadingPoint/Admin/verify-ignores-key-in-bundle", test_verify_ignores_key_in_bundle);
  g_test_add_func ("/ReadingPoint/Admin/sync-unit-runs-as-kiosk-user", test_sync_unit_runs_as_kiosk_user);

  return g_test_run ();
}
