/* rp-qr.h — QR codes for taking a document away on a phone (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An encoded QR symbol: @size × @size modules, row-major, one byte each
 * (1 = dark). Free with rp_qr_code_free(). */
typedef struct
{
  guint   size;
  guint8 *modules;
} RpQrCode;

/* Encodes @text (UTF-8, at most 1,000 bytes: longer addresses are not
 * something a resident's phone camera reads reliably from a screen). */
RpQrCode *rp_qr_code_encode (const char *text,
                             GError    **error);
gboolean  rp_qr_code_is_dark (const RpQrCode *self,
                              guint           x,
                              guint           y);
void      rp_qr_code_free    (RpQrCode   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpQrCode, rp_qr_code_free)

G_END_DECLS
