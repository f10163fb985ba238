/* rp-keyring.h — the public keys a terminal trusts, each for all channels or one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in demo key's secret half is public (it is in the source tree),
 * so anyone can sign with it. It is therefore trusted for the "demo" channel
 * only, joins a terminal's keyring only while no real channel or origin is
 * configured (rp_keyring_new_for_terminal), and even then signs nothing
 * unless the caller of rp_keyring_lookup() says the terminal has never held
 * anything but the demo. Not thread-safe while keys are being added;
 * read-only use from several threads is fine.
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
/* Adds the built-in demo key (@path), trusted for the demo channel and
 * only when a lookup allows the demo. */
gboolean             rp_keyring_add_demo_file  (RpKeyring                 *self,
                                                const char                *path,
                                                GError                   **error);
guint                rp_keyring_get_n_keys     (RpKeyring                 *self);
/* Returns the key that signed @signature if it is trusted for @channel;
 * the demo key counts only when @demo_allowed (the terminal has never
 * installed anything but the demo, see rp_demo_only_installed()).
 * (transfer none) */
const RpMinisignKey *rp_keyring_lookup         (RpKeyring                 *self,
                                                const RpMinisignSignature *signature,
                                                const char                *channel,
                                                gboolean                   demo_allowed,
                                                GError                   **error);

/* A terminal's configuration of trust, as GSettings or a command line give
 * it. Strings may be NULL. */
typedef struct
{
  const char * const *trusted_keys;        /* "trusted-keys": trusted for every channel */
  const char         *configured_channel;  /* "channel" */
  const char         *configured_origin;   /* "origin-url"; NULL or "" when none */
  const char         *extra_key_file;      /* a key file trusted for @extra_key_channel only */
  const char         *extra_key_channel;
} RpTrustSettings;

/* The terminal's trust policy, in one place for the command line, the admin
 * panel and verification: the configured keys for every channel, the extra
 * key for its channel, and the built-in demo key (see above) only while the
 * configured channel is the demo's and no origin is configured. The demo
 * key given as a configured or extra key is ignored: it gains no trust
 * that way.
 * (transfer full) */
RpKeyring           *rp_keyring_new_for_terminal (const RpTrustSettings   *settings,
                                                  GError                 **error);

G_END_DECLS
