/* rp-entry-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attachment thumbnails (issue 6): a thumbnail in the preview cache is
 * shown at once; any other attachment gets a placeholder of the same size,
 * and its thumbnail is drawn off the main thread while the page is on
 * screen, one attachment at a time, then kept in the preview cache for the
 * next visit, by an RpThumbnailer (PDFs on a render queue with its time
 * limit: a hanging or broken file is reported, never waited for; images
 * decoded at thumbnail size on a thread). A file that cannot be drawn shows
 * a "damaged" placeholder, and the cache remembers it, so it is not tried
 * again at every visit. Leaving the page cancels the drawing; a cancelled
 * drawing's callback touches nothing.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-thumbnailer.h"
#include "rp-widget-util.h"
#include "rp-entry-page.h"
#include "rp-pdf-view.h"
#include "rp-preview-prefetch.h"
#include "rp-qr-view.h"
#include "rp-read-aloud.h"

#define THUMBNAIL_WIDTH  72
#define THUMBNAIL_HEIGHT 96

/* An attachment whose thumbnail is still to be drawn, and where it goes. */
typedef struct
{
  RpAttachment *attachment;
  GtkWidget    *button;
  GtkWidget    *frame;
  GtkWidget    *text;
} Thumbnail;

struct _RpEntryPage
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  RpReadAloud       *read_aloud;
  GtkGrid           *fields;
  GtkWidget         *take_away_box;
  RpQrView          *qr_view;
  GtkWidget         *summary_box;
  GtkLabel          *summary_label;
  GtkWidget         *body_box;
  GtkLabel          *body_label;
  GtkWidget         *attachments_box;
  GtkBox            *attachments;
  GtkWidget         *related_box;
  GtkBox            *related;
  GtkWidget         *provenance_box;
  GtkLabel          *provenance_label;
  RpDataDir         *data_dir;
  char              *provenance_for;  /* the catalogue.db that provenance describes */
  char              *provenance;
  char              *collected_bundle; /* the bundle the preview cache was last collected for */

  RpThumbnailer     *thumbnailer;
  GQueue             thumbnails;       /* (element-type Thumbnail) still to draw, in order */
  Thumbnail         *drawing;          /* (nullable) being drawn */
  GCancellable      *drawing_cancellable;
  RpAttachment      *first_document;   /* (nullable) its preview is prefetched while the page shows */
};

G_DEFINE_FINAL_TYPE (RpEntryPage, rp_entry_page, GTK_TYPE_WIDGET)

static void draw_next_thumbnail (RpEntryPage *self);

static void
thumbnail_free (Thumbnail *thumbnail)
{
  g_object_unref (thumbnail->attachment);
  g_object_unref (thumbnail->button);
  g_object_unref (thumbnail->frame);
  g_object_unref (thumbnail->text);
  g_free (thumbnail);
}

/* The thumbnail frame: the same size whatever it holds (the picture is an
 * overlay, so its own size never counts), a placeholder icon until then. */
