/* rp-catalogue-chunks.h — cutting published entries into chunks (issue 18)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The publisher's side of manifest format 3 (rp-manifest.h): entries'
 * published lines are spooled to a temporary file as they come, with a
 * small index (id, offset, length) in memory; once all are in, the index
 * is sorted by id, cut into id ranges (the published version's, split or
 * merged where they outgrew or shrank) and each range's lines are read
 * back and handed over as one chunk. Memory is the index plus one chunk,
 * whatever the catalogue's size.
 */
#pragma once

#include <gio/gio.h>

#include "rp-manifest.h"

G_BEGIN_DECLS

typedef struct _RpChunkWriter RpChunkWriter;

/* @first: the lowest id of the chunk's range (rp_manifest_add_chunk). */
typedef gboolean (*RpChunkFunc) (const char *first,
                                 GBytes     *bytes,
                                 guint       n_entries,
                                 gpointer    data,
                                 GError    **error);

/* Spools in a temporary file in @tmp_dir (NULL: the default), removed
 * when the writer is freed. */
RpChunkWriter *rp_chunk_writer_new    (const char     *tmp_dir,
                                       GError        **error);
void           rp_chunk_writer_free   (RpChunkWriter  *self);
/* @line: the entry's published line, without its newline. */
gboolean       rp_chunk_writer_add    (RpChunkWriter  *self,
                                       const char     *id,
                                       const char     *line,
                                       GError        **error);
guint          rp_chunk_writer_get_n_entries (RpChunkWriter *self);
/* Cuts the entries, sorted by id (byte order), into chunks of contiguous
 * id ranges. The ranges are @previous's (the published version, format 3;
 * NULL or another format: none), so that a range whose entries did not
 * change gives the same bytes as before; ids below the first range join
 * the first chunk and ids past the last boundary the last one; a range
 * left empty goes (its ids fall to the range before). A chunk over twice
 * RP_MANIFEST_CHUNK_TARGET_SIZE (or half RP_MANIFEST_MAX_CHUNK_ENTRIES) is
 * split in pieces of about equal size within the target; neighbours of
 * which one is below a quarter of the target are merged when together
 * they are within 1¼ of it. Without ranges, the entries are cut into the fewest
 * pieces of about equal size within the target. Refuses more than
 * RP_MANIFEST_MAX_CHUNKS chunks or a chunk over RP_MANIFEST_MAX_CHUNK_SIZE
 * before calling @func at all (naming its largest entry), then hands each
 * chunk to @func in id order. */
gboolean       rp_chunk_writer_finish (RpChunkWriter  *self,
                                       RpManifest     *previous,
                                       RpChunkFunc     func,
                                       gpointer        data,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpChunkWriter, rp_chunk_writer_free)

G_END_DECLS
