/* test-publish-check.c — `readingpoint-publish check` names every broken file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-core.h"
#include "rp-test-pdfs.h"
#include "rp-test-util.h"

static char *pdf_dir;

/* Runs readingpoint-publish with @args (the command first). */
static int
run_publish (const char *const *args,
             char             **out,
             char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("RP_PUBLISH"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static int
run_check (const char  *const *extra,
           char              **out,
           char              **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) "check");
  for (guint i = 0; extra[i]; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  return run_publish ((const char *const *) args->pdata, out, err);
}

static char *
pdf (const char *name)
{
  return g_build_filename (pdf_dir, name, NULL);
}

static void
test_good_files (void)
{
  g_autofree char *good = pdf ("good.pdf");
  g_autofree char *dir = rp_test_make_dir ("check-png");
  g_autofree char *png = g_build_filename (dir, "poster.png", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { good, png, NULL };

  rp_test_write_png (png);
  g_assert_cmpint (run_check (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "good.pdf: ok (8 pages)"));
  g_assert_nonnull (strstr (out, "poster.png: ok (1 page)"));
}

/* Every hostile file is named with its reason; the good one passes; the
 * whole run exits 1 and takes seconds, not minutes. */
static void
test_broken_files_named (void)
{
  static const struct { const char *file; const char *says; } cases[] = {
    { "empty.pdf", "empty (0 bytes)" },
    { "truncated.pdf", "damaged" },
    { "corrupted-xref.pdf", "damaged" },
    { "zero-pages.pdf", "no pages" },
    { "huge-mediabox.pdf", "larger than any PDF page" },
    { "recursive-pages.pdf", "no pages" },
    { "encrypted.pdf", "password" },
    { "slow.pdf", "took longer than 1 s" },
  };
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *files;

  g_ptr_array_add (args, g_strdup ("--json"));
  g_ptr_array_add (args, g_strdup ("--time-limit=1"));
  g_ptr_array_add (args, pdf ("good.pdf"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_ptr_array_add (args, pdf (cases[i].file));
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (run_check ((const char *const *) args->pdata, &out, &err), ==, 1);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  files = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 1 + G_N_ELEMENTS (cases));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (files, 0), "ok"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i + 1);
      const char *reason = json_object_get_string_member (file, "reason");
      g_autofree char *line = g_strdup_printf ("%s: broken: ", cases[i].file);

      g_test_message ("%s → %s", cases[i].file, reason);
      g_assert_false (json_object_get_boolean_member (file, "ok"));
      g_assert_nonnull (strstr (reason, cases[i].says));
      /* The one-line reasons on stderr name the file. */
      g_assert_nonnull (strstr (err, line));
    }
}

/* A page that needs more memory than the child may have is reported, and
 * the checking process survives it. */
static void
test_memory_limit (void)
{
  g_autofree char *long_pdf = pdf ("long.pdf");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "--memory-limit=64", "--width=5000", long_pdf, NULL };

  if (!rp_child_can_limit_memory ())
    {
      g_test_skip ("memory limits are not enforced in an AddressSanitizer build");
      return;
    }

  g_assert_cmpint (run_check (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "long.pdf: broken: Page 1 needs more memory"));
}

/* A page that draws in a fraction of a second as a thumbnail but runs for
 * minutes at a terminal's 1920 px is flagged under a terminal's own limits
 * (no --time-limit), naming the page and the size; a good file passes. */
static void
test_slow_when_large_flagged (void)
{
  g_autofree char *good = pdf ("good.pdf");
  g_autofree char *large = pdf ("slow-when-large.pdf");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { good, large, NULL };
  g_autofree char *says = g_strdup_printf ("slow-when-large.pdf: broken: Page 1 drawn 1920 px wide (fit width) "
                                          "took longer than %g s (time limit)",
                                          RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT / 1000.0);

  g_assert_cmpint (run_check (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "good.pdf: ok (8 pages)"));
  g_assert_nonnull (strstr (err, says));
  g_assert_null (strstr (err, "good.pdf"));
}

static void
make_source (const char         *source,
             const char *const  *names)
{
  g_autofree char *files = g_build_filename (source, "files", NULL);
  g_autoptr(GString) catalogue = g_string_new (
    "{\"channel\": \"hang\", \"title\": \"t\", \"categories\": [{\"id\": \"c\", \"name\": \"c\"}],"
    " \"entries\": [{\"id\": \"H-1\", \"title\": \"Slow\", \"organ\": \"o\", \"category\": \"c\", \"files\": [");

  g_assert_cmpint (g_mkdir_with_parents (files, 0755), ==, 0);
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *from = pdf (names[i]);
      g_autofree char *data = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (from, &data, &length, NULL));
      rp_test_write_file (files, names[i], data, length);
      g_string_append_printf (catalogue, "%s{\"path\": \"files/%s\"}", i > 0 ? ", " : "", names[i]);
    }
  g_string_append (catalogue, "]}]}");
  rp_test_write_file (source, "catalogue.json", catalogue->str, -1);
}

