/* rp-admin-bundle.c — readingpoint-admin status, sync, verify and rollback:
 * the installed bundle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-admin-private.h"

static char *
format_time (GDateTime *time)
{
  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

int
rp_admin_cmd_status (const char *data_dir_path,
                     int         argc,
                     char      **argv)
{
  int exit_status;
  gboolean json = FALSE;
  g_autoptr(RpTerminal) terminal = NULL;
  g_autoptr(RpTerminalStatus) status = NULL;
  g_autofree char *version = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;

  if ((exit_status = rp_admin_parse_json_only ("status", &json, &argc, &argv)) >= 0)
    return exit_status;

  terminal = rp_admin_open_terminal (data_dir_path);
  status = rp_terminal_get_status (terminal);
  if (status->catalogue_error != NULL)
    return rp_admin_fail (json, "status", status->catalogue_error);
  if (status->is_signed)
    version = g_strdup_printf ("%" G_GINT64_FORMAT, status->version);
  issued = format_time (status->issued);
  expires = format_time (status->expires);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      rp_admin_add_string (builder, "data_dir", status->data_dir);
      rp_admin_add_string (builder, "bundle", status->bundle);
      rp_admin_add_string (builder, "channel", status->channel);
      json_builder_set_member_name (builder, "version");
      if (status->is_signed)
        json_builder_add_int_value (builder, status->version);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "signed");
      json_builder_add_boolean_value (builder, status->is_signed);
      rp_admin_add_string (builder, "key_id", status->key_id);
      rp_admin_add_string (builder, "issued", issued);
      rp_admin_add_string (builder, "expires", expires);
      json_builder_set_member_name (builder, "expired");
      json_builder_add_boolean_value (builder, status->expired);
      rp_admin_add_string (builder, "title", status->title);
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, status->n_entries);
      json_builder_set_member_name (builder, "catalogue_bytes");
      json_builder_add_int_value (builder, status->catalogue_bytes);
      json_builder_set_member_name (builder, "catalogue_chunks");
      json_builder_add_int_value (builder, status->n_chunks);
      json_builder_set_member_name (builder, "database_bytes");
      json_builder_add_int_value (builder, status->database_bytes);
      rp_admin_add_string (builder, "last_sync", status->last_sync);
      rp_admin_add_previews (builder, status);
      rp_admin_add_audit_head (builder, status->audit_seq, status->audit_head);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else
    {
      g_print ("Data directory: %s\n", status->data_dir);
      g_print ("Bundle:         %s\n", status->bundle);
      g_print ("Channel:        %s\n", status->channel);
      g_print ("Version:        %s\n", version ? version : "unsigned (built from a source folder)");
      if (status->key_id != NULL)
        g_print ("Signed by key:  %s\n", status->key_id);
      if (expires != NULL)
        g_print ("Expires:        %s\n", expires);
      if (status->expired)
        g_print ("Warning:        this bundle has EXPIRED; the publisher must publish a fresh one\n");
      g_print ("Title:          %s\n", status->title);
      g_print ("Entries:        %u\n", status->n_entries);
      if (status->catalogue_bytes > 0)
        {
          g_autofree char *published = g_format_size (status->catalogue_bytes);
          g_autofree char *database = g_format_size (status->database_bytes);

          if (status->n_chunks > 0)
            g_print ("Catalogue:      %s published in %u chunks; catalogue.db %s\n", published, status->n_chunks,
                     database);
          else
            g_print ("Catalogue:      %s published (one catalogue.json); catalogue.db %s\n", published, database);
        }
      if (status->last_sync != NULL)
        g_print ("Last sync:      %s\n", status->last_sync);
      g_print ("Previews:       %u of %u documents\n", status->n_previews_done, status->n_previews_wanted);
      if (status->audit_head != NULL)
        g_print ("Audit head:     %" G_GINT64_FORMAT ":%s\n", status->audit_seq, status->audit_head);
    }
  return 0;
}

int
rp_admin_cmd_sync (const char *data_dir_path,
                   int         argc,
                   char      **argv)
{
  gboolean json = FALSE;
  g_autofree char *origin = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *public_key = NULL;
  gboolean switch_channel = FALSE;
  gboolean no_previews = FALSE;
  GOptionEntry entries[] = {
    { "origin", 0, 0, G_OPTION_ARG_STRING, &origin, "Origin URL or folder (default: the configured one)", "URL|PATH" },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, "Channel to follow (default: the configured one)", "C" },
    { "public-key", 0, 0, G_OPTION_ARG_FILENAME, &public_key, "Also trust this public key for the channel", "PUB" },
    { "switch-channel", 0, 0, G_OPTION_ARG_NONE, &switch_channel,
      "Replace an installed bundle of another channel (audited)", NULL },
    { "no-previews", 0, 0, G_OPTION_ARG_NONE, &no_previews,
      "Do not draw the previews the installed documents lack (see 'previews')", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(RpTerminal) terminal = rp_admin_open_terminal (data_dir_path);
  g_autoptr(RpTerminalStatus) status = NULL;
  g_autoptr(GError) preview_error = NULL;
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autofree char *bundle = NULL;
  RpTerminalSyncOptions options = { 0 };
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;
  RpSyncProgress *progress;

  if (!rp_admin_parse_command ("sync", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin sync: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }
  if (channel == NULL)
    channel = rp_terminal_dup_channel (terminal);
  if (origin == NULL)
    origin = rp_terminal_dup_sync_origin (terminal, channel);
  if (origin == NULL)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_NETWORK,
                   "No origin is configured for channel “%s”; pass --origin or set origin-url", channel);
      return rp_admin_fail (json, "sync", error);
    }
  if (!rp_channel_name_is_valid (channel))
    {
      g_printerr ("readingpoint-admin sync: “%s” is not a valid channel name\n", channel);
      return EXIT_USAGE;
    }

  engine = rp_terminal_new_sync_engine (terminal, channel, origin, public_key, &error);
  if (engine == NULL)
    return rp_admin_fail (json, "sync", error);
  rp_sync_engine_set_allow_channel_switch (engine, switch_channel);
  source = rp_sync_source_new_for_origin (origin);
  /* Usage goes where the bundle came from. */
  options.upload_origin = origin;
  if (!rp_terminal_sync (terminal, engine, source, &options, &outcome, &upload_error, NULL, &error))
    return rp_admin_fail (json, "sync", error);
  if (rp_sync_engine_get_warning (engine) != NULL)
    g_printerr ("readingpoint-admin sync: warning: %s\n", rp_sync_engine_get_warning (engine));
  if (upload_error != NULL)
    g_printerr ("readingpoint-admin sync: usage upload left pending: %s\n", upload_error->message);
  /* The first pages residents will open, drawn now rather than in front
   * of them; what this run does not finish (killed, past the cap) the
   * next one goes on with. A failure here never fails the sync. */
  if (!no_previews && !rp_terminal_fill_previews (terminal, NULL, &preview_error))
    g_printerr ("readingpoint-admin sync: previews left for the next run: %s\n", preview_error->message);
  status = rp_terminal_get_status (terminal);
  progress = rp_sync_engine_get_progress (engine);
  bundle = rp_data_dir_get_current_bundle (rp_terminal_get_data_dir (terminal));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      rp_admin_add_string (builder, "outcome", rp_sync_outcome_to_string (outcome));
      rp_admin_add_string (builder, "origin", origin);
      rp_admin_add_string (builder, "channel", channel);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, rp_sync_engine_get_offered_version (engine));
      rp_admin_add_string (builder, "key_id", rp_sync_engine_get_key_id (engine));
      rp_admin_add_string (builder, "bundle", bundle);
      json_builder_set_member_name (builder, "objects_fetched");
      json_builder_add_int_value (builder, rp_sync_progress_get_objects_done (progress));
      json_builder_set_member_name (builder, "bytes_fetched");
      json_builder_add_int_value (builder, rp_sync_progress_get_bytes_done (progress));
      json_builder_set_member_name (builder, "entries_fetched");
      json_builder_add_int_value (builder, rp_sync_progress_get_entries_done (progress));
      rp_admin_add_string (builder, "warning", rp_sync_engine_get_warning (engine));
      rp_admin_add_previews (builder, status);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else if (outcome == RP_SYNC_OUTCOME_INSTALLED)
    g_print ("Installed %s (signed by %s): %u objects, %" G_GUINT64_FORMAT " bytes fetched, "
             "%u catalogue entries in the chunks fetched\n", bundle,
             rp_sync_engine_get_key_id (engine), rp_sync_progress_get_objects_done (progress),
             rp_sync_progress_get_bytes_done (progress), rp_sync_progress_get_entries_done (progress));
  else
    g_print ("Up to date: %s\n", bundle);
  if (!json)
    g_print ("Previews: %u of %u documents\n", status->n_previews_done, status->n_previews_wanted);
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
  return error == NULL ? 0 : rp_admin_fail (json, "verify", error);
}

