/* rp-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why tiers and early termination: bm25 over every match of a common term
 * costs time proportional to the number of matches (the straightforward
 * single-table design spends 50–100 ms per query at 200,000 entries). Here
 * each tier walks its matches newest first and stops after a bounded number
 * of distinct entries, so the cost of a query is bounded by what it shows,
 * not by how common its words are. For the same reason the head tiers rank
 * with rp_bm25 (FTS5's bm25 without the whole-table pass for the IDF of a
 * single phrase, see rp-search-tokenizer.c), and the body/PDF tier, whose
 * index keeps no positions, is ranked here from the rows it checks.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rp-catalogue-schema.h"
#include "rp-error.h"
#include "rp-pinyin.h"
#include "rp-search-private.h"
#include "rp-search-query.h"
#include "rp-search-tokenizer.h"
#include "rp-search.h"
#include "rp-text-normaliser.h"

/* A PDF page ranks a little below the entry's own text of equal bm25. */
#define PDF_WEIGHT  0.8
/* Lower bound of candidates ranked per tier. */
#define MIN_RANKED  100
#define PART_BITS   24
#define PART_MASK   ((G_GINT64_CONSTANT (1) << PART_BITS) - 1)
/* How often a running statement looks at the caller's cancellable, in
 * SQLite VM instructions: well under a millisecond apart. */
#define CANCEL_CHECK_OPS 2000

typedef enum
{
  TIER_TITLE,
  TIER_PINYIN,
  TIER_HEAD,
  TIER_TEXT,
  N_TIERS
} Tier;

static const struct
{
  const char   *table;
  const char   *rank;
  RpSearchField field;
  double        base;
} tiers[N_TIERS] = {
  /* Field weights: title > keywords > document number > organ > summary. */
  { "search_title", "rp_bm25 (search_title, 10.0, 6.0, 4.0)", RP_SEARCH_FIELD_TITLE, 4000 },
  { "search_pinyin", "rp_bm25_tf (search_pinyin)", RP_SEARCH_FIELD_PINYIN, 3000 },
  { "search_head", "rp_bm25 (search_head, 3.0, 2.0)", RP_SEARCH_FIELD_SUMMARY, 2000 },
  /* Ranked by text_rank (search_text keeps no positions). */
  { "search_text", "0", RP_SEARCH_FIELD_BODY, 1000 },
};

typedef struct
{
  gint64 r;
  gint64 rowid;
  double rank; /* bm25: lower is better */
} Candidate;

struct _RpSearch
{
  GObject       parent_instance;
  sqlite3      *db;
  sqlite3_stmt *hydrate;
  sqlite3_stmt *page_text;
  sqlite3_stmt *body_of;
  sqlite3_stmt *page_of;
  sqlite3_stmt *facet_row;
  GHashTable   *category_names;
  GCancellable *cancellable; /* the running call's (borrowed), or NULL */
};

G_DEFINE_FINAL_TYPE (RpSearch, rp_search, G_TYPE_OBJECT)

static void
rp_search_finalize (GObject *object)
{
  RpSearch *self = RP_SEARCH (object);

  g_clear_pointer (&self->hydrate, sqlite3_finalize);
  g_clear_pointer (&self->page_text, sqlite3_finalize);
  g_clear_pointer (&self->body_of, sqlite3_finalize);
  g_clear_pointer (&self->page_of, sqlite3_finalize);
  g_clear_pointer (&self->facet_row, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->category_names, g_hash_table_unref);

  G_OBJECT_CLASS (rp_search_parent_class)->finalize (object);
}

static void
rp_search_class_init (RpSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_search_finalize;
}

static void
rp_search_init (RpSearch *self)
{
  self->category_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* SQLITE_INTERRUPT comes only from check_cancelled. */
static gboolean
db_error (RpSearch   *self,
          const char *what,
          GError    **error)
{
  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s: %s", what, sqlite3_errmsg (self->db));
  return FALSE;
}

static int
check_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* Every statement of the call, including the lookups made row by row,
 * stops soon after @cancellable is cancelled (NULL: stop watching). */
static void
watch_cancellable (RpSearch     *self,
                   GCancellable *cancellable)
{
  self->cancellable = cancellable;
  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, CANCEL_CHECK_OPS, check_cancelled, cancellable);
  else
    sqlite3_progress_handler (self->db, 0, NULL, NULL);
}

