/* rp-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-data-dir.h"
#include "rp-demo.h"
#include "rp-keyring.h"
#include "rp-sync-engine.h"
#include "rp-sync-folder-source.h"

static const char *
env_or (const char *name,
        const char *fallback)
{
  const char *value = g_getenv (name);
  return value != NULL && *value ? value : fallback;
}

const char *
rp_demo_get_origin (void)
{
  return env_or ("READINGPOINT_DEMO_ORIGIN", RP_DEMO_ORIGIN_DIR);
}

const char *
rp_demo_get_public_key (void)
{
  return env_or ("READINGPOINT_DEMO_KEY", RP_DEMO_PUBLIC_KEY);
}

gboolean
rp_demo_only_installed (RpDataDir *data_dir)
{
  g_autofree char *bundles = rp_data_dir_build_bundle_path (data_dir, NULL);
  g_autofree char *current = rp_data_dir_get_current_bundle (data_dir);
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (current != NULL && !g_str_has_prefix (current, RP_DEMO_CHANNEL "-"))
    return FALSE;
  /* The previous bundle is kept for rollback: it counts too. */
  d = g_dir_open (bundles, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (!g_str_has_prefix (name, RP_DEMO_CHANNEL "-"))
      return FALSE;
  return TRUE;
}

gboolean
rp_demo_is_origin (const char *origin)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (origin == NULL || strstr (origin, "://") != NULL)
    return FALSE;
  a = g_canonicalize_filename (origin, NULL);
  b = g_canonicalize_filename (rp_demo_get_origin (), NULL);
  return g_str_equal (a, b);
}

gboolean
rp_demo_install_if_empty (RpDataDir *data_dir,
                          GError   **error)
{
  g_autofree char *current = rp_data_dir_get_current_bundle (data_dir);
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(RpSyncEngine) engine = NULL;
  g_autoptr(RpSyncFolderSource) source = NULL;

  if (current != NULL)
    return TRUE;
  keyring = rp_keyring_new ();
  if (!rp_keyring_add_demo_file (keyring, rp_demo_get_public_key (), error))
    return FALSE;
  engine = rp_sync_engine_new (data_dir, keyring, RP_DEMO_CHANNEL);
  source = rp_sync_folder_source_new (rp_demo_get_origin ());
  return rp_sync_engine_run (engine, RP_SYNC_SOURCE (source), NULL, NULL, error);
}