static GtkWidget *
thumbnail_frame_new (RpAttachment *attachment)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (rp_attachment_is_image (attachment)
                                                  ? "image-x-generic-symbolic"
                                                  : "x-office-document-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), icon);
  gtk_frame_set_child (GTK_FRAME (frame), overlay);
  gtk_widget_set_size_request (frame, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (frame, "rp-attachment-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (frame), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  return frame;
}

static void
thumbnail_frame_set_paintable (GtkWidget    *frame,
                               GdkPaintable *paintable)
{
  GtkOverlay *overlay = GTK_OVERLAY (gtk_frame_get_child (GTK_FRAME (frame)));
  GtkWidget *picture = gtk_picture_new_for_paintable (paintable);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_visible (gtk_overlay_get_child (overlay), FALSE);
  gtk_overlay_add_overlay (overlay, picture);
}

/* The resident learns before touching it that the file will not open. */
static void
thumbnail_show_damaged (Thumbnail *thumbnail)
{
  GtkOverlay *overlay = GTK_OVERLAY (gtk_frame_get_child (GTK_FRAME (thumbnail->frame)));
  GtkWidget *icon = gtk_overlay_get_child (overlay);
  /* A file the publisher's check failed is not damaged on this terminal:
   * it was published that way, and is never tried. */
  const char *what = rp_attachment_get_broken_reason (thumbnail->attachment) != NULL
                       ? _("This file cannot be shown on this terminal.")
                       : _("The file is damaged.");
  GtkWidget *note = gtk_label_new (what);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_add_css_class (thumbnail->frame, "rp-attachment-damaged");
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "error");
  gtk_box_append (GTK_BOX (thumbnail->text), note);
  gtk_accessible_update_property (GTK_ACCESSIBLE (thumbnail->button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, what,
                                  -1);
}

/* Stops drawing the current thumbnail; with @keep, it goes back to the
 * head of the line, to be drawn when the page is shown again. */
static void
stop_drawing (RpEntryPage *self,
              gboolean     keep)
{
  if (self->drawing == NULL)
    return;
  /* Its callback, which may run now, sees the cancellation and returns. */
  g_cancellable_cancel (self->drawing_cancellable);
  g_clear_object (&self->drawing_cancellable);
  if (keep)
    g_queue_push_head (&self->thumbnails, g_steal_pointer (&self->drawing));
  else
    g_clear_pointer (&self->drawing, thumbnail_free);
}

static void
clear_thumbnails (RpEntryPage *self)
{
  stop_drawing (self, FALSE);
  g_queue_clear_full (&self->thumbnails, (GDestroyNotify) thumbnail_free);
}

/* The current thumbnail is drawn (@surface) or cannot be (NULL): on to
 * the next. */
static void
thumbnail_done (RpEntryPage     *self,
                cairo_surface_t *surface)
{
  if (surface != NULL)
    {
      g_autoptr(GdkTexture) texture = rp_texture_new_for_surface (surface);
      thumbnail_frame_set_paintable (self->drawing->frame, GDK_PAINTABLE (texture));
    }
  else
    thumbnail_show_damaged (self->drawing);
  g_clear_pointer (&self->drawing, thumbnail_free);
  g_clear_object (&self->drawing_cancellable);
  draw_next_thumbnail (self);
}

/* A cancelled drawing belongs to a page that was left or destroyed, which
 * the callback must not touch. */
static void
thumbnail_drawn_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = rp_thumbnailer_draw_finish (RP_THUMBNAILER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  thumbnail_done (RP_ENTRY_PAGE (data), surface);
  g_clear_pointer (&surface, cairo_surface_destroy);
}

/* Draws the next thumbnail in line, while the page is on screen. */
static void
draw_next_thumbnail (RpEntryPage *self)
{
  if (self->drawing != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      (self->drawing = g_queue_pop_head (&self->thumbnails)) == NULL)
    return;
  self->drawing_cancellable = g_cancellable_new ();
  rp_thumbnailer_draw_async (self->thumbnailer, self->drawing->attachment, self->drawing_cancellable,
                             thumbnail_drawn_cb, self);
}

static void
rp_entry_page_map (GtkWidget *widget)
{
  RpEntryPage *self = RP_ENTRY_PAGE (widget);

  GTK_WIDGET_CLASS (rp_entry_page_parent_class)->map (widget);
  draw_next_thumbnail (self);
  /* The document the resident is most likely to open from here. */
  if (self->first_document != NULL)
    rp_preview_prefetch_start (self->first_document);
}

/* Left (another page, or the window hidden): nothing is drawn for a page
 * nobody sees; what was being drawn is drawn again if it comes back. */
static void
rp_entry_page_unmap (GtkWidget *widget)
{
  stop_drawing (RP_ENTRY_PAGE (widget), TRUE);
  /* Opened by now (the document page took it before the page changed), or
   * not wanted. */
  rp_preview_prefetch_drop ();
  GTK_WIDGET_CLASS (rp_entry_page_parent_class)->unmap (widget);
}

static void
rp_entry_page_dispose (GObject *object)
{
  RpEntryPage *self = RP_ENTRY_PAGE (object);

  clear_thumbnails (self);
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_ENTRY_PAGE);
  g_clear_object (&self->data_dir);
  g_clear_object (&self->first_document);
  g_clear_pointer (&self->collected_bundle, g_free);
  g_clear_pointer (&self->provenance_for, g_free);
  g_clear_pointer (&self->provenance, g_free);

  G_OBJECT_CLASS (rp_entry_page_parent_class)->dispose (object);
}

static void
rp_entry_page_finalize (GObject *object)
{
  g_object_unref (RP_ENTRY_PAGE (object)->thumbnailer);

  G_OBJECT_CLASS (rp_entry_page_parent_class)->finalize (object);
}

static void
rp_entry_page_class_init (RpEntryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_entry_page_dispose;
  object_class->finalize = rp_entry_page_finalize;
  widget_class->map = rp_entry_page_map;
  widget_class->unmap = rp_entry_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-entry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, read_aloud);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, fields);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, take_away_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, summary_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, body_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, body_label);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, attachments);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, related_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, related);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, provenance_box);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, provenance_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (RP_TYPE_QR_VIEW);
  g_type_ensure (RP_TYPE_READ_ALOUD);
}

