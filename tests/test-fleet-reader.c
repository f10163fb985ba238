/* test-fleet-reader.c — collect's reader of report JSON against json-glib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp_fleet_report_read replaced json-glib's tree in collect for speed
 * (tests/bench/RESULTS.md). It must read every report as collect read it
 * with json-glib's getters, and refuse whatever is not one JSON object.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-core.h"
#include "rp-fleet-reader.h"

/* A report as `usage export` and the terminal write it. */
static const char report[] =
  "{\n  \"format\" : 1,\n  \"site_id\" : \"t0001\",\n  \"period\" : {\n"
  "    \"first\" : \"2026-08-29\",\n    \"last\" : \"2026-08-30\"\n  },\n  \"k\" : 5,\n"
  "  \"counters\" : [\n"
  "    {\n      \"day\" : \"2026-08-29\",\n      \"kind\" : \"visit\",\n      \"subject\" : \"<1min\",\n"
  "      \"count\" : 5\n    },\n"
  "    {\n      \"day\" : \"2026-08-30\",\n      \"kind\" : \"search\",\n      \"subject\" : \"保障性住房\",\n"
  "      \"count\" : 7\n    },\n"
  "    {\n      \"kind\" : \"search-rare\",\n      \"count\" : 2\n    }\n"
  "  ],\n  \"status\" : {\n    \"app_version\" : \"0.1.0\",\n    \"channel\" : \"district\",\n"
  "    \"installed\" : null,\n    \"last_sync\" : { \"outcome\" : \"ok\", \"errors\" : [ 1, 2.5, true ] },\n"
  "    \"note\" : \"a \\\"quoted\\\" tab\\t\"\n  },\n"
  "  \"sequence\" : 12,\n  \"key_id\" : \"BB063080481C06FF\",\n  \"prepared\" : \"2026-08-30T20:00:00Z\"\n}";

/* Odd but valid documents: escapes, surrogate pairs, members twice (the
 * last counts), wrong types, rows that are not objects, nulls. */
static const char *const odd_reports[] = {
  report,
  "{\"sequence\":3,\"sequence\":4,\"site_id\":\"a\\u00e9\\ud83d\\ude00\\/\\\\\",\"prepared\":null,"
  "\"counters\":[1,null,\"x\",[],{\"day\":7,\"kind\":null,\"subject\":\"s\",\"count\":2.9},"
  "{\"count\":true,\"kind\":\"k\",\"kind\":\"k2\",\"extra\":{\"deep\":[[[{}]]]}}],"
  "\"period\":{\"last\":\"2026-01-02\"},\"period\":{\"first\":\"2026-01-01\"}}",
  "{\"period\":[],\"counters\":{},\"status\":[1],\"sequence\":\"12\",\"site_id\":12}",
  "{\"counters\":[{\"day\":\"d\",\"count\":-7},{\"count\":1e3},{\"count\":{}}],\"counters\":[{\"count\":4}],"
  "\"period\":{\"last\":\"L\"},\"sequence\":-0,\"status\":{}}",
  "  {}  ",
};

/* What collect read with json-glib before (take_report and the claims),
 * as text, and the same for the reader. */
