/* rp-qr-view.h — a QR code drawn crisp at any size, with its quiet zone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RP_TYPE_QR_VIEW (rp_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (RpQrView, rp_qr_view, RP, QR_VIEW, GtkWidget)

GtkWidget  *rp_qr_view_new      (void);
/* Shows @text as a QR code; NULL or text that cannot be encoded clears it.
 * Returns whether a code is shown. */
gboolean    rp_qr_view_set_text (RpQrView   *self,
                                 const char *text);
const char *rp_qr_view_get_text (RpQrView   *self);

G_END_DECLS
