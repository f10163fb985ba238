/* rp-document-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening: the render queue opens the PDF on its worker thread; meanwhile
 * the first-page preview from the preview cache (if the bundle install drew
 * one) is shown at once, and swapped for sharp renders as they arrive.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-core.h"
#include "rp-document-page-private.h"
#include "rp-document-page.h"
#include "rp-pdf-view.h"
#include "rp-preview-prefetch.h"
#include "rp-read-aloud.h"
#include "rp-thumbnail-strip.h"
#include "rp-image.h"
#include "rp-widget-util.h"

#define ZOOM_STEP         1.25
#define NOTICE_SECONDS    6

enum
{
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


G_DEFINE_FINAL_TYPE (RpDocumentPage, rp_document_page, GTK_TYPE_WIDGET)

/* A kiosk window sets it on its page (rp_window_new). */
static gboolean
is_kiosk (RpDocumentPage *self)
{
  return self->kiosk;
}

/* What a resident reads: translated, by what went wrong; the technical
 * reason (for an administrator) goes underneath. */
static const char *
reason_for (const GError *error)
{
  if (error->domain != RP_ERROR)
    return _("The file is damaged.");
  switch (error->code)
    {
    case RP_ERROR_PROTECTED_DOCUMENT:
      return _("It is protected by a password.");
    case RP_ERROR_RENDER_TIMEOUT:
      return _("It takes too long to display and was stopped.");
    case RP_ERROR_RENDER_LIMIT:
      return _("Its pages are too large to display.");
    case RP_ERROR_MARKED_BROKEN:
      return _("It did not pass the publisher's check.");
    default:
      return _("The file is damaged.");
    }
}

static void
show_error (RpDocumentPage *self,
            gboolean        image,
            const GError   *error)
{
  g_autofree char *message = image ? g_strdup_printf (_("This image cannot be shown. %s"), reason_for (error))
                                   : g_strdup_printf (_("This document cannot be shown. %s"), reason_for (error));
  g_autofree char *detail = g_markup_escape_text (error->message, -1);

  g_free (self->error);
  self->error = g_strdup (message);
  self->loaded = TRUE;
  adw_status_page_set_title (self->error_page, message);
  /* The description is markup. */
  adw_status_page_set_description (self->error_page, detail);
  gtk_spinner_stop (self->spinner);
  rp_pdf_view_clear (self->view);
  rp_thumbnail_strip_set_queue (self->thumbnails, NULL);
  g_clear_object (&self->paintable);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static gboolean
hide_notice (gpointer data)
{
  RpDocumentPage *self = data;

  self->notice_id = 0;
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_notice (RpDocumentPage *self,
             const char     *text)
{
  g_free (self->notice);
  self->notice = g_strdup (text);
  gtk_label_set_text (self->notice_label, text);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  self->notice_id = g_timeout_add_seconds (NOTICE_SECONDS, hide_notice, self);
}

static void
update_pager (RpDocumentPage *self)
{
  guint n = rp_pdf_view_get_n_pages (self->view);
  guint page = rp_pdf_view_get_page (self->view);
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page + 1, n);
  g_autofree char *zoom = g_strdup_printf ("%.0f%%", rp_pdf_view_get_zoom (self->view) * 100);
  gboolean pdf = self->queue != NULL;

  gtk_label_set_text (self->page_label, text);
  gtk_label_set_text (self->zoom_label, zoom);
  gtk_widget_set_visible (GTK_WIDGET (self->page_button), n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.previous", page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.next", page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.zoom-in",
                                 n > 0 && rp_pdf_view_get_zoom (self->view) < rp_pdf_view_get_max_zoom (self->view) - 1e-3);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.zoom-out",
                                 n > 0 && rp_pdf_view_get_zoom (self->view) > RP_PDF_VIEW_MIN_ZOOM + 1e-3);
  gtk_widget_set_visible (GTK_WIDGET (self->find_toggle), pdf);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnails_toggle), pdf && n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->single_toggle), pdf && n > 1);
  rp_thumbnail_strip_set_page (self->thumbnails, page);
}

