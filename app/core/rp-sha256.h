/* rp-sha256.h — SHA-256 of the bytes that pass through sync and verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every object a terminal installs is hashed once on its way in, so the
 * hash runs at the speed of the disk or network only if it uses the CPU's
 * SHA extensions: GnuTLS (nettle) does, GChecksum does not (about 9× slower
 * on the 2-core build machine, tests/bench/RESULTS.md "Sync").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RpSha256 RpSha256;

RpSha256 *rp_sha256_new      (void);
void      rp_sha256_update   (RpSha256   *self,
                              const void *data,
                              gsize       length);
/* The lower-case hex digest of what was added since the last reset; the
 * hash starts again from empty. */
char     *rp_sha256_finish   (RpSha256   *self);
void      rp_sha256_free     (RpSha256   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSha256, rp_sha256_free)

G_END_DECLS
