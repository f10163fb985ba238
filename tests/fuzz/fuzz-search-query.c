/* fuzz-search-query.c — libFuzzer harness for the search query parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is what a resident typed, then optionally a NUL byte and a
 * document text. The query is parsed (rp_search_query_parse) and its
 * expressions are run, with the real "rp" tokenizer, against one-row FTS5
 * tables holding the document, laid out as in rp-catalogue-schema.h.
 *
 * Checked besides memory safety and leaks (rp-search-query.h promises):
 *  - no typed text is ever FTS5 syntax: every expression prepares and runs
 *    without an error;
 *  - rp_search_query_check decides exactly as the positional FTS5 phrase
 *    query does on the same text;
 *  - a row rp_search_query_check accepts is among those the detail=none
 *    table returns for text_expression (it only filters that table's rows);
 *  - without a document, the typed text itself is the document: a query
 *    finds the text it was typed from.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rp-search-query.h"
#include "rp-search-tokenizer.h"
#include "rp-pinyin.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;

static void
fail (const char *what,
      const char *query,
      const char *detail)
{
  fprintf (stderr, "fuzz-search-query: %s\n  query: %s\n  %s\n", what, query, detail ? detail : "");
  __builtin_trap ();
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_open (":memory:", &db) != SQLITE_OK || !rp_search_tokenizer_register (db, &error) ||
      sqlite3_exec (db,
                    "CREATE VIRTUAL TABLE lit USING fts5(body, tokenize='rp');"
                    "CREATE VIRTUAL TABLE txt USING fts5(body, content='', columnsize=0, detail=none,"
                    "  tokenize='rp');"
                    "CREATE VIRTUAL TABLE pin USING fts5(pinyin, content='', tokenize='rp pretokenized');",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("fuzz-search-query setup: %s", error ? error->message : sqlite3_errmsg (db));
}

static void
exec (const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("fuzz-search-query: %s: %s", sql, sqlite3_errmsg (db));
}

static void
insert (const char *table,
        const char *text)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (rowid, %s) VALUES (1, ?)", table,
                                          g_str_equal (table, "pin") ? "pinyin" : "body");
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("fuzz-search-query: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("fuzz-search-query: cannot insert into %s: %s", table, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
}

/* Whether the one row matches @expression; any SQLite error is a failure:
 * the expression came from typed text and must never be syntax. */
static gboolean
matches (const char *table,
         const char *expression,
         const char *typed)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?", table, table);
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("fuzz-search-query: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found = TRUE;
  if (rc != SQLITE_DONE)
    {
      g_autofree char *detail = g_strdup_printf ("expression %s on %s: %s", expression, table, sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      fail ("an expression built from typed text is not valid FTS5", typed, detail);
    }
  sqlite3_finalize (stmt);
  return found;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *typed = g_strndup ((const char *) data, size);
  const guint8 *nul = memchr (data, '\0', size);
  g_autofree char *document = nul ? g_strndup ((const char *) nul + 1, data + size - nul - 1) : g_strdup (typed);
  g_autoptr(RpSearchQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint *tf = NULL;
  guint length, first_match;
  gboolean checked;

  if (db == NULL)
    setup ();

  query = rp_search_query_parse (typed, &error);
  if (query == NULL)
    {
      if (error == NULL)
        fail ("parse failed without an error", typed, NULL);
      return 0;
    }
  if (!g_utf8_validate (document, -1, NULL))
    return 0; /* stored fields are valid UTF-8 (the builder makes sure) */

  tf = g_new0 (guint, query->phrases->len + 1);
  checked = rp_search_query_check (query, document, tf, &length, &first_match);
  if (checked && first_match > strlen (document))
    fail ("first match past the end of the text", typed, document);
  if (nul == NULL && query->phrases->len > 0 && !checked)
    fail ("a query does not find the text it was typed from", typed, NULL);

  exec ("DELETE FROM lit; INSERT INTO txt (txt) VALUES ('delete-all');"
        "INSERT INTO pin (pin) VALUES ('delete-all');");
  if (query->expression != NULL)
    {
      insert ("lit", document);
      if (matches ("lit", query->expression, typed) != checked)
        {
          g_autofree char *detail = g_strdup_printf ("document: %s\n  expression: %s\n  FTS5 says %s, check says %s",
                                                     document, query->expression,
                                                     checked ? "no" : "yes", checked ? "yes" : "no");
          fail ("rp_search_query_check disagrees with FTS5", typed, detail);
        }
      insert ("txt", document);
      if (!matches ("txt", query->text_expression, typed) && checked)
        fail ("the text table misses a row the check accepts", typed, query->text_expression);
    }
  if (query->pinyin_expression != NULL)
    {
      const char *texts[] = { document };
      g_autofree char *pinyin = rp_pinyin_index_text (texts, 1);

      insert ("pin", pinyin);
      (void) matches ("pin", query->pinyin_expression, typed);
    }
  return 0;
}
