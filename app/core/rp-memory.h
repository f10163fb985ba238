/* rp-memory.h — how the kiosk's process gives memory back (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kiosk runs for days and draws pages of 10–30 MB each in worker
 * threads. glibc's malloc raises its mmap threshold to the largest block
 * freed (up to 32 MiB), after which every page surface is carved from an
 * arena and its pages stay resident when freed: resident memory grew by
 * hundreds of MiB while the heap in use grew by a fraction of that.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Fixes malloc's thresholds so that large blocks (page surfaces, textures)
 * are mapped on their own and unmapped when freed, arenas return free
 * memory at their top, and worker threads share a few arenas. Once, at
 * start-up, before threads start; later calls do nothing. */
void rp_memory_init    (void);
/* Returns free memory in every arena to the system (after the idle wipe,
 * when the caches have been trimmed to their idle size; after the search
 * worker built its tables). Any thread. */
void rp_memory_release (void);

G_END_DECLS
