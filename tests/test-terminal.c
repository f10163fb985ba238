/* test-terminal.c — RpTerminal, the policy the CLI and the panel share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Origins are folders here (no nginx); the upload after a sync is shown
 * against a loopback port nothing listens on, which leaves it pending.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

static char *sk, *pk;

/* Publishes version @version of the test source (channel "test") into a
 * new folder origin. (transfer full) */
static char *
published_origin (const char *name,
                  gint64      version)
{
  g_autofree char *source_name = g_strconcat (name, "-src", NULL);
  g_autofree char *source = rp_test_make_source (source_name);
  char *origin = rp_test_make_dir (name);

  if (version > 1)
    {
      g_autofree char *pdf = g_build_filename (source, "files", "enrolment.pdf", NULL);
      g_autofree char *text = g_strdup_printf ("Enrolment, revision %" G_GINT64_FORMAT, version);
      rp_test_write_pdf (pdf, 3, text);
    }
  rp_test_publish (source, origin, sk, version, 30);
  return origin;
}

/* The test key's text, as an administrator pastes it into trusted-keys. */
static char *
test_key_text (void)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (pk, &text, NULL, NULL));
  return text;
}

/* Settings in the memory backend, back to their defaults for each test. */
static GSettings *
fresh_settings (void)
{
  GSettings *settings = rp_settings_new ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_assert_nonnull (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

/* Syncs @origin into @terminal's data dir for channel "test", trusting the
 * test key as `sync --public-key` does. */
static gboolean
sync_folder (RpTerminal                  *terminal,
             const char                  *origin,
             const RpTerminalSyncOptions *options,
             RpSyncOutcome               *out_outcome,
             GError                     **out_upload_error,
             GError                     **error)
{
  g_autoptr(RpSyncEngine) engine = rp_terminal_new_sync_engine (terminal, "test", origin, pk, error);
  g_autoptr(RpSyncSource) source = NULL;

  if (engine == NULL)
    return FALSE;
  source = rp_sync_source_new_for_origin (origin);
  return rp_terminal_sync (terminal, engine, source, options, out_outcome, out_upload_error, NULL, error);
}

static GStrv
audit_rows (RpTerminal *terminal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_data_dir_open_state (rp_terminal_get_data_dir (terminal), &error);

  g_assert_no_error (error);
  return rp_state_db_list_audit (state, 50);
}

static gboolean
rows_contain (const char * const *rows,
              const char         *needle)
{
  for (guint i = 0; rows[i] != NULL; i++)
    if (strstr (rows[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_status_of_demo (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-demo");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  g_autoptr(RpTerminalStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_demo_install_if_empty (data_dir, &error));
  g_assert_no_error (error);

  status = rp_terminal_get_status (terminal);
  g_assert_no_error (status->catalogue_error);
  g_assert_cmpstr (status->data_dir, ==, rp_data_dir_get_path (data_dir));
  g_assert_cmpstr (status->bundle, ==, "demo-1");
  g_assert_cmpstr (status->channel, ==, RP_DEMO_CHANNEL);
  g_assert_nonnull (status->title);
  g_assert_cmpuint (status->n_entries, >, 0);
  g_assert_true (status->is_signed);
  g_assert_cmpint (status->version, ==, 1);
  g_assert_nonnull (status->key_id);
  g_assert_nonnull (status->issued);
  g_assert_nonnull (status->expires);
  g_assert_false (status->expired);
  g_assert_nonnull (status->last_sync);
  g_assert_nonnull (status->audit_head);
  g_assert_cmpint (status->audit_seq, >, 0);
  g_assert_true (status->has_free_bytes);
  g_assert_cmpuint (status->n_objects, >, 0);
  g_assert_finalize_object (g_steal_pointer (&terminal));
}

static void
test_status_of_empty_terminal (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-empty");
  g_autofree char *state = g_build_filename (path, "state.db", NULL);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  g_autoptr(RpTerminalStatus) status = rp_terminal_get_status (terminal);

  g_assert_error (status->catalogue_error, RP_ERROR, RP_ERROR_NO_CATALOGUE);
  g_assert_null (status->bundle);
  g_assert_null (status->channel);
  g_assert_false (status->is_signed);
  g_assert_null (status->last_sync);
  g_assert_null (status->audit_head);
  g_assert_cmpuint (status->n_objects, ==, 0);
  /* A snapshot reads; it never creates the audit log. */
  g_assert_false (g_file_test (state, G_FILE_TEST_EXISTS));
}

static void
test_configuration_without_settings (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-config");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  g_autofree char *channel = rp_terminal_dup_channel (terminal);
  g_autofree char *site = rp_terminal_dup_site_id (terminal);
  g_autofree char *origin = rp_terminal_dup_origin (terminal);
  g_autofree char *demo_origin = rp_terminal_dup_sync_origin (terminal, RP_DEMO_CHANNEL);
  g_autofree char *test_origin = rp_terminal_dup_sync_origin (terminal, "test");

  g_assert_null (rp_terminal_get_settings (terminal));
  g_assert_cmpstr (channel, ==, RP_DEMO_CHANNEL);
  g_assert_cmpstr (site, ==, "");
  g_assert_cmpstr (origin, ==, "");
  /* Nothing configured: the demo comes from the built-in demo origin, and
   * any other channel has nowhere to come from. */
  g_assert_cmpstr (demo_origin, ==, rp_demo_get_origin ());
  g_assert_null (test_origin);
}

/* How many keys the trust policy gives for a sync of @channel from @origin. */
static guint
n_trusted (RpTerminal *terminal,
           const char *channel,
           const char *origin,
           const char *extra_key_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpKeyring) keyring = rp_terminal_new_keyring (terminal, channel, origin, extra_key_file, &error);

  g_assert_no_error (error);
  return rp_keyring_get_n_keys (keyring);
}

static void
test_trust_without_settings (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-trust-bare");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);

  /* The command line is the configuration: the demo channel from no origin
   * or the demo origin trusts the demo key ... */
  g_assert_cmpuint (n_trusted (terminal, RP_DEMO_CHANNEL, NULL, NULL), ==, 1);
  g_assert_cmpuint (n_trusted (terminal, RP_DEMO_CHANNEL, rp_demo_get_origin (), NULL), ==, 1);
  /* ... but an outside origin never can use it. */
  g_assert_cmpuint (n_trusted (terminal, RP_DEMO_CHANNEL, "http://127.0.0.1:1/", NULL), ==, 0);
  /* --public-key adds its key for the channel. */
  g_assert_cmpuint (n_trusted (terminal, "test", "/nowhere", pk), ==, 1);
}

static void
test_trust_with_configured_keys (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-trust-settings");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autofree char *key = test_key_text ();
  g_autofree char *demo_key = NULL;
  const char *keys[] = { key, NULL };

  /* The schema's defaults: the demo channel, no origin: the demo key. */
  g_assert_cmpuint (n_trusted (terminal, RP_DEMO_CHANNEL, NULL, NULL), ==, 1);

  /* A real channel and origin: the configured key, and the demo is over;
   * the origin named by the caller does not count with settings. */
  g_settings_set_strv (settings, "trusted-keys", keys);
  g_settings_set_string (settings, "channel", "test");
  g_settings_set_string (settings, "origin-url", "http://127.0.0.1:1/");
  g_assert_cmpuint (n_trusted (terminal, "test", rp_demo_get_origin (), NULL), ==, 1);

  /* The demo key pasted as a trusted key gains no trust that way. */
  g_assert_true (g_file_get_contents (rp_demo_get_public_key (), &demo_key, NULL, NULL));
  keys[0] = demo_key;
  g_settings_set_strv (settings, "trusted-keys", keys);
  g_assert_cmpuint (n_trusted (terminal, "test", NULL, NULL), ==, 0);
}

static void
test_sync_then_rollback_is_audited (void)
{
  g_autofree char *v1 = published_origin ("terminal-rollback-v1", 1);
  g_autofree char *v2 = published_origin ("terminal-rollback-v2", 2);
  g_autofree char *path = rp_test_make_dir ("terminal-rollback");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  RpTerminalSyncOptions options = { .audit_actor = "test-actor" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *current = NULL;
  g_auto(GStrv) rows = NULL;
  RpSyncOutcome outcome;

  g_assert_true (sync_folder (terminal, v1, &options, &outcome, &upload_error, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  g_assert_true (sync_folder (terminal, v2, NULL, &outcome, &upload_error, &error));
  g_assert_no_error (error);
  /* Without settings nothing is uploaded, so nothing can be left pending. */
  g_assert_no_error (upload_error);

  g_assert_true (rp_terminal_rollback (terminal, "test-actor", &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (from, ==, "test-2");
  g_assert_cmpstr (to, ==, "test-1");
  current = rp_data_dir_get_current_bundle (data_dir);
  g_assert_cmpstr (current, ==, "test-1");

  rows = audit_rows (terminal);
  g_assert_true (rows_contain ((const char * const *) rows, "test-actor  rollback  test-2 → test-1"));
  /* The first sync was audited under the actor, the second (no actor) not. */
  g_assert_true (rows_contain ((const char * const *) rows, "test-actor  sync-start"));
  g_assert_true (rows_contain ((const char * const *) rows, "test-actor  sync  installed"));

  /* Nothing older is kept: refused, and the refusal changes nothing. */
  g_clear_pointer (&from, g_free);
  g_clear_pointer (&to, g_free);
  g_assert_false (rp_terminal_rollback (terminal, "test-actor", &from, &to, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_NOT_FOUND);
  g_assert_null (to);
}

static void
test_failed_sync_is_audited_and_uploads_nothing (void)
{
  g_autofree char *empty_origin = rp_test_make_dir ("terminal-empty-origin");
  g_autofree char *path = rp_test_make_dir ("terminal-failed-sync");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  RpTerminalSyncOptions options = { .audit_actor = "test-actor", .upload_origin = "http://127.0.0.1:1/" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_auto(GStrv) rows = NULL;
  RpSyncOutcome outcome;

  g_settings_set_string (settings, "site-id", "site-terminal");
  g_assert_false (sync_folder (terminal, empty_origin, &options, &outcome, &upload_error, &error));
  g_assert_nonnull (error);
  g_assert_no_error (upload_error);
  rows = audit_rows (terminal);
  g_assert_true (rows_contain ((const char * const *) rows, "test-actor  sync  "));
  g_assert_true (rows_contain ((const char * const *) rows, error->message));
  /* No upload was tried: no batch was prepared. */
  usage = rp_terminal_open_usage (terminal, NULL);
  g_assert_nonnull (usage);
  batches = rp_usage_upload_list (usage, NULL);
  g_assert_cmpuint (batches->len, ==, 0);
}

static void
test_sync_then_upload_left_pending (void)
{
  g_autofree char *origin = published_origin ("terminal-upload-v1", 1);
  g_autofree char *path = rp_test_make_dir ("terminal-upload");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  /* Nothing listens on port 1: the upload fails, the sync does not. */
  RpTerminalSyncOptions options = { .upload_origin = "http://127.0.0.1:1/" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) two_days_ago = g_date_time_add_days (now, -2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  RpSyncOutcome outcome;

  g_settings_set_string (settings, "site-id", "site-terminal");
  usage = rp_terminal_open_usage (terminal, &error);
  g_assert_no_error (error);
  g_assert_true (rp_usage_count (usage, RP_USAGE_LANGUAGE, "en", two_days_ago, &error));
  g_assert_no_error (error);

  g_assert_true (sync_folder (terminal, origin, &options, &outcome, &upload_error, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  g_assert_nonnull (upload_error);
  /* The closed day waits in a pending batch for the next sync. */
  batches = rp_usage_upload_list (usage, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_false (((RpUsageBatch *) batches->pdata[0])->done);
}

static void
sync_async_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_sync_async (void)
{
  g_autofree char *origin = published_origin ("terminal-async-v1", 1);
  g_autofree char *path = rp_test_make_dir ("terminal-async");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  RpTerminalSyncOptions options = { .audit_actor = "test-panel" };
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source = rp_sync_source_new_for_origin (origin);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL;
  g_autofree char *current = NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;

  engine = rp_terminal_new_sync_engine (terminal, "test", origin, pk, &error);
  g_assert_no_error (error);
  rp_terminal_sync_async (terminal, engine, source, &options, NULL, sync_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rp_terminal_sync_finish (terminal, result, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  g_assert_cmpint (rp_sync_engine_get_offered_version (engine), ==, 1);
  current = rp_data_dir_get_current_bundle (data_dir);
  g_assert_cmpstr (current, ==, "test-1");
  rows = audit_rows (terminal);
  g_assert_true (rows_contain ((const char * const *) rows, "test-panel  sync  installed"));
}

static void
test_export_usage_to_folder (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-export");
  g_autofree char *usb = rp_test_make_dir ("terminal-export-usb");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) two_days_ago = g_date_time_add_days (now, -2);
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv_name = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;

  g_settings_set_string (settings, "site-id", "site-x");
  g_settings_set_uint (settings, "usage-retention-days", 30);
  usage = rp_terminal_open_usage (terminal, &error);
  g_assert_no_error (error);
  g_assert_true (rp_usage_count (usage, RP_USAGE_LANGUAGE, "en", two_days_ago, &error));

  rp_terminal_get_export_period (terminal, &first, &last);
  g_assert_cmpint (strlen (first), ==, 10);
  g_assert_cmpstr (first, <, last);
  json = rp_terminal_export_usage (terminal, NULL, NULL, NULL, RP_USAGE_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "site-x"));
  g_assert_cmpint (rp_test_export_count (json, "language", "en"), ==, 1);

  g_assert_true (rp_terminal_export_usage_to (terminal, usb, "test-panel", &error));
  g_assert_no_error (error);
  csv_name = g_strdup_printf ("readingpoint-usage-site-x-%s_%s.csv", first, last);
  csv = g_build_filename (usb, csv_name, NULL);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (rp_test_count_files (usb), ==, 2);
  rows = audit_rows (terminal);
  g_assert_true (rows_contain ((const char * const *) rows, "test-panel  usage-export"));
}

static void
test_identity_is_made_once (void)
{
  g_autofree char *path = rp_test_make_dir ("terminal-identity");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *line = NULL;

  g_assert_true (rp_terminal_get_identity (terminal, &id1, &line, &error));
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (rp_terminal_get_identity (terminal, &id2, NULL, &error));
  g_assert_cmpstr (id1, ==, id2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keys = NULL;

  g_test_init (&argc, &argv, NULL);
  keys = rp_test_make_dir ("terminal-keys");
  rp_test_keygen (keys, "test", &sk, &pk);

  g_test_add_func ("/ReadingPoint/Terminal/status-of-demo", test_status_of_demo);
  g_test_add_func ("/ReadingPoint/Terminal/status-of-empty-terminal", test_status_of_empty_terminal);
  g_test_add_func ("/ReadingPoint/Terminal/configuration-without-settings", test_configuration_without_settings);
  g_test_add_func ("/ReadingPoint/Terminal/trust-without-settings", test_trust_without_settings);
  g_test_add_func ("/ReadingPoint/Terminal/trust-with-configured-keys", test_trust_with_configured_keys);
  g_test_add_func ("/ReadingPoint/Terminal/sync-then-rollback-is-audited", test_sync_then_rollback_is_audited);
  g_test_add_func ("/ReadingPoint/Terminal/failed-sync-is-audited-and-uploads-nothing",
                   test_failed_sync_is_audited_and_uploads_nothing);
  g_test_add_func ("/ReadingPoint/Terminal/sync-then-upload-left-pending", test_sync_then_upload_left_pending);
  g_test_add_func ("/ReadingPoint/Terminal/sync-async", test_sync_async);
  g_test_add_func ("/ReadingPoint/Terminal/export-usage-to-folder", test_export_usage_to_folder);
  g_test_add_func ("/ReadingPoint/Terminal/identity-is-made-once", test_identity_is_made_once);
  return g_test_run ();
}