static void
rp_entry_page_init (RpEntryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->thumbnailer = rp_thumbnailer_new ();
}

static void
add_field (RpEntryPage *self,
           int         *row,
           const char  *label,
           const char  *value)
{
  GtkWidget *key;
  GtkWidget *val;

  if (value == NULL || *value == '\0')
    return;

  key = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "rp-field-name");

  val = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (val, TRUE);
  gtk_widget_add_css_class (val, "rp-field-value");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (val),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, key, NULL,
                                  -1);

  gtk_grid_attach (self->fields, key, 0, *row, 1, 1);
  gtk_grid_attach (self->fields, val, 1, *row, 1, 1);
  (*row)++;
}

/* Issue 6: the attachment's first page (or the image itself) as a
 * thumbnail: from the preview cache at once, else a placeholder of the same
 * size whose thumbnail is drawn off the main thread (queued on @self). */
static GtkWidget *
attachment_thumbnail (RpEntryPage  *self,
                      RpAttachment *attachment,
                      GtkWidget    *button,
                      GtkWidget    *text)
{
  GtkWidget *frame = thumbnail_frame_new (attachment);
  g_autofree char *cached = NULL;
  RpThumbnailState state = rp_thumbnailer_lookup (self->thumbnailer, attachment, &cached);
  Thumbnail *thumbnail;

  if (state == RP_THUMBNAIL_NONE)
    return frame;
  /* A few kB, read here: a second visit shows it at once. */
  if (cached != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (cached, NULL);

      if (texture != NULL)
        {
          thumbnail_frame_set_paintable (frame, GDK_PAINTABLE (texture));
          return frame;
        }
    }
  thumbnail = g_new0 (Thumbnail, 1);
  thumbnail->attachment = g_object_ref (attachment);
  thumbnail->button = g_object_ref (button);
  thumbnail->frame = g_object_ref (frame);
  thumbnail->text = g_object_ref (text);
  if (state == RP_THUMBNAIL_DAMAGED)
    {
      thumbnail_show_damaged (thumbnail);
      thumbnail_free (thumbnail);
    }
  else
    g_queue_push_tail (&self->thumbnails, thumbnail);
  return frame;
}

/* Issue 6: which signed bundle the resident is reading, and since when:
 * the bundle of the catalogue shown (@db_path, opened through its resolved
 * bundle folder), not whatever `current` names by now. NULL for a
 * catalogue built from an unsigned source. */