int
rp_admin_cmd_verify (const char *data_dir_path,
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
  g_autoptr(RpTerminal) terminal = rp_admin_open_terminal (data_dir_path);
  RpDataDir *data_dir = rp_terminal_get_data_dir (terminal);
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;
  guint n_objects = 0, n_audit = 0;
  guint64 n_bytes = 0;

  if (!rp_admin_parse_command ("verify", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin verify: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }
  bundle = rp_data_dir_open_current (data_dir, &error);
  if (bundle == NULL)
    return verify_done (data_dir, NULL, json, error);
  /* The keys the terminal trusts, as for a sync: never the key stored in
   * the bundle, which the kiosk user can replace. */
  keyring = rp_terminal_new_keyring (terminal, rp_manifest_get_channel (rp_bundle_get_manifest (bundle)), NULL,
                                     public_key, &error);
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
      rp_admin_add_string (builder, "bundle", rp_bundle_get_name (bundle));
      json_builder_set_member_name (builder, "objects");
      json_builder_add_int_value (builder, n_objects);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, n_bytes);
      json_builder_set_member_name (builder, "audit_rows");
      json_builder_add_int_value (builder, n_audit);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else
    g_print ("%s: signature good, %u objects (%" G_GUINT64_FORMAT " bytes) re-hashed, catalogue intact, "
             "audit log intact (%u rows)\n",
             rp_bundle_get_name (bundle), n_objects, n_bytes, n_audit);
  return 0;
}

int
rp_admin_cmd_rollback (const char *data_dir_path,
                       int         argc,
                       char      **argv)
{
  int status;
  gboolean json = FALSE;
  g_autoptr(RpTerminal) terminal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if ((status = rp_admin_parse_json_only ("rollback", &json, &argc, &argv)) >= 0)
    return status;
  terminal = rp_admin_open_terminal (data_dir_path);
  if (!rp_terminal_rollback (terminal, "admin", &from, &to, &error))
    return rp_admin_fail (json, "rollback", error);
  if (json)
    g_print ("{\n  \"ok\" : true,\n  \"from\" : \"%s\",\n  \"bundle\" : \"%s\"\n}\n", from, to);
  else
    g_print ("Rolled back from %s to %s\n", from, to);
  return 0;
}
