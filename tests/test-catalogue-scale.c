/* test-catalogue-scale.c — issue 18 through the real commands: a 20,000-entry
 * catalogue published as JSON Lines (readingpoint-publish build), synced over
 * HTTP from nginx (readingpoint-admin sync) and searched (readingpoint-admin
 * search); a second version installed incrementally, rolled back, and
 * SIGKILLed in the middle of its install.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-origin.h"
#include "rp-test-util.h"

/* 20,000 entries and 12 kills; under the sanitizers (RP_SCALE_QUICK,
 * set by tests/meson.build) 5,000 and 4, to stay within the suite's time. */
static guint n_entries = 20000;
static guint n_kills = 12;
#define STRIDE (n_entries / 4)

static char *root;
static char *sk, *pk;

/* Prose from a pool, so that the index is not trivial. */
/* The entries: most plain; a few hidden ones carry a word nothing else
 * has (ASCII and a pair of rare characters). */
static gboolean
is_hidden (guint i)
{
  return i % STRIDE == 123;
}

static char *
entry_line (guint       i,
            gboolean    hidden,
            const char *extra)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *id = g_strdup_printf ("ZW-%05u", i);
  g_autofree char *title = g_strdup_printf ("关于第%u号事项的通知", i);
  /* The added entry is a new publication: the newest. */
  g_autofree char *date = i == n_entries ? g_strdup ("2030-01-01")
                                         : g_strdup_printf ("20%02u-%02u-%02u", 10 + i % 15, 1 + i % 12, 1 + i % 28);
  guint32 x = i * 2654435761u;

  for (guint k = 0; k < 12; k++)
    g_string_append (body, rp_test_prose_sentence (&x));
  if (hidden)
    g_string_append_printf (body, "隐藏条目 xylofon%u 龘靐%u。", i, i);
  if (extra != NULL)
    g_string_append (body, extra);
  return rp_test_entry_line (id, title, i % 2 ? "区政府办公室" : "区财政局", date, i % 3 ? "c1" : "c2", body->str);
}

/* Version 1: entries 0 … n_entries-1, hidden ones at 123 + k·STRIDE.
 * Version 2: the second hidden entry deleted, the first changed (its old
 * words gone, a new word in), one added. */
#define CHANGED 123
#define DELETED (STRIDE + 123)
#define HIDDEN2 (2 * STRIDE + 123)
#define HIDDEN3 (3 * STRIDE + 123)
#define ADDED   n_entries

static char *
make_source (const char *name,
             guint       version)
{
  char *dir = rp_test_make_dir (name);
  g_autofree char *path = g_build_filename (dir, "catalogue.jsonl", NULL);
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  rp_test_write_file (dir, "catalogue.json",
                      "{\"channel\": \"test\", \"title\": \"规模\", \"categories\": ["
                      "{\"id\": \"c1\", \"name\": \"通知\"}, {\"id\": \"c2\", \"name\": \"公告\", \"parent\": \"c1\"}]}",
                      -1);
  for (guint i = 0; i < n_entries + (version > 1); i++)
    {
      g_autofree char *line = NULL;

      if (version > 1 && i == DELETED)
        continue;
      if (version > 1 && i == CHANGED)
        /* Rewritten: the hidden words replaced by new ones. */
        line = entry_line (i, FALSE, "修订后 novaword123 燚淼。");
      else
        line = entry_line (i, is_hidden (i), i == ADDED ? "新增 addedword 犇骉。" : NULL);
      fprintf (out, "%s\n", line);
    }
  g_assert_cmpint (fclose (out), ==, 0);
  return dir;
}

static int
admin (const char  *data_dir,
       char       **out,
       const char  *first,
       ...) G_GNUC_NULL_TERMINATED;

