/* rp-search-indexer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-catalogue-schema.h"
#include "rp-document.h"
#include "rp-error.h"
#include "rp-object-store.h"
#include "rp-pinyin.h"
#include "rp-render-child.h"
#include "rp-render-helper-client.h"
#include "rp-render-queue.h"
#include "rp-search-indexer.h"
#include "rp-search-tokenizer.h"

/* A page number is 16 bits of the search_text rowid, an attachment 8. */
#define MAX_PAGES        65535
#define MAX_ATTACHMENTS  255
#define MAX_PAGE_CHARS   100000
/* FTS5 flushes its in-memory term hash to a new segment whenever it grows
 * past this; the default (1 MiB) makes a large build spend its time merging
 * thousands of tiny segments. */
#define BUILD_HASH_BYTES (256 * 1024 * 1024)

gboolean
rp_sql_fail (sqlite3    *db,
             const char *what,
             GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

gint64
rp_sql_query_int (sqlite3    *db,
                  const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
pinyin_index_func (sqlite3_context *context,
                   int              argc,
                   sqlite3_value  **argv)
{
  const char *texts[2] = {
    (const char *) sqlite3_value_text (argv[0]),
    (const char *) sqlite3_value_text (argv[1]),
  };
  char *text = rp_pinyin_index_text (texts, 2);

  sqlite3_result_text (context, text, -1, g_free);
}

typedef gboolean (*PageFunc) (int         page,
                              const char *text,
                              gsize       length,
                              gpointer    data,
                              GError    **error);

#define MAX_FAILED_PAGES 2

/* Poppler's text of each page, in reading order, to @func, read by
 * readingpoint-render-helper under @limits, so poppler runs neither in the
 * kiosk's process (a sync from the admin panel) nor in a tool's, nor
 * without a terminal's limits. A PDF poppler cannot open has no text; a
 * page that fails (its time limit, a crash) has no text, and after
 * MAX_FAILED_PAGES such pages the rest of the file has none either, so a
 * hostile file costs a bounded wait. @failure (nullable): why the first
 * page (or the opening) failed, NULL when none did. */
static gboolean
helper_pages (const char          *path,
              const RpChildLimits *limits,
              PageFunc             func,
              gpointer             data,
              char               **failure,
              GError             **error)
{
  RpRenderHelper *helper = rp_render_helper_new_limited (path, limits);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) sizes = NULL;
  gboolean ok = TRUE;
  guint n_pages, n_failed = 0;

  sizes = rp_render_helper_open (helper, &local_error);
  if (sizes == NULL)
    {
      g_debug ("No text from “%s”: %s", path, local_error->message);
      if (failure != NULL)
        *failure = rp_helper_describe_failure (NULL, local_error, limits);
      rp_render_helper_free (helper);
      return TRUE;
    }
  n_pages = MIN (sizes->len / 2, MAX_PAGES);
  for (guint i = 0; ok && i < n_pages; i++)
    {
      g_autofree char *text = NULL;

      if (n_failed < MAX_FAILED_PAGES)
        {
          g_clear_error (&local_error);
          text = rp_render_helper_get_text (helper, i, &local_error);
          if (text == NULL)
            {
              g_debug ("No text from page %u of “%s”: %s", i + 1, path, local_error->message);
              if (failure != NULL && *failure == NULL)
                {
                  g_autofree char *step = g_strdup_printf ("Extracting the text of page %u", i + 1);

                  *failure = rp_helper_describe_failure (step, local_error, limits);
                }
              n_failed++;
            }
        }
      if (text == NULL)
        text = g_strdup ("");
      /* The separator of the published form never appears inside a page. */
      g_strdelimit (text, "\f", '\n');
      ok = func ((int) i + 1, text, strlen (text), data, error);
    }
  rp_render_helper_free (helper);
  return ok;
}

/* A terminal's own extraction (a manifest without the publisher's text),
 * under a terminal's limits. */
static gboolean
foreach_helper_page (const char *path,
                     PageFunc    func,
                     gpointer    data,
                     GError    **error)
{
  RpChildLimits limits;

  rp_child_limits_init_terminal (&limits);
  return helper_pages (path, &limits, func, data, NULL, error);
}

/* The published form (RP_MANIFEST_PAGES_TYPE): the pages' texts in order,
 * separated by form feeds. A publisher other than ours may have written
 * it, so the caps and UTF-8 are enforced again here. */
static gboolean
foreach_published_page (const char *path,
                        PageFunc    func,
                        gpointer    data,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &local_error);
  const char *p, *end;
  int page = 1;

  if (file == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot read a PDF's published text: %s",
                   local_error->message);
      return FALSE;
    }
  p = g_mapped_file_get_contents (file);
  end = p + g_mapped_file_get_length (file);
  while (p != NULL && p < end && page <= MAX_PAGES)
    {
      const char *stop = memchr (p, '\f', end - p);
      gsize length = (stop ? stop : end) - p;

      if (!func (page++, p, length, data, error))
        return FALSE;
      p = stop ? stop + 1 : end;
    }
  return TRUE;
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *insert;
  gint64        entry;
  int           attachment;
} PageRow;

