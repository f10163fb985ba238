/* rp-admin-audit.c — readingpoint-admin audit verify and identity: what
 * the office checks a terminal against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `audit verify --anchor` checks the chain against a head the office kept
 * from an earlier status or upload; `identity` gives what the office needs
 * to enrol the terminal.
 */
#include "config.h"

#include "rp-admin-private.h"

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

  if (!rp_admin_parse_command ("audit verify", "", entries, &argc, &argv))
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
      return rp_admin_fail (json, "audit verify", error);
    }
  state = rp_state_db_open (path, &error);
  if (state == NULL || !rp_state_db_verify_audit_chain (state, anchor_seq, anchor_hash, &n_rows, &error) ||
      !rp_state_db_get_audit_head (state, &seq, &head, &error))
    return rp_admin_fail (json, "audit verify", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, n_rows);
      rp_admin_add_audit_head (builder, seq, head);
      rp_admin_add_string (builder, "anchor", anchor);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else
    g_print ("Audit log intact: %" G_GINT64_FORMAT " rows, head %" G_GINT64_FORMAT ":%s%s%s\n", n_rows, seq, head,
             anchor ? "; contains the anchor " : " (no anchor given: deleted newest rows cannot be seen)",
             anchor ? anchor : "");
  return 0;
}

int
rp_admin_cmd_audit (const char *data_dir_path,
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
int
rp_admin_cmd_identity (const char *data_dir_path,
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
  g_autoptr(RpTerminal) terminal = rp_admin_open_terminal (data_dir_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *line = NULL;

  if (!rp_admin_parse_command ("identity", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("Usage: readingpoint-admin identity [--json]\n");
      return EXIT_USAGE;
    }
  site_id = site_id_arg ? g_strdup (site_id_arg) : rp_terminal_dup_site_id (terminal);
  if (!rp_terminal_get_identity (terminal, &key_id, &line, &error))
    return rp_admin_fail (json, "identity", error);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      rp_admin_add_string (builder, "site_id", *site_id ? site_id : NULL);
      rp_admin_add_string (builder, "key_id", key_id);
      rp_admin_add_string (builder, "public_key", line);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else
    g_print ("Site id:    %s\nKey id:     %s\nPublic key: %s\n", *site_id ? site_id : "(not set: set site-id)",
             key_id, line);
  return 0;
}

