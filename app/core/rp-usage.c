/* rp-usage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariants (DESIGN.md, "Usage counters"):
 *
 *  - The text of a search term is on disk only once k distinct visits have
 *    committed it on one day. Below that, a term lives only in this
 *    object's memory (`pending`, one table per day, wiped when the day is
 *    over or the object goes), and the disk holds a count of the day's
 *    searches without any text or hash (subject RP_USAGE_OTHER_SUBJECT),
 *    so totals stay right. Nothing that could reverse a rare term — no
 *    hash, no key — is written.
 *  - A visit counts a term at most once, so a term's count is a count of
 *    distinct visits. Which terms a visit searched is kept in memory only
 *    until the visit ends; visits have no identifier anywhere.
 *  - A search is counted when committed: a result of it opened, or its
 *    text left unchanged (rp_usage_search_settled) and not then extended
 *    by more typing. A prefix the resident typed on the way to a longer
 *    text is never counted.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rp-error.h"
#include "rp-text-normaliser.h"
#include "rp-usage.h"
#include "rp-usage-private.h"

/* Search text longer than this is not a search term anyone else typed. */
#define MAX_TERM_CHARS 64

typedef struct
{
  guint visits;    /* distinct visits that committed the term today */
  guint no_result; /* how many of them found nothing */
} Pending;

struct _RpUsage
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  guint       k;

  /* Memory only; see the invariants above. */
  GHashTable *pending;     /* day → (term → Pending), terms below k */
  GHashTable *visit_terms; /* terms the current visit counted; NULL: no visit */
  char       *box_text;    /* the visit's search text, not yet counted */
  guint       box_n_results;
  gboolean    box_settled;
};

G_DEFINE_FINAL_TYPE (RpUsage, rp_usage, G_TYPE_OBJECT)

static const char *kind_names[RP_USAGE_N_KINDS] = {
  [RP_USAGE_VISIT] = "visit",
  [RP_USAGE_HOUR] = "hour",
  [RP_USAGE_CATEGORY] = "category",
  [RP_USAGE_ENTRY] = "entry",
  [RP_USAGE_DOCUMENT] = "document",
  [RP_USAGE_PAGES_READ] = "pages-read",
  [RP_USAGE_SEARCH] = "search",
  [RP_USAGE_SEARCH_EMPTY] = "search-no-result",
  [RP_USAGE_LANGUAGE] = "language",
  [RP_USAGE_TEXT_SIZE] = "text-size",
  [RP_USAGE_QR] = "qr-shown",
  [RP_USAGE_DOCUMENT_FAILED] = "document-failed",
};

/* Search text is overwritten before its memory is given back. */
static void
forget_text (char *text)
{
  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

static void
rp_usage_finalize (GObject *object)
{
  RpUsage *self = RP_USAGE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->visit_terms, g_hash_table_unref);
  g_clear_pointer (&self->box_text, forget_text);

  G_OBJECT_CLASS (rp_usage_parent_class)->finalize (object);
}

static void
rp_usage_class_init (RpUsageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_usage_finalize;
}

static void
rp_usage_init (RpUsage *self)
{
  self->k = RP_USAGE_DEFAULT_K;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_hash_table_unref);
}

static gboolean
sql_error (RpUsage    *self,
           const char *what,
           GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s in “%s”: %s",
               what, self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (RpUsage    *self,
      const char *sql,
      const char *what,
      GError    **error)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK ? TRUE : sql_error (self, what, error);
}