static gboolean
insert_page (int         page,
             const char *text,
             gsize       length,
             gpointer    data,
             GError    **error)
{
  PageRow *row = data;
  g_autofree char *valid = NULL;
  const char *end;
  gboolean ok;

  if (length == 0)
    return TRUE;
  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, length);
      text = valid;
      length = strlen (valid);
    }
  /* Text beyond the cap is a table of numbers or garbage, not prose. */
  end = text;
  for (glong n = 0; n < MAX_PAGE_CHARS && end < text + length; n++)
    end = g_utf8_next_char (end);
  sqlite3_bind_int64 (row->insert, 1, row->entry);
  sqlite3_bind_int (row->insert, 2, row->attachment);
  sqlite3_bind_int (row->insert, 3, page);
  sqlite3_bind_text (row->insert, 4, text, MIN (end, text + length) - text, SQLITE_STATIC);
  ok = sqlite3_step (row->insert) == SQLITE_DONE;
  sqlite3_reset (row->insert);
  if (!ok)
    return rp_sql_fail (row->db, "store the text of a PDF page", error);
  return TRUE;
}

static gboolean
append_page (int         page,
             const char *text,
             gsize       length,
             gpointer    data,
             GError    **error)
{
  GString *out = data;

  if (page > 1)
    g_string_append_c (out, '\f');
  g_string_append_len (out, text, length);
  return TRUE;
}

GBytes *
rp_search_extract_page_texts (const char          *pdf_path,
                              const RpChildLimits *limits,
                              char               **failure)
{
  GString *out = g_string_new (NULL);

  helper_pages (pdf_path, limits, append_page, out, failure, NULL);
  return g_string_free_to_bytes (out);
}

static gboolean
extract_pages (sqlite3       *db,
               RpObjectStore *store,
               GHashTable    *page_texts,
               gint64         first_entry,
               GError       **error)
{
  sqlite3_stmt *list = NULL, *insert = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db,
                          "SELECT entry, position, sha256 FROM attachments"
                          " WHERE type = 'pdf' AND broken IS NULL AND position <= " G_STRINGIFY (MAX_ATTACHMENTS)
                          " AND entry >= ?"
                          " ORDER BY entry, position",
                          -1, &list, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "INSERT INTO search_pages (entry, attachment, page, text) VALUES (?, ?, ?, ?)",
                          -1, &insert, NULL) != SQLITE_OK)
    {
      rp_sql_fail (db, "prepare PDF text extraction", error);
      goto out;
    }
  sqlite3_bind_int64 (list, 1, first_entry);
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      const char *sha256 = (const char *) sqlite3_column_text (list, 2);
      const char *published = page_texts ? g_hash_table_lookup (page_texts, sha256) : NULL;
      PageRow row = { db, insert, sqlite3_column_int64 (list, 0), sqlite3_column_int (list, 1) };
      g_autofree char *path = rp_object_store_get_path (store, published ? published : sha256);

      /* Without the publisher's text (a manifest signed by other tools),
       * the terminal extracts it itself: the same text, only slower. */
      if (!(published ? foreach_published_page : foreach_helper_page) (path, insert_page, &row, error))
        goto out;
    }
  ok = TRUE;