RpSearch *
rp_search_open (const char *db_path,
                GError    **error)
{
  g_autoptr(RpSearch) self = g_object_new (RP_TYPE_SEARCH, NULL);
  g_autofree char *uri = NULL;
  g_autofree char *uri_imm = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  g_return_val_if_fail (db_path != NULL, NULL);

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, "No catalogue at “%s”", db_path);
      return NULL;
    }
  uri = g_filename_to_uri (db_path, NULL, error);
  if (uri == NULL)
    return NULL;
  /* The bundle's database never changes once built (see rp-catalogue.c). */
  uri_imm = g_strconcat (uri, "?immutable=1", NULL);
  if (sqlite3_open_v2 (uri_imm, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot open the catalogue “%s”: %s",
                   db_path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  if (!rp_search_tokenizer_register (self->db, error))
    return NULL;
  /* Read-only and immutable: map it rather than copy every page read into
   * the page cache (the index of a query touches a few hundred pages). */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 4294967296", NULL, NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (version != RP_CATALOGUE_SCHEMA_VERSION)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE,
                   "The catalogue “%s” has layout %" G_GINT64_FORMAT ", this program reads %d: rebuild it",
                   db_path, version, RP_CATALOGUE_SCHEMA_VERSION);
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT e.id, e.title, e.date, e.organ, e.category, e.keywords,"
                          " e.doc_number, e.summary, CASE WHEN ?2 THEN e.body END, e.rowid"
                          " FROM search_entry s JOIN entries e ON e.rowid = s.entry WHERE s.r = ?1",
                          -1, &self->hydrate, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT text FROM search_pages WHERE entry = ?1 AND attachment = ?2 AND page = ?3",
                          -1, &self->page_text, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT e.body FROM search_entry s JOIN entries e ON e.rowid = s.entry WHERE s.r = ?1",
                          -1, &self->body_of, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT p.text FROM search_entry s JOIN search_pages p ON p.entry = s.entry"
                          " WHERE s.r = ?1 AND p.attachment = ?2 AND p.page = ?3",
                          -1, &self->page_of, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "SELECT category, organ, year, genre FROM search_entry WHERE r = ?1",
                          -1, &self->facet_row, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "SELECT id, name FROM categories", -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, "read the search index (rebuild the catalogue)", error);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (self->category_names,
                         g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  return g_steal_pointer (&self);
}

void
rp_search_prepare (RpSearch *self)
{
  gunichar folded[RP_NORMALISE_MAX_CHARS];

  g_return_if_fail (RP_IS_SEARCH (self));

  /* Both are built on first use, once per process (thread-safe). */
  rp_normalise_char (0x653F /* 政 */, folded);
  rp_pinyin_get_readings (0x653F);
}

/* --- running tiers ------------------------------------------------------- */

static gboolean
has_filter (const RpSearchOptions *o)
{
  return o->category != NULL || o->organ != NULL || o->genre != NULL || o->year != 0;
}

