/* rp-document-page-private.h — the document page's parts, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp-document-page.c is the widget (opening, paging, zoom, the tools, the
 * go-to-page pad); rp-document-page-find.c is find in the document (hits
 * from the render queue, the current match, its status line).
 */
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-pdf-view.h"
#include "rp-read-aloud.h"
#include "rp-thumbnail-strip.h"

G_BEGIN_DECLS

typedef struct
{
  guint page;
  guint index; /* into the page's rectangles */
} Hit;

struct _RpDocumentPage
{
  GtkWidget          parent_instance;

  RpRenderQueue     *queue;
  GCancellable      *cancellable;
  GdkTexture        *image;
  GdkTexture        *preview;
  guint              pending_page;
  gboolean           loaded;
  gboolean           kiosk;
  guint              time_limit_ms;
  char              *error;
  char              *notice;
  guint              notice_id;
  GdkPaintable      *paintable;
  cairo_surface_t   *paintable_surface; /* identity only: what paintable wraps */

  GHashTable        *hits;      /* page → GArray of RpPageRect */
  GArray            *hit_list;  /* Hit, in page order */
  int                hit_index;
  gulong             find_hits_id;
  gulong             find_done_id;
  gulong             failed_id;
  gboolean           finding;

  GtkStack          *stack;
  GtkSpinner        *spinner;
  GtkScrolledWindow *scroller;
  RpPdfView         *view;
  GtkWidget         *pager;
  RpReadAloud       *read_aloud; /* in the pager, while the page has text */
  GtkLabel          *page_label;
  GtkMenuButton     *page_button;
  GtkPopover        *jump_popover;
  GtkLabel          *jump_label;    /* the page number typed on the pad */
  GtkLabel          *zoom_label;
  AdwStatusPage     *error_page;
  GtkRevealer       *find_revealer;
  GtkSearchEntry    *find_entry;
  GtkLabel          *find_status;
  GtkToggleButton   *find_toggle;
  GtkToggleButton   *single_toggle;
  GtkToggleButton   *thumbnails_toggle;
  GtkRevealer       *thumbnails_revealer;
  RpThumbnailStrip  *thumbnails;
  GtkRevealer       *notice_revealer;
  GtkLabel          *notice_label;
};

/* rp-document-page-find.c */
void rp_document_page_update_find_status (RpDocumentPage *self);
void rp_document_page_reset_find         (RpDocumentPage *self);
/* The doc.find-next and doc.find-previous actions. */
void rp_document_page_find_step          (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *parameter);
/* RpRenderQueue "find-hits" and "find-finished". */
void rp_document_page_find_hits_cb       (RpRenderQueue  *queue,
                                          guint           page,
                                          GArray         *rects,
                                          RpDocumentPage *self);
void rp_document_page_find_done_cb       (RpRenderQueue  *queue,
                                          gboolean        complete,
                                          RpDocumentPage *self);
/* Template callbacks of the find box and its toggle. */
void rp_document_page_find_activated_cb  (RpDocumentPage *self);
void rp_document_page_find_stopped_cb    (RpDocumentPage *self);
void rp_document_page_find_toggled_cb    (RpDocumentPage *self);

G_END_DECLS
