/* rp-attachment.h — a file attached to an entry (immutable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ATTACHMENT (rp_attachment_get_type ())
G_DECLARE_FINAL_TYPE (RpAttachment, rp_attachment, RP, ATTACHMENT, GObject)

typedef enum
{
  RP_ATTACHMENT_PDF,
  RP_ATTACHMENT_PNG,
  RP_ATTACHMENT_JPEG,
} RpAttachmentType;

RpAttachment    *rp_attachment_new            (const char       *path,
                                               const char       *title,
                                               RpAttachmentType  type,
                                               const char       *sha256,
                                               guint64           size,
                                               const char       *local_path);
/* The path the publisher gave, relative to the bundle source. */
const char      *rp_attachment_get_path       (RpAttachment *self);
/* The publisher's title, or the file name when there is none. */
const char      *rp_attachment_get_title      (RpAttachment *self);
RpAttachmentType rp_attachment_get_kind       (RpAttachment *self);
gboolean         rp_attachment_is_image       (RpAttachment *self);
const char      *rp_attachment_get_sha256     (RpAttachment *self);
guint64          rp_attachment_get_size       (RpAttachment *self);
/* Where the bytes are on this terminal (in the object store). */
const char      *rp_attachment_get_local_path (RpAttachment *self);
/* (nullable): why the publisher's check failed this file (published with
 * --allow-broken); such a file is shown as its reason, never drawn. Set
 * once, by whoever makes the attachment. */
const char      *rp_attachment_get_broken_reason (RpAttachment *self);
void             rp_attachment_set_broken_reason (RpAttachment *self,
                                                  const char   *reason);

gboolean         rp_attachment_type_from_string (const char       *name,
                                                 RpAttachmentType *out_type);

G_END_DECLS
