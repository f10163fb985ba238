/* rp-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-settings.h"

GSettings *
rp_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, RP_APP_ID, TRUE) : NULL;

  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

gboolean
rp_settings_has_key (GSettings  *settings,
                     const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

char *
rp_settings_get_string (GSettings  *settings,
                        const char *key,
                        const char *fallback)
{
  if (!rp_settings_has_key (settings, key))
    return g_strdup (fallback);
  return g_settings_get_string (settings, key);
}

guint
rp_settings_get_uint (GSettings  *settings,
                      const char *key,
                      guint       fallback)
{
  if (!rp_settings_has_key (settings, key))
    return fallback;
  return g_settings_get_uint (settings, key);
}

GStrv
rp_settings_get_strv (GSettings  *settings,
                      const char *key)
{
  if (!rp_settings_has_key (settings, key))
    return NULL;
  return g_settings_get_strv (settings, key);
}
