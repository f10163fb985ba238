/* rp-demo.h — the built-in demo origin (DESIGN.md, "The built-in demo")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo is published at build time into a signed origin; a terminal
 * with nothing installed syncs it from there like any other origin, with
 * the demo key trusted for the "demo" channel only.
 */
#pragma once

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_DEMO_CHANNEL "demo"

/* READINGPOINT_DEMO_ORIGIN, else the installed demo origin. */
const char *rp_demo_get_origin      (void);
/* READINGPOINT_DEMO_KEY, else the installed demo public key. */
const char *rp_demo_get_public_key  (void);
/* TRUE while @data_dir holds nothing but demo bundles (or nothing): the
 * only state in which the public demo key may sign anything. A terminal
 * reaches another channel only by installing it, and the demo key is
 * refused from then on, so no demo can come back after a real install. */
gboolean    rp_demo_only_installed  (RpDataDir *data_dir);
/* TRUE when @origin (as rp_sync_source_describe() gives it) is the
 * built-in demo origin. */
gboolean    rp_demo_is_origin       (const char *origin);
/* Installs the demo through the signed sync path when no bundle is
 * current; does nothing otherwise. Blocks (a local folder, a few MB). */
gboolean    rp_demo_install_if_empty (RpDataDir *data_dir,
                                      GError   **error);

G_END_DECLS
