/* test-publish-check.c — `readingpoint-publish check` names every broken file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
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
  g_assert_nonnull (strstr (err, "long.pdf: broken: Page 1 drawn 5000 px wide (fit width): Not enough memory to draw it"));
}

/* check's poppler runs in the render helper, under its seccomp filter: a
 * page whose drawing makes a forbidden system call (as an exploited poppler
 * would, RP_RENDER_HELPER_TEST_SYSCALL_PAGE) flags the file, naming the
 * page and the size. */
static void
test_sandboxed (void)
{
  g_autofree char *good = pdf ("good.pdf");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { good, NULL };

  g_setenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE", "3", TRUE);
  g_assert_cmpint (run_check (args, &out, &err), ==, 1);
  g_unsetenv ("RP_RENDER_HELPER_TEST_SYSCALL_PAGE");
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "good.pdf: broken: Page 3 drawn 1920 px wide (fit width): "));
  g_assert_nonnull (strstr (err, "forbidden system call"));
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
 * by every terminal; it now publishes in chunks (test-catalogue-scale
 * installs it).
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

/* --- JSON Lines sources and chunks (issue 18) ----------------------------- */

/* Entry @i as a JSON object; @variant changes member order and spacing,
 * not content; @revision changes the body. */
static char *
entry_json (guint    i,
            gboolean variant,
            guint    revision)
{
  g_autoptr(GString) prose = g_string_new (NULL);
  g_autofree char *body = NULL;

  /* About 950 characters, as the catalogue. */
  while (prose->len < 950 * 3)
    g_string_append (prose, "本区依法主动公开政府信息，接受社会监督。");
  body = g_strdup_printf ("第%u号通知正文，修订%u。%s", i, revision, prose->str);

  if (variant)
    return g_strdup_printf ("{ \"body\": \"%s\",\"category\":\"c\", \"organ\": \"  o \", \"title\": \"第%u号\", "
                            "\"keywords\": [], \"id\": \"J-%05u\", \"date\": \"2020-01-%02u\"}",
                            body, i, i, i % 28 + 1);
  return g_strdup_printf ("{\"id\": \"J-%05u\", \"title\": \"第%u号\", \"organ\": \"o\", \"category\": \"c\", "
                          "\"date\": \"2020-01-%02u\", \"body\": \"%s\"}",
                          i, i, i % 28 + 1, body);
}

#define HEADER "\"channel\": \"lines\", \"title\": \"t\", \"categories\": [{\"id\": \"c\", \"name\": \"c\"}]"

/* A source of @n entries: catalogue.json whole, or a header and
 * catalogue.jsonl. @skip (if not G_MAXUINT) is left out; @changed gets
 * revision 2. */
static char *
lines_source (const char *name,
              guint       n,
              gboolean    jsonl,
              guint       skip,
              guint       changed)
{
  char *dir = rp_test_make_dir (name);
  g_autoptr(GString) text = g_string_new (NULL);

  if (!jsonl)
    g_string_append (text, "{" HEADER ", \"entries\": [");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *entry = NULL;

      if (i == skip)
        continue;
      entry = entry_json (i, jsonl, i == changed ? 2 : 1);
      if (jsonl)
        g_string_append_printf (text, "%s\n%s", entry, i % 100 == 0 ? "\n" : "");
      else
        g_string_append_printf (text, "%s%s", text->str[text->len - 1] == '[' ? "" : ", ", entry);
    }
  if (jsonl)
    {
      rp_test_write_file (dir, "catalogue.jsonl", text->str, text->len);
      rp_test_write_file (dir, "catalogue.json", "{" HEADER "}", -1);
    }
  else
    {
      g_string_append (text, "]}");
      rp_test_write_file (dir, "catalogue.json", text->str, text->len);
    }
  return dir;
}