static void
view_changed_cb (RpDocumentPage *self)
{
  g_clear_object (&self->paintable);
  update_pager (self);
}

static void
go_to_page (RpDocumentPage *self,
            int             delta)
{
  gint64 target = (gint64) rp_pdf_view_get_page (self->view) + delta;

  if (target < 0 || target >= rp_pdf_view_get_n_pages (self->view))
    return;
  rp_pdf_view_go_to_page (self->view, (guint) target, 0);
}

static void
doc_next (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  go_to_page (RP_DOCUMENT_PAGE (widget), 1);
}

static void
doc_previous (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  go_to_page (RP_DOCUMENT_PAGE (widget), -1);
}

static void
doc_zoom_in (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  rp_pdf_view_set_zoom (self->view, rp_pdf_view_get_zoom (self->view) * ZOOM_STEP);
}

static void
doc_zoom_out (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  rp_pdf_view_set_zoom (self->view, rp_pdf_view_get_zoom (self->view) / ZOOM_STEP);
}

static void
doc_fit_width (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rp_pdf_view_set_fit (RP_DOCUMENT_PAGE (widget)->view, RP_FIT_WIDTH);
}

static void
doc_fit_page (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rp_pdf_view_set_fit (RP_DOCUMENT_PAGE (widget)->view, RP_FIT_PAGE);
}

static void
single_toggled_cb (RpDocumentPage *self)
{
  rp_pdf_view_set_continuous (self->view, !gtk_toggle_button_get_active (self->single_toggle));
}

static void
thumbnails_toggled_cb (RpDocumentPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->thumbnails_toggle);

  gtk_revealer_set_reveal_child (self->thumbnails_revealer, active);
  rp_thumbnail_strip_set_queue (self->thumbnails, active ? self->queue : NULL);
  if (active)
    rp_thumbnail_strip_set_page (self->thumbnails, rp_pdf_view_get_page (self->view));
}

static void
thumbnail_activated_cb (RpDocumentPage *self,
                        guint           page)
{
  rp_pdf_view_go_to_page (self->view, page, 0);
}

/* The go-to-page pad: digits build the number in jump_label; Go opens
 * that page (the last one when it is past the end). */
static void
jump_shown_cb (RpDocumentPage *self)
{
  gtk_label_set_text (self->jump_label, "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.jump-go", FALSE);
}

static void
set_jump_number (RpDocumentPage *self,
                 const char     *digits)
{
  gtk_label_set_text (self->jump_label, digits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.jump-go", g_ascii_strtoull (digits, NULL, 10) > 0);
}

static void
doc_jump_digit (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  g_autofree char *digits = g_strconcat (gtk_label_get_text (self->jump_label),
                                         g_variant_get_string (parameter, NULL), NULL);

  /* No document has a hundred thousand pages. */
  if (strlen (digits) <= 5)
    set_jump_number (self, digits);
}

static void
doc_jump_erase (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  g_autofree char *digits = g_strdup (gtk_label_get_text (self->jump_label));

  if (*digits != '\0')
    digits[strlen (digits) - 1] = '\0';
  set_jump_number (self, digits);
}

static void
doc_jump_go (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  guint64 page = g_ascii_strtoull (gtk_label_get_text (self->jump_label), NULL, 10);
  guint n = rp_pdf_view_get_n_pages (self->view);

  gtk_popover_popdown (self->jump_popover);
  if (page >= 1 && n > 0)
    rp_pdf_view_go_to_page (self->view, (guint) MIN (page, n) - 1, 0);
}

static void
link_activated_cb (RpDocumentPage *self,
                   RpLink         *link)
{
  switch (link->kind)
    {
    case RP_LINK_GOTO:
      rp_pdf_view_go_to_page (self->view, link->dest_page, MAX (0, link->dest_top));
      break;
    case RP_LINK_URI:
      if (is_kiosk (self))
        show_notice (self, _("Links to websites cannot be opened on this terminal."));
      else
        gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), link->uri, GDK_CURRENT_TIME);
      break;
    case RP_LINK_LAUNCH:
      /* Never, kiosk or not: a document does not get to run programs. */
      show_notice (self, _("This link would start another program; it was not followed."));
      break;
    default:
      break;
    }
}

