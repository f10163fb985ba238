/* rp-docgen-poster.c — the PNG poster of a graphic policy interpretation (图解)
 *
 * Copyright the Reading Point authors.  SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "rp-docgen.h"

#define POSTER_W 1080.0
#define POSTER_MIN_H 1920.0
#define POSTER_M 56.0
#define CARD_PAD 34.0
#define CARD_GAP 30.0
#define POSTER_RED 0xb3261e
#define POSTER_RED_DARK 0x8c1d17

typedef struct {
  PangoLayout *question;
  GPtrArray *answer;      /* PangoLayout* or NULL for charts */
  GPtrArray *charts;      /* cairo_surface_t* aligned with NULL entries in answer */
  double h;
} Card;

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  const double pi = 3.14159265358979323846;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -pi / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, pi / 2);
  cairo_arc (cr, x + r, y + h - r, r, pi / 2, pi);
  cairo_arc (cr, x + r, y + r, r, pi, 3 * pi / 2);
  cairo_close_path (cr);
}

gboolean
write_png (GPtrArray *blocks, const char *output, GError **error)
{
  const double pi = 3.14159265358979323846;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 4, 4);
  cairo_t *pcr = cairo_create (probe);
  PangoContext *ctx = make_pango_context (pcr);
  GPtrArray *cards = g_ptr_array_new ();
  GPtrArray *intro = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *footer = g_ptr_array_new_with_free_func (g_object_unref);
  PangoLayout *title = NULL, *tag;
  GString *title_text = g_string_new (NULL);
  Card *card = NULL;
  double inner_w = POSTER_W - 2 * POSTER_M - 2 * CARD_PAD;
  double qx_off = 68 + 22;   /* number disc + gap */
  double band_h, total_h, y;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t st;
  gboolean ok = TRUE;

  for (guint i = 0; i < blocks->len && ok; i++)
    {
      const Block *b = g_ptr_array_index (blocks, i);
      switch (b->kind)
        {
        case B_H1:
          /* several "# " lines make a multi-line title */
          if (title_text->len)
            g_string_append_c (title_text, '\n');
          g_string_append (title_text, b->text);
          break;
        case B_H2:
          card = g_new0 (Card, 1);
          card->question = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 36, inner_w - qx_off,
                                        PANGO_ALIGN_LEFT, 6, 0, b->text);
          card->answer = g_ptr_array_new ();
          card->charts = g_ptr_array_new ();
          g_ptr_array_add (cards, card);
          break;
        case B_PARA:
        case B_CENTER:
          if (card)
            {
              g_ptr_array_add (card->answer,
                               make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 30, inner_w,
                                            b->kind == B_CENTER ? PANGO_ALIGN_CENTER
                                                                : PANGO_ALIGN_LEFT,
                                            10, 0, b->text));
              g_ptr_array_add (card->charts, NULL);
            }
          else
            g_ptr_array_add (intro, make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 32,
                                                 POSTER_W - 2 * POSTER_M - 40,
                                                 PANGO_ALIGN_CENTER, 8, 0, b->text));
          break;
        case B_RIGHT:
          g_ptr_array_add (footer, make_layout (ctx, SANS, PANGO_WEIGHT_NORMAL, 26,
                                                POSTER_W - 2 * POSTER_M, PANGO_ALIGN_CENTER,
                                                6, 0, b->text));
          break;
        case B_CHART:
          if (!card)
            {
              g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           "line %d: in --png mode a chart must follow a ## question", b->line);
              ok = FALSE;
              break;
            }
          g_ptr_array_add (card->answer, NULL);
          g_ptr_array_add (card->charts, chart_render (b, 451, 250, inner_w / 451));
          break;
        case B_TABLE:
        case B_SEAL:
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                       "line %d: tables and seals are not supported in --png mode", b->line);
          ok = FALSE;
          break;
        case B_BREAK:
        default:
          break;
        }
    }
  if (title_text->len)
    title = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 60, POSTER_W - 2 * POSTER_M,
                         PANGO_ALIGN_CENTER, 8, 0, title_text->str);
  g_string_free (title_text, TRUE);
  if (ok && !title)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "a poster needs a \"# \" title line");
      ok = FALSE;
    }

  if (ok)
    {
      tag = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 28, -1, PANGO_ALIGN_LEFT, 0, 0,
                         "图 解 · 政 策 解 读");

      /* measure */
      band_h = 70 + layout_height (tag) + 24 + 36 + layout_height (title) + 28;
      for (guint i = 0; i < intro->len; i++)
        band_h += layout_height (g_ptr_array_index (intro, i)) + 12;
      band_h += 70;

      total_h = band_h + 46;
      for (guint i = 0; i < cards->len; i++)
        {
          Card *c = g_ptr_array_index (cards, i);
          double qh = layout_height (c->question);
          c->h = CARD_PAD + (qh > 68 ? qh : 68) + 24;
          for (guint k = 0; k < c->answer->len; k++)
            {
              PangoLayout *a = g_ptr_array_index (c->answer, k);
              cairo_surface_t *img = g_ptr_array_index (c->charts, k);
              c->h += (a ? layout_height (a) : cairo_image_surface_get_height (img)) + 14;
            }
          c->h += CARD_PAD - 14;
          total_h += c->h + CARD_GAP;
        }
      total_h += 20;
      for (guint i = 0; i < footer->len; i++)
        total_h += layout_height (g_ptr_array_index (footer, i)) + 6;
      total_h += 40 + 18;
      if (total_h < POSTER_MIN_H)
        total_h = POSTER_MIN_H;

      /* draw */
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) POSTER_W, (int) total_h);
      cr = cairo_create (surface);
      set_rgb_hex (cr, 0xf7f1e8, 1);
      cairo_paint (cr);

      {
        cairo_pattern_t *grad = cairo_pattern_create_linear (0, 0, 0, band_h);
        cairo_pattern_add_color_stop_rgb (grad, 0, 0xc6 / 255.0, 0x30 / 255.0, 0x25 / 255.0);
        cairo_pattern_add_color_stop_rgb (grad, 1, 0x8c / 255.0, 0x1d / 255.0, 0x17 / 255.0);
        cairo_rectangle (cr, 0, 0, POSTER_W, band_h);
        cairo_set_source (cr, grad);
        cairo_fill (cr);
        cairo_pattern_destroy (grad);
      }
      /* decorative rings */
      cairo_set_line_width (cr, 26);
      set_rgb_hex (cr, 0xffffff, 0.07);
      cairo_arc (cr, POSTER_W - 90, 90, 170, 0, 2 * pi);
      cairo_stroke (cr);
      cairo_arc (cr, 70, band_h - 30, 120, 0, 2 * pi);
      cairo_stroke (cr);
      /* gold rule at the bottom of the band */
      set_rgb_hex (cr, 0xf2c14e, 1);
      cairo_rectangle (cr, 0, band_h - 10, POSTER_W, 10);
      cairo_fill (cr);

      y = 70;
      {
        double tw = layout_width (tag), th = layout_height (tag);
        set_rgb_hex (cr, 0xf2c14e, 1);
        rounded_rect (cr, (POSTER_W - tw) / 2 - 28, y - 6, tw + 56, th + 12, (th + 12) / 2);
        cairo_fill (cr);
        set_rgb_hex (cr, POSTER_RED_DARK, 1);
        cairo_move_to (cr, (POSTER_W - tw) / 2, y);
        pango_cairo_show_layout (cr, tag);
        y += th + 24 + 36;
      }
      set_rgb_hex (cr, 0xffffff, 1);
      cairo_move_to (cr, POSTER_M, y);
      pango_cairo_show_layout (cr, title);
      y += layout_height (title) + 28;
      set_rgb_hex (cr, 0xffe9d6, 1);
      for (guint i = 0; i < intro->len; i++)
        {
          PangoLayout *l = g_ptr_array_index (intro, i);
          cairo_move_to (cr, POSTER_M + 20, y);
          pango_cairo_show_layout (cr, l);
          y += layout_height (l) + 12;
        }

      y = band_h + 46;
      for (guint i = 0; i < cards->len; i++)
        {
          Card *c = g_ptr_array_index (cards, i);
          double cx = POSTER_M, cw = POSTER_W - 2 * POSTER_M;
          double qy = y + CARD_PAD, qh = layout_height (c->question), ay;
          char num[16];
          PangoLayout *nl;

          set_rgb_hex (cr, 0x5a3a1a, 0.10);
          rounded_rect (cr, cx + 4, y + 6, cw, c->h, 22);
          cairo_fill (cr);
          set_rgb_hex (cr, 0xffffff, 1);
          rounded_rect (cr, cx, y, cw, c->h, 22);
          cairo_fill (cr);
          set_rgb_hex (cr, POSTER_RED, 1);
          rounded_rect (cr, cx, y + 24, 8, c->h - 48, 4);
          cairo_fill (cr);

          /* number disc */
          set_rgb_hex (cr, POSTER_RED, 1);
          cairo_arc (cr, cx + CARD_PAD + 34, qy + 34, 34, 0, 2 * pi);
          cairo_fill (cr);
          snprintf (num, sizeof num, "%u", i + 1);
          nl = make_layout (ctx, SANS, PANGO_WEIGHT_BOLD, 36, 68, PANGO_ALIGN_CENTER, 0, 0, num);
          set_rgb_hex (cr, 0xffffff, 1);
          cairo_move_to (cr, cx + CARD_PAD, qy + 34 - layout_height (nl) / 2);
          pango_cairo_show_layout (cr, nl);
          g_object_unref (nl);

          set_rgb_hex (cr, POSTER_RED_DARK, 1);
          cairo_move_to (cr, cx + CARD_PAD + qx_off, qy + (qh < 68 ? (68 - qh) / 2 : 0));
          pango_cairo_show_layout (cr, c->question);

          ay = qy + (qh > 68 ? qh : 68) + 10;
          set_rgb_hex (cr, 0xe8d9c8, 1);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, cx + CARD_PAD, ay + 2);
          cairo_line_to (cr, cx + cw - CARD_PAD, ay + 2);
          cairo_stroke (cr);
          ay += 14;

          for (guint k = 0; k < c->answer->len; k++)
            {
              PangoLayout *a = g_ptr_array_index (c->answer, k);
              cairo_surface_t *img = g_ptr_array_index (c->charts, k);
              if (a)
                {
                  set_rgb_hex (cr, 0x2e2a26, 1);
                  cairo_move_to (cr, cx + CARD_PAD, ay);
                  pango_cairo_show_layout (cr, a);
                  ay += layout_height (a) + 14;
                }
              else
                {
                  cairo_set_source_surface (cr, img, cx + CARD_PAD, ay);
                  cairo_paint (cr);
                  ay += cairo_image_surface_get_height (img) + 14;
                }
            }
          y += c->h + CARD_GAP;
        }

      y += 20;
      set_rgb_hex (cr, 0x6d5f52, 1);
      for (guint i = 0; i < footer->len; i++)
        {
          PangoLayout *l = g_ptr_array_index (footer, i);
          cairo_move_to (cr, POSTER_M, y);
          pango_cairo_show_layout (cr, l);
          y += layout_height (l) + 6;
        }
      set_rgb_hex (cr, POSTER_RED, 1);
      cairo_rectangle (cr, 0, total_h - 18, POSTER_W, 18);
      cairo_fill (cr);

      cairo_destroy (cr);
      st = cairo_surface_write_to_png (surface, output);
      cairo_surface_destroy (surface);
      if (st != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write %s: %s", output,
                       cairo_status_to_string (st));
          ok = FALSE;
        }
      g_object_unref (tag);
    }

  for (guint i = 0; i < cards->len; i++)
    {
      Card *c = g_ptr_array_index (cards, i);
      g_object_unref (c->question);
      for (guint k = 0; k < c->answer->len; k++)
        {
          PangoLayout *a = g_ptr_array_index (c->answer, k);
          cairo_surface_t *img = g_ptr_array_index (c->charts, k);
          if (a)
            g_object_unref (a);
          if (img)
            cairo_surface_destroy (img);
        }
      g_ptr_array_unref (c->answer);
      g_ptr_array_unref (c->charts);
      g_free (c);
    }
  g_ptr_array_unref (cards);
  g_ptr_array_unref (intro);
  g_ptr_array_unref (footer);
  if (title)
    g_object_unref (title);
  g_object_unref (ctx);
  cairo_destroy (pcr);
  cairo_surface_destroy (probe);
  return ok;
}