/* Issue 18: a catalogue over the old manifest's cap (2,900 entries of about
 * 950 characters of prose, 8.6 MB) was published without a word and refused
 * by every terminal; it now publishes in chunks (test-sync installs it).
 * What terminals still refuse is a chunk over their cap, which one entry
 * alone can make: the publisher refuses it, naming the entry, and writes
 * no manifest. */
static void
test_build_refuses_what_terminals_refuse (void)
{
  g_autofree char *source = rp_test_make_dir ("build-oversize-src");
  g_autofree char *keys = rp_test_make_dir ("build-oversize-keys");
  g_autofree char *origin = rp_test_make_dir ("build-oversize-origin");
  g_autofree char *sk = g_build_filename (keys, "k.sec", NULL);
  g_autofree char *pk = g_build_filename (keys, "k.pub", NULL);
  g_autofree char *latest = g_build_filename (origin, "channels", "big", "latest.json", NULL);
  g_autoptr(GString) catalogue = g_string_new (
    "{\"channel\": \"big\", \"title\": \"t\", \"categories\": [{\"id\": \"c\", \"name\": \"c\"}], \"entries\": [");
  g_autoptr(GString) body = g_string_new (NULL);
  const char *keygen[] = { "keygen", "--secret-key", sk, "--public-key", pk, NULL };
  const char *build[] = { "build", source, origin, "--secret-key", sk, NULL };
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  /* 1.5 million characters, 4.5 MB: within the field's cap, over a chunk's. */
  while (body->len < RP_MANIFEST_MAX_CHUNK_SIZE + 300000)
    g_string_append (body, "本区依法主动公开政府信息，接受社会监督。");
  g_string_append_printf (catalogue, "{\"id\": \"HUGE-1\", \"title\": \"t\", \"organ\": \"o\", "
                          "\"category\": \"c\", \"body\": \"%s\"}, ", body->str);
  g_string_append (catalogue, "{\"id\": \"small-2\", \"title\": \"t\", \"organ\": \"o\", \"category\": \"c\"}]}");
  rp_test_write_file (source, "catalogue.json", catalogue->str, catalogue->len);

  g_assert_cmpint (run_publish (keygen, &out, &err), ==, 0);
  g_assert_cmpint (run_publish (build, &out2, &err2), ==, 1);
  g_test_message ("%s", err2);
  g_assert_nonnull (strstr (err2, "Terminals would refuse this catalogue, so nothing was published"));
  g_assert_nonnull (strstr (err2, "over the 4194304 bytes a terminal accepts per chunk"));
  g_assert_nonnull (strstr (err2, "“HUGE-1”"));
  g_assert_false (g_file_test (latest, G_FILE_TEST_EXISTS));
}

/* `build` runs the same gate on every file of the source before it writes
 * anything: it refuses a source whose PDFs fail, naming each document, its
 * page and why. With --allow-broken it publishes them, saying so. The two
 * broken files fail whatever the machine's speed: one has no pages, the
 * other's page takes minutes at 1920 px against a 2 s limit. */