static void
document_failed_cb (RpRenderQueue  *queue,
                    const GError   *error,
                    RpDocumentPage *self)
{
  show_error (self, FALSE, error);
}

static guint64
cache_budget (void)
{
  g_autoptr(GSettings) settings = rp_settings_new ();

  return (guint64) rp_settings_get_uint (settings, "render-cache-mib", RP_RENDER_QUEUE_DEFAULT_CACHE_MIB) << 20;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  RpRenderQueue *queue = RP_RENDER_QUEUE (source);
  RpDocumentPage *self;
  g_autoptr(GError) error = NULL;

  if (!rp_render_queue_open_finish (queue, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RP_DOCUMENT_PAGE (data);
  if (self->queue != queue)
    return;
  gtk_spinner_stop (self->spinner);
  if (error != NULL)
    {
      show_error (self, FALSE, error);
      return;
    }
  self->loaded = TRUE;
  rp_pdf_view_set_queue (self->view, queue);
  if (self->preview != NULL)
    rp_pdf_view_set_preview (self->view, self->preview);
  gtk_stack_set_visible_child_name (self->stack, "view");
  rp_pdf_view_go_to_page (self->view, self->pending_page, 0);
  update_pager (self);
}

static void
image_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  RpDocumentPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = GDK_TEXTURE (rp_image_load_finish (result, &error));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = RP_DOCUMENT_PAGE (data);
  gtk_spinner_stop (self->spinner);
  if (texture == NULL)
    {
      show_error (self, TRUE, error);
      return;
    }
  self->loaded = TRUE;
  g_set_object (&self->image, texture);
  rp_pdf_view_set_image (self->view, texture);
  gtk_stack_set_visible_child_name (self->stack, "view");
  update_pager (self);
}

/* On rp_image_load_async()'s worker thread, after its size check. */
static GObject *
decode_texture (const char *path,
                GError    **error)
{
  return (GObject *) gdk_texture_new_from_filename (path, error);
}

void
rp_document_page_clear (RpDocumentPage *self)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  rp_document_page_set_speech_text (self, NULL);
  rp_document_page_reset_find (self);
  if (self->queue != NULL)
    {
      g_clear_signal_handler (&self->find_hits_id, self->queue);
      g_clear_signal_handler (&self->find_done_id, self->queue);
      g_clear_signal_handler (&self->failed_id, self->queue);
      g_clear_object (&self->queue);
    }
  rp_pdf_view_clear (self->view);
  rp_thumbnail_strip_set_queue (self->thumbnails, NULL);
  g_clear_object (&self->image);
  g_clear_object (&self->preview);
  g_clear_object (&self->paintable);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  self->pending_page = 0;
  self->loaded = FALSE;
  /* Controls are reset by the next show, not here: a page being left must
   * not change size (the stack snapshots it for its transition). */
}

static void
reset_controls (RpDocumentPage *self)
{
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  gtk_toggle_button_set_active (self->find_toggle, FALSE);
  gtk_toggle_button_set_active (self->thumbnails_toggle, FALSE);
  gtk_toggle_button_set_active (self->single_toggle, FALSE);
  rp_pdf_view_set_fit (self->view, RP_FIT_WIDTH);
}

void
rp_document_page_show (RpDocumentPage *self,
                       RpAttachment   *attachment)
{
  rp_document_page_show_at (self, attachment, 0);
}

