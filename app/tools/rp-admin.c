/* rp-admin.c — readingpoint-admin, the administrators' command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status (DESIGN.md, "Programs and their command lines"): 0 success,
 * 1 refused or failed (one line on stderr; with --json an object on stdout
 * saying why), 2 usage error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rp-admin-pin.h"
#include "rp-cli.h"
#include "rp-core.h"
#include "rp-search.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

static const char *usage_text =
  "Usage: readingpoint-admin [--data-dir DIR] COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  status [--json]                        what is installed\n"
  "  sync [--origin URL|PATH] [--channel C] [--public-key PUB] [--switch-channel] [--json]\n"
  "                                         install a newer signed bundle\n"
  "  verify [--public-key PUB] [--json]     check the installed bundle against the trusted keys\n"
  "  rollback [--json]                      return to the previous bundle\n"
  "  search QUERY [--limit N] [--json]     search the installed catalogue\n"
  "  usage export [--format json|csv] [-o FILE] [--site-id ID] [--from DAY] [--to DAY]\n"
  "                                         closed days of usage counters\n"
  "  usage upload [--origin URL] [--site-id ID]\n"
  "                                         PUT them to the origin's usage/ folder\n"
  "  render PDF --page N [--width PX] -o OUT.png"
  "                                         draw one page of a PDF\n"
  "  pin set [--pin-stdin] [--json]         provision the administrators' PIN (read from stdin)\n"
  "  pin status [--json]                    set or not, failures, current delay\n"
  "  pin clear-lockout [--json]             forget failures and the delay running\n"
  "  identity [--json]                     site id, terminal key id and public key (to enrol)\n"
  "  audit verify [--anchor SEQ:HASH] [--json]\n"
  "                                         re-walk the audit chain; with an anchor, detect truncation\n"
  "\n"
  "--data-dir defaults to $XDG_DATA_HOME/readingpoint.\n"
  "Run 'readingpoint-admin COMMAND --help' for a command's options.\n";

static void
print_json (JsonBuilder *builder)
{
  rp_cli_print_json (builder);
}

static int
fail (gboolean    json,
      const char *command,
      GError     *error)
{
  return rp_cli_fail ("readingpoint-admin", json, command, error);
}

static gboolean
parse_command (const char   *command,
               const char   *parameters,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv)
{
  return rp_cli_parse_command ("readingpoint-admin", command, parameters, entries, argc, argv);
}

/* Parses a command that takes only --json and no argument; returns -1 to
 * go on, else the exit status. */
static int
parse_json_only (const char *command,
                 gboolean   *json,
                 int        *argc,
                 char     ***argv)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, "Print a JSON object", NULL },
    { NULL }
  };

  if (!parse_command (command, "", entries, argc, argv))
    return EXIT_USAGE;
  if (*argc != 1)
    {
      g_printerr ("readingpoint-admin %s: unexpected argument “%s”\n", command, (*argv)[1]);
      return EXIT_USAGE;
    }
  return -1;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
