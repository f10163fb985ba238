/* rp-attachment.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-attachment.h"

struct _RpAttachment
{
  GObject          parent_instance;
  char            *path;
  char            *title;
  char            *sha256;
  char            *local_path;
  char            *broken;
  guint64          size;
  RpAttachmentType type;
};

G_DEFINE_FINAL_TYPE (RpAttachment, rp_attachment, G_TYPE_OBJECT)

static void
rp_attachment_finalize (GObject *object)
{
  RpAttachment *self = RP_ATTACHMENT (object);

  g_free (self->path);
  g_free (self->title);
  g_free (self->sha256);
  g_free (self->local_path);
  g_free (self->broken);

  G_OBJECT_CLASS (rp_attachment_parent_class)->finalize (object);
}

static void
rp_attachment_class_init (RpAttachmentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_attachment_finalize;
}

static void
rp_attachment_init (RpAttachment *self)
{
}

RpAttachment *
rp_attachment_new (const char       *path,
                   const char       *title,
                   RpAttachmentType  type,
                   const char       *sha256,
                   guint64           size,
                   const char       *local_path)
{
  RpAttachment *self = g_object_new (RP_TYPE_ATTACHMENT, NULL);

  self->path = g_strdup (path);
  self->title = title != NULL ? g_strdup (title) : g_path_get_basename (path);
  self->type = type;
  self->sha256 = g_strdup (sha256);
  self->size = size;
  self->local_path = g_strdup (local_path);
  return self;
}

gboolean
rp_attachment_type_from_string (const char       *name,
                                RpAttachmentType *out_type)
{
  static const struct { const char *name; RpAttachmentType type; } types[] = {
    { "pdf", RP_ATTACHMENT_PDF },
    { "png", RP_ATTACHMENT_PNG },
    { "jpeg", RP_ATTACHMENT_JPEG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (name, types[i].name) == 0)
      {
        *out_type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

const char *
rp_attachment_get_path (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), NULL);
  return self->path;
}

const char *
rp_attachment_get_title (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), NULL);
  return self->title;
}

RpAttachmentType
rp_attachment_get_kind (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), RP_ATTACHMENT_PDF);
  return self->type;
}

gboolean
rp_attachment_is_image (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), FALSE);
  return self->type != RP_ATTACHMENT_PDF;
}

const char *
rp_attachment_get_sha256 (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), NULL);
  return self->sha256;
}

guint64
rp_attachment_get_size (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), 0);
  return self->size;
}

const char *
rp_attachment_get_local_path (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), NULL);
  return self->local_path;
}

const char *
rp_attachment_get_broken_reason (RpAttachment *self)
{
  g_return_val_if_fail (RP_IS_ATTACHMENT (self), NULL);
  return self->broken;
}

void
rp_attachment_set_broken_reason (RpAttachment *self,
                                 const char   *reason)
{
  g_return_if_fail (RP_IS_ATTACHMENT (self));
  g_return_if_fail (self->broken == NULL);
  self->broken = g_strdup (reason);
}