static void
test_build_refuses_broken (void)
{
  g_autofree char *source = rp_test_make_dir ("build-hanging-src");
  g_autofree char *keys = rp_test_make_dir ("build-hanging-keys");
  g_autofree char *origin = rp_test_make_dir ("build-hanging-origin");
  g_autofree char *sk = g_build_filename (keys, "k.sec", NULL);
  g_autofree char *pk = g_build_filename (keys, "k.pub", NULL);
  g_autofree char *manifest_path = g_build_filename (origin, "channels", "hang", "latest.json", NULL);
  g_autofree char *objects = g_build_filename (origin, "objects", NULL);
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const RpManifestObject *good_text, *slow, *zero;
  const char *names[] = { "zero-pages.pdf", "slow-when-large.pdf", "good.pdf", NULL };
  /* good.pdf's pages take milliseconds each, at every size. */
  const char *keygen[] = { "keygen", "--secret-key", sk, "--public-key", pk, NULL };
  const char *build[] = { "build", source, origin, "--secret-key", sk, "--time-limit=2", NULL };
  const char *build_anyway[] = { "build", source, origin, "--secret-key", sk, "--time-limit=2", "--allow-broken",
                                 NULL };

  make_source (source, names);
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_publish (keygen, &out, &err), ==, 0);
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_publish (build, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "2 files would fail on terminals; nothing was published"));
    g_assert_nonnull (strstr (err, "“files/zero-pages.pdf”"));
    g_assert_nonnull (strstr (err, "no pages"));
    g_assert_nonnull (strstr (err, "“files/slow-when-large.pdf”, page 1: Page 1 drawn 1920 px wide (fit width) "
                                   "took longer than 2 s"));
    g_assert_nonnull (strstr (err, "--allow-broken"));
    g_assert_null (strstr (err, "good.pdf"));
    g_assert_false (g_file_test (manifest_path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (objects, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_publish (build_anyway, &out, &err), ==, 0);
    g_assert_nonnull (strstr (err, "warning: publishing 2 files that fail the check (--allow-broken)"));
    g_assert_nonnull (strstr (err, "“files/slow-when-large.pdf”, page 1:"));
    g_assert_null (strstr (err, "good.pdf"));
  }

  file = g_mapped_file_new (manifest_path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  manifest = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  /* Published, and marked with the reason: terminals show it, never try. */
  slow = rp_manifest_lookup_path (manifest, "files/slow-when-large.pdf");
  g_assert_nonnull (slow);
  g_assert_nonnull (slow->broken);
  g_assert_true (g_str_has_prefix (slow->broken, "page 1: Page 1 drawn 1920 px wide"));
  zero = rp_manifest_lookup_path (manifest, "files/zero-pages.pdf");
  g_assert_nonnull (zero);
  g_assert_nonnull (zero->broken);
  g_assert_nonnull (strstr (zero->broken, "no pages"));
  g_assert_null (rp_manifest_lookup_path (manifest, RP_MANIFEST_PAGES_PREFIX "files/zero-pages.pdf"));
  g_assert_null (rp_manifest_lookup_path (manifest, "files/good.pdf")->broken);
  good_text = rp_manifest_lookup_path (manifest, RP_MANIFEST_PAGES_PREFIX "files/good.pdf");
  g_assert_nonnull (good_text);
  g_assert_cmpuint (good_text->size, >, 0);

  /* A terminal installs it and knows the marks: the attachments carry the
   * reason (the viewer and thumbnails never hand them to poppler, the
   * install indexes no text of theirs); the good file is untouched. */
  {
    g_autofree char *terminal = rp_test_make_dir ("build-hanging-terminal");
    g_autoptr(RpDataDir) data_dir = rp_data_dir_new (terminal);
    g_autoptr(RpKeyring) keyring = rp_keyring_new ();
    g_autoptr(RpSyncEngine) engine = NULL;
    g_autoptr(RpSyncSource) folder = rp_sync_source_new_for_origin (origin);
    g_autoptr(RpCatalogue) catalogue = NULL;
    g_autoptr(RpEntry) entry = NULL;
    GListModel *files;
    RpSyncOutcome outcome;

    g_assert_true (rp_keyring_add_file (keyring, pk, "hang", &error));
    engine = rp_sync_engine_new (data_dir, keyring, "hang");
    g_assert_true (rp_sync_engine_run (engine, folder, &outcome, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (outcome, ==, RP_SYNC_OUTCOME_INSTALLED);
    catalogue = rp_data_dir_open_catalogue (data_dir, &error);
    g_assert_no_error (error);
    entry = rp_catalogue_get_entry (catalogue, "H-1", &error);
    g_assert_no_error (error);
    g_assert_nonnull (entry);
    files = rp_entry_get_attachments (entry);
    g_assert_cmpuint (g_list_model_get_n_items (files), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(RpAttachment) a = g_list_model_get_item (files, i);
        const char *reason = rp_attachment_get_broken_reason (a);

        if (g_str_equal (rp_attachment_get_path (a), "files/good.pdf"))
          g_assert_null (reason);
        else
          g_assert_cmpstr (reason, ==, rp_manifest_lookup_path (manifest, rp_attachment_get_path (a))->broken);
      }
  }
}

static void
test_usage (void)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *none[] = { NULL };

  g_assert_cmpint (run_check (none, &out, &err), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pdf_dir = rp_test_make_pdfs ("check-pdfs");

  g_test_add_func ("/ReadingPoint/Render/check/good-files", test_good_files);
  g_test_add_func ("/ReadingPoint/Render/check/broken-files-named", test_broken_files_named);
  g_test_add_func ("/ReadingPoint/Render/check/memory-limit", test_memory_limit);
  g_test_add_func ("/ReadingPoint/Render/check/usage", test_usage);
  g_test_add_func ("/ReadingPoint/Render/check/slow-when-large", test_slow_when_large_flagged);
  g_test_add_func ("/ReadingPoint/Render/build/refuses-broken", test_build_refuses_broken);
  g_test_add_func ("/ReadingPoint/Publish/build/refuses-what-terminals-refuse", test_build_refuses_what_terminals_refuse);
  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
