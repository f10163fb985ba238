/* rp-pdf-view.h — pages of a PDF (or one image) to scroll, zoom and pan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkScrollable: put it in a GtkScrolledWindow (kinetic scrolling, touch
 * panning). Draws the best render the queue has of each visible page,
 * scaled, while the sharp one is drawn (zoom), the low-resolution copy when
 * an evicted page comes back, never a blank page once anything was drawn.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-texture.h"

G_BEGIN_DECLS

#define RP_TYPE_PDF_VIEW (rp_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (RpPdfView, rp_pdf_view, RP, PDF_VIEW, GtkWidget)

typedef enum
{
  RP_FIT_NONE,
  RP_FIT_WIDTH,
  RP_FIT_PAGE,
} RpFitMode;

#define RP_PDF_VIEW_MIN_ZOOM      0.25
#define RP_PDF_VIEW_MAX_ZOOM      RP_RENDER_QUEUE_MAX_ZOOM
/* Device pixels of the low-resolution copies (thumbnails share them). */
#define RP_PDF_VIEW_LOW_RES_WIDTH 150

GtkWidget     *rp_pdf_view_new            (void);
void           rp_pdf_view_set_queue      (RpPdfView     *self,
                                           RpRenderQueue *queue);
void           rp_pdf_view_set_image      (RpPdfView     *self,
                                           GdkTexture    *texture);
/* Shown for page 1 until its first render arrives (the preview cache). */
void           rp_pdf_view_set_preview    (RpPdfView     *self,
                                           GdkTexture    *texture);
void           rp_pdf_view_clear          (RpPdfView     *self);
guint          rp_pdf_view_get_n_pages    (RpPdfView     *self);
guint          rp_pdf_view_get_page       (RpPdfView     *self);
/* Scrolls so that @top_pt points below the top of @page is at the top. */
void           rp_pdf_view_go_to_page     (RpPdfView     *self,
                                           guint          page,
                                           double         top_pt);
void           rp_pdf_view_set_continuous (RpPdfView     *self,
                                           gboolean       continuous);
gboolean       rp_pdf_view_get_continuous (RpPdfView     *self);
void           rp_pdf_view_set_fit        (RpPdfView     *self,
                                           RpFitMode      fit);
RpFitMode      rp_pdf_view_get_fit        (RpPdfView     *self);
/* 1.0 is 100 %: a point is 96/72 CSS pixels. Clamped to 25 %–800 % and to
 * what the cache budget and the pixel limits allow. */
void           rp_pdf_view_set_zoom       (RpPdfView     *self,
                                           double         zoom);
double         rp_pdf_view_get_zoom       (RpPdfView     *self);
double         rp_pdf_view_get_max_zoom   (RpPdfView     *self);
/* (element-type RpPageRect): highlights on @page; @current is the index of
 * the hit drawn as current, or -1. Pass NULL to clear. */
void           rp_pdf_view_set_highlights (RpPdfView     *self,
                                           GHashTable    *page_to_rects,
                                           guint          current_page,
                                           int            current);
/* Whether every visible page is drawn from a render at the current scale. */
gboolean       rp_pdf_view_is_sharp       (RpPdfView     *self);

G_END_DECLS
