/* rp-admin.c — readingpoint-admin, the administrators' command line: main
 * and the dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status (DESIGN.md, "Programs and their command lines"): 0 success,
 * 1 refused or failed (one line on stderr; with --json an object on stdout
 * saying why), 2 usage error.
 *
 * The commands live by concern: rp-admin-bundle.c (status, sync, verify,
 * rollback), rp-admin-catalogue.c (search, render, previews), rp-admin-usage.c,
 * rp-admin-pin-cmd.c, rp-admin-audit.c (audit verify, identity). The
 * rules they apply are core's (rp-terminal.h), shared with the panel;
 * what the commands share is rp-admin-common.c.
 */
#include "config.h"

#include <locale.h>

#include "rp-admin-private.h"

static const char *usage_text =
  "Usage: readingpoint-admin [--data-dir DIR] COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  status [--json]                        what is installed\n"
  "  sync [--origin URL|PATH] [--channel C] [--public-key PUB] [--switch-channel] [--no-previews] [--json]\n"
  "                                         install a newer signed bundle, then draw its previews\n"
  "  previews [--json]                      draw the first pages and thumbnails the documents lack\n"
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

static const struct
{
  const char *name;
  int       (*run) (const char *data_dir_path, int argc, char **argv);
} commands[] = {
  { "status", rp_admin_cmd_status },
  { "search", rp_admin_cmd_search },
  { "sync", rp_admin_cmd_sync },
  { "verify", rp_admin_cmd_verify },
  { "rollback", rp_admin_cmd_rollback },
  { "usage", rp_admin_cmd_usage },
  { "pin", rp_admin_cmd_pin },
  { "audit", rp_admin_cmd_audit },
  { "identity", rp_admin_cmd_identity },
  { "previews", rp_admin_cmd_previews },
};

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  int i, status = 0;

  setlocale (LC_ALL, "");

  /* Global options come before the command. */
  if ((i = rp_cli_parse_global (RP_ADMIN_PROGRAM, usage_text, "data-dir", &data_dir, argc, argv, &status)) < 0)
    return status;
  if (data_dir == NULL)
    data_dir = rp_data_dir_default_path ();

  /* render reads a PDF, not the data directory. */
  if (g_str_equal (argv[i], "render"))
    return rp_admin_cmd_render (argc - i, argv + i);
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      return commands[c].run (data_dir, argc - i, argv + i);

  g_printerr ("readingpoint-admin: unknown command “%s”\n%s", argv[i], usage_text);
  return EXIT_USAGE;
}
