/* test-usage-upload.c — usage reports leave the terminal once, and carry
 * nothing personal (issue 7): real nginx with its DAV module on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

/* Typed into the search box; none may reach the disk, an export or the
 * origin. The rare name is typed fewer than k (5) times. */
static const char *canaries[] = {
  "13800138000",               /* mobile number */
  "11010519491231002X",        /* ID-card number */
  "resident.wang@example.com", /* e-mail address */
  "欧阳娜娜",                  /* a rare name, typed twice */
};

static char *root;

static GDateTime *
days_ago (int n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_add_days (now, -n);
}

static char *
site_dir (const char *site)
{
  return g_build_filename (root, "dav", "usage", site, NULL);
}

/* (transfer full): the names of the reports on the origin for @site. */
static GStrv
uploaded_names (const char *site)
{
  g_autofree char *dir = site_dir (site);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  /* Reports only; each must have its signature beside it (issue 15). */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (!g_str_has_suffix (name, ".minisig"))
      {
        g_autofree char *sig = g_strconcat (dir, "/", name, ".minisig", NULL);
        g_assert_true (g_file_test (sig, G_FILE_TEST_IS_REGULAR));
        g_strv_builder_add (names, name);
      }
  return g_strv_builder_end (names);
}

static gboolean
site_has_report (gpointer site)
{
  g_auto(GStrv) names = uploaded_names (site);

  return names[0] != NULL;
}

/* Sum of @kind counters over every report on the origin for @site. */
static gint64
uploaded_total (const char *site,
                const char *kind)
{
  g_auto(GStrv) names = uploaded_names (site);
  g_autofree char *dir = site_dir (site);
  gint64 total = 0;

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *counters;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      counters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "counters");
      for (guint j = 0; j < json_array_get_length (counters); j++)
        {
          JsonObject *c = json_array_get_object_element (counters, j);
          if (g_str_equal (json_object_get_string_member (c, "kind"), kind))
            total += json_object_get_int_member (c, "count");
        }
    }
  return total;
}

/* Three visits yesterday, two the day before. */
static char *
seed_data_dir (const char *name)
{
  char *dir = rp_test_make_dir (name);
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);

  g_assert_no_error (error);
  for (int day = 1; day <= 2; day++)
    {
      g_autoptr(GDateTime) when = days_ago (day);
      for (int i = 0; i < 4 - day; i++)
        {
          g_assert_true (rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (90), when, &error));
          g_assert_true (rp_usage_count (usage, RP_USAGE_HOUR, "10", when, &error));
        }
    }
  return dir;
}

static GPtrArray *
list_batches (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  GPtrArray *batches;

  g_assert_no_error (error);
  batches = rp_usage_upload_list (usage, &error);
  g_assert_no_error (error);
  return batches;
}

