/* rp-sha256.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/crypto.h>

#include "rp-sha256.h"

struct _RpSha256
{
  gnutls_hash_hd_t handle;
};

RpSha256 *
rp_sha256_new (void)
{
  RpSha256 *self = g_new0 (RpSha256, 1);
  int rc = gnutls_hash_init (&self->handle, GNUTLS_DIG_SHA256);

  /* Only a library built without SHA-256 fails here. */
  if (rc < 0)
    g_error ("Cannot start a SHA-256 hash: %s", gnutls_strerror (rc));
  return self;
}

void
rp_sha256_update (RpSha256   *self,
                  const void *data,
                  gsize       length)
{
  g_return_if_fail (self != NULL);

  if (length > 0)
    gnutls_hash (self->handle, data, length);
}

char *
rp_sha256_finish (RpSha256 *self)
{
  guchar digest[32];
  char *hex = g_malloc (2 * sizeof digest + 1);

  g_return_val_if_fail (self != NULL, NULL);

  /* Writes the digest and resets the state for the next hash. */
  gnutls_hash_output (self->handle, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
      hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 0xf];
    }
  hex[2 * sizeof digest] = '\0';
  return hex;
}

void
rp_sha256_free (RpSha256 *self)
{
  if (self == NULL)
    return;
  gnutls_hash_deinit (self->handle, NULL);
  g_free (self);
}
