/* test-state-db.c — installed versions, logs, the hash-chained audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"

typedef struct
{
  char      *path;
  RpStateDb *state;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *name = g_path_get_basename (g_test_get_path ());
  g_autofree char *dir = rp_test_make_dir (name);
  g_autoptr(GError) error = NULL;

  f->path = g_build_filename (dir, "state.db", NULL);
  f->state = rp_state_db_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->state);
  g_free (f->path);
}

/* A second connection, as another process (the CLI beside the kiosk) has. */
static RpStateDb *
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RpStateDb *state = rp_state_db_open (f->path, &error);

  g_assert_no_error (error);
  return state;
}

static void
audit_rows (Fixture *f,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *detail = g_strdup_printf ("district %u", i + 1);

      g_assert_true (rp_state_db_audit (f->state, "admin", "sync", detail, &error));
      g_assert_no_error (error);
    }
}

static void
test_installed_versions (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (rp_state_db_get_max_version (f->state, "district"), ==, 0);
  g_assert_true (rp_state_db_record_install (f->state, "district", 3, "district-3", "ABCDEF0123456789",
                                             "https://origin.example.gov.cn/", &error));
  g_assert_no_error (error);
  g_assert_true (rp_state_db_record_install (f->state, "district", 5, "district-5", NULL, NULL, &error));
  g_assert_no_error (error);
  /* A rollback installs an older bundle again; the highest stays. */
  g_assert_true (rp_state_db_record_install (f->state, "district", 4, "district-4", NULL, NULL, &error));
  g_assert_cmpint (rp_state_db_get_max_version (f->state, "district"), ==, 5);
  g_assert_cmpint (rp_state_db_get_max_version (f->state, "township"), ==, 0);
  {
    g_autoptr(RpStateDb) other = reopen (f);

    g_assert_cmpint (rp_state_db_get_max_version (other, "district"), ==, 5);
  }
}

static void
test_sync_log (Fixture      *f,
               gconstpointer data)
{
  g_autofree char *at = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *message = NULL;
  g_autofree char *last = NULL;

  g_assert_null (rp_state_db_get_last_sync (f->state));
  g_assert_false (rp_state_db_get_last_sync_parts (f->state, &at, &outcome, &message));
  rp_state_db_log_sync (f->state, "https://a/", "district", 3, "installed", "district-3");
  rp_state_db_log_sync (f->state, "https://a/", "district", 0, "failed", "The origin could not be reached");
  g_assert_true (rp_state_db_get_last_sync_parts (f->state, &at, &outcome, &message));
  g_assert_nonnull (at);
  g_assert_cmpstr (outcome, ==, "failed");
  g_assert_cmpstr (message, ==, "The origin could not be reached");
  last = rp_state_db_get_last_sync (f->state);
  g_assert_true (g_str_has_prefix (last, at));
  g_assert_true (g_str_has_suffix (last, "failed: The origin could not be reached"));
}

static void
test_starts_and_verify (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL;
  g_autofree char *message = NULL;
  gboolean ok = FALSE;

  g_assert_cmpint (rp_state_db_get_starts (f->state), ==, 0);
  g_assert_true (rp_state_db_count_start (f->state, &error));
  g_assert_true (rp_state_db_count_start (f->state, &error));
  g_assert_no_error (error);
  {
    g_autoptr(RpStateDb) other = reopen (f);

    g_assert_cmpint (rp_state_db_get_starts (other), ==, 2);
  }

  g_assert_false (rp_state_db_get_last_verify (f->state, &at, &ok, &message));
  g_assert_true (rp_state_db_set_last_verify (f->state, FALSE, "objects/ab/ab12… does not match", &error));
  g_assert_true (rp_state_db_get_last_verify (f->state, &at, &ok, &message));
  g_assert_false (ok);
  g_assert_cmpstr (message, ==, "objects/ab/ab12… does not match");
  g_clear_pointer (&at, g_free);
  g_clear_pointer (&message, g_free);
  /* The newest verify replaces the last; a pass has no message. */
  g_assert_true (rp_state_db_set_last_verify (f->state, TRUE, NULL, &error));
  g_assert_true (rp_state_db_get_last_verify (f->state, &at, &ok, &message));
  g_assert_true (ok);
  g_assert_null (message);
  g_assert_no_error (error);
}

static void
test_etags (Fixture      *f,
            gconstpointer data)
{
  g_autofree char *etag = NULL;
  g_autofree char *other_origin = NULL;
  g_autofree char *replaced = NULL;

  g_assert_null (rp_state_db_get_etag (f->state, "https://a/", "channels/district/latest.json"));
  rp_state_db_set_etag (f->state, "https://a/", "channels/district/latest.json", "\"5f3a-1c\"");
  etag = rp_state_db_get_etag (f->state, "https://a/", "channels/district/latest.json");
  g_assert_cmpstr (etag, ==, "\"5f3a-1c\"");
  /* Per origin: a validator from one server means nothing to another. */
  other_origin = rp_state_db_get_etag (f->state, "https://b/", "channels/district/latest.json");
  g_assert_null (other_origin);
  rp_state_db_set_etag (f->state, "https://a/", "channels/district/latest.json", "\"6000-1d\"");
  replaced = rp_state_db_get_etag (f->state, "https://a/", "channels/district/latest.json");
  g_assert_cmpstr (replaced, ==, "\"6000-1d\"");
}

