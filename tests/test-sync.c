/* test-sync.c — signed bundles over HTTP (real nginx) and from folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every refusal must leave the installed bundle untouched: same `current`,
 * same catalogue.db inode.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <utime.h>
#include <unistd.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

static char *root;     /* nginx root: origins live below it */
static char *keys;
static char *sk, *pk, *other_sk, *other_pk;

/* --- helpers -------------------------------------------------------------- */

#define SHA_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

static RpKeyring *
test_keyring (void)
{
  RpKeyring *keyring = rp_keyring_new ();
  g_autoptr(GError) error = NULL;

  rp_keyring_add_file (keyring, pk, "test", &error);
  g_assert_no_error (error);
  return keyring;
}

static RpSyncSource *
source_for (const char *origin)
{
  RpSyncSource *source = rp_sync_source_new_for_origin (origin);

  /* Short windows so refusals are quick: 5 s timeout, 2 s watchdog
   * window wanting 64 bytes, one retry, 20 ms backoff. */
  if (RP_IS_SYNC_HTTP_SOURCE (source))
    rp_sync_http_source_set_limits (RP_SYNC_HTTP_SOURCE (source), 5, 2, 64, 1, 20);
  return source;
}

static gboolean
sync_from (RpDataDir     *data_dir,
           const char    *origin,
           RpSyncOutcome *out_outcome,
           GError       **error)
{
  g_autoptr(RpKeyring) keyring = test_keyring ();
  g_autoptr(RpSyncEngine) engine = rp_sync_engine_new (data_dir, keyring, "test");
  g_autoptr(RpSyncSource) source = source_for (origin);

  return rp_sync_engine_run (engine, source, out_outcome, NULL, error);
}

/* A folder under the nginx root (at @location) and its URL. */
static char *
make_origin (const char *location,
             const char *name,
             char      **out_url)
{
  g_autofree char *relative = g_build_filename (location, name, NULL);
  char *dir = g_build_filename (root, relative, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  if (out_url)
    {
      g_autofree char *with_slash = g_strconcat (relative, "/", NULL);
      *out_url = rp_test_nginx_url (with_slash);
    }
  return dir;
}

/* The test source, with the PDF's text changed for versions above 1 so
 * the versions differ by exactly one object (and the catalogue). */
static char *
make_source (const char *name,
             gint64      version)
{
  return rp_test_make_revision (name, version);
}

typedef struct
{
  char     *bundle;
  GStatBuf  db;
} Snapshot;

static void
snapshot (RpDataDir *data_dir,
          Snapshot  *snap)
{
  g_autofree char *db = NULL;

  snap->bundle = rp_data_dir_get_current_bundle (data_dir);
  g_assert_nonnull (snap->bundle);
  db = g_build_filename (rp_data_dir_get_path (data_dir), "bundles", snap->bundle, "catalogue.db", NULL);
  g_assert_cmpint (g_stat (db, &snap->db), ==, 0);
}

static void
assert_untouched (RpDataDir *data_dir,
                  Snapshot  *snap)
{
  g_autofree char *bundle = rp_data_dir_get_current_bundle (data_dir);
  g_autofree char *db = g_build_filename (rp_data_dir_get_path (data_dir), "bundles", snap->bundle, "catalogue.db",
                                          NULL);
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpstr (bundle, ==, snap->bundle);
  g_assert_cmpint (g_stat (db, &st), ==, 0);
  g_assert_cmpint (st.st_ino, ==, snap->db.st_ino);
  catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), ==, 4);
  g_free (snap->bundle);
}

/* A terminal with version 1 of channel "test" installed from a folder. */
static RpDataDir *
installed_terminal (const char *name)
{
  g_autofree char *source_name = g_strconcat (name, "-src1", NULL);
  g_autofree char *origin_name = g_strconcat (name, "-v1", NULL);
  g_autofree char *source = make_source (source_name, 1);
  g_autofree char *origin = make_origin ("plain", origin_name, NULL);
  g_autofree char *path = rp_test_make_dir (name);
  RpDataDir *data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  rp_test_publish (source, origin, sk, 1, 30);
  g_assert_true (sync_from (data_dir, origin, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  return data_dir;
}

/* Publishes version @version of the test source into a new origin at
 * @location; returns its folder, the URL in @out_url. */
static char *
published (const char *location,
           const char *name,
           gint64      version,
           const char *key,
           int         expires_days,
           char      **out_url)
{
  g_autofree char *source_name = g_strconcat (name, "-src", NULL);
  g_autofree char *source = make_source (source_name, version);
  char *origin = make_origin (location, name, out_url);

  rp_test_publish (source, origin, key, version, expires_days);
  return origin;
}

/* The object of the test PDF in @origin's latest manifest. */
static const RpManifestObject *
pdf_object (RpManifest *manifest)
{
  const RpManifestObject *o = rp_manifest_lookup_path (manifest, "files/enrolment.pdf");
  g_assert_nonnull (o);
  return o;
}

static RpManifest *
load_manifest (const char *origin)
{
  g_autofree char *path = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  RpManifest *manifest;

  g_assert_nonnull (file);
  bytes = g_mapped_file_get_bytes (file);
  manifest = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  return manifest;
}

static char *
object_file (const char *origin,
             const char *sha256)
{
  g_autofree char *relative = rp_sync_object_path (sha256);
  return g_build_filename (origin, relative, NULL);
}

/* Signs arbitrary manifest text as channel "test" version @version, latest
 * in @origin. */
static void
write_signed_manifest (const char *origin,
                       gint64      version,
                       const char *text,
                       gsize       length)
{
  g_autoptr(RpMinisignSecretKey) key = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *dir = g_build_filename (origin, "channels", "test", NULL);
  g_autofree char *comment = g_strdup_printf ("channel:test\tversion:%" G_GINT64_FORMAT, version);
  g_autoptr(GError) error = NULL;

  key = rp_minisign_secret_key_load (sk, &error);
  g_assert_no_error (error);
  signature = rp_minisign_sign (key, (const guint8 *) text, length, comment);
  rp_test_write_file (dir, "latest.json", text, length);
  rp_test_write_file (dir, "latest.json.minisig", signature, -1);
}

static void
expect_refusal (RpDataDir  *data_dir,
                const char *origin,
                gint        code,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  Snapshot snap;

  snapshot (data_dir, &snap);
  g_assert_false (sync_from (data_dir, origin, NULL, &error));
  g_assert_error (error, RP_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
  g_test_message ("refused: %s", error->message);
  assert_untouched (data_dir, &snap);
}

/* Leaves the first half of @o in the terminal's partial folder, as an
 * interrupted transfer does. */
static void
seed_partial (RpDataDir              *data_dir,
              const char             *origin,
              const RpManifestObject *o,
              const char             *validator)
{
  g_autofree char *src = object_file (origin, o->sha256);
  g_autofree char *dir = g_build_filename (rp_data_dir_get_path (data_dir), "objects", ".partial", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (src, &contents, &length, NULL));
  rp_test_write_file (dir, o->sha256, contents, length / 2);
  if (validator != NULL)
    {
      g_autofree char *name = g_strconcat (o->sha256, ".validator", NULL);
      rp_test_write_file (dir, name, validator, -1);
    }
}

/* Log lines for @sha256's object since the last mark. */
static GPtrArray *
object_requests (const char *sha256)
{
  g_auto(GStrv) lines = rp_test_nginx_log ();
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], sha256) != NULL)
      g_ptr_array_add (found, g_strdup (lines[i]));
  return found;
}

