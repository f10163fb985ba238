/* rp-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gio/gio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rp-test-util.h"

static char *test_root;

static void
remove_root (void)
{
  g_autofree char *cmd = NULL;

  if (test_root == NULL || g_getenv ("RP_TEST_KEEP") != NULL)
    return;
  g_autoptr(GFile) root = g_file_new_for_path (test_root);
  /* Small trees only: a plain recursive delete. */
  cmd = g_strdup_printf ("rm -rf '%s'", test_root);
  (void) !system (cmd);
}

char *
rp_test_make_dir (const char *name)
{
  char *dir;

  if (test_root == NULL)
    {
      test_root = g_dir_make_tmp ("rp-test-XXXXXX", NULL);
      g_assert_nonnull (test_root);
      atexit (remove_root);
    }
  dir = g_build_filename (test_root, name, NULL);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

void
rp_test_write_file (const char *dir,
                    const char *relative,
                    const char *contents,
                    gssize      length)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

void
rp_test_write_pdf (const char *path,
                   guint       n_pages,
                   const char *text)
{
  g_autofree char *parent = g_path_get_dirname (path);
  cairo_surface_t *surface;
  cairo_t *cr;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  surface = cairo_pdf_surface_create (path, 595, 842);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *label = g_strdup_printf ("Page %u", i + 1);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 36);
      cairo_move_to (cr, 72, 120);
      cairo_show_text (cr, label);
      cairo_set_font_size (cr, 14);
      cairo_move_to (cr, 72, 180);
      cairo_show_text (cr, text ? text : "");
      /* A filled block so renders have measurable ink. */
      cairo_set_source_rgb (cr, 0.1, 0.3, 0.6);
      cairo_rectangle (cr, 72, 240, 451, 200);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

void
rp_test_write_png (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 200);
  cairo_t *cr = cairo_create (surface);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static const char source_catalogue[] =
  "{\n"
  "  \"channel\": \"test\",\n"
  "  \"title\": \"测试区政府信息公开目录\",\n"
  "  \"categories\": [\n"
  "    {\"id\": \"org\", \"name\": \"机构职能\", \"parent\": null},\n"
  "    {\"id\": \"key\", \"name\": \"重点领域\", \"parent\": null},\n"
  "    {\"id\": \"key-edu\", \"name\": \"义务教育\", \"parent\": \"key\"},\n"
  "    {\"id\": \"empty\", \"name\": \"空分类\", \"parent\": null}\n"
  "  ],\n"
  "  \"entries\": [\n"
  "    {\"id\": \"T-2026-00017\", \"title\": \"2026年义务教育招生工作实施意见\", \"organ\": \"测试区教育局\",\n"
  "     \"doc_number\": \"测教〔2026〕9号\", \"date\": \"2026-04-20\", \"category\": \"key-edu\",\n"
  "     \"genre\": \"通知\", \"keywords\": [\"招生\", \"学区\"], \"summary\": \"明确招生范围。\",\n"
  "     \"body\": \"第一段。\\n\\n第二段。\",\n"
  "     \"files\": [{\"path\": \"files/enrolment.pdf\", \"title\": \"实施意见全文\"}],\n"
  "     \"url\": \"https://www.example.gov.cn/art/17.html\", \"validity\": \"有效\",\n"
  "     \"related\": [\"T-2026-00018\"]},\n"
  "    {\"id\": \"T-2026-00018\", \"title\": \"图解：招生政策十问十答\", \"organ\": \"测试区教育局\",\n"
  "     \"date\": \"2026-04-21\", \"category\": \"key\", \"genre\": \"政策解读\",\n"
  "     \"files\": [{\"path\": \"files/graphic.png\", \"title\": \"图解\"}],\n"
  "     \"related\": [\"T-2026-00017\"]},\n"
  "    {\"id\": \"T-2025-00002\", \"title\": \"测试区教育局机构职能\", \"organ\": \"测试区教育局\",\n"
  "     \"date\": \"2025-01-05\", \"category\": \"org\", \"body\": \"负责全区教育的统筹管理。\"},\n"
  "    {\"id\": \"T-0000-00001\", \"title\": \"无日期的条目\", \"organ\": \"测试区政府办公室\",\n"
  "     \"category\": \"org\", \"summary\": \"没有发布日期。\"}\n"
  "  ]\n"
  "}\n";

char *
rp_test_make_source (const char *name)
{
  char *dir = rp_test_make_dir (name);
  g_autofree char *pdf = g_build_filename (dir, "files", "enrolment.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "files", "graphic.png", NULL);

  rp_test_write_file (dir, "catalogue.json", source_catalogue, -1);
  rp_test_write_pdf (pdf, 3, "Enrolment");
  rp_test_write_png (png);
  return dir;
}

guint
rp_test_count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        n++;
      else if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += rp_test_count_files (path);
      else
        n++;
    }
  return n;
}

const char *
rp_test_demo_dir (void)
{
  const char *dir = g_getenv ("READINGPOINT_DEMO_DIR");

  g_assert_nonnull (dir);
  return dir;
}