static int
admin (const char  *data_dir,
       char       **out,
       const char  *first,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("RP_ADMIN"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err, &status,
                               &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("readingpoint-admin %s: %s", first, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
sync_ok (const char *data_dir,
         const char *url)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (admin (data_dir, &out, "sync", "--origin", url, "--channel", "test", "--public-key", pk, NULL), ==,
                   0);
}

/* `search QUERY --json` as printed. */
static char *
search (const char *data_dir,
        const char *query)
{
  char *out = NULL;

  g_assert_cmpint (admin (data_dir, &out, "search", query, "--json", "--limit", "50", NULL), ==, 0);
  return out;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The ids `search` returns for @query, sorted. */
static char *
search_ids (const char *data_dir,
            const char *query)
{
  g_autofree char *out = search (data_dir, query);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (ids, (gpointer) json_object_get_string_member (json_array_get_object_element (array, i), "id"));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

/* Whether the installed catalogue has the entry @id (looked up by id). */
static gboolean
has_entry (const char *data_dir,
           const char *id)
{
  g_autoptr(RpDataDir) dd = rp_data_dir_new (data_dir);
  g_autoptr(RpBundle) bundle = rp_data_dir_open_current (dd, NULL);
  g_autofree char *bundle_path = NULL;
  g_autofree char *db = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (bundle);
  bundle_path = rp_data_dir_build_bundle_path (dd, rp_bundle_get_name (bundle));
  db = g_build_filename (bundle_path, RP_BUNDLE_DATABASE, NULL);
  catalogue = rp_catalogue_open (db, rp_data_dir_get_object_store (dd), &error);
  g_assert_no_error (error);
  entry = rp_catalogue_get_entry (catalogue, id, NULL);
  return entry != NULL;
}

static gboolean
audit_has (const char *data_dir,
           const char *needle)
{
  g_autofree char *path = g_build_filename (data_dir, "state.db", NULL);
  g_autoptr(RpStateDb) state = rp_state_db_open (path, NULL);
  g_auto(GStrv) rows = NULL;

  g_assert_nonnull (state);
  rows = rp_state_db_list_audit (state, 100);
  for (guint i = 0; rows[i] != NULL; i++)
    if (strstr (rows[i], needle) != NULL)
      {
        g_test_message ("audit: %s", rows[i]);
        return TRUE;
      }
  for (guint i = 0; rows[i] != NULL; i++)
    g_test_message ("audit, without “%s”: %s", needle, rows[i]);
  return FALSE;
}

static char *queries[12];

static void
make_queries (void)
{
  const char *fixed[] = { "novaword123", "燚淼", "addedword", "犇骉", "老旧小区改造", "家庭医生", "垃圾分类" };

  queries[0] = g_strdup ("xylofon123");
  queries[1] = g_strdup_printf ("xylofon%u", DELETED);
  queries[2] = g_strdup_printf ("xylofon%u", HIDDEN2);
  queries[3] = g_strdup ("龘靐123");
  queries[4] = g_strdup_printf ("龘靐%u", HIDDEN3);
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    queries[5 + i] = g_strdup (fixed[i]);
}

static char *
id_of (guint i)
{
  return g_strdup_printf ("ZW-%05u", i);
}

static char *url1, *url2;
static char *terminal;      /* version 1, then 2, then rolled back */
static char *base;          /* a copy of the terminal at version 1 */

static void
copy_tree (const char *from,
           const char *to)
{
  rp_test_run (NULL, NULL, "rm", "-rf", to, NULL);
  g_assert_cmpint (rp_test_run (NULL, NULL, "cp", "-a", from, to, NULL), ==, 0);
}

/* Publish → sync → search; a changed, a deleted and an added entry in
 * version 2, installed incrementally and searched like a full build;
 * rollback returns exactly the previous results. */
static void
test_publish_sync_search (void)
{
  g_autofree char *src1 = make_source ("scale-src1", 1);
  g_autofree char *src2 = make_source ("scale-src2", 2);
  g_autofree char *origin1 = g_build_filename (root, "one", NULL);
  g_autofree char *origin2 = g_build_filename (root, "two", NULL);
  g_autofree char *fresh = rp_test_make_dir ("scale-fresh");
  g_autofree char *rolled = NULL;
  char *before[G_N_ELEMENTS (queries)] = { NULL };
  g_autofree char *ids = NULL;
  g_autofree char *hidden2 = id_of (HIDDEN2);
  g_autofree char *hidden3 = id_of (HIDDEN3);
  g_autofree char *deleted = id_of (DELETED);
  g_autofree char *added = id_of (ADDED);

  /* Two origins: the first keeps version 1 only (for the kill loop's
   * base), the second has both. */
  rp_test_publish (src1, origin1, sk, 1, 30);
  copy_tree (origin1, origin2);
  rp_test_publish (src2, origin2, sk, 2, 30);

  sync_ok (terminal, url1);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    before[i] = search (terminal, queries[i]);
  /* Hidden entries, by text (ASCII and characters) and by id. */
  ids = search_ids (terminal, queries[2]);
  g_assert_cmpstr (ids, ==, hidden2);
  g_clear_pointer (&ids, g_free);
  ids = search_ids (terminal, queries[4]);
  g_assert_cmpstr (ids, ==, hidden3);
  g_clear_pointer (&ids, g_free);
  g_assert_true (has_entry (terminal, hidden3));
  g_assert_true (has_entry (terminal, deleted));
  g_assert_false (has_entry (terminal, added));
  ids = search_ids (terminal, "novaword123");
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);
  copy_tree (terminal, base);

  /* The chunks of version 2 that version 1 does not have: those whose id
   * ranges hold the changed entry, the deleted one and the added one (the
   * last range, open above); every other is the same object. */
  {
    g_autoptr(RpManifest) m1 = rp_test_origin_manifest (origin2, "test", 1);
    g_autoptr(RpManifest) m2 = rp_test_origin_manifest (origin2, "test", 2);
    g_autoptr(GHashTable) old = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
    g_autofree char *applied = NULL;
    guint n_new = 0, new_entries = 0;
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;

    for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m1); i++)
      g_hash_table_add (old, rp_manifest_get_catalogue_part (m1, i)->sha256);
    for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (m2); i++)
      if (!g_hash_table_contains (old, rp_manifest_get_catalogue_part (m2, i)->sha256))
        {
          n_new++;
          new_entries += rp_manifest_get_catalogue_part (m2, i)->n_entries;
        }
    g_hash_table_add (expected, GUINT_TO_POINTER (rp_manifest_find_chunk (m1, "ZW-00123")));
    g_hash_table_add (expected, GUINT_TO_POINTER (rp_manifest_find_chunk (m1, deleted)));
    g_hash_table_add (expected, GUINT_TO_POINTER (rp_manifest_find_chunk (m1, added)));
    g_test_message ("version 2: %u of %u chunks new", n_new, rp_manifest_get_n_catalogue_parts (m2) - 1);
    g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m2), ==, rp_manifest_get_n_catalogue_parts (m1));
    g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (m2), >=, 4);
    g_assert_cmpuint (n_new, ==, g_hash_table_size (expected));

    /* The sync counts the entries of the chunks it fetched: those. */
    g_assert_cmpint (admin (terminal, &out, "sync", "--origin", url2, "--channel", "test", "--public-key", pk, "--json",
                            NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    g_assert_no_error (error);
    g_test_message ("version 2's sync fetched %" G_GINT64_FORMAT " entries in %u chunks",
                    json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "entries_fetched"),
                    n_new);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "entries_fetched"),
                     ==, new_entries);
    applied = g_strdup_printf ("%u of %u chunks applied, 2 entries out, 2 in", n_new,
                               rp_manifest_get_n_catalogue_parts (m2) - 1);
    g_assert_true (audit_has (terminal, applied));
  }
  /* The changed entry: its new words found, its old not. */
  ids = search_ids (terminal, "novaword123");
  g_assert_cmpstr (ids, ==, "ZW-00123");
  g_clear_pointer (&ids, g_free);
  ids = search_ids (terminal, "燚淼");
  g_assert_cmpstr (ids, ==, "ZW-00123");
  g_clear_pointer (&ids, g_free);
  ids = search_ids (terminal, "xylofon123");
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);
  /* The deleted entry is gone, by text and by id; the added one is there. */
  ids = search_ids (terminal, queries[1]);
  g_assert_cmpstr (ids, ==, "");
  g_clear_pointer (&ids, g_free);
  g_assert_false (has_entry (terminal, deleted));
  ids = search_ids (terminal, "addedword");
  g_assert_cmpstr (ids, ==, added);
  g_clear_pointer (&ids, g_free);
  g_assert_true (has_entry (terminal, added));
  /* The other hidden entries are untouched. */
  ids = search_ids (terminal, queries[2]);
  g_assert_cmpstr (ids, ==, hidden2);
  g_clear_pointer (&ids, g_free);

  /* What the incremental install finds is what a full build finds: the
   * same entries for every query with fewer matches than the limit. For a
   * query with more, search shows the newest matches ranked, and an entry
   * the update rewrote counts as the newest (it is numbered after every
   * other, docs/architecture.md): the one changed entry may take the place
   * of one other, never more. */
  sync_ok (fresh, url2);
  g_assert_true (audit_has (fresh, "catalogue built in full"));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *incremental = search_ids (terminal, queries[i]);
      g_autofree char *full = search_ids (fresh, queries[i]);
      g_auto(GStrv) a = g_strsplit (incremental, " ", -1);
      g_auto(GStrv) b = g_strsplit (full, " ", -1);
      guint only_incremental = 0;

      if (g_strv_length (b) < 50)
        {
          g_assert_cmpstr (incremental, ==, full);
          continue;
        }
      g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
      for (guint j = 0; a[j] != NULL; j++)
        if (!g_strv_contains ((const char *const *) b, a[j]))
          only_incremental++;
      g_test_message ("“%s”: %u of 50 results differ from a full build's", queries[i], only_incremental);
      g_assert_cmpuint (only_incremental, <=, 1);
    }

  /* Rollback: exactly the previous results. */
  g_assert_cmpint (admin (terminal, &rolled, "rollback", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *after = search (terminal, queries[i]);
      g_assert_cmpstr (after, ==, before[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_free (before[i]);
}

static char *
current_of (const char *data_dir)
{
  g_autofree char *link = g_build_filename (data_dir, "current", NULL);
  return g_file_read_link (link, NULL);
}

/* SIGKILL the incremental install at random moments: the terminal always
 * shows a complete version (verify passes, a hidden entry is found, the
 * version's own words are found), and the next sync finishes. */
static void
test_kill_incremental (void)
{
  g_autofree char *parent = g_path_get_dirname (base);
  g_autofree char *work = g_build_filename (parent, "scale-kill-work", NULL);
  const char *argv[] = { g_getenv ("RP_ADMIN"), "--data-dir", NULL, "sync", "--origin", url2,
                         "--channel", "test", "--public-key", pk, NULL };
  guint old = 0, new = 0;
  gint64 start, duration;
  g_autofree char *hidden2 = id_of (HIDDEN2);

  if (!g_file_test (base, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("needs the publish-sync-search test's terminal");
      return;
    }
  argv[2] = work;
  copy_tree (base, work);
  start = g_get_monotonic_time ();
  sync_ok (work, url2);
  duration = g_get_monotonic_time () - start;
  g_test_message ("one incremental install takes %" G_GINT64_FORMAT " ms", duration / 1000);

  for (guint i = 0; i < n_kills; i++)
    {
      g_autofree char *current = NULL;
      g_autofree char *out = NULL;
      g_autofree char *ids = NULL;
      g_autoptr(GError) error = NULL;
      GPid pid = 0;
      int status;

      copy_tree (base, work);
      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &pid, &error);
      g_assert_no_error (error);
      g_usleep (g_random_int_range (0, (gint32) (duration * 11 / 10) + 1));
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
      g_spawn_close_pid (pid);

      current = current_of (work);
      g_assert_cmpint (admin (work, &out, "verify", "--public-key", pk, NULL), ==, 0);
      ids = search_ids (work, queries[2]);
      g_assert_cmpstr (ids, ==, hidden2);
      g_clear_pointer (&ids, g_free);
      if (g_strcmp0 (current, "bundles/test-1") == 0)
        {
          old++;
          ids = search_ids (work, "xylofon123");
          g_assert_cmpstr (ids, ==, "ZW-00123");
        }
      else if (g_strcmp0 (current, "bundles/test-2") == 0)
        {
          new++;
          ids = search_ids (work, "novaword123");
          g_assert_cmpstr (ids, ==, "ZW-00123");
        }
      else
        g_error ("kill %u left current at “%s”", i, current);
      if (i % 4 == 3)
        {
          g_autofree char *after = NULL;

          sync_ok (work, url2);
          after = current_of (work);
          g_assert_cmpstr (after, ==, "bundles/test-2");
        }
    }
  g_test_message ("kill-incremental: %u SIGKILLs, current old %u times, new %u times", n_kills, old, new);
  g_assert_cmpuint (old + new, ==, n_kills);
}

/* The issue's case: 2,900 entries with bodies of about 950 characters of
 * Chinese prose (8.6 MB, over the 8 MiB one catalogue.json was capped at,
 * refused by every terminal) publish as a header and chunks within the
 * caps, and install. */
static void
test_issue_catalogue_installs (void)
{
  g_autofree char *source = rp_test_make_dir ("issue-src");
  g_autofree char *origin = g_build_filename (root, "issue", NULL);
  g_autofree char *url = rp_test_nginx_url ("issue/");
  g_autofree char *data_dir = rp_test_make_dir ("issue-terminal");
  g_autofree char *latest = g_build_filename (origin, "channels", "test", "latest.json", NULL);
  g_autoptr(GString) catalogue = g_string_new (
    "{\"channel\": \"test\", \"title\": \"t\", \"categories\": [{\"id\": \"c\", \"name\": \"c\"}], \"entries\": [");
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(RpManifest) manifest = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  while (g_utf8_strlen (body->str, -1) < 950)
    g_string_append (body, "本区依法主动公开政府信息，接受社会监督。");
  for (guint i = 0; i < 2900; i++)
    g_string_append_printf (catalogue, "%s{\"id\": \"B-%u\", \"title\": \"第%u号通知\", \"organ\": \"o\", "
                            "\"category\": \"c\", \"body\": \"%s%s\"}", i ? ", " : "", i, i, body->str,
                            i == 2899 ? " lastone" : "");
  g_string_append (catalogue, "]}");
  g_assert_cmpuint (catalogue->len, >, RP_MANIFEST_MAX_SIZE);
  rp_test_write_file (source, "catalogue.json", catalogue->str, catalogue->len);
  rp_test_publish (source, origin, sk, 1, 30);

  file = g_mapped_file_new (latest, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  manifest = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_manifest_get_format (manifest), ==, RP_MANIFEST_FORMAT);
  g_assert_cmpuint (rp_manifest_get_n_entries (manifest), ==, 2900);
  for (guint i = 1; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
    g_assert_cmpuint (rp_manifest_get_catalogue_part (manifest, i)->size, <=, RP_MANIFEST_MAX_CHUNK_SIZE);
  g_test_message ("%" G_GSIZE_FORMAT " bytes of catalogue.json: %u chunks", catalogue->len,
                  rp_manifest_get_n_catalogue_parts (manifest) - 1);

  /* `sync --json` counts the entries of the chunks it fetched: here all. */
  {
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;

    g_assert_cmpint (admin (data_dir, &out, "sync", "--origin", url, "--channel", "test", "--public-key", pk, "--json",
                            NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "installed");
    g_assert_cmpint (json_object_get_int_member (object, "entries_fetched"), ==, 2900);
  }
  g_assert_true (has_entry (data_dir, "B-0"));
  /* `status` gives the catalogue's size: entries, bytes published in
   * chunks, the database on disk. */
  {
    g_autofree char *out = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *object;
    guint64 published = 0;

    for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
      published += rp_manifest_get_catalogue_part (manifest, i)->size;
    g_assert_cmpint (admin (data_dir, &out, "status", "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (object, "entries"), ==, 2900);
    g_assert_cmpint (json_object_get_int_member (object, "catalogue_bytes"), ==, (gint64) published);
    g_assert_cmpint (json_object_get_int_member (object, "catalogue_chunks"), ==,
                     rp_manifest_get_n_catalogue_parts (manifest) - 1);
    g_assert_cmpint (json_object_get_int_member (object, "database_bytes"), >, 0);
  }
  g_assert_true (has_entry (data_dir, "B-2899"));
  ids = search_ids (data_dir, "lastone");
  g_assert_cmpstr (ids, ==, "B-2899");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keys = NULL;
  g_autofree char *parent = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("RP_SCALE_QUICK") != NULL)
    {
      n_entries = 5000;
      n_kills = 4;
    }
  make_queries ();

  root = rp_test_make_dir ("scale-origins");
  keys = rp_test_make_dir ("scale-keys");
  terminal = rp_test_make_dir ("scale-terminal");
  parent = g_path_get_dirname (terminal);
  base = g_build_filename (parent, "scale-base", NULL);
  rp_test_keygen (keys, "district", &sk, &pk);
  rp_test_nginx_start (root);
  url1 = rp_test_nginx_url ("one/");
  url2 = rp_test_nginx_url ("two/");

  g_test_add_func ("/ReadingPoint/CatalogueScale/issue-catalogue-installs", test_issue_catalogue_installs);
  g_test_add_func ("/ReadingPoint/CatalogueScale/publish-sync-search", test_publish_sync_search);
  g_test_add_func ("/ReadingPoint/CatalogueScale/kill-incremental-install", test_kill_incremental);
  status = g_test_run ();
  rp_test_nginx_stop ();
  return status;
}
