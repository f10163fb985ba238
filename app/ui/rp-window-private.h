/* rp-window-private.h — the window's parts, for the application that
 * assembles it (and the tests that look inside)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RpApplication creates the parts and hands them in; the window keeps a
 * reference to each and wires it to its pages. Pages never reach the
 * window: they activate its actions, which resolve up the widget tree:
 *
 *   nav.back, nav.home                    going back, going home
 *   nav.category s, nav.entry s           opening a category or an entry
 *   nav.attachment (su)                   an entry's attachment
 *   nav.attachment-page (suu)             …at a page (a search hit)
 *   usage.count (us)                      counts (RpUsageKind, subject)
 *   usage.count-id (us)                   counts (RpUsageKind, catalogue id)
 *
 * Both usage.* actions do nothing while the window has no usage recorder.
 */
#pragma once

#include "rp-admin-entrance.h"
#include "rp-update-notice.h"
#include "rp-usage-recorder.h"
#include "rp-visit.h"
#include "rp-window.h"

G_BEGIN_DECLS

/* Attaches @visit (rp_visit_attach) and wipes the window's part of it on
 * the visit's "reset". */
void             rp_window_set_visit            (RpWindow        *self,
                                                 RpVisit         *visit);
/* (transfer none) (nullable) */
RpVisit         *rp_window_get_visit            (RpWindow        *self);
/* Counts openings, searches and pages read; a window rebuilt mid-visit is
 * handed the same recorder, so one resident counts as one visit. */
void             rp_window_set_usage_recorder   (RpWindow        *self,
                                                 RpUsageRecorder *recorder);
/* (transfer none) (nullable) */
RpUsageRecorder *rp_window_get_usage_recorder   (RpWindow        *self);
/* Gives @entrance the window's stack (for the PIN pad and the panel) and
 * title (the hidden hold). */
void             rp_window_set_admin_entrance   (RpWindow        *self,
                                                 RpAdminEntrance *entrance);
/* (transfer none) (nullable) */
RpAdminEntrance *rp_window_get_admin_entrance   (RpWindow        *self);

/* Issue 16: the most entries the What's new list shows. */
#define RP_WINDOW_MAX_CHANGES_LISTED 200

/* A sync installed a newer bundle: on the desktop, the notice says how
 * many entries are new or changed against the catalogue shown; the
 * catalogue itself changes at the next return home (in a kiosk, at the
 * wipe). */
void             rp_window_note_new_bundle      (RpWindow        *self);
/* The answer to "Check for new documents" when nothing was installed
 * (desktop only). */
void             rp_window_note_check_result    (RpWindow        *self,
                                                 const char      *text);
/* (transfer none) */
RpUpdateNotice  *rp_window_get_update_notice    (RpWindow        *self);

G_END_DECLS
