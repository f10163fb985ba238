/* rp-fleet-report.c — a period's figures across the fleet, as JSON, CSV or
 * one self-contained HTML file (docs/fleet-report.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure is a sum of counters from counted reports, so the totals
 * equal the sum of the terminals' own exports for the same days. A cell
 * (a day, a site, a search term …) under k is suppressed: it could single
 * out fewer than k visits. Totals are not cells and are never suppressed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rp-error.h"
#include "rp-fleet-private.h"

typedef struct
{
  char    *label;
  gint64   value;
  gboolean suppressed;
} Row;

typedef struct
{
  const char *id;
  const char *title;
  const char *note;
  GPtrArray  *rows;   /* Row */
  gint64      suppressed_total;
} Section;

static void
row_free (Row *row)
{
  g_free (row->label);
  g_free (row);
}

static void
section_free (Section *s)
{
  g_ptr_array_unref (s->rows);
  g_free (s);
}

/* Runs @sql (?1 = from, ?2 = to) returning (label, value) rows. */
static Section *
query_section (RpFleet    *self,
               const char *id,
               const char *title,
               const char *note,
               const char *sql,
               const char *from,
               const char *to,
               guint       k,
               gboolean    suppress,
               GError    **error)
{
  Section *s = g_new0 (Section, 1);
  sqlite3_stmt *stmt = NULL;

  s->id = id;
  s->title = title;
  s->note = note;
  s->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "aggregate the report", error);
      section_free (s);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Row *r = g_new0 (Row, 1);

      r->label = g_strdup (sqlite3_column_type (stmt, 0) == SQLITE_NULL ? "" : (const char *) sqlite3_column_text (stmt, 0));
      r->value = sqlite3_column_int64 (stmt, 1);
      r->suppressed = suppress && r->value < (gint64) k;
      if (r->suppressed)
        {
          s->suppressed_total += r->value;
          r->value = 0;
        }
      g_ptr_array_add (s->rows, r);
    }
  sqlite3_finalize (stmt);
  return s;
}

#define KIND_BY_SUBJECT(kind, limit) \
  "SELECT subject, sum (count) AS n FROM fleet_daily WHERE day BETWEEN ?1 AND ?2 AND kind = '" kind "'" \
  " AND subject <> '' GROUP BY subject ORDER BY n DESC, subject LIMIT " limit

static gboolean
period_site_visits (RpFleet    *self,
                    const char *from,
                    const char *to,
                    GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_exec (self->db, "DROP TABLE IF EXISTS temp.period_site_visits", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db,
                          "CREATE TEMP TABLE period_site_visits AS SELECT site_id, sum (count) AS count"
                          " FROM site_daily_visits WHERE day BETWEEN ?1 AND ?2 GROUP BY site_id", -1, &stmt,
                          NULL) != SQLITE_OK)
    return rp_fleet_sql_error (self, "aggregate the report", error);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok || rp_fleet_sql_error (self, "aggregate the report", error);
}

