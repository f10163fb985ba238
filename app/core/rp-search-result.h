/* rp-search-result.h — one entry found by a search (immutable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the best match of an entry was: the order is the ranking tier. */
typedef enum
{
  RP_SEARCH_FIELD_TITLE,   /* title, keywords or document number */
  RP_SEARCH_FIELD_PINYIN,  /* pinyin of the title or keywords */
  RP_SEARCH_FIELD_SUMMARY, /* summary or issuing body */
  RP_SEARCH_FIELD_BODY,    /* the entry's own text */
  RP_SEARCH_FIELD_PDF,     /* a page of a PDF attachment */
} RpSearchField;

#define RP_TYPE_SEARCH_RESULT (rp_search_result_get_type ())
G_DECLARE_FINAL_TYPE (RpSearchResult, rp_search_result, RP, SEARCH_RESULT, GObject)

const char    *rp_search_result_get_id         (RpSearchResult *self);
const char    *rp_search_result_get_title      (RpSearchResult *self);
const char    *rp_search_result_get_date       (RpSearchResult *self);
const char    *rp_search_result_get_organ      (RpSearchResult *self);
const char    *rp_search_result_get_category   (RpSearchResult *self);
RpSearchField  rp_search_result_get_field      (RpSearchResult *self);
/* Higher is better; comparable within one result list only. */
double         rp_search_result_get_score      (RpSearchResult *self);
/* For RP_SEARCH_FIELD_PDF: the attachment's position in the entry and the
 * page (from 1); otherwise -1 and 0. */
int            rp_search_result_get_attachment (RpSearchResult *self);
guint          rp_search_result_get_page       (RpSearchResult *self);
/* (transfer full): the title / a piece of the matching text with each
 * match wrapped in @open and @close; with @escape_markup the text is
 * escaped for Pango markup first. */
char          *rp_search_result_format_title   (RpSearchResult *self,
                                                const char     *open,
                                                const char     *close,
                                                gboolean        escape_markup);
char          *rp_search_result_format_snippet (RpSearchResult *self,
                                                const char     *open,
                                                const char     *close,
                                                gboolean        escape_markup);

G_END_DECLS
