/* rp-admin-private.h — what readingpoint-admin's command files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp-admin.c holds main() and the dispatch; each command group has its own
 * file and does its work through core (the terminal's policy is
 * rp-terminal.h). A command returns the exit status: 0, EXIT_FAILED (one
 * line on stderr; with --json an object on stdout saying why) or
 * EXIT_USAGE.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rp-cli.h"
#include "rp-core.h"

G_BEGIN_DECLS

#define RP_ADMIN_PROGRAM "readingpoint-admin"
#define EXIT_FAILED      RP_CLI_EXIT_FAILED
#define EXIT_USAGE       RP_CLI_EXIT_USAGE

/* Shared helpers (rp-admin.c) */
int         rp_admin_fail            (gboolean      json,
                                      const char   *command,
                                      GError       *error);
gboolean    rp_admin_parse_command   (const char   *command,
                                      const char   *parameters,
                                      GOptionEntry *entries,
                                      int          *argc,
                                      char       ***argv);
/* Parses a command that takes only --json and no argument; returns -1 to
 * go on, else the exit status. */
int         rp_admin_parse_json_only (const char   *command,
                                      gboolean     *json,
                                      int          *argc,
                                      char       ***argv);
/* A string member, null when @value is NULL. */
void        rp_admin_add_string      (JsonBuilder  *builder,
                                      const char   *name,
                                      const char   *value);
/* The audit chain's head as {"seq", "hash"}; `audit verify --anchor`
 * takes it back as SEQ:HASH. */
void        rp_admin_add_audit_head  (JsonBuilder  *builder,
                                      gint64        seq,
                                      const char   *hash);
/* Adds "previews": { "done": N, "wanted": M } from @status. */
void        rp_admin_add_previews    (JsonBuilder             *builder,
                                      const RpTerminalStatus  *status);
/* (transfer full): the terminal at @data_dir_path with the installed
 * settings (none without the schema: the command line is the
 * configuration). */
RpTerminal *rp_admin_open_terminal   (const char   *data_dir_path);

/* The commands: each takes its own argv, argv[0] being its name. */
int rp_admin_cmd_status   (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_sync     (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_verify   (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_rollback (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_search   (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_render   (int argc, char **argv);
int rp_admin_cmd_usage    (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_pin      (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_audit    (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_identity (const char *data_dir_path, int argc, char **argv);
int rp_admin_cmd_previews (const char *data_dir_path, int argc, char **argv);

G_END_DECLS
