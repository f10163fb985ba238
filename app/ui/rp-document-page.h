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

void        rp_document_page_show         (RpDocumentPage *self,
                                           RpAttachment   *attachment);
/* Closes the document and drops every rendered page. */
void        rp_document_page_clear        (RpDocumentPage *self);
/* 0-based index of the page shown. */
guint       rp_document_page_get_page     (RpDocumentPage *self);
guint       rp_document_page_get_n_pages  (RpDocumentPage *self);
/* (nullable): why the attachment cannot be shown. */
const char *rp_document_page_get_error    (RpDocumentPage *self);
/* (nullable) (transfer none): what is on screen. */
GdkPaintable *rp_document_page_get_paintable (RpDocumentPage *self);

G_END_DECLS
