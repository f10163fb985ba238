/* rp-demo-docgen — turn a tiny text markup into the demo bundle's PDFs and PNGs.
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A build-time tool (never installed): the demo bundle in data/demo/ must not
 * carry binary documents in git, so every PDF/PNG is generated from the text
 * sources in data/demo/docs/ with cairo + pangocairo and the Noto CJK fonts.
 *
 * Usage:
 *   rp-demo-docgen [--png] INPUT.txt OUTPUT
 *
 *   default  OUTPUT is an A4 PDF (595x842 pt), body in "Noto Serif CJK SC",
 *            headings in "Noto Sans CJK SC", header rule and a footer
 *            "第 N 页 共 M 页" on every page (the whole document is laid out
 *            before anything is drawn, so M is known).
 *   --png    OUTPUT is a portrait poster 1080 px wide (at least 1920 px high)
 *            for a graphic policy interpretation (图解).
 *
 * Needs the Noto CJK fonts at build time (Debian: fonts-noto-cjk); exits 1 if
 * no installed font covers Chinese.
 *
 * Exit status: 0 on success, 1 on an error (message on stderr), 2 on a usage
 * error.  Output is deterministic (no clock, no randomness; the PDF creation
 * date is taken from SOURCE_DATE_EPOCH or fixed).
 *
 * Source markup (UTF-8, one construct per line):
 *
 *   # 标题               document title (centred, bold sans).  In --png mode:
 *                        the poster title in the coloured header band
 *                        (several "# " lines give a multi-line title).
 *   ## 小标题            sub-heading (bold sans).  In --png mode: starts a
 *                        numbered question block; the paragraphs that follow
 *                        are its answer.
 *   (blank line)         ends a paragraph.  Consecutive text lines are joined
 *                        into one paragraph; paragraphs get a two-character
 *                        first-line indent.
 *   << 文字              a paragraph without first-line indent (salutations
 *                        such as "各街道办事处：").
 *   ^^ 文字              a centred line (e.g. the document number).
 *   >> 文字              a right-aligned line (issuing body, date).  In --png
 *                        mode: a line of the poster footer.
 *   ---                  page break (PDF only).
 *   | a | b | c |        table row; cells separated by "|"; the first row of
 *                        a run of rows is the header.  Rows made only of
 *                        dashes ("|---|---|") are ignored.  PDF only.
 *   [chart 标题 | 标签1=数值1 | 标签2=数值2 ...]
 *                        a bar chart, rendered as a raster image and painted
 *                        into the page (a real image XObject in the PDF).
 *   [seal 机构名称]      a red round seal over the preceding lines (PDF only).
 *   % comment            ignored.
 */

#include <glib/gstdio.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp-docgen.h"

/* The documents are Chinese: without a CJK font they would be all tofu.
 * A substitute family is only worth a warning; no CJK coverage is an error. */
static gboolean
check_fonts (GError **error)
{
  static const char *const families[] = { SERIF, SANS };
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 4, 4);
  cairo_t *cr = cairo_create (probe);
  PangoContext *ctx = make_pango_context (cr);
  gboolean ok = TRUE;

  for (size_t i = 0; i < G_N_ELEMENTS (families) && ok; i++)
    {
      PangoFontDescription *want = pango_font_description_from_string (families[i]);
      PangoFont *font;

      pango_font_description_set_size (want, 12 * PANGO_SCALE);
      font = pango_context_load_font (ctx, want);
      if (!font || !pango_font_has_char (font, 0x653F /* 政 */))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       "no CJK font available for \"%s\" (install fonts-noto-cjk)",
                       families[i]);
          ok = FALSE;
        }
      else
        {
          PangoFontDescription *got = pango_font_describe (font);
          const char *family = pango_font_description_get_family (got);
          if (!family || g_ascii_strcasecmp (family, families[i]) != 0)
            fprintf (stderr, "rp-demo-docgen: warning: font \"%s\" not found, using \"%s\"\n",
                     families[i], family ? family : "?");
          pango_font_description_free (got);
        }
      if (font)
        g_object_unref (font);
      pango_font_description_free (want);
    }
  g_object_unref (ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (probe);
  return ok;
}

static void
usage (FILE *out)
{
  fputs ("Usage: rp-demo-docgen [--png] INPUT.txt OUTPUT\n"
         "Render a demo document source (markup described in rp-demo-docgen.c)\n"
         "to an A4 PDF, or with --png to a 1080 px wide poster PNG.\n",
         out);
}

int
main (int argc, char **argv)
{
  gboolean png = FALSE;
  const char *input = NULL, *output = NULL;
  char *data = NULL;
  gsize len = 0;
  GError *error = NULL;
  GPtrArray *blocks;
  gboolean ok;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--png") == 0)
        png = TRUE;
      else if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          usage (stdout);
          return 0;
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        {
          fprintf (stderr, "rp-demo-docgen: unknown option %s\n", argv[i]);
          usage (stderr);
          return 2;
        }
      else if (!input)
        input = argv[i];
      else if (!output)
        output = argv[i];
      else
        {
          usage (stderr);
          return 2;
        }
    }
  if (!input || !output)
    {
      usage (stderr);
      return 2;
    }

  if (!g_file_get_contents (input, &data, &len, &error))
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  if (!g_utf8_validate (data, len, NULL) || memchr (data, '\0', len))
    {
      fprintf (stderr, "rp-demo-docgen: %s: not valid UTF-8 text\n", input);
      g_free (data);
      return 1;
    }

  blocks = parse_source (data, &error);
  g_free (data);
  if (!blocks)
    {
      fprintf (stderr, "rp-demo-docgen: %s: %s\n", input, error->message);
      g_error_free (error);
      return 1;
    }
  if (blocks->len == 0)
    {
      fprintf (stderr, "rp-demo-docgen: %s: empty document\n", input);
      g_ptr_array_unref (blocks);
      return 1;
    }

  if (!check_fonts (&error))
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      g_ptr_array_unref (blocks);
      return 1;
    }

  ok = png ? write_png (blocks, output, &error) : write_pdf (blocks, output, &error);
  g_ptr_array_unref (blocks);
  if (!ok)
    {
      fprintf (stderr, "rp-demo-docgen: %s\n", error->message);
      g_error_free (error);
      g_unlink (output);
      return 1;
    }
  return 0;
}
