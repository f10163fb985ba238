/* rp-admin.c — readingpoint-admin, the administrators' command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit status (DESIGN.md, "Programs and their command lines"): 0 success,
 * 1 refused or failed (one line on stderr; with --json an object on stdout
 * saying why), 2 usage error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "rp-core.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

static const char *usage_text =
  "Usage: readingpoint-admin [--data-dir DIR] COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  status [--json]                        what is installed\n"
  "  render PDF --page N [--width PX] -o OUT.png\n"
  "                                         draw one page of a PDF\n"
  "\n"
  "--data-dir defaults to $XDG_DATA_HOME/readingpoint.\n"
  "Run 'readingpoint-admin COMMAND --help' for a command's options.\n";

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
fail (gboolean    json,
      const char *command,
      GError     *error)
{
  g_printerr ("readingpoint-admin %s: %s\n", command, error->message);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
      json_builder_set_member_name (builder, "code");
      json_builder_add_int_value (builder, error->code);
      json_builder_end_object (builder);
      print_json (builder);
    }
  return EXIT_FAILED;
}

/* Parses a command's own options; prints the reason and returns FALSE on a
 * usage error. */
static gboolean
parse_command (const char   *command,
               const char   *parameters,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("readingpoint-admin %s", command);

  context = g_option_context_new (parameters);
  g_set_prgname (name);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", name, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
cmd_status (const char *data_dir_path,
            int         argc,
            char      **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON object", NULL },
    { NULL }
  };
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;

  if (!parse_command ("status", "", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr ("readingpoint-admin status: unexpected argument “%s”\n", argv[1]);
      return EXIT_USAGE;
    }

  data_dir = rp_data_dir_new (data_dir_path);
  bundle = rp_data_dir_get_current_bundle (data_dir);
  catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  if (catalogue == NULL)
    return fail (json, "status", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "data_dir");
      json_builder_add_string_value (builder, rp_data_dir_get_path (data_dir));
      json_builder_set_member_name (builder, "bundle");
      json_builder_add_string_value (builder, bundle);
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, rp_catalogue_get_channel (catalogue));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, rp_catalogue_get_title (catalogue));
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, rp_catalogue_get_n_entries (catalogue));
      json_builder_end_object (builder);
      print_json (builder);
    }
  else
    {
      g_print ("Data directory: %s\n", rp_data_dir_get_path (data_dir));
      g_print ("Bundle:         %s\n", bundle);
      g_print ("Channel:        %s\n", rp_catalogue_get_channel (catalogue));
      g_print ("Title:          %s\n", rp_catalogue_get_title (catalogue));
      g_print ("Entries:        %u\n", rp_catalogue_get_n_entries (catalogue));
    }
  return 0;
}

static int
cmd_render (int    argc,
            char **argv)
{
  int page = 0;
  int width = 1240;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "page", 0, 0, G_OPTION_ARG_INT, &page, "Page number, from 1", "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width in pixels (default 1240)", "PX" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "PNG file to write", "OUT.png" },
    { NULL }
  };
  g_autoptr(RpDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  if (!parse_command ("render", "PDF", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || page < 1 || output == NULL || width < 1 || width > RP_DOCUMENT_MAX_EDGE_PX)
    {
      g_printerr ("Usage: readingpoint-admin render PDF --page N [--width PX] -o OUT.png\n");
      return EXIT_USAGE;
    }

  document = rp_document_open (argv[1], &error);
  if (document == NULL)
    return fail (FALSE, "render", error);
  surface = rp_document_render_page (document, (guint) page - 1, width, &error);
  if (surface == NULL)
    return fail (FALSE, "render", error);
  status = cairo_surface_write_to_png (surface, output);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_IO, "Cannot write “%s”: %s", output,
                   cairo_status_to_string (status));
      return fail (FALSE, "render", error);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  int i;

  setlocale (LC_ALL, "");

  /* Global options come before the command. */
  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          g_print ("%s", usage_text);
          return 0;
        }
      else if (g_str_equal (argv[i], "--data-dir") && i + 1 < argc)
        {
          g_free (data_dir);
          data_dir = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--data-dir="))
        {
          g_free (data_dir);
          data_dir = g_strdup (argv[i] + strlen ("--data-dir="));
        }
      else
        {
          g_printerr ("readingpoint-admin: unknown option “%s”\n%s", argv[i], usage_text);
          return EXIT_USAGE;
        }
    }
  if (i >= argc)
    {
      g_printerr ("%s", usage_text);
      return EXIT_USAGE;
    }
  if (data_dir == NULL)
    data_dir = rp_data_dir_default_path ();

  if (g_str_equal (argv[i], "status"))
    return cmd_status (data_dir, argc - i, argv + i);
  if (g_str_equal (argv[i], "render"))
    return cmd_render (argc - i, argv + i);

  g_printerr ("readingpoint-admin: unknown command “%s”\n%s", argv[i], usage_text);
  return EXIT_USAGE;
}