static GPtrArray *
build_sections (RpFleet    *self,
                const char *from,
                const char *to,
                guint       k,
                GError    **error)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  struct
  {
    const char *id, *title, *note, *sql;
    gboolean suppress;
  } specs[] = {
    { "totals", N_("Totals by counter"), N_("Sums over every counted report; never suppressed."),
      "SELECT kind, sum (count) FROM fleet_daily WHERE day BETWEEN ?1 AND ?2 GROUP BY kind ORDER BY kind", FALSE },
    { "visits_by_day", N_("Visits by day"), NULL,
      "SELECT day, sum (count) FROM fleet_daily WHERE day BETWEEN ?1 AND ?2 AND kind = 'visit'"
      " GROUP BY day ORDER BY day", TRUE },
    { "visits_by_hour", N_("Visits by hour of day"), N_("Hour-of-day counters (one per visit start)."),
      "SELECT subject, sum (count) FROM fleet_daily WHERE day BETWEEN ?1 AND ?2 AND kind = 'hour'"
      " GROUP BY subject ORDER BY subject", TRUE },
    { "visits_by_tier", N_("Visits by tier"), NULL,
      "SELECT s.tier, sum (c.count) FROM temp.period_site_visits c JOIN sites s USING (site_id)"
      " GROUP BY s.tier ORDER BY s.tier", TRUE },
    { "visits_by_site", N_("Visits by reading point"), NULL,
      "SELECT coalesce (s.name, s.site_id) || ' (' || s.site_id || ')', sum (c.count)"
      " FROM temp.period_site_visits c JOIN sites s USING (site_id) GROUP BY s.site_id ORDER BY s.site_id", TRUE },
    { "categories", N_("Categories opened"), NULL, KIND_BY_SUBJECT ("category", "50"), TRUE },
    { "entries", N_("Documents opened (by index number)"), NULL, KIND_BY_SUBJECT ("entry", "50"), TRUE },
    { "attachments", N_("Attachments read"), NULL, KIND_BY_SUBJECT ("document", "50"), TRUE },
    { "attachments_failed", N_("Attachments that could not be shown"),
      N_("By index number and attachment: broken, protected or too demanding files to fix at the source."),
      KIND_BY_SUBJECT ("document-failed", "50"), TRUE },
    { "searches", N_("Searches"), N_("Terms below k at a terminal arrive as “other” and are not listed."),
      KIND_BY_SUBJECT ("search", "50"), TRUE },
    { "searches_no_result", N_("Searches that found nothing"),
      N_("What residents look for and the catalogue lacks."), KIND_BY_SUBJECT ("search-no-result", "50"), TRUE },
    { "languages", N_("Language"), NULL, KIND_BY_SUBJECT ("language", "20"), TRUE },
    { "text_sizes", N_("Text size"), NULL, KIND_BY_SUBJECT ("text-size", "20"), TRUE },
  };

  /* Each site's visits in the period, summed once for the two sections
   * that need them: a year is 365 rows per site in site_daily_visits. */
  if (!period_site_visits (self, from, to, error))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      Section *s = query_section (self, specs[i].id, specs[i].title, specs[i].note, specs[i].sql, from, to, k,
                                  specs[i].suppress, error);
      if (s == NULL)
        return NULL;
      g_ptr_array_add (sections, s);
    }
  return g_steal_pointer (&sections);
}

static gint64
total_of (GPtrArray  *sections,
          const char *kind)
{
  Section *totals = sections->pdata[0];

  for (guint i = 0; i < totals->rows->len; i++)
    {
      Row *r = totals->rows->pdata[i];
      if (g_str_equal (r->label, kind))
        return r->value;
    }
  return 0;
}

static gint64
scalar (RpFleet    *self,
        const char *sql,
        const char *from,
        const char *to)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (from)
    sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  if (to)
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

typedef struct
{
  const char *id;
  const char *label;
  gint64      value;
} Figure;

/* The reading-point section of the annual disclosure report. */
static GArray *
annual_figures (RpFleet    *self,
                GPtrArray  *sections,
                const char *from,
                const char *to)
{
  GArray *figures = g_array_new (FALSE, FALSE, sizeof (Figure));
  Figure f[] = {
    { "terminals_enrolled", N_("Reading points enrolled"), scalar (self, "SELECT count (*) FROM sites", NULL, NULL) },
    { "terminals_reporting", N_("Reading points that reported in the period"),
      scalar (self, "SELECT count (*) FROM sites s WHERE EXISTS (SELECT 1 FROM reports r"
                    " WHERE r.site_id = s.site_id AND r.last >= ?1 AND r.first <= ?2)", from, to) },
    { "visits", N_("Visits"), total_of (sections, "visit") },
    { "entries_opened", N_("Documents opened"), total_of (sections, "entry") },
    { "attachments_read", N_("Attachments read"), total_of (sections, "document") },
    { "searches", N_("Searches"), total_of (sections, "search") },
    { "searches_no_result", N_("Searches that found nothing"), total_of (sections, "search-no-result") },
    { "qr_codes_shown", N_("QR codes shown (to read the original online)"), total_of (sections, "qr-shown") },
  };

  g_array_append_vals (figures, f, G_N_ELEMENTS (f));
  return figures;
}

