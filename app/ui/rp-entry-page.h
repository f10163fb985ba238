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

G_END_DECLS