RpUsage *
rp_usage_open (const char *path,
               GError    **error)
{
  g_autoptr(RpUsage) self = g_object_new (RP_TYPE_USAGE, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      sql_error (self, "open the usage counters", error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* secure_delete: a purged counter is overwritten, not left in a free
   * page. A rollback journal (not WAL) keeps no second copy of old pages
   * after a commit. WITHOUT ROWID tables are ordered by their key, so
   * nothing on disk records in which order events happened. */
  if (sqlite3_exec (self->db,
                    "PRAGMA secure_delete = ON;"
                    "PRAGMA journal_mode = DELETE;"
                    "PRAGMA synchronous = FULL;"
                    "CREATE TABLE IF NOT EXISTS counters ("
                    "  day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,"
                    "  count INTEGER NOT NULL, PRIMARY KEY (day, kind, subject)) WITHOUT ROWID;"
                    /* Upload batches (rp-usage-upload.c): a random name, the
                     * period and the exported payload, nothing else. */
                    "CREATE TABLE IF NOT EXISTS uploads ("
                    "  name TEXT PRIMARY KEY, first TEXT NOT NULL, last TEXT NOT NULL,"
                    "  payload TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (self, "create the usage schema", error);
      return NULL;
    }
  if (!rp_usage_migrate_hashed_terms (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
rp_usage_set_k (RpUsage *self,
                guint    k)
{
  g_return_if_fail (RP_IS_USAGE (self));
  self->k = MAX (1, k);
}

const char *
rp_usage_kind_to_string (RpUsageKind kind)
{
  g_return_val_if_fail (kind < RP_USAGE_N_KINDS, NULL);
  return kind_names[kind];
}

const char *
rp_usage_duration_bucket (guint seconds)
{
  if (seconds < 60)
    return "<1min";
  if (seconds < 5 * 60)
    return "1-5min";
  if (seconds < 15 * 60)
    return "5-15min";
  if (seconds < 30 * 60)
    return "15-30min";
  return ">30min";
}

const char *
rp_usage_pages_bucket (guint pages)
{
  if (pages <= 1)
    return "1";
  if (pages <= 5)
    return "2-5";
  if (pages <= 20)
    return "6-20";
  return ">20";
}

static char *
day_of (GDateTime *when)
{
  g_autoptr(GDateTime) now = when ? g_date_time_ref (when) : g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

/* Adds @delta (may be negative) to a counter; a counter at 0 goes. */
static gboolean
add (RpUsage    *self,
     const char *day,
     const char *kind,
     const char *subject,
     gint64      delta,
     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO counters (day, kind, subject, count) VALUES (?1, ?2, ?3, max(?4, 0))"
                          " ON CONFLICT (day, kind, subject) DO UPDATE SET count = max(count + ?4, 0)",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "count", error);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, delta);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (ok && delta < 0)
    {
      if (sqlite3_prepare_v2 (self->db, "DELETE FROM counters WHERE day = ? AND kind = ? AND subject = ? AND count <= 0",
                              -1, &stmt, NULL) != SQLITE_OK)
        return sql_error (self, "count", error);
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
    }
  return ok ? TRUE : sql_error (self, "count", error);
}

static gboolean
increment (RpUsage    *self,
           const char *day,
           const char *kind,
           const char *subject,
           GError    **error)
{
  return add (self, day, kind, subject, 1, error);
}

gboolean
rp_usage_count (RpUsage     *self,
                RpUsageKind  kind,
                const char  *subject,
                GDateTime   *when,
                GError     **error)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);
  g_return_val_if_fail (kind < RP_USAGE_N_KINDS, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);

  if (kind == RP_USAGE_SEARCH || kind == RP_USAGE_SEARCH_EMPTY)
    return rp_usage_count_search (self, subject, kind == RP_USAGE_SEARCH ? 1 : 0, when, error);
  /* Other subjects are identifiers the program chose (ids, buckets). */
  if (!g_utf8_validate (subject, -1, NULL) || rp_usage_looks_personal (subject))
    return TRUE;
  day = day_of (when);
  return increment (self, day, kind_names[kind], subject, error);
}

gboolean
rp_usage_count_catalogue_id (RpUsage     *self,
                             RpUsageKind  kind,
                             const char  *id,
                             GDateTime   *when,
                             GError     **error)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);
  g_return_val_if_fail (kind == RP_USAGE_CATEGORY || kind == RP_USAGE_ENTRY || kind == RP_USAGE_DOCUMENT ||
                        kind == RP_USAGE_QR || kind == RP_USAGE_DOCUMENT_FAILED, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!g_utf8_validate (id, -1, NULL) || strlen (id) > 256)
    return TRUE;
  day = day_of (when);
  return increment (self, day, kind_names[kind], id, error);
}

/* Folded, trimmed, inner white space collapsed: "  Zheng  Fu " and
 * "zheng fu" are one term. NULL when it must not be kept at all. */
static char *
fold_term (const char *text)
{
  g_autofree char *folded = rp_normalise_text (text, -1);
  /* NFKC has turned the ideographic space into a plain one. */
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t\r\n", -1);
  g_autoptr(GString) term = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (term->len > 0)
        g_string_append_c (term, ' ');
      g_string_append (term, words[i]);
    }
  if (term->len == 0 || g_utf8_strlen (term->str, -1) > MAX_TERM_CHARS ||
      rp_usage_looks_personal (term->str) || rp_usage_looks_personal (text))
    return NULL;
  return g_string_free (g_steal_pointer (&term), FALSE);
}

/* A term is on disk under its text only once k visits counted it. */
static gboolean
term_is_known (RpUsage    *self,
               const char *term)
{
  sqlite3_stmt *stmt = NULL;
  gboolean known;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM counters WHERE kind = 'search' AND subject = ? LIMIT 1", -1,
                          &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_STATIC);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return known;
}

/* A term that did not reach k visits in its day is never written: the
 * days before @day are wiped. */
static void
forget_days_before (RpUsage    *self,
                    const char *day)
{
  GHashTableIter iter;
  const char *other;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, (gpointer *) &other, NULL))
    if (strcmp (other, day) < 0)
      g_hash_table_iter_remove (&iter);
}

