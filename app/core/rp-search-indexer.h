/* rp-search-indexer.h — fills the search tables of a catalogue.db being built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "rp-types.h"

G_BEGIN_DECLS

/* Creates the search tables (RP_SEARCH_SCHEMA_SQL) inside the caller's open
 * transaction and indexes every row of entries. With @store, the text of
 * every page of every PDF attachment is extracted (poppler) into
 * search_pages first; with NULL, search_pages is indexed as it stands (the
 * benchmark generator writes it directly). */
gboolean rp_search_index_build (sqlite3       *db,
                                RpObjectStore *store,
                                GError       **error);

/* Sets @error to “Cannot @what: <SQLite's message>” and returns FALSE; shared
 * by the catalogue builder and the indexer. */
gboolean rp_sql_fail           (sqlite3       *db,
                                const char    *what,
                                GError       **error);

G_END_DECLS
