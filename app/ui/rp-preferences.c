/* rp-preferences.c — the desktop's preferences window (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the reader's documents come from, as the administrators' panel
 * and readingpoint-admin set it, bound to the same GSettings keys: the
 * origin, the channel, the trusted keys (one a line, or separated by
 * spaces or commas), and the interval of the automatic checks in minutes
 * (the key is in seconds; 0 is none).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-preferences.h"

#define MAX_INTERVAL_MINUTES (604800 / 60)

static gboolean
keys_to_text (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_autofree const char **keys = g_variant_get_strv (variant, NULL);
  g_autofree char *text = g_strjoinv (" ", (char **) keys);

  g_value_set_string (value, text);
  return TRUE;
}

static GVariant *
text_to_keys (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  const char *text = g_value_get_string (value);
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,]+", text ? text : "", 0, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  keys = g_strv_builder_end (builder);
  return g_variant_new_strv ((const char *const *) keys, -1);
}

static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  double minutes = CLAMP (g_value_get_double (value), 0, MAX_INTERVAL_MINUTES);

  return g_variant_new_uint32 ((guint32) (minutes * 60 + 0.5));
}

static GtkWidget *
entry_row (const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  return row;
}

static GtkWidget *
bound_entry_row (GSettings  *settings,
                 const char *key,
                 const char *title)
{
  GtkWidget *row = entry_row (title);

  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

GtkWidget *
rp_preferences_new (GSettings *settings)
{
  GtkWidget *window, *page, *source, *updates, *keys, *interval_row, *interval;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  window = adw_preferences_window_new ();
  page = adw_preferences_page_new ();
  source = adw_preferences_group_new ();
  updates = adw_preferences_group_new ();
  keys = entry_row (_("Trusted keys"));
  interval_row = adw_action_row_new ();
  interval = gtk_spin_button_new_with_range (0, MAX_INTERVAL_MINUTES, 5);

  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Documents"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "folder-documents-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (source), _("Where documents come from"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (source),
                                         _("The district’s origin publishes signed bundles; only those signed "
                                           "by a trusted key are installed."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (source), bound_entry_row (settings, "origin-url", _("Origin")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (source), bound_entry_row (settings, "channel", _("Channel")));
  g_settings_bind_with_mapping (settings, "trusted-keys", keys, "text", G_SETTINGS_BIND_DEFAULT,
                                keys_to_text, text_to_keys, NULL, NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (source), keys);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (updates), _("Updates"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (interval_row), _("Check for new documents every"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (interval_row), _("Minutes; 0 checks only when asked"));
  gtk_widget_set_valign (interval, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (interval), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Minutes between checks for new documents"), -1);
  g_settings_bind_with_mapping (settings, "auto-sync-interval", interval, "value", G_SETTINGS_BIND_DEFAULT,
                                seconds_to_minutes, minutes_to_seconds, NULL, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (interval_row), interval);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (interval_row), interval);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (updates), interval_row);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (source));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (updates));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return window;
}