void
rp_document_page_show_at (RpDocumentPage *self,
                          RpAttachment   *attachment,
                          guint           page)
{
  const char *path;

  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (RP_IS_ATTACHMENT (attachment));

  rp_document_page_clear (self);
  reset_controls (self);
  self->cancellable = g_cancellable_new ();
  self->pending_page = page;
  path = rp_attachment_get_local_path (attachment);
  /* Published marked as failing the check: shown as such, never tried. */
  if (rp_attachment_get_broken_reason (attachment) != NULL)
    {
      g_autoptr(GError) marked = g_error_new (RP_ERROR, RP_ERROR_MARKED_BROKEN, "%s",
                                              rp_attachment_get_broken_reason (attachment));

      show_error (self, rp_attachment_is_image (attachment), marked);
      return;
    }
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  if (rp_attachment_is_image (attachment))
    {
      rp_image_load_async (path, decode_texture, self->cancellable, image_loaded_cb, self);
      return;
    }

  /* The preview cache's first page, on screen before poppler has drawn. */
  if (page == 0)
    {
      g_autofree char *preview = rp_preview_cache_lookup_attachment (attachment);

      /* Decoded while the resident read the entry (rp-preview-prefetch.c),
       * else here. */
      if (preview != NULL && ((self->preview = rp_preview_prefetch_take (preview)) != NULL ||
                              (self->preview = gdk_texture_new_from_filename (preview, NULL)) != NULL))
        {
          rp_pdf_view_set_image (self->view, self->preview);
          gtk_stack_set_visible_child_name (self->stack, "view");
        }
    }

  self->queue = rp_render_queue_new (cache_budget ());
  if (self->time_limit_ms > 0)
    rp_render_queue_set_time_limit (self->queue, self->time_limit_ms);
  self->find_hits_id = g_signal_connect (self->queue, "find-hits", G_CALLBACK (rp_document_page_find_hits_cb), self);
  self->find_done_id = g_signal_connect (self->queue, "find-finished", G_CALLBACK (rp_document_page_find_done_cb), self);
  self->failed_id = g_signal_connect (self->queue, "document-failed", G_CALLBACK (document_failed_cb), self);
  rp_render_queue_open_async (self->queue, path, self->cancellable, opened_cb, self);
}

static void
rp_document_page_dispose (GObject *object)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (object);

  if (self->view != NULL)
    rp_document_page_clear (self);
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
  g_free (self->notice);
  g_hash_table_unref (self->hits);
  g_array_unref (self->hit_list);

  G_OBJECT_CLASS (rp_document_page_parent_class)->finalize (object);
}

