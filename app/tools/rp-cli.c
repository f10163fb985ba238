/* rp-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-cli.h"

void
rp_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
rp_cli_fail (const char *program,
             gboolean    json,
             const char *command,
             GError     *error)
{
  g_printerr ("%s %s: %s\n", program, command, error->message);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, error->code);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  return RP_CLI_EXIT_FAILED;
}

gboolean
rp_cli_parse_command (const char   *program,
                      const char   *command,
                      const char   *parameters,
                      GOptionEntry *entries,
                      int          *argc,
                      char       ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s %s", program, command);

  g_set_prgname (name);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", name, error->message);
      return FALSE;
    }
  return TRUE;
}

int
rp_cli_parse_global (const char  *program,
                     const char  *usage_text,
                     const char  *option,
                     char       **value,
                     int          argc,
                     char       **argv,
                     int         *out_status)
{
  g_autofree char *flag = g_strconcat ("--", option, NULL);
  g_autofree char *flag_eq = g_strconcat (flag, "=", NULL);
  int i;

  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          g_print ("%s", usage_text);
          *out_status = 0;
          return -1;
        }
      else if (g_str_equal (argv[i], flag) && i + 1 < argc)
        {
          g_free (*value);
          *value = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], flag_eq))
        {
          g_free (*value);
          *value = g_strdup (argv[i] + strlen (flag_eq));
        }
      else
        {
          g_printerr ("%s: unknown option “%s”\n%s", program, argv[i], usage_text);
          *out_status = RP_CLI_EXIT_USAGE;
          return -1;
        }
    }
  if (i >= argc)
    {
      g_printerr ("%s", usage_text);
      *out_status = RP_CLI_EXIT_USAGE;
      return -1;
    }
  return i;
}