static void
test_canaries_never_leave (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-canaries");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *json_path = g_build_filename (dir, "..", "usage-canaries.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "..", "usage-canaries.csv", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GDateTime) yesterday = days_ago (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *uploaded_dir = site_dir ("site-canary");
  const char *admin = g_getenv ("RP_ADMIN");

  {
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
    g_assert_no_error (error);
    /* Committed searches, each visit its own (k counts visits). */
    for (guint n = 0; n < 2; n++)
      {
        rp_usage_begin_visit (usage);
        for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
          g_assert_true (rp_usage_count_search (usage, canaries[i], 0, yesterday, &error));
        g_assert_true (rp_usage_end_visit (usage, &error));
      }
    for (guint n = 0; n < 6; n++)
      {
        rp_usage_begin_visit (usage);
        g_assert_true (rp_usage_count_search (usage, "保障性住房", 3, yesterday, &error));
        g_assert_true (rp_usage_end_visit (usage, &error));
      }
    g_assert_true (rp_usage_count (usage, RP_USAGE_VISIT, "1-5min", yesterday, &error));
  }

  g_assert_cmpint (rp_test_run (NULL, &err, admin, "--data-dir", dir, "usage", "export", "--site-id", "site-canary",
                                "-o", json_path, NULL), ==, 0);
  g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", dir, "usage", "export", "--format", "csv",
                                "--site-id", "site-canary", "-o", csv_path, NULL), ==, 0);
  g_assert_cmpint (rp_test_run (&out, NULL, admin, "--data-dir", dir, "usage", "upload", "--origin", origin,
                                "--site-id", "site-canary", NULL), ==, 0);
  g_test_message ("upload: %s", out);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_test_message ("CSV export:\n%s", csv);

  {
    g_auto(GStrv) names = uploaded_names ("site-canary");
    g_assert_cmpuint (g_strv_length (names), ==, 1);
  }
  /* A common term reaches the report: the canaries were not lost by accident. */
  g_assert_true (rp_test_tree_contains (uploaded_dir, "保障性住房"));
  g_assert_true (rp_test_tree_contains (uploaded_dir, "site-canary"));
  g_assert_true (g_strstr_len (csv, -1, "(other)") != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
    {
      g_test_message ("canary “%s”: not in data dir, exports or uploaded bytes", canaries[i]);
      g_assert_false (rp_test_tree_contains (dir, canaries[i]));
      g_assert_false (rp_test_tree_contains (uploaded_dir, canaries[i]));
      g_assert_null (g_strstr_len (csv, -1, canaries[i]));
    }
  {
    g_autofree char *json = NULL;
    g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (canaries); i++)
      g_assert_null (g_strstr_len (json, -1, canaries[i]));
  }
}

