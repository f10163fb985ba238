/* test-manifest.c — parsing a bundle manifest: format rules and caps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"

#define SHA_A "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_B "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_C "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

/* A manifest that parses; each test breaks one thing in it. */
static const char valid[] =
  "{\"format\": 1, \"channel\": \"district\", \"version\": 7,"
  " \"issued\": \"2026-04-01T08:00:00Z\", \"expires\": \"2026-05-01T08:00:00Z\","
  " \"catalogue\": {\"sha256\": \"" SHA_A "\", \"size\": 2048},"
  " \"objects\": ["
  "  {\"sha256\": \"" SHA_B "\", \"size\": 1000, \"path\": \"files/a.pdf\", \"type\": \"application/pdf\"},"
  "  {\"sha256\": \"" SHA_C "\", \"size\": 30, \"path\": \".pages/files/a.pdf\", \"type\": \"text/x.readingpoint-pages\"}"
  " ]}";

/* Format 3 (issue 18): the catalogue as a header and chunks of id ranges. */
static const char valid_chunked[] =
  "{\"format\": 3, \"channel\": \"district\", \"version\": 8,"
  " \"issued\": \"2026-04-01T08:00:00Z\", \"expires\": \"2026-05-01T08:00:00Z\","
  " \"catalogue\": {\"header\": {\"sha256\": \"" SHA_A "\", \"size\": 300}, \"chunks\": ["
  "  {\"first\": \"ZW-000001\", \"sha256\": \"" SHA_B "\", \"size\": 5000, \"entries\": 3},"
  "  {\"first\": \"ZW-000400\", \"sha256\": \"" SHA_C "\", \"size\": 7000, \"entries\": 4}"
  " ]},"
  " \"objects\": []}";

static RpManifest *
parse_text (const char *text,
            gssize      length,
            GError    **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);

  return rp_manifest_parse (bytes, error);
}

