/* rp-admin-usage.c — readingpoint-admin usage export and usage upload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-admin-private.h"

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
  g_autoptr(RpTerminal) terminal = rp_admin_open_terminal (data_dir_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RpUsageFormat fmt = RP_USAGE_FORMAT_JSON;

  if (!rp_admin_parse_command ("usage export", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "csv")))
    {
      g_printerr ("Usage: readingpoint-admin usage export [--format json|csv] [-o FILE]\n");
      return EXIT_USAGE;
    }
  if (format != NULL && g_str_equal (format, "csv"))
    fmt = RP_USAGE_FORMAT_CSV;
  text = rp_terminal_export_usage (terminal, from, to, site_id_arg, fmt, &error);
  if (text == NULL)
    return rp_admin_fail (FALSE, "usage export", error);
  if (output == NULL)
    g_print ("%s%s", text, fmt == RP_USAGE_FORMAT_JSON ? "\n" : "");
  else if (!g_file_set_contents (output, text, -1, &error))
    return rp_admin_fail (FALSE, "usage export", error);
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
  g_autoptr(RpTerminal) terminal = rp_admin_open_terminal (data_dir_path);
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  if (!rp_admin_parse_command ("usage upload", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("Usage: readingpoint-admin usage upload [--origin URL]\n");
      return EXIT_USAGE;
    }
  options.hold_ack_ms = (guint) MAX (hold_ack_ms, 0);
  if (!rp_terminal_upload_usage (terminal, origin_arg, site_id_arg, &options, &sent, NULL, &error))
    return rp_admin_fail (FALSE, "usage upload", error);
  g_print ("Uploaded %u usage report%s\n", sent, sent == 1 ? "" : "s");
  return 0;
}

int
rp_admin_cmd_usage (const char *data_dir_path,
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

