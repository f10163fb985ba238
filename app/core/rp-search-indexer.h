/* rp-search-indexer.h — fills the search tables of a catalogue.db being built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "rp-render-child.h"
#include "rp-types.h"

G_BEGIN_DECLS

/* Creates the search tables (RP_SEARCH_SCHEMA_SQL) inside the caller's open
 * transaction and indexes every row of entries. With @store, the text of
 * every page of every PDF attachment goes into search_pages first: read from
 * the published page-text object that @page_texts (may be NULL) maps the
 * PDF's sha256 to, or else extracted with poppler. With NULL @store,
 * search_pages is indexed as it stands (the benchmark generator writes it
 * directly). */
gboolean rp_search_index_build (sqlite3       *db,
                                RpObjectStore *store,
                                GHashTable    *page_texts,
                                GError       **error);

/* An incremental install (issue 18), inside the caller's transaction on
 * a copy of the previous catalogue.db: removes the entries whose rowids
 * are in temp.gone (a table with one column, entry) from every table and
 * search index; then, once the new entries are written with rowids from
 * @first_entry on, indexes them (and their PDFs' pages, as
 * rp_search_index_build does). */
gboolean rp_search_index_delete_entries (sqlite3       *db,
                                         GError       **error);
gboolean rp_search_index_add_entries    (sqlite3       *db,
                                         RpObjectStore *store,
                                         GHashTable    *page_texts,
                                         gint64         first_entry,
                                         GError       **error);

/* The text of every page of the PDF at @pdf_path in the published form
 * (RP_MANIFEST_PAGES_TYPE in rp-manifest.h): each page's text, in order,
 * separated by form feeds. The publisher stores it beside the PDF so that
 * terminals index the exact text without parsing PDFs. Read by a render
 * helper under @limits; a PDF poppler cannot open has no text (empty
 * bytes), a page that fails none. @failure (nullable): set to why the
 * first failing page failed, left NULL when none did. */
GBytes  *rp_search_extract_page_texts (const char          *pdf_path,
                                       const RpChildLimits *limits,
                                       char               **failure);

/* Sets @error to “Cannot @what: <SQLite's message>” and returns FALSE; shared
 * by the catalogue builder and the indexer. */
gboolean rp_sql_fail           (sqlite3       *db,
                                const char    *what,
                                GError       **error);
/* The first column of @sql's first row as an integer; -1 when the
 * statement fails or returns no row. */
gint64   rp_sql_query_int      (sqlite3       *db,
                                const char    *sql);

G_END_DECLS