static void
test_audit_chain (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_hash = NULL;
  g_autofree char *hash = NULL;
  g_auto(GStrv) rows = NULL;
  gint64 seq = -1;
  guint n = 0;

  g_assert_true (rp_state_db_get_audit_head (f->state, &seq, &empty_hash, &error));
  g_assert_cmpint (seq, ==, 0);
  g_assert_cmpstr (empty_hash, ==, "0000000000000000000000000000000000000000000000000000000000000000");
  audit_rows (f, 3);
  g_assert_true (rp_state_db_check_audit_chain (f->state, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (rp_state_db_get_audit_head (f->state, &seq, &hash, &error));
  g_assert_cmpint (seq, ==, 3);
  g_assert_true (rp_sha256_is_valid (hash));

  /* Newest first, as many as asked for. */
  rows = rp_state_db_list_audit (f->state, 2);
  g_assert_cmpuint (g_strv_length (rows), ==, 2);
  g_assert_nonnull (strstr (rows[0], "admin"));
  g_assert_nonnull (strstr (rows[0], "sync"));
  g_assert_true (g_str_has_suffix (rows[0], "district 3"));
  g_assert_true (g_str_has_suffix (rows[1], "district 2"));
}

/* An edited row breaks the chain there, and the error names the row. */
static void
test_audit_edit_detected (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  audit_rows (f, 3);
  rp_test_db_exec (f->path, "UPDATE audit_log SET detail = 'nothing happened' WHERE id = 2");
  g_assert_false (rp_state_db_check_audit_chain (f->state, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "row 2"));
}

/* Deleting the newest rows leaves a chain that holds; only an anchor kept
 * elsewhere shows the truncation. */
static void
test_audit_truncation_needs_anchor (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *anchor_hash = NULL;
  gint64 seq = 0, anchor_seq = 0, n = 0;

  audit_rows (f, 3);
  g_assert_true (rp_state_db_get_audit_head (f->state, &seq, &hash, &error));
  anchor = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", seq, hash);
  g_assert_true (rp_state_db_parse_audit_anchor (anchor, &anchor_seq, &anchor_hash, &error));
  g_assert_no_error (error);
  g_assert_cmpint (anchor_seq, ==, 3);
  g_assert_cmpstr (anchor_hash, ==, hash);

  /* Later rows extend the anchored chain: it still verifies. */
  audit_rows (f, 2);
  g_assert_true (rp_state_db_verify_audit_chain (f->state, anchor_seq, anchor_hash, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);

  rp_test_db_exec (f->path, "DELETE FROM audit_log WHERE id >= 3");
  g_assert_true (rp_state_db_verify_audit_chain (f->state, 0, NULL, &n, &error));
  g_assert_cmpint (n, ==, 2);
  g_assert_false (rp_state_db_verify_audit_chain (f->state, anchor_seq, anchor_hash, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "truncated"));
}

static void
test_parse_audit_anchor (void)
{
  const char *bad[] = {
    "", "3", "3:", "x:0000000000000000000000000000000000000000000000000000000000000000",
    "-1:0000000000000000000000000000000000000000000000000000000000000000",
    "3:000000000000000000000000000000000000000000000000000000000000000",
    "3:g000000000000000000000000000000000000000000000000000000000000000",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gint64 seq = 0;

  g_assert_true (rp_state_db_parse_audit_anchor ("12:ABCDEF0000000000000000000000000000000000000000000000000000000000",
                                                 &seq, &hash, &error));
  g_assert_cmpint (seq, ==, 12);
  /* Hex is compared in lower case. */
  g_assert_cmpstr (hash, ==, "abcdef0000000000000000000000000000000000000000000000000000000000");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rp_state_db_parse_audit_anchor (bad[i], NULL, NULL, &error));
      g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/StateDb/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("installed-versions", test_installed_versions);
  ADD ("sync-log", test_sync_log);
  ADD ("starts-and-verify", test_starts_and_verify);
  ADD ("etags", test_etags);
  ADD ("audit-chain", test_audit_chain);
  ADD ("audit-edit-detected", test_audit_edit_detected);
  ADD ("audit-truncation-needs-anchor", test_audit_truncation_needs_anchor);
#undef ADD
  g_test_add_func ("/ReadingPoint/StateDb/parse-audit-anchor", test_parse_audit_anchor);

  return g_test_run ();
}
