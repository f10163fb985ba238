/* rp-publish-check.c — every page of every file drawn in a render helper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A publisher runs this before building a bundle (and build runs it too),
 * so that a file which would hang or exhaust a kiosk never reaches one. Each
 * file is opened, every page drawn at the sizes a terminal draws it and its
 * text extracted (rp_pdf_check_in_helper) in a render helper process, under
 * the limits a terminal draws with (rp_child_limits_init_terminal).
 * Images are told apart by their first bytes, not their names: a PNG is
 * decoded in full in the child; a JPEG is checked for its structure and
 * size (core has no JPEG decoder).
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-core.h"
#include "rp-publish-check.h"

#define EXIT_BROKEN 1
#define EXIT_USAGE  2

void
rp_publish_check_report_free (RpPublishCheckReport *report)
{
  g_free (report->path);
  g_free (report->kind);
  g_free (report->reason);
  g_free (report);
}

static gboolean
image_size_ok (guint64  width,
               guint64  height,
               char   **reason)
{
  if (width == 0 || height == 0)
    {
      *reason = g_strdup ("The image has no size");
      return FALSE;
    }
  if (width > RP_DOCUMENT_MAX_EDGE_PX || height > RP_DOCUMENT_MAX_EDGE_PX ||
      width * height > RP_DOCUMENT_MAX_PIXELS)
    {
      *reason = g_strdup_printf ("The image is %" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT
                                 " pixels, more than a terminal shows (%d px a side, %d Mpx)",
                                 width, height, RP_DOCUMENT_MAX_EDGE_PX, RP_DOCUMENT_MAX_PIXELS >> 20);
      return FALSE;
    }
  return TRUE;
}

/* Walks the JPEG markers up to the frame header. */
static gboolean
check_jpeg (const guint8 *data,
            gsize         len,
            char        **reason)
{
  gsize i = 2;

  while (i + 4 <= len)
    {
      guint8 marker;
      gsize seg;

      if (data[i] != 0xFF)
        break;
      marker = data[i + 1];
      seg = ((gsize) data[i + 2] << 8) | data[i + 3];
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          if (i + 9 > len)
            break;
          if (!image_size_ok (((guint) data[i + 7] << 8) | data[i + 8], ((guint) data[i + 5] << 8) | data[i + 6],
                              reason))
            return FALSE;
          /* The image data must end with EOI: a cut file does not. */
          if (len < 2 || data[len - 2] != 0xFF || data[len - 1] != 0xD9)
            {
              *reason = g_strdup ("The JPEG image is truncated (no end marker)");
              return FALSE;
            }
          return TRUE;
        }
      if (seg < 2)
        break;
      i += 2 + seg;
    }
  *reason = g_strdup ("The JPEG image is damaged (no frame header)");
  return FALSE;
}

typedef struct
{
  const char *path;
} ImageData;

/* Child: decodes a PNG in full. */
static int
png_child (gpointer data,
           int      fd)
{
  ImageData *image = data;
  cairo_surface_t *surface = cairo_image_surface_create_from_png (image->path);
  cairo_status_t status = cairo_surface_status (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      rp_child_say (fd, "error The PNG image is damaged (%s)", cairo_status_to_string (status));
      cairo_surface_destroy (surface);
      return 1;
    }
  rp_child_say (fd, "ok");
  cairo_surface_destroy (surface);
  return 0;
}

RpPublishCheckReport *
rp_publish_check_file (const char          *path,
                       int                  width,
                       const RpChildLimits *limits)
{
  RpPublishCheckReport *report = g_new0 (RpPublishCheckReport, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  const guint8 *data;
  gsize len;

  report->path = g_strdup (path);
  mapped = g_mapped_file_new (path, FALSE, &error);
  if (mapped == NULL)
    {
      report->reason = g_strdup (error->message);
      return report;
    }
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);

  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      ImageData image = { path };
      RpChildOutcome outcome;

      report->kind = g_strdup ("png");
      report->n_pages = 1;
      if (len < 24 || !image_size_ok (GUINT32_FROM_BE (*(guint32 *) (data + 16)),
                                      GUINT32_FROM_BE (*(guint32 *) (data + 20)), &report->reason))
        {
          if (report->reason == NULL)
            report->reason = g_strdup ("The PNG image is damaged (no header)");
          return report;
        }
      if (!rp_child_run (png_child, &image, limits, &outcome, &error))
        {
          report->reason = g_strdup (error->message);
          return report;
        }
      report->reason = rp_child_outcome_get_reason (&outcome, limits, "Decoding the image");
      rp_child_outcome_clear (&outcome);
      report->ok = report->reason == NULL;
      return report;
    }
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    {
      report->kind = g_strdup ("jpeg");
      report->n_pages = 1;
      report->ok = check_jpeg (data, len, &report->reason);
      return report;
    }

  report->kind = g_strdup ("pdf");
  {
    RpPdfCheck check;

    rp_pdf_check_in_helper (path, width, limits, &check);
    report->n_pages = check.n_pages;
    report->failed_page = check.failed_page;
    report->reason = g_steal_pointer (&check.reason);
    report->ok = report->reason == NULL;
    rp_pdf_check_clear (&check);
  }
  return report;
}

