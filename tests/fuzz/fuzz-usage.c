/* fuzz-usage.c — libFuzzer harness for the usage counters' text handling
 * and the report they produce
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing in the project parses a usage report yet (the terminal only
 * writes them, rp_usage_export; rp-usage-upload.c PUTs one and reads only
 * the HTTP status of the answer; the office tool that would read them does
 * not exist). What does take untrusted input is the counting of searches:
 * the text a resident typed goes through the personal-data filter
 * (rp_usage_looks_personal), folding and the keyed-hash path, and comes out
 * in the report. This harness drives that path and parses each report the
 * way an office tool would, with json-glib.
 *
 * The first input byte says how many times (1–8) the rest is counted as a
 * search, each time in its own visit, on a closed day, into a fresh
 * in-memory usage store with k = 5.
 *
 * Checked besides memory safety and leaks: the JSON report parses and has
 * the documented shape; no search subject below k appears in it (a term
 * counted fewer than k times leaves no text at all); no exported subject
 * looks personal, by the filter itself and by an independent, deliberately
 * narrow reading of the rule (issue 12, finding 3; see obviously_personal);
 * the CSV report has one line per JSON counter plus its header.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "rp-usage.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define K 5

static void
fail (const char *what,
      const char *typed,
      const char *report)
{
  fprintf (stderr, "fuzz-usage: %s\n  typed: %s\n  report: %s\n", what, typed, report ? report : "");
  __builtin_trap ();
}

/* The oracle: deliberately not the filter's own code, and deliberately
 * narrow, so that it holds for any filter that meets the rule: digits
 * (ASCII and full-width after NFKC, and the CJK numerals that spell a number
 * digit by digit) with nothing but white space, ",", ".", "-", "/", "(",
 * ")", "、" or "。" between them; an address with an at sign, text on both
 * sides and a dot after it (full-width and ideographic forms included). */
static gboolean
obviously_personal (const char *subject)
{
  static const char cjk_digits[] = "〇一二三四五六七八九零";
  static const char separators[] = ",.-/()、。";
  g_autofree char *nfkc = g_utf8_normalize (subject, -1, G_NORMALIZE_NFKC);
  g_autoptr(GString) plain = g_string_new (NULL);
  guint digits = 0;

  if (nfkc == NULL)
    return TRUE;
  for (const char *p = nfkc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char here[8] = { 0 };

      g_unichar_to_utf8 (c, here);
      /* g_ascii_isdigit() looks at the low byte only: U+4038 is not '8'. */
      if ((c < 0x80 && g_ascii_isdigit (c)) || (c > 0x7f && strstr (cjk_digits, here) != NULL))
        {
          if (++digits >= 6)
            return TRUE;
        }
      else if (!g_unichar_isspace (c) && strstr (separators, here) == NULL)
        digits = 0;

      if (c == 0x3002 || c == 0xFF61)
        c = '.';
      g_string_append_unichar (plain, c);
    }
  return g_regex_match_simple ("[^\\s@]+@[^\\s@]+\\.[^\\s@]+", plain->str, 0, 0);
}

static guint
count_lines (const char *csv)
{
  guint n = 0;
  gboolean quoted = FALSE;

  for (const char *p = csv; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\n' && !quoted)
        n++;
    }
  return n;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) day = g_date_time_new_local (2020, 3, 1, 12, 0, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *typed = NULL;
  g_autofree char *report = NULL;
  g_autofree char *csv = NULL;
  JsonObject *root;
  JsonArray *counters;
  guint times;

  if (size < 1 || size > 4096)
    return 0;
  times = 1 + data[0] % 8;
  typed = g_strndup ((const char *) data + 1, size - 1);

  usage = rp_usage_open (":memory:", &error);
  if (usage == NULL)
    g_error ("fuzz-usage: %s", error->message);
  rp_usage_set_k (usage, K);
  (void) rp_usage_looks_personal (typed);
  for (guint i = 0; i < times; i++)
    {
      /* Each count its own visit, so a term can reach k. */
      rp_usage_begin_visit (usage);
      if (!rp_usage_count_search (usage, typed, i % 2, day, &error) || !rp_usage_end_visit (usage, &error))
        g_error ("fuzz-usage: counting failed: %s", error->message);
    }

  report = rp_usage_export (usage, "2020-03-01", "2020-03-01", "site-1", RP_USAGE_FORMAT_JSON, &error);
  if (report == NULL)
    g_error ("fuzz-usage: export failed: %s", error->message);
  if (g_getenv ("RP_FUZZ_VERBOSE"))
    g_printerr ("%s\n", report);
  if (!json_parser_load_from_data (parser, report, -1, &error))
    fail ("the report is not JSON", typed, report);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    fail ("the report is not a JSON object", typed, report);
  root = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (root, "format", 0) != 1 ||
      g_strcmp0 (json_object_get_string_member_with_default (root, "site_id", NULL), "site-1") != 0 ||
      json_object_get_int_member_with_default (root, "k", 0) != K ||
      !json_object_has_member (root, "counters") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "counters")))
    fail ("the report lacks format, site_id, k or counters", typed, report);
  counters = json_object_get_array_member (root, "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonNode *node = json_array_get_element (counters, i);
      JsonObject *row;
      JsonNode *subject;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        fail ("a counter is not an object", typed, report);
      row = json_node_get_object (node);
      subject = json_object_get_member (row, "subject");
      if (subject == NULL || JSON_NODE_HOLDS_NULL (subject))
        continue;
      if (json_node_get_value_type (subject) != G_TYPE_STRING)
        fail ("a subject is not a string", typed, report);
      if (json_object_get_int_member_with_default (row, "count", 0) < K || times < K)
        fail ("a search term counted fewer than k times is in the report", typed, report);
      if (rp_usage_looks_personal (json_node_get_string (subject)) ||
          obviously_personal (json_node_get_string (subject)))
        fail ("a subject that looks personal is in the report", typed, report);
    }

  csv = rp_usage_export (usage, "2020-03-01", "2020-03-01", "site-1", RP_USAGE_FORMAT_CSV, &error);
  if (csv == NULL)
    g_error ("fuzz-usage: CSV export failed: %s", error->message);
  if (count_lines (csv) != json_array_get_length (counters) + 1)
    fail ("the CSV report does not have one line per counter", typed, csv);
  return 0;
}
