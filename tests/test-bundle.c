/* test-bundle.c — manifests, minisign signatures (with the real minisign),
 * readingpoint-publish and the sync commands of readingpoint-admin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

static char *keys, *sk, *pk;

static char *
published_origin (const char *name)
{
  g_autofree char *source_name = g_strconcat (name, "-src", NULL);
  g_autofree char *source = rp_test_make_source (source_name);
  char *origin = rp_test_make_dir (name);

  rp_test_publish (source, origin, sk, 1, 30);
  return origin;
}

static void
test_our_signature_verifies_with_minisign (void)
{
  g_autofree char *origin = published_origin ("interop-ours");
  g_autofree char *latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (rp_test_run (&out, NULL, "minisign", "-V", "-m", latest, "-p", pk, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "channel:test"));
  g_assert_nonnull (strstr (out, "version:1"));
}

static void
test_minisign_signature_accepted (void)
{
  g_autofree char *origin = published_origin ("interop-theirs");
  g_autofree char *latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autofree char *msk = g_build_filename (keys, "minisign.sec", NULL);
  g_autofree char *mpk = g_build_filename (keys, "minisign.pub", NULL);
  g_autofree char *path = rp_test_make_dir ("interop-terminal");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpKeyring) keyring = rp_keyring_new ();
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncSource) source = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(RpMinisignKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *bundle_id = NULL;

  /* A key made by minisign (unencrypted, -W) re-signs the manifest. */
  g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-G", "-W", "-p", mpk, "-s", msk, NULL), ==, 0);
  g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-S", "-s", msk, "-m", latest, "-t",
                                "channel:test\tversion:1", NULL), ==, 0);
  g_assert_true (rp_keyring_add_file (keyring, mpk, "test", &error));
  engine = rp_sync_engine_new (data_dir, keyring, "test");
  source = rp_sync_source_new_for_origin (origin);
  g_assert_true (rp_sync_engine_run (engine, source, NULL, NULL, &error));
  g_assert_no_error (error);
  bundle = rp_data_dir_open_current (data_dir, &error);
  g_assert_no_error (error);
  key = rp_minisign_key_load (mpk, &error);
  id = rp_minisign_key_get_id (key);
  bundle_id = rp_bundle_get_key_id (bundle);
  g_assert_cmpstr (id, ==, bundle_id);
}

static void
test_publish_with_minisign_secret_key (void)
{
  g_autofree char *msk = g_build_filename (keys, "minisign2.sec", NULL);
  g_autofree char *mpk = g_build_filename (keys, "minisign2.pub", NULL);
  g_autofree char *source = rp_test_make_source ("mkey-src");
  g_autofree char *origin = rp_test_make_dir ("mkey-origin");
  g_autofree char *latest = NULL;

  g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-G", "-W", "-p", mpk, "-s", msk, NULL), ==, 0);
  rp_test_publish (source, origin, msk, 1, 30);
  latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_assert_cmpint (rp_test_run (NULL, NULL, "minisign", "-V", "-m", latest, "-p", mpk, NULL), ==, 0);
}

static RpMinisignSignature *
sign_text (const char *text,
           const char *comment)
{
  g_autoptr(RpMinisignSecretKey) key = NULL;
  g_autofree char *sig = NULL;
  g_autoptr(GError) error = NULL;
  RpMinisignSignature *parsed;

  key = rp_minisign_secret_key_load (sk, &error);
  g_assert_no_error (error);
  sig = rp_minisign_sign (key, (const guint8 *) text, strlen (text), comment);
  parsed = rp_minisign_signature_parse (sig, strlen (sig), &error);
  g_assert_no_error (error);
  return parsed;
}