static char *
format_provenance (const char *db_path)
{
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) installed = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *when = NULL;
  g_autofree char *bundle_path = g_path_get_dirname (db_path);
  g_autofree char *version = NULL;
  RpManifest *manifest;

  if ((bundle = rp_bundle_open (bundle_path, NULL)) == NULL)
    return NULL;
  manifest = rp_bundle_get_manifest (bundle);
  key_id = rp_bundle_get_key_id (bundle);
  file = g_file_new_for_path (bundle_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL && (installed = g_file_info_get_modification_date_time (info)) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (installed);
      when = g_date_time_format (local, "%Y-%m-%d %H:%M");
    }
  version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_manifest_get_version (manifest));
  /* Translators: the catalogue's provenance on an entry page: version,
   * channel, signing key id, date and time received. */
  return g_strdup_printf (_("Catalogue version %s (channel %s), signed with key %s, received %s."),
                          version, rp_manifest_get_channel (manifest),
                          key_id ? key_id : "?", when ? when : "?");
}

static GtkWidget *
attachment_button (RpEntryPage  *self,
                   RpEntry      *entry,
                   RpAttachment *attachment,
                   guint         index)
{
  static const char *kinds[] = { "PDF", "PNG", "JPEG" };
  g_autofree char *size = g_format_size (rp_attachment_get_size (attachment));
  g_autofree char *detail = g_strdup_printf ("%s · %s", kinds[rp_attachment_get_kind (attachment)], size);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (rp_attachment_get_title (attachment));
  GtkWidget *meta = gtk_label_new (detail);
  GtkWidget *icon;

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rp_attachment_get_title (attachment),
                                  -1);
  /* The width the thumbnail leaves is the text's: titles wrap at the edge. */
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), meta);
  /* After the meta line, which a damaged file's note follows. */
  icon = attachment_thumbnail (self, attachment, button, text);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "rp-attachment");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(su)", rp_entry_get_id (entry), index);
  return button;
}

static GtkWidget *
related_button (RpEntry *related)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (rp_entry_get_title (related));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "rp-related");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.entry");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", rp_entry_get_id (related));
  return button;
}

/* The preview cache follows the object store: once per bundle shown (a
 * sync removes the objects of older bundles), the previews of objects that
 * are gone are removed, off the main thread. Not in the sync itself, which
 * is kept lean; the GUI is what fills the cache. */
static void
collect_previews (RpEntryPage *self)
{
  g_autofree char *bundle = NULL;

  if (self->data_dir == NULL || (bundle = rp_data_dir_get_current_bundle (self->data_dir)) == NULL ||
      g_strcmp0 (bundle, self->collected_bundle) == 0)
    return;
  g_free (self->collected_bundle);
  self->collected_bundle = g_steal_pointer (&bundle);
  rp_preview_cache_gc_in_thread (self->data_dir);
}

