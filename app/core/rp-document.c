/* rp-document.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poppler.h>

#include "rp-document.h"
#include "rp-error.h"

struct _RpDocument
{
  GObject          parent_instance;
  PopplerDocument *document;
  guint            n_pages;
};

G_DEFINE_FINAL_TYPE (RpDocument, rp_document, G_TYPE_OBJECT)

static void
rp_document_finalize (GObject *object)
{
  RpDocument *self = RP_DOCUMENT (object);

  g_clear_object (&self->document);

  G_OBJECT_CLASS (rp_document_parent_class)->finalize (object);
}

static void
rp_document_class_init (RpDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_document_finalize;
}

static void
rp_document_init (RpDocument *self)
{
}

RpDocument *
rp_document_open (const char *path,
                  GError    **error)
{
  g_autoptr(RpDocument) self = g_object_new (RP_TYPE_DOCUMENT, NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  int n_pages;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_path (path);
  self->document = poppler_document_new_from_gfile (file, NULL, NULL, &local_error);
  if (self->document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                             "The document is protected by a password and cannot be shown");
      else
        g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                     "The document cannot be opened: %s", local_error->message);
      return NULL;
    }

  n_pages = poppler_document_get_n_pages (self->document);
  if (n_pages <= 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "The document has no pages");
      return NULL;
    }
  self->n_pages = (guint) n_pages;
  return g_steal_pointer (&self);
}

guint
rp_document_get_n_pages (RpDocument *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT (self), 0);
  return self->n_pages;
}

gboolean
rp_document_get_page_size (RpDocument *self,
                           guint       index,
                           double     *width_pt,
                           double     *height_pt)
{
  g_autoptr(GObject) page_object = NULL;
  PopplerPage *page;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), FALSE);

  page = index < self->n_pages ? poppler_document_get_page (self->document, index) : NULL;
  page_object = (GObject *) page;
  if (page == NULL)
    return FALSE;
  poppler_page_get_size (page, width_pt, height_pt);
  return *width_pt > 0 && *height_pt > 0;
}

cairo_surface_t *
rp_document_render_page (RpDocument *self,
                         guint       index,
                         int         width_px,
                         GError    **error)
{
  g_autoptr(GObject) page_object = NULL;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w_pt, h_pt, scale;
  int height_px;
  cairo_status_t status;

  g_return_val_if_fail (RP_IS_DOCUMENT (self), NULL);

  page = index < self->n_pages ? poppler_document_get_page (self->document, index) : NULL;
  page_object = (GObject *) page;
  if (page == NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_NOT_FOUND, "The document has no page %u", index + 1);
      return NULL;
    }
  poppler_page_get_size (page, &w_pt, &h_pt);
  if (!(w_pt > 0 && h_pt > 0) || width_px <= 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "Page %u has no usable size", index + 1);
      return NULL;
    }
  scale = width_px / w_pt;
  if (h_pt * scale > RP_DOCUMENT_MAX_EDGE_PX || width_px > RP_DOCUMENT_MAX_EDGE_PX ||
      (double) width_px * h_pt * scale > RP_DOCUMENT_MAX_PIXELS)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT,
                   "Page %u is too large to draw at this size", index + 1);
      return NULL;
    }
  height_px = MAX (1, (int) (h_pt * scale + 0.5));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width_px, height_px);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  /* Paper is white: paint it beneath whatever the page drew. */
  cairo_set_operator (cr, CAIRO_OPERATOR_DEST_OVER);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, RP_ERROR, RP_ERROR_BROKEN_DOCUMENT, "Page %u could not be drawn: %s",
                   index + 1, cairo_status_to_string (status));
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
}
