/* rp-pdf-view-private.h — what the parts of RpPdfView share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp-pdf-view.c holds the widget (properties, requests to the render
 * queue, gestures, the public API); rp-pdf-view-layout.c where pages are
 * and which is current; rp-pdf-view-draw.c how the pages look. Layout and
 * drawing never call back into the widget's file, so the three form no
 * circle: the widget uses both, drawing uses layout.
 *
 * Coordinates: "content" pixels are CSS pixels of the whole laid-out
 * document (the adjustments' space); a page's points times self->scale give
 * its content pixels; renders are requested in device pixels (content ×
 * the widget's scale factor), so HiDPI screens get sharp pages.
 */
#pragma once

#include "rp-pdf-view.h"

G_BEGIN_DECLS

#define MARGIN        18.0
#define GAP           14.0
#define PT_TO_PX      (96.0 / 72.0)
#define N_AHEAD       2
#define SWIPE_SPEED   600.0

struct _RpPdfView
{
  GtkWidget      parent_instance;

  GtkAdjustment *hadj;
  GtkAdjustment *vadj;
  guint          hscroll_policy : 1;
  guint          vscroll_policy : 1;

  RpRenderQueue *queue;
  gulong         ready_id;
  gulong         failed_id;
  GdkTexture    *image;
  GdkTexture    *preview;
  GHashTable    *textures;   /* page → RpPdfViewTex */

  gboolean       continuous;
  RpFitMode      fit;
  double         zoom;
  double         scale;      /* content px per point */
  guint          page;
  int            direction;
  double         last_vvalue;

  GArray        *tops;       /* content y of each page (continuous) */
  double         content_w;
  double         content_h;
  double         max_w_pt;

  GHashTable    *highlights; /* page → GArray of RpPageRect */
  guint          hl_page;
  int            hl_current;

  gboolean       pinching;
  double         pinch_zoom;
  double         drag_h;
  double         drag_v;
  gboolean       dragging;
  gboolean       moved;
  guint          request_id;
};

typedef enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_PAGE,
  PROP_FIT,
  PROP_CONTINUOUS,
  N_PROPS,
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
} RpPdfViewProp;

/* rp-pdf-view.c */
void     rp_pdf_view_notify         (RpPdfView     *self,
                                     RpPdfViewProp  prop);
void     rp_pdf_view_queue_requests (RpPdfView     *self);

/* rp-pdf-view-layout.c */
void     rp_pdf_view_page_size      (RpPdfView     *self,
                                     guint          page,
                                     double        *w,
                                     double        *h);
/* Recomputes scale, page positions and the adjustments. */
void     rp_pdf_view_relayout       (RpPdfView     *self);
/* Content x of the left edge of @page. */
double   rp_pdf_view_page_x         (RpPdfView     *self,
                                     guint          page);
void     rp_pdf_view_visible_range  (RpPdfView     *self,
                                     guint         *first,
                                     guint         *last);
/* Picks the current page (and the reading direction) from the scroll position. */
void     rp_pdf_view_update_page    (RpPdfView     *self);
/* Zooms to @zoom keeping the document point under (@ax, @ay) in place. */
void     rp_pdf_view_zoom_at        (RpPdfView     *self,
                                     double         zoom,
                                     double         ax,
                                     double         ay);

/* Width in device pixels at which @page is drawn at the current scale. */
int      rp_pdf_view_device_width   (RpPdfView     *self,
                                     guint          page);

/* rp-pdf-view-draw.c */
typedef struct
{
  cairo_surface_t *surface; /* identity only: the texture holds the reference */
  GdkTexture      *texture;
} RpPdfViewTex;

void     rp_pdf_view_tex_free       (RpPdfViewTex  *tex);
/* Draws the visible pages (the widget's snapshot). */
void     rp_pdf_view_draw           (RpPdfView     *self,
                                     GtkSnapshot   *snapshot);

G_END_DECLS