int
rp_publish_check_main (int    argc,
                       char **argv)
{
  gboolean json = FALSE;
  int width = RP_PUBLISH_CHECK_WIDTH;
  RpChildLimits limits;
  double time_limit;
  int memory_mib;
  g_autofree char *time_help = NULL;
  g_autofree char *memory_help = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON report on standard output", NULL },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Draw pages this many pixels wide (default 1920)", "PX" },
    { "time-limit", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit, NULL, "S" },
    { "memory-limit", 0, 0, G_OPTION_ARG_INT, &memory_mib, NULL, "MIB" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("PDF_OR_IMAGE...");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_publish_check_report_free);
  guint n_broken = 0;

  rp_child_limits_init_terminal (&limits);
  time_limit = limits.step_time_limit_ms / 1000.0;
  memory_mib = (int) (limits.memory_limit_bytes >> 20);
  time_help = g_strdup_printf ("Seconds one drawing of a page may take (default %g, a terminal's limit)", time_limit);
  memory_help = g_strdup_printf ("MiB the checking process may use (default %d)", memory_mib);
  entries[2].description = time_help;
  entries[3].description = memory_help;

  g_option_context_set_summary (context,
                                "Opens every file, draws every page at the width given and at the viewer's\n"
                                "largest zoom and extracts its text, in a child process with a terminal's\n"
                                "time and memory limits; names each broken file, the page and why.\n"
                                "Exit 1 if any is broken.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, TRUE);
  g_set_prgname ("readingpoint-publish check");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("readingpoint-publish check: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc < 2 || width < 16 || width > RP_DOCUMENT_MAX_EDGE_PX || time_limit <= 0 || memory_mib < 64)
    {
      g_printerr ("Usage: readingpoint-publish check PDF_OR_IMAGE... [--json] [--width PX] "
                  "[--time-limit S] [--memory-limit MIB]\n");
      return EXIT_USAGE;
    }
  limits.step_time_limit_ms = (guint) (time_limit * 1000);
  limits.memory_limit_bytes = (guint64) memory_mib << 20;

  for (int i = 1; i < argc; i++)
    {
      RpPublishCheckReport *report = rp_publish_check_file (argv[i], width, &limits);

      g_ptr_array_add (reports, report);
      if (report->ok)
        {
          if (!json)
            g_print ("%s: ok (%u %s)\n", report->path, report->n_pages, report->n_pages == 1 ? "page" : "pages");
        }
      else
        {
          n_broken++;
          g_printerr ("%s: broken: %s\n", report->path, report->reason);
        }
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, n_broken == 0);
      json_builder_set_member_name (builder, "files");
      json_builder_begin_array (builder);
      for (guint i = 0; i < reports->len; i++)
        {
          RpPublishCheckReport *report = g_ptr_array_index (reports, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, report->path);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, report->ok);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, report->kind);
          json_builder_set_member_name (builder, "pages");
          json_builder_add_int_value (builder, report->n_pages);
          json_builder_set_member_name (builder, "failed_page");
          if (report->failed_page > 0)
            json_builder_add_int_value (builder, report->failed_page);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "reason");
          if (report->reason)
            json_builder_add_string_value (builder, report->reason);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  if (n_broken > 0)
    g_printerr ("readingpoint-publish check: %u of %d files are broken\n", n_broken, argc - 1);
  return n_broken > 0 ? EXIT_BROKEN : 0;
}
