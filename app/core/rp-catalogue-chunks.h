/* rp-catalogue-chunks.h — cutting published entries into chunks (issue 18)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The publisher's side of manifest format 2 (rp-manifest.h): entries'
 * published lines are spooled to a temporary file as they come, with a
 * small index (id, group hash, offset, length) in memory; once all are in,
 * each group's lines are read back sorted by id and handed over as one
 * chunk. Memory is the index plus one chunk, whatever the catalogue's size.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RpChunkWriter RpChunkWriter;

typedef gboolean (*RpChunkFunc) (guint    group,
                                 GBytes  *bytes,
                                 guint    n_entries,
                                 gpointer data,
                                 GError **error);

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
/* Chooses the groups (rp_catalogue_builder_choose_groups, at least
 * @min_groups), refuses a chunk over RP_MANIFEST_MAX_CHUNK_SIZE before
 * calling @func at all (naming its largest entry), then hands each
 * non-empty group's chunk to @func in group order. */
gboolean       rp_chunk_writer_finish (RpChunkWriter  *self,
                                       guint           min_groups,
                                       guint          *out_n_groups,
                                       RpChunkFunc     func,
                                       gpointer        data,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpChunkWriter, rp_chunk_writer_free)

G_END_DECLS
