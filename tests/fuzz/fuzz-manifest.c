/* fuzz-manifest.c — libFuzzer harness for the manifest parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
      /* Format 3: every part of the catalogue is reachable and within the
       * caps; the chunks' ranges are sorted, and the id starting each
       * range is found in it and in no other. */
      if (rp_manifest_get_n_catalogue_parts (manifest) > RP_MANIFEST_MAX_CHUNKS + 1)
        __builtin_trap ();
      for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
        {
          const RpManifestChunk *c = rp_manifest_get_catalogue_part (manifest, i);

          if (i == 0 || rp_manifest_get_format (manifest) == 1)
            continue;
          if (c->first == NULL || c->size > RP_MANIFEST_MAX_CHUNK_SIZE ||
              rp_manifest_find_chunk (manifest, c->first) != i || !rp_manifest_chunk_holds (manifest, i, c->first) ||
              (i > 1 && (strcmp (rp_manifest_get_catalogue_part (manifest, i - 1)->first, c->first) >= 0 ||
                         rp_manifest_chunk_holds (manifest, i - 1, c->first))))
            __builtin_trap ();
        }
      (void) again;
    }
  return 0;
}
