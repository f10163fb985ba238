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

static guint
count_objects (const char *data_dir)
{
  g_autofree char *objects = g_build_filename (data_dir, "objects", NULL);
  g_autoptr(GDir) dir = g_dir_open (objects, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = NULL;
      g_autoptr(GDir) d = NULL;

      /* .partial holds transfers, not installed objects. */
      if (name[0] == '.')
        continue;
      sub = g_build_filename (objects, name, NULL);
      d = g_dir_open (sub, 0, NULL);

      while (d != NULL && g_dir_read_name (d) != NULL)
        n++;
    }
  return n;
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
                   const char  *data_dir,
                   int          row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignSecretKey) sk = rp_identity_load_or_create (data_dir, &error);
  g_autofree char *site = self->settings ? g_settings_get_string (self->settings, "site-id") : NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *line = NULL;
  GtkWidget *qr;

  add_status_row (self, row++, _("Site id"), site && *site ? site : _("not set (Settings)"));
  if (sk == NULL)
    {
      add_status_row (self, row++, _("Terminal key"), error->message);
      return;
    }
  pk = rp_minisign_secret_key_get_public (sk);
  key_id = rp_minisign_key_get_id (pk);
  line = rp_identity_public_key_line (pk);
  add_status_row (self, row++, _("Terminal key"), key_id);
  add_status_row (self, row++, _("Public key (scan to enrol)"), line);
  qr = rp_qr_view_new ();
  gtk_widget_set_size_request (qr, 180, 180);
  gtk_widget_set_halign (qr, GTK_ALIGN_START);
  rp_qr_view_set_text (RP_QR_VIEW (qr), line);
  gtk_grid_attach (self->status_grid, qr, 1, row, 1, 1);
}

void
rp_admin_page_refresh_status (RpAdminPage *self)
{
  RpDataDir *data_dir = self->data_dir;
  RpCatalogue *catalogue = self->catalogue;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) fs = NULL;
  g_autofree char *version = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *free_disk = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *current = NULL;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_grid))) != NULL)
    gtk_grid_remove (self->status_grid, child);
  if (data_dir == NULL)
    return;

  current = rp_data_dir_get_current_bundle (data_dir);
  bundle = rp_data_dir_open_current (data_dir, NULL);
  if (bundle != NULL)
    {
      RpManifest *manifest = rp_bundle_get_manifest (bundle);

      version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_manifest_get_version (manifest));
      issued = format_time (rp_manifest_get_issued (manifest));
      expires = format_time (rp_manifest_get_expires (manifest));
      key_id = rp_bundle_get_key_id (bundle);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        /* An origin answering "not modified" must not keep a terminal on
         * an expired bundle quietly: the panel says so in words. */
        if (rp_manifest_is_expired (manifest, now))
          {
            g_autofree char *was = g_steal_pointer (&expires);
            expires = g_strdup_printf (_("%s — EXPIRED: sync a newer bundle"), was);
          }
      }
    }
  if (self->state != NULL)
    last_sync = rp_state_db_get_last_sync (self->state);
  dir = g_file_new_for_path (rp_data_dir_get_path (data_dir));
  fs = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (fs != NULL)
    free_disk = g_format_size (g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
  objects = g_strdup_printf ("%u", count_objects (rp_data_dir_get_path (data_dir)));

  add_status_row (self, row++, _("Channel"), catalogue ? rp_catalogue_get_channel (catalogue) : NULL);
  add_status_row (self, row++, _("Version"), version ? version : _("unsigned (built from a source folder)"));
  add_status_row (self, row++, _("Installed bundle"), current);
  add_status_row (self, row++, _("Issued"), issued);
  add_status_row (self, row++, _("Expires"), expires);
  add_status_row (self, row++, _("Signing key"), key_id);
  add_status_row (self, row++, _("Last sync"), last_sync ? last_sync : _("never"));
  add_status_row (self, row++, _("Free disk"), free_disk);
  add_status_row (self, row++, _("Objects"), objects);
  add_identity_rows (self, rp_data_dir_get_path (data_dir), row);
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
