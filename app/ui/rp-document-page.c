/* rp-document-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-widget-util.h"
#include "rp-document-page.h"

/* Pages are drawn to the width of the window (fit width, scrolling down
 * the page), within these bounds; before the window has a size, at the
 * fallback width. */
#define MIN_RENDER_WIDTH_PX      400
#define MAX_RENDER_WIDTH_PX      1600
#define FALLBACK_RENDER_WIDTH_PX 1200
#define PAGE_MARGINS_PX          (2 * 18 + 16)

struct _RpDocumentPage
{
  GtkWidget          parent_instance;

  RpDocument        *document;
  guint              page;
  char              *error;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkPicture        *picture;
  GtkWidget         *pager;
  GtkLabel          *page_label;
  GtkLabel          *error_label;
};

G_DEFINE_FINAL_TYPE (RpDocumentPage, rp_document_page, GTK_TYPE_WIDGET)

static void
texture_release (gpointer data)
{
  cairo_surface_destroy (data);
}

/* Wraps the surface without copying: the texture keeps it alive. */
static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                         (gsize) stride * height,
                                                         texture_release,
                                                         cairo_surface_reference (surface));

  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
show_error (RpDocumentPage *self,
            const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message);
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
update_pager (RpDocumentPage *self)
{
  guint n = self->document ? rp_document_get_n_pages (self->document) : 0;
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);

  gtk_label_set_text (self->page_label, text);
  gtk_widget_set_visible (self->pager, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.previous", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.next", self->page + 1 < n);
}

static void
render_current (RpDocumentPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  int width = root != NULL ? gtk_widget_get_width (root) - PAGE_MARGINS_PX : 0;

  width = width > 0 ? CLAMP (width, MIN_RENDER_WIDTH_PX, MAX_RENDER_WIDTH_PX) : FALLBACK_RENDER_WIDTH_PX;
  surface = rp_document_render_page (self->document, self->page, width, &error);
  if (surface == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This page cannot be shown. %s"), error->message);
      show_error (self, message);
      return;
    }
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child_name (self->stack, "view");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  update_pager (self);
}

static void
go_to_page (RpDocumentPage *self,
            int             delta)
{
  gint64 target;

  if (self->document == NULL)
    return;
  target = (gint64) self->page + delta;
  if (target < 0 || target >= rp_document_get_n_pages (self->document))
    return;
  self->page = (guint) target;
  render_current (self);
}

static void
doc_next (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  go_to_page (RP_DOCUMENT_PAGE (widget), 1);
}

static void
doc_previous (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  go_to_page (RP_DOCUMENT_PAGE (widget), -1);
}

static void
rp_document_page_dispose (GObject *object)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (object);

  g_clear_object (&self->document);
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_DOCUMENT_PAGE);

  G_OBJECT_CLASS (rp_document_page_parent_class)->dispose (object);
}

static void
rp_document_page_finalize (GObject *object)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (object);

  g_free (self->error);

  G_OBJECT_CLASS (rp_document_page_parent_class)->finalize (object);
}

static void
rp_document_page_class_init (RpDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_document_page_dispose;
  object_class->finalize = rp_document_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-document-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, picture);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, pager);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, error_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "doc.next", NULL, doc_next);
  gtk_widget_class_install_action (widget_class, "doc.previous", NULL, doc_previous);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "doc.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "doc.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "doc.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "doc.previous", NULL);
}

static void
rp_document_page_init (RpDocumentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rp_document_page_clear (RpDocumentPage *self)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));

  g_clear_object (&self->document);
  g_clear_pointer (&self->error, g_free);
  self->page = 0;
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_widget_set_visible (self->pager, FALSE);
}

void
rp_document_page_show (RpDocumentPage *self,
                       RpAttachment   *attachment)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (RP_IS_ATTACHMENT (attachment));

  rp_document_page_clear (self);

  if (rp_attachment_is_image (attachment))
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (rp_attachment_get_local_path (attachment),
                                                                    &error);
      if (texture == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("This image cannot be shown. %s"), error->message);
          show_error (self, message);
          return;
        }
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (self->stack, "view");
      return;
    }

  self->document = rp_document_open (rp_attachment_get_local_path (attachment), &error);
  if (self->document == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This document cannot be shown. %s"), error->message);
      show_error (self, message);
      return;
    }
  render_current (self);
}

guint
rp_document_page_get_page (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), 0);
  return self->page;
}

guint
rp_document_page_get_n_pages (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), 0);
  return self->document ? rp_document_get_n_pages (self->document) : 0;
}

const char *
rp_document_page_get_error (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), NULL);
  return self->error;
}

GdkPaintable *
rp_document_page_get_paintable (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), NULL);
  return gtk_picture_get_paintable (self->picture);
}