static void
test_server_down_then_up (void)
{
  g_autofree char *dir = seed_data_dir ("usage-down-up");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *first_name = NULL;
  RpUsageUploadOptions quick = { .max_attempts = 3, .first_delay_ms = 100, .timeout_seconds = 5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_auto(GStrv) names = NULL;
  guint sent = 99;

  rp_test_nginx_stop ();
  {
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
    g_assert_no_error (error);
    g_assert_false (rp_usage_upload_run (usage, origin, "site-downup", &quick, &sent, NULL, &error));
    g_test_message ("server down: %s", error->message);
    g_assert_error (error, RP_ERROR, RP_ERROR_NETWORK);
    g_clear_error (&error);
    g_assert_cmpuint (sent, ==, 0);
  }
  batches = list_batches (dir);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_false (((RpUsageBatch *) batches->pdata[0])->done);
  first_name = g_strdup (((RpUsageBatch *) batches->pdata[0])->name);
  g_clear_pointer (&batches, g_ptr_array_unref);

  rp_test_nginx_start (root);
  for (int run = 0; run < 2; run++)
    {
      g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
      g_assert_no_error (error);
      g_assert_true (rp_usage_upload_run (usage, origin, "site-downup", &quick, &sent, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (sent, ==, run == 0 ? 1 : 0);
    }
  batches = list_batches (dir);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_true (((RpUsageBatch *) batches->pdata[0])->done);
  g_assert_cmpstr (((RpUsageBatch *) batches->pdata[0])->name, ==, first_name);
  names = uploaded_names ("site-downup");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, first_name);
  g_test_message ("retried as %s; visits on the origin: %" G_GINT64_FORMAT, names[0],
                  uploaded_total ("site-downup", "visit"));
  g_assert_cmpint (uploaded_total ("site-downup", "visit"), ==, 5);
}

static void
test_power_cut_between_put_and_ack (void)
{
  g_autofree char *dir = seed_data_dir ("usage-power-cut");
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *out = NULL;
  /* The PUT is answered, then the process holds on for 30 s before it
   * marks the batch done: the power is cut in that window. */
  const char *argv[] = { g_getenv ("RP_ADMIN"), "--data-dir", dir, "usage", "upload", "--origin", origin,
                         "--site-id", "site-powercut", "--hold-ack-ms", "30000", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_auto(GStrv) names = NULL;
  GPid pid;
  int status;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                 &pid, &error);
  g_assert_no_error (error);
  /* The server has written the report: the child now holds the answer. */
  rp_test_wait_until (site_has_report, (gpointer) "site-powercut", 60, "the origin holds the report");
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));

  names = uploaded_names ("site-powercut");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  batches = list_batches (dir);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_false (((RpUsageBatch *) batches->pdata[0])->done);
  g_test_message ("killed after the PUT of %s, before it was marked done", names[0]);
  g_clear_pointer (&batches, g_ptr_array_unref);

  g_assert_cmpint (rp_test_run (&out, NULL, argv[0], "--data-dir", dir, "usage", "upload", "--origin", origin,
                                "--site-id", "site-powercut", NULL), ==, 0);
  g_test_message ("next run: %s", out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (rp_test_run (&out, NULL, argv[0], "--data-dir", dir, "usage", "upload", "--origin", origin,
                                "--site-id", "site-powercut", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Uploaded 0 usage reports\n");

  g_clear_pointer (&names, g_strfreev);
  names = uploaded_names ("site-powercut");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  batches = list_batches (dir);
  g_assert_true (((RpUsageBatch *) batches->pdata[0])->done);
  g_assert_cmpstr (((RpUsageBatch *) batches->pdata[0])->name, ==, names[0]);
  g_assert_cmpint (uploaded_total ("site-powercut", "visit"), ==, 5);
}

static void
test_duplicate_put_overwrites (void)
{
  g_autofree char *dir = seed_data_dir ("usage-duplicate");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *report = NULL;
  g_autofree char *url = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_auto(GStrv) names = NULL;
  gsize length;
  guint sent = 0;

  {
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
    g_assert_true (rp_usage_upload_run (usage, origin, "site-dup", NULL, &sent, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 1);
  }
  names = uploaded_names ("site-dup");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  report = g_build_filename (root, "dav", "usage", "site-dup", names[0], NULL);
  g_assert_true (g_file_get_contents (report, &contents, &length, NULL));

  /* The same batch PUT again (a retry whose first answer was lost). */
  url = rp_usage_upload_url (origin, "site-dup", names[0]);
  msg = soup_message_new ("PUT", url);
  soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new_take (g_steal_pointer (&contents), length));
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("duplicate PUT %s: HTTP %u", names[0], soup_message_get_status (msg));
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)));

  g_clear_pointer (&names, g_strfreev);
  names = uploaded_names ("site-dup");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpint (uploaded_total ("site-dup", "visit"), ==, 5);
}

static void
test_site_id_is_a_path_segment (void)
{
  g_assert_true (rp_usage_site_id_is_valid ("xicheng-rp-017"));
  g_assert_false (rp_usage_site_id_is_valid (""));
  g_assert_false (rp_usage_site_id_is_valid ("../etc"));
  g_assert_false (rp_usage_site_id_is_valid ("a/b"));
  g_assert_false (rp_usage_site_id_is_valid (".hidden"));
}

/* Issue 12, finding 9: a report carries the audit chain's head, the
 * anchor the office keeps against deleted newest rows. */
static void
test_upload_carries_audit_head (void)
{
  g_autofree char *dir = seed_data_dir ("usage-audit-head");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *state_path = g_build_filename (dir, "state.db", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *report = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) names = NULL;
  JsonObject *head;
  gint64 seq = 0;
  guint sent = 0;

  {
    g_autoptr(RpStateDb) state = rp_state_db_open (state_path, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < 4; i++)
      g_assert_true (rp_state_db_audit (state, "admin", "sync", "test", &error));
    g_assert_true (rp_state_db_get_audit_head (state, &seq, &hash, &error));
  }
  {
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
    g_assert_true (rp_usage_upload_run (usage, origin, "site-anchor", NULL, &sent, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 1);
  }
  names = uploaded_names ("site-anchor");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  report = g_build_filename (root, "dav", "usage", "site-anchor", names[0], NULL);
  g_assert_true (json_parser_load_from_file (parser, report, &error));
  head = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "audit_head");
  g_assert_nonnull (head);
  g_assert_cmpint (json_object_get_int_member (head, "seq"), ==, 4);
  g_assert_cmpint (seq, ==, 4);
  g_assert_cmpstr (json_object_get_string_member (head, "hash"), ==, hash);
  /* The counters are still all there. */
  g_assert_cmpint (uploaded_total ("site-anchor", "visit"), ==, 5);
}

