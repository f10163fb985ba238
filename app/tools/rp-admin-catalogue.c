/* rp-admin-catalogue.c — readingpoint-admin search, render and previews:
 * reading the installed catalogue, drawing a PDF page, drawing the
 * installed documents' previews
 *
 * render draws in a render helper process under the limits a terminal draws
 * with (rp_child_limits_init_terminal): a page that hangs poppler or needs
 * more memory than a terminal allows ends the command with exit 1 and the
 * reason, as it would end on a terminal, instead of running for minutes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-admin-private.h"

int
rp_admin_cmd_render (int    argc,
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
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  RpRenderHelper *helper;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  RpChildLimits limits;

  if (!rp_admin_parse_command ("render", "PDF", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || page < 1 || output == NULL || width < 1 || width > RP_DOCUMENT_MAX_EDGE_PX)
    {
      g_printerr ("Usage: readingpoint-admin render PDF --page N [--width PX] -o OUT.png\n");
      return EXIT_USAGE;
    }

  rp_child_limits_init_terminal (&limits);
  helper = rp_render_helper_new_limited (argv[1], &limits);
  if ((sizes = rp_render_helper_open (helper, &error)) != NULL)
    surface = rp_render_helper_render_page (helper, (guint) page - 1, width, NULL, &error);
  rp_render_helper_free (helper);
  if (surface == NULL)
    {
      g_autofree char *step = g_strdup_printf ("Page %d drawn %d px wide", page, width);
      g_autofree char *reason = rp_helper_describe_failure (sizes ? step : NULL, error, &limits);
      RpError code = g_error_matches (error, RP_ERROR, RP_ERROR_RENDER_TIMEOUT) ? RP_ERROR_RENDER_TIMEOUT
                                                                                 : RP_ERROR_BROKEN_DOCUMENT;

      g_clear_error (&error);
      g_set_error_literal (&error, RP_ERROR, code, reason);
      return rp_admin_fail (FALSE, "render", error);
    }
  /* The pixels outlive the helper: the surface holds its own memory. */
  status = cairo_surface_write_to_png (surface, output);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (&error, RP_ERROR, RP_ERROR_IO, "Cannot write “%s”: %s", output, cairo_status_to_string (status));
      return rp_admin_fail (FALSE, "render", error);
    }
  return 0;
}

/* With --json: an array of {"id", "title", "score", "snippet", "page"}
 * (DESIGN.md); matches in the snippet are wrapped in <b></b> and the text
 * is escaped as in HTML, so it can be shown as is. */
int
rp_admin_cmd_search (const char *data_dir_path,
                     int         argc,
                     char      **argv)
{
  gboolean json = FALSE;
  int limit = RP_SEARCH_DEFAULT_LIMIT;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N results (default 20)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print a JSON array", NULL },
    { NULL }
  };
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpSearch) search = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  RpSearchOptions options = { 0 };

  if (!rp_admin_parse_command ("search", "QUERY", entries, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2 || limit < 1)
    {
      g_printerr ("Usage: readingpoint-admin search QUERY [--limit N] [--json]\n");
      return EXIT_USAGE;
    }
  options.limit = limit;

  data_dir = rp_data_dir_new (data_dir_path);
  catalogue = rp_data_dir_open_catalogue (data_dir, &error);
  if (catalogue == NULL)
    return rp_admin_fail (json, "search", error);
  search = rp_search_open (rp_catalogue_get_path (catalogue), &error);
  if (search == NULL)
    return rp_admin_fail (json, "search", error);
  results = rp_search_run (search, argv[1], &options, &error);
  if (results == NULL)
    return rp_admin_fail (json, "search", error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(RpSearchResult) r = g_list_model_get_item (results, i);
          g_autofree char *snippet = rp_search_result_format_snippet (r, "<b>", "</b>", TRUE);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, rp_search_result_get_id (r));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, rp_search_result_get_title (r));
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, rp_search_result_get_score (r));
          json_builder_set_member_name (builder, "snippet");
          json_builder_add_string_value (builder, snippet);
          json_builder_set_member_name (builder, "page");
          if (rp_search_result_get_page (r) > 0)
            json_builder_add_int_value (builder, rp_search_result_get_page (r));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      rp_cli_print_json (builder);
    }
  else
    {
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(RpSearchResult) r = g_list_model_get_item (results, i);
          g_autofree char *title = rp_search_result_format_title (r, "[", "]", FALSE);
          g_autofree char *snippet = rp_search_result_format_snippet (r, "[", "]", FALSE);

          g_print ("%s  %s", rp_search_result_get_id (r), title);
          if (rp_search_result_get_page (r) > 0)
            g_print ("  (p. %u)", rp_search_result_get_page (r));
          g_print ("\n    %s\n", snippet);
        }
    }
  return 0;
}


/* Draws the previews the installed documents lack (sync does this after
 * every install; this is the same, for an administrator who wants it now
 * or after `sync --no-previews`). */
int
rp_admin_cmd_previews (const char *data_dir_path,
                       int         argc,
                       char      **argv)
{
  int exit_status;
  gboolean json = FALSE;
  g_autoptr(RpTerminal) terminal = NULL;
  g_autoptr(RpTerminalStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  if ((exit_status = rp_admin_parse_json_only ("previews", &json, &argc, &argv)) >= 0)
    return exit_status;

  terminal = rp_admin_open_terminal (data_dir_path);
  if (!rp_terminal_fill_previews (terminal, NULL, &error))
    return rp_admin_fail (json, "previews", error);
  status = rp_terminal_get_status (terminal);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      rp_admin_add_previews (builder, status);
      json_builder_end_object (builder);
      rp_cli_print_json (builder);
    }
  else
    g_print ("Previews: %u of %u documents\n", status->n_previews_done, status->n_previews_wanted);
  return 0;
}