static char *
read_with_json_glib (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *o, *status;
  JsonNode *period, *counters_node;
  const char *last = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  period = json_object_get_member (o, "period");
  if (period != NULL && JSON_NODE_HOLDS_OBJECT (period))
    {
      last = json_object_get_string_member_with_default (json_node_get_object (period), "last", NULL);
      g_string_append_printf (out, "period %s..%s\n",
                              json_object_get_string_member_with_default (json_node_get_object (period), "first",
                                                                          NULL), last);
    }
  g_string_append_printf (out, "site %s seq %" G_GINT64_FORMAT " prepared %s\n",
                          json_object_get_member (o, "site_id") &&
                          JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "site_id"))
                            ? json_object_get_string_member_with_default (o, "site_id", NULL) : NULL,
                          json_object_get_member (o, "sequence") &&
                          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "sequence")) &&
                          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "sequence"))
                            ? json_object_get_int_member_with_default (o, "sequence", -1) : -1,
                          json_object_get_string_member_with_default (o, "prepared", NULL));
  status = json_object_get_member (o, "status") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "status"))
             ? json_object_get_object_member (o, "status") : NULL;
  if (status != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), status);
      g_autofree char *status_text = json_to_string (node, FALSE);

      g_string_append_printf (out, "status %s\n", status_text);
    }
  counters_node = json_object_get_member (o, "counters");
  for (guint i = 0; counters_node && JSON_NODE_HOLDS_ARRAY (counters_node) &&
                    i < json_array_get_length (json_node_get_array (counters_node)); i++)
    {
      JsonNode *row_node = json_array_get_element (json_node_get_array (counters_node), i);
      JsonObject *row;
      JsonNode *count;

      if (!JSON_NODE_HOLDS_OBJECT (row_node))
        continue;
      row = json_node_get_object (row_node);
      count = json_object_get_member (row, "count");
      g_string_append_printf (out, "row %s %s %s %" G_GINT64_FORMAT "\n",
                              json_object_get_string_member_with_default (row, "day", last ? last : ""),
                              json_object_get_string_member_with_default (row, "kind", ""),
                              json_object_get_string_member_with_default (row, "subject", NULL),
                              count && JSON_NODE_HOLDS_VALUE (count) ? json_node_get_int (count) : 0);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_with_reader (const char *text)
{
  RpFleetCheck *check = rp_fleet_check_new ("t0001", "r.json");
  RpFleetReportClaims claims;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (rp_fleet_report_read (check, text, strlen (text), &claims));
  if (claims.has_period)
    g_string_append_printf (out, "period %s..%s\n", check->first, check->last);
  g_string_append_printf (out, "site %s seq %" G_GINT64_FORMAT " prepared %s\n", claims.site_id, claims.sequence,
                          claims.prepared);
  if (check->status != NULL)
    {
      /* Compact text json-glib reads as the same object. */
      g_autoptr(JsonNode) node = json_from_string (check->status, NULL);
      g_autofree char *status_text = NULL;

      g_assert_nonnull (node);
      g_assert_null (strpbrk (check->status, "\n"));
      status_text = json_to_string (node, FALSE);
      g_string_append_printf (out, "status %s\n", status_text);
    }
  for (guint i = 0; i < check->counters->len; i++)
    {
      const RpFleetCounter *row = &g_array_index (check->counters, RpFleetCounter, i);

      g_string_append_printf (out, "row %s %s %s %" G_GINT64_FORMAT "\n", row->day, row->kind, row->subject,
                              row->count);
    }
  rp_fleet_check_free (check);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_reads_as_json_glib (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (odd_reports); i++)
    {
      g_autofree char *want = read_with_json_glib (odd_reports[i]);
      g_autofree char *got = read_with_reader (odd_reports[i]);

      g_test_message ("document %u:\n%s", i, want);
      g_assert_cmpstr (got, ==, want);
    }
}

static void
test_report_fields (void)
{
  RpFleetCheck *check = rp_fleet_check_new ("t0001", "r.json");
  RpFleetReportClaims claims;
  const RpFleetCounter *row;

  g_assert_true (rp_fleet_report_read (check, report, strlen (report), &claims));
  g_assert_cmpstr (claims.site_id, ==, "t0001");
  g_assert_cmpint (claims.sequence, ==, 12);
  g_assert_cmpstr (claims.prepared, ==, "2026-08-30T20:00:00Z");
  g_assert_cmpstr (check->prepared, ==, "2026-08-30T20:00:00Z");
  g_assert_true (claims.has_period);
  g_assert_cmpstr (check->first, ==, "2026-08-29");
  g_assert_cmpstr (check->last, ==, "2026-08-30");
  g_assert_cmpuint (check->counters->len, ==, 3);
  row = &g_array_index (check->counters, RpFleetCounter, 1);
  g_assert_cmpstr (row->subject, ==, "保障性住房");
  g_assert_cmpint (row->count, ==, 7);
  /* A row without a day is the period's last day. */
  row = &g_array_index (check->counters, RpFleetCounter, 2);
  g_assert_cmpstr (row->day, ==, "2026-08-30");
  g_assert_null (row->subject);
  g_assert_cmpstr (check->status, ==,
                   "{\"app_version\":\"0.1.0\",\"channel\":\"district\",\"installed\":null,"
                   "\"last_sync\":{\"outcome\":\"ok\",\"errors\":[1,2.5,true]},"
                   "\"note\":\"a \\\"quoted\\\" tab\\t\"}");
  rp_fleet_check_free (check);
}

static gboolean
reads (const char *text,
       gsize       length)
{
  RpFleetCheck *check = rp_fleet_check_new ("t0001", "r.json");
  RpFleetReportClaims claims;
  gboolean ok = rp_fleet_report_read (check, text, length, &claims);

  rp_fleet_check_free (check);
  return ok;
}

static void
test_refuses_malformed (void)
{
  static const char *const bad[] = {
    "", " ", "[]", "\"report\"", "12", "null", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}",
    "{\"a\":1 \"b\":2}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
    "{\"a\":tru}", "{\"a\":nul}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{a:1}", "{'a':1}", "{} {}", "{}x",
    "{\"a\":\"\\x\"}", "{\"a\":\"\t\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":\"\\u0000\"}",
    "{\"a\":\"\\u12\"}", "{\"a\":\"\xff\"}", "{\"a\":\"\xe4\xbf\"}", "{\"a\":\"open}",
    "{\"counters\":[{\"day\":\"d\",}]}", "{\"status\":{\"a\":[}}", "{\"period\":{\"last\":1,}}",
  };
  g_autoptr(GString) deep = g_string_new ("{\"a\":");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("%s", shown);
      g_assert_false (reads (bad[i], strlen (bad[i])));
    }
  /* A NUL byte inside the bytes read. */
  g_assert_false (reads ("{\"a\":\"x\0\"}", sizeof "{\"a\":\"x\0\"}" - 1));
  g_assert_false (reads ("{}\0", sizeof "{}\0" - 1));
  /* Every truncation of a report: an upload cut short never reads. */
  for (gsize n = 0; n < strlen (report); n++)
    g_assert_false (reads (report, n));
  g_assert_true (reads (report, strlen (report)));
  /* Nesting no report has is refused before it can exhaust the stack. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (reads (deep->str, deep->len));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ReadingPoint/FleetReader/reads-as-json-glib", test_reads_as_json_glib);
  g_test_add_func ("/ReadingPoint/FleetReader/report-fields", test_report_fields);
  g_test_add_func ("/ReadingPoint/FleetReader/refuses-malformed", test_refuses_malformed);
  return g_test_run ();
}
