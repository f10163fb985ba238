/* rp-memory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-memory.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/* A page thumbnail is ~40 KiB, a page drawn at 1920 px ~20 MiB: every
 * surface and texture is above this and is unmapped when freed. Setting
 * it turns glibc's dynamic threshold off. */
#define MMAP_THRESHOLD (256 * 1024)
/* Free memory at an arena's top beyond this goes back at once. */
#define TRIM_THRESHOLD (1024 * 1024)
/* The main thread, the render, search and preview workers: each new thread
 * would otherwise get an arena of its own (up to 8 per core), each
 * keeping its freed blocks. */
#define ARENA_MAX 4

void
rp_memory_init (void)
{
#ifdef __GLIBC__
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  mallopt (M_MMAP_THRESHOLD, MMAP_THRESHOLD);
  mallopt (M_TRIM_THRESHOLD, TRIM_THRESHOLD);
  mallopt (M_ARENA_MAX, ARENA_MAX);
#endif
}

void
rp_memory_release (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
