/* main.c — the Reading Point GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RpApplication) app = NULL;
  const char *localedir = g_getenv ("READINGPOINT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A visit switches language by setting LANGUAGE (rp_visit_set_language)
   * while worker threads run. glibc's setenv() replaces a variable that
   * exists in place, but grows the environment for a new one, under a
   * getenv() another thread may be in: the variable is made here, before
   * any thread, with the empty value gettext and GLib ignore. */
  if (g_getenv ("LANGUAGE") == NULL)
    g_setenv ("LANGUAGE", "", TRUE);

  app = rp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