/* Issue 15: a report is signed by the terminal's own key, made on first
 * use with mode 0600; the trusted comment names site, sequence and
 * period, and the report carries a status block. */
static void
test_report_signed_by_terminal_key (void)
{
  g_autofree char *dir = seed_data_dir ("usage-signed");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *sk_path = g_build_filename (dir, "identity.key", NULL);
  g_autofree char *pk_path = g_build_filename (dir, "identity.pub", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *report = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sig_text = NULL;
  g_autofree char *seq = NULL;
  g_autofree char *period = NULL;
  g_autofree char *site = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RpMinisignKey) key = NULL;
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_auto(GStrv) names = NULL;
  JsonObject *obj, *status;
  GStatBuf st;
  gsize length, sig_length;
  guint sent = 0;

  {
    g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
    g_assert_true (rp_usage_upload_run (usage, origin, "site-signed", NULL, &sent, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 1);
  }
  g_assert_cmpint (g_stat (sk_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  names = uploaded_names ("site-signed");
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  report = g_build_filename (root, "dav", "usage", "site-signed", names[0], NULL);
  sig_path = g_strconcat (report, ".minisig", NULL);
  g_assert_true (g_file_get_contents (report, &body, &length, NULL));
  g_assert_true (g_file_get_contents (sig_path, &sig_text, &sig_length, NULL));
  key = rp_minisign_key_load (pk_path, &error);
  g_assert_no_error (error);
  signature = rp_minisign_signature_parse (sig_text, sig_length, &error);
  g_assert_no_error (error);
  g_assert_true (rp_minisign_verify (key, signature, (const guint8 *) body, length, &error));
  g_assert_no_error (error);
  g_test_message ("trusted comment: %s", rp_minisign_signature_get_trusted_comment (signature));
  /* The standard tool agrees (minisign format). */
  {
    g_autofree char *minisign = g_find_program_in_path ("minisign");
    if (minisign != NULL)
      g_assert_cmpint (rp_test_run (NULL, NULL, minisign, "-Vm", report, "-p", pk_path, NULL), ==, 0);
  }
  /* `identity` shows the key that signed it, in the form enrol takes. */
  {
    g_autofree char *out = NULL;
    g_autofree char *key_id = rp_minisign_signature_get_key_id (signature);
    g_autofree char *pub_text = NULL;
    g_autoptr(JsonParser) p = json_parser_new ();
    JsonObject *o;

    g_assert_cmpint (rp_test_run (&out, NULL, g_getenv ("RP_ADMIN"), "--data-dir", dir, "identity", "--site-id",
                                  "site-signed", "--json", NULL), ==, 0);
    g_test_message ("identity: %s", out);
    g_assert_true (json_parser_load_from_data (p, out, -1, &error));
    o = json_node_get_object (json_parser_get_root (p));
    g_assert_cmpstr (json_object_get_string_member (o, "key_id"), ==, key_id);
    g_assert_cmpstr (json_object_get_string_member (o, "site_id"), ==, "site-signed");
    g_assert_true (g_file_get_contents (pk_path, &pub_text, NULL, NULL));
    g_assert_nonnull (strstr (pub_text, json_object_get_string_member (o, "public_key")));
  }
  site = rp_minisign_signature_get_field (signature, "site");
  seq = rp_minisign_signature_get_field (signature, "sequence");
  period = rp_minisign_signature_get_field (signature, "period");
  g_assert_cmpstr (site, ==, "site-signed");
  g_assert_cmpstr (seq, ==, "1");
  g_assert_true (g_str_has_suffix (names[0], ".json"));
  g_assert_nonnull (period);
  g_assert_true (g_str_has_prefix (names[0], period));
  /* One changed byte and the signature no longer holds. */
  body[length / 2] ^= 1;
  g_assert_false (rp_minisign_verify (key, signature, (const guint8 *) body, length, NULL));
  body[length / 2] ^= 1;

  g_assert_true (json_parser_load_from_data (parser, body, length, &error));
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (obj, "sequence"), ==, 1);
  status = json_object_get_object_member (obj, "status");
  g_assert_nonnull (status);
  g_assert_cmpstr (json_object_get_string_member (status, "app_version"), ==, PACKAGE_VERSION);
  g_assert_true (json_object_get_int_member (status, "free_disk_bytes") > 0);
  g_assert_cmpint (uploaded_total ("site-signed", "visit"), ==, 5);
}

/* Issue 15: a terminal with nothing new still reports its status once a
 * day, each report with the next sequence number. */
static void
test_daily_status_report_when_nothing_new (void)
{
  g_autofree char *dir = rp_test_make_dir ("usage-status-only");
  g_autofree char *path = g_build_filename (dir, "usage.db", NULL);
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autoptr(GDateTime) tomorrow = days_ago (-1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_auto(GStrv) names = NULL;
  guint sent = 0;
  gint64 seqs[2] = { 0 };

  g_assert_no_error (error);
  g_assert_true (rp_usage_upload_run (usage, origin, "site-quiet", NULL, &sent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  /* Same day again: nothing to send. */
  g_assert_true (rp_usage_upload_run (usage, origin, "site-quiet", NULL, &sent, NULL, &error));
  g_assert_cmpuint (sent, ==, 0);
  /* The next day: a new status report. */
  g_assert_true (rp_usage_upload_prepare (usage, "site-quiet", tomorrow, &error));
  g_assert_true (rp_usage_upload_run (usage, origin, "site-quiet", NULL, &sent, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent, ==, 1);
  names = uploaded_names ("site-quiet");
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *p = g_build_filename (root, "dav", "usage", "site-quiet", names[i], NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      g_assert_true (g_str_has_prefix (names[i], "status-"));
      g_assert_true (json_parser_load_from_file (parser, p, &error));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_nonnull (json_object_get_object_member (o, "status"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "counters")), ==, 0);
      seqs[i] = json_object_get_int_member (o, "sequence");
    }
  g_assert_cmpint (MIN (seqs[0], seqs[1]), ==, 1);
  g_assert_cmpint (MAX (seqs[0], seqs[1]), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  root = rp_test_make_dir ("www");
  rp_test_nginx_start (root);

  g_test_add_func ("/ReadingPoint/UsageUpload/site-id-is-a-path-segment", test_site_id_is_a_path_segment);
  g_test_add_func ("/ReadingPoint/UsageUpload/canaries-never-leave", test_canaries_never_leave);
  g_test_add_func ("/ReadingPoint/UsageUpload/server-down-then-up", test_server_down_then_up);
  g_test_add_func ("/ReadingPoint/UsageUpload/power-cut-between-put-and-ack", test_power_cut_between_put_and_ack);
  g_test_add_func ("/ReadingPoint/UsageUpload/duplicate-put-overwrites", test_duplicate_put_overwrites);
  g_test_add_func ("/ReadingPoint/UsageUpload/upload-carries-audit-head", test_upload_carries_audit_head);
  g_test_add_func ("/ReadingPoint/UsageUpload/report-signed-by-terminal-key", test_report_signed_by_terminal_key);
  g_test_add_func ("/ReadingPoint/UsageUpload/daily-status-report-when-nothing-new",
                   test_daily_status_report_when_nothing_new);
  return g_test_run ();
}
