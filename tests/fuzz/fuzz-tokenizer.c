/* fuzz-tokenizer.c — libFuzzer harness for the search tokenizer and folding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is any bytes (invalid UTF-8 and NULs included: the FTS5
 * tokenizer sees whatever is stored). They go through the three foldings
 * (rp_normalise_text, rp_normalise_chars, rp_text_fold, which runs OpenCC's
 * table), rp_search_tokenize, and the FTS5 tokenizer itself in both modes
 * ('rp' and 'rp pretokenized') through an in-memory table.
 *
 * Checked besides memory safety and leaks: tokens are non-empty, valid
 * UTF-8, at most 128 bytes (+ one character), with offsets inside the input
 * and in order; a colocated token never comes first; rp_normalise_chars'
 * origins and rp_text_fold's map point into the input; folding is stable
 * (folding folded text changes nothing).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rp-search-tokenizer.h"
#include "rp-text-fold.h"
#include "rp-text-normaliser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static sqlite3 *db;
static sqlite3_stmt *insert_doc, *insert_pre;

typedef struct
{
  gsize    length;
  gsize    last_start;
  guint    n;
} Seen;

static void
fail (const char *what)
{
  fprintf (stderr, "fuzz-tokenizer: %s\n", what);
  __builtin_trap ();
}

static gboolean
check_token (const char *token,
             gsize       length,
             gboolean    colocated,
             gsize       start,
             gsize       end,
             gpointer    user_data)
{
  Seen *seen = user_data;

  if (length == 0 || length > 128 + 4)
    fail ("empty or overlong token");
  if (!g_utf8_validate_len (token, length, NULL))
    fail ("token is not valid UTF-8");
  if (start > end || end > seen->length)
    fail ("token offsets outside the text");
  if (colocated && seen->n == 0)
    fail ("colocated token before any position");
  if (!colocated && seen->n > 0 && start < seen->last_start)
    fail ("token positions out of order");
  if (!colocated)
    seen->last_start = start;
  seen->n++;
  return TRUE;
}

static void
setup (void)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_open (":memory:", &db) != SQLITE_OK || !rp_search_tokenizer_register (db, &error) ||
      sqlite3_exec (db,
                    "CREATE VIRTUAL TABLE doc USING fts5(body, content='', tokenize='rp');"
                    "CREATE VIRTUAL TABLE pre USING fts5(body, content='', tokenize='rp pretokenized');",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO doc (rowid, body) VALUES (1, ?)", -1, &insert_doc, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO pre (rowid, body) VALUES (1, ?)", -1, &insert_pre, NULL) != SQLITE_OK)
    g_error ("fuzz-tokenizer setup: %s", error ? error->message : sqlite3_errmsg (db));
}

static void
insert (sqlite3_stmt *stmt,
        const guint8 *data,
        size_t        size)
{
  sqlite3_bind_text (stmt, 1, (const char *) data, (int) size, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    fail (sqlite3_errmsg (db));
  sqlite3_reset (stmt);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  Seen seen = { size, 0, 0 };
  g_autofree char *text = g_strndup ((const char *) data, size);
  gsize text_length = strlen (text);
  g_autofree char *normalised = rp_normalise_text ((const char *) data, size);
  g_autofree char *again = NULL;
  g_autofree guint *origin = NULL;
  g_autofree gunichar *chars = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize n_chars;
  const char *valid_end;
  guint valid_chars;

  if (db == NULL)
    setup ();

  rp_search_tokenize ((const char *) data, size, check_token, &seen);

  if (!g_utf8_validate (normalised, -1, NULL))
    fail ("rp_normalise_text gave invalid UTF-8");
  /* Stability, on the text up to its first NUL (a NUL folds to itself,
   * and a NUL-terminated result cannot say where it ended). */
  g_free (normalised);
  normalised = rp_normalise_text (text, -1);
  again = rp_normalise_text (normalised, -1);
  if (!g_str_equal (again, normalised))
    fail ("rp_normalise_text is not stable on its own output");

  chars = rp_normalise_chars (text, &n_chars, &origin);
  for (gsize i = 0; i < n_chars; i++)
    if (origin[i] >= MAX (text_length, 1) || (i > 0 && origin[i] < origin[i - 1]))
      fail ("rp_normalise_chars origin outside the text or out of order");

  /* rp_text_fold stops at the first invalid byte. */
  g_utf8_validate (text, -1, &valid_end);
  valid_chars = g_utf8_strlen (text, valid_end - text);
  folded = rp_text_fold (text, map);
  if (map->len != strlen (folded))
    fail ("rp_text_fold map does not have one entry per byte");
  if (!g_utf8_validate (folded, -1, NULL))
    fail ("rp_text_fold gave invalid UTF-8");
  for (guint i = 0; i < map->len; i++)
    if (g_array_index (map, guint, i) >= valid_chars ||
        (i > 0 && g_array_index (map, guint, i) < g_array_index (map, guint, i - 1)))
      fail ("rp_text_fold map outside the text or out of order");

  if (size < (1 << 20))
    {
      insert (insert_doc, data, size);
      insert (insert_pre, data, size);
      if (sqlite3_exec (db, "INSERT INTO doc (doc) VALUES ('delete-all');"
                        "INSERT INTO pre (pre) VALUES ('delete-all');", NULL, NULL, NULL) != SQLITE_OK)
        fail (sqlite3_errmsg (db));
    }
  return 0;
}