static void
make_keys (const char *name,
           char      **out_sk)
{
  g_autofree char *keys = rp_test_make_dir (name);
  g_autofree char *pk = g_build_filename (keys, "k.pub", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *keygen[] = { "keygen", "--secret-key", NULL, "--public-key", pk, NULL };

  *out_sk = g_build_filename (keys, "k.sec", NULL);
  keygen[2] = *out_sk;
  g_assert_cmpint (run_publish (keygen, &out, &err), ==, 0);
}

static int
build (const char *source,
       const char *origin,
       const char *sk,
       char      **err)
{
  g_autofree char *out = NULL;
  const char *args[] = { "build", source, origin, "--secret-key", sk, NULL };

  return run_publish (args, &out, err);
}

/* The same catalogue as catalogue.json and as JSON Lines, written with
 * other member orders and spacing, publishes the same header and chunks:
 * what is published is the entries' validated fields, not their text. */
static void
test_jsonl_publishes_same_chunks (void)
{
  g_autofree char *sk = NULL;
  g_autofree char *json = lines_source ("same-json", 1500, FALSE, G_MAXUINT, G_MAXUINT);
  g_autofree char *jsonl = lines_source ("same-jsonl", 1500, TRUE, G_MAXUINT, G_MAXUINT);
  g_autofree char *o1 = rp_test_make_dir ("same-origin-json");
  g_autofree char *o2 = rp_test_make_dir ("same-origin-jsonl");
  g_autofree char *err1 = NULL, *err2 = NULL;
  g_autoptr(RpManifest) m1 = NULL, m2 = NULL;

  make_keys ("same-keys", &sk);
  g_assert_cmpint (build (json, o1, sk, &err1), ==, 0);
  g_assert_cmpint (build (jsonl, o2, sk, &err2), ==, 0);
  m1 = rp_test_origin_manifest (o1, "lines", 0);
  m2 = rp_test_origin_manifest (o2, "lines", 0);
  g_assert_cmpuint (rp_manifest_get_n_entries (m2), ==, 1500);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m2), >, 2);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m1), ==, rp_manifest_get_n_catalogue_parts (m2));
  for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (m1); i++)
    {
      g_assert_cmpstr (rp_manifest_get_catalogue_part (m1, i)->sha256, ==,
                       rp_manifest_get_catalogue_part (m2, i)->sha256);
      g_assert_cmpstr (rp_manifest_get_catalogue_part (m1, i)->first, ==,
                       rp_manifest_get_catalogue_part (m2, i)->first);
    }
}

/* A bad line is named by its number; entries in both files are refused. */
static void
test_jsonl_errors_name_the_line (void)
{
  g_autofree char *sk = NULL;
  g_autofree char *bad = rp_test_make_dir ("bad-jsonl");
  g_autofree char *both = lines_source ("both-jsonl", 3, FALSE, G_MAXUINT, G_MAXUINT);
  g_autofree char *origin = rp_test_make_dir ("bad-jsonl-origin");
  g_autofree char *e1 = entry_json (1, FALSE, 1);
  g_autofree char *e2 = entry_json (2, FALSE, 1);
  g_autofree char *text = g_strdup_printf ("%s\n\n%s\n{\"id\": \"x\", \"title\": \"t\", \"organ\": \"o\", "
                                           "\"category\": \"nowhere\"}\n", e1, e2);
  g_autofree char *err = NULL, *err2 = NULL, *err3 = NULL;
  g_autofree char *latest = g_build_filename (origin, "channels", "lines", "latest.json", NULL);

  make_keys ("bad-jsonl-keys", &sk);
  rp_test_write_file (bad, "catalogue.json", "{" HEADER "}", -1);
  rp_test_write_file (bad, "catalogue.jsonl", text, -1);
  g_assert_cmpint (build (bad, origin, sk, &err), ==, 1);
  g_assert_nonnull (strstr (err, "unknown category “nowhere”"));
  rp_test_write_file (bad, "catalogue.jsonl", "{\"id\": \"x\",\n", -1);
  g_assert_cmpint (build (bad, origin, sk, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "catalogue.jsonl line 1"));
  rp_test_write_file (both, "catalogue.jsonl", e1, -1);
  g_assert_cmpint (build (both, origin, sk, &err3), ==, 1);
  g_assert_nonnull (strstr (err3, "the entries belong in one of them only"));
  g_assert_false (g_file_test (latest, G_FILE_TEST_EXISTS));
}

static guint
count_objects (const char *origin)
{
  g_autofree char *objects = g_build_filename (origin, "objects", NULL);
  g_autoptr(GDir) dir = g_dir_open (objects, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (objects, name, NULL);
      if (g_file_test (sub, G_FILE_TEST_IS_DIR) && name[0] != '.')
        n += rp_test_count_files (sub);
    }
  return n;
}

/* How many chunks of @m2 are objects @m1 does not have. */
static guint
count_new_chunks (RpManifest *m1,
                  RpManifest *m2)
{
  g_autoptr(GHashTable) old = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_new = 0;

  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m1); i++)
    g_hash_table_add (old, rp_manifest_get_catalogue_part (m1, i)->sha256);
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m2); i++)
    if (!g_hash_table_contains (old, rp_manifest_get_catalogue_part (m2, i)->sha256))
      n_new++;
  return n_new;
}