/* @in_message: (nullable): a word the refusal must name. */
static void
assert_refused (const char *text,
                gssize      length,
                const char *why,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = parse_text (text, length, &error);

  g_test_message ("%s: %s", why, error ? error->message : "(accepted)");
  g_assert_null (manifest);
  g_assert_error (error, RP_ERROR, RP_ERROR_INVALID_MANIFEST);
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
assert_invalid (const char *text,
                gssize      length,
                const char *why)
{
  assert_refused (text, length, why, NULL);
}

/* The valid manifest with @member of the object at @pointer (a dotted path:
 * "", "catalogue", "objects.0") set to @value as JSON, or removed when
 * @value is NULL. */
static char *
with_member_in (const char *base,
                const char *pointer,
                const char *member,
                const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_auto(GStrv) steps = g_strsplit (pointer, ".", -1);
  JsonNode *node;

  g_assert_true (json_parser_load_from_data (parser, base, -1, NULL));
  node = json_parser_get_root (parser);
  for (guint i = 0; steps[i] != NULL && *steps[i] != '\0'; i++)
    node = g_ascii_isdigit (*steps[i])
             ? json_array_get_element (json_node_get_array (node), atoi (steps[i]))
             : json_object_get_member (json_node_get_object (node), steps[i]);
  if (value == NULL)
    json_object_remove_member (json_node_get_object (node), member);
  else
    {
      g_autoptr(JsonParser) value_parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (value_parser, value, -1, NULL));
      json_object_set_member (json_node_get_object (node), member,
                              json_node_copy (json_parser_get_root (value_parser)));
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

static char *
with_member (const char *pointer,
             const char *member,
             const char *value)
{
  return with_member_in (valid, pointer, member, value);
}

static void
assert_chunked_invalid (const char *pointer,
                        const char *member,
                        const char *value,
                        const char *in_message)
{
  g_autofree char *text = with_member_in (valid_chunked, pointer, member, value);
  g_autofree char *why = g_strdup_printf ("%s.%s = %s", pointer, member, value ? value : "(missing)");

  assert_refused (text, -1, why, in_message);
}

static void
assert_member_invalid (const char *pointer,
                       const char *member,
                       const char *value)
{
  g_autofree char *text = with_member (pointer, member, value);
  g_autofree char *why = g_strdup_printf ("%s.%s = %s", pointer, member, value ? value : "(missing)");

  assert_invalid (text, -1, why);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = parse_text (valid, -1, &error);
  g_autoptr(GHashTable) page_texts = NULL;
  const RpManifestObject *o;

  g_assert_no_error (error);
  g_assert_cmpstr (rp_manifest_get_channel (manifest), ==, "district");
  g_assert_cmpint (rp_manifest_get_version (manifest), ==, 7);
  g_assert_cmpint (g_date_time_get_month (rp_manifest_get_issued (manifest)), ==, 4);
  g_assert_cmpint (g_date_time_get_month (rp_manifest_get_expires (manifest)), ==, 5);
  g_assert_cmpstr (rp_manifest_get_catalogue_sha256 (manifest), ==, SHA_A);
  g_assert_cmpuint (rp_manifest_get_catalogue_size (manifest), ==, 2048);
  g_assert_cmpuint (rp_manifest_get_n_objects (manifest), ==, 2);
  o = rp_manifest_get_object (manifest, 0);
  g_assert_cmpstr (o->sha256, ==, SHA_B);
  g_assert_cmpuint (o->size, ==, 1000);
  g_assert_cmpstr (o->path, ==, "files/a.pdf");
  g_assert_cmpstr (o->type, ==, RP_MANIFEST_PDF_TYPE);
  g_assert_true (rp_manifest_lookup_path (manifest, "files/a.pdf") == o);
  g_assert_null (rp_manifest_lookup_path (manifest, "files/b.pdf"));
  g_assert_cmpuint (rp_manifest_get_total_size (manifest), ==, 2048 + 1000 + 30);
  /* The PDF's page text is found by its path under .pages/. */
  page_texts = rp_manifest_get_page_texts (manifest);
  g_assert_cmpuint (g_hash_table_size (page_texts), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (page_texts, SHA_B), ==, SHA_C);
  g_assert_finalize_object (g_steal_pointer (&manifest));
}

/* What the publisher writes, the terminal reads back unchanged. */
static void
test_round_trip (void)
{
  g_autoptr(GDateTime) issued = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GDateTime) expires = g_date_time_add_days (issued, 30);
  g_autoptr(RpManifest) written = rp_manifest_new ("demo", 3, issued, expires, SHA_A, 10);
  g_autoptr(RpManifest) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  rp_manifest_add_object (written, SHA_B, 5, "files/b.png", "image/png");
  /* The same object under two paths: stored, and counted, once. */
  rp_manifest_add_object (written, SHA_B, 5, "files/b-copy.png", "image/png");
  /* A file published with --allow-broken carries its reason. */
  rp_manifest_mark_broken (written, "files/b-copy.png", "page 1: Page 1 took longer than 10 s");
  bytes = rp_manifest_to_bytes (written);
  read = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_null (rp_manifest_lookup_path (read, "files/b.png")->broken);
  g_assert_cmpstr (rp_manifest_lookup_path (read, "files/b-copy.png")->broken, ==,
                   "page 1: Page 1 took longer than 10 s");
  g_assert_cmpstr (rp_manifest_get_channel (read), ==, "demo");
  g_assert_cmpint (rp_manifest_get_version (read), ==, 3);
  g_assert_true (g_date_time_equal (rp_manifest_get_issued (read), issued));
  g_assert_true (g_date_time_equal (rp_manifest_get_expires (read), expires));
  g_assert_cmpuint (rp_manifest_get_n_objects (read), ==, 2);
  g_assert_cmpstr (rp_manifest_get_object (read, 1)->path, ==, "files/b-copy.png");
  g_assert_cmpuint (rp_manifest_get_total_size (read), ==, 10 + 5);
  g_assert_finalize_object (g_steal_pointer (&read));
  g_assert_finalize_object (g_steal_pointer (&written));
}

static void
test_not_json (void)
{
  static const char nul[] = "{\"format\": 1}\0{}";

  assert_invalid ("", 0, "empty");
  assert_invalid (nul, sizeof nul - 1, "a NUL byte");
  assert_invalid ("{\"channel\": \"\xff\xfe\"}", -1, "not UTF-8");
  assert_invalid ("<html><body>Log in</body></html>", -1, "a captive portal's page");
  assert_invalid ("[1, 2, 3]", -1, "a list at the top level");
  assert_invalid ("\"district\"", -1, "a string at the top level");
}

static void
test_missing_fields (void)
{
  const char *required[] = { "format", "channel", "version", "issued", "expires", "catalogue", "objects" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    assert_member_invalid ("", required[i], NULL);
  assert_member_invalid ("catalogue", "sha256", NULL);
  assert_member_invalid ("catalogue", "size", NULL);
  assert_member_invalid ("objects.0", "sha256", NULL);
  assert_member_invalid ("objects.0", "size", NULL);
  assert_member_invalid ("objects.0", "path", NULL);
  assert_member_invalid ("objects.0", "type", NULL);
}

static void
test_wrong_types_and_values (void)
{
  assert_member_invalid ("", "format", "4");
  /* Format 3 without its header and chunks. */
  assert_member_invalid ("", "format", "3");
  assert_member_invalid ("", "format", "\"1\"");
  assert_member_invalid ("", "channel", "\"Demo\"");
  assert_member_invalid ("", "channel", "\"../demo\"");
  assert_member_invalid ("", "channel", "7");
  assert_member_invalid ("", "version", "0");
  assert_member_invalid ("", "version", "-3");
  assert_member_invalid ("", "version", "\"7\"");
  assert_member_invalid ("", "version", "7.5");
  assert_member_invalid ("", "issued", "\"yesterday\"");
  assert_member_invalid ("", "expires", "20260501");
  assert_member_invalid ("", "catalogue", "\"" SHA_A "\"");
  assert_member_invalid ("", "objects", "{}");
}

/* Hashes are exactly 64 lower-case hex digits, in the catalogue and in
 * every object: anything else could name a file outside the store. */
static void
test_bad_hashes (void)
{
  const char *bad[] = {
    "\"BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\"",
    "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\"",
    "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0\"",
    "\"ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"",
    "\"../../../../etc/passwd\"",
    "\"\"",
    "null",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      assert_member_invalid ("catalogue", "sha256", bad[i]);
      assert_member_invalid ("objects.1", "sha256", bad[i]);
    }
}

static void
test_object_rules (void)
{
  const char *unsafe_paths[] = {
    "\"../outside.pdf\"", "\"/etc/passwd\"", "\"files//a.pdf\"", "\"files/./a.pdf\"",
    "\"files\\\\a.pdf\"", "\"c:a.pdf\"", "\"files/a\\u0001.pdf\"", "\"\"", "\"files/\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unsafe_paths); i++)
    assert_member_invalid ("objects.0", "path", unsafe_paths[i]);
  assert_member_invalid ("objects.0", "size", "-1");
  assert_member_invalid ("objects.0", "size", "1.5");
  assert_member_invalid ("objects.0", "size", "\"1000\"");
  /* The same path twice. */
  assert_member_invalid ("objects.1", "path", "\"files/a.pdf\"");
  /* A broken mark is a reason, never empty or another type. */
  assert_member_invalid ("objects.0", "broken", "\"\"");
  assert_member_invalid ("objects.0", "broken", "true");
  {
    g_autofree char *text = g_strdup (valid);
    char *objects = strstr (text, "[");

    /* An element that is not an object. */
    memcpy (objects, "[7,", 3);
    assert_invalid (text, -1, "objects[0] is a number");
  }
}

/* The caps hold before anything is allocated per object. */
static void
test_caps (void)
{
  g_autofree char *size_cap = g_strdup_printf ("%" G_GUINT64_FORMAT, RP_MANIFEST_MAX_OBJECT_SIZE);
  g_autofree char *over_size_cap = g_strdup_printf ("%" G_GUINT64_FORMAT, RP_MANIFEST_MAX_OBJECT_SIZE + 1);
  g_autofree char *catalogue_over = g_strdup_printf ("%d", RP_MANIFEST_MAX_SIZE + 1);
  g_autofree char *long_path = NULL;
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(GString) huge = g_string_new (valid);

  /* An object of exactly 4 GiB is allowed; one byte more is not. */
  {
    g_autofree char *text = with_member ("objects.0", "size", size_cap);
    g_autoptr(GError) error = NULL;
    g_autoptr(RpManifest) manifest = parse_text (text, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rp_manifest_get_object (manifest, 0)->size, ==, RP_MANIFEST_MAX_OBJECT_SIZE);
  }
  assert_member_invalid ("objects.0", "size", over_size_cap);
  assert_member_invalid ("catalogue", "size", catalogue_over);
  assert_member_invalid ("catalogue", "size", "0");

  /* One object more than the cap. */
  for (guint i = 0; i <= RP_MANIFEST_MAX_OBJECTS; i++)
    g_string_append (many, i ? ",0" : "0");
  g_string_append (many, "]");
  {
    g_autofree char *text = with_member ("", "objects", many->str);

    assert_refused (text, -1, "too many objects", "cap");
  }

  /* A path one byte over the cap. */
  {
    GString *p = g_string_new ("\"");

    while (p->len <= RP_MANIFEST_MAX_PATH + 1)
      g_string_append (p, "a");
    g_string_append (p, "\"");
    long_path = g_string_free (p, FALSE);
  }
  assert_member_invalid ("objects.0", "path", long_path);

  /* A manifest over 8 MiB, white space after valid JSON. */
  while (huge->len <= RP_MANIFEST_MAX_SIZE)
    g_string_append_c (huge, ' ');
  assert_refused (huge->str, huge->len, "over the size cap", "cap");
}

static void
test_path_is_safe (void)
{
  g_assert_true (rp_manifest_path_is_safe ("files/a.pdf"));
  g_assert_true (rp_manifest_path_is_safe ("文件/通知.pdf"));
  g_assert_true (rp_manifest_path_is_safe (".pages/files/a.pdf"));
  g_assert_true (rp_manifest_path_is_safe ("a..b/c"));
  g_assert_false (rp_manifest_path_is_safe (NULL));
  g_assert_false (rp_manifest_path_is_safe (""));
  g_assert_false (rp_manifest_path_is_safe ("/a"));
  g_assert_false (rp_manifest_path_is_safe ("a/"));
  g_assert_false (rp_manifest_path_is_safe ("a/../b"));
  g_assert_false (rp_manifest_path_is_safe ("./a"));
  g_assert_false (rp_manifest_path_is_safe ("a\\b"));
  g_assert_false (rp_manifest_path_is_safe ("a:b"));
  g_assert_false (rp_manifest_path_is_safe ("a\nb"));
  g_assert_false (rp_manifest_path_is_safe ("a\x7f"));
  g_assert_false (rp_manifest_path_is_safe ("\xff"));
}

static void
test_channel_names (void)
{
  g_autofree char *longest = g_strnfill (64, 'a');
  g_autofree char *too_long = g_strnfill (65, 'a');

  g_assert_true (rp_channel_name_is_valid ("demo"));
  g_assert_true (rp_channel_name_is_valid ("district-2026_b.1"));
  g_assert_true (rp_channel_name_is_valid ("7th"));
  g_assert_true (rp_channel_name_is_valid (longest));
  g_assert_false (rp_channel_name_is_valid (too_long));
  g_assert_false (rp_channel_name_is_valid (NULL));
  g_assert_false (rp_channel_name_is_valid (""));
  g_assert_false (rp_channel_name_is_valid ("Demo"));
  g_assert_false (rp_channel_name_is_valid ("-demo"));
  g_assert_false (rp_channel_name_is_valid (".demo"));
  g_assert_false (rp_channel_name_is_valid ("de mo"));
  g_assert_false (rp_channel_name_is_valid ("de/mo"));
}

/* Expiry counts only on a sane clock: a terminal with a dead RTC battery
 * (1970) still shows its content. */
static void
test_expiry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = parse_text (valid, -1, &error);
  g_autoptr(GDateTime) before = g_date_time_new_utc (2026, 4, 30, 0, 0, 0);
  g_autoptr(GDateTime) after = g_date_time_new_utc (2026, 5, 2, 0, 0, 0);
  g_autoptr(GDateTime) dead_battery = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);

  g_assert_no_error (error);
  g_assert_false (rp_manifest_is_expired (manifest, before));
  g_assert_true (rp_manifest_is_expired (manifest, after));
  g_assert_false (rp_manifest_is_expired (manifest, dead_battery));
}

/* Format 3: the header and the chunks, in id order, within the caps. */
static void
test_chunked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = parse_text (valid_chunked, -1, &error);
  g_autoptr(RpManifest) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *over_chunk = g_strdup_printf ("%d", RP_MANIFEST_MAX_CHUNK_SIZE + 1);
  g_autofree char *over_header = g_strdup_printf ("%d", RP_MANIFEST_MAX_HEADER_SIZE + 1);
  g_autofree char *over_entries = g_strdup_printf ("%d", RP_MANIFEST_MAX_CHUNK_ENTRIES + 1);
  g_autofree char *long_first = g_strdup_printf ("\"%0*d\"", RP_MANIFEST_MAX_CHUNK_FIRST + 1, 7);
  const RpManifestChunk *c;

  g_assert_no_error (error);
  g_assert_cmpuint (rp_manifest_get_format (manifest), ==, 3);
  g_assert_cmpuint (rp_manifest_get_n_entries (manifest), ==, 7);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (manifest), ==, 3);
  g_assert_cmpstr (rp_manifest_get_catalogue_sha256 (manifest), ==, SHA_A);
  g_assert_null (rp_manifest_get_catalogue_part (manifest, 0)->first);
  c = rp_manifest_get_catalogue_part (manifest, 2);
  g_assert_cmpstr (c->sha256, ==, SHA_C);
  g_assert_cmpstr (c->first, ==, "ZW-000400");
  g_assert_cmpuint (c->size, ==, 7000);
  g_assert_cmpuint (c->n_entries, ==, 4);
  g_assert_cmpuint (rp_manifest_get_total_size (manifest), ==, 300 + 5000 + 7000);

  bytes = rp_manifest_to_bytes (manifest);
  again = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rp_manifest_get_n_catalogue_parts (again), ==, 3);
  g_assert_cmpuint (rp_manifest_get_catalogue_part (again, 1)->n_entries, ==, 3);
  g_assert_cmpstr (rp_manifest_get_catalogue_part (again, 1)->first, ==, "ZW-000001");

  assert_chunked_invalid ("catalogue", "header", NULL, "header");
  assert_chunked_invalid ("catalogue.header", "size", over_header, "header");
  assert_chunked_invalid ("catalogue", "chunks", NULL, "chunks");
  assert_chunked_invalid ("catalogue.chunks.0", "size", over_chunk, "4194304");
  assert_chunked_invalid ("catalogue.chunks.0", "size", "0", "size");
  assert_chunked_invalid ("catalogue.chunks.0", "entries", over_entries, "entries");
  assert_chunked_invalid ("catalogue.chunks.0", "entries", "0", "entries");
  assert_chunked_invalid ("catalogue.chunks.1", "sha256", "\"../x\"", "sha256");
  assert_chunked_invalid ("catalogue.chunks.1", "first", NULL, "first");
  assert_chunked_invalid ("catalogue.chunks.1", "first", "\"\"", "first");
  assert_chunked_invalid ("catalogue.chunks.1", "first", "400", "first");
  assert_chunked_invalid ("catalogue.chunks.1", "first", long_first, "first");
}

