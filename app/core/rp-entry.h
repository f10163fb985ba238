/* rp-entry.h — one catalogue entry (immutable; built by RpCatalogue)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ENTRY (rp_entry_get_type ())
G_DECLARE_FINAL_TYPE (RpEntry, rp_entry, RP, ENTRY, GObject)

const char         *rp_entry_get_id          (RpEntry *self);
const char         *rp_entry_get_title       (RpEntry *self);
const char         *rp_entry_get_organ       (RpEntry *self);
const char         *rp_entry_get_doc_number  (RpEntry *self);
/* ISO date (YYYY-MM-DD) or NULL. */
const char         *rp_entry_get_date        (RpEntry *self);
const char         *rp_entry_get_category    (RpEntry *self);
const char         *rp_entry_get_genre       (RpEntry *self);
const char * const *rp_entry_get_keywords    (RpEntry *self);
const char         *rp_entry_get_summary     (RpEntry *self);
const char         *rp_entry_get_body        (RpEntry *self);
const char         *rp_entry_get_url         (RpEntry *self);
const char         *rp_entry_get_validity    (RpEntry *self);
const char * const *rp_entry_get_related     (RpEntry *self);
/* (transfer none): a list of RpAttachment. */
GListModel         *rp_entry_get_attachments (RpEntry *self);

G_END_DECLS