static void
rp_document_page_class_init (RpDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_document_page_dispose;

  /* A file that cannot be shown (broken, protected, too demanding): the
   * window counts it, so the office learns which documents to fix. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 0);
  object_class->finalize = rp_document_page_finalize;

  g_type_ensure (RP_TYPE_PDF_VIEW);
  g_type_ensure (RP_TYPE_THUMBNAIL_STRIP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/readingpoint/ReadingPoint/rp-document-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, view);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, pager);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, page_button);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, jump_popover);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, jump_label);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, find_entry);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, find_status);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, find_toggle);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, single_toggle);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, thumbnails_toggle);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, thumbnails_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpDocumentPage, notice_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "find_activated_cb", G_CALLBACK (rp_document_page_find_activated_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "find_toggled_cb", G_CALLBACK (rp_document_page_find_toggled_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "find_stopped_cb", G_CALLBACK (rp_document_page_find_stopped_cb));
  gtk_widget_class_bind_template_callback (widget_class, single_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, thumbnails_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_shown_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "doc.next", NULL, doc_next);
  gtk_widget_class_install_action (widget_class, "doc.previous", NULL, doc_previous);
  gtk_widget_class_install_action (widget_class, "doc.zoom-in", NULL, doc_zoom_in);
  gtk_widget_class_install_action (widget_class, "doc.zoom-out", NULL, doc_zoom_out);
  gtk_widget_class_install_action (widget_class, "doc.fit-width", NULL, doc_fit_width);
  gtk_widget_class_install_action (widget_class, "doc.fit-page", NULL, doc_fit_page);
  gtk_widget_class_install_action (widget_class, "doc.jump-digit", "s", doc_jump_digit);
  gtk_widget_class_install_action (widget_class, "doc.jump-erase", NULL, doc_jump_erase);
  gtk_widget_class_install_action (widget_class, "doc.jump-go", NULL, doc_jump_go);
  gtk_widget_class_install_action (widget_class, "doc.find-next", NULL, rp_document_page_find_step);
  gtk_widget_class_install_action (widget_class, "doc.find-previous", NULL, rp_document_page_find_step);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "doc.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "doc.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "doc.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "doc.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "doc.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "doc.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "doc.zoom-out", NULL);
}

static void
rp_document_page_init (RpDocumentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->hits = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->hit_list = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_signal_connect_swapped (self->view, "notify::page", G_CALLBACK (view_changed_cb), self);
  g_signal_connect_swapped (self->view, "notify::zoom", G_CALLBACK (view_changed_cb), self);
  g_signal_connect_swapped (self->view, "link-activated", G_CALLBACK (link_activated_cb), self);
  self->read_aloud = RP_READ_ALOUD (rp_read_aloud_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->read_aloud), GTK_ALIGN_CENTER);
  gtk_flow_box_append (GTK_FLOW_BOX (self->pager), GTK_WIDGET (self->read_aloud));
  rp_document_page_set_speech_text (self, NULL);
  /* The toolbar's slots are not stops of their own: the tools are. */
  for (GtkWidget *slot = gtk_widget_get_first_child (self->pager); slot; slot = gtk_widget_get_next_sibling (slot))
    gtk_widget_set_focusable (slot, FALSE);
  update_pager (self);
  rp_document_page_update_find_status (self);
}

guint
rp_document_page_get_page (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), 0);
  return rp_pdf_view_get_page (self->view);
}

guint
rp_document_page_get_n_pages (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), 0);
  return self->queue ? rp_render_queue_get_n_pages (self->queue) : 0;
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
  cairo_surface_t *surface;
  guint page;

  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), NULL);

  if (self->image != NULL)
    return GDK_PAINTABLE (self->image);
  /* Before poppler has opened the file: the install's preview, if any. */
  if (self->queue == NULL || !rp_render_queue_is_open (self->queue))
    return self->preview ? GDK_PAINTABLE (self->preview) : NULL;
  page = rp_pdf_view_get_page (self->view);
  surface = rp_render_queue_lookup_best (self->queue, page, G_MAXINT);
  if (surface == NULL)
    return self->preview && page == 0 ? GDK_PAINTABLE (self->preview) : NULL;
  if (self->paintable == NULL || self->paintable_surface != surface)
    {
      g_clear_object (&self->paintable);
      self->paintable_surface = surface;
      self->paintable = GDK_PAINTABLE (rp_texture_new_for_surface (surface));
    }
  return self->paintable;
}

gboolean
rp_document_page_is_loaded (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), FALSE);
  return self->loaded;
}

void
rp_document_page_set_kiosk (RpDocumentPage *self,
                            gboolean        kiosk)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));
  self->kiosk = kiosk;
}

void
rp_document_page_set_time_limit (RpDocumentPage *self,
                                 guint           msec)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));
  self->time_limit_ms = msec;
  /* The document open now too, from its next look at the clock. */
  if (self->queue != NULL && msec > 0)
    rp_render_queue_set_time_limit (self->queue, msec);
}

guint
rp_document_page_get_n_matches (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), 0);
  return self->hit_list->len;
}

const char *
rp_document_page_get_notice (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), NULL);
  return self->notice;
}

RpPdfView *
rp_document_page_get_view (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), NULL);
  return self->view;
}

void
rp_document_page_set_speech_text (RpDocumentPage *self,
                                  const char     *text)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));

  rp_read_aloud_set_text (self->read_aloud, text);
  /* Its slot in the tools' flow box: no empty line for a scan's page. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->read_aloud)), text != NULL && *text != '\0' && rp_speech_is_available ());
}