/* The chunks of @m, as "first:entries" words. */
static char *
describe_chunks (RpManifest *m)
{
  GString *s = g_string_new (NULL);

  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m); i++)
    g_string_append_printf (s, "%s%s:%u", i > 1 ? " " : "", rp_manifest_get_catalogue_part (m, i)->first,
                            rp_manifest_get_catalogue_part (m, i)->n_entries);
  return g_string_free (s, FALSE);
}

/* A version that deletes one entry and changes another writes only the
 * chunks whose id ranges hold those two; every other chunk is the
 * published object, and the ranges stay. */
static void
test_republish_writes_changed_chunks_only (void)
{
  g_autofree char *sk = NULL;
  g_autofree char *v1 = lines_source ("reuse-v1", 3000, TRUE, G_MAXUINT, G_MAXUINT);
  g_autofree char *v2 = lines_source ("reuse-v2", 3000, TRUE, 17, 2345);
  g_autofree char *origin = rp_test_make_dir ("reuse-origin");
  g_autofree char *err1 = NULL, *err2 = NULL;
  g_autofree char *ranges1 = NULL, *ranges2 = NULL;
  g_autoptr(RpManifest) m1 = NULL, m2 = NULL;
  guint before, n_new, c17, c2345;

  make_keys ("reuse-keys", &sk);
  g_assert_cmpint (build (v1, origin, sk, &err1), ==, 0);
  before = count_objects (origin);
  g_assert_cmpint (build (v2, origin, sk, &err2), ==, 0);
  m1 = rp_test_origin_manifest (origin, "lines", 1);
  m2 = rp_test_origin_manifest (origin, "lines", 0);
  g_assert_cmpint (rp_manifest_get_version (m2), ==, 2);
  g_assert_cmpuint (rp_manifest_get_format (m2), ==, RP_MANIFEST_FORMAT);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m2), >=, 5);
  g_assert_cmpuint (rp_manifest_get_n_entries (m2), ==, 2999);
  /* The same ranges: the first ids of the chunks did not move. */
  ranges1 = describe_chunks (m1);
  ranges2 = describe_chunks (m2);
  g_test_message ("v1 chunks: %s", ranges1);
  g_test_message ("v2 chunks: %s", ranges2);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m2), ==, rp_manifest_get_n_catalogue_parts (m1));
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m1); i++)
    g_assert_cmpstr (rp_manifest_get_catalogue_part (m2, i)->first, ==, rp_manifest_get_catalogue_part (m1, i)->first);
  n_new = count_new_chunks (m1, m2);
  c17 = rp_manifest_find_chunk (m1, "J-00017");
  c2345 = rp_manifest_find_chunk (m1, "J-02345");
  g_test_message ("%u chunks; %u new; objects %u → %u", rp_manifest_get_n_catalogue_parts (m2) - 1, n_new, before,
                  count_objects (origin));
  g_assert_cmpuint (n_new, ==, c17 == c2345 ? 1 : 2);
  g_assert_cmpuint (count_objects (origin), ==, before + n_new);
}

/* Entry @id as a catalogue.jsonl line; @revision changes the body. */
static char *
entry_line_for (const char *id,
                guint       i,
                guint       revision)
{
  g_autofree char *json = entry_json (i, FALSE, revision);
  g_autofree char *plain = g_strdup_printf ("\"id\": \"J-%05u\"", i);
  g_autofree char *named = g_strdup_printf ("\"id\": \"%s\"", id);
  GString *line = g_string_new (json);

  g_assert_cmpuint (g_string_replace (line, plain, named, 1), ==, 1);
  return g_string_free (line, FALSE);
}

typedef enum
{
  KEEP,
  SKIP,
  CHANGE
} Fate;

/* A JSON Lines source of entries J-00000 … J-(@n-1), each as @fate says
 * (NULL: all kept), then @extra lines as they are. */
static char *
fated_source (const char *name,
              guint       n,
              Fate      (*fate) (guint i),
              GPtrArray  *extra)
{
  char *dir = rp_test_make_dir (name);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      Fate f = fate ? fate (i) : KEEP;
      g_autofree char *entry = NULL;

      if (f == SKIP)
        continue;
      entry = entry_json (i, FALSE, f == CHANGE ? 2 : 1);
      g_string_append_printf (text, "%s\n", entry);
    }
  for (guint i = 0; extra != NULL && i < extra->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (extra, i));
  rp_test_write_file (dir, "catalogue.jsonl", text->str, text->len);
  rp_test_write_file (dir, "catalogue.json", "{" HEADER "}", -1);
  return dir;
}

#define UPDATE_N 7000

/* The 1 % update as a district makes it: new documents (new ids,
 * after every other) and changes and deletions among the recent ones
 * (the last 300). */
