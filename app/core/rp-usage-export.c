/* rp-usage-export.c — closed days of usage counters as JSON or CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every counter but searches is exported per day. Searches are exported
 * per period, by their text only when counted k times or more in it; the
 * rest, and the day's "other" row (RP_USAGE_OTHER_SUBJECT: searches whose
 * term never reached k distinct visits, kept without their text), are
 * folded into one "other" row per kind, so totals stay right.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rp-error.h"
#include "rp-usage.h"
#include "rp-usage-private.h"

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
  sqlite3 *db = rp_usage_get_db (self);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot export the usage counters: %s", sqlite3_errmsg (db));
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
  return rp_usage_export_as_of (self, first, last, site_id, format, NULL, error);
}

char *
rp_usage_export_as_of (RpUsage       *self,
                       const char    *first,
                       const char    *last,
                       const char    *site_id,
                       RpUsageFormat  format,
                       GDateTime     *today,
                       GError       **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GStringChunk) strings = g_string_chunk_new (4096);
  g_autoptr(GDateTime) now = today ? g_date_time_ref (today) : g_date_time_new_now_local ();
  g_autofree char *today_s = g_date_time_format (now, "%Y-%m-%d");
  const char *search = rp_usage_kind_to_string (RP_USAGE_SEARCH);
  const char *no_result = rp_usage_kind_to_string (RP_USAGE_SEARCH_EMPTY);
  guint k = rp_usage_get_k (self);
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
  if (strcmp (last, today_s) >= 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Only closed days can be exported: the period must end before %s", today_s);
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
                         " WHERE day BETWEEN ?1 AND ?2 AND kind NOT IN ('search', 'search-no-result')"
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
                         "SELECT kind, subject, sum(count) FROM counters"
                         " WHERE day BETWEEN ?1 AND ?2 AND kind IN ('search', 'search-no-result')"
                         " GROUP BY kind, subject ORDER BY kind, 3 DESC, subject",
                         first, last, error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      gint64 count = sqlite3_column_int64 (stmt, 2);
      guint kind_index = g_str_equal (kind, search) ? RP_USAGE_SEARCH : RP_USAGE_SEARCH_EMPTY;

      if (text != NULL && *text != '\0' && count >= k)
        {
          Row r = { NULL, kind_index == RP_USAGE_SEARCH ? search : no_result,
                    g_string_chunk_insert_const (strings, text), count };
          g_array_append_val (rows, r);
        }
      else
        other[kind_index] += count;
    }
  sqlite3_finalize (stmt);
  for (guint kind = RP_USAGE_SEARCH; kind <= RP_USAGE_SEARCH_EMPTY; kind++)
    if (other[kind] > 0)
      {
        Row r = { NULL, kind == RP_USAGE_SEARCH ? search : no_result, NULL, other[kind] };
        g_array_append_val (rows, r);
      }

  return format_rows (rows, first, last, site_id, k, format);
}

