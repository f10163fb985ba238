/* rp-entry-page.h — one entry: its catalogue fields, summary, body and attachments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ENTRY_PAGE (rp_entry_page_get_type ())
G_DECLARE_FINAL_TYPE (RpEntryPage, rp_entry_page, RP, ENTRY_PAGE, GtkWidget)

void rp_entry_page_show (RpEntryPage *self,
                         RpCatalogue *catalogue,
                         RpEntry     *entry);

/* Issue 6: the data directory whose preview cache the page fills. The
 * provenance (version, signing key, when it was received) is that of the
 * bundle the catalogue shown was opened from. */
/* Issue 13: where the resident had scrolled to, and back there when they
 * return (from a document, a related entry) and the page is shown again. */
double rp_entry_page_get_scroll_position     (RpEntryPage *self);
void   rp_entry_page_restore_scroll_position (RpEntryPage *self,
                                              double       position);

void rp_entry_page_set_data_dir (RpEntryPage *self,
                                 RpDataDir   *data_dir);

G_END_DECLS
