/* test-search-admin.c — `readingpoint-admin search` on an installed catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "rp-core.h"
#include "rp-test-util.h"

static char *terminal;

/* readingpoint-admin --data-dir TERMINAL @args…; its exit status. */
static int
run_admin (const char * const *args,
           char              **out_stdout,
           char              **out_stderr)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_strv_builder_add_many (builder, g_getenv ("RP_ADMIN"), "--data-dir", terminal, NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static JsonArray *
search_json (const char *query,
             const char *limit)
{
  const char *args[] = { "search", query, "--json", limit ? "--limit" : NULL, limit, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_admin (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_json_format (void)
{
  g_autoptr(JsonArray) results = search_json ("路灯", NULL);
  JsonObject *first;

  g_assert_cmpuint (json_array_get_length (results), >, 0);
  first = json_array_get_object_element (results, 0);
  g_assert_true (json_object_has_member (first, "id"));
  g_assert_nonnull (strstr (json_object_get_string_member (first, "title"), "路灯"));
  g_assert_cmpfloat (json_object_get_double_member (first, "score"), >, 0);
  g_assert_nonnull (json_object_get_string_member (first, "snippet"));
  g_assert_true (json_object_has_member (first, "page"));
}

static void
test_traditional_and_pinyin (void)
{
  g_autoptr(JsonArray) simplified = search_json ("垃圾分类", NULL);
  g_autoptr(JsonArray) traditional = search_json ("垃圾分類", NULL);
  g_autoptr(JsonArray) pinyin = search_json ("ljfl", NULL);

  g_assert_cmpuint (json_array_get_length (simplified), >, 0);
  g_assert_cmpuint (json_array_get_length (traditional), ==, json_array_get_length (simplified));
  g_assert_cmpuint (json_array_get_length (pinyin), >, 0);
}

static void
test_limit (void)
{
  g_autoptr(JsonArray) results = search_json ("区", "2");

  g_assert_cmpuint (json_array_get_length (results), ==, 2);
}

/* A PDF page hit carries its page number. */
static void
test_pdf_page (void)
{
  g_autoptr(JsonArray) results = search_json ("指导思想", "50");
  gboolean found_page = FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      JsonNode *page = json_object_get_member (r, "page");
      if (!JSON_NODE_HOLDS_NULL (page))
        {
          g_assert_cmpint (json_node_get_int (page), >=, 1);
          found_page = TRUE;
        }
    }
  g_assert_true (found_page);
}

static void
test_bad_input (void)
{
  const char *invalid[] = { "search", "路\xff灯", "--json", NULL };
  const char *operators[] = { "search", "\"路灯\" AND NEAR(*", "--json", NULL };
  const char *usage[] = { "search", NULL };
  const char *bad_limit[] = { "search", "路灯", "--limit", "0", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;

  g_assert_cmpint (run_admin (invalid, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "UTF-8"));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)), "ok"));

  g_assert_cmpint (run_admin (operators, &out2, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out2, "["));
  g_assert_cmpint (run_admin (usage, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (bad_limit, NULL, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  terminal = rp_test_make_dir ("search-terminal");
  data_dir = rp_data_dir_new (terminal);
  catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/ReadingPoint/Search/admin/json-format", test_json_format);
  g_test_add_func ("/ReadingPoint/Search/admin/traditional-and-pinyin", test_traditional_and_pinyin);
  g_test_add_func ("/ReadingPoint/Search/admin/limit", test_limit);
  g_test_add_func ("/ReadingPoint/Search/admin/pdf-page", test_pdf_page);
  g_test_add_func ("/ReadingPoint/Search/admin/bad-input", test_bad_input);
  return g_test_run ();
}
