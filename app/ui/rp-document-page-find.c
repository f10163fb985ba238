/* rp-document-page-find.c — find in the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The render queue searches page after page on its worker and reports each
 * page's hits as they come; the page keeps them in page order, shows the
 * current one a little below the top of the view, and says where it is
 * ("Match 3 of 8", "Searching…", "No matches").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-document-page-private.h"

static void
show_hit (RpDocumentPage *self)
{
  Hit *hit;
  GArray *rects;
  RpPageRect *r;

  if (self->hit_list->len == 0)
    {
      rp_pdf_view_set_highlights (self->view, self->hits, 0, -1);
      return;
    }
  hit = &g_array_index (self->hit_list, Hit, self->hit_index);
  rects = g_hash_table_lookup (self->hits, GUINT_TO_POINTER (hit->page));
  r = &g_array_index (rects, RpPageRect, hit->index);
  rp_pdf_view_set_highlights (self->view, self->hits, hit->page, hit->index);
  /* The hit a little below the top, with its line's context above it. */
  rp_pdf_view_go_to_page (self->view, hit->page, MAX (0, r->y1 - 120));
}

void
rp_document_page_update_find_status (RpDocumentPage *self)
{
  g_autofree char *text = NULL;

  if (self->hit_list->len > 0)
    text = g_strdup_printf (_("Match %u of %u"), self->hit_index + 1, self->hit_list->len);
  else if (self->finding)
    text = g_strdup (_("Searching…"));
  else if (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (self->find_entry)), -1) > 0)
    text = g_strdup (_("No matches"));
  gtk_label_set_text (self->find_status, text ? text : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.find-next", self->hit_list->len > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.find-previous", self->hit_list->len > 1);
}

void
rp_document_page_find_step (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RpDocumentPage *self = RP_DOCUMENT_PAGE (widget);
  int n = (int) self->hit_list->len;

  if (n == 0)
    return;
  self->hit_index = (self->hit_index + (g_str_equal (action_name, "doc.find-next") ? 1 : n - 1)) % n;
  show_hit (self);
  rp_document_page_update_find_status (self);
}

void
rp_document_page_find_hits_cb (RpRenderQueue  *queue,
              guint           page,
              GArray         *rects,
              RpDocumentPage *self)
{
  gboolean first = self->hit_list->len == 0;

  g_hash_table_replace (self->hits, GUINT_TO_POINTER (page), g_array_ref (rects));
  for (guint i = 0; i < rects->len; i++)
    {
      Hit hit = { page, i };
      g_array_append_val (self->hit_list, hit);
    }
  if (first)
    {
      self->hit_index = 0;
      show_hit (self);
    }
  else
    rp_pdf_view_set_highlights (self->view, self->hits, g_array_index (self->hit_list, Hit, self->hit_index).page,
                                g_array_index (self->hit_list, Hit, self->hit_index).index);
  rp_document_page_update_find_status (self);
}

void
rp_document_page_find_done_cb (RpRenderQueue  *queue,
              gboolean        complete,
              RpDocumentPage *self)
{
  self->finding = FALSE;
  rp_document_page_update_find_status (self);
}

void
rp_document_page_reset_find (RpDocumentPage *self)
{
  if (self->queue != NULL)
    rp_render_queue_find_cancel (self->queue);
  g_hash_table_remove_all (self->hits);
  g_array_set_size (self->hit_list, 0);
  self->hit_index = 0;
  self->finding = FALSE;
  rp_pdf_view_set_highlights (self->view, NULL, 0, -1);
}

void
rp_document_page_find (RpDocumentPage *self,
                       const char     *text)
{
  g_return_if_fail (RP_IS_DOCUMENT_PAGE (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->find_entry)), text) != 0)
    {
      gtk_toggle_button_set_active (self->find_toggle, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), text);
    }
  rp_document_page_reset_find (self);
  if (self->queue != NULL && text != NULL && *text != '\0')
    {
      self->finding = TRUE;
      rp_render_queue_find (self->queue, text);
    }
  rp_document_page_update_find_status (self);
}

void
rp_document_page_find_activated_cb (RpDocumentPage *self)
{
  rp_document_page_find (self, gtk_editable_get_text (GTK_EDITABLE (self->find_entry)));
}

void
rp_document_page_find_toggled_cb (RpDocumentPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->find_toggle);

  gtk_revealer_set_reveal_child (self->find_revealer, active);
  if (active)
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
      rp_document_page_reset_find (self);
      rp_document_page_update_find_status (self);
    }
}


gboolean
rp_document_page_begin_find (RpDocumentPage *self)
{
  g_return_val_if_fail (RP_IS_DOCUMENT_PAGE (self), FALSE);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->find_toggle)))
    return FALSE;
  if (gtk_toggle_button_get_active (self->find_toggle))
    gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
  else
    gtk_toggle_button_set_active (self->find_toggle, TRUE);
  return TRUE;
}

/* Escape in the find box. A kiosk keeps its find bar as it was (its
 * keyboard has no Escape; a USB one's is the key guard's). */
void
rp_document_page_find_stopped_cb (RpDocumentPage *self)
{
  if (self->kiosk)
    return;
  gtk_toggle_button_set_active (self->find_toggle, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}
