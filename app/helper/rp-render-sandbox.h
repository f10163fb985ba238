/* rp-render-sandbox.h — the limits readingpoint-render-helper runs under
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Before anything reads a document: no core dumps, death with the parent,
 * RLIMIT_AS of @memory_limit_bytes (0: none; never under AddressSanitizer,
 * see rp_child_can_limit_memory), and fontconfig loaded with its caches so
 * that nothing needs to write them once the filter is in. */
gboolean rp_render_sandbox_prepare (guint64   memory_limit_bytes,
                                    GError  **error);

/* Installs the seccomp filter described in rp-render-sandbox.c: from then
 * on a forbidden system call kills the whole process (SIGSYS). */
gboolean rp_render_sandbox_apply   (GError  **error);

G_END_DECLS
