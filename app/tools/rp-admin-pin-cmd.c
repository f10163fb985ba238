/* rp-admin-pin-cmd.c — readingpoint-admin pin set, pin status and pin
 * clear-lockout (issue 12)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PIN is set here, at provisioning, never at the pad, and read from
 * standard input, never from the command line.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rp-admin-pin.h"
#include "rp-admin-private.h"

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
      rp_cli_print_json (builder);
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

  if (!rp_admin_parse_command ("pin set", "", entries, &argc, &argv))
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
    return rp_admin_fail (json, "pin set", error);
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

  if ((exit_status = rp_admin_parse_json_only (command, &json, &argc, &argv)) >= 0)
    return exit_status;
  pin = open_pin (data_dir_path, NULL, &error);
  if (pin == NULL || (clear && !rp_admin_pin_clear_lockout (pin, &error)) ||
      !rp_admin_pin_get_status (pin, NULL, &status, &error))
    return rp_admin_fail (json, command, error);
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

int
rp_admin_cmd_pin (const char *data_dir_path,
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

