/* rp-entry-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-widget-util.h"
#include "rp-entry-page.h"
#include "rp-qr-view.h"
#include "rp-usage-recorder.h"
#include "rp-window.h"

struct _RpEntryPage
{
  GtkWidget          parent_instance;

  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
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
};

G_DEFINE_FINAL_TYPE (RpEntryPage, rp_entry_page, GTK_TYPE_WIDGET)

static void
rp_entry_page_dispose (GObject *object)
{
  /* The template's root is not bound to a field: unparent it first. */
  rp_widget_remove_children (GTK_WIDGET (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), RP_TYPE_ENTRY_PAGE);
  g_clear_object (&RP_ENTRY_PAGE (object)->data_dir);

  G_OBJECT_CLASS (rp_entry_page_parent_class)->dispose (object);
}

static void
rp_entry_page_class_init (RpEntryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_entry_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-entry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpEntryPage, title_label);
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
}

static void
rp_entry_page_init (RpEntryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

/* Issue 6: the first page as the sync drew it into the preview cache, an
 * image attachment itself, or an icon; never a render on the main thread. */
static GtkWidget *
attachment_thumbnail (RpAttachment *attachment)
{
  const char *path = rp_attachment_get_local_path (attachment);
  g_autofree char *cache_dir = NULL;
  g_autofree char *preview = NULL;
  GtkWidget *picture;
  GtkWidget *frame;

  if (path != NULL && rp_attachment_is_image (attachment))
    preview = g_strdup (path);
  else if (path != NULL && rp_attachment_get_sha256 (attachment) != NULL)
    {
      cache_dir = rp_preview_cache_dir_for_object (path);
      preview = rp_preview_cache_lookup (cache_dir, rp_attachment_get_sha256 (attachment),
                                         rp_attachment_get_size (attachment), 0, TRUE);
    }
  if (preview == NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (rp_attachment_is_image (attachment)
                                                      ? "image-x-generic-symbolic"
                                                      : "x-office-document-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
      return icon;
    }
  picture = gtk_picture_new_for_filename (preview);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), picture);
  gtk_widget_set_size_request (frame, 72, 96);
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (frame, "rp-attachment-thumbnail");
  return frame;
}

/* Issue 6: which signed bundle the resident is reading, and since when. */
static char *
format_provenance (RpDataDir *data_dir)
{
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) installed = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *when = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *version = NULL;
  RpManifest *manifest;

  if (data_dir == NULL || (bundle = rp_data_dir_open_current (data_dir, NULL)) == NULL)
    return NULL;
  manifest = rp_bundle_get_manifest (bundle);
  key_id = rp_bundle_get_key_id (bundle);
  bundle_path = g_build_filename (rp_data_dir_get_path (data_dir), "bundles", rp_bundle_get_name (bundle), NULL);
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
attachment_button (RpEntry      *entry,
                   RpAttachment *attachment,
                   guint         index)
{
  static const char *kinds[] = { "PDF", "PNG", "JPEG" };
  g_autofree char *size = g_format_size (rp_attachment_get_size (attachment));
  g_autofree char *detail = g_strdup_printf ("%s · %s", kinds[rp_attachment_get_kind (attachment)], size);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = attachment_thumbnail (attachment);
  GtkWidget *title = gtk_label_new (rp_attachment_get_title (attachment));
  GtkWidget *meta = gtk_label_new (detail);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), meta);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "rp-attachment");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "nav.attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(su)", rp_entry_get_id (entry), index);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rp_attachment_get_title (attachment),
                                  -1);
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

void
rp_entry_page_show (RpEntryPage *self,
                    RpCatalogue *catalogue,
                    RpEntry     *entry)
{
  g_autoptr(RpCategory) category = NULL;
  g_autofree char *keywords = NULL;
  GListModel *attachments;
  const char * const *related;
  int row = 0;

  g_return_if_fail (RP_IS_ENTRY_PAGE (self));
  g_return_if_fail (RP_IS_CATALOGUE (catalogue));
  g_return_if_fail (RP_IS_ENTRY (entry));

  gtk_label_set_text (self->title_label, rp_entry_get_title (entry));

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
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      RpUsageRecorder *recorder = RP_IS_WINDOW (root) ? rp_window_get_usage_recorder (RP_WINDOW (root)) : NULL;

      gtk_widget_set_visible (self->take_away_box, TRUE);
      if (recorder != NULL)
        rp_usage_recorder_count_catalogue_id (recorder, RP_USAGE_QR, rp_entry_get_id (entry));
    }
  else
    gtk_widget_set_visible (self->take_away_box, FALSE);

  gtk_label_set_text (self->summary_label, rp_entry_get_summary (entry) ? rp_entry_get_summary (entry) : "");
  gtk_widget_set_visible (self->summary_box, rp_entry_get_summary (entry) != NULL);
  gtk_label_set_text (self->body_label, rp_entry_get_body (entry) ? rp_entry_get_body (entry) : "");
  gtk_widget_set_visible (self->body_box, rp_entry_get_body (entry) != NULL);

  rp_widget_remove_children (GTK_WIDGET (self->attachments));
  attachments = rp_entry_get_attachments (entry);
  for (guint i = 0; i < g_list_model_get_n_items (attachments); i++)
    {
      g_autoptr(RpAttachment) attachment = g_list_model_get_item (attachments, i);
      gtk_box_append (self->attachments, attachment_button (entry, attachment, i));
    }
  gtk_widget_set_visible (self->attachments_box, g_list_model_get_n_items (attachments) > 0);

  rp_widget_remove_children (GTK_WIDGET (self->related));
  related = rp_entry_get_related (entry);
  for (guint i = 0; related[i] != NULL; i++)
    {
      g_autoptr(RpEntry) other = rp_catalogue_get_entry (catalogue, related[i], NULL);
      if (other != NULL)
        gtk_box_append (self->related, related_button (other));
    }
  gtk_widget_set_visible (self->related_box, gtk_widget_get_first_child (GTK_WIDGET (self->related)) != NULL);

  {
    g_autofree char *provenance = format_provenance (self->data_dir);

    gtk_label_set_text (self->provenance_label, provenance ? provenance : "");
    gtk_widget_set_visible (self->provenance_box, provenance != NULL);
  }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
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