static void
test_tampered_trusted_comment_refused (void)
{
  g_autoptr(RpMinisignSecretKey) key = NULL;
  g_autoptr(RpMinisignKey) pub = NULL;
  g_autoptr(RpMinisignSignature) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sig = NULL;
  GString *s;

  key = rp_minisign_secret_key_load (sk, &error);
  pub = rp_minisign_key_load (pk, &error);
  g_assert_no_error (error);
  sig = rp_minisign_sign (key, (const guint8 *) "{}", 2, "channel:test\tversion:1");
  s = g_string_new (sig);
  g_string_replace (s, "version:1", "version:9", 1);
  parsed = rp_minisign_signature_parse (s->str, s->len, &error);
  g_string_free (s, TRUE);
  g_assert_no_error (error);
  g_assert_false (rp_minisign_verify (pub, parsed, (const guint8 *) "{}", 2, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
}

static void
test_signature_parser_refuses_garbage (void)
{
  const char *bad[] = {
    "",
    "untrusted comment: x\n",
    "untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n",
    "<html>login</html>",
    "untrusted comment: x\nRUQ!!!!\ntrusted comment: y\nzzzz\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RpMinisignSignature) sig = rp_minisign_signature_parse (bad[i], strlen (bad[i]), &error);
      g_assert_null (sig);
      g_assert_error (error, RP_ERROR, RP_ERROR_BAD_SIGNATURE);
    }
  {
    g_autoptr(RpMinisignSignature) good = sign_text ("x", "channel:a\tversion:3");
    g_autofree char *version = rp_minisign_signature_get_field (good, "version");
    g_assert_cmpstr (version, ==, "3");
  }
}

static void
test_manifest_paths (void)
{
  const char *safe[] = { "files/a.pdf", "a", "files/中文 名.pdf" };
  const char *unsafe[] = { "", "/etc/passwd", "../x", "files/../../x", "files//a", "./a", "a/.", "a\\b",
                           "C:/x", "a\nb" };

  for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
    g_assert_true (rp_manifest_path_is_safe (safe[i]));
  for (guint i = 0; i < G_N_ELEMENTS (unsafe); i++)
    g_assert_false (rp_manifest_path_is_safe (unsafe[i]));
}

static void
test_manifest_round_trip_and_caps (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  const char *sha = "0000000000000000000000000000000000000000000000000000000000000000";
  g_autoptr(RpManifest) manifest = rp_manifest_new ("test", 7, now, later, sha, 10);
  g_autoptr(RpManifest) parsed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GError) error = NULL;

  rp_manifest_add_object (manifest, sha, 5, "files/a.pdf", "application/pdf");
  bytes = rp_manifest_to_bytes (manifest);
  parsed = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rp_manifest_get_version (parsed), ==, 7);
  g_assert_cmpuint (rp_manifest_get_n_objects (parsed), ==, 1);
  g_assert_cmpuint (rp_manifest_lookup_path (parsed, "files/a.pdf")->size, ==, 5);

  bad = g_bytes_new_static ("{\"format\": 1, \"channel\": \"test\", \"version\": 1.5}", 48);
  g_assert_null (rp_manifest_parse (bad, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST);
}

static void
test_publish_verify (void)
{
  g_autofree char *origin = published_origin ("pubverify");
  g_autofree char *other_sk = NULL, *other_pk = NULL;
  g_autoptr(RpManifest) manifest = NULL;
  g_autofree char *latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *publish = g_getenv ("RP_PUBLISH");

  g_assert_cmpint (rp_test_run (NULL, NULL, publish, "verify", origin, "--public-key", pk, NULL), ==, 0);
  rp_test_keygen (keys, "pubverify-other", &other_sk, &other_pk);
  g_assert_cmpint (rp_test_run (NULL, NULL, publish, "verify", origin, "--public-key", other_pk, NULL), ==, 1);

  /* A damaged object is found. */
  g_assert_true (g_file_get_contents (latest, &text, &length, NULL));
  {
    g_autoptr(GBytes) bytes = g_bytes_new (text, length);
    g_autoptr(GError) error = NULL;
    const RpManifestObject *o;
    g_autofree char *relative = NULL;
    g_autofree char *file = NULL;

    manifest = rp_manifest_parse (bytes, &error);
    g_assert_no_error (error);
    o = rp_manifest_get_object (manifest, 0);
    relative = rp_sync_object_path (o->sha256);
    file = g_build_filename (origin, relative, NULL);
    g_assert_true (g_file_set_contents (file, "damaged", -1, NULL));
  }
  g_assert_cmpint (rp_test_run (NULL, NULL, publish, "verify", origin, "--public-key", pk, NULL), ==, 1);
  g_assert_cmpint (rp_test_run (NULL, NULL, publish, "build", NULL), ==, 2);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_admin_installs_demo_and_reports_it (void)
{
  const char *admin = g_getenv ("RP_ADMIN");
  g_autofree char *path = rp_test_make_dir ("admin-demo");
  g_autofree char *out = NULL;
  g_autofree char *status_out = NULL;
  g_autofree char *verify_out = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(RpMinisignKey) demo_key = NULL;
  g_autofree char *demo_id = NULL;

  /* No origin configured: the built-in demo origin, through the signed path. */
  g_assert_cmpint (rp_test_run (&out, NULL, admin, "--data-dir", path, "sync", "--json", NULL), ==, 0);
  g_assert_cmpint (rp_test_run (&status_out, NULL, admin, "--data-dir", path, "status", "--json", NULL), ==, 0);
  g_test_message ("%s", status_out);
  status = parse_object (status_out);
  demo_key = rp_minisign_key_load (rp_demo_get_public_key (), NULL);
  demo_id = rp_minisign_key_get_id (demo_key);
  g_assert_cmpstr (json_object_get_string_member (status, "channel"), ==, "demo");
  g_assert_cmpint (json_object_get_int_member (status, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (status, "key_id"), ==, demo_id);
  g_assert_true (json_object_get_boolean_member (status, "signed"));

  /* The demo's PDF pages are searchable through the signed path: the demo
   * origin is published at build time into a relative folder, where the
   * publisher once lost every page's text without a word. */
  {
    g_autofree char *search_out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *results;

    g_assert_cmpint (rp_test_run (&search_out, NULL, admin, "--data-dir", path, "search", "指导思想", "--json",
                                  NULL), ==, 0);
    json_parser_load_from_data (parser, search_out, -1, &error);
    g_assert_no_error (error);
    results = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (results), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "id"), ==,
                     "QX-2026-00011");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0), "page"), ==, 3);
  }

  g_assert_cmpint (rp_test_run (&verify_out, NULL, admin, "--data-dir", path, "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (verify_out, "signature good"));
  /* Nothing older is kept: rollback is refused, with a reason. */
  g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", path, "rollback", NULL), ==, 1);
  g_assert_cmpint (rp_test_run (NULL, NULL, admin, "--data-dir", path, "sync", "--bogus", NULL), ==, 2);
}

static void
test_admin_verify_detects_damage (void)
{
  const char *admin = g_getenv ("RP_ADMIN");
  g_autofree char *path = rp_test_make_dir ("admin-damage");
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *object = NULL;
  g_autofree char *json_out = NULL;
  g_autoptr(JsonObject) result = NULL;

  g_assert_true (rp_demo_install_if_empty (data_dir, &error));
  bundle = rp_data_dir_open_current (data_dir, &error);
  g_assert_no_error (error);
  object = rp_object_store_get_path (rp_data_dir_get_object_store (data_dir),
                                     rp_manifest_get_object (rp_bundle_get_manifest (bundle), 0)->sha256);
  g_assert_cmpint (g_chmod (object, 0644), ==, 0);
  g_assert_true (g_file_set_contents (object, "bit rot", -1, NULL));
  g_assert_cmpint (rp_test_run (&json_out, NULL, admin, "--data-dir", path, "verify", "--json", NULL), ==, 1);
  result = parse_object (json_out);
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "damaged"));
}