/* (transfer none): the terms below k on @day. */
static GHashTable *
pending_of_day (RpUsage    *self,
                const char *day)
{
  GHashTable *terms = g_hash_table_lookup (self->pending, day);

  if (terms != NULL)
    return terms;
  forget_days_before (self, day);
  terms = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) forget_text, g_free);
  g_hash_table_insert (self->pending, g_strdup (day), terms);
  return terms;
}

/* Counts @term for this visit; see the invariants at the top. */
static gboolean
count_term (RpUsage    *self,
            const char *term,
            gboolean    no_result,
            const char *day,
            GError    **error)
{
  const char *search = kind_names[RP_USAGE_SEARCH];
  const char *empty = kind_names[RP_USAGE_SEARCH_EMPTY];
  GHashTable *terms;
  Pending *pending;
  gboolean ok;

  if (!exec (self, "BEGIN IMMEDIATE", "count a search", error))
    return FALSE;
  if (term_is_known (self, term))
    ok = increment (self, day, search, term, error) && (!no_result || increment (self, day, empty, term, error));
  else
    {
      terms = pending_of_day (self, day);
      pending = g_hash_table_lookup (terms, term);
      if (pending == NULL)
        {
          pending = g_new0 (Pending, 1);
          g_hash_table_insert (terms, g_strdup (term), pending);
        }
      pending->visits++;
      pending->no_result += no_result ? 1 : 0;
      ok = increment (self, day, search, RP_USAGE_OTHER_SUBJECT, error) &&
           (!no_result || increment (self, day, empty, RP_USAGE_OTHER_SUBJECT, error));
      /* The k-th visit: the day's counts of the term move out of "other"
       * under its text, the first moment it is written. */
      if (ok && pending->visits >= self->k)
        {
          ok = add (self, day, search, RP_USAGE_OTHER_SUBJECT, -(gint64) pending->visits, error) &&
               add (self, day, search, term, pending->visits, error) &&
               (pending->no_result == 0 ||
                (add (self, day, empty, RP_USAGE_OTHER_SUBJECT, -(gint64) pending->no_result, error) &&
                 add (self, day, empty, term, pending->no_result, error)));
          if (ok)
            g_hash_table_remove (terms, term);
        }
    }
  if (!ok)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return exec (self, "COMMIT", "count a search", error);
}

void
rp_usage_begin_visit (RpUsage *self)
{
  g_return_if_fail (RP_IS_USAGE (self));

  if (self->visit_terms == NULL)
    self->visit_terms = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) forget_text, NULL);
}

gboolean
rp_usage_end_visit (RpUsage *self,
                    GError **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);

  /* The text left in the box when the resident went was their search. */
  if (self->box_text != NULL && self->box_settled)
    ok = rp_usage_count_search (self, self->box_text, self->box_n_results, NULL, error);
  g_clear_pointer (&self->box_text, forget_text);
  self->box_settled = FALSE;
  g_clear_pointer (&self->visit_terms, g_hash_table_unref);
  return ok;
}

gboolean
rp_usage_count_search (RpUsage    *self,
                       const char *text,
                       guint       n_results,
                       GDateTime  *when,
                       GError    **error)
{
  g_autofree char *day = NULL;
  char *term;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL) || (term = fold_term (text)) == NULL)
    return TRUE;
  rp_usage_begin_visit (self);
  if (g_hash_table_contains (self->visit_terms, term))
    {
      forget_text (term);
      return TRUE;
    }
  g_hash_table_add (self->visit_terms, term);
  day = day_of (when);
  return count_term (self, term, n_results == 0, day, error);
}

static char *
box_text_of (const char *text)
{
  char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  return stripped;
}

/* Whether @now goes on typing @settled rather than replacing it: more
 * typed after it, or pinyin being composed in the box (the on-screen
 * keyboard types its letters there): letters turned into characters
 * ("wang" → "王", "王小ming" → "王小明"), or the letters after a character
 * corrected ("王小ming" → "王小min"). A pinyin search on its own
 * ("ljfl" → "ljf") is a text like any other. */
