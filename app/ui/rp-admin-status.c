/* rp-admin-status.c — the Status section: the installed bundle, the disk,
 * the terminal's identity; and the refresh of every section that only shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-only: nothing here changes the terminal.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"
#include "rp-qr-view.h"

static void
add_status_row (RpAdminPage *self,
                int          row,
                const char  *name,
                const char  *value)
{
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *text = gtk_label_new (value && *value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), FALSE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_grid_attach (self->status_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->status_grid, text, 1, row, 1, 1);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
}

/* What the district office needs to enrol this terminal: its site id and
 * public key, as text and as a QR code of the key line that
 * `readingpoint-fleet enrol SITE_ID PUBKEY` takes. */
static void
add_identity_rows (RpAdminPage *self,
                   int          row)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *site = rp_terminal_dup_site_id (self->terminal);
  g_autofree char *key_id = NULL;
  g_autofree char *line = NULL;
  GtkWidget *qr;

  add_status_row (self, row++, _("Site id"), *site ? site : _("not set (Settings)"));
  if (!rp_terminal_get_identity (self->terminal, &key_id, &line, &error))
    {
      add_status_row (self, row++, _("Terminal key"), error->message);
      return;
    }
  add_status_row (self, row++, _("Terminal key"), key_id);
  add_status_row (self, row++, _("Public key (scan to enrol)"), line);
  qr = rp_qr_view_new ();
  gtk_widget_set_size_request (qr, 180, 180);
  gtk_widget_set_halign (qr, GTK_ALIGN_START);
  rp_qr_view_set_text (RP_QR_VIEW (qr), line);
  gtk_grid_attach (self->status_grid, qr, 1, row, 1, 1);
}

/* The snapshot readingpoint-admin status prints, in words. The channel is
 * the one of the catalogue residents see, which a sync replaces only at
 * the next visit. */
void
rp_admin_page_refresh_status (RpAdminPage *self)
{
  RpCatalogue *catalogue = self->catalogue;
  g_autoptr(RpTerminalStatus) status = NULL;
  g_autofree char *version = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *free_disk = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *previews = NULL;
  g_autofree char *size = NULL;
  g_autofree char *published = NULL;
  g_autofree char *database = NULL;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_grid))) != NULL)
    gtk_grid_remove (self->status_grid, child);
  if (self->terminal == NULL)
    return;

  status = rp_terminal_get_status (self->terminal);
  if (status->is_signed)
    {
      version = g_strdup_printf ("%" G_GINT64_FORMAT, status->version);
      issued = format_time (status->issued);
      expires = format_time (status->expires);
      /* An origin answering "not modified" must not keep a terminal on
       * an expired bundle quietly: the panel says so in words. */
      if (status->expired)
        {
          g_autofree char *was = g_steal_pointer (&expires);
          expires = g_strdup_printf (_("%s — EXPIRED: sync a newer bundle"), was);
        }
    }
  if (status->has_free_bytes)
    free_disk = g_format_size (status->free_bytes);
  objects = g_strdup_printf ("%u", status->n_objects);
  /* TRANSLATORS: previews drawn at install, of the installed PDFs */
  previews = g_strdup_printf (_("%u of %u documents"), status->n_previews_done, status->n_previews_wanted);

  add_status_row (self, row++, _("Channel"), catalogue ? rp_catalogue_get_channel (catalogue) : NULL);
  add_status_row (self, row++, _("Version"), version ? version : _("unsigned (built from a source folder)"));
  add_status_row (self, row++, _("Installed bundle"), status->bundle);
  add_status_row (self, row++, _("Issued"), issued);
  add_status_row (self, row++, _("Expires"), expires);
  add_status_row (self, row++, _("Signing key"), status->key_id);
  add_status_row (self, row++, _("Last sync"), status->last_sync ? status->last_sync : _("never"));
  add_status_row (self, row++, _("Free disk"), free_disk);
  /* The catalogue's size: entries, as published (in chunks), on disk. */
  published = g_format_size (status->catalogue_bytes);
  database = g_format_size (status->database_bytes);
  {
    g_autofree char *entries = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries",
                                                           status->n_entries), status->n_entries);
    g_autofree char *as_published = NULL;
    g_autofree char *on_disk = g_strdup_printf (_("%s on disk"), database);

    if (status->n_chunks > 0)
      as_published = g_strdup_printf (dngettext (GETTEXT_PACKAGE, "%s published in %u chunk",
                                                 "%s published in %u chunks", status->n_chunks),
                                      published, status->n_chunks);
    else if (status->catalogue_bytes > 0)
      as_published = g_strdup_printf (_("%s published"), published);
    size = as_published ? g_strjoin (" · ", entries, as_published, on_disk, NULL)
                        : g_strjoin (" · ", entries, on_disk, NULL);
  }
  add_status_row (self, row++, _("Catalogue"), size);
  add_status_row (self, row++, _("Objects"), objects);
  add_status_row (self, row++, _("Previews"), previews);
  add_identity_rows (self, row);
}

void
rp_admin_page_refresh (RpAdminPage *self)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));

  rp_admin_page_ensure_state (self, NULL);
  rp_admin_page_refresh_status (self);
  rp_admin_page_refresh_usage (self);
  rp_admin_page_refresh_audit (self);
}
