/* rp-entry-row.h — how an entry looks in a list: title, then date · organ · number
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-types.h"

G_BEGIN_DECLS

/* (transfer full): a factory for GtkListView rows of RpEntry items. */
GtkListItemFactory *rp_entry_row_factory_new (void);
/* (transfer full): "2026-04-20 · 青溪区教育局 · 青教〔2026〕9号", skipping absent parts. */
char               *rp_entry_row_format_meta (RpEntry *entry);

G_END_DECLS
