/* rp-admin-settings.c — the Settings section: site id, origin, channel,
 * trusted keys, idle timeout and automatic sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every save is audited with what it changed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"

void
rp_admin_page_load_settings (RpAdminPage *self)
{
  g_auto(GStrv) keys = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *site = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *channel = NULL;
  GSettings *settings = rp_admin_page_get_settings (self);

  if (settings == NULL)
    return;
  site = g_settings_get_string (settings, "site-id");
  origin = g_settings_get_string (settings, "origin-url");
  channel = g_settings_get_string (settings, "channel");
  keys = g_settings_get_strv (settings, "trusted-keys");
  joined = g_strjoinv ("\n", keys);
  gtk_editable_set_text (GTK_EDITABLE (self->site_id_entry), site);
  gtk_editable_set_text (GTK_EDITABLE (self->origin_entry), origin);
  gtk_editable_set_text (GTK_EDITABLE (self->channel_entry), channel);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->keys_view), joined, -1);
  gtk_spin_button_set_value (self->idle_spin, g_settings_get_uint (settings, "idle-timeout"));
  gtk_spin_button_set_value (self->autosync_spin, g_settings_get_uint (settings, "auto-sync-interval") / 60);
}

/* "key: old → new" for every setting the form changes, so the audit log
 * says what an administrator did, not only that they did something.
 * Trusted keys are long: the log names how many were added and removed. */
static char *
describe_settings_change (RpAdminPage        *self,
                          const char         *site,
                          const char         *channel,
                          const char * const *keys)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const struct { const char *key; const char *value; } strings[] = {
    { "site-id", site },
    { "origin-url", gtk_editable_get_text (GTK_EDITABLE (self->origin_entry)) },
    { "channel", channel },
  };
  const struct { const char *key; guint value; } numbers[] = {
    { "idle-timeout", (guint) gtk_spin_button_get_value (self->idle_spin) },
    { "auto-sync-interval", 60 * (guint) gtk_spin_button_get_value (self->autosync_spin) },
  };
  GSettings *settings = rp_admin_page_get_settings (self);
  g_auto(GStrv) old_keys = g_settings_get_strv (settings, "trusted-keys");
  guint added = 0, removed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *old = g_settings_get_string (settings, strings[i].key);
      if (g_strcmp0 (old, strings[i].value) != 0)
        g_string_append_printf (out, "%s%s: “%s” → “%s”", out->len ? "; " : "", strings[i].key, old, strings[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      guint old = g_settings_get_uint (settings, numbers[i].key);
      if (old != numbers[i].value)
        g_string_append_printf (out, "%s%s: %u → %u", out->len ? "; " : "", numbers[i].key, old, numbers[i].value);
    }
  for (guint i = 0; keys[i]; i++)
    added += !g_strv_contains ((const char * const *) old_keys, keys[i]);
  for (guint i = 0; old_keys[i]; i++)
    removed += !g_strv_contains (keys, old_keys[i]);
  if (added || removed)
    g_string_append_printf (out, "%strusted-keys: %u added, %u removed", out->len ? "; " : "", added, removed);
  if (out->len == 0)
    g_string_append (out, "no change");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
rp_admin_page_action_save_settings (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  const char *site = gtk_editable_get_text (GTK_EDITABLE (self->site_id_entry));
  const char *channel = gtk_editable_get_text (GTK_EDITABLE (self->channel_entry));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->keys_view);
  GtkTextIter start, end;
  g_autofree char *keys_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) key_list = NULL;
  g_autofree char *changes = NULL;
  GSettings *settings = rp_admin_page_get_settings (self);

  if (!rp_admin_page_require_unlocked (self, "admin.save-settings"))
    return;

  if (settings == NULL)
    return;
  if (*site != '\0' && !rp_usage_site_id_is_valid (site))
    {
      gtk_label_set_text (self->settings_label, _("A site id uses letters, digits, '-', '_' or '.'."));
      return;
    }
  if (!rp_channel_name_is_valid (channel))
    {
      gtk_label_set_text (self->settings_label, _("That is not a valid channel name."));
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  keys_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (keys_text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_strv_builder_add (keys, lines[i]);
  key_list = g_strv_builder_end (keys);

  changes = describe_settings_change (self, site, channel, (const char * const *) key_list);
  {
    g_autofree char *old_channel = g_settings_get_string (settings, "channel");
    if (g_strcmp0 (old_channel, channel) != 0)
      self->channel_changed = TRUE;
  }
  g_settings_delay (settings);
  g_settings_set_string (settings, "site-id", site);
  g_settings_set_string (settings, "origin-url", gtk_editable_get_text (GTK_EDITABLE (self->origin_entry)));
  g_settings_set_string (settings, "channel", channel);
  g_settings_set_strv (settings, "trusted-keys", (const char * const *) key_list);
  g_settings_set_uint (settings, "idle-timeout", (guint) gtk_spin_button_get_value (self->idle_spin));
  g_settings_set_uint (settings, "auto-sync-interval", 60 * (guint) gtk_spin_button_get_value (self->autosync_spin));
  g_settings_apply (settings);
  rp_admin_page_audit (self, "settings", changes);
  gtk_label_set_text (self->settings_label, _("Settings saved."));
}

static GtkWidget *
settings_row (RpAdminPage *self,
              int          row,
              const char  *name,
              GtkWidget   *editor)
{
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (editor, TRUE);
  gtk_grid_attach (self->settings_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->settings_grid, editor, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return editor;
}

void
rp_admin_page_build_settings (RpAdminPage *self)
{
  GtkWidget *keys_frame = gtk_scrolled_window_new ();
  int row = 0;

  self->site_id_entry = GTK_ENTRY (settings_row (self, row++, _("Site id"), gtk_entry_new ()));
  self->origin_entry = GTK_ENTRY (settings_row (self, row++, _("Origin URL"), gtk_entry_new ()));
  self->channel_entry = GTK_ENTRY (settings_row (self, row++, _("Channel"), gtk_entry_new ()));
  self->keys_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_monospace (self->keys_view, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (keys_frame), GTK_WIDGET (self->keys_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (keys_frame), 80);
  gtk_widget_add_css_class (keys_frame, "frame");
  settings_row (self, row++, _("Trusted keys (one per line)"), keys_frame);
  self->idle_spin = GTK_SPIN_BUTTON (settings_row (self, row++, _("Idle timeout (seconds)"),
                                                   gtk_spin_button_new_with_range (15, 3600, 15)));
  self->autosync_spin = GTK_SPIN_BUTTON (settings_row (self, row++, _("Automatic sync every (minutes, 0 = off)"),
                                                       gtk_spin_button_new_with_range (0, 10080, 5)));
}
