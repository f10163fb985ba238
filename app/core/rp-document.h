/* rp-document.h — a PDF opened for reading (poppler)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not thread-safe: poppler must not be used from two threads at once, so an
 * RpDocument belongs to the thread that renders it: the only thread of
 * readingpoint-render-helper (which draws for the kiosk, never the kiosk
 * itself: DESIGN.md "PDF rendering") or of a command-line tool's child.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_DOCUMENT (rp_document_get_type ())
G_DECLARE_FINAL_TYPE (RpDocument, rp_document, RP, DOCUMENT, GObject)

/* Largest edge and area of a rendered page: beyond cairo's 32767 px limit
 * and far beyond any screen, a request is a mistake or a hostile file. */
#define RP_DOCUMENT_MAX_EDGE_PX  16384
#define RP_DOCUMENT_MAX_PIXELS   (64 * 1024 * 1024)
/* The PDF specification's largest page, 200 inches: a bigger MediaBox is a
 * broken or hostile file, and drawing it invites gigabyte intermediates. */
#define RP_DOCUMENT_MAX_PAGE_PT  14400.0

typedef enum
{
  RP_LINK_GOTO,    /* a page of this document */
  RP_LINK_URI,     /* a web address: never followed in kiosk mode */
  RP_LINK_LAUNCH,  /* run a program or open a file: never followed */
  RP_LINK_OTHER,   /* JavaScript, forms, media…: ignored */
} RpLinkKind;

/* A rectangle on a page in PDF points, origin at the top left. */
typedef struct
{
  double x1, y1, x2, y2;
} RpPageRect;

typedef struct
{
  RpPageRect  area;
  RpLinkKind  kind;
  int         dest_page;  /* 0-based, RP_LINK_GOTO only; -1 when unknown */
  double      dest_top;   /* points from the top of dest_page, or -1 */
  char       *uri;        /* RP_LINK_URI and RP_LINK_LAUNCH, else NULL */
} RpLink;

void             rp_link_free               (RpLink *link);

/* Call before using poppler directly on any thread (rp_document_open does):
 * keeps poppler's process-wide state alive for the life of the process. */
void             rp_poppler_keep_initialised (void);
RpDocument      *rp_document_open           (const char *path,
                                             GError    **error);
/* Opens the PDF read from @fd, which the document owns from then on (closed
 * even when opening fails): the render helper reads documents this way. */
RpDocument      *rp_document_open_fd        (int         fd,
                                             GError    **error);
guint            rp_document_get_n_pages    (RpDocument *self);
gboolean         rp_document_get_page_size  (RpDocument *self,
                                             guint       index,
                                             double     *width_pt,
                                             double     *height_pt);
/* Whether page @index can be drawn at all (a usable, not gigantic size). */
gboolean         rp_document_check_page     (RpDocument *self,
                                             guint       index,
                                             GError    **error);
/* (transfer full): page @index (0-based) drawn on white, @width_px wide. */
cairo_surface_t *rp_document_render_page    (RpDocument *self,
                                             guint       index,
                                             int         width_px,
                                             GError    **error);
/* The height of page @index drawn @width_px wide, if it can be drawn at
 * that size at all (RP_DOCUMENT_MAX_EDGE_PX, RP_DOCUMENT_MAX_PIXELS). */
gboolean         rp_document_page_pixel_size (RpDocument *self,
                                              guint       index,
                                              int         width_px,
                                              int        *height_px,
                                              GError    **error);
/* The same, for a page of @w_pt × @h_pt points: what a client of the
 * render helper checks a page against, from the document's layout. */
gboolean         rp_page_pixel_size          (guint       index,
                                              double      w_pt,
                                              double      h_pt,
                                              int         width_px,
                                              int        *height_px,
                                              GError    **error);
/* Draws page @index on white into @surface (an ARGB32 image surface of the
 * size rp_document_page_pixel_size gives), scaled to its width; what the
 * surface held before is painted over. */
gboolean         rp_document_render_page_to (RpDocument      *self,
                                             guint            index,
                                             cairo_surface_t *surface,
                                             GError         **error);
/* (transfer full) (element-type double): width, height in points of every
 * page, an unusable size laid out as A4; NULL with @error when no page at
 * all can be drawn. */
GArray          *rp_document_get_layout     (RpDocument *self,
                                             GError    **error);
/* (transfer full): the text of page @index ("" when it has none). */
char            *rp_document_get_text       (RpDocument *self,
                                             guint       index);
/* (transfer full) (element-type RpLink): the links of page @index. */
GPtrArray       *rp_document_get_links      (RpDocument *self,
                                             guint       index);
/* (transfer full) (element-type RpPageRect): where the folded @query occurs
 * on page @index, one rectangle per line a hit spans (see rp-text-fold.h). */
GArray          *rp_document_find_text      (RpDocument *self,
                                             guint       index,
                                             const char *query);

G_END_DECLS
