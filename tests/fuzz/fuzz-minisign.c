/* fuzz-minisign.c — libFuzzer harness for minisign signature and key parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the parser; signatures that parse are verified
 * against a fixed key over the rest of the input, exercising every path.
 */
#include "config.h"

#include "rp-minisign.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static RpMinisignKey *key;

  if (key == NULL)
    {
      g_autoptr(RpMinisignSecretKey) sk = rp_minisign_secret_key_generate ();
      key = rp_minisign_secret_key_get_public (sk);
    }
  if (size < 1)
    return 0;
  if (data[0] & 1)
    {
      g_autoptr(RpMinisignSignature) sig = rp_minisign_signature_parse ((const char *) data + 1, size - 1, NULL);
      if (sig != NULL)
        {
          g_autofree char *field = rp_minisign_signature_get_field (sig, "version");
          (void) rp_minisign_verify (key, sig, data, size, NULL);
        }
    }
  else
    {
      g_autoptr(RpMinisignKey) k = rp_minisign_key_parse ((const char *) data + 1, size - 1, NULL);
      if (k != NULL)
        g_free (rp_minisign_key_to_text (k));
    }
  return 0;
}
