/* bench-fleet.c — readingpoint-fleet against a simulated fleet (issue 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-fleet --terminals N --days D --fleet PATH/readingpoint-fleet [--sqlite3 PATH] DIR
 *
 * Writes, with the real signing code (rp_minisign_sign, the terminal
 * key format), one signed report per terminal and day into DIR/origin/usage/
 * (the last day held back), then times:
 *   - the signature checks alone on one thread, for a sample (the floor
 *     under collect's CPU time, whatever it does with JSON and SQLite);
 *   - a full `collect` of D-1 days, against the sqlite3 shell's `.import`
 *     of the same counter rows from a CSV (no signature checks there);
 *   - a daily `collect` after the last day's reports arrive;
 *   - `report --format json` over the whole period, against the same
 *     GROUP BY queries in the sqlite3 shell;
 * and prints fleet.db's size per terminal-year. Figures in RESULTS.md.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/wait.h>

#include "rp-core.h"

/* Reports whose signature checks are timed alone. */
#define SIGNATURE_SAMPLE 20000

static int terminals = 100;
static int days = 30;
static char *fleet_path;
static char *sqlite_path;

/* CPU time (user + system) of the last run_timed(): on a machine shared
 * with other builds, wall time says as much about them as about us. */
static double last_cpu;

static double
children_cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double
run_timed (const char *const *argv,
           const char        *stdin_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = children_cpu ();
  int status = 0;

  if (stdin_file != NULL)
    {
      /* The sqlite3 shell reads its commands from a file. */
      g_autofree char *cmd = g_strdup_printf ("'%s' '%s' < '%s'", argv[0], argv[1], stdin_file);
      const char *sh[] = { "sh", "-c", cmd, NULL };
      g_spawn_sync (NULL, (char **) sh, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
    }
  else
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  if (error != NULL || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_printerr ("%s failed: %s%s\n", argv[0], error ? error->message : "", err ? err : "");
      exit (1);
    }
  last_cpu = children_cpu () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static char *
day_text (GDateTime *today,
          int        back)
{
  g_autoptr(GDateTime) d = g_date_time_add_days (today, -back);
  return g_date_time_format (d, "%Y-%m-%d");
}

/* One report: a day's counters for a terminal, as `usage export` writes
 * them, plus sequence, key id and time, signed like a terminal signs. */
/* (transfer full): the report's path. */
static char *
write_report (const char          *origin,
              const char          *site,
              RpMinisignSecretKey *key,
              const char          *key_id,
              int                  sequence,
              const char          *day,
              FILE                *csv)
{
  static const char *hours[] = { "08", "09", "10", "11", "12", "13", "14", "15", "16", "17" };
  static const char *cats[] = { "jigou", "fagui", "guihua", "caizheng" };
  static const char *entries[] = { "QX-2026-00005", "QX-2025-00117", "QX-2024-00031", "QX-2026-00042" };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *dir = g_build_filename (origin, "usage", site, NULL);
  g_autofree char *name = g_strdup_printf ("%s-%08x.json", day, g_random_int ());
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *sig_path = g_strconcat (path, ".minisig", NULL);
  g_autofree char *comment = NULL;
  g_autofree char *signature = NULL;
  gboolean first = TRUE;

#define ROW(kind, subject, count)                                                                          \
  G_STMT_START {                                                                                           \
    g_string_append_printf (body, "%s    {\n      \"day\" : \"%s\",\n      \"kind\" : \"%s\",\n"            \
                            "      \"subject\" : \"%s\",\n      \"count\" : %d\n    }", first ? "" : ",\n", \
                            day, kind, subject, count);                                                    \
    fprintf (csv, "%s,%d,%s,%s,%s,%s,%d\n", key_id, sequence, site, day, kind, subject, count);            \
    first = FALSE;                                                                                         \
  } G_STMT_END

  g_string_append_printf (body, "{\n  \"format\" : 1,\n  \"site_id\" : \"%s\",\n  \"period\" : {\n"
                                "    \"first\" : \"%s\",\n    \"last\" : \"%s\"\n  },\n  \"k\" : 5,\n"
                                "  \"counters\" : [\n", site, day, day);
  ROW ("visit", "<1min", 2 + g_random_int_range (0, 6));
  ROW ("visit", "1-5min", 3 + g_random_int_range (0, 9));
  ROW ("visit", "5-15min", g_random_int_range (0, 5));
  for (guint i = 0; i < G_N_ELEMENTS (hours); i++)
    ROW ("hour", hours[i], g_random_int_range (0, 4));
  for (guint i = 0; i < G_N_ELEMENTS (cats); i++)
    ROW ("category", cats[i], g_random_int_range (1, 8));
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    ROW ("entry", entries[i], g_random_int_range (1, 6));
  ROW ("search", "保障性住房", 5 + g_random_int_range (0, 4));
  ROW ("search-no-result", "养老补贴申请", 5 + g_random_int_range (0, 3));
  ROW ("language", "zh_CN", 5 + g_random_int_range (0, 10));
  ROW ("text-size", "100", 5 + g_random_int_range (0, 10));
  g_string_append_printf (body, "\n  ],\n  \"status\" : {\n    \"app_version\" : \"0.1.0\",\n"
                                "    \"channel\" : \"district\",\n    \"installed\" : null,\n"
                                "    \"last_sync\" : null,\n    \"free_disk_bytes\" : 1000000000\n  },\n"
                                "  \"sequence\" : %d,\n  \"key_id\" : \"%s\",\n  \"prepared\" : \"%sT20:00:00Z\"\n}",
                          sequence, key_id, day);
  comment = g_strdup_printf ("site:%s\tsequence:%d\tperiod:%s_%s\tprepared:%sT20:00:00Z", site, sequence, day, day,
                             day);
  signature = rp_minisign_sign (key, (const guint8 *) body->str, body->len, comment);
  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (sig_path, signature, -1, NULL) || !g_file_set_contents (path, body->str, body->len, NULL))
    {
      g_printerr ("cannot write %s\n", path);
      exit (1);
    }
  return g_steal_pointer (&path);
}

/* The signature checks alone, as collect makes them (read both files,
 * parse, verify), on one thread, for a sample of @paths: what verifying
 * costs before any JSON or SQLite. Returns CPU seconds per report. */
static double
time_signature_checks (GPtrArray *paths,
                       GPtrArray *public_keys,
                       GArray    *key_of)
{
  struct timespec a, b;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &a);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *sig_path = g_strconcat (paths->pdata[i], ".minisig", NULL);
      g_autofree char *body = NULL;
      g_autofree char *sig = NULL;
      gsize body_len = 0, sig_len = 0;
      g_autoptr(RpMinisignSignature) signature = NULL;

      if (!g_file_get_contents (paths->pdata[i], &body, &body_len, NULL) ||
          !g_file_get_contents (sig_path, &sig, &sig_len, NULL) ||
          (signature = rp_minisign_signature_parse (sig, sig_len, NULL)) == NULL ||
          !rp_minisign_verify (public_keys->pdata[g_array_index (key_of, int, i)], signature, (const guint8 *) body,
                               body_len, NULL))
        {
          g_printerr ("signature check failed for %s\n", (char *) paths->pdata[i]);
          exit (1);
        }
    }
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &b);
  return ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9) / MAX (paths->len, 1);
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "terminals", 0, 0, G_OPTION_ARG_INT, &terminals, "Terminals (default 100)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Days of reports (default 30)", "D" },
    { "fleet", 0, 0, G_OPTION_ARG_FILENAME, &fleet_path, "readingpoint-fleet to time", "PATH" },
    { "sqlite3", 0, 0, G_OPTION_ARG_FILENAME, &sqlite_path, "sqlite3 shell (default: sqlite3)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_minisign_secret_key_free);
  g_autoptr(GPtrArray) key_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) public_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_minisign_key_free);
  g_autoptr(GPtrArray) sample = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) sample_key = g_array_new (FALSE, FALSE, sizeof (int));
  double sig_cpu;
  g_autofree char *origin = NULL;
  g_autofree char *db = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *sites_path = NULL;
  g_autofree char *shell_db = NULL;
  g_autofree char *import_sql = NULL;
  g_autofree char *query_sql = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *held_day = NULL;
  FILE *csv, *sites;
  double gen_s, collect_s, import_s, daily_s, report_s, query_s, daily2_s;
  double collect_cpu, import_cpu, daily_cpu, report_cpu;
  gint64 start;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || fleet_path == NULL || days < 2)
    {
      g_printerr ("Usage: bench-fleet --terminals N --days D --fleet PATH [--sqlite3 PATH] DIR\n");
      return 2;
    }
  if (sqlite_path == NULL)
    sqlite_path = g_strdup ("sqlite3");
  g_mkdir_with_parents (argv[1], 0755);
  origin = g_build_filename (argv[1], "origin", NULL);
  db = g_build_filename (argv[1], "fleet.db", NULL);
  csv_path = g_build_filename (argv[1], "counters.csv", NULL);
  sites_path = g_build_filename (argv[1], "sites.csv", NULL);
  shell_db = g_build_filename (argv[1], "shell.db", NULL);
  report_path = g_build_filename (argv[1], "report.json", NULL);
  from = day_text (today, days);
  to = day_text (today, 1);
  held_day = day_text (today, 1);

  /* Keys and enrolment. */
  sites = fopen (sites_path, "w");
  fprintf (sites, "site_id,name,tier,public_key\n");
  for (int t = 0; t < terminals; t++)
    {
      RpMinisignSecretKey *sk = rp_minisign_secret_key_generate ();
      g_autoptr(RpMinisignKey) pk = rp_minisign_secret_key_get_public (sk);
      g_autofree char *line = rp_identity_public_key_line (pk);
      static const char *tiers[] = { "district", "street", "community" };

      g_ptr_array_add (keys, sk);
      g_ptr_array_add (key_ids, rp_minisign_key_get_id (pk));
      g_ptr_array_add (public_keys, rp_minisign_key_copy (pk));
      fprintf (sites, "t%04d,Terminal %d,%s,%s\n", t, t, tiers[t % 3], line);
    }
  fclose (sites);

  /* Every day but the last. */
  csv = fopen (csv_path, "w");
  start = g_get_monotonic_time ();
  for (int d = days; d >= 2; d--)
    {
      g_autofree char *day = day_text (today, d);
      for (int t = 0; t < terminals; t++)
        {
          g_autofree char *site = g_strdup_printf ("t%04d", t);
          g_autofree char *path = write_report (origin, site, keys->pdata[t], key_ids->pdata[t], days - d + 1, day,
                                                csv);

          if (sample->len < SIGNATURE_SAMPLE)
            {
              g_ptr_array_add (sample, g_steal_pointer (&path));
              g_array_append_val (sample_key, t);
            }
        }
    }
  gen_s = (g_get_monotonic_time () - start) / 1e6;
  fclose (csv);
  printf ("generated %d terminals x %d days = %d signed reports in %.1f s\n", terminals, days - 1,
          terminals * (days - 1), gen_s);
  sig_cpu = time_signature_checks (sample, public_keys, sample_key);
  printf ("signature checks alone (read, parse, verify; one thread, %u reports): %.0f us per report,"
          " %.2f s CPU for all %d\n", sample->len, sig_cpu * 1e6, sig_cpu * terminals * (days - 1),
          terminals * (days - 1));

  {
    const char *a[] = { fleet_path, "--db", db, "import-sites", sites_path, NULL };
    run_timed (a, NULL);
  }
  {
    const char *a[] = { fleet_path, "--db", db, "collect", origin, NULL };
    collect_s = run_timed (a, NULL);
    collect_cpu = last_cpu;
  }
  printf ("full collect: %.2f s (%.0f reports/s), CPU %.2f s\n", collect_s, terminals * (days - 1) / collect_s,
          collect_cpu);

  /* The sqlite3 shell: the same rows, no signatures, no JSON. */
  import_sql = g_build_filename (argv[1], "import.sql", NULL);
  {
    g_autofree char *sql = g_strdup_printf (
      "PRAGMA journal_mode = WAL;\n"
      "CREATE TABLE counters (key_id TEXT NOT NULL, sequence INTEGER NOT NULL, site_id TEXT NOT NULL,"
      " day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, count INTEGER NOT NULL);\n"
      "CREATE INDEX counters_by_day ON counters (day, kind);\n"
      ".import --csv '%s' counters\n", csv_path);
    g_file_set_contents (import_sql, sql, -1, NULL);
  }
  g_unlink (shell_db);
  {
    const char *a[] = { sqlite_path, shell_db, NULL };
    import_s = run_timed (a, import_sql);
    import_cpu = last_cpu;
  }
  printf ("sqlite3 shell .import of the same %d reports' rows: %.2f s, CPU %.2f s; collect / import = %.2f"
          " (CPU %.2f)\n", terminals * (days - 1), import_s, import_cpu, collect_s / import_s,
          collect_cpu / import_cpu);

  /* The last day arrives. */
  csv = fopen ("/dev/null", "w");
  for (int t = 0; t < terminals; t++)
    {
      g_autofree char *site = g_strdup_printf ("t%04d", t);
      g_free (write_report (origin, site, keys->pdata[t], key_ids->pdata[t], days, held_day, csv));
    }
  fclose (csv);
  {
    const char *a[] = { fleet_path, "--db", db, "collect", origin, NULL };
    daily_s = run_timed (a, NULL);
    daily_cpu = last_cpu;
    daily2_s = run_timed (a, NULL);
  }
  printf ("daily collect (%d new reports among %d): %.2f s, CPU %.2f s; again with nothing new: %.2f s\n",
          terminals, terminals * days, daily_s, daily_cpu, daily2_s);

  {
    const char *a[] = { fleet_path, "--db", db, "report", "--from", from, "--to", to, "--format", "json", "-o",
                        report_path, NULL };
    report_s = run_timed (a, NULL);
    report_cpu = last_cpu;
  }
  query_sql = g_build_filename (argv[1], "query.sql", NULL);
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT kind, sum (count) FROM counters WHERE day BETWEEN '%1$s' AND '%2$s' GROUP BY kind;\n"
      "SELECT day, sum (count) FROM counters WHERE day BETWEEN '%1$s' AND '%2$s' AND kind = 'visit' GROUP BY day;\n"
      "SELECT subject, sum (count) FROM counters WHERE day BETWEEN '%1$s' AND '%2$s' AND kind = 'hour' GROUP BY subject;\n"
      "SELECT site_id, sum (count) FROM counters WHERE day BETWEEN '%1$s' AND '%2$s' AND kind = 'visit' GROUP BY site_id;\n"
      "SELECT subject, sum (count) AS n FROM counters WHERE day BETWEEN '%1$s' AND '%2$s' AND kind = 'search' GROUP BY subject ORDER BY n DESC LIMIT 50;\n",
      from, to);
    g_file_set_contents (query_sql, sql, -1, NULL);
  }
  {
    const char *a[] = { sqlite_path, shell_db, NULL };
    query_s = run_timed (a, query_sql);
  }
  printf ("report over %d days: %.2f s, CPU %.2f s (sqlite3 shell, the same GROUP BYs: %.2f s)\n", days, report_s,
          report_cpu, query_s);

  if (g_stat (db, &st) == 0)
    printf ("fleet.db: %.1f MB, %.1f MB per terminal-year (%d terminals x %d days)\n", st.st_size / 1e6,
            st.st_size / 1e6 / (terminals * days / 365.0), terminals, days);
  return 0;
}