format_time (GDateTime *time)
{
  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* The audit chain's head as {"seq", "hash"}; `audit verify --anchor`
 * takes it back as SEQ:HASH. */
static void
add_audit_head (JsonBuilder *builder,
                gint64       seq,
                const char  *hash)
{
  json_builder_set_member_name (builder, "audit_head");
  if (hash == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, seq);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_end_object (builder);
}

static int
cmd_status (const char *data_dir_path,
            int         argc,
            char      **argv)
{
  int status;
  gboolean json = FALSE;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpBundle) signed_bundle = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *version = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *audit_head = NULL;
  gint64 audit_seq = 0;
  gboolean expired = FALSE;

  if ((status = parse_json_only ("status", &json, &argc, &argv)) >= 0)
    return status;

  data_dir = rp_data_dir_new (data_dir_path);
  bundle = rp_data_dir_get_current_bundle (data_dir);
  catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  if (catalogue == NULL)
    return fail (json, "status", error);
  /* A bundle built from an unsigned source (development) has no manifest. */
  signed_bundle = rp_data_dir_open_current (data_dir, NULL);
  if (signed_bundle != NULL)
    {
      RpManifest *manifest = rp_bundle_get_manifest (signed_bundle);

      key_id = rp_bundle_get_key_id (signed_bundle);
      version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_manifest_get_version (manifest));
      issued = format_time (rp_manifest_get_issued (manifest));
      expires = format_time (rp_manifest_get_expires (manifest));
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        expired = rp_manifest_is_expired (manifest, now);
      }
    }
  state_path = rp_data_dir_build_state_path (rp_data_dir_get_path (data_dir));
  if (g_file_test (state_path, G_FILE_TEST_IS_REGULAR) && (state = rp_state_db_open (state_path, NULL)) != NULL)
    last_sync = rp_state_db_get_last_sync (state);
  /* The audit chain's head, for the office to keep as an anchor. */
  if (state != NULL && !rp_state_db_get_audit_head (state, &audit_seq, &audit_head, NULL))
    g_clear_pointer (&audit_head, g_free);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "data_dir", rp_data_dir_get_path (data_dir));
      add_string (builder, "bundle", bundle);
      add_string (builder, "channel", rp_catalogue_get_channel (catalogue));
      json_builder_set_member_name (builder, "version");
      if (signed_bundle != NULL)
        json_builder_add_int_value (builder, rp_manifest_get_version (rp_bundle_get_manifest (signed_bundle)));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "signed");
      json_builder_add_boolean_value (builder, signed_bundle != NULL);
      add_string (builder, "key_id", key_id);
      add_string (builder, "issued", issued);
      add_string (builder, "expires", expires);
      json_builder_set_member_name (builder, "expired");
      json_builder_add_boolean_value (builder, expired);
      add_string (builder, "title", rp_catalogue_get_title (catalogue));
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, rp_catalogue_get_n_entries (catalogue));
      add_string (builder, "last_sync", last_sync);
      add_audit_head (builder, audit_seq, audit_head);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print ("Data directory: %s\n", rp_data_dir_get_path (data_dir));
      g_print ("Bundle:         %s\n", bundle);
      g_print ("Channel:        %s\n", rp_catalogue_get_channel (catalogue));
      g_print ("Version:        %s\n", version ? version : "unsigned (built from a source folder)");
      if (key_id != NULL)
        g_print ("Signed by key:  %s\n", key_id);
      if (expires != NULL)
        g_print ("Expires:        %s\n", expires);
      if (expired)
        g_print ("Warning:        this bundle has EXPIRED; the publisher must publish a fresh one\n");
      g_print ("Title:          %s\n", rp_catalogue_get_title (catalogue));
      g_print ("Entries:        %u\n", rp_catalogue_get_n_entries (catalogue));
      if (last_sync != NULL)
        g_print ("Last sync:      %s\n", last_sync);
      if (audit_head != NULL)
        g_print ("Audit head:     %" G_GINT64_FORMAT ":%s\n", audit_seq, audit_head);
    }
  return 0;
}

/* GSettings when the schema is installed; a bare command line otherwise. */
static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, RP_APP_ID, TRUE)) == NULL)
    return NULL;
  return g_settings_new (RP_APP_ID);
}

/* DESIGN.md: usage is uploaded after each sync. A failed upload stays
 * pending for the next one and does not make the sync fail. */
static void
upload_after_sync (GSettings  *settings,
                   RpDataDir  *data_dir,
                   const char *origin)
{
  g_autofree char *site_id = settings ? g_settings_get_string (settings, "site-id") : NULL;
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  if (settings == NULL)
    return;
  if (!rp_usage_upload_after_sync (path, origin, site_id, g_settings_get_uint (settings, "usage-k"),
                                   g_settings_get_uint (settings, "usage-retention-days"), &sent, NULL, &error))
    g_printerr ("readingpoint-admin sync: usage upload left pending: %s\n", error->message);
}

/* The terminal's trust policy (rp_keyring_new_for_terminal) fed from
 * GSettings; without the schema, the command line is the configuration. */
static RpKeyring *
terminal_keyring (GSettings  *settings,
                  const char *channel,
                  const char *origin,
                  const char *public_key,
                  GError    **error)
{
  g_auto(GStrv) keys = settings ? g_settings_get_strv (settings, "trusted-keys") : NULL;
  g_autofree char *configured_channel = settings ? g_settings_get_string (settings, "channel") : g_strdup (channel);
  g_autofree char *configured_origin = settings ? g_settings_get_string (settings, "origin-url") : NULL;
  RpTrustSettings trust = { 0 };

  if (settings == NULL && origin != NULL && !rp_demo_is_origin (origin))
    configured_origin = g_strdup (origin);
  trust.trusted_keys = (const char * const *) keys;
  trust.configured_channel = configured_channel;
  trust.configured_origin = configured_origin;
  trust.extra_key_file = public_key;
  trust.extra_key_channel = channel;
  return rp_keyring_new_for_terminal (&trust, error);
}