static Fate
recent_fate (guint i)
{
  if (i < UPDATE_N - 300)
    return KEEP;
  return i % 15 == 0 ? CHANGE : i % 15 == 7 ? SKIP : KEEP;
}

/* All but 5 of the entries of one chunk's range deleted (set by the
 * test): that chunk shrinks below a quarter of the target. */
static guint hollow_from, hollow_to;

static Fate
hollow_fate (guint i)
{
  return i >= hollow_from + 5 && i < hollow_to ? SKIP : recent_fate (i);
}

/* Issue 18, through `readingpoint-publish build`: a 1 % update (20 new
 * entries, 20 changed, 20 deleted, all recent) of 7,000 entries (about 20
 * chunks of 1 MiB) changes at most a tenth of the chunks; publishing the
 * same again changes none; 500 entries inserted in the middle of one range
 * split that chunk alone; a range that loses all but 5 of its entries is
 * merged into the chunk before it, and the other chunks stay the same
 * objects. */
static void
test_small_update_changes_few_chunks (void)
{
  g_autofree char *sk = NULL;
  g_autofree char *origin = rp_test_make_dir ("few-origin");
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) inserted = NULL;
  g_autofree char *v1 = fated_source ("few-v1", UPDATE_N, NULL, NULL);
  g_autofree char *v2 = NULL, *v4 = NULL, *v5 = NULL;
  g_autofree char *err = NULL;
  g_autoptr(RpManifest) m1 = NULL, m2 = NULL, m3 = NULL, m4 = NULL, m5 = NULL;
  g_autofree char *described = NULL;
  guint n_chunks, n_new, split_at;

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (added, entry_json (UPDATE_N + i, FALSE, 1));
  v2 = fated_source ("few-v2", UPDATE_N, recent_fate, added);
  make_keys ("few-keys", &sk);

  g_assert_cmpint (build (v1, origin, sk, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (build (v2, origin, sk, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  m1 = rp_test_origin_manifest (origin, "lines", 1);
  m2 = rp_test_origin_manifest (origin, "lines", 2);
  n_chunks = rp_manifest_get_n_catalogue_parts (m1) - 1;
  n_new = count_new_chunks (m1, m2);
  described = describe_chunks (m2);
  g_test_message ("1 %% update: %u of %u chunks new (%s)", n_new, n_chunks, described);
  g_assert_cmpuint (n_chunks, >=, 18);
  g_assert_cmpuint (rp_manifest_get_n_entries (m2), ==, UPDATE_N);
  g_assert_cmpuint (n_new, >=, 1);
  g_assert_cmpuint (n_new, <=, n_chunks / 10);

  /* The same entries again: the same chunks, the same ranges. */
  g_assert_cmpint (build (v2, origin, sk, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  m3 = rp_test_origin_manifest (origin, "lines", 3);
  g_assert_cmpuint (count_new_chunks (m2, m3), ==, 0);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m3), ==, rp_manifest_get_n_catalogue_parts (m2));

  /* 500 entries (about 1.5 MB) after J-03000: its chunk outgrows twice the
   * target and is split in pieces within it; no other chunk changes. */
  inserted = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < added->len; i++)
    g_ptr_array_add (inserted, g_strdup (g_ptr_array_index (added, i)));
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("J-03000-%03u", i);
      g_ptr_array_add (inserted, entry_line_for (id, 50000 + i, 1));
    }
  v4 = fated_source ("few-v4", UPDATE_N, recent_fate, inserted);
  g_assert_cmpint (build (v4, origin, sk, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  m4 = rp_test_origin_manifest (origin, "lines", 4);
  split_at = rp_manifest_find_chunk (m3, "J-03000-000");
  g_clear_pointer (&described, g_free);
  described = describe_chunks (m4);
  g_test_message ("500 inserted: %u chunks → %u, %u new (%s)", n_chunks, rp_manifest_get_n_catalogue_parts (m4) - 1,
                  count_new_chunks (m3, m4), described);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m4), >, rp_manifest_get_n_catalogue_parts (m3));
  g_assert_cmpuint (count_new_chunks (m3, m4), ==,
                    rp_manifest_get_n_catalogue_parts (m4) - rp_manifest_get_n_catalogue_parts (m3) + 1);
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m4); i++)
    g_assert_cmpuint (rp_manifest_get_catalogue_part (m4, i)->size, <=, 2 * RP_MANIFEST_CHUNK_TARGET_SIZE);
  /* The split chunk's pieces start where it did and cover the inserted ids. */
  g_assert_cmpstr (rp_manifest_get_catalogue_part (m4, split_at)->first, ==,
                   rp_manifest_get_catalogue_part (m3, split_at)->first);

  /* The range holding J-01000 loses all but 5 entries: merged. */
  {
    guint index = rp_manifest_find_chunk (m4, "J-01000");

    g_assert_cmpuint (index, >, 1);
    g_assert_cmpint (sscanf (rp_manifest_get_catalogue_part (m4, index)->first, "J-%05u", &hollow_from), ==, 1);
    g_assert_cmpint (sscanf (rp_manifest_get_catalogue_part (m4, index + 1)->first, "J-%05u", &hollow_to), ==, 1);
  }
  v5 = fated_source ("few-v5", UPDATE_N, hollow_fate, inserted);
  g_assert_cmpint (build (v5, origin, sk, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  m5 = rp_test_origin_manifest (origin, "lines", 5);
  g_clear_pointer (&described, g_free);
  described = describe_chunks (m5);
  g_test_message ("J-%05u … J-%05u hollowed: %u chunks → %u, %u new (%s)", hollow_from, hollow_to - 1,
                  rp_manifest_get_n_catalogue_parts (m4) - 1, rp_manifest_get_n_catalogue_parts (m5) - 1,
                  count_new_chunks (m4, m5), described);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m5), ==, rp_manifest_get_n_catalogue_parts (m4) - 1);
  g_assert_cmpuint (count_new_chunks (m4, m5), ==, 1);
  g_assert_cmpuint (rp_manifest_get_n_entries (m5), ==, rp_manifest_get_n_entries (m4) - (hollow_to - hollow_from - 5));
}

