/* rp-entry-list.h — a GListModel of RpEntry loaded lazily from the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ENTRY_LIST (rp_entry_list_get_type ())
G_DECLARE_FINAL_TYPE (RpEntryList, rp_entry_list, RP, ENTRY_LIST, GObject)

/* Takes @rowids; rows are turned into RpEntry objects only when a view asks. */
RpEntryList *rp_entry_list_new (RpCatalogue *catalogue,
                                GArray      *rowids);

G_END_DECLS