/* --- JSON --------------------------------------------------------------- */

static void
add_json_health (JsonBuilder *b,
                 JsonNode    *health)
{
  json_builder_set_member_name (b, "fleet_health");
  json_builder_add_value (b, json_node_copy (health));
}

static char *
to_json (GPtrArray  *sections,
         GArray     *figures,
         JsonNode   *health,
         const char *from,
         const char *to,
         guint       k)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, k);
  json_builder_set_member_name (b, "figures");
  json_builder_begin_object (b);
  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = &g_array_index (figures, Figure, i);
      json_builder_set_member_name (b, f->id);
      json_builder_add_int_value (b, f->value);
    }
  json_builder_end_object (b);
  for (guint i = 0; i < sections->len; i++)
    {
      Section *s = sections->pdata[i];

      json_builder_set_member_name (b, s->id);
      if (g_str_equal (s->id, "totals"))
        {
          json_builder_begin_object (b);
          for (guint j = 0; j < s->rows->len; j++)
            {
              Row *r = s->rows->pdata[j];
              json_builder_set_member_name (b, r->label);
              json_builder_add_int_value (b, r->value);
            }
          json_builder_end_object (b);
          continue;
        }
      json_builder_begin_array (b);
      for (guint j = 0; j < s->rows->len; j++)
        {
          Row *r = s->rows->pdata[j];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, r->label);
          json_builder_set_member_name (b, "count");
          if (r->suppressed)
            json_builder_add_null_value (b);
          else
            json_builder_add_int_value (b, r->value);
          if (r->suppressed)
            {
              json_builder_set_member_name (b, "suppressed");
              json_builder_add_boolean_value (b, TRUE);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  add_json_health (b, health);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* --- CSV ---------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *text)
{
  if (text == NULL)
    return;
  /* Quoted when needed; a leading =, +, - or @ is defused so a
   * spreadsheet does not run a search term as a formula. */
  gboolean formula = text[0] != '\0' && strchr ("=+-@", text[0]) != NULL;

  if (strpbrk (text, ",\"\n\r") != NULL || formula)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
}

static char *
to_csv (GPtrArray *sections,
        GArray    *figures,
        JsonNode  *health)
{
  GString *out = g_string_new ("section,label,count,suppressed\n");
  JsonArray *rows = json_node_get_array (health);

  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = &g_array_index (figures, Figure, i);
      g_string_append_printf (out, "figures,%s,%" G_GINT64_FORMAT ",0\n", f->id, f->value);
    }
  for (guint i = 0; i < sections->len; i++)
    {
      Section *s = sections->pdata[i];

      for (guint j = 0; j < s->rows->len; j++)
        {
          Row *r = s->rows->pdata[j];

          g_string_append_printf (out, "%s,", s->id);
          csv_field (out, r->label);
          if (r->suppressed)
            g_string_append (out, ",,1\n");
          else
            g_string_append_printf (out, ",%" G_GINT64_FORMAT ",0\n", r->value);
        }
    }
  /* Fleet health: one line per terminal and field, in the same columns. */
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *fields[] = { "installed_version", "days_behind", "days_silent", "missing_reports", "reports",
                               "restarts" };

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          JsonNode *n = json_object_get_member (o, fields[f]);

          g_string_append (out, "fleet_health,");
          {
            g_autofree char *label = g_strdup_printf ("%s %s", json_object_get_string_member (o, "site_id"), fields[f]);
            csv_field (out, label);
          }
          if (n != NULL && JSON_NODE_TYPE (n) == JSON_NODE_VALUE)
            g_string_append_printf (out, ",%" G_GINT64_FORMAT ",0\n", json_node_get_int (n));
          else
            g_string_append (out, ",,0\n");
        }
    }
  return g_string_free (out, FALSE);
}

/* --- HTML --------------------------------------------------------------- */

static void
html_text (GString    *out,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);
  g_string_append (out, escaped);
}

