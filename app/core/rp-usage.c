/* rp-usage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <sys/random.h>

#include "rp-error.h"
#include "rp-text-normaliser.h"
#include "rp-usage.h"
#include "rp-usage-private.h"

/* Search text longer than this is not a search term anyone else typed. */
#define MAX_TERM_CHARS 64
/* Subjects of search counters are "#" + a keyed hash of the folded text. */
#define HASHED_PREFIX "#"

struct _RpUsage
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
  guint8   term_key[32];
  guint    k;
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
};

static void
rp_usage_finalize (GObject *object)
{
  RpUsage *self = RP_USAGE (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  memset (self->term_key, 0, sizeof self->term_key);

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
load_term_key (RpUsage *self,
               GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = 'term-key'", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "read the term key", error);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == sizeof self->term_key)
    {
      memcpy (self->term_key, sqlite3_column_blob (stmt, 0), sizeof self->term_key);
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  if (found)
    return TRUE;

  /* A random key per usage.db: the hashes of rare terms mean nothing
   * outside this file, and are never exported. */
  if (getrandom (self->term_key, sizeof self->term_key, 0) != sizeof self->term_key)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot get random bytes: %s", g_strerror (errno));
      return FALSE;
    }
  if (sqlite3_prepare_v2 (self->db, "INSERT INTO meta (key, value) VALUES ('term-key', ?)", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "store the term key", error);
  sqlite3_bind_blob (stmt, 1, self->term_key, sizeof self->term_key, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return found ? TRUE : sql_error (self, "store the term key", error);
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
                    "CREATE TABLE IF NOT EXISTS meta ("
                    "  key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
                    "CREATE TABLE IF NOT EXISTS counters ("
                    "  day TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,"
                    "  count INTEGER NOT NULL, PRIMARY KEY (day, kind, subject)) WITHOUT ROWID;"
                    "CREATE TABLE IF NOT EXISTS terms ("
                    "  hash TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID;"
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
  if (!load_term_key (self, error))
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

gboolean
rp_usage_looks_personal (const char *text)
{
  static GRegex *digits, *email;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (text != NULL, TRUE);

  if (g_once_init_enter (&email))
    {
      /* Six digits or more, whatever sits between them: phone numbers
       * (138 0013 8000), ID-card numbers (18 characters, the last maybe X),
       * bank cards, licence plates' digits. */
      digits = g_regex_new ("[0-9](?:[\\s\\-.()/]*[0-9]){5,}", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&email, g_regex_new ("[^\\s@]+@[^\\s@]+\\.[^\\s@]+", G_REGEX_OPTIMIZE, 0, NULL));
    }
  if (!g_utf8_validate (text, -1, NULL))
    return TRUE;
  /* NFKC turns full-width digits and ＠ into their ASCII forms. */
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  return folded == NULL || g_regex_match (digits, folded, 0, NULL) || g_regex_match (email, folded, 0, NULL);
}

static char *
day_of (GDateTime *when)
{
  g_autoptr(GDateTime) now = when ? g_date_time_ref (when) : g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
increment (RpUsage    *self,
           const char *day,
           const char *kind,
           const char *subject,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO counters (day, kind, subject, count) VALUES (?, ?, ?, 1)"
                          " ON CONFLICT (day, kind, subject) DO UPDATE SET count = count + 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "count", error);
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok ? TRUE : sql_error (self, "count", error);
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
                        kind == RP_USAGE_QR, FALSE);
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

static char *
hash_term (RpUsage    *self,
           const char *term)
{
  g_autofree char *mac = g_compute_hmac_for_string (G_CHECKSUM_SHA256, self->term_key,
                                                    sizeof self->term_key, term, -1);
  return g_strconcat (HASHED_PREFIX, mac, NULL);
}

/* The k-th search for a term, within the retention period, is the first
 * moment its text is written down. */
static gboolean
promote_if_common (RpUsage    *self,
                   const char *hash,
                   const char *term,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 total = 0;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (self->db, "SELECT sum(count) FROM counters WHERE subject = ? AND kind = 'search'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "count a term", error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (total < self->k)
    return TRUE;

  if (sqlite3_prepare_v2 (self->db, "INSERT OR IGNORE INTO terms (hash, text) VALUES (?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (self, "store a common term", error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, term, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok ? TRUE : sql_error (self, "store a common term", error);
}

gboolean
rp_usage_count_search (RpUsage    *self,
                       const char *text,
                       guint       n_results,
                       GDateTime  *when,
                       GError    **error)
{
  g_autofree char *term = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL) || (term = fold_term (text)) == NULL)
    return TRUE;
  hash = hash_term (self, term);
  day = day_of (when);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, "count a search", error);
  if (!increment (self, day, kind_names[RP_USAGE_SEARCH], hash, error) ||
      (n_results == 0 && !increment (self, day, kind_names[RP_USAGE_SEARCH_EMPTY], hash, error)) ||
      !promote_if_common (self, hash, term, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, "count a search", error);
  return TRUE;
}

static gboolean
is_date (const char *s)
{
  GDate date;

  if (s == NULL || strlen (s) != 10)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, s);
  return g_date_valid (&date) && s[4] == '-' && s[7] == '-';
}

typedef struct
{
  const char *day;     /* NULL for period rows */
  const char *kind;
  const char *subject; /* NULL: the "other" row */
  gint64      count;
} Row;

static void
csv_field (GString    *out,
           const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
format_rows (GArray        *rows,
             const char    *first,
             const char    *last,
             const char    *site_id,
             guint          k,
             RpUsageFormat  format)
{
  if (format == RP_USAGE_FORMAT_CSV)
    {
      GString *out = g_string_new ("site_id,period_first,period_last,day,kind,subject,count\r\n");

      for (guint i = 0; i < rows->len; i++)
        {
          Row *r = &g_array_index (rows, Row, i);
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, r->count);
          const char *fields[] = { site_id, first, last, r->day ? r->day : "",
                                   r->kind, r->subject ? r->subject : "(other)", count };

          for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              if (f > 0)
                g_string_append_c (out, ',');
              csv_field (out, fields[f]);
            }
          g_string_append (out, "\r\n");
        }
      return g_string_free (out, FALSE);
    }
  else
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_int_value (b, 1);
      json_builder_set_member_name (b, "site_id");
      json_builder_add_string_value (b, site_id);
      json_builder_set_member_name (b, "period");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "first");
      json_builder_add_string_value (b, first);
      json_builder_set_member_name (b, "last");
      json_builder_add_string_value (b, last);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "k");
      json_builder_add_int_value (b, k);
      json_builder_set_member_name (b, "counters");
      json_builder_begin_array (b);
      for (guint i = 0; i < rows->len; i++)
        {
          Row *r = &g_array_index (rows, Row, i);

          json_builder_begin_object (b);
          if (r->day != NULL)
            {
              json_builder_set_member_name (b, "day");
              json_builder_add_string_value (b, r->day);
            }
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, r->kind);
          json_builder_set_member_name (b, "subject");
          if (r->subject != NULL)
            json_builder_add_string_value (b, r->subject);
          else
            json_builder_add_null_value (b);
          if (r->subject == NULL)
            {
              json_builder_set_member_name (b, "other");
              json_builder_add_boolean_value (b, TRUE);
            }
          json_builder_set_member_name (b, "count");
          json_builder_add_int_value (b, r->count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      return json_generator_to_data (gen, NULL);
    }
}

/* (transfer full) (nullable): @sql with ?1 and ?2 bound to the period. */
static sqlite3_stmt *
prepare_period (RpUsage    *self,
                const char *sql,
                const char *first,
                const char *last,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, "export", error);
      return NULL;
    }
  /* TRANSIENT: the statement may outlive the caller's strings. */
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  return stmt;
}

char *
rp_usage_export (RpUsage       *self,
                 const char    *first,
                 const char    *last,
                 const char    *site_id,
                 RpUsageFormat  format,
                 GError       **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autofree char *today = day_of (NULL);
  gint64 other[RP_USAGE_N_KINDS] = { 0 };
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (RP_IS_USAGE (self), NULL);

  if (!is_date (first) || !is_date (last) || strcmp (first, last) > 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "The period must be two dates YYYY-MM-DD, the first not after the last");
      return NULL;
    }
  /* Today is still being counted; a partial day would be reported twice. */
  if (strcmp (last, today) >= 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Only closed days can be exported: the period must end before %s", today);
      return NULL;
    }
  if (site_id == NULL || *site_id == '\0')
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                           "No site id is configured: set one before exporting usage");
      return NULL;
    }

  stmt = prepare_period (self,
                         "SELECT day, kind, subject, count FROM counters"
                         " WHERE day BETWEEN ?1 AND ?2 AND substr(subject, 1, 1) <> '" HASHED_PREFIX "'"
                         " ORDER BY day, kind, subject",
                         first, last, error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row r = {
        g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 0)),
        g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 1)),
        g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 2)),
        sqlite3_column_int64 (stmt, 3),
      };
      g_array_append_val (rows, r);
    }
  sqlite3_finalize (stmt);

  /* Search terms: totals over the period, text only at k or more. */
  stmt = prepare_period (self,
                         "SELECT c.kind, t.text, sum(c.count) FROM counters c LEFT JOIN terms t ON t.hash = c.subject"
                         " WHERE c.day BETWEEN ?1 AND ?2 AND substr(c.subject, 1, 1) = '" HASHED_PREFIX "'"
                         " GROUP BY c.kind, c.subject ORDER BY c.kind, 3 DESC, t.text",
                         first, last, error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      gint64 count = sqlite3_column_int64 (stmt, 2);
      guint kind_index = g_str_equal (kind, kind_names[RP_USAGE_SEARCH]) ? RP_USAGE_SEARCH : RP_USAGE_SEARCH_EMPTY;

      if (text != NULL && count >= self->k)
        {
          Row r = { NULL, kind_names[kind_index], g_string_chunk_insert_const (strings, text), count };
          g_array_append_val (rows, r);
        }
      else
        other[kind_index] += count;
    }
  sqlite3_finalize (stmt);
  for (guint kind = RP_USAGE_SEARCH; kind <= RP_USAGE_SEARCH_EMPTY; kind++)
    if (other[kind] > 0)
      {
        Row r = { NULL, kind_names[kind], NULL, other[kind] };
        g_array_append_val (rows, r);
      }

  return format_rows (rows, first, last, site_id, self->k, format);
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
  /* A term whose searches have all aged out is forgotten with them. */
  if (sqlite3_exec (self->db,
                    "DELETE FROM terms WHERE hash NOT IN (SELECT subject FROM counters);"
                    "VACUUM;",
                    NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (self, "purge old counters", error);
  return TRUE;
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
    sql = "SELECT t.text, sum(c.count) FROM counters c JOIN terms t ON t.hash = c.subject"
          " WHERE c.kind = ?1 AND c.day BETWEEN ?2 AND ?3 GROUP BY c.subject HAVING sum(c.count) >= ?4"
          " ORDER BY 2 DESC, 1";
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
