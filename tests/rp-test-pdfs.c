/* rp-test-pdfs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rp-error.h"

#include "rp-test-pdfs.h"
#include "rp-test-util.h"

char *
rp_test_make_pdfs (const char *name)
{
  const char *script = g_getenv ("RP_MAKE_TEST_PDFS");
  char *dir = rp_test_make_dir (name);
  const char *args[] = { "python3", script, dir, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (script);
  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return dir;
}

const RpTestMalformedPdf rp_test_malformed_pdfs[RP_TEST_N_MALFORMED_PDFS] = {
  { "empty.pdf", RP_ERROR_BROKEN_DOCUMENT, "empty" },
  { "truncated.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "corrupted-xref.pdf", RP_ERROR_BROKEN_DOCUMENT, "damaged" },
  { "zero-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "huge-mediabox.pdf", RP_ERROR_RENDER_LIMIT, "larger than any PDF page" },
  { "recursive-pages.pdf", RP_ERROR_BROKEN_DOCUMENT, "no pages" },
  { "encrypted.pdf", RP_ERROR_PROTECTED_DOCUMENT, "password" },
};

GArray *
rp_test_helper_pids (void)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (proc);
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *close_paren;
      char state;
      int ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "PID (COMM) STATE PPID …": the name is cut at 15 characters. */
      close_paren = strrchr (stat, ')');
      if (close_paren == NULL || strstr (stat, "(readingpoint-re)") == NULL ||
          sscanf (close_paren + 1, " %c %d", &state, &ppid) != 2 || ppid != getpid () || state == 'Z')
        continue;
      {
        GPid pid = (GPid) g_ascii_strtoll (name, NULL, 10);

        g_array_append_val (pids, pid);
      }
    }
  return pids;
}

guint64
rp_test_cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *p;
  unsigned long long utime, stime;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
    return G_MAXUINT64;
  /* Fields 14 and 15 (utime, stime), counted after the name's ')'. */
  if (sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
    return G_MAXUINT64;
  return utime + stime;
}

gboolean
rp_test_pid_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d", (int) pid);

  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

void
rp_test_cpu_watch_start (RpTestCpuWatch *watch,
                         GPid            pid)
{
  watch->pid = pid;
  watch->ticks = rp_test_cpu_ticks (pid);
  g_assert_cmpuint (watch->ticks, !=, G_MAXUINT64);
}

gboolean
rp_test_cpu_grew (gpointer data)
{
  RpTestCpuWatch *watch = data;
  guint64 now = rp_test_cpu_ticks (watch->pid);

  return now != G_MAXUINT64 && now > watch->ticks;
}
