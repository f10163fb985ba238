/* rp-qr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <qrencode.h>

#include "rp-error.h"
#include "rp-qr.h"

#define MAX_TEXT_BYTES 1000

RpQrCode *
rp_qr_code_encode (const char *text,
                   GError    **error)
{
  QRcode *qr;
  RpQrCode *self;
  gsize n;

  g_return_val_if_fail (text != NULL, NULL);

  if (*text == '\0' || strlen (text) > MAX_TEXT_BYTES || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_INVALID_CATALOGUE,
                   "Cannot make a QR code of an empty, invalid or over-long address");
      return NULL;
    }

  /* Level M: survives a glare spot or a smudge on the screen. */
  qr = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (qr == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot make a QR code: %s", g_strerror (errno));
      return NULL;
    }

  self = g_new0 (RpQrCode, 1);
  self->size = (guint) qr->width;
  n = (gsize) self->size * self->size;
  self->modules = g_malloc (n);
  /* libqrencode packs flags in each byte; bit 0 is the module colour. */
  for (gsize i = 0; i < n; i++)
    self->modules[i] = qr->data[i] & 1;
  QRcode_free (qr);
  return self;
}

gboolean
rp_qr_code_is_dark (const RpQrCode *self,
                    guint           x,
                    guint           y)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (x >= self->size || y >= self->size)
    return FALSE;
  return self->modules[(gsize) y * self->size + x] != 0;
}

void
rp_qr_code_free (RpQrCode *self)
{
  if (self == NULL)
    return;
  g_free (self->modules);
  g_free (self);
}