/* The chunks' ranges are given by their first ids: a manifest whose ranges
 * overlap (two chunks start at the same id) or are out of order is refused,
 * and each id has exactly one chunk. */
static void
test_chunk_ranges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpManifest) manifest = parse_text (valid_chunked, -1, &error);

  g_assert_no_error (error);
  /* Overlapping: the second range starts where the first does. */
  assert_chunked_invalid ("catalogue.chunks.1", "first", "\"ZW-000001\"", "overlap");
  /* Unsorted: the second range starts below the first. */
  assert_chunked_invalid ("catalogue.chunks.1", "first", "\"ZW-000000\"", "sorted");
  /* Byte order, not numeric: "ZW-10" sorts before "ZW-9". */
  assert_chunked_invalid ("catalogue.chunks.0", "first", "\"ZW-9\"", "sorted");

  g_assert_false (rp_manifest_chunk_holds (manifest, 1, "ZW-000000"));
  g_assert_true (rp_manifest_chunk_holds (manifest, 1, "ZW-000001"));
  g_assert_true (rp_manifest_chunk_holds (manifest, 1, "ZW-000399"));
  g_assert_false (rp_manifest_chunk_holds (manifest, 1, "ZW-000400"));
  g_assert_true (rp_manifest_chunk_holds (manifest, 2, "ZW-000400"));
  /* The last range is open above. */
  g_assert_true (rp_manifest_chunk_holds (manifest, 2, "ZZ"));
  g_assert_false (rp_manifest_chunk_holds (manifest, 2, "ZW-000399"));

  g_assert_cmpuint (rp_manifest_find_chunk (manifest, "A"), ==, 0);
  g_assert_cmpuint (rp_manifest_find_chunk (manifest, "ZW-000001"), ==, 1);
  g_assert_cmpuint (rp_manifest_find_chunk (manifest, "ZW-000399.5"), ==, 1);
  g_assert_cmpuint (rp_manifest_find_chunk (manifest, "ZW-000400"), ==, 2);
  g_assert_cmpuint (rp_manifest_find_chunk (manifest, "ZW-999999"), ==, 2);
}

