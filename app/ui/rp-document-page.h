/* rp-document-page.h — an attachment shown for reading: PDF pages or an image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_DOCUMENT_PAGE (rp_document_page_get_type ())
G_DECLARE_FINAL_TYPE (RpDocumentPage, rp_document_page, RP, DOCUMENT_PAGE, GtkWidget)

typedef struct _RpPdfView RpPdfView;

void        rp_document_page_show         (RpDocumentPage *self,
                                           RpAttachment   *attachment);
/* Shows @attachment at @page (0-based; a search hit's page). The document
 * opens off the main thread: the page is shown once it has opened. */
void        rp_document_page_show_at      (RpDocumentPage *self,
                                           RpAttachment   *attachment,
                                           guint           page);
/* Closes the document and drops every rendered page. */
void        rp_document_page_clear        (RpDocumentPage *self);
/* 0-based index of the page shown. */
guint       rp_document_page_get_page     (RpDocumentPage *self);
guint       rp_document_page_get_n_pages  (RpDocumentPage *self);
/* (nullable): why the attachment cannot be shown. */
const char *rp_document_page_get_error    (RpDocumentPage *self);
/* (nullable) (transfer none): what is on screen. */
GdkPaintable *rp_document_page_get_paintable (RpDocumentPage *self);
/* Whether the document has opened (or failed): FALSE while it opens. */
gboolean    rp_document_page_is_loaded    (RpDocumentPage *self);
/* External links and launch actions are never followed in kiosk mode; a
 * kiosk window puts its page in kiosk mode when it is built. */
void        rp_document_page_set_kiosk    (RpDocumentPage *self,
                                           gboolean        kiosk);
/* How long a page may draw before it is abandoned (0: the queue's default,
 * RP_RENDER_QUEUE_DEFAULT_TIME_LIMIT); applies to documents shown next. */
void        rp_document_page_set_time_limit (RpDocumentPage *self,
                                             guint           msec);
/* Finds @text in the document, as the find bar does. */
void        rp_document_page_find         (RpDocumentPage *self,
                                           const char     *text);
guint       rp_document_page_get_n_matches (RpDocumentPage *self);
/* Issue 16, the desktop's Ctrl+F: opens the find bar with the focus in
 * it; FALSE when the document has none (an image). On the desktop,
 * Escape there closes it and gives the focus back to the page. */
gboolean    rp_document_page_begin_find   (RpDocumentPage *self);
/* (nullable): the last notice shown (e.g. a link that was not followed). */
const char *rp_document_page_get_notice   (RpDocumentPage *self);
/* (transfer none) */
RpPdfView  *rp_document_page_get_view     (RpDocumentPage *self);
/* What 朗读 reads: the text of the page shown (NULL: none, the button
 * hides); the window sets it as pages turn. */
void        rp_document_page_set_speech_text (RpDocumentPage *self,
                                              const char     *text);

G_END_DECLS