static void
test_audit_chain_detects_edit (void)
{
  g_autofree char *dir = rp_test_make_dir ("audit");
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  {
    g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 3; i++)
      g_assert_true (rp_state_db_audit (state, "admin", "rollback", "x", &error));
    g_assert_true (rp_state_db_check_audit_chain (state, &n, &error));
    g_assert_cmpuint (n, ==, 3);
  }
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET detail = 'y' WHERE id = 2", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);
    g_assert_false (rp_state_db_check_audit_chain (state, &n, &error));
    g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  keys = rp_test_make_dir ("keys");
  rp_test_keygen (keys, "district", &sk, &pk);

  g_test_add_func ("/ReadingPoint/Bundle/our-signature-verifies-with-minisign", test_our_signature_verifies_with_minisign);
  g_test_add_func ("/ReadingPoint/Bundle/minisign-signed-manifest-accepted", test_minisign_signature_accepted);
  g_test_add_func ("/ReadingPoint/Bundle/publish-with-minisign-secret-key", test_publish_with_minisign_secret_key);
  g_test_add_func ("/ReadingPoint/Bundle/tampered-trusted-comment-refused", test_tampered_trusted_comment_refused);
  g_test_add_func ("/ReadingPoint/Bundle/signature-parser-refuses-garbage", test_signature_parser_refuses_garbage);
  g_test_add_func ("/ReadingPoint/Bundle/manifest-paths", test_manifest_paths);
  g_test_add_func ("/ReadingPoint/Bundle/manifest-round-trip-and-types", test_manifest_round_trip_and_caps);
  g_test_add_func ("/ReadingPoint/Bundle/publish-verify", test_publish_verify);
  g_test_add_func ("/ReadingPoint/Bundle/admin-installs-demo-and-reports-it", test_admin_installs_demo_and_reports_it);
  g_test_add_func ("/ReadingPoint/Bundle/admin-verify-detects-damage", test_admin_verify_detects_damage);
  g_test_add_func ("/ReadingPoint/Bundle/audit-chain-detects-edit", test_audit_chain_detects_edit);

  return g_test_run ();
}
