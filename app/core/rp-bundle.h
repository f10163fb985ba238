/* rp-bundle.h — an installed bundle: bundles/<channel>-<version>/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bundle directory holds the manifest and its signature exactly as
 * received, the public key that verified them (trusted.pub, a record for
 * people: the kiosk user can write it, so nothing trusts it) and the
 * catalogue.db built from them. It never changes once in place.
 */
#pragma once

#include <gio/gio.h>

#include "rp-keyring.h"
#include "rp-manifest.h"
#include "rp-types.h"

G_BEGIN_DECLS

#define RP_BUNDLE_MANIFEST  "manifest.json"
#define RP_BUNDLE_SIGNATURE "manifest.json.minisig"
#define RP_BUNDLE_KEY       "trusted.pub"
#define RP_BUNDLE_DATABASE  "catalogue.db"

#define RP_TYPE_BUNDLE (rp_bundle_get_type ())
G_DECLARE_FINAL_TYPE (RpBundle, rp_bundle, RP, BUNDLE, GObject)

/* Reads the manifest and signature; does not check them (see verify). */
RpBundle   *rp_bundle_open         (const char    *path,
                                    GError       **error);
const char *rp_bundle_get_name     (RpBundle      *self);
RpManifest *rp_bundle_get_manifest (RpBundle      *self);
/* (transfer full): who signed the manifest, as minisign prints key ids. */
char       *rp_bundle_get_key_id   (RpBundle      *self);
/* Re-checks the signature against @keyring (the terminal's trusted keys,
 * see rp_keyring_new_for_terminal(); @demo_allowed as for
 * rp_keyring_lookup()), re-hashes every object of the manifest in @store
 * and checks catalogue.db's integrity. */
gboolean    rp_bundle_verify       (RpBundle      *self,
                                    RpKeyring     *keyring,
                                    gboolean       demo_allowed,
                                    RpObjectStore *store,
                                    guint         *out_n_objects,
                                    guint64       *out_n_bytes,
                                    GError       **error);
/* "<channel>-<version>" */
char       *rp_bundle_name_for     (const char    *channel,
                                    gint64         version);

G_END_DECLS