/* Only constants and placeholders go into the SQL; user text is bound. */
static sqlite3_stmt *
prepare_tier (RpSearch              *self,
              Tier                   tier,
              const char            *expression,
              const RpSearchOptions *o,
              gboolean               ranked,
              GError               **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_string_printf (sql, "SELECT %s, %s FROM %s t", tier == TIER_TEXT ? "p.key" : "t.rowid",
                   ranked ? tiers[tier].rank : "0", tiers[tier].table);
  /* CROSS JOIN keeps the full-text table outermost, walked newest first. */
  if (tier == TIER_TEXT)
    g_string_append (sql, " CROSS JOIN search_part p ON p.n = t.rowid");
  if (has_filter (o))
    g_string_append_printf (sql, " CROSS JOIN search_entry s ON s.r = %s",
                            tier == TIER_TEXT ? "(p.key >> " G_STRINGIFY (PART_BITS) ")" : "t.rowid");
  g_string_append_printf (sql, " WHERE %s MATCH ?1", tiers[tier].table);
  if (o->category != NULL)
    g_string_append (sql, " AND s.category = ?2");
  if (o->organ != NULL)
    g_string_append (sql, " AND s.organ = ?3");
  if (o->genre != NULL)
    g_string_append (sql, " AND s.genre = ?4");
  if (o->year != 0)
    g_string_append (sql, " AND s.year = ?5");
  g_string_append (sql, " ORDER BY t.rowid DESC");

  if (sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (self, "prepare a search", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_TRANSIENT);
  if (o->category != NULL)
    sqlite3_bind_text (stmt, 2, o->category, -1, SQLITE_STATIC);
  if (o->organ != NULL)
    sqlite3_bind_text (stmt, 3, o->organ, -1, SQLITE_STATIC);
  if (o->genre != NULL)
    sqlite3_bind_text (stmt, 4, o->genre, -1, SQLITE_STATIC);
  if (o->year != 0)
    sqlite3_bind_int (stmt, 5, o->year);
  return stmt;
}

/* Column 0 of a tier's rows: search_part's key for TIER_TEXT, r otherwise. */
static gint64
entry_of (Tier   tier,
          gint64 rowid)
{
  return tier == TIER_TEXT ? rowid >> PART_BITS : rowid;
}

static const char *
tier_expression (const RpSearchQuery *query,
                 Tier                 tier)
{
  return tier == TIER_PINYIN ? query->pinyin_expression
         : tier == TIER_TEXT ? query->text_expression
                             : query->expression;
}

/* Whether a search_text row (body or PDF page) really holds the query: its
 * phrases at consecutive positions, where the index only knows that each
 * token occurs. Also its bm25 term frequencies and length for text_rank. */
static gboolean
check_part (RpSearch            *self,
            const RpSearchQuery *query,
            gint64               key,
            guint               *tf,
            guint               *length)
{
  gint64 part = key & PART_MASK;
  sqlite3_stmt *stmt = part == 0 ? self->body_of : self->page_of;
  guint first_match;
  gboolean found = FALSE;

  sqlite3_bind_int64 (stmt, 1, key >> PART_BITS);
  if (part != 0)
    {
      sqlite3_bind_int (stmt, 2, (int) (part >> 16));
      sqlite3_bind_int (stmt, 3, (int) (part & 0xFFFF));
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = rp_search_query_check (query, (const char *) sqlite3_column_text (stmt, 0), tf, length,
                                   &first_match);
  sqlite3_reset (stmt);
  return found;
}

/* bm25 (k1 = 1.2, b = 0.75, as FTS5's) over the checked rows, every phrase
 * weighing the same, the average length taken over those rows. */
static void
text_rank (GArray      *rows,
           const guint *tf,
           const guint *lengths,
           guint        n_phrases)
{
  double avg = 0;

  for (guint i = 0; i < rows->len; i++)
    avg += lengths[i];
  avg = rows->len > 0 ? MAX (avg / rows->len, 1.0) : 1.0;
  for (guint i = 0; i < rows->len; i++)
    {
      Candidate *c = &g_array_index (rows, Candidate, i);
      double score = 0;

      for (guint k = 0; k < n_phrases; k++)
        {
          double f = tf[i * n_phrases + k];
          score += f * 2.2 / (f + 1.2 * (0.25 + 0.75 * lengths[i] / avg));
        }
      c->rank = -score;
      if ((c->rowid & PART_MASK) != 0)
        c->rank *= PDF_WEIGHT;
    }
}

/* Collects up to @want entries not in @seen, newest first, each with its
 * best-ranked row (a full-text match may hit several pages of one entry).
 * search_text rows are checked against their text, then ranked. */
static gboolean
collect_tier (RpSearch              *self,
              Tier                   tier,
              const RpSearchQuery   *query,
              const RpSearchOptions *o,
              GHashTable            *seen,
              guint                  want,
              GArray                *out,
              GError               **error)
{
  g_autoptr(GHashTable) mine = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GArray) tfs = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_phrases = query->phrases->len;
  sqlite3_stmt *stmt = prepare_tier (self, tier, tier_expression (query, tier), o, TRUE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Candidate c;

      c.rowid = sqlite3_column_int64 (stmt, 0);
      c.r = entry_of (tier, c.rowid);
      c.rank = sqlite3_column_double (stmt, 1);
      if (g_hash_table_contains (seen, GSIZE_TO_POINTER (c.r)))
        continue;
      /* Rows come entry by entry: a new entry past the quota ends the walk. */
      if (!g_hash_table_contains (mine, GSIZE_TO_POINTER (c.r)) && g_hash_table_size (mine) >= want)
        break;
      if (tier == TIER_TEXT)
        {
          guint length;

          g_array_set_size (tfs, (rows->len + 1) * n_phrases);
          if (!check_part (self, query, c.rowid, &g_array_index (tfs, guint, rows->len * n_phrases), &length))
            continue;
          g_array_append_val (lengths, length);
        }
      g_array_append_val (rows, c);
      g_hash_table_add (mine, GSIZE_TO_POINTER (c.r));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error (self, "search", error);

  if (tier == TIER_TEXT)
    text_rank (rows, (guint *) (void *) tfs->data, (guint *) (void *) lengths->data, n_phrases);
  g_hash_table_remove_all (mine);
  for (guint i = 0; i < rows->len; i++)
    {
      Candidate *c = &g_array_index (rows, Candidate, i);
      gpointer index;

      if (g_hash_table_lookup_extended (mine, GSIZE_TO_POINTER (c->r), NULL, &index))
        {
          Candidate *best = &g_array_index (out, Candidate, GPOINTER_TO_UINT (index));
          if (c->rank < best->rank)
            *best = *c;
          continue;
        }
      g_array_append_val (out, *c);
      g_hash_table_insert (mine, GSIZE_TO_POINTER (c->r), GUINT_TO_POINTER (out->len - 1));
    }
  return TRUE;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return x->r > y->r ? -1 : x->r < y->r ? 1 : 0;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static RpSnippet *
first_snippet (const RpSearchQuery *query,
               const char          *texts[],
               guint                n)
{
  for (guint i = 0; i < n; i++)
    if (texts[i] != NULL && *texts[i] != '\0')
      {
        g_autoptr(RpSnippet) found = rp_snippet_find (texts[i], query);
        if (found != NULL)
          return rp_snippet_cut (texts[i], query, 0);
      }
  return NULL;
}

static RpSearchResult *
hydrate (RpSearch            *self,
         const RpSearchQuery *query,
         Tier                 tier,
         const Candidate     *c)
{
  RpSearchResult *result;
  gint64 part = tier == TIER_TEXT ? c->rowid & PART_MASK : 0;
  gint64 entry_rowid;
  const char *summary, *keywords, *doc_number, *organ;

  sqlite3_bind_int64 (self->hydrate, 1, c->r);
  sqlite3_bind_int (self->hydrate, 2, tier == TIER_TEXT && part == 0);
  if (sqlite3_step (self->hydrate) != SQLITE_ROW)
    {
      sqlite3_reset (self->hydrate);
      return NULL;
    }
  result = g_object_new (RP_TYPE_SEARCH_RESULT, NULL);
  result->id = dup_column (self->hydrate, 0);
  result->title = dup_column (self->hydrate, 1);
  result->date = dup_column (self->hydrate, 2);
  result->organ = dup_column (self->hydrate, 3);
  result->category = dup_column (self->hydrate, 4);
  result->field = tiers[tier].field;
  result->score = tiers[tier].base + CLAMP (-c->rank, 0.0, 999.0);
  keywords = (const char *) sqlite3_column_text (self->hydrate, 5);
  doc_number = (const char *) sqlite3_column_text (self->hydrate, 6);
  summary = (const char *) sqlite3_column_text (self->hydrate, 7);
  organ = result->organ;
  entry_rowid = sqlite3_column_int64 (self->hydrate, 9);

  result->title_snippet = tier == TIER_PINYIN ? rp_snippet_find_pinyin (result->title, query)
                                              : rp_snippet_find (result->title, query);
  switch (tier)
    {
    case TIER_TITLE:
      {
        const char *fields[] = { keywords, doc_number };
        result->snippet = first_snippet (query, fields, G_N_ELEMENTS (fields));
      }
      break;
    case TIER_HEAD:
      {
        const char *fields[] = { organ };
        if (summary != NULL && (result->snippet = rp_snippet_find (summary, query)) != NULL)
          {
            g_clear_pointer (&result->snippet, rp_snippet_free);
            result->snippet = rp_snippet_cut (summary, query, 20);
          }
        else
          result->snippet = first_snippet (query, fields, G_N_ELEMENTS (fields));
      }
      break;
    case TIER_TEXT:
      if (part == 0)
        {
          const char *body = (const char *) sqlite3_column_text (self->hydrate, 8);
          if (body != NULL)
            result->snippet = rp_snippet_cut (body, query, 20);
        }
      else
        {
          result->field = RP_SEARCH_FIELD_PDF;
          result->attachment = (int) (part >> 16);
          result->page = (guint) (part & 0xFFFF);
          sqlite3_bind_int64 (self->page_text, 1, entry_rowid);
          sqlite3_bind_int (self->page_text, 2, result->attachment);
          sqlite3_bind_int (self->page_text, 3, result->page);
          if (sqlite3_step (self->page_text) == SQLITE_ROW)
            result->snippet = rp_snippet_cut ((const char *) sqlite3_column_text (self->page_text, 0),
                                              query, 20);
          sqlite3_reset (self->page_text);
        }
      break;
    case TIER_PINYIN:
    case N_TIERS:
    default:
      break;
    }
  /* Title and pinyin hits show the start of the summary for context. */
  if (result->snippet == NULL && summary != NULL)
    result->snippet = rp_snippet_cut (summary, query, 20);
  sqlite3_reset (self->hydrate);
  return result;
}

static GListModel *
run (RpSearch              *self,
     const char            *text,
     const RpSearchOptions *o,
     GError               **error)
{
  g_autoptr(RpSearchQuery) query = NULL;
  g_autoptr(GListStore) results = NULL;
  g_autoptr(GHashTable) seen = NULL;
  guint limit = o->limit ? o->limit : RP_SEARCH_DEFAULT_LIMIT;
  guint count = 0;

  query = rp_search_query_parse (text, error);
  if (query == NULL)
    return NULL;
  results = g_list_store_new (RP_TYPE_SEARCH_RESULT);
  seen = g_hash_table_new (NULL, NULL);

  for (Tier tier = 0; tier < N_TIERS && count < limit; tier++)
    {
      const char *expression = tier_expression (query, tier);
      g_autoptr(GArray) candidates = NULL;
      guint need = limit - count;
      guint want = need > G_MAXUINT / 8 ? G_MAXUINT : MAX (need * 5, MIN_RANKED);

      if (expression == NULL)
        continue;
      candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      if (!collect_tier (self, tier, query, o, seen, want, candidates, error))
        return NULL;
      g_array_sort (candidates, compare_candidates);
      for (guint i = 0; i < candidates->len && count < limit; i++)
        {
          Candidate *c = &g_array_index (candidates, Candidate, i);
          g_autoptr(RpSearchResult) result = hydrate (self, query, tier, c);

          if (result == NULL)
            continue;
          g_hash_table_add (seen, GSIZE_TO_POINTER (c->r));
          g_list_store_append (results, result);
          count++;
        }
    }
  if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
    return NULL;
  return G_LIST_MODEL (g_steal_pointer (&results));
}

GListModel *
rp_search_run (RpSearch              *self,
               const char            *text,
               const RpSearchOptions *options,
               GError               **error)
{
  static const RpSearchOptions defaults = { 0 };
  const RpSearchOptions *o = options ? options : &defaults;
  GListModel *results;

  g_return_val_if_fail (RP_IS_SEARCH (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
    return NULL;
  watch_cancellable (self, o->cancellable);
  results = run (self, text, o, error);
  watch_cancellable (self, NULL);
  return results;
}

/* --- facets --------------------------------------------------------------- */

static int
compare_facets (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  RpSearchFacet *x = (RpSearchFacet *) a, *y = (RpSearchFacet *) b;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_strcmp0 (x->value, y->value);
}

/* Counted for every match (up to RP_SEARCH_FACET_CAP of them): a lookup
 * of the value as SQLite returns it; a copy only for a value not seen yet. */
static void
count_value (GHashTable *counts,
             const char *value)
{
  guint *count;

  if (value == NULL || *value == '\0')
    return;
  count = g_hash_table_lookup (counts, value);
  if (count == NULL)
    {
      count = g_new0 (guint, 1);
      g_hash_table_insert (counts, g_strdup (value), count);
    }
  (*count)++;
}

#define N_FACET_KINDS (RP_SEARCH_FACET_GENRE + 1)

static GListModel *
facets_of (RpSearch              *self,
           const char            *text,
           const RpSearchOptions *o,
           guint                 *out_n_matches,
           gboolean              *out_exact,
           GError               **error)
{
  static const Tier facet_tiers[] = { TIER_TITLE, TIER_HEAD, TIER_PINYIN, TIER_TEXT };
  g_autoptr(RpSearchQuery) query = NULL;
  g_autoptr(GHashTable) matches = NULL;
  g_autoptr(GListStore) facets = NULL;
  GHashTable *counts[N_FACET_KINDS];
  gboolean exact = TRUE;
  GHashTableIter iter;
  gpointer key, value;

  query = rp_search_query_parse (text, error);
  if (query == NULL)
    return NULL;
  matches = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (facet_tiers) && exact; i++)
    {
      Tier tier = facet_tiers[i];
      const char *expression = tier_expression (query, tier);
      sqlite3_stmt *stmt;
      int rc;

      if (expression == NULL)
        continue;
      stmt = prepare_tier (self, tier, expression, o, FALSE, error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 row = sqlite3_column_int64 (stmt, 0);
          gint64 r = entry_of (tier, row);

          if (g_hash_table_contains (matches, GSIZE_TO_POINTER (r)))
            continue;
          if (g_cancellable_is_cancelled (o->cancellable))
            break;
          if (tier == TIER_TEXT && query->text_check)
            {
              g_autofree guint *tf = g_new (guint, query->phrases->len);
              guint length;

              if (!check_part (self, query, row, tf, &length))
                continue;
            }
          if (g_hash_table_size (matches) >= RP_SEARCH_FACET_CAP)
            {
              exact = FALSE;
              break;
            }
          g_hash_table_add (matches, GSIZE_TO_POINTER (r));
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          db_error (self, "search", error);
          return NULL;
        }
      if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
        return NULL;
    }

  /* The columns of facet_row, in RpSearchFacetKind order. */
  for (guint k = 0; k < N_FACET_KINDS; k++)
    counts[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, matches);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_bind_int64 (self->facet_row, 1, (gint64) GPOINTER_TO_SIZE (key));
      if (sqlite3_step (self->facet_row) == SQLITE_ROW)
        for (guint k = 0; k < N_FACET_KINDS; k++)
          count_value (counts[k], (const char *) sqlite3_column_text (self->facet_row, (int) k));
      sqlite3_reset (self->facet_row);
    }

  facets = g_list_store_new (RP_TYPE_SEARCH_FACET);
  for (guint k = 0; k < N_FACET_KINDS; k++)
    {
      g_hash_table_iter_init (&iter, counts[k]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          RpSearchFacet *facet = g_object_new (RP_TYPE_SEARCH_FACET, NULL);

          facet->kind = (RpSearchFacetKind) k;
          facet->value = g_strdup (key);
          facet->count = *(guint *) value;
          if (facet->kind == RP_SEARCH_FACET_CATEGORY)
            facet->label = g_strdup (g_hash_table_lookup (self->category_names, facet->value));
          g_list_store_append (facets, facet);
          g_object_unref (facet);
        }
      g_hash_table_unref (counts[k]);
    }
  g_list_store_sort (facets, compare_facets, NULL);
  /* Stopped while counting: the counts are short. */
  if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
    return NULL;

  if (out_n_matches != NULL)
    *out_n_matches = g_hash_table_size (matches);
  if (out_exact != NULL)
    *out_exact = exact;
  return G_LIST_MODEL (g_steal_pointer (&facets));
}

GListModel *
rp_search_facets (RpSearch              *self,
                  const char            *text,
                  const RpSearchOptions *options,
                  guint                 *out_n_matches,
                  gboolean              *out_exact,
                  GError               **error)
{
  static const RpSearchOptions defaults = { 0 };
  const RpSearchOptions *o = options ? options : &defaults;
  GListModel *facets;

  g_return_val_if_fail (RP_IS_SEARCH (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
    return NULL;
  watch_cancellable (self, o->cancellable);
  facets = facets_of (self, text, o, out_n_matches, out_exact, error);
  watch_cancellable (self, NULL);
  return facets;
}
