/* rp-thumbnail-strip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView, so only the thumbnails on screen exist as widgets and are
 * asked for; they are the queue's low-resolution renders (lowest priority),
 * shared with the document view's stand-ins for evicted pages.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-pdf-view.h"
#include "rp-texture.h"
#include "rp-thumbnail-strip.h"

struct _RpThumbnailStrip
{
  GtkWidget       parent_instance;

  GtkWidget      *scroller;
  GtkListView    *list;
  GtkStringList  *pages;
  GtkSingleSelection *selection;
  RpRenderQueue  *queue;
  gulong          ready_id;
  GHashTable     *bound;   /* page → GtkPicture (bound items) */
};

enum
{
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RpThumbnailStrip, rp_thumbnail_strip, GTK_TYPE_WIDGET)

static void
show_thumbnail (RpThumbnailStrip *self,
                GtkPicture       *picture,
                guint             page)
{
  cairo_surface_t *surface = rp_render_queue_lookup (self->queue, page, RP_PDF_VIEW_LOW_RES_WIDTH);

  if (surface != NULL)
    {
      g_autoptr(GdkTexture) texture = rp_texture_new_for_surface (surface);
      gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
    }
  else
    {
      gtk_picture_set_paintable (picture, NULL);
      rp_render_queue_request (self->queue, page, RP_PDF_VIEW_LOW_RES_WIDTH, RP_RENDER_PRIORITY_THUMBNAIL + page % 50);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RpThumbnailStrip         *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (picture, 80, 104);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "rp-thumbnail");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         RpThumbnailStrip         *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *picture = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  guint page = gtk_list_item_get_position (item);
  g_autofree char *text = g_strdup_printf ("%u", page + 1);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (self->queue == NULL)
    return;
  g_hash_table_replace (self->bound, GUINT_TO_POINTER (page), picture);
  show_thumbnail (self, GTK_PICTURE (picture), page);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RpThumbnailStrip         *self)
{
  GtkWidget *picture = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  guint page = gtk_list_item_get_position (item);

  if (g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page)) == picture)
    g_hash_table_remove (self->bound, GUINT_TO_POINTER (page));
  gtk_picture_set_paintable (GTK_PICTURE (picture), NULL);
}

static void
page_ready_cb (RpRenderQueue    *queue,
               guint             page,
               int               width,
               RpThumbnailStrip *self)
{
  GtkPicture *picture;

  if (width != RP_PDF_VIEW_LOW_RES_WIDTH)
    return;
  if ((picture = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page))) != NULL)
    show_thumbnail (self, picture, page);
}

static void
activate_cb (GtkListView      *list,
             guint             position,
             RpThumbnailStrip *self)
{
  g_signal_emit (self, signals[PAGE_ACTIVATED], 0, position);
}

static void
rp_thumbnail_strip_dispose (GObject *object)
{
  RpThumbnailStrip *self = RP_THUMBNAIL_STRIP (object);

  rp_thumbnail_strip_set_queue (self, NULL);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  /* Owned by the list view, gone with the scroller. */
  self->pages = NULL;
  self->selection = NULL;
  self->list = NULL;

  G_OBJECT_CLASS (rp_thumbnail_strip_parent_class)->dispose (object);
}

static void
rp_thumbnail_strip_finalize (GObject *object)
{
  RpThumbnailStrip *self = RP_THUMBNAIL_STRIP (object);

  g_hash_table_unref (self->bound);

  G_OBJECT_CLASS (rp_thumbnail_strip_parent_class)->finalize (object);
}

static void
rp_thumbnail_strip_class_init (RpThumbnailStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_thumbnail_strip_dispose;
  object_class->finalize = rp_thumbnail_strip_finalize;

  /* (page): a thumbnail was touched. */
  signals[PAGE_ACTIVATED] = g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-thumbnail-strip");
}

static void
rp_thumbnail_strip_init (RpThumbnailStrip *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->bound = g_hash_table_new (NULL, NULL);
  self->pages = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->pages));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->list), GTK_ORIENTATION_HORIZONTAL);
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  g_signal_connect (self->list, "activate", G_CALLBACK (activate_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
rp_thumbnail_strip_new (void)
{
  return g_object_new (RP_TYPE_THUMBNAIL_STRIP, NULL);
}

void
rp_thumbnail_strip_set_queue (RpThumbnailStrip *self,
                              RpRenderQueue    *queue)
{
  guint n = queue ? rp_render_queue_get_n_pages (queue) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (RP_IS_THUMBNAIL_STRIP (self));

  if (self->queue != NULL)
    {
      rp_render_queue_cancel_thumbnails (self->queue);
      g_clear_signal_handler (&self->ready_id, self->queue);
      g_clear_object (&self->queue);
    }
  g_hash_table_remove_all (self->bound);
  if (queue != NULL)
    {
      self->queue = g_object_ref (queue);
      self->ready_id = g_signal_connect (queue, "page-ready", G_CALLBACK (page_ready_cb), self);
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, g_strdup_printf ("%u", i + 1));
  g_ptr_array_add (names, NULL);
  if (self->pages != NULL && (n > 0 || g_list_model_get_n_items (G_LIST_MODEL (self->pages)) > 0))
    gtk_string_list_splice (self->pages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pages)),
                            (const char *const *) names->pdata);
}

void
rp_thumbnail_strip_set_page (RpThumbnailStrip *self,
                             guint             page)
{
  g_return_if_fail (RP_IS_THUMBNAIL_STRIP (self));

  if (page < g_list_model_get_n_items (G_LIST_MODEL (self->pages)))
    {
      gtk_single_selection_set_selected (self->selection, page);
      gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", page);
    }
}