/* A horizontal bar chart drawn here, as inline SVG: no script, nothing
 * fetched, scales when printed. */
static void
svg_bars (GString *out,
          Section *s)
{
  const int label_w = 240, bar_w = 360, row_h = 20;
  gint64 max = 1;
  guint n = s->rows->len;

  for (guint i = 0; i < n; i++)
    max = MAX (max, ((Row *) s->rows->pdata[i])->value);
  g_string_append_printf (out,
                          "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">"
                          "<title>",
                          label_w + bar_w + 80, n * row_h + 4, label_w + bar_w + 80, n * row_h + 4);
  html_text (out, _(s->title));
  g_string_append (out, "</title>");
  for (guint i = 0; i < n; i++)
    {
      Row *r = s->rows->pdata[i];
      int w = r->suppressed ? 0 : (int) (bar_w * r->value / max);
      int y = i * row_h;

      g_string_append_printf (out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + 14);
      html_text (out, *r->label ? r->label : _("(other)"));
      g_string_append_printf (out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>", label_w, y + 3,
                              MAX (w, r->suppressed ? 0 : 1), row_h - 6);
      if (r->suppressed)
        g_string_append_printf (out, "<text class=\"v\" x=\"%d\" y=\"%d\">&lt; k</text>", label_w + 4, y + 14);
      else
        g_string_append_printf (out, "<text class=\"v\" x=\"%d\" y=\"%d\">%" G_GINT64_FORMAT "</text>",
                                label_w + w + 4, y + 14, r->value);
    }
  g_string_append (out, "</svg>\n");
}

static void
html_health (GString  *out,
             JsonNode *health)
{
  JsonArray *rows = json_node_get_array (health);
  const char *heads[] = { N_("Site"), N_("Name"), N_("Tier"), N_("Last report"), N_("Installed"), N_("Latest"),
                          N_("Days behind"), N_("Expired"), N_("Last sync"), N_("Last error"), N_("Days silent"),
                          N_("Missing reports"), N_("Restarts"), N_("Last verify") };

  g_string_append (out, "<table class=\"health\"><thead><tr>");
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_string_append (out, "<th>");
      html_text (out, _(heads[i]));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead><tbody>\n");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      const char *fields[] = { "site_id", "name", "tier", "last_report", "installed_version", "latest_version",
                               "days_behind", "expired", "last_sync_outcome", "last_error", "days_silent",
                               "missing_reports", "restarts", "last_verify" };
      gboolean warn = json_object_get_boolean_member_with_default (o, "silent", FALSE) ||
                      json_object_get_boolean_member_with_default (o, "expired", FALSE);

      g_string_append_printf (out, "<tr%s>", warn ? " class=\"warn\"" : "");
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          JsonNode *n = json_object_get_member (o, fields[f]);
          g_autofree char *text = NULL;

          if (n == NULL || JSON_NODE_HOLDS_NULL (n))
            text = g_strdup ("—");
          else if (json_node_get_value_type (n) == G_TYPE_BOOLEAN)
            text = g_strdup (json_node_get_boolean (n) ? _("yes") : _("no"));
          else if (json_node_get_value_type (n) == G_TYPE_INT64)
            text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
          else
            text = g_strdup (json_node_get_string (n));
          g_string_append (out, "<td>");
          html_text (out, text);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody></table>\n");
}

static const char *css =
  "body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:2em;color:#222;max-width:1100px}"
  "h1{font-size:1.6em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}"
  "p.note{color:#555;font-size:.9em}"
  "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
  "tr.warn td{background:#fde8e8}"
  "svg.chart{max-width:100%;height:auto}svg.chart text{font-size:12px;fill:#222}"
  "svg.chart rect{fill:#2b6cb0}svg.chart text.v{fill:#444}"
  "dl.figures{display:grid;grid-template-columns:auto auto;gap:4px 16px}dl.figures dd{margin:0;font-weight:bold}"
  "@media print{body{margin:0;max-width:none}section{break-inside:avoid}svg.chart rect{fill:#555}"
  "tr.warn td{background:none;font-weight:bold}}";