void
rp_entry_page_show (RpEntryPage *self,
                    RpCatalogue *catalogue,
                    RpEntry     *entry)
{
  g_autoptr(RpCategory) category = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *speech = NULL;
  GListModel *attachments;
  const char * const *related;
  int row = 0;

  g_return_if_fail (RP_IS_ENTRY_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));
  g_return_if_fail (RP_IS_ENTRY (entry));

  gtk_label_set_text (self->title_label, rp_entry_get_title (entry));
  speech = rp_speech_entry_text (entry);
  rp_read_aloud_set_text (self->read_aloud, speech);

  rp_widget_remove_children (GTK_WIDGET (self->fields));
  category = rp_catalogue_get_category (catalogue, rp_entry_get_category (entry));
  keywords = g_strjoinv ("、", (char **) rp_entry_get_keywords (entry));
  /* The labels of the national disclosure-catalogue standard, in its order. */
  add_field (self, &row, _("Index number"), rp_entry_get_id (entry));
  add_field (self, &row, _("Title"), rp_entry_get_title (entry));
  add_field (self, &row, _("Issuing body"), rp_entry_get_organ (entry));
  add_field (self, &row, _("Document number"), rp_entry_get_doc_number (entry));
  add_field (self, &row, _("Date issued"), rp_entry_get_date (entry));
  add_field (self, &row, _("Category"), category ? rp_category_get_name (category) : NULL);
  add_field (self, &row, _("Genre"), rp_entry_get_genre (entry));
  add_field (self, &row, _("Keywords"), keywords);
  add_field (self, &row, _("Validity"), rp_entry_get_validity (entry));
  add_field (self, &row, _("Original online"), rp_entry_get_url (entry));

  /* The online original goes home with the resident as a QR code; the
   * kiosk itself never opens it. */
  if (rp_qr_view_set_text (self->qr_view, rp_entry_get_url (entry)))
    {
      gtk_widget_set_visible (self->take_away_box, TRUE);
      /* Counted by the window that shows the page (rp-window-private.h). */
      gtk_widget_activate_action (GTK_WIDGET (self), "usage.count-id", "(us)", (guint32) RP_USAGE_QR,
                                  rp_entry_get_id (entry));
    }
  else
    gtk_widget_set_visible (self->take_away_box, FALSE);

  gtk_label_set_text (self->summary_label, rp_entry_get_summary (entry) ? rp_entry_get_summary (entry) : "");
  gtk_widget_set_visible (self->summary_box, rp_entry_get_summary (entry) != NULL);
  gtk_label_set_text (self->body_label, rp_entry_get_body (entry) ? rp_entry_get_body (entry) : "");
  gtk_widget_set_visible (self->body_box, rp_entry_get_body (entry) != NULL);

  clear_thumbnails (self);
  collect_previews (self);
  rp_widget_remove_children (GTK_WIDGET (self->attachments));
  g_clear_object (&self->first_document);
  attachments = rp_entry_get_attachments (entry);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(RpAttachment) attachment = g_list_model_get_item (attachments, i);
      gtk_box_append (self->attachments, attachment_button (self, entry, attachment, i));
      if (self->first_document == NULL && rp_attachment_get_kind (attachment) == RP_ATTACHMENT_PDF)
        self->first_document = g_object_ref (attachment);
    }
  if (self->first_document != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    rp_preview_prefetch_start (self->first_document);
  gtk_widget_set_visible (self->attachments_box, g_list_model_get_n_items (attachments) > 0);
  draw_next_thumbnail (self);

  rp_widget_remove_children (GTK_WIDGET (self->related));
  related = rp_entry_get_related (entry);
  for (guint i = 0; related[i] != NULL; i++)
    {
      g_autoptr(RpEntry) other = rp_catalogue_get_entry (catalogue, related[i], NULL);
      if (other != NULL)
        gtk_box_append (self->related, related_button (other));
    }
  gtk_widget_set_visible (self->related_box, gtk_widget_get_first_child (GTK_WIDGET (self->related)) != NULL);

  /* Read and verified once per catalogue, not on every entry shown. */
  if (g_strcmp0 (self->provenance_for, rp_catalogue_get_path (catalogue)) != 0)
    {
      g_free (self->provenance);
      g_free (self->provenance_for);
      self->provenance_for = g_strdup (rp_catalogue_get_path (catalogue));
      self->provenance = format_provenance (self->provenance_for);
    }
  gtk_label_set_text (self->provenance_label, self->provenance ? self->provenance : "");
  gtk_widget_set_visible (self->provenance_box, self->provenance != NULL);

  /* A new entry starts at its top, even while going back to another one
   * was still to scroll it. */
  rp_entry_page_restore_scroll_position (self, 0);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

double
rp_entry_page_get_scroll_position (RpEntryPage *self)
{
  g_return_val_if_fail (RP_IS_ENTRY_PAGE (self), 0);
  return gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
}

void
rp_entry_page_restore_scroll_position (RpEntryPage *self,
                                       double       position)
{
  g_return_if_fail (RP_IS_ENTRY_PAGE (self));
  rp_widget_restore_scroll (GTK_WIDGET (self), gtk_scrolled_window_get_vadjustment (self->scroller), position);
}

/* Issue 6: where the provenance of the catalogue shown is read from. */
void
rp_entry_page_set_data_dir (RpEntryPage *self,
                            RpDataDir   *data_dir)
{
  g_return_if_fail (RP_IS_ENTRY_PAGE (self));
  g_return_if_fail (data_dir == NULL || RP_IS_DATA_DIR (data_dir));

  g_set_object (&self->data_dir, data_dir);
}
