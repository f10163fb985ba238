/* rp-usage.h — anonymized usage counters (DESIGN.md, "Usage counters")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is kept is, by construction, only daily aggregate counts:
 * (day, kind, subject, count). No visit or device identifiers, no time finer
 * than a day (the hour-of-day histogram is its own counter, unlinked from
 * anything else), no order of events (rows are keyed, not appended), no
 * raw typed text:
 *
 *  - search text is folded as the search engine folds it;
 *  - text that looks like personal data (phone and ID-card numbers, long
 *    digit runs however spelled, e-mail addresses) is dropped before it is
 *    counted, even in memory;
 *  - a search counts only when committed, at most once per term per visit;
 *  - a term's text is written only once k distinct visits have committed
 *    it on one day. Until then it is counted in this object's memory only,
 *    and on disk only as part of the day's "other" searches: no hash, no
 *    key, nothing that could be reversed. One resident retyping a name, or
 *    a phone number, never publishes it.
 *
 * Not thread-safe: one RpUsage per thread. The kiosk keeps one for its
 * whole run (the in-memory counts live in it).
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_USAGE (rp_usage_get_type ())
G_DECLARE_FINAL_TYPE (RpUsage, rp_usage, RP, USAGE, GObject)

typedef enum
{
  RP_USAGE_VISIT,        /* subject: duration bucket, rp_usage_duration_bucket() */
  RP_USAGE_HOUR,         /* subject: hour of day, "00".."23" */
  RP_USAGE_CATEGORY,     /* subject: category id */
  RP_USAGE_ENTRY,        /* subject: entry id */
  RP_USAGE_DOCUMENT,     /* subject: entry id/attachment index */
  RP_USAGE_PAGES_READ,   /* subject: pages bucket, rp_usage_pages_bucket() */
  RP_USAGE_SEARCH,       /* subject: the search text (see above) */
  RP_USAGE_SEARCH_EMPTY, /* subject: the search text of a search with no result */
  RP_USAGE_LANGUAGE,     /* subject: "zh_CN", "en" … */
  RP_USAGE_TEXT_SIZE,    /* subject: "100", "125", "150" */
  RP_USAGE_QR,           /* subject: entry id */
  RP_USAGE_DOCUMENT_FAILED, /* subject: entry id/attachment index of a file that could not be shown */
  RP_USAGE_N_KINDS
} RpUsageKind;

#define RP_USAGE_DEFAULT_K 5
/* The subject of a day's searches whose term never reached k visits. */
#define RP_USAGE_OTHER_SUBJECT ""

typedef enum
{
  RP_USAGE_FORMAT_JSON,
  RP_USAGE_FORMAT_CSV,
} RpUsageFormat;

RpUsage    *rp_usage_open             (const char    *path,
                                       GError       **error);
/* Counts one event today (local time; @when for tests, NULL = now).
 * Returns FALSE only on a database error; text that must not be kept is
 * silently not counted. */
gboolean    rp_usage_count            (RpUsage       *self,
                                       RpUsageKind    kind,
                                       const char    *subject,
                                       GDateTime     *when,
                                       GError       **error);
/* Counts the opening of a category, entry, document or QR code by its
 * catalogue id. Index numbers (QX-2026-00005) are digit runs that the
 * personal-data filter of rp_usage_count() would drop; @id must therefore
 * come from the installed catalogue (public, published by the district),
 * never from typed text. */
gboolean    rp_usage_count_catalogue_id (RpUsage     *self,
                                       RpUsageKind    kind,
                                       const char    *id,
                                       GDateTime     *when,
                                       GError       **error);
/* Counts a committed search in the current visit (one begins if none is
 * open): RP_USAGE_SEARCH, and RP_USAGE_SEARCH_EMPTY when there were no
 * results. A term the visit already counted is not counted again; its text
 * is written only at its k-th distinct visit of the day (@when's day). */
gboolean    rp_usage_count_search     (RpUsage       *self,
                                       const char    *text,
                                       guint          n_results,
                                       GDateTime     *when,
                                       GError       **error);

/* A visit runs from the first touch to the idle wipe (DESIGN.md). Nothing
 * about it is written; only memory knows which terms it counted. Ending it
 * counts the search text it left settled in the box. */
void        rp_usage_begin_visit      (RpUsage       *self);
gboolean    rp_usage_end_visit        (RpUsage       *self,
                                       GError       **error);
/* What the resident does with the search box; RpUsage decides what counts:
 *  - edited: the box now holds @text (every keystroke). A settled text
 *    that is then deleted or replaced is counted; one that the resident
 *    goes on typing after (the new text starts with it) was a prefix, and
 *    is dropped;
 *  - settled: @text has stayed unchanged for the commit delay (the caller
 *    keeps the timer), showing @n_results results;
 *  - opened: a result of the box's text was opened: counted now. */
gboolean    rp_usage_search_edited    (RpUsage       *self,
                                       const char    *text,
                                       GError       **error);
void        rp_usage_search_settled   (RpUsage       *self,
                                       const char    *text,
                                       guint          n_results);
gboolean    rp_usage_search_opened    (RpUsage       *self,
                                       GError       **error);
void        rp_usage_set_k            (RpUsage       *self,
                                       guint          k);
/* Exports the closed days [@first, @last] (dates as YYYY-MM-DD; @last must
 * be before today). Search terms counted fewer than k times in the period,
 * and the searches never written under their text, are folded into one
 * "other" row per kind. The payload names @site_id and
 * the period, nothing else about the terminal. */
char       *rp_usage_export           (RpUsage       *self,
                                       const char    *first,
                                       const char    *last,
                                       const char    *site_id,
                                       RpUsageFormat  format,
                                       GError       **error);
/* Deletes counters older than @retention_days before @today (NULL = now). */
gboolean    rp_usage_purge            (RpUsage       *self,
                                       guint          retention_days,
                                       GDateTime     *today,
                                       GError       **error);

typedef struct
{
  char   *subject;  /* a day when totalled by day */
  gint64  count;
} RpUsageTotal;

void        rp_usage_total_free       (RpUsageTotal  *total);
/* (transfer full) (element-type RpUsageTotal): totals of @kind over
 * [@first, @last], per subject (largest first, at most @limit; 0 = all)
 * or, with @by_day, per day (in order). Search terms appear under their
 * text only when counted k times or more in the period; rarer ones are
 * left out, as in an export. For the admin panel's charts. */
GPtrArray  *rp_usage_totals           (RpUsage       *self,
                                       RpUsageKind    kind,
                                       const char    *first,
                                       const char    *last,
                                       gboolean       by_day,
                                       guint          limit,
                                       GError       **error);

const char *rp_usage_kind_to_string   (RpUsageKind    kind);
const char *rp_usage_duration_bucket  (guint          seconds);
/* (transfer full): the local day @days_ago days before today, as
 * YYYY-MM-DD: the days usage.db counts in. */
char       *rp_usage_local_day        (int            days_ago);
const char *rp_usage_pages_bucket     (guint          pages);
/* Phone, ID-card and bank-card numbers: runs of 6 or more digits, written
 * in ASCII, full-width or CJK numerals (一三八, 〇, 壹贰), separated or not
 * by spaces, commas, dots, dashes and their full-width and ideographic
 * forms; e-mail addresses (＠, 。, "at … dot"). rp-usage-personal.c. */
gboolean    rp_usage_looks_personal   (const char    *text);

G_END_DECLS