static char *
to_html (GPtrArray  *sections,
         GArray     *figures,
         JsonNode   *health,
         const char *from,
         const char *to,
         guint       k,
         GDateTime  *now)
{
  GString *out = g_string_new (NULL);
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *title = g_strdup_printf (_("Reading points, %s to %s"), from, to);

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  /* The language the strings were translated to, as an HTML tag. */
  {
    const char *tag = _("Fleet health");
    html_text (out, g_str_equal (tag, "Fleet health") ? "en" : g_str_equal (tag, "終端運行狀況") ? "zh-TW" : "zh-CN");
  }
  g_string_append (out, "\"><head><meta charset=\"utf-8\"><title>");
  html_text (out, title);
  g_string_append_printf (out, "</title><style>%s</style></head><body>\n<h1>", css);
  html_text (out, title);
  g_string_append (out, "</h1>\n<p class=\"note\">");
  {
    g_autofree char *note = g_strdup_printf (_("Generated %s by readingpoint-fleet. Cells under k = %u are "
                                               "suppressed (“< k”): they could single out fewer than k visits."),
                                             generated, k);
    html_text (out, note);
  }
  g_string_append (out, "</p>\n<section id=\"overview\"><h2>");
  html_text (out, _("Overview: figures for the annual report"));
  g_string_append (out, "</h2><dl class=\"figures\">");
  for (guint i = 0; i < figures->len; i++)
    {
      Figure *f = &g_array_index (figures, Figure, i);
      g_string_append (out, "<dt>");
      html_text (out, _(f->label));
      g_string_append_printf (out, "</dt><dd>%" G_GINT64_FORMAT "</dd>", f->value);
    }
  g_string_append (out, "</dl></section>\n");
  for (guint i = 1; i < sections->len; i++)
    {
      Section *s = sections->pdata[i];

      g_string_append_printf (out, "<section id=\"%s\"><h2>", s->id);
      html_text (out, _(s->title));
      g_string_append (out, "</h2>\n");
      if (s->note)
        {
          g_string_append (out, "<p class=\"note\">");
          html_text (out, _(s->note));
          g_string_append (out, "</p>\n");
        }
      if (s->rows->len == 0)
        {
          g_string_append (out, "<p>");
          html_text (out, _("Nothing counted in the period."));
          g_string_append (out, "</p>\n");
        }
      else
        svg_bars (out, s);
      g_string_append (out, "</section>\n");
    }
  g_string_append (out, "<section id=\"fleet-health\"><h2>");
  html_text (out, _("Fleet health"));
  g_string_append (out, "</h2>\n");
  html_health (out, health);
  g_string_append (out, "</section>\n</body></html>\n");
  return g_string_free (out, FALSE);
}

static gboolean
is_day (const char *text)
{
  int y, m, d;
  char tail;

  return text != NULL && strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy (d, m, y);
}

char *
rp_fleet_report (RpFleet      *self,
                 const char   *from,
                 const char   *to,
                 RpFleetFormat format,
                 guint         k,
                 GDateTime    *now,
                 GError      **error)
{
  g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GArray) figures = NULL;
  g_autoptr(JsonNode) health = NULL;

  if (!is_day (from) || !is_day (to) || strcmp (from, to) > 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_QUERY,
                   "The period must be two days YYYY-MM-DD, --from not after --to");
      return NULL;
    }
  k = MAX (k, 1);
  sections = build_sections (self, from, to, k, error);
  if (sections == NULL)
    return NULL;
  figures = annual_figures (self, sections, from, to);
  health = rp_fleet_status (self, clock, RP_FLEET_DEFAULT_SILENT_DAYS, error);
  if (health == NULL)
    return NULL;
  switch (format)
    {
    case RP_FLEET_FORMAT_CSV:
      return to_csv (sections, figures, health);
    case RP_FLEET_FORMAT_HTML:
      return to_html (sections, figures, health, from, to, k, clock);
    case RP_FLEET_FORMAT_JSON:
    default:
      return to_json (sections, figures, health, from, to, k);
    }
}
