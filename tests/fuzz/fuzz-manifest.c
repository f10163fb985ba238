/* fuzz-manifest.c — libFuzzer harness for the manifest parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-manifest.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(RpManifest) manifest = rp_manifest_parse (bytes, NULL);

  if (manifest != NULL)
    {
      g_autoptr(GBytes) again = rp_manifest_to_bytes (manifest);
      (void) rp_manifest_get_total_size (manifest);
      /* Format 2: every part of the catalogue is reachable and in range. */
      for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
        {
          const RpManifestChunk *c = rp_manifest_get_catalogue_part (manifest, i);

          if (i > 0 && (c->group >= rp_manifest_get_n_groups (manifest) || c->size > RP_MANIFEST_MAX_CHUNK_SIZE))
            __builtin_trap ();
        }
      (void) again;
    }
  return 0;
}