/* An origin whose latest version is of format 2 (hash groups, no longer
 * read): the next version is numbered above it and published in format 3. */
static void
test_publishes_over_format_2 (void)
{
  g_autofree char *sk = NULL;
  g_autofree char *source = lines_source ("over2-src", 10, TRUE, G_MAXUINT, G_MAXUINT);
  g_autofree char *origin = rp_test_make_dir ("over2-origin");
  g_autofree char *channel_dir = g_build_filename (origin, "channels", "lines", NULL);
  g_autofree char *latest = g_build_filename (channel_dir, "latest.json", NULL);
  g_autofree char *err = NULL;
  static const char format_2[] =
    "{\"format\": 2, \"channel\": \"lines\", \"version\": 7,"
    " \"issued\": \"2026-04-01T08:00:00Z\", \"expires\": \"2036-05-01T08:00:00Z\","
    " \"catalogue\": {\"header\": {\"sha256\": \"" "0000000000000000000000000000000000000000000000000000000000000000"
    "\", \"size\": 300}, \"groups\": 1, \"chunks\": []}, \"objects\": []}";
  g_autoptr(RpManifest) manifest = NULL;

  make_keys ("over2-keys", &sk);
  g_assert_cmpint (g_mkdir_with_parents (channel_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (latest, format_2, -1, NULL));
  g_assert_cmpint (build (source, origin, sk, &err), ==, 0);
  manifest = rp_test_origin_manifest (origin, "lines", 0);
  g_assert_cmpint (rp_manifest_get_version (manifest), ==, 8);
  g_assert_cmpuint (rp_manifest_get_format (manifest), ==, RP_MANIFEST_FORMAT);
  g_assert_cmpuint (rp_manifest_get_n_entries (manifest), ==, 10);
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
  g_test_add_func ("/ReadingPoint/Render/check/sandboxed", test_sandboxed);
  g_test_add_func ("/ReadingPoint/Render/check/slow-when-large", test_slow_when_large_flagged);
  g_test_add_func ("/ReadingPoint/Render/build/refuses-broken", test_build_refuses_broken);
  g_test_add_func ("/ReadingPoint/Publish/build/refuses-what-terminals-refuse", test_build_refuses_what_terminals_refuse);
  g_test_add_func ("/ReadingPoint/Publish/build/jsonl-publishes-same-chunks", test_jsonl_publishes_same_chunks);
  g_test_add_func ("/ReadingPoint/Publish/build/jsonl-errors-name-the-line", test_jsonl_errors_name_the_line);
  g_test_add_func ("/ReadingPoint/Publish/build/republish-writes-changed-chunks-only",
                   test_republish_writes_changed_chunks_only);
  g_test_add_func ("/ReadingPoint/Publish/build/small-update-changes-few-chunks",
                   test_small_update_changes_few_chunks);
  g_test_add_func ("/ReadingPoint/Publish/build/publishes-over-format-2", test_publishes_over_format_2);
  status = g_test_run ();
  g_free (pdf_dir);
  return status;
}
