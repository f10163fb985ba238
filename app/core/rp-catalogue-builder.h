/* rp-catalogue-builder.h — validate a bundle source catalogue.json and build catalogue.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-catalogue-chunks.h"
#include "rp-manifest.h"
#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_CATALOGUE_BUILDER (rp_catalogue_builder_get_type ())
G_DECLARE_FINAL_TYPE (RpCatalogueBuilder, rp_catalogue_builder, RP, CATALOGUE_BUILDER, GObject)

/* Resolves a file named by an entry (a path relative to the bundle source) to
 * its content: the sha256 under which the object store holds it and its size.
 * The builder then reads the stored object to learn its type. */
typedef gboolean (*RpFileResolver) (const char *relative_path,
                                    char      **out_sha256,
                                    guint64    *out_size,
                                    gpointer    user_data,
                                    GError    **error);

/* Checks that a file named by an entry can be used, without storing it. */
typedef gboolean (*RpFileCheck) (const char *relative_path,
                                 gpointer    user_data,
                                 GError    **error);

RpCatalogueBuilder *rp_catalogue_builder_new            (void);
/* Parses and validates; on failure the builder holds nothing and the error
 * names the entry (by id and position) and the field. */
gboolean            rp_catalogue_builder_load_bytes     (RpCatalogueBuilder *self,
                                                         GBytes             *json,
                                                         GError            **error);
gboolean            rp_catalogue_builder_load_file      (RpCatalogueBuilder *self,
                                                         const char         *path,
                                                         GError            **error);
/* Loads the catalogue a verified manifest names from @store: format 1 its
 * catalogue.json, format 3 its header and chunks (each entry checked to be
 * in its chunk's id range, the chunk's lines sorted by id, each chunk to
 * hold the entries the manifest says). Entries of a chunked catalogue are
 * ordered newest first, then by id. */
gboolean            rp_catalogue_builder_load_manifest  (RpCatalogueBuilder *self,
                                                         RpManifest         *manifest,
                                                         RpObjectStore      *store,
                                                         GError            **error);
/* What changed from @old to @manifest (both format 3): the chunks of
 * @manifest that @old did not have are read, and their lines compared with
 * those of the chunks of @old that @manifest no longer has (an entry moved
 * by a range split or merge keeps its line). Loads the entries whose
 * published line is new (or whose id is in @forced: a file they name
 * changed, read from the chunk whose range holds it) and adds to @gone
 * (strings) the id of every entry to take out of the previous catalogue
 * (changed, deleted, forced). Lines that did not change are compared, not
 * loaded; every line of a chunk read is checked to be in its range.
 * Related entries are not checked. @out_n_chunks: how many chunks were
 * read. */
gboolean            rp_catalogue_builder_load_changes   (RpCatalogueBuilder *self,
                                                         RpManifest         *old,
                                                         RpManifest         *manifest,
                                                         RpObjectStore      *store,
                                                         GHashTable         *forced,
                                                         GPtrArray          *gone,
                                                         guint              *out_n_chunks,
                                                         GError            **error);
/* An incremental install (issue 18): @db_path is a copy of the previous
 * version's catalogue.db; the entries of the ids in @gone go from it, and
 * the loaded entries (rp_catalogue_builder_load_changes) come in, with
 * their rows, attachments and search index. Then related entries and the
 * count of entries (@n_entries, the manifest's) are checked; flushed.
 * @out_n_deleted: how many rows of entries went. */
gboolean            rp_catalogue_builder_update         (RpCatalogueBuilder *self,
                                                         const char         *db_path,
                                                         GPtrArray          *gone,
                                                         guint               n_entries,
                                                         guint              *out_n_deleted,
                                                         RpObjectStore      *store,
                                                         RpFileResolver      resolver,
                                                         gpointer            resolver_data,
                                                         GError            **error);
/* The published header (channel, title, categories as JSON). */
GBytes             *rp_catalogue_builder_dup_header     (RpCatalogueBuilder *self);
/* Each loaded entry's id and published line (rp-catalogue-chunks.h), in
 * catalogue order. */
typedef gboolean (*RpEntryLineFunc) (const char *id,
                                     const char *line,
                                     gpointer    data,
                                     GError    **error);
gboolean            rp_catalogue_builder_foreach_line   (RpCatalogueBuilder *self,
                                                         RpEntryLineFunc     func,
                                                         gpointer            data,
                                                         GError            **error);
/* A source in JSON Lines (docs/architecture.md): @header_path is
 * catalogue.json without "entries" (channel, title, categories),
 * @jsonl_path one entry per line. Streams: each entry is validated, handed
 * to @func with its published line, and kept only as what the checks of
 * the whole need (id, category, files, related), so memory grows by a few
 * hundred bytes an entry, not by its text. Errors name the line. */
gboolean            rp_catalogue_builder_load_jsonl     (RpCatalogueBuilder *self,
                                                         const char         *header_path,
                                                         const char         *jsonl_path,
                                                         RpEntryLineFunc     func,
                                                         gpointer            data,
                                                         GError            **error);
const char         *rp_catalogue_builder_get_channel    (RpCatalogueBuilder *self);
const char         *rp_catalogue_builder_get_title      (RpCatalogueBuilder *self);
guint               rp_catalogue_builder_get_n_entries  (RpCatalogueBuilder *self);
/* Calls @check once for every distinct file path the entries name; the
 * error of the first failure names its entry and field. */
gboolean            rp_catalogue_builder_check_files    (RpCatalogueBuilder *self,
                                                         RpFileCheck         check,
                                                         gpointer            check_data,
                                                         GError            **error);
/* Path → reason of the files the manifest marks broken (rp_manifest_get_broken):
 * written with their attachments, never indexed or drawn. */
void                rp_catalogue_builder_set_broken     (RpCatalogueBuilder *self,
                                                         GHashTable         *broken);
/* PDF sha256 → sha256 of its published page texts (rp_manifest_get_page_texts):
 * the catalogue build reads those instead of parsing the PDFs. */
void                rp_catalogue_builder_set_page_texts (RpCatalogueBuilder *self,
                                                         GHashTable         *page_texts);
/* Writes @db_path atomically (temporary file, fsync, rename): either the whole
 * new database appears or nothing does. */
gboolean            rp_catalogue_builder_write          (RpCatalogueBuilder *self,
                                                         const char         *db_path,
                                                         RpObjectStore      *store,
                                                         RpFileResolver      resolver,
                                                         gpointer            resolver_data,
                                                         GError            **error);

/* Builds @db_path from a bundle source directory (catalogue.json + files/),
 * importing every referenced file into @store. */
gboolean            rp_catalogue_import_source          (const char         *source_dir,
                                                         RpObjectStore      *store,
                                                         const char         *db_path,
                                                         char              **out_channel,
                                                         GError            **error);

G_END_DECLS
