/* rp-admin-common.c — what readingpoint-admin's commands share: failing
 * with the program's name, parsing a command's options, JSON members, and
 * the terminal a command acts on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-admin-private.h"

int
rp_admin_fail (gboolean    json,
               const char *command,
               GError     *error)
{
  return rp_cli_fail (RP_ADMIN_PROGRAM, json, command, error);
}

gboolean
rp_admin_parse_command (const char   *command,
                        const char   *parameters,
                        GOptionEntry *entries,
                        int          *argc,
                        char       ***argv)
{
  return rp_cli_parse_command (RP_ADMIN_PROGRAM, command, parameters, entries, argc, argv);
}

int
rp_admin_parse_json_only (const char *command,
                          gboolean   *json,
                          int        *argc,
                          char     ***argv)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, "Print a JSON object", NULL },
    { NULL }
  };

  if (!rp_admin_parse_command (command, "", entries, argc, argv))
    return EXIT_USAGE;
  if (*argc != 1)
    {
      g_printerr ("readingpoint-admin %s: unexpected argument “%s”\n", command, (*argv)[1]);
      return EXIT_USAGE;
    }
  return -1;
}

void
rp_admin_add_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
rp_admin_add_audit_head (JsonBuilder *builder,
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

void
rp_admin_add_previews (JsonBuilder            *builder,
                       const RpTerminalStatus *status)
{
  json_builder_set_member_name (builder, "previews");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "done");
  json_builder_add_int_value (builder, status->n_previews_done);
  json_builder_set_member_name (builder, "wanted");
  json_builder_add_int_value (builder, status->n_previews_wanted);
  json_builder_end_object (builder);
}

RpTerminal *
rp_admin_open_terminal (const char *data_dir_path)
{
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (data_dir_path);
  g_autoptr(GSettings) settings = rp_settings_new ();

  return rp_terminal_new (data_dir, settings);
}