static int
cmd_sync (const char *data_dir_path,
          int         argc,
          char      **argv)
{
  gboolean json = FALSE;
  g_autofree char *origin = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *public_key = NULL;
  gboolean switch_channel = FALSE;
  GOptionEntry entries[] = {
    { "origin", 0, 0, G_OPTION_ARG_STRING, &origin, "Origin URL or folder (default: the configured one)", "URL|PATH" },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, "Channel to follow (default: the configured one)", "C" },
    { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &public_key, "Also trust this public key for the channel", "PUB" },
    { "switch-channel", 0, 0, G_OPTION_ARG_NONE, &switch_channel,
      "Replace an installed bundle of another channel (audited)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
  RpSyncProgress *progress;

  if (!parse_command ("sync", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin sync: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }
  if (channel == NULL)
    channel = settings ? g_settings_get_string (settings, "channel") : g_strdup (RP_DEMO_CHANNEL);
  if (origin == NULL && settings != NULL)
    {
      origin = g_settings_get_string (settings, "origin-url");
      if (*origin == '\0')
        g_clear_pointer (&origin, g_free);
    }
  /* No origin configured: the demo channel comes from the built-in demo
   * origin, through the same signed path. */
  if (origin == NULL && g_str_equal (channel, RP_DEMO_CHANNEL))
    origin = g_strdup (rp_demo_get_origin ());
  if (origin == NULL)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_NETWORK,
                   "No origin is configured for channel “%s”; pass --origin or set origin-url", channel);
      return fail (json, "sync", error);
    }
  if (!rp_channel_name_is_valid (channel))
    {
      g_printerr ("readingpoint-admin sync: “%s” is not a valid channel name\n", channel);
      return EXIT_USAGE;
    }

  keyring = terminal_keyring (settings, channel, origin, public_key, &error);
  if (keyring == NULL)
    return fail (json, "sync", error);

  data_dir = rp_data_dir_new (data_dir_path);
  engine = rp_sync_engine_new (data_dir, keyring, channel);
  rp_sync_engine_set_allow_channel_switch (engine, switch_channel);
  source = rp_sync_source_new_for_origin (origin);
  if (!rp_sync_engine_run (engine, source, &outcome, NULL, &error))
    return fail (json, "sync", error);
  if (rp_sync_engine_get_warning (engine) != NULL)
    g_printerr ("readingpoint-admin sync: warning: %s\n", rp_sync_engine_get_warning (engine));
  progress = rp_sync_engine_get_progress (engine);
  bundle = rp_data_dir_get_current_bundle (data_dir);
  upload_after_sync (settings, data_dir, origin);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "outcome", rp_sync_outcome_to_string (outcome));
      add_string (builder, "origin", origin);
      add_string (builder, "channel", channel);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, rp_sync_engine_get_offered_version (engine));
      add_string (builder, "key_id", rp_sync_engine_get_key_id (engine));
      add_string (builder, "bundle", bundle);
      json_builder_set_member_name (builder, "objects_fetched");
      json_builder_add_int_value (builder, rp_sync_progress_get_objects_done (progress));
      json_builder_set_member_name (builder, "bytes_fetched");
      json_builder_add_int_value (builder, rp_sync_progress_get_bytes_done (progress));
      add_string (builder, "warning", rp_sync_engine_get_warning (engine));
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (outcome == RP_SYNC_OUTCOME_INSTALLED)
    g_print ("Installed %s (signed by %s): %u objects, %" G_GUINT64_FORMAT " bytes fetched\n", bundle,
             rp_sync_engine_get_key_id (engine), rp_sync_progress_get_objects_done (progress),
             rp_sync_progress_get_bytes_done (progress));
  else
    g_print ("Up to date: %s\n", bundle);
  return 0;
}

/* A verify's outcome goes to state.db, and from there into the next report
 * to the office; a verify that cannot be recorded still answers. */
static int
verify_done (RpDataDir  *data_dir,
             RpStateDb  *state,
             gboolean    json,
             GError     *error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RpStateDb) opened = state ? g_object_ref (state) : rp_data_dir_open_state (data_dir, &local_error);

  if (opened == NULL || !rp_state_db_set_last_verify (opened, error == NULL, error ? error->message : NULL,
                                                      &local_error))
    g_printerr ("readingpoint-admin verify: %s\n", local_error->message);
  return error == NULL ? 0 : fail (json, "verify", error);
}

