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
  if (!rp_keyring_add_file (keyring, rp_demo_get_public_key (), RP_DEMO_CHANNEL, error))
    return FALSE;
  engine = rp_sync_engine_new (data_dir, keyring, RP_DEMO_CHANNEL);
  source = rp_sync_folder_source_new (rp_demo_get_origin ());
  return rp_sync_engine_run (engine, RP_SYNC_SOURCE (source), NULL, NULL, error);
}