static void
assert_installed (RpDataDir  *data_dir,
                  const char *bundle)
{
  g_autofree char *current = rp_data_dir_get_current_bundle (data_dir);
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(RpBundle) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (current, ==, bundle);
  g_assert_true (rp_keyring_add_file (keyring, pk, NULL, &error));
  b = rp_data_dir_open_current (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (rp_bundle_verify (b, keyring, FALSE, rp_data_dir_get_object_store (data_dir), NULL, NULL, &error));
  g_assert_no_error (error);
}


/* Runs readingpoint-admin with @env ("NAME=value", NULL-terminated, may be
 * NULL) added to the test's environment, under `faketime -f @offset` when
 * @offset is given; returns its exit status. */
static int
run_admin (const char * const *env,
           const char         *offset,
           char              **out_stdout,
           char              **out_stderr,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  if (offset != NULL)
    {
      /* libfaketime is preloaded before the sanitizer's runtime. */
      g_autofree char *asan = g_strdup_printf ("%s:verify_asan_link_order=0", g_getenv ("ASAN_OPTIONS") ?: "");
      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
      g_ptr_array_add (argv, (gpointer) "faketime");
      g_ptr_array_add (argv, (gpointer) "-f");
      g_ptr_array_add (argv, (gpointer) offset);
    }
  g_ptr_array_add (argv, (gpointer) g_getenv ("RP_ADMIN"));
  va_start (args, out_stderr);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("readingpoint-admin: %s%s", out, err);
  if (out_stdout)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (process);
}

/* A test source whose catalogue names @channel. */
static char *
make_channel_source (const char *name,
                     const char *channel,
                     gint64      version)
{
  char *source = make_source (name, version);
  g_autofree char *json = g_build_filename (source, "catalogue.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *replacement = g_strdup_printf ("\"channel\": \"%s\"", channel);
  GString *s;

  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  s = g_string_new (text);
  g_assert_cmpuint (g_string_replace (s, "\"channel\": \"test\"", replacement, 1), ==, 1);
  g_assert_true (g_file_set_contents (json, s->str, -1, NULL));
  g_string_free (s, TRUE);
  return source;
}

static gboolean
audit_has (RpDataDir  *data_dir,
           const char *needle)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "state.db", NULL);
  g_autoptr(RpStateDb) state = rp_state_db_open (path, NULL);
  g_auto(GStrv) rows = NULL;

  g_assert_nonnull (state);
  rows = rp_state_db_list_audit (state, 100);
  for (guint i = 0; rows[i] != NULL; i++)
    if (strstr (rows[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

/* --- installs ------------------------------------------------------------ */

static void
test_http_install_then_poll (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "poll", 1, sk, 30, &url);
  g_autofree char *path = rp_test_make_dir ("poll-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  RpSyncOutcome outcome;

  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  assert_installed (data_dir, "test-1");

  /* No change: exactly one conditional request, answered 304, under 1 KiB. */
  rp_test_nginx_mark ();
  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_NOT_MODIFIED);
  lines = rp_test_nginx_log ();
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_test_message ("poll: %s", lines[0]);
  {
    g_auto(GStrv) f = g_strsplit (lines[0], " ", -1);
    g_assert_cmpstr (f[2], ==, "304");
    g_assert_cmpint (g_ascii_strtoll (f[4], NULL, 10), <, 1024);
  }
}

/* An app upgraded to another catalogue schema finds the installed
 * catalogue.db unreadable ("rebuild it"); the next sync rebuilds it from
 * the bundle's own signed manifest even when the origin answers 304, so a
 * terminal is never left without a catalogue until the next version. */
static void
test_stale_schema_rebuilt (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "schema", 1, sk, 30, &url);
  g_autofree char *path = rp_test_make_dir ("schema-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autofree char *db = g_build_filename (path, "bundles", "test-1", RP_BUNDLE_DATABASE, NULL);
  g_autoptr(RpCatalogue) before = NULL;
  g_autoptr(RpCatalogue) after = NULL;
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  rp_test_db_exec (db, "PRAGMA user_version = 2");
  before = rp_data_dir_open_catalogue (data_dir, &error);
  g_assert_null (before);
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "schema version 2"));
  g_clear_error (&error);

  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_NOT_MODIFIED);
  after = rp_data_dir_open_catalogue (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_catalogue_get_n_entries (after), ==, 4);
  g_assert_true (audit_has (data_dir, "catalogue-rebuilt"));
  assert_installed (data_dir, "test-1");
}

static void
test_folder_install (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("usb-install");

  assert_installed (data_dir, "test-1");
}

static void
test_incremental_downloads_changed_only (void)
{
  g_autofree char *url1 = NULL, *url2 = NULL;
  g_autofree char *o1 = published ("plain", "incr-v1", 1, sk, 30, &url1);
  g_autofree char *o2 = NULL;
  g_autofree char *path = rp_test_make_dir ("incr-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpManifest) m1 = NULL, m2 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 changed = 0, transferred = 0;
  guint object_requests_seen = 0;
  guint n_changed = 0;

  g_assert_true (sync_from (data_dir, url1, NULL, &error));
  g_assert_no_error (error);
  o2 = published ("plain", "incr-v2", 2, sk, 30, &url2);
  m1 = load_manifest (o1);
  m2 = load_manifest (o2);
  g_assert_cmpstr (rp_manifest_lookup_path (m2, "files/graphic.png")->sha256, ==,
                   rp_manifest_lookup_path (m1, "files/graphic.png")->sha256);
  g_assert_cmpstr (pdf_object (m2)->sha256, !=, pdf_object (m1)->sha256);
  /* What changed: the PDF and the page text published with it. */
  {
    g_autoptr(GHashTable) old_objects = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < rp_manifest_get_n_objects (m1); i++)
      g_hash_table_add (old_objects, rp_manifest_get_object (m1, i)->sha256);
    for (guint i = 0; i < rp_manifest_get_n_objects (m2); i++)
      {
        const RpManifestObject *o = rp_manifest_get_object (m2, i);
        if (g_hash_table_add (old_objects, o->sha256))
          {
            changed += o->size;
            n_changed++;
          }
      }
  }
  g_assert_cmpuint (n_changed, ==, 2);
  /* And the catalogue's parts that changed (the chunk of the entry that
   * names the new PDF's version, say; the header stays). */
  {
    g_autoptr(GHashTable) old_parts = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (m1); i++)
      g_hash_table_add (old_parts, rp_manifest_get_catalogue_part (m1, i)->sha256);
    for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (m2); i++)
      {
        const RpManifestChunk *c = rp_manifest_get_catalogue_part (m2, i);
        if (g_hash_table_add (old_parts, c->sha256))
          {
            changed += c->size;
            n_changed++;
          }
      }
  }

  rp_test_nginx_mark ();
  g_assert_true (sync_from (data_dir, url2, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-2");
  lines = rp_test_nginx_log ();
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);
      if (strstr (f[1], "/objects/") == NULL)
        continue;
      object_requests_seen++;
      transferred += g_ascii_strtoull (f[3], NULL, 10);
    }
  g_test_message ("changed %" G_GUINT64_FORMAT " bytes, transferred %" G_GUINT64_FORMAT, changed, transferred);
  g_assert_cmpuint (object_requests_seen, ==, n_changed);
  g_assert_cmpuint (transferred, <=, changed * 105 / 100);
}

