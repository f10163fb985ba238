/* rp-cli.h — what readingpoint-admin and readingpoint-publish share:
 * option parsing per command and the --json failure object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RP_CLI_EXIT_FAILED 1
#define RP_CLI_EXIT_USAGE  2

void     rp_cli_print_json    (JsonBuilder  *builder);
/* Prints "PROGRAM COMMAND: reason" on stderr and, with @json, an object
 * {"ok": false, "error", "code"} on stdout; returns RP_CLI_EXIT_FAILED. */
int      rp_cli_fail          (const char   *program,
                               gboolean      json,
                               const char   *command,
                               GError       *error);
/* Parses the global options before the command: --help, and one option
 * with a value, `--@option VALUE` or `--@option=VALUE` (stored in @value,
 * transfer full). Returns the index of the command in @argv, or -1 when
 * the program should exit with *@out_status (0 after --help, else
 * RP_CLI_EXIT_USAGE, the reason printed). */
int      rp_cli_parse_global  (const char   *program,
                               const char   *usage_text,
                               const char   *option,
                               char        **value,
                               int           argc,
                               char        **argv,
                               int          *out_status);
/* Parses a command's own options; prints the reason and returns FALSE on
 * a usage error. */
gboolean rp_cli_parse_command (const char   *program,
                               const char   *command,
                               const char   *parameters,
                               GOptionEntry *entries,
                               int          *argc,
                               char       ***argv);

G_END_DECLS