static int
cmd_verify (const char *data_dir_path,
            int         argc,
            char      **argv)
{
  gboolean json = FALSE;
  g_autofree char *public_key = NULL;
  GOptionEntry entries[] = {
    { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &public_key,
      "Also trust this public key for the installed channel (as given to sync)", "PUB" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;
  guint n_objects = 0, n_audit = 0;
  guint64 n_bytes = 0;

  if (!parse_command ("verify", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin verify: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }
  data_dir = rp_data_dir_new (data_dir_path);
  bundle = rp_data_dir_open_current (data_dir, &error);
  if (bundle == NULL)
    return verify_done (data_dir, NULL, json, error);
  /* The keys the terminal trusts, as for a sync: never the key stored in
   * the bundle, which the kiosk user can replace. */
  keyring = terminal_keyring (settings, rp_manifest_get_channel (rp_bundle_get_manifest (bundle)), NULL, public_key,
                              &error);
  if (keyring == NULL ||
      !rp_bundle_verify (bundle, keyring, rp_demo_only_installed (data_dir), rp_data_dir_get_object_store (data_dir),
                         &n_objects, &n_bytes, &error))
    return verify_done (data_dir, NULL, json, error);
  state = rp_data_dir_open_state (data_dir, &error);
  if (state == NULL || !rp_state_db_check_audit_chain (state, &n_audit, &error))
    return verify_done (data_dir, state, json, error);
  verify_done (data_dir, state, json, NULL);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "bundle", rp_bundle_get_name (bundle));
      json_builder_set_member_name (builder, "objects");
      json_builder_add_int_value (builder, n_objects);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, n_bytes);
      json_builder_set_member_name (builder, "audit_rows");
      json_builder_add_int_value (builder, n_audit);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_print ("%s: signature good, %u objects (%" G_GUINT64_FORMAT " bytes) re-hashed, catalogue intact, "
             "audit log intact (%u rows)\n",
             rp_bundle_get_name (bundle), n_objects, n_bytes, n_audit);
  return 0;
}

static int
cmd_rollback (const char *data_dir_path,
              int         argc,
              char      **argv)
{
  int status;
  gboolean json = FALSE;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;
  int lock;

  if ((status = parse_json_only ("rollback", &json, &argc, &argv)) >= 0)
    return status;
  data_dir = rp_data_dir_new (data_dir_path);
  lock = rp_data_dir_lock (data_dir, FALSE, &error);
  if (lock < 0)
    return fail (json, "rollback", error);
  from = rp_data_dir_get_current_bundle (data_dir);
  ok = rp_data_dir_rollback (data_dir, &to, &error);
  rp_data_dir_unlock (lock);
  if (!ok)
    return fail (json, "rollback", error);
  detail = g_strdup_printf ("%s → %s", from, to);
  state = rp_data_dir_open_state (data_dir, &error);
  if (state == NULL || !rp_state_db_audit (state, "admin", "rollback", detail, &error))
    return fail (json, "rollback", error);
  if (json)
    g_print ("{\n  \"ok\" : true,\n  \"from\" : \"%s\",\n  \"bundle\" : \"%s\"\n}\n", from, to);
  else
    g_print ("Rolled back from %s to %s\n", from, to);
  return 0;
}

static int
cmd_render (int    argc,
            char **argv)
{
  int page = 0;
  int width = 1240;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "page", 0, 0, G_OPTION_ARG_INT, &page, "Page number, from 1", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (default 1240)", "PX" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PNG file to write", "OUT.png" },
    { NULL }
  };
  g_autoptr(RpDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  if (!parse_command ("render", "PDF", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || page < 1 || output == NULL || width < 1 || width > RP_DOCUMENT_MAX_EDGE_PX)
    {
      g_printerr ("Usage: readingpoint-admin render PDF --page N [--width PX] -o OUT.png\n");
      return EXIT_USAGE;
    }

  document = rp_document_open (argv[1], &error);
  if (document == NULL)
    return fail (FALSE, "render", error);
  surface = rp_document_render_page (document, (guint) page - 1, width, &error);
  if (surface == NULL)
    return fail (FALSE, "render", error);
  status = cairo_surface_write_to_png (surface, output);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_IO, "Cannot write “%s”: %s", output,
                   cairo_status_to_string (status));
      return fail (FALSE, "render", error);
    }
  return 0;
}

/* With --json: an array of {"id", "title", "score", "snippet", "page"}
 * (DESIGN.md); matches in the snippet are wrapped in <b></b> and the text
 * is escaped as in HTML, so it can be shown as is. */
