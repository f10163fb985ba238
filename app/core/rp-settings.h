/* rp-settings.h — the application's GSettings, when its schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schema is looked up in the default source, which covers the
 * installed schemas and GSETTINGS_SCHEMA_DIR (the build's compiled schema
 * dir in tests). A run from the build tree without the schema has no
 * settings: the defaults apply, and the getters below return their
 * fallback instead of aborting on a missing schema or key.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* (transfer full) (nullable): the settings of RP_APP_ID, or NULL when the
 * schema is not installed. */
GSettings *rp_settings_new        (void);
/* TRUE when @settings (nullable) exists and its schema has @key. */
gboolean   rp_settings_has_key    (GSettings  *settings,
                                   const char *key);
/* (transfer full): @key's value, or a copy of @fallback (nullable) when
 * @settings is NULL or has no such key. */
char      *rp_settings_get_string (GSettings  *settings,
                                   const char *key,
                                   const char *fallback);
/* @key's value, or @fallback when @settings is NULL or has no such key. */
guint      rp_settings_get_uint   (GSettings  *settings,
                                   const char *key,
                                   guint       fallback);
/* (transfer full) (nullable): @key's value, NULL without it. */
GStrv      rp_settings_get_strv   (GSettings  *settings,
                                   const char *key);

G_END_DECLS
