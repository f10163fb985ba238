/* rp-catalogue-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-catalogue.h"

G_BEGIN_DECLS

/* (transfer full) (nullable): for RpEntryList, which holds row ids. */
RpEntry *rp_catalogue_get_entry_by_rowid (RpCatalogue *self,
                                          gint64       rowid);

G_END_DECLS