static int
cmd_search (const char *data_dir_path,
            int         argc,
            char      **argv)
{
  gboolean json = FALSE;
  int limit = RP_SEARCH_DEFAULT_LIMIT;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N results (default 20)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array", NULL },
    { NULL }
  };
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpSearch) search = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  RpSearchOptions options = { 0 };

  if (!parse_command ("search", "QUERY", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || limit < 1)
    {
      g_printerr ("Usage: readingpoint-admin search QUERY [--limit N] [--json]\n");
      return EXIT_USAGE;
    }
  options.limit = limit;

  data_dir = rp_data_dir_new (data_dir_path);
  catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  if (catalogue == NULL)
    return fail (json, "search", error);
  search = rp_search_open (rp_catalogue_get_path (catalogue), &error);
  if (search == NULL)
    return fail (json, "search", error);
  results = rp_search_run (search, argv[1], &options, &error);
  if (results == NULL)
    return fail (json, "search", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(RpSearchResult) r = g_list_model_get_item (results, i);
          g_autofree char *snippet = rp_search_result_format_snippet (r, "<b>", "</b>", TRUE);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, rp_search_result_get_id (r));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, rp_search_result_get_title (r));
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, rp_search_result_get_score (r));
          json_builder_set_member_name (builder, "snippet");
          json_builder_add_string_value (builder, snippet);
          json_builder_set_member_name (builder, "page");
          if (rp_search_result_get_page (r) > 0)
            json_builder_add_int_value (builder, rp_search_result_get_page (r));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(RpSearchResult) r = g_list_model_get_item (results, i);
          g_autofree char *title = rp_search_result_format_title (r, "[", "]", FALSE);
          g_autofree char *snippet = rp_search_result_format_snippet (r, "[", "]", FALSE);

          g_print ("%s  %s", rp_search_result_get_id (r), title);
          if (rp_search_result_get_page (r) > 0)
            g_print ("  (p. %u)", rp_search_result_get_page (r));
          g_print ("\n    %s\n", snippet);
        }
    }
  return 0;
}

static char *
setting_or_default (GSettings  *settings,
                    const char *key,
                    const char *value)
{
  if (value != NULL)
    return g_strdup (value);
  return settings ? g_settings_get_string (settings, key) : g_strdup ("");
}

