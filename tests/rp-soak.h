/* rp-soak.h — a resident who never leaves: random touches on the real
 * kiosk window, and the process's own figures (issue 19)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the short soak in the test suite (tests/test-ui-soak.c) and the
 * long one among the benchmarks (tests/bench/bench-soak.c). Actions go
 * through the widgets as a touch screen reaches them: a tap activates a
 * button or a list row, a scroll moves a scrollable's adjustment, a swipe
 * turns a document's page or goes back, typing touches the on-screen
 * keyboard's keys (rp_osk_type), and a visit ends in the idle wipe
 * (rp_visit_reset). The window may be replaced (a language switch, the
 * wipe back to the default language); every action looks for the one shown.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 rss_kib;     /* VmRSS */
  guint64 heap_kib;    /* malloc's bytes in use, mmapped chunks too (mallinfo2) */
  guint   threads;
  guint   fds;
} RpSoakSample;

/* The process's figures now (/proc/self, mallinfo2). */
void        rp_soak_sample        (RpSoakSample *out);

/* The process's threads by name and file descriptors by target, one
 * line each, for a failure to say what stayed behind (free it). */
char       *rp_soak_describe      (void);

typedef struct _RpSoak RpSoak;

/* A resident drawing its choices from @seed (the same seed, the same
 * choices on the same screens). */
RpSoak     *rp_soak_new           (guint32 seed);
void        rp_soak_free          (RpSoak  *self);
/* One action on the shown window, given time to take effect (the main
 * loop turns @settle_msec, then until nothing is pending); returns what
 * was done ("tap", "scroll", "swipe", "type", "search"). */
const char *rp_soak_step          (RpSoak  *self,
                                   guint    settle_msec);
/* Ends the visit as the idle timeout does, then waits until what the wipe
 * let go of has stopped (searches, document workers). */
void        rp_soak_wipe          (RpSoak  *self);
/* Opens a document, searches and scrolls once, so every kind of screen
 * has been built before a baseline is taken. */
void        rp_soak_warm_up       (RpSoak  *self);
/* Only actions of @kind ("tap", "scroll", "swipe", "type", "open"; NULL:
 * the mix), to find which one costs memory. */
void        rp_soak_set_only      (RpSoak     *self,
                                   const char *kind);
guint       rp_soak_get_n_actions (RpSoak  *self);
/* Kiosk windows not finalized yet, the shown one included (each window
 * there has been since the first action is counted once). */
guint       rp_soak_get_n_windows (RpSoak  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSoak, rp_soak_free)

G_END_DECLS