static gboolean
continues (const char *settled,
           const char *now)
{
  gsize common = 0, run = strlen (settled);

  if (now == NULL)
    return FALSE;
  if (g_str_has_prefix (now, settled))
    return TRUE;
  while (settled[common] != '\0' && settled[common] == now[common])
    common++;
  while (common > 0 && (settled[common] & 0xC0) == 0x80)
    common--;
  for (const char *p = settled + common; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  if ((guchar) now[common] >= 0x80)
    return TRUE;
  while (run > 0 && g_ascii_isalpha (settled[run - 1]))
    run--;
  if (run == 0 || (guchar) settled[run - 1] < 0x80 || common < run)
    return FALSE;
  for (const char *p = now + common; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return TRUE;
}

gboolean
rp_usage_search_edited (RpUsage    *self,
                        const char *text,
                        GError    **error)
{
  char *now;
  gboolean ok = TRUE;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  now = box_text_of (text);
  if (g_strcmp0 (now, self->box_text) == 0)
    {
      forget_text (now);
      return TRUE;
    }
  /* A settled text that the resident goes on typing after was a prefix,
   * not a search; one they delete or replace was their search. */
  if (self->box_text != NULL && self->box_settled && !continues (self->box_text, now))
    ok = rp_usage_count_search (self, self->box_text, self->box_n_results, NULL, error);
  forget_text (self->box_text);
  self->box_text = now;
  self->box_settled = FALSE;
  return ok;
}

void
rp_usage_search_settled (RpUsage    *self,
                         const char *text,
                         guint       n_results)
{
  g_autofree char *now = NULL;

  g_return_if_fail (RP_IS_USAGE (self));
  g_return_if_fail (text != NULL);

  now = box_text_of (text);
  if (now != NULL && g_strcmp0 (now, self->box_text) == 0)
    {
      self->box_settled = TRUE;
      self->box_n_results = n_results;
    }
  if (now != NULL)
    explicit_bzero (now, strlen (now));
}

gboolean
rp_usage_search_opened (RpUsage *self,
                        GError **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);

  if (self->box_text == NULL)
    return TRUE;
  /* The box keeps its text while the result is open: counted now, it is
   * not counted again when the resident comes back to it. */
  text = g_steal_pointer (&self->box_text);
  self->box_settled = FALSE;
  /* A result was opened: there was one. */
  if (!rp_usage_count_search (self, text, 1, NULL, error))
    {
      explicit_bzero (text, strlen (text));
      return FALSE;
    }
  explicit_bzero (text, strlen (text));
  return TRUE;
}

gboolean
rp_usage_purge (RpUsage   *self,
                guint      retention_days,
                GDateTime *today,
                GError   **error)
{
  g_autoptr(GDateTime) now = today ? g_date_time_ref (today) : g_date_time_new_now_local ();
  g_autoptr(GDateTime) cutoff_time = g_date_time_add_days (now, -(gint) retention_days);
  g_autofree char *cutoff = g_date_time_format (cutoff_time, "%Y-%m-%d");
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);

  if (sqlite3_prepare_v2 (self->db, "DELETE FROM counters WHERE day < ?", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "purge old counters", error);
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  if (!ok)
    return sql_error (self, "purge old counters", error);
  /* secure_delete zeroed the cells; VACUUM gives back the pages. */
  return exec (self, "VACUUM", "purge old counters", error);
}

sqlite3 *
rp_usage_get_db (RpUsage *self)
{
  g_return_val_if_fail (RP_IS_USAGE (self), NULL);
  return self->db;
}

guint
rp_usage_get_k (RpUsage *self)
{
  g_return_val_if_fail (RP_IS_USAGE (self), RP_USAGE_DEFAULT_K);
  return self->k;
}

void
rp_usage_total_free (RpUsageTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->subject);
  g_free (total);
}

GPtrArray *
rp_usage_totals (RpUsage     *self,
                 RpUsageKind  kind,
                 const char  *first,
                 const char  *last,
                 gboolean     by_day,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) totals = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_usage_total_free);
  gboolean search = kind == RP_USAGE_SEARCH || kind == RP_USAGE_SEARCH_EMPTY;
  const char *sql;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), NULL);
  g_return_val_if_fail (kind < RP_USAGE_N_KINDS, NULL);

  if (by_day)
    sql = "SELECT day, sum(count) FROM counters WHERE kind = ?1 AND day BETWEEN ?2 AND ?3"
          " GROUP BY day ORDER BY day";
  else if (search)
    sql = "SELECT subject, sum(count) FROM counters"
          " WHERE kind = ?1 AND day BETWEEN ?2 AND ?3 AND subject <> '" RP_USAGE_OTHER_SUBJECT "'"
          " GROUP BY subject HAVING sum(count) >= ?4 ORDER BY 2 DESC, 1";
  else
    sql = "SELECT subject, sum(count) FROM counters WHERE kind = ?1 AND day BETWEEN ?2 AND ?3"
          " GROUP BY subject ORDER BY 2 DESC, 1";
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, "read usage totals", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, last, -1, SQLITE_STATIC);
  if (search && !by_day)
    sqlite3_bind_int64 (stmt, 4, self->k);
  while (sqlite3_step (stmt) == SQLITE_ROW && (limit == 0 || totals->len < limit))
    {
      RpUsageTotal *t = g_new0 (RpUsageTotal, 1);

      t->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      t->count = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (totals, t);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&totals);
}

char *
rp_usage_local_day (int days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_ago);

  return g_date_time_format (day, "%Y-%m-%d");
}