/* Format 2 (chunks grouped by a hash of the id, a development format) is
 * refused with a message saying what to do, not as an unknown format. */
static void
test_format_2_refused (void)
{
  static const char format_2[] =
    "{\"format\": 2, \"channel\": \"district\", \"version\": 8,"
    " \"issued\": \"2026-04-01T08:00:00Z\", \"expires\": \"2026-05-01T08:00:00Z\","
    " \"catalogue\": {\"header\": {\"sha256\": \"" SHA_A "\", \"size\": 300}, \"groups\": 4, \"chunks\": ["
    "  {\"group\": 0, \"sha256\": \"" SHA_B "\", \"size\": 5000, \"entries\": 3}"
    " ]},"
    " \"objects\": []}";

  assert_refused (format_2, -1, "format 2", "publish the channel again");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/Manifest/valid", test_valid);
  g_test_add_func ("/ReadingPoint/Manifest/round-trip", test_round_trip);
  g_test_add_func ("/ReadingPoint/Manifest/not-json", test_not_json);
  g_test_add_func ("/ReadingPoint/Manifest/missing-fields", test_missing_fields);
  g_test_add_func ("/ReadingPoint/Manifest/wrong-types-and-values", test_wrong_types_and_values);
  g_test_add_func ("/ReadingPoint/Manifest/bad-hashes", test_bad_hashes);
  g_test_add_func ("/ReadingPoint/Manifest/object-rules", test_object_rules);
  g_test_add_func ("/ReadingPoint/Manifest/caps", test_caps);
  g_test_add_func ("/ReadingPoint/Manifest/path-is-safe", test_path_is_safe);
  g_test_add_func ("/ReadingPoint/Manifest/channel-names", test_channel_names);
  g_test_add_func ("/ReadingPoint/Manifest/expiry", test_expiry);
  g_test_add_func ("/ReadingPoint/Manifest/chunked", test_chunked);
  g_test_add_func ("/ReadingPoint/Manifest/chunk-ranges", test_chunk_ranges);
  g_test_add_func ("/ReadingPoint/Manifest/format-2-refused", test_format_2_refused);

  return g_test_run ();
}
