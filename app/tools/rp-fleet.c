/* rp-fleet.c — readingpoint-fleet, the district office's tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   --db FLEET.db enrol SITE_ID PUBKEY [--name N] [--tier district|street|community]
 *   --db FLEET.db import-sites SITES.csv
 *   --db FLEET.db collect ORIGIN_DIR|URL [--json]
 *   --db FLEET.db status [--json] [--silent-days N]
 *   --db FLEET.db report --from DAY --to DAY [--format html|csv|json] [-k K] -o OUT
 *
 * Exit status (DESIGN.md): 0 done, 1 refused or failed, 2 usage error.
 * `collect` exits 0 when the run completed, listing the reports it
 * refused; they are not counted.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "rp-cli.h"
#include "rp-core.h"

#define EXIT_USAGE RP_CLI_EXIT_USAGE
#define PROGRAM "readingpoint-fleet"

static const char *usage_text =
  "Usage: readingpoint-fleet --db FLEET.db COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  enrol SITE_ID PUBKEY [--name N] [--tier district|street|community]\n"
  "                                  enrol a terminal's key (PUBKEY: the line `readingpoint-admin\n"
  "                                  identity` prints, or a .pub file)\n"
  "  import-sites SITES.csv          enrol from site_id,name,tier,public_key lines\n"
  "  collect ORIGIN_DIR|URL [--json] ingest new signed reports from the origin's usage/\n"
  "  status [--json] [--silent-days N]\n"
  "                                  one row per enrolled terminal\n"
  "  report --from DAY --to DAY [--format html|csv|json] [-k K] -o OUT\n"
  "                                  the period's figures; cells under k suppressed\n"
  "\n"
  "Run 'readingpoint-fleet --db FLEET.db COMMAND --help' for a command's options.\n";

static int
fail (gboolean    json,
      const char *command,
      GError     *error)
{
  return rp_cli_fail (PROGRAM, json, command, error);
}

static gboolean
parse_command (const char   *command,
               const char   *parameters,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv)
{
  return rp_cli_parse_command (PROGRAM, command, parameters, entries, argc, argv);
}

static void
print_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static int
cmd_enrol (RpFleet *fleet,
           int      argc,
           char   **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *tier = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The reading point's name", "NAME" },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, "district, street or community (default community)", "TIER" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_command ("enrol", "SITE_ID PUBKEY", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 3)
    {
      g_printerr ("Usage: readingpoint-fleet --db FLEET.db enrol SITE_ID PUBKEY [--name N] [--tier T]\n");
      return EXIT_USAGE;
    }
  if (!rp_fleet_enrol (fleet, argv[1], argv[2], name, tier, &error))
    return fail (FALSE, "enrol", error);
  g_print ("Enrolled %s\n", argv[1]);
  return 0;
}

static int
cmd_import_sites (RpFleet *fleet,
                  int      argc,
                  char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!parse_command ("import-sites", "SITES.csv", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("Usage: readingpoint-fleet --db FLEET.db import-sites SITES.csv\n");
      return EXIT_USAGE;
    }
  if (!rp_fleet_import_sites (fleet, argv[1], &n, &error))
    return fail (FALSE, "import-sites", error);
  g_print ("Enrolled %u site%s\n", n, n == 1 ? "" : "s");
  return 0;
}

static void
print_issues (JsonObject *result,
              const char *member,
              const char *word)
{
  JsonArray *a = json_object_get_array_member (result, member);

  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      g_print ("%s %s: %s\n", word, json_object_get_string_member (o, "file"),
               json_object_get_string_member (o, "reason"));
    }
}

static int
cmd_collect (RpFleet *fleet,
             int      argc,
             char   **argv)
{
  gboolean json = FALSE;
  int batch_size = 0, report_delay_ms = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    /* For tests that kill collect at random moments (tests/test-fleet.c). */
    { "batch-size", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &batch_size, NULL, "N" },
    { "report-delay-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &report_delay_ms, NULL, "MS" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  JsonObject *o;
  JsonArray *missing;

  if (!parse_command ("collect", "ORIGIN_DIR|URL", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("Usage: readingpoint-fleet --db FLEET.db collect ORIGIN_DIR|URL [--json]\n");
      return EXIT_USAGE;
    }
  rp_fleet_set_collect_pacing (fleet, (guint) MAX (batch_size, 0), (guint) MAX (report_delay_ms, 0));
  result = rp_fleet_collect (fleet, argv[1], NULL, &error);
  if (result == NULL)
    return fail (json, "collect", error);
  o = json_node_get_object (result);
  if (json)
    {
      json_object_set_boolean_member (o, "ok", TRUE);
      print_node (result);
      return 0;
    }
  missing = json_object_get_array_member (o, "missing");
  g_print ("Accepted %" G_GINT64_FORMAT ", unchanged %" G_GINT64_FORMAT ", refused %u, missing %u\n",
           json_object_get_int_member (o, "accepted"), json_object_get_int_member (o, "unchanged"),
           json_array_get_length (json_object_get_array_member (o, "refused")), json_array_get_length (missing));
  print_issues (o, "refused", "refused");
  print_issues (o, "pending", "pending");
  for (guint i = 0; i < json_array_get_length (missing); i++)
    {
      JsonObject *m = json_array_get_object_element (missing, i);
      g_print ("missing %s key %s sequence %" G_GINT64_FORMAT "\n", json_object_get_string_member (m, "site_id"),
               json_object_get_string_member (m, "key_id"), json_object_get_int_member (m, "sequence"));
    }
  return 0;
}

static const char *
member_text (JsonObject *o,
             const char *name,
             char      **buffer)
{
  JsonNode *n = json_object_get_member (o, name);

  g_clear_pointer (buffer, g_free);
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return "-";
  if (json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (n) ? "yes" : "no";
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return *buffer = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  return json_node_get_string (n);
}

static int
cmd_status (RpFleet *fleet,
            int      argc,
            char   **argv)
{
  gboolean json = FALSE;
  int silent_days = RP_FLEET_DEFAULT_SILENT_DAYS;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array", NULL },
    { "silent-days", 0, 0, G_OPTION_ARG_INT, &silent_days, "Flag terminals silent longer than N days (default 2)",
      "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *a;

  if (!parse_command ("status", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || silent_days < 0)
    {
      g_printerr ("Usage: readingpoint-fleet --db FLEET.db status [--json] [--silent-days N]\n");
      return EXIT_USAGE;
    }
  rows = rp_fleet_status (fleet, NULL, silent_days, &error);
  if (rows == NULL)
    return fail (json, "status", error);
  if (json)
    {
      print_node (rows);
      return 0;
    }
  a = json_node_get_array (rows);
  g_print ("%-16s %-10s %-20s %4s %5s %6s %6s %4s %4s %6s %-8s %s\n", "SITE", "TIER", "LAST REPORT", "SEQ",
           "INST", "LATEST", "BEHIND", "EXP", "SIL", "MISS", "SYNC", "LAST ERROR / RESTARTS");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);
      char *b[13] = { NULL };

      g_print ("%-16s %-10s %-20s %4s %5s %6s %6s %4s %4s %6s %-8s %s / restarts %s%s\n",
               member_text (o, "site_id", &b[0]), member_text (o, "tier", &b[1]),
               member_text (o, "last_report", &b[2]), member_text (o, "last_sequence", &b[3]),
               member_text (o, "installed_version", &b[4]), member_text (o, "latest_version", &b[5]),
               member_text (o, "days_behind", &b[6]), member_text (o, "expired", &b[7]),
               member_text (o, "days_silent", &b[8]), member_text (o, "missing_reports", &b[9]),
               member_text (o, "last_sync_outcome", &b[10]), member_text (o, "last_error", &b[11]),
               member_text (o, "restarts", &b[12]),
               json_object_get_boolean_member_with_default (o, "silent", FALSE) ? "  SILENT" : "");
      for (guint j = 0; j < G_N_ELEMENTS (b); j++)
        g_free (b[j]);
    }
  return 0;
}

static int
cmd_report (RpFleet *fleet,
            int      argc,
            char   **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  int k = 5;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, "First day", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, "Last day", "YYYY-MM-DD" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "html (default), csv or json", "html|csv|json" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "File to write", "OUT" },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, "Suppress cells under K (default 5)", "K" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RpFleetFormat fmt = RP_FLEET_FORMAT_HTML;

  if (!parse_command ("report", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1 || from == NULL || to == NULL || output == NULL || k < 1 ||
      (format != NULL && !g_str_equal (format, "html") && !g_str_equal (format, "csv") &&
       !g_str_equal (format, "json")))
    {
      g_printerr ("Usage: readingpoint-fleet --db FLEET.db report --from DAY --to DAY [--format html|csv|json] -o OUT\n");
      return EXIT_USAGE;
    }
  if (format != NULL && g_str_equal (format, "csv"))
    fmt = RP_FLEET_FORMAT_CSV;
  else if (format != NULL && g_str_equal (format, "json"))
    fmt = RP_FLEET_FORMAT_JSON;
  text = rp_fleet_report (fleet, from, to, fmt, k, NULL, &error);
  if (text == NULL || !g_file_set_contents (output, text, -1, &error))
    return fail (FALSE, "report", error);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  g_autoptr(RpFleet) fleet = NULL;
  g_autoptr(GError) error = NULL;
  int i, status = 0;

  setlocale (LC_ALL, "");
  /* The report is written in the user's language (zh_CN, zh_TW, en). */
  {
    const char *localedir = g_getenv ("READINGPOINT_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }

  if ((i = rp_cli_parse_global ("readingpoint-fleet", usage_text, "db", &db_path, argc, argv, &status)) < 0)
    return status;
  if (!g_str_equal (argv[i], "enrol") && !g_str_equal (argv[i], "import-sites") &&
      !g_str_equal (argv[i], "collect") && !g_str_equal (argv[i], "status") && !g_str_equal (argv[i], "report"))
    {
      g_printerr ("readingpoint-fleet: unknown command “%s”\n%s", argv[i], usage_text);
      return EXIT_USAGE;
    }
  if (db_path == NULL)
    {
      /* --help of a command works without a database. */
      for (int j = i; j < argc; j++)
        if (g_str_equal (argv[j], "--help") || g_str_equal (argv[j], "-h"))
          {
            g_print ("%s", usage_text);
            return 0;
          }
      g_printerr ("readingpoint-fleet: --db FLEET.db is required\n%s", usage_text);
      return EXIT_USAGE;
    }
  fleet = rp_fleet_open (db_path, &error);
  if (fleet == NULL)
    return fail (FALSE, argv[i], error);

  if (g_str_equal (argv[i], "enrol"))
    return cmd_enrol (fleet, argc - i, argv + i);
  if (g_str_equal (argv[i], "import-sites"))
    return cmd_import_sites (fleet, argc - i, argv + i);
  if (g_str_equal (argv[i], "collect"))
    return cmd_collect (fleet, argc - i, argv + i);
  if (g_str_equal (argv[i], "status"))
    return cmd_status (fleet, argc - i, argv + i);
  return cmd_report (fleet, argc - i, argv + i);
}
