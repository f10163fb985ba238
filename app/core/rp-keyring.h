/* rp-keyring.h — the public keys a terminal trusts, each for all channels or one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in demo key is added for the "demo" channel only, so a leak of
 * the (public, demo-only) demo secret key cannot put content on a real
 * channel. Not thread-safe while keys are being added; read-only use from
 * several threads is fine.
 */
#pragma once

#include <glib-object.h>

#include "rp-minisign.h"

G_BEGIN_DECLS

#define RP_TYPE_KEYRING (rp_keyring_get_type ())
G_DECLARE_FINAL_TYPE (RpKeyring, rp_keyring, RP, KEYRING, GObject)

RpKeyring           *rp_keyring_new            (void);
/* @channel: (nullable): NULL trusts @key for every channel. */
void                 rp_keyring_add            (RpKeyring                 *self,
                                                const RpMinisignKey       *key,
                                                const char                *channel);
gboolean             rp_keyring_add_text       (RpKeyring                 *self,
                                                const char                *text,
                                                const char                *channel,
                                                GError                   **error);
gboolean             rp_keyring_add_file       (RpKeyring                 *self,
                                                const char                *path,
                                                const char                *channel,
                                                GError                   **error);
guint                rp_keyring_get_n_keys     (RpKeyring                 *self);
/* Returns the key that signed @signature if it is trusted for @channel;
 * (transfer none) */
const RpMinisignKey *rp_keyring_lookup         (RpKeyring                 *self,
                                                const RpMinisignSignature *signature,
                                                const char                *channel,
                                                GError                   **error);

G_END_DECLS