out:
  sqlite3_finalize (list);
  sqlite3_finalize (insert);
  return ok;
}

#define HASHSIZE(table) \
  "INSERT INTO " table " (" table ", rank) VALUES ('hashsize', " G_STRINGIFY (BUILD_HASH_BYTES) ");"
#define OPTIMIZE(table) "INSERT INTO " table " (" table ") VALUES ('optimize');"

/* SQL run in order; @what names a step that fails. */
typedef struct
{
  const char *what;
  const char *sql;
} SqlStep;

static gboolean
run_steps (sqlite3       *db,
           const SqlStep *steps,
           gsize          n_steps,
           GError       **error)
{
  for (gsize i = 0; i < n_steps; i++)
    if (sqlite3_exec (db, steps[i].sql, NULL, NULL, NULL) != SQLITE_OK)
      return rp_sql_fail (db, steps[i].what, error);
  return TRUE;
}

/* After the tables are created (and the PDF text extracted), in order. */
static const SqlStep build_steps[] = {
  { "configure the search tables",
    HASHSIZE ("search_title") HASHSIZE ("search_head") HASHSIZE ("search_pinyin") HASHSIZE ("search_text") },
  /* Recency: r grows with the date; entries of the same date keep the
   * publisher's order (earlier in catalogue.json = newer). */
  { "index titles and keywords",
    "INSERT INTO search_entry (r, entry, category, organ, year, genre)"
    " SELECT row_number () OVER (ORDER BY coalesce (date, ''), rowid DESC),"
    "   rowid, category, organ, CAST (substr (date, 1, 4) AS INTEGER), genre"
    " FROM entries;"
    "INSERT INTO search_title (rowid, title, keywords, doc_number)"
    " SELECT s.r, e.title, e.keywords, e.doc_number"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;"
    "INSERT INTO search_head (rowid, organ, summary)"
    " SELECT s.r, e.organ, e.summary"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;"
    "INSERT INTO search_pinyin (rowid, pinyin)"
    " SELECT s.r, rp_pinyin_index (e.title, e.keywords)"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;" },
  /* Body first, then pages, each entry in recency order, numbered densely:
   * FTS5 appends rows in rowid order without reshuffling its segments, and
   * stores each posting as a delta from the previous rowid. */
  { "index the full text",
    "INSERT INTO search_part (key)"
    " SELECT s.r << 24 FROM search_entry s JOIN entries e ON e.rowid = s.entry"
    "  WHERE e.body IS NOT NULL"
    " UNION ALL"
    " SELECT (s.r << 24) | (p.attachment << 16) | p.page"
    "  FROM search_pages p JOIN search_entry s ON s.entry = p.entry"
    " ORDER BY 1;"
    "INSERT INTO search_text (rowid, text)"
    " SELECT t.n, CASE WHEN t.key & 16777215 = 0"
    "  THEN (SELECT e.body FROM search_entry s JOIN entries e ON e.rowid = s.entry"
    "        WHERE s.r = t.key >> 24)"
    "  ELSE (SELECT p.text FROM search_entry s JOIN search_pages p ON p.entry = s.entry"
    "        WHERE s.r = t.key >> 24 AND p.attachment = (t.key >> 16) & 255"
    "        AND p.page = t.key & 65535) END"
    " FROM search_part t ORDER BY t.n;" },
  /* One b-tree per table: queries then read each term's list in one run. */
  { "optimise the search tables",
    OPTIMIZE ("search_title") OPTIMIZE ("search_head") OPTIMIZE ("search_pinyin") OPTIMIZE ("search_text") },
};

static gboolean
register_functions (sqlite3 *db,
                    GError **error)
{
  if (!rp_search_tokenizer_register (db, error))
    return FALSE;
  if (sqlite3_create_function (db, "rp_pinyin_index", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                               pinyin_index_func, NULL, NULL) != SQLITE_OK)
    return rp_sql_fail (db, "register the pinyin indexer", error);
  return TRUE;
}

/* Contentless FTS5 tables forget their text: a row is deleted by giving
 * back the values it was indexed with, which entries and search_pages
 * still hold. Rows of the entries in temp.gone (entry rowids). */
static const SqlStep delete_steps[] = {
  { "delete titles from the index",
    "INSERT INTO search_title (search_title, rowid, title, keywords, doc_number)"
    " SELECT 'delete', s.r, e.title, e.keywords, e.doc_number"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry WHERE s.entry IN (SELECT entry FROM temp.gone);"
    "INSERT INTO search_head (search_head, rowid, organ, summary)"
    " SELECT 'delete', s.r, e.organ, e.summary"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry WHERE s.entry IN (SELECT entry FROM temp.gone);"
    "INSERT INTO search_pinyin (search_pinyin, rowid, pinyin)"
    " SELECT 'delete', s.r, rp_pinyin_index (e.title, e.keywords)"
    " FROM search_entry s JOIN entries e ON e.rowid = s.entry WHERE s.entry IN (SELECT entry FROM temp.gone);" },
  { "delete the full text from the index",
    "CREATE TEMP TABLE gone_r AS SELECT r FROM search_entry WHERE entry IN (SELECT entry FROM temp.gone);"
    "INSERT INTO search_text (search_text, rowid, text)"
    " SELECT 'delete', t.n, CASE WHEN t.key & 16777215 = 0"
    "  THEN (SELECT e.body FROM search_entry s JOIN entries e ON e.rowid = s.entry"
    "        WHERE s.r = t.key >> 24)"
    "  ELSE (SELECT p.text FROM search_entry s JOIN search_pages p ON p.entry = s.entry"
    "        WHERE s.r = t.key >> 24 AND p.attachment = (t.key >> 16) & 255"
    "        AND p.page = t.key & 65535) END"
    " FROM search_part t WHERE (t.key >> 24) IN (SELECT r FROM temp.gone_r);"
    "DELETE FROM search_part WHERE (key >> 24) IN (SELECT r FROM temp.gone_r);"
    "DROP TABLE temp.gone_r;" },
  { "delete entries",
    "DELETE FROM search_pages WHERE entry IN (SELECT entry FROM temp.gone);"
    "DELETE FROM search_entry WHERE entry IN (SELECT entry FROM temp.gone);"
    "DELETE FROM attachments WHERE entry IN (SELECT entry FROM temp.gone);"
    "DELETE FROM related WHERE entry IN (SELECT entry FROM temp.gone);"
    "DELETE FROM entries WHERE rowid IN (SELECT entry FROM temp.gone);" },
};

gboolean
rp_search_index_delete_entries (sqlite3 *db,
                                GError **error)
{
  if (!register_functions (db, error))
    return FALSE;
  return run_steps (db, delete_steps, G_N_ELEMENTS (delete_steps), error);
}

static gboolean
exec_with_int (sqlite3    *db,
               const char *sql,
               gint64      value,
               const char *what,
               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return rp_sql_fail (db, what, error);
  for (int i = 1; i <= sqlite3_bind_parameter_count (stmt); i++)
    sqlite3_bind_int64 (stmt, i, value);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    ok = rp_sql_fail (db, what, error);
  sqlite3_finalize (stmt);
  return ok;
}

/* The entries from @first_entry on are new: they take recency numbers
 * above every one the catalogue has (in date order among themselves), so
 * search's newest-first walk meets them first, as it meets new entries in
 * a full build; their parts are numbered after every existing part. */
static const SqlStep update_steps[] = {
  { "index the new titles and keywords",
    "INSERT INTO search_entry (r, entry, category, organ, year, genre)"
    " SELECT (SELECT coalesce (max (r), 0) FROM search_entry)"
    "   + row_number () OVER (ORDER BY coalesce (date, ''), rowid DESC),"
    "   rowid, category, organ, CAST (substr (date, 1, 4) AS INTEGER), genre"
    " FROM entries WHERE rowid >= ?1;"
    "CREATE TEMP TABLE fresh AS SELECT r, entry FROM search_entry WHERE entry >= ?1;"
    "INSERT INTO search_title (rowid, title, keywords, doc_number)"
    " SELECT s.r, e.title, e.keywords, e.doc_number"
    " FROM temp.fresh s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;"
    "INSERT INTO search_head (rowid, organ, summary)"
    " SELECT s.r, e.organ, e.summary"
    " FROM temp.fresh s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;"
    "INSERT INTO search_pinyin (rowid, pinyin)"
    " SELECT s.r, rp_pinyin_index (e.title, e.keywords)"
    " FROM temp.fresh s JOIN entries e ON e.rowid = s.entry ORDER BY s.r;" },
  { "index the new full text",
    "CREATE TEMP TABLE fresh_part AS SELECT (SELECT coalesce (max (n), 0) FROM search_part) AS base;"
    "INSERT INTO search_part (n, key)"
    " SELECT (SELECT base FROM temp.fresh_part) + row_number () OVER (ORDER BY k), k FROM ("
    "  SELECT s.r << 24 AS k FROM temp.fresh s JOIN entries e ON e.rowid = s.entry"
    "   WHERE e.body IS NOT NULL"
    "  UNION ALL"
    "  SELECT (s.r << 24) | (p.attachment << 16) | p.page"
    "   FROM search_pages p JOIN temp.fresh s ON s.entry = p.entry);"
    "INSERT INTO search_text (rowid, text)"
    " SELECT t.n, CASE WHEN t.key & 16777215 = 0"
    "  THEN (SELECT e.body FROM search_entry s JOIN entries e ON e.rowid = s.entry"
    "        WHERE s.r = t.key >> 24)"
    "  ELSE (SELECT p.text FROM search_entry s JOIN search_pages p ON p.entry = s.entry"
    "        WHERE s.r = t.key >> 24 AND p.attachment = (t.key >> 16) & 255"
    "        AND p.page = t.key & 65535) END"
    " FROM search_part t WHERE t.n > (SELECT base FROM temp.fresh_part) ORDER BY t.n;"
    "DROP TABLE temp.fresh_part; DROP TABLE temp.fresh;" },
};

gboolean
rp_search_index_add_entries (sqlite3       *db,
                             RpObjectStore *store,
                             GHashTable    *page_texts,
                             gint64         first_entry,
                             GError       **error)
{
  if (!register_functions (db, error))
    return FALSE;
  if (store != NULL && !extract_pages (db, store, page_texts, first_entry, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (update_steps); i++)
    {
      g_auto(GStrv) statements = NULL;

      /* One statement at a time: ?1 is bound in each. */
      statements = g_strsplit (update_steps[i].sql, ";", -1);
      for (guint j = 0; statements[j] != NULL; j++)
        {
          g_autofree char *sql = g_strstrip (g_strdup (statements[j]));

          if (*sql != '\0' && !exec_with_int (db, sql, first_entry, update_steps[i].what, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
rp_search_index_build (sqlite3       *db,
                       RpObjectStore *store,
                       GHashTable    *page_texts,
                       GError       **error)
{
  if (!register_functions (db, error))
    return FALSE;

  if (sqlite3_exec (db, RP_SEARCH_SCHEMA_SQL, NULL, NULL, NULL) != SQLITE_OK)
    return rp_sql_fail (db, "create the search tables", error);
  if (store != NULL && !extract_pages (db, store, page_texts, 1, error))
    return FALSE;
  return run_steps (db, build_steps, G_N_ELEMENTS (build_steps), error);
}