static void
test_resume_from_offset (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("resume-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "resume", 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *o = pdf_object (manifest);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) f = NULL;

  seed_partial (data_dir, origin, o, NULL);
  rp_test_nginx_mark ();
  g_assert_true (sync_from (data_dir, url, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-2");
  requests = object_requests (o->sha256);
  g_assert_cmpuint (requests->len, ==, 1);
  g_test_message ("resume: %s", (char *) requests->pdata[0]);
  f = g_strsplit (requests->pdata[0], " ", -1);
  g_assert_cmpstr (f[2], ==, "206");
  g_assert_cmpuint (g_ascii_strtoull (f[3], NULL, 10), ==, o->size - o->size / 2);
}

/* A spoiled resume is detected and the object fetched whole; the result
 * is still exactly the published bytes. */
static void
check_spoiled_resume (const char *location,
                      const char *name,
                      const char *validator,
                      const char *expected_statuses)
{
  g_autofree char *terminal = g_strconcat (name, "-terminal", NULL);
  g_autoptr(RpDataDir) data_dir = installed_terminal (terminal);
  g_autofree char *url = NULL;
  g_autofree char *origin = published (location, name, 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *o = pdf_object (manifest);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GString) statuses = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  seed_partial (data_dir, origin, o, validator);
  rp_test_nginx_mark ();
  g_assert_true (sync_from (data_dir, url, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-2");
  requests = object_requests (o->sha256);
  for (guint i = 0; i < requests->len; i++)
    {
      g_auto(GStrv) f = g_strsplit (requests->pdata[i], " ", -1);
      g_test_message ("%s", (char *) requests->pdata[i]);
      g_string_append_printf (statuses, "%s%s", i ? " " : "", f[2]);
    }
  g_assert_cmpstr (statuses->str, ==, expected_statuses);
}

static void
test_server_ignores_range (void)
{
  check_spoiled_resume ("norange", "norange", NULL, "200");
}

static void
test_server_answers_416 (void)
{
  check_spoiled_resume ("r416", "r416", NULL, "416 200");
}

static void
test_etag_changed_mid_resume (void)
{
  /* If-Range with a validator the object no longer has: nginx sends 200. */
  check_spoiled_resume ("plain", "etag", "\"5f5e1000-123\"", "200");
}

static void
test_gzip_on_range_response (void)
{
  check_spoiled_resume ("gzrange", "gzrange", NULL, "206 200");
}

/* --- refusals ------------------------------------------------------------ */

static void
test_bad_signature (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("badsig-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "badsig", 2, sk, 30, &url);
  g_autofree char *latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autofree char *versioned = g_build_filename (origin, "channels", "test", "2.json", NULL);
  g_autofree char *text = NULL;
  char *p;

  /* One byte changed after signing: the expiry year; in the immutable
   * copy too, which a sync falls back to when latest.json and its
   * signature disagree. */
  g_assert_true (g_file_get_contents (latest, &text, NULL, NULL));
  p = strstr (text, "\"expires\" : \"20");
  g_assert_nonnull (p);
  p[15] = p[15] == '9' ? '8' : '9';
  g_assert_true (g_file_set_contents (latest, text, -1, NULL));
  g_assert_true (g_file_set_contents (versioned, text, -1, NULL));
  expect_refusal (data_dir, url, RP_ERROR_BAD_SIGNATURE, "altered");
}

static void
test_untrusted_key (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("untrusted-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "untrusted", 2, other_sk, 30, &url);

  expect_refusal (data_dir, url, RP_ERROR_UNTRUSTED_KEY, "not among the trusted keys");
}

static void
test_wrong_channel (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("channel-terminal");
  g_autofree char *source = make_source ("channel-src", 2);
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "channel", &url);
  g_autofree char *json = g_build_filename (source, "catalogue.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *other = NULL;
  g_autofree char *test_dir = NULL;
  GString *s;

  /* A genuine bundle of channel "other", placed where "test" is polled. */
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  s = g_string_new (text);
  g_string_replace (s, "\"channel\": \"test\"", "\"channel\": \"other\"", 1);
  g_assert_true (g_file_set_contents (json, s->str, -1, NULL));
  g_string_free (s, TRUE);
  rp_test_publish (source, origin, sk, 2, 30);
  other = g_build_filename (origin, "channels", "other", NULL);
  test_dir = g_build_filename (origin, "channels", "test", NULL);
  g_assert_cmpint (g_rename (other, test_dir), ==, 0);
  expect_refusal (data_dir, url, RP_ERROR_WRONG_CHANNEL, "“other”");
}

static void
test_lower_version_refused (void)
{
  g_autofree char *url2 = NULL, *url1 = NULL;
  g_autofree char *o2 = published ("plain", "rollback-v2", 2, sk, 30, &url2);
  g_autofree char *o1 = published ("plain", "rollback-v1", 1, sk, 30, &url1);
  g_autofree char *path = rp_test_make_dir ("rollback-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_from (data_dir, url2, NULL, &error));
  g_assert_no_error (error);
  expect_refusal (data_dir, url1, RP_ERROR_STALE_VERSION, "rollback is refused");
}

static void
test_expired_manifest (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("expired-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "expired", 2, sk, -1, &url);

  expect_refusal (data_dir, url, RP_ERROR_EXPIRED, "expired");
}

static void
test_object_hash_mismatch (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("mix-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "mix", 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *o = pdf_object (manifest);
  g_autofree char *file = object_file (origin, o->sha256);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Same size, other bytes: a mix-and-match of objects. */
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  contents[length / 2] ^= 0x55;
  g_assert_true (g_file_set_contents (file, contents, length, NULL));
  expect_refusal (data_dir, url, RP_ERROR_OBJECT_MISMATCH, "does not match its hash");
}

static void
test_object_size_mismatch (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("mixsize-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "mixsize", 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  g_autofree char *file = object_file (origin, pdf_object (manifest)->sha256);
  g_autofree char *png = object_file (origin, rp_manifest_lookup_path (manifest, "files/graphic.png")->sha256);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Another object's bytes under this name. */
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (file, contents, length, NULL));
  expect_refusal (data_dir, url, RP_ERROR_OBJECT_MISMATCH, "declares");
}

static void
test_endless_body (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("endless-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "endless", 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *o = pdf_object (manifest);
  g_autofree char *file = object_file (origin, o->sha256);
  g_autofree char *partial = g_build_filename (rp_data_dir_get_path (data_dir), "objects", ".partial", o->sha256, NULL);
  g_autofree char *big = g_malloc0 (64 << 20);
  GStatBuf st;

  /* 64 MiB where the manifest declares a few KiB. */
  memcpy (big, "%PDF-", 5);
  g_assert_true (g_file_set_contents (file, big, 64 << 20, NULL));
  expect_refusal (data_dir, url, RP_ERROR_OBJECT_MISMATCH, "declares");
  g_assert_true (g_stat (partial, &st) != 0 || (guint64) st.st_size <= o->size);
}

static void
test_drip_watchdog (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("drip-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("drip", "drip", 2, sk, 30, &url);
  gint64 start = g_get_monotonic_time ();

  expect_refusal (data_dir, url, RP_ERROR_TOO_SLOW, "stalled");
  /* Bounded: two attempts of one 2 s window each, not a 1 byte/s download. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
test_captive_portal (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("captive-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("captive", "portal", &url);

  expect_refusal (data_dir, url, RP_ERROR_NOT_A_MANIFEST, "captive portal");
}

static void
test_manifest_over_cap (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("cap-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "cap", &url);
  gsize length = RP_MANIFEST_MAX_SIZE + 4096;
  g_autofree char *text = g_malloc (length);

  memset (text, ' ', length);
  text[0] = '{';
  text[length - 1] = '}';
  write_signed_manifest (origin, 2, text, length);
  expect_refusal (data_dir, url, RP_ERROR_INVALID_MANIFEST, "cap");
}

/* Issue 18: a signed manifest whose catalogue is over a terminal's caps on
 * chunks (too many chunks, a chunk too large, too many entries) or whose
 * chunks' id ranges overlap or are out of order is refused before
 * anything is fetched, naming the rule. */
static void
test_manifest_over_chunk_caps (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("chunk-cap-terminal");
  g_autoptr(GString) too_many = g_string_new ("{\"header\": {\"sha256\": \"SHA\", \"size\": 10}, \"chunks\": [");
  struct
  {
    const char *catalogue;
    const char *says;
  } cases[] = {
    { NULL, "4097 chunks is over the cap of 4096" },
    { "{\"header\": {\"sha256\": \"SHA\", \"size\": 10}, \"chunks\": "
      "[{\"first\": \"a\", \"sha256\": \"SHA\", \"size\": 4194305, \"entries\": 1}]}", "size must be 1 to 4194304 bytes" },
    { "{\"header\": {\"sha256\": \"SHA\", \"size\": 10}, \"chunks\": "
      "[{\"first\": \"a\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 100001}]}", "entries must be 1 to 100000" },
    { "{\"header\": {\"sha256\": \"SHA\", \"size\": 5000000}, \"chunks\": []}", "header" },
    { "{\"header\": {\"sha256\": \"SHA\", \"size\": 10}, \"chunks\": "
      "[{\"first\": \"b\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 1},"
      " {\"first\": \"a\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 1}]}", "must be sorted" },
    { "{\"header\": {\"sha256\": \"SHA\", \"size\": 10}, \"chunks\": "
      "[{\"first\": \"a\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 1},"
      " {\"first\": \"a\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 1}]}", "must not overlap" },
  };

  for (guint i = 0; i <= RP_MANIFEST_MAX_CHUNKS; i++)
    g_string_append_printf (too_many, "%s{\"first\": \"K-%05u\", \"sha256\": \"SHA\", \"size\": 400, \"entries\": 1}",
                            i ? ", " : "", i);
  g_string_append (too_many, "]}");
  cases[0].catalogue = too_many->str;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("chunk-cap-%u", i);
      g_autofree char *url = NULL;
      g_autofree char *origin = make_origin ("plain", name, &url);
      g_autoptr(GString) catalogue = g_string_new (cases[i].catalogue);
      g_autofree char *text = NULL;

      g_string_replace (catalogue, "SHA", SHA_ZERO, 0);
      text = g_strdup_printf ("{\"format\": 3, \"channel\": \"test\", \"version\": 2, "
                              "\"issued\": \"2026-01-01T00:00:00Z\", "
                              "\"expires\": \"2099-01-01T00:00:00Z\", "
                              "\"catalogue\": %s, \"objects\": []}", catalogue->str);

      write_signed_manifest (origin, 2, text, strlen (text));
      expect_refusal (data_dir, url, RP_ERROR_INVALID_MANIFEST, cases[i].says);
    }
}

/* Issue 18: a signed manifest whose chunk holds an entry outside the
 * chunk's id range is refused when the catalogue is built (the terminal
 * keeps what it had): the same chunk object, published with a range that
 * starts after its first entry. */
static void
test_entry_outside_chunk_range (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("range-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "range-v2", 2, sk, 30, &url);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestChunk *chunk = rp_manifest_get_catalogue_part (manifest, 1);
  g_autoptr(GBytes) bytes = rp_manifest_to_bytes (manifest);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *from = g_strdup_printf ("\"first\" : \"%s\"", chunk->first);
  g_autofree char *to = g_strdup_printf ("\"first\" : \"%s~\"", chunk->first);

  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (manifest), ==, 2);
  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  write_signed_manifest (origin, 2, text->str, text->len);
  expect_refusal (data_dir, url, RP_ERROR_INVALID_CATALOGUE, "outside that range");
}

static char *
manifest_with_path (const char *origin,
                    const char *path)
{
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *o = pdf_object (manifest);
  g_autofree char *text = NULL;
  GString *s;

  g_autoptr(GBytes) bytes = rp_manifest_to_bytes (manifest);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  s = g_string_new (text);
  g_string_replace (s, "\"files/enrolment.pdf\"", path, 1);
  g_assert_nonnull (o);
  return g_string_free (s, FALSE);
}

static void
check_usb_path (const char *name,
                const char *path)
{
  g_autofree char *terminal = g_strconcat (name, "-terminal", NULL);
  g_autoptr(RpDataDir) data_dir = installed_terminal (terminal);
  g_autofree char *origin = published ("usb", name, 2, sk, 30, NULL);
  g_autofree char *text = manifest_with_path (origin, path);

  write_signed_manifest (origin, 2, text, strlen (text));
  expect_refusal (data_dir, origin, RP_ERROR_INVALID_MANIFEST, "safe relative path");
}

static void
test_usb_dotdot_path (void)
{
  check_usb_path ("dotdot", "\"files/../../../etc/passwd\"");
}

static void
test_usb_absolute_path (void)
{
  check_usb_path ("absolute", "\"/etc/passwd\"");
}

static void
test_usb_symlinked_object (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("symlink-terminal");
  g_autofree char *origin = published ("usb", "symlink", 2, sk, 30, NULL);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  g_autofree char *file = object_file (origin, pdf_object (manifest)->sha256);
  g_autofree char *elsewhere = g_build_filename (root, "symlink-target.pdf", NULL);

  /* Even a link to the right bytes is refused: it could point anywhere. */
  g_assert_cmpint (g_rename (file, elsewhere), ==, 0);
  g_assert_cmpint (symlink (elsewhere, file), ==, 0);
  expect_refusal (data_dir, origin, RP_ERROR_UNSAFE_PATH, "symbolic link");
}

static void
test_usb_symlinked_channel (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("symchan-terminal");
  g_autofree char *origin = published ("usb", "symchan", 2, sk, 30, NULL);
  g_autofree char *channels = g_build_filename (origin, "channels", NULL);
  g_autofree char *moved = g_build_filename (root, "symchan-channels", NULL);

  g_assert_cmpint (g_rename (channels, moved), ==, 0);
  g_assert_cmpint (symlink (moved, channels), ==, 0);
  expect_refusal (data_dir, origin, RP_ERROR_UNSAFE_PATH, "symbolic link");
}

/* A sync in a thread, waited for with a generous limit: a sync that hangs
 * (as one did on a FIFO) fails the test instead of hanging the suite. */
typedef struct
{
  RpDataDir *data_dir;
  char      *origin;
  GError    *error;
  gboolean   ok;
  gboolean   done;
  GMutex     lock;
  GCond      cond;
} WatchedSync;

static gpointer
watched_sync_thread (gpointer user_data)
{
  WatchedSync *w = user_data;
  GError *error = NULL;
  gboolean ok = sync_from (w->data_dir, w->origin, NULL, &error);

  g_mutex_lock (&w->lock);
  w->ok = ok;
  w->error = error;
  w->done = TRUE;
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->lock);
  return NULL;
}

static gboolean
sync_with_watchdog (RpDataDir  *data_dir,
                    const char *origin,
                    GError    **error)
{
  WatchedSync *w = g_new0 (WatchedSync, 1);
  gint64 deadline = g_get_monotonic_time () + 120 * G_TIME_SPAN_SECOND;
  GThread *thread;
  gboolean ok;

  w->data_dir = data_dir;
  w->origin = g_strdup (origin);
  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  thread = g_thread_new ("watched-sync", watched_sync_thread, w);
  g_mutex_lock (&w->lock);
  while (!w->done)
    if (!g_cond_wait_until (&w->cond, &w->lock, deadline))
      g_error ("The sync from “%s” has not returned after 120 s: it hangs", origin);
  g_mutex_unlock (&w->lock);
  g_thread_join (thread);
  ok = w->ok;
  if (w->error != NULL)
    g_propagate_error (error, w->error);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w->origin);
  g_free (w);
  return ok;
}

/* @victim (relative to the USB origin) replaced by a FIFO nobody writes. */
static void
check_usb_fifo (const char *name,
                const char *victim)
{
  g_autofree char *terminal = g_strconcat (name, "-terminal", NULL);
  g_autoptr(RpDataDir) data_dir = installed_terminal (terminal);
  g_autofree char *origin = published ("usb", name, 2, sk, 30, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  Snapshot snap;
  int lock;

  if (victim == NULL)
    {
      g_autoptr(RpManifest) manifest = load_manifest (origin);
      path = object_file (origin, pdf_object (manifest)->sha256);
    }
  else
    path = g_build_filename (origin, victim, NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);

  snapshot (data_dir, &snap);
  g_assert_false (sync_with_watchdog (data_dir, origin, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_UNSAFE_PATH);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_test_message ("refused: %s", error->message);
  assert_untouched (data_dir, &snap);
  g_clear_error (&error);
  /* Nothing is left holding the lock: the next sync or rollback may run. */
  lock = rp_data_dir_lock (data_dir, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lock, >=, 0);
  rp_data_dir_unlock (lock);
}

static void
test_usb_fifo_latest (void)
{
  check_usb_fifo ("fifo-latest", "channels/test/latest.json");
}

static void
test_usb_fifo_signature (void)
{
  check_usb_fifo ("fifo-sig", "channels/test/latest.json.minisig");
}

static void
test_usb_fifo_object (void)
{
  check_usb_fifo ("fifo-object", NULL);
}

static void
test_disk_full_during_staging (void)
{
  g_autofree char *mnt = NULL;
  g_autofree char *source = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *big = NULL;
  g_autofree char *data_path = NULL;
  gsize big_size = 3 << 20;

  if (geteuid () != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      return;
    }
  mnt = rp_test_make_dir ("diskfull-mnt");
  if (mount ("tmpfs", mnt, "tmpfs", 0, "size=2m") != 0)
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  data_path = g_build_filename (mnt, "terminal", NULL);
  {
    g_autoptr(RpDataDir) data_dir = rp_data_dir_new (data_path);
    g_autofree char *o1 = published ("usb", "diskfull-v1", 1, sk, 30, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (sync_from (data_dir, o1, NULL, &error));
    g_assert_no_error (error);

    /* Version 2 adds 3 MiB that the 2 MiB file system cannot hold. */
    source = make_source ("diskfull-src2", 2);
    big = g_build_filename (source, "files", "enrolment.pdf", NULL);
    {
      g_autofree char *bytes = g_malloc (big_size);
      for (gsize i = 0; i < big_size; i++)
        bytes[i] = (char) g_random_int ();
      memcpy (bytes, "%PDF-1.4\n", 9);
      g_assert_true (g_file_set_contents (big, bytes, big_size, NULL));
    }
    origin = make_origin ("usb", "diskfull-v2", NULL);
    /* Random bytes, not a document: only their size matters here. */
    rp_test_publish_broken (source, origin, sk, 2, 30);
    expect_refusal (data_dir, origin, RP_ERROR_IO, "space");
  }
  g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
}

static void
test_reader_keeps_old_catalogue (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("reader-terminal");
  g_autoptr(RpCatalogue) old = rp_data_dir_open_catalogue (data_dir, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (old);
  for (gint64 version = 2; version <= 3; version++)
    {
      g_autofree char *name = g_strdup_printf ("reader-v%" G_GINT64_FORMAT, version);
      g_autofree char *origin = published ("usb", name, version, sk, 30, NULL);
      g_autoptr(RpEntry) entry = NULL;

      g_assert_true (sync_from (data_dir, origin, NULL, &error));
      g_assert_no_error (error);
      /* The reader that opened version 1 still reads it in full, even once
       * version 1 has been collected (its file stays open). */
      g_assert_cmpuint (rp_catalogue_get_n_entries (old), ==, 4);
      entry = rp_catalogue_get_entry (old, "T-2026-00017", &error);
      g_assert_no_error (error);
      g_assert_nonnull (entry);
    }
  assert_installed (data_dir, "test-3");
}

static void
test_rollback_returns_to_previous (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("rollback2-terminal");
  g_autofree char *origin = published ("usb", "rollback2-v2", 2, sk, 30, NULL);
  g_autofree char *bundle = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_from (data_dir, origin, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-2");
  g_assert_true (rp_data_dir_rollback (data_dir, &bundle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bundle, ==, "test-1");
  assert_installed (data_dir, "test-1");
  g_clear_pointer (&bundle, g_free);
  g_assert_false (rp_data_dir_rollback (data_dir, &bundle, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_NOT_FOUND);
}

/* Issue 18: a terminal installed from a format-1 manifest (one
 * catalogue.json object, what every terminal had before chunks) keeps
 * working: its bundle verifies, and the next version, published in chunks,
 * installs over it and can be rolled back to it. */
#define FORMAT1_CATALOGUE(word)                                                                        \
  "{\"channel\": \"test\", \"title\": \"t\", \"categories\": [{\"id\": \"c\", \"name\": \"c\"}], \"entries\": [" \
  "{\"id\": \"F-1\", \"title\": \"通知" word "\", \"organ\": \"o\", \"category\": \"c\", \"body\": \"正文\"}," \
  "{\"id\": \"F-2\", \"title\": \"公告\", \"organ\": \"o\", \"category\": \"c\"}]}"

static void
test_format1_bundle_keeps_working (void)
{
  g_autofree char *source = rp_test_make_dir ("format1-src");
  g_autofree char *url = NULL;
  g_autofree char *origin = make_origin ("plain", "format1", &url);
  g_autofree char *path = rp_test_make_dir ("format1-terminal");
  g_autofree char *json = g_build_filename (source, "catalogue.json", NULL);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpManifest) chunked = NULL;
  g_autoptr(RpManifest) old = NULL;
  g_autoptr(RpObjectStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 30);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *objects = g_build_filename (origin, "objects", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *bundle = NULL;
  guint64 size = 0;

  /* No files: publishing PDFs means checking them, seconds each. */
  rp_test_write_file (source, "catalogue.json", FORMAT1_CATALOGUE ("一"), -1);
  /* Version 1 as the old publisher wrote it, from what the new one wrote. */
  rp_test_publish (source, origin, sk, 1, 30);
  chunked = load_manifest (origin);
  store = rp_object_store_new (objects);
  g_assert_true (rp_object_store_import_file (store, json, &sha256, &size, &error));
  g_assert_no_error (error);
  old = rp_manifest_new ("test", 1, now, expires, sha256, size);
  for (guint i = 0; i < rp_manifest_get_n_objects (chunked); i++)
    {
      const RpManifestObject *o = rp_manifest_get_object (chunked, i);
      rp_manifest_add_object (old, o->sha256, o->size, o->path, o->type);
    }
  bytes = rp_manifest_to_bytes (old);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"format\" : 1"));
  write_signed_manifest (origin, 1, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (sync_from (data_dir, url, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-1");

  /* Version 2 in chunks over it; version 1 stays for rollback, its
   * catalogue.json object kept by the collection. */
  g_clear_pointer (&source, g_free);
  source = rp_test_make_dir ("format1-src-2");
  rp_test_write_file (source, "catalogue.json", FORMAT1_CATALOGUE ("二"), -1);
  rp_test_publish (source, origin, sk, 2, 30);
  g_assert_true (sync_from (data_dir, url, NULL, &error));
  g_assert_no_error (error);
  assert_installed (data_dir, "test-2");
  g_assert_true (rp_data_dir_rollback (data_dir, &bundle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bundle, ==, "test-1");
  assert_installed (data_dir, "test-1");
}

/* --- the demo and progress ----------------------------------------------- */

static void
test_demo_installs_through_signed_path (void)
{
  g_autofree char *path = rp_test_make_dir ("demo-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpMinisignKey) demo_key = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *bundle_key_id = NULL;

  g_assert_true (rp_demo_install_if_empty (data_dir, &error));
  g_assert_no_error (error);
  bundle = rp_data_dir_open_current (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rp_manifest_get_channel (rp_bundle_get_manifest (bundle)), ==, "demo");
  demo_key = rp_minisign_key_load (rp_demo_get_public_key (), &error);
  g_assert_no_error (error);
  key_id = rp_minisign_key_get_id (demo_key);
  bundle_key_id = rp_bundle_get_key_id (bundle);
  g_assert_cmpstr (key_id, ==, bundle_key_id);
  {
    g_autoptr(RpKeyring) keyring = rp_keyring_new ();

    g_assert_true (rp_keyring_add_demo_file (keyring, rp_demo_get_public_key (), &error));
    g_assert_true (rp_bundle_verify (bundle, keyring, rp_demo_only_installed (data_dir),
                                     rp_data_dir_get_object_store (data_dir), NULL, NULL, &error));
  }
  g_assert_no_error (error);
}

static void
test_demo_key_only_for_demo_channel (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("demokey-terminal");
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source = NULL;
  g_autofree char *source_dir = make_source ("demokey-src", 2);
  g_autofree char *origin = make_origin ("usb", "demokey", NULL);
  g_autofree char *demo_sk = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "demo", "demo.sec", NULL);
  g_autoptr(GError) error = NULL;
  Snapshot snap;

  /* Anyone can sign with the public demo key; it must not reach "test". */
  rp_test_publish (source_dir, origin, demo_sk, 2, 30);
  g_assert_true (rp_keyring_add_file (keyring, rp_demo_get_public_key (), RP_DEMO_CHANNEL, &error));
  engine = rp_sync_engine_new (data_dir, keyring, "test");
  source = source_for (origin);
  snapshot (data_dir, &snap);
  g_assert_false (rp_sync_engine_run (engine, source, NULL, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_UNTRUSTED_KEY);
  assert_untouched (data_dir, &snap);
}


/* --- configuration, collection, freshness (issue 12) --------------------- */

static void
test_refuse_silent_channel_switch (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("switch-terminal");
  g_autofree char *source = make_channel_source ("switch-src", "other", 2);
  g_autofree char *origin = make_origin ("usb", "switch", NULL);
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source_obj = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  RpSyncOutcome outcome;
  Snapshot snap;

  rp_test_publish (source, origin, sk, 2, 30);

  /* What the root-run timer did: the defaults (channel demo, the built-in
   * demo origin) against a terminal that follows "test". */
  snapshot (data_dir, &snap);
  g_assert_cmpint (run_admin (NULL, NULL, NULL, &err, "--data-dir", rp_data_dir_get_path (data_dir), "sync", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "never switches channel"));
  assert_untouched (data_dir, &snap);

  /* A genuine bundle of another channel, by a key trusted for it. */
  g_assert_true (rp_keyring_add_file (keyring, pk, "other", &error));
  engine = rp_sync_engine_new (data_dir, keyring, "other");
  source_obj = source_for (origin);
  snapshot (data_dir, &snap);
  g_assert_false (rp_sync_engine_run (engine, source_obj, &outcome, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_WRONG_CHANNEL);
  g_assert_nonnull (strstr (error->message, "--switch-channel"));
  assert_untouched (data_dir, &snap);
  g_assert_false (audit_has (data_dir, "switch-channel"));
  g_clear_error (&error);

  /* On purpose: it installs, and the audit log says so. */
  rp_sync_engine_set_allow_channel_switch (engine, TRUE);
  g_assert_true (rp_sync_engine_run (engine, source_obj, &outcome, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  assert_installed (data_dir, "other-2");
  g_assert_true (audit_has (data_dir, "switch-channel"));
}

static void
test_gc_continues_past_unremovable_path (void)
{
  g_autofree char *path = rp_test_make_dir ("gc-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autofree char *o1 = published ("usb", "gc-v1", 1, sk, 30, NULL);
  g_autofree char *o2 = published ("usb", "gc-v2", 2, sk, 30, NULL);
  g_autofree char *o3 = published ("usb", "gc-v3", 3, sk, 30, NULL);
  g_autofree char *stuck = g_build_filename (path, "bundles", "test-1", NULL);
  g_autofree char *junk = g_build_filename (path, "bundles", "test-0", NULL);
  g_autoptr(RpManifest) m1 = load_manifest (o1);
  g_autofree char *v1_pdf = g_strdup (pdf_object (m1)->sha256);
  RpObjectStore *store = rp_data_dir_get_object_store (data_dir);
  g_autoptr(RpKeyring) keyring = test_keyring ();
  g_autoptr(RpSyncEngine) engine = rp_sync_engine_new (data_dir, keyring, "test");
  g_autoptr(RpSyncSource) source = NULL;
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  if (geteuid () != 0)
    {
      g_test_skip ("making a path that cannot be removed (a mount point) needs root");
      return;
    }
  g_assert_true (sync_from (data_dir, o1, NULL, &error));
  g_assert_true (sync_from (data_dir, o2, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rp_object_store_contains (store, v1_pdf));
  /* test-1 is a mount point: its files go, the folder cannot (EBUSY), as
   * a bundle left by another user cannot. Stale test-0 must go anyway. */
  g_assert_cmpint (mount (stuck, stuck, NULL, MS_BIND, NULL), ==, 0);
  rp_test_write_file (junk, "catalogue.db", "stale", -1);

  source = source_for (o3);
  g_assert_true (rp_sync_engine_run (engine, source, &outcome, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  assert_installed (data_dir, "test-3");
  g_assert_false (g_file_test (junk, G_FILE_TEST_EXISTS));
  g_assert_false (rp_object_store_contains (store, v1_pdf));
  g_assert_nonnull (rp_sync_engine_get_warning (engine));
  g_assert_nonnull (strstr (rp_sync_engine_get_warning (engine), "could not be removed"));
  g_assert_nonnull (strstr (rp_sync_engine_get_warning (engine), "test-1"));
  g_assert_true (audit_has (data_dir, "gc-incomplete"));
  g_assert_cmpint (umount2 (stuck, MNT_DETACH), ==, 0);
}

static void
test_refuse_expired_when_not_modified (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "freeze", 1, sk, 30, &url);
  g_autofree char *path = rp_test_make_dir ("freeze-terminal");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *faketime = g_find_program_in_path ("faketime");

  if (faketime == NULL)
    {
      g_test_skip ("faketime is not installed");
      return;
    }
  g_assert_cmpint (run_admin (NULL, NULL, NULL, NULL, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, NULL), ==, 0);
  g_assert_cmpint (run_admin (NULL, NULL, NULL, NULL, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, NULL), ==, 0);

  /* Sixty days on, the origin still answers 304 to the conditional poll:
   * the installed bundle expired 30 days ago, and that is an error. */
  rp_test_nginx_mark ();
  g_assert_cmpint (run_admin (NULL, "+60d", NULL, &err, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "expired"));
  lines = rp_test_nginx_log ();
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], "latest.json 304"));

  /* status says so too. */
  g_assert_cmpint (run_admin (NULL, "+60d", &out, NULL, "--data-dir", path, "status", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)), "expired"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_admin (NULL, "+60d", &out, NULL, "--data-dir", path, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "EXPIRED"));
}

/* The "previews" object of readingpoint-admin's JSON in @out: done, wanted. */
static void
previews_in (const char *out,
             gint64     *done,
             gint64     *wanted)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *previews;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  previews = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "previews");
  g_assert_nonnull (previews);
  *done = json_object_get_int_member (previews, "done");
  *wanted = json_object_get_int_member (previews, "wanted");
}

/* Issue 14: the install through the real command draws the first page
 * and thumbnails of every PDF (the page a resident sees before poppler has
 * drawn), and a run that lost them (killed, cleared) is made good by the
 * next one. */
static void
test_cli_sync_draws_previews (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "previews", 1, sk, 30, &url);
  g_autofree char *path = rp_test_make_dir ("previews-terminal");
  g_autofree char *previews = rp_data_dir_build_previews_path (path);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  const RpManifestObject *pdf = pdf_object (manifest);
  g_autofree char *first = NULL;
  g_autofree char *thumb = NULL;
  g_autofree char *out = NULL;
  gint64 done = 0, wanted = 0;

  g_assert_cmpint (run_admin (NULL, NULL, &out, NULL, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, "--json", NULL), ==, 0);
  previews_in (out, &done, &wanted);
  g_assert_cmpint (wanted, ==, 1);
  g_assert_cmpint (done, ==, 1);
  first = rp_preview_cache_lookup (previews, pdf->sha256, pdf->size, 0, FALSE);
  g_assert_nonnull (first);
  thumb = rp_preview_cache_lookup (previews, pdf->sha256, pdf->size, 0, TRUE);
  g_assert_nonnull (thumb);

  /* Lost (a killed run leaves some drawn, some not): status says so, and
   * the next run draws them again. */
  g_assert_true (rp_remove_tree (previews, NULL));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_admin (NULL, NULL, &out, NULL, "--data-dir", path, "status", "--json", NULL), ==, 0);
  previews_in (out, &done, &wanted);
  g_assert_cmpint (done, ==, 0);
  g_assert_cmpint (wanted, ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_admin (NULL, NULL, &out, NULL, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Up to date"));
  g_assert_nonnull (strstr (out, "Previews: 1 of 1 documents"));
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));

  /* --no-previews leaves them to `previews`. */
  g_assert_true (rp_remove_tree (previews, NULL));
  g_assert_cmpint (run_admin (NULL, NULL, NULL, NULL, "--data-dir", path, "sync", "--origin", url, "--channel",
                              "test", "--public-key", pk, "--no-previews", NULL), ==, 0);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_admin (NULL, NULL, &out, NULL, "--data-dir", path, "previews", "--json", NULL), ==, 0);
  previews_in (out, &done, &wanted);
  g_assert_cmpint (done, ==, 1);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
}

/* Copies @from over @to (both in @dir). */
static void
copy_over (const char *dir,
           const char *from,
           const char *to)
{
  g_autofree char *src = g_build_filename (dir, from, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (src, &contents, &length, NULL));
  rp_test_write_file (dir, to, contents, length);
}

/* nginx's ETag is mtime (in seconds) and size: a publish within the same
 * second as the last poll would keep it. */
static void
new_etag (const char *channel_dir)
{
  g_autofree char *latest = g_build_filename (channel_dir, "latest.json", NULL);
  struct utimbuf times = { time (NULL) - 3600, time (NULL) - 3600 };

  g_assert_cmpint (utime (latest, &times), ==, 0);
}

static void
test_latest_replaced_between_reads (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "race", 1, sk, 30, &url);
  g_autofree char *source2 = make_source ("race-src2", 2);
  g_autofree char *channel_dir = g_build_filename (origin, "channels", "test", NULL);
  g_autofree char *path = rp_test_make_dir ("race-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  rp_test_publish (source2, origin, sk, 2, 30);
  new_etag (channel_dir);

  /* The new latest.json, the old signature: as read across a publish. */
  copy_over (channel_dir, "1.json.minisig", "latest.json.minisig");
  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_UP_TO_DATE);
  assert_installed (data_dir, "test-1");

  /* Once the publish is complete, the next poll gets version 2 (the
   * ETag of the mismatched read was not kept, so no 304 hides it). */
  copy_over (channel_dir, "2.json.minisig", "latest.json.minisig");
  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  assert_installed (data_dir, "test-2");
}

static void
test_old_latest_new_signature (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("race2-terminal");
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "race2", 1, sk, 30, &url);
  g_autofree char *source2 = make_source ("race2-src2", 2);
  g_autofree char *channel_dir = g_build_filename (origin, "channels", "test", NULL);
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome;

  rp_test_publish (source2, origin, sk, 2, 30);
  /* The old latest.json, the new signature. */
  copy_over (channel_dir, "1.json", "latest.json");
  g_assert_true (sync_from (data_dir, url, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
  assert_installed (data_dir, "test-2");
}

static char *
demo_secret_key (void)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "demo", "demo.sec", NULL);
}

static void
test_demo_key_refused_after_real_install (void)
{
  g_autoptr(RpDataDir) data_dir = installed_terminal ("demo50-terminal");
  g_autofree char *source = make_channel_source ("demo50-src", "demo", 50);
  g_autofree char *origin = make_origin ("usb", "demo50", NULL);
  g_autofree char *demo_sk = demo_secret_key ();
  g_autofree char *demo_origin_env = g_strconcat ("READINGPOINT_DEMO_ORIGIN=", origin, NULL);
  const char *env[] = { demo_origin_env, NULL };
  g_autofree char *err = NULL;
  Snapshot snap;

  /* Anyone can sign a "demo-50" with the public demo key, here even at
   * the place the terminal takes the demo from. */
  rp_test_publish (source, origin, demo_sk, 50, 30);
  snapshot (data_dir, &snap);
  g_assert_cmpint (run_admin (env, NULL, NULL, &err, "--data-dir", rp_data_dir_get_path (data_dir), "sync",
                              "--switch-channel", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "demo key"));
  assert_untouched (data_dir, &snap);

  /* The same bundle on a terminal that never held anything else installs:
   * the refusal above is the real install's doing. */
  {
    g_autofree char *fresh = rp_test_make_dir ("demo50-fresh");
    g_assert_cmpint (run_admin (env, NULL, NULL, NULL, "--data-dir", fresh, "sync", NULL), ==, 0);
  }
}

static void
test_demo_key_refused_once_real_channel_configured (void)
{
  g_autofree char *config = rp_test_make_dir ("demo-config");
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *config_env = g_strconcat ("XDG_CONFIG_HOME=", config, NULL);
  const char *env[] = { "GSETTINGS_BACKEND=keyfile", config_env, NULL };
  g_autofree char *err = NULL;
  g_autofree char *demo_pub = NULL;
  g_auto(GStrv) demo_lines = NULL;
  g_autofree char *demo_as_ordinary_key = NULL;
  const char *configs[3];

  /* The demo key among the ordinary trusted keys gains no trust that way. */
  g_assert_true (g_file_get_contents (rp_demo_get_public_key (), &demo_pub, NULL, NULL));
  demo_lines = g_strsplit (demo_pub, "\n", -1);
  demo_as_ordinary_key = g_strdup_printf ("channel='qingxi'\ntrusted-keys=['%s']\n", demo_lines[1]);
  configs[0] = "channel='qingxi'\n";
  configs[1] = "channel='demo'\norigin-url='https://disclosure.example.org/origin'\n";
  configs[2] = demo_as_ordinary_key;

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *name = g_strdup_printf ("demo-configured-%u", i);
      g_autofree char *path = rp_test_make_dir (name);
      g_autofree char *keyfile = g_strconcat ("[io/github/readingpoint/ReadingPoint]\n", configs[i], NULL);

      /* An empty terminal, the genuine demo at the built-in origin, asked
       * for explicitly: once a real channel or origin is configured, the
       * demo key signs nothing. */
      rp_test_write_file (settings_dir, "keyfile", keyfile, -1);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run_admin (env, NULL, NULL, &err, "--data-dir", path, "sync", "--channel", "demo", "--origin",
                                  rp_demo_get_origin (), NULL), ==, 1);
      g_assert_nonnull (strstr (err, "not among the trusted keys"));
    }

  /* The default configuration installs it (the refusals are the
   * configuration's doing). */
  {
    g_autofree char *path = rp_test_make_dir ("demo-configured-default");
    rp_test_write_file (settings_dir, "keyfile", "[io/github/readingpoint/ReadingPoint]\nchannel='demo'\n", -1);
    g_assert_cmpint (run_admin (env, NULL, NULL, NULL, "--data-dir", path, "sync", "--channel", "demo", "--origin",
                                rp_demo_get_origin (), NULL), ==, 0);
  }
}

typedef struct
{
  GMainLoop *loop;
  guint      n_notify;
  gboolean   ok;
  GThread   *main_thread;
} ProgressData;

static void
progress_notified (GObject      *object,
                   GParamSpec   *pspec,
                   ProgressData *data)
{
  g_assert_true (g_thread_self () == data->main_thread);
  data->n_notify++;
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ProgressData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->ok = rp_sync_engine_run_finish (RP_SYNC_ENGINE (object), result, NULL, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
test_progress_observable_on_main_thread (void)
{
  g_autofree char *url = NULL;
  g_autofree char *origin = published ("plain", "progress", 1, sk, 30, &url);
  g_autofree char *path = rp_test_make_dir ("progress-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpKeyring) keyring = test_keyring ();
  g_autoptr(RpSyncEngine) engine = rp_sync_engine_new (data_dir, keyring, "test");
  g_autoptr(RpSyncSource) source = source_for (url);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  RpSyncProgress *progress = rp_sync_engine_get_progress (engine);
  ProgressData data = { loop, 0, FALSE, g_thread_self () };

  g_signal_connect (progress, "notify", G_CALLBACK (progress_notified), &data);
  rp_sync_engine_run_async (engine, source, NULL, sync_done, &data);
  g_main_loop_run (loop);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (data.ok);
  g_assert_cmpuint (data.n_notify, >, 0);
  g_assert_cmpint (rp_sync_progress_get_phase (progress), ==, RP_SYNC_PHASE_DONE);
  /* The catalogue's header and its one chunk, the PDF, its published page
   * text and the PNG */
  g_assert_cmpuint (rp_sync_progress_get_objects_done (progress), ==, 5);
  g_assert_cmpuint (rp_sync_progress_get_objects_total (progress), ==, 5);
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), ==,
                    rp_sync_progress_get_bytes_total (progress));
  g_assert_cmpuint (rp_sync_progress_get_bytes_done (progress), >, 0);
  g_signal_handlers_disconnect_by_data (progress, &data);
}

/* --- the publisher's page text ------------------------------------------ */

/* The installed bundle's PDF page texts, one "attachment/page: text" line each. */
static char *
indexed_pages (RpDataDir *data_dir)
{
  g_autofree char *bundle = rp_data_dir_get_current_bundle (data_dir);
  g_autofree char *db_path = g_build_filename (rp_data_dir_get_path (data_dir), "bundles", bundle,
                                               "catalogue.db", NULL);
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT attachment, page, text FROM search_pages"
                                       " ORDER BY entry, attachment, page", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%d/%d: %s\n", sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Re-signs @origin's manifest as version @version after @edit changed
 * its objects array (the publisher's key: the terminal trusts it). */
static void
resign_manifest (const char *origin,
                 gint64      version,
                 void      (*edit) (JsonArray *objects, const char *origin))
{
  g_autofree char *path = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *top;
  gsize length = 0;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  top = json_node_get_object (json_parser_get_root (parser));
  json_object_set_int_member (top, "version", version);
  edit (json_object_get_array_member (top, "objects"), origin);
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &length);
  write_signed_manifest (origin, version, text, length);
}

/* As a manifest signed by other tools would be: no page-text objects. */
static void
drop_page_texts (JsonArray  *objects,
                 const char *origin)
{
  for (guint i = json_array_get_length (objects); i-- > 0;)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (objects, i), "type"),
                     RP_MANIFEST_PAGES_TYPE))
      json_array_remove_element (objects, i);
}

/* Two pages of the publisher's own words (one line not UTF-8) instead of
 * what poppler finds in the PDF. */
static void
replace_page_texts (JsonArray  *objects,
                    const char *origin)
{
  static const char text[] = "Published words\xff here\fSecond published page";
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text,
                                                         sizeof text - 1);
  g_autofree char *file = object_file (origin, sha256);
  g_autofree char *dir = g_path_get_dirname (file);
  g_autofree char *name = g_path_get_basename (file);

  rp_test_write_file (dir, name, text, sizeof text - 1);
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      if (!g_str_equal (json_object_get_string_member (o, "type"), RP_MANIFEST_PAGES_TYPE))
        continue;
      json_object_set_string_member (o, "sha256", sha256);
      json_object_set_int_member (o, "size", sizeof text - 1);
    }
}

/* The publisher extracts each PDF's page text once; terminals index that
 * text without opening the PDF, and get the same rows they would have
 * extracted themselves. */
static void
test_published_page_text (void)
{
  g_autofree char *origin = published ("usb", "pages-v1", 1, sk, 30, NULL);
  g_autoptr(RpManifest) manifest = load_manifest (origin);
  g_autofree char *pages_path = g_strconcat (RP_MANIFEST_PAGES_PREFIX, "files/enrolment.pdf", NULL);
  const RpManifestObject *pages = rp_manifest_lookup_path (manifest, pages_path);
  g_autofree char *published_text = NULL;
  g_autofree char *a_path = rp_test_make_dir ("pages-terminal-a");
  g_autofree char *b_path = rp_test_make_dir ("pages-terminal-b");
  g_autofree char *c_path = rp_test_make_dir ("pages-terminal-c");
  g_autoptr(RpDataDir) a = rp_data_dir_new (a_path);
  g_autoptr(RpDataDir) b = rp_data_dir_new (b_path);
  g_autoptr(RpDataDir) c = rp_data_dir_new (c_path);
  g_autofree char *from_publisher = NULL, *from_terminal = NULL, *replaced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object = NULL;

  g_assert_nonnull (pages);
  g_assert_cmpstr (pages->type, ==, RP_MANIFEST_PAGES_TYPE);
  object = object_file (origin, pages->sha256);
  g_assert_true (g_file_get_contents (object, &published_text, NULL, NULL));
  /* Three pages, separated by form feeds. */
  g_assert_nonnull (strstr (published_text, "\f"));
  g_assert_nonnull (strstr (strstr (published_text, "\f") + 1, "\f"));

  g_assert_true (sync_from (a, origin, NULL, &error));
  g_assert_no_error (error);
  from_publisher = indexed_pages (a);

  resign_manifest (origin, 2, replace_page_texts);
  g_assert_true (sync_from (c, origin, NULL, &error));
  g_assert_no_error (error);
  replaced = indexed_pages (c);
  g_assert_cmpstr (replaced, ==, "0/1: Published words\357\277\275 here\n0/2: Second published page\n");

  resign_manifest (origin, 3, drop_page_texts);
  g_assert_true (sync_from (b, origin, NULL, &error));
  g_assert_no_error (error);
  from_terminal = indexed_pages (b);
  g_test_message ("indexed pages:\n%s", from_publisher);
  g_assert_cmpstr (from_publisher, !=, "");
  g_assert_cmpstr (from_publisher, ==, from_terminal);
}

/* The line of @page (from 1) of the first attachment in @pages, or "". */
static char *
page_line (const char *pages,
           int         page)
{
  g_auto(GStrv) lines = g_strsplit (pages, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("0/%d: ", page);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i]);
  return g_strdup ("");
}

/* Without the publisher's text, a terminal reads its PDFs' text in the
 * render helper, never with poppler in its own process: a helper that dies
 * on one page (here a forbidden system call) costs that page's text only. */
static void
test_terminal_page_text_in_helper (void)
{
  g_autofree char *origin = published ("usb", "pages-helper", 1, sk, 30, NULL);
  g_autofree char *a_path = rp_test_make_dir ("helper-terminal-a");
  g_autofree char *b_path = rp_test_make_dir ("helper-terminal-b");
  g_autoptr(RpDataDir) a = rp_data_dir_new (a_path);
  g_autoptr(RpDataDir) b = rp_data_dir_new (b_path);
  g_autofree char *whole = NULL, *hurt = NULL;
  g_autoptr(GError) error = NULL;

  resign_manifest (origin, 2, drop_page_texts);
  g_assert_true (sync_from (a, origin, NULL, &error));
  g_assert_no_error (error);
  whole = indexed_pages (a);

  g_setenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE", "2", TRUE);
  g_assert_true (sync_from (b, origin, NULL, &error));
  g_unsetenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE");
  g_assert_no_error (error);
  hurt = indexed_pages (b);
  g_test_message ("whole:\n%s\npage 2 lost:\n%s", whole, hurt);

  for (int page = 1; page <= 3; page++)
    {
      g_autofree char *w = page_line (whole, page);
      g_autofree char *h = page_line (hurt, page);

      g_assert_cmpuint (strlen (w), >, 10);
      if (page == 2)
        g_assert_cmpstr (h, !=, w);
      else
        g_assert_cmpstr (h, ==, w);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  root = rp_test_make_dir ("origins");
  keys = rp_test_make_dir ("keys");
  rp_test_keygen (keys, "district", &sk, &pk);
  rp_test_keygen (keys, "stranger", &other_sk, &other_pk);
  rp_test_nginx_start (root);

  g_test_add_func ("/ReadingPoint/Sync/http-install-then-one-conditional-poll", test_http_install_then_poll);
  g_test_add_func ("/ReadingPoint/Sync/folder-install", test_folder_install);
  g_test_add_func ("/ReadingPoint/Sync/terminal-page-text-in-helper", test_terminal_page_text_in_helper);
  g_test_add_func ("/ReadingPoint/Sync/incremental-downloads-changed-only", test_incremental_downloads_changed_only);
  g_test_add_func ("/ReadingPoint/Sync/resume-from-offset", test_resume_from_offset);
  g_test_add_func ("/ReadingPoint/Sync/server-ignores-range", test_server_ignores_range);
  g_test_add_func ("/ReadingPoint/Sync/server-answers-416", test_server_answers_416);
  g_test_add_func ("/ReadingPoint/Sync/etag-changed-mid-resume", test_etag_changed_mid_resume);
  g_test_add_func ("/ReadingPoint/Sync/gzip-on-range-response", test_gzip_on_range_response);
  g_test_add_func ("/ReadingPoint/Sync/refuse-bad-signature", test_bad_signature);
  g_test_add_func ("/ReadingPoint/Sync/refuse-untrusted-key", test_untrusted_key);
  g_test_add_func ("/ReadingPoint/Sync/refuse-wrong-channel", test_wrong_channel);
  g_test_add_func ("/ReadingPoint/Sync/refuse-lower-version", test_lower_version_refused);
  g_test_add_func ("/ReadingPoint/Sync/refuse-expired-manifest", test_expired_manifest);
  g_test_add_func ("/ReadingPoint/Sync/refuse-object-hash-mismatch", test_object_hash_mismatch);
  g_test_add_func ("/ReadingPoint/Sync/refuse-object-size-mismatch", test_object_size_mismatch);
  g_test_add_func ("/ReadingPoint/Sync/refuse-endless-body", test_endless_body);
  g_test_add_func ("/ReadingPoint/Sync/refuse-drip-watchdog", test_drip_watchdog);
  g_test_add_func ("/ReadingPoint/Sync/refuse-captive-portal", test_captive_portal);
  g_test_add_func ("/ReadingPoint/Sync/refuse-manifest-over-cap", test_manifest_over_cap);
  g_test_add_func ("/ReadingPoint/Sync/refuse-manifest-over-chunk-caps", test_manifest_over_chunk_caps);
  g_test_add_func ("/ReadingPoint/Sync/refuse-entry-outside-chunk-range", test_entry_outside_chunk_range);
  g_test_add_func ("/ReadingPoint/Sync/format1-bundle-keeps-working", test_format1_bundle_keeps_working);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-dotdot-path", test_usb_dotdot_path);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-absolute-path", test_usb_absolute_path);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-symlinked-object", test_usb_symlinked_object);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-symlinked-channel", test_usb_symlinked_channel);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-fifo-latest", test_usb_fifo_latest);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-fifo-signature", test_usb_fifo_signature);
  g_test_add_func ("/ReadingPoint/Sync/refuse-usb-fifo-object", test_usb_fifo_object);
  g_test_add_func ("/ReadingPoint/Sync/refuse-disk-full-during-staging", test_disk_full_during_staging);
  g_test_add_func ("/ReadingPoint/Sync/reader-keeps-old-catalogue-during-swap", test_reader_keeps_old_catalogue);
  g_test_add_func ("/ReadingPoint/Sync/rollback-returns-to-previous", test_rollback_returns_to_previous);
  g_test_add_func ("/ReadingPoint/Sync/demo-installs-through-signed-path", test_demo_installs_through_signed_path);
  g_test_add_func ("/ReadingPoint/Sync/demo-key-only-for-demo-channel", test_demo_key_only_for_demo_channel);
  g_test_add_func ("/ReadingPoint/Sync/refuse-silent-channel-switch", test_refuse_silent_channel_switch);
  g_test_add_func ("/ReadingPoint/Sync/gc-continues-past-unremovable-path", test_gc_continues_past_unremovable_path);
  g_test_add_func ("/ReadingPoint/Sync/refuse-expired-when-not-modified", test_refuse_expired_when_not_modified);
  g_test_add_func ("/ReadingPoint/Sync/latest-replaced-between-reads", test_latest_replaced_between_reads);
  g_test_add_func ("/ReadingPoint/Sync/old-latest-with-new-signature", test_old_latest_new_signature);
  g_test_add_func ("/ReadingPoint/Sync/demo-key-refused-after-real-install", test_demo_key_refused_after_real_install);
  g_test_add_func ("/ReadingPoint/Sync/demo-key-refused-once-real-channel-configured",
                   test_demo_key_refused_once_real_channel_configured);
  g_test_add_func ("/ReadingPoint/Sync/progress-observable-on-main-thread", test_progress_observable_on_main_thread);
  g_test_add_func ("/ReadingPoint/Sync/published-page-text", test_published_page_text);
  g_test_add_func ("/ReadingPoint/Sync/cli-sync-draws-previews", test_cli_sync_draws_previews);
  g_test_add_func ("/ReadingPoint/Sync/stale-schema-rebuilt", test_stale_schema_rebuilt);

  return g_test_run ();
}