gboolean
rp_test_tree_contains (const char *dir,
                       const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (rp_test_tree_contains (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               memmem (contents, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

gint64
rp_test_export_count (const char *json,
                      const char *kind,
                      const char *subject)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *counters;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  counters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "counters");
  for (guint i = 0; i < json_array_get_length (counters); i++)
    {
      JsonObject *row = json_array_get_object_element (counters, i);
      gboolean other = json_object_get_null_member (row, "subject");

      if (!g_str_equal (json_object_get_string_member (row, "kind"), kind))
        continue;
      if ((subject == NULL && other) ||
          (subject != NULL && !other && g_str_equal (json_object_get_string_member (row, "subject"), subject)))
        return json_object_get_int_member (row, "count");
    }
  return 0;
}

int
rp_test_run (char      **out_stdout,
             char      **out_stderr,
             const char *program,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) program);
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* Children must not write into the TAP stream on stdout. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | (out_stdout ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL), NULL, NULL, out_stdout,
                out_stderr, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static void
stdout_to_stderr (gpointer data)
{
  dup2 (STDERR_FILENO, STDOUT_FILENO); /* stdout is the TAP stream */
}

void
rp_test_print_backtraces (void)
{
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  const char *argv[] = { "gdb", "-nx", "-batch", "-p", pid, "-ex", "set pagination off",
                         "-ex", "thread apply all bt 12", NULL };
  g_autoptr(GError) error = NULL;

  /* Yama may let only an ancestor trace a process: allow our child. */
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  g_printerr ("every thread's stack (gdb -p %s):\n", pid);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, stdout_to_stderr, NULL, NULL, NULL, NULL,
                     &error))
    g_printerr ("no stacks: %s\n", error->message);
}

void
rp_test_wait_until_full (gboolean   (*condition) (gpointer data),
                         gpointer     data,
                         guint        timeout_seconds,
                         const char  *what,
                         void       (*explain) (gpointer data))
{
  gint64 until = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  /* Whatever the condition waits for may be delivered on this thread's
   * main context (results of a worker) or happen in another process (a
   * server that comes up): turn the context, then look again shortly. */
  while (!condition (data))
    {
      if (g_get_monotonic_time () >= until)
        {
          /* Stacks first: meson shows a failed test's last 100 lines, and
           * what @explain says must be among them. */
          rp_test_print_backtraces ();
          if (explain != NULL)
            explain (data);
          g_error ("timed out after %u s waiting until %s", timeout_seconds, what);
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

void
rp_test_wait_until (gboolean   (*condition) (gpointer data),
                    gpointer     data,
                    guint        timeout_seconds,
                    const char  *what)
{
  rp_test_wait_until_full (condition, data, timeout_seconds, what, NULL);
}

void
rp_test_db_exec (const char *path,
                 const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

RpAttachment *
rp_test_stored_attachment (const char       *data_dir,
                           const char       *file,
                           RpAttachmentType  type)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autofree char *sha256 = NULL;
  g_autofree char *aa = NULL;
  g_autofree char *object = NULL;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  aa = g_strndup (sha256, 2);
  object = g_build_filename (data_dir, "objects", aa, sha256, NULL);
  rp_test_write_file (data_dir, object + strlen (data_dir) + 1, contents, length);
  return rp_attachment_new ("files/x", "X", type, sha256, length, object);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

RpManifest *
rp_test_origin_manifest (const char *origin,
                         const char *channel,
                         gint64      version)
{
  g_autofree char *name = version > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT ".json", version)
                                      : g_strdup ("latest.json");
  g_autofree char *path = g_build_filename (origin, "channels", channel, name, NULL);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  RpManifest *manifest;

  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  manifest = rp_manifest_parse (bytes, &error);
  g_assert_no_error (error);
  return manifest;
}

guint
rp_test_count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1; /* the one g_dir_open holds */
}

double
rp_test_median (double *values,
                guint   n)
{
  g_return_val_if_fail (n > 0, 0);
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static const char *const prose[] = {
  "本区依法主动公开政府信息，接受社会监督。",
  "街道办事处做好辖区内老旧小区改造的组织协调工作。",
  "区财政局公布本年度部门预算和三公经费安排情况。",
  "社区卫生服务中心开展家庭医生签约服务。",
  "区教育局发布义务教育阶段招生入学工作实施方案。",
  "生活垃圾分类投放点的设置和管理办法。",
  "城市管理部门对占道经营行为进行集中整治。",
  "区人力资源和社会保障局发布就业援助政策解读。",
};

const char *
rp_test_prose_sentence (guint32 *state)
{
  const char *sentence = prose[(*state >> 16) % G_N_ELEMENTS (prose)];

  *state = *state * 1103515245u + 12345u;
  return sentence;
}

char *
rp_test_entry_line (const char *id,
                    const char *title,
                    const char *organ,
                    const char *date,
                    const char *category,
                    const char *body)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "organ");
  json_builder_add_string_value (b, organ);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "category");
  json_builder_add_string_value (b, category);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, body);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