static RpUsage *
open_usage (const char *data_dir_path,
            GSettings  *settings,
            GError    **error)
{
  g_autofree char *path = g_build_filename (data_dir_path, "usage.db", NULL);
  g_autoptr(RpUsage) usage = NULL;

  if (g_mkdir_with_parents (data_dir_path, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", data_dir_path, g_strerror (errno));
      return NULL;
    }
  usage = rp_usage_open (path, error);
  if (usage == NULL)
    return NULL;
  if (settings != NULL)
    {
      rp_usage_set_k (usage, g_settings_get_uint (settings, "usage-k"));
      if (!rp_usage_purge (usage, g_settings_get_uint (settings, "usage-retention-days"), NULL, error))
        return NULL;
    }
  return g_steal_pointer (&usage);
}

static int
cmd_usage_export (const char *data_dir_path,
                  int         argc,
                  char      **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *site_id_arg = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "json (default) or csv", "json|csv" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { "site-id", 0, 0, G_OPTION_ARG_STRING, &site_id_arg, "Site id (default: the configured one)", "ID" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day (default: the oldest kept)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day (default: yesterday)", "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *site_id = NULL;
  g_autofree char *text = NULL;
  RpUsageFormat fmt = RP_USAGE_FORMAT_JSON;

  if (!parse_command ("usage export", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv")))
    {
      g_printerr ("Usage: readingpoint-admin usage export [--format json|csv] [-o FILE]\n");
      return EXIT_USAGE;
    }
  if (format != NULL && g_str_equal (format, "csv"))
    fmt = RP_USAGE_FORMAT_CSV;
  site_id = setting_or_default (settings, "site-id", site_id_arg);
  if (to == NULL)
    {
      g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
      to = g_date_time_format (yesterday, "%Y-%m-%d");
    }
  if (from == NULL)
    {
      guint days = settings ? g_settings_get_uint (settings, "usage-retention-days") : 400;
      g_autoptr(GDateTime) oldest = g_date_time_add_days (now, -(gint) days);
      from = g_date_time_format (oldest, "%Y-%m-%d");
    }
  usage = open_usage (data_dir_path, settings, &error);
  if (usage == NULL || (text = rp_usage_export (usage, from, to, site_id, fmt, &error)) == NULL)
    return fail (FALSE, "usage export", error);
  if (output == NULL)
    g_print ("%s%s", text, fmt == RP_USAGE_FORMAT_JSON ? "\n" : "");
  else if (!g_file_set_contents (output, text, -1, &error))
    return fail (FALSE, "usage export", error);
  return 0;
}

static int
cmd_usage_upload (const char *data_dir_path,
                  int         argc,
                  char      **argv)
{
  g_autofree char *origin_arg = NULL;
  g_autofree char *site_id_arg = NULL;
  int hold_ack_ms = 0;
  GOptionEntry entries[] = {
    { "origin", 0, 0, G_OPTION_ARG_STRING, &origin_arg, "Origin URL (default: the configured one)", "URL" },
    { "site-id", 0, 0, G_OPTION_ARG_STRING, &site_id_arg, "Site id (default: the configured one)", "ID" },
    /* For tests that cut the power between a PUT and its bookkeeping. */
    { "hold-ack-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &hold_ack_ms, NULL, "MS" },
    { NULL }
  };
  RpUsageUploadOptions options = { 0 };
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *site_id = NULL;
  guint sent = 0;

  if (!parse_command ("usage upload", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("Usage: readingpoint-admin usage upload [--origin URL]\n");
      return EXIT_USAGE;
    }
  origin = setting_or_default (settings, "origin-url", origin_arg);
  site_id = setting_or_default (settings, "site-id", site_id_arg);
  usage = open_usage (data_dir_path, settings, &error);
  options.hold_ack_ms = (guint) MAX (hold_ack_ms, 0);
  if (usage == NULL || !rp_usage_upload_run (usage, origin, site_id, &options, &sent, NULL, &error))
    return fail (FALSE, "usage upload", error);
  g_print ("Uploaded %u usage report%s\n", sent, sent == 1 ? "" : "s");
  return 0;
}

static int
cmd_usage (const char *data_dir_path,
           int         argc,
           char      **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    return cmd_usage_export (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "upload"))
    return cmd_usage_upload (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: readingpoint-admin usage export [--format json|csv] [-o FILE]\n"
               "       readingpoint-admin usage upload [--origin URL]\n");
      return 0;
    }
  g_printerr ("Usage: readingpoint-admin usage export|upload [OPTIONS]\n");
  return EXIT_USAGE;
}

/* The PIN and the audit log (issue 12). The PIN is set here, at
 * provisioning, never at the pad; `audit verify --anchor` checks the chain
 * against a head the office kept from an earlier status or upload. */

/* Whoever owns the data directory (the kiosk's service user) must own
 * state.db: run as root on someone else's directory, SQLite would leave a
 * root-owned file or journal the kiosk cannot write. */
static gboolean
check_data_dir_owner (const char *data_dir_path,
                      GError    **error)
{
  GStatBuf st;

  if (geteuid () != 0 || g_stat (data_dir_path, &st) != 0 || st.st_uid == 0)
    return TRUE;
  g_set_error (error, RP_ERROR, RP_ERROR_IO,
               "%s belongs to uid %u; run this as that user (runuser -u USER -- readingpoint-admin …), "
               "not as root",
               data_dir_path, (guint) st.st_uid);
  return FALSE;
}

static RpAdminPin *
open_pin (const char *data_dir_path,
          RpStateDb **out_state,
          GError    **error)
{
  g_autofree char *path = rp_data_dir_build_state_path (data_dir_path);
  g_autoptr(RpStateDb) state = NULL;
  RpAdminPin *pin;

  if (!check_data_dir_owner (data_dir_path, error))
    return NULL;
  if (g_mkdir_with_parents (data_dir_path, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", data_dir_path, g_strerror (errno));
      return NULL;
    }
  state = rp_state_db_open (path, error);
  if (state == NULL)
    return NULL;
  pin = rp_admin_pin_open (path, state, error);
  if (pin != NULL && out_state != NULL)
    *out_state = g_steal_pointer (&state);
  return pin;
}

/* One line from @in without its newline; (transfer full) (nullable) at
 * end of input. With @no_echo (a terminal) the digits are not shown. */
static char *
read_secret_line (FILE       *in,
                  const char *prompt,
                  gboolean    no_echo)
{
  char buffer[256];
  struct termios saved, quiet;
  gboolean restore = FALSE;
  char *line = NULL;

  if (prompt != NULL)
    {
      g_printerr ("%s", prompt);
      fflush (stderr);
    }
  if (no_echo && tcgetattr (fileno (in), &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (fileno (in), TCSAFLUSH, &quiet) == 0;
    }
  if (fgets (buffer, sizeof buffer, in) != NULL)
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      line = g_strdup (buffer);
    }
  if (restore)
    tcsetattr (fileno (in), TCSAFLUSH, &saved);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

static void
wipe_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static int
pin_ok_json (gboolean    json,
             const char *message,
             RpPinStatus *status)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "set");
      json_builder_add_boolean_value (builder, status->set);
      json_builder_set_member_name (builder, "failures");
      json_builder_add_int_value (builder, status->failures);
      json_builder_set_member_name (builder, "delay_seconds");
      json_builder_add_int_value (builder, status->delay_seconds);
      json_builder_set_member_name (builder, "max_delay_seconds");
      json_builder_add_int_value (builder, RP_ADMIN_PIN_MAX_DELAY);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else if (message != NULL)
    g_print ("%s\n", message);
  else
    {
      g_print ("PIN:       %s\n", status->set ? "set" : "not set (run: readingpoint-admin pin set)");
      g_print ("Failures:  %u wrong PIN%s since the last right one\n", status->failures,
               status->failures == 1 ? "" : "s");
      if (status->delay_seconds > 0)
        g_print ("Delay:     the pad takes no PIN for %u s (cap %d s)\n", status->delay_seconds,
                 RP_ADMIN_PIN_MAX_DELAY);
      else
        g_print ("Delay:     none\n");
    }
  return 0;
}

static int
cmd_pin_set (const char *data_dir_path,
             int         argc,
             char      **argv)
{
  gboolean json = FALSE;
  gboolean pin_stdin = FALSE;
  GOptionEntry entries[] = {
    { "pin-stdin", 0, 0, G_OPTION_ARG_NONE, &pin_stdin, "Read the PIN once, as one line, from standard input", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(RpAdminPin) pin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  gboolean tty = isatty (STDIN_FILENO);
  RpPinStatus status = { 0 };

  if (!parse_command ("pin set", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin pin set: unexpected argument “%s” (the PIN is read from standard input, "
                  "never from the command line)\n", argv[1]);
      return EXIT_USAGE;
    }

  /* On a terminal the PIN is asked twice without echo; from a pipe (or
   * with --pin-stdin) one line is the PIN, and a second line, if any,
   * must repeat it. Never an argument: it would show in ps and history. */
  first = read_secret_line (stdin, tty ? "New administrator PIN (6 to 12 digits): " : NULL, tty);
  if (first != NULL && (tty && !pin_stdin))
    second = read_secret_line (stdin, "The same PIN again: ", TRUE);
  else if (first != NULL && !pin_stdin)
    second = read_secret_line (stdin, NULL, FALSE);
  if (first == NULL)
    g_set_error_literal (&error, RP_ERROR, RP_ERROR_PIN_REFUSED, "No PIN was given on standard input");
  else if (tty && !pin_stdin && second == NULL)
    g_set_error_literal (&error, RP_ERROR, RP_ERROR_PIN_REFUSED, "The PIN was not repeated; nothing was changed");
  else if (second != NULL && (tty || *second != '\0') && strcmp (first, second) != 0)
    g_set_error_literal (&error, RP_ERROR, RP_ERROR_PIN_REFUSED, "The two PINs differ; nothing was changed");
  else if ((pin = open_pin (data_dir_path, NULL, &error)) != NULL)
    rp_admin_pin_provision (pin, first, &error);
  wipe_secret (&first);
  wipe_secret (&second);
  if (error != NULL || !rp_admin_pin_get_status (pin, NULL, &status, &error))
    return fail (json, "pin set", error);
  return pin_ok_json (json, "The administrator PIN is set.", &status);
}

/* `pin status` and `pin clear-lockout`: the same report, the latter after
 * ending the failures and the delay. */
static int
pin_report (const char *data_dir_path,
            const char *command,
            gboolean    clear,
            int         argc,
            char      **argv)
{
  int exit_status;
  gboolean json = FALSE;
  g_autoptr(RpAdminPin) pin = NULL;
  g_autoptr(GError) error = NULL;
  RpPinStatus status = { 0 };

  if ((exit_status = parse_json_only (command, &json, &argc, &argv)) >= 0)
    return exit_status;
  pin = open_pin (data_dir_path, NULL, &error);
  if (pin == NULL || (clear && !rp_admin_pin_clear_lockout (pin, &error)) ||
      !rp_admin_pin_get_status (pin, NULL, &status, &error))
    return fail (json, command, error);
  return pin_ok_json (json, clear ? "Failures and delays cleared." : NULL, &status);
}

static int
cmd_pin_status (const char *data_dir_path,
                int         argc,
                char      **argv)
{
  return pin_report (data_dir_path, "pin status", FALSE, argc, argv);
}

static int
cmd_pin_clear_lockout (const char *data_dir_path,
                       int         argc,
                       char      **argv)
{
  return pin_report (data_dir_path, "pin clear-lockout", TRUE, argc, argv);
}

static const char pin_usage[] =
  "Usage: readingpoint-admin pin set [--pin-stdin] [--json]\n"
  "       readingpoint-admin pin status [--json]\n"
  "       readingpoint-admin pin clear-lockout [--json]\n";

static int
cmd_pin (const char *data_dir_path,
         int         argc,
         char      **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "set"))
    return cmd_pin_set (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return cmd_pin_status (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "clear-lockout"))
    return cmd_pin_clear_lockout (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s", pin_usage);
      return 0;
    }
  g_printerr ("%s", pin_usage);
  return EXIT_USAGE;
}

static int
cmd_audit_verify (const char *data_dir_path,
                  int         argc,
                  char      **argv)
{
  gboolean json = FALSE;
  g_autofree char *anchor = NULL;
  GOptionEntry entries[] = {
    { "anchor", 0, 0, G_OPTION_ARG_STRING, &anchor,
      "A head kept elsewhere (status --json audit_head, or an upload): the log must still contain it", "SEQ:HASH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autofree char *path = rp_data_dir_build_state_path (data_dir_path);
  g_autofree char *anchor_hash = NULL;
  g_autofree char *head = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anchor_seq = 0, n_rows = 0, seq = 0;

  if (!parse_command ("audit verify", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin audit verify: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }
  if (anchor != NULL && !rp_state_db_parse_audit_anchor (anchor, &anchor_seq, &anchor_hash, &error))
    {
      g_printerr ("readingpoint-admin audit verify: %s\n", error->message);
      return EXIT_USAGE;
    }
  /* Never create an empty log where one was expected. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_NOT_FOUND, "No audit log: “%s” does not exist", path);
      return fail (json, "audit verify", error);
    }
  state = rp_state_db_open (path, &error);
  if (state == NULL || !rp_state_db_verify_audit_chain (state, anchor_seq, anchor_hash, &n_rows, &error) ||
      !rp_state_db_get_audit_head (state, &seq, &head, &error))
    return fail (json, "audit verify", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, n_rows);
      add_audit_head (builder, seq, head);
      add_string (builder, "anchor", anchor);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_print ("Audit log intact: %" G_GINT64_FORMAT " rows, head %" G_GINT64_FORMAT ":%s%s%s\n", n_rows, seq, head,
             anchor ? "; contains the anchor " : " (no anchor given: deleted newest rows cannot be seen)",
             anchor ? anchor : "");
  return 0;
}

static int
cmd_audit (const char *data_dir_path,
           int         argc,
           char      **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "verify"))
    return cmd_audit_verify (data_dir_path, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: readingpoint-admin audit verify [--anchor SEQ:HASH] [--json]\n");
      return 0;
    }
  g_printerr ("Usage: readingpoint-admin audit verify [--anchor SEQ:HASH] [--json]\n");
  return EXIT_USAGE;
}

/* Issue 15: the terminal's identity, for the office to enrol it. The key
 * pair is made here on first use if the kiosk has not made it yet. */
static int
cmd_identity (const char *data_dir_path,
              int         argc,
              char      **argv)
{
  g_autofree char *site_id_arg = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "site-id", 0, 0, G_OPTION_ARG_STRING, &site_id_arg, "Site id (default: the configured one)", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(GSettings) settings = lookup_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignSecretKey) sk = NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *line = NULL;

  if (!parse_command ("identity", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("Usage: readingpoint-admin identity [--json]\n");
      return EXIT_USAGE;
    }
  site_id = setting_or_default (settings, "site-id", site_id_arg);
  sk = rp_identity_load_or_create (data_dir_path, &error);
  if (sk == NULL)
    return fail (json, "identity", error);
  pk = rp_minisign_secret_key_get_public (sk);
  key_id = rp_minisign_key_get_id (pk);
  line = rp_identity_public_key_line (pk);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      add_string (builder, "site_id", *site_id ? site_id : NULL);
      add_string (builder, "key_id", key_id);
      add_string (builder, "public_key", line);
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    g_print ("Site id:    %s\nKey id:     %s\nPublic key: %s\n", *site_id ? site_id : "(not set: set site-id)",
             key_id, line);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  int i, status = 0;

  setlocale (LC_ALL, "");

  /* Global options come before the command. */
  if ((i = rp_cli_parse_global ("readingpoint-admin", usage_text, "data-dir", &data_dir, argc, argv, &status)) < 0)
    return status;
  if (data_dir == NULL)
    data_dir = rp_data_dir_default_path ();

  if (g_str_equal (argv[i], "status"))
    return cmd_status (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "search"))
    return cmd_search (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "render"))
    return cmd_render (argc - i, argv + i);
  if (g_str_equal (argv[i], "sync"))
    return cmd_sync (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "verify"))
    return cmd_verify (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "rollback"))
    return cmd_rollback (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "usage"))
    return cmd_usage (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "pin"))
    return cmd_pin (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "audit"))
    return cmd_audit (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "identity"))
    return cmd_identity (data_dir, argc - i, argv + i);

  g_printerr ("readingpoint-admin: unknown command “%s”\n%s", argv[i], usage_text);
  return EXIT_USAGE;
}
