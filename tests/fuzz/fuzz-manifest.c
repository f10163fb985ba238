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
      (void) again;
    }
  return 0;
}
