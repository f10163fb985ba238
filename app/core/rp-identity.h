/* rp-identity.h — the terminal's own key pair (DESIGN.md, "Terminal
 * identity and reports; the fleet")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An Ed25519 key pair in minisign format, made on first use in the data
 * directory: identity.key (secret, mode 0600, owned by whoever runs the
 * kiosk service: the only writer of the data directory) and identity.pub.
 * The office enrols the public key (`readingpoint-fleet enrol`); every usage
 * report the terminal uploads is signed with the secret one, so nobody else
 * with PUT access to the origin can report in the terminal's name.
 */
#pragma once

#include <glib.h>

#include "rp-minisign.h"

G_BEGIN_DECLS

/* Loads the key pair in @data_dir, creating it (atomically, 0600) if there
 * is none. (transfer full) */
RpMinisignSecretKey *rp_identity_load_or_create  (const char          *data_dir,
                                                  GError             **error);
/* (transfer full): the base64 line of @key's public key file, the form
 * `readingpoint-fleet enrol` accepts. */
char                *rp_identity_public_key_line (const RpMinisignKey *key);

G_END_DECLS
