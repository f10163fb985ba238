/* rp-catalogue.h — read-only access to an installed catalogue.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not thread-safe: use one RpCatalogue per thread (they are cheap; the
 * database is opened immutable and never changes under a reader).
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_CATALOGUE (rp_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (RpCatalogue, rp_catalogue, RP, CATALOGUE, GObject)

RpCatalogue *rp_catalogue_open            (const char    *db_path,
                                           RpObjectStore *store,
                                           GError       **error);
const char  *rp_catalogue_get_title       (RpCatalogue   *self);
const char  *rp_catalogue_get_channel     (RpCatalogue   *self);
/* The catalogue.db file (for RpSearch, which opens its own connection). */
const char  *rp_catalogue_get_path        (RpCatalogue   *self);
guint        rp_catalogue_get_n_entries   (RpCatalogue   *self);
/* (transfer full): RpCategory children of @parent (NULL: the top level), in
 * the publisher's order, each with the count of its whole subtree. */
GListModel  *rp_catalogue_list_categories (RpCatalogue   *self,
                                           const char    *parent);
/* (transfer full) (nullable) */
RpCategory  *rp_catalogue_get_category    (RpCatalogue   *self,
                                           const char    *id);
/* (transfer full): RpEntry items of @category and its descendants (NULL:
 * every entry), newest first; entries are loaded only when asked for. */
GListModel  *rp_catalogue_list_entries    (RpCatalogue   *self,
                                           const char    *category);
/* (transfer full): the first @n items of rp_catalogue_list_entries, read
 * without listing the rest (a home page showing the newest five of 200,000
 * entries would otherwise sort them all). */
GListModel  *rp_catalogue_list_newest_entries (RpCatalogue *self,
                                               const char  *category,
                                               guint        n);
/* (transfer full) */
RpEntry     *rp_catalogue_get_entry       (RpCatalogue   *self,
                                           const char    *id,
                                           GError       **error);
/* (transfer full) (nullable): the text of page @page (from 0) of entry
 * @id's attachment @attachment (from 0), as extracted when the catalogue
 * was built; NULL for no such page or no text (images, scans). */
char        *rp_catalogue_dup_page_text   (RpCatalogue   *self,
                                           const char    *id,
                                           guint          attachment,
                                           guint          page);
/* What's new: the entries of @self that @since (nullable: none) lacks or
 * holds otherwise (any field a reader sees, or any attachment's content),
 * newest first, at most @max of them; how many there are in all in
 * @out_n_changed. Entries @since has and @self lacks are not listed.
 * (transfer full) */
GListModel  *rp_catalogue_list_changes    (RpCatalogue   *self,
                                           RpCatalogue   *since,
                                           guint          max,
                                           guint         *out_n_changed,
                                           GError       **error);
/* The same in a worker thread, on connections of its own (a catalogue of
 * 200,000 entries takes seconds): for the window. */
void         rp_catalogue_list_changes_async  (RpCatalogue        *self,
                                               RpCatalogue        *since,
                                               guint               max,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
/* (transfer full) */
GListModel  *rp_catalogue_list_changes_finish (RpCatalogue        *self,
                                               GAsyncResult       *result,
                                               guint              *out_n_changed,
                                               GError            **error);

G_END_DECLS
