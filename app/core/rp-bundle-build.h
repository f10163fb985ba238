/* rp-bundle-build.h — making a bundle directory from a verified manifest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine stages a new bundle with rp_bundle_build(); an installed
 * bundle whose catalogue.db an older program wrote (another schema
 * version) is rebuilt in place by rp_bundle_rebuild_stale_catalogue(), from
 * the same signed manifest and objects, so an upgrade of the app never
 * leaves a terminal without a catalogue until the next version is
 * published.
 */
#pragma once

#include <gio/gio.h>

#include "rp-manifest.h"
#include "rp-types.h"

G_BEGIN_DECLS

/* Writes @manifest_bytes, @signature_bytes and @key_text (the trusted
 * public key, a record) into the new directory @staging and builds its
 * catalogue.db from the objects of @manifest in @store; flushed. With
 * @previous_dir (nullable), the installed bundle, and both manifests of
 * format 3 with the same header, catalogue.db is that bundle's, cloned,
 * with only the changed chunks' entries applied (issue 18); else,
 * or when that fails, it is built in full. @out_how (nullable) says which,
 * for the audit log. */
gboolean rp_bundle_build                   (RpObjectStore  *store,
                                            RpManifest     *manifest,
                                            GBytes         *manifest_bytes,
                                            GBytes         *signature_bytes,
                                            const char     *key_text,
                                            const char     *staging,
                                            const char     *previous_dir,
                                            char          **out_how,
                                            GError        **error);

/* When the current bundle's catalogue.db is of another schema version than
 * this program reads, builds a new one from the bundle's manifest and
 * swaps it in by rename (readers that have the old file open keep it).
 * @out_rebuilt says whether it did. Call with the data directory locked. */
gboolean rp_bundle_rebuild_stale_catalogue (RpDataDir      *data_dir,
                                            gboolean       *out_rebuilt,
                                            GError        **error);

G_END_DECLS
