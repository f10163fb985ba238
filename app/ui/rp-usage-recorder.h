/* rp-usage-recorder.h — what the interface counts in usage.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counters only (DESIGN.md, "Usage counters"): each event increments a
 * daily (kind, subject) counter; nothing records which events belonged to
 * one visit or in which order they came. A visit's start is kept in memory
 * only, to count its hour of day once and its duration bucket at its end.
 * Searches count only when committed (RpUsage decides, from what this
 * reports: each edit of the box, its text left unchanged for
 * commit-delay ms, a result opened, the visit's end).
 * A recorder that cannot open usage.db counts nothing and never fails the
 * interface.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"
#include "rp-home-page.h"

G_BEGIN_DECLS

#define RP_TYPE_USAGE_RECORDER (rp_usage_recorder_get_type ())
G_DECLARE_FINAL_TYPE (RpUsageRecorder, rp_usage_recorder, RP, USAGE_RECORDER, GObject)

/* ms the search text must stay unchanged to count: "a few seconds". */
#define RP_USAGE_RECORDER_COMMIT_DELAY 3000

/* Opens @data_dir/usage.db; k from the `usage-k` setting when present. */
RpUsageRecorder *rp_usage_recorder_new         (const char      *data_dir,
                                                guint            k);
/* Counts one event; the first event of a visit starts it (hour of day). */
void             rp_usage_recorder_count       (RpUsageRecorder *self,
                                                RpUsageKind      kind,
                                                const char      *subject);
/* A category, entry, document ("id/attachment") or QR code by its
 * catalogue id (see rp_usage_count_catalogue_id). */
void             rp_usage_recorder_count_catalogue_id (RpUsageRecorder *self,
                                                RpUsageKind      kind,
                                                const char      *id);
/* The text of @home's search box changed (each keystroke). */
void             rp_usage_recorder_search_changed (RpUsageRecorder *self,
                                                RpHomePage      *home);
/* A result of the box's text was opened. */
void             rp_usage_recorder_search_opened (RpUsageRecorder *self);
/* The "commit-delay" property, in ms (tests shorten it). */
void             rp_usage_recorder_set_commit_delay (RpUsageRecorder *self,
                                                guint            msec);
guint            rp_usage_recorder_get_commit_delay (RpUsageRecorder *self);
/* TRUE while the box's last text waits out the commit delay. */
gboolean         rp_usage_recorder_is_settling (RpUsageRecorder *self);
/* The box's text is final now (the resident asked to search), without
 * waiting out the rest of the delay. Nothing when none is pending. */
void             rp_usage_recorder_settle      (RpUsageRecorder *self);
/* The reader is on @page (from 0) of the document last counted as
 * RP_USAGE_DOCUMENT: its distinct pages are counted, as one pages-read
 * bucket, when the next document is opened or the visit ends. */
void             rp_usage_recorder_note_page   (RpUsageRecorder *self,
                                                guint            page);
void             rp_usage_recorder_end_document (RpUsageRecorder *self);
/* Ends the visit: its duration bucket, and the open document's pages. */
void             rp_usage_recorder_end_visit   (RpUsageRecorder *self);
gboolean         rp_usage_recorder_in_visit    (RpUsageRecorder *self);

/* An opened category, entry or document (@index: the attachment, for
 * documents), or a document that could not be shown
 * (RP_USAGE_DOCUMENT_FAILED). An opening commits the search that led to
 * it. */
void             rp_usage_recorder_count_opening (RpUsageRecorder *self,
                                                RpUsageKind      kind,
                                                const char      *id,
                                                guint            index);

G_END_DECLS
