/* rp-manifest.h — a bundle manifest (DESIGN.md, "Origin")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsing enforces the format rules and the caps; whether the manifest is
 * signed, current and for the right channel is the sync engine's business.
 * An RpManifest is immutable once parsed and may be shared between threads.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Caps on what a terminal accepts from an origin. */
#define RP_MANIFEST_MAX_SIZE        (8 * 1024 * 1024)
#define RP_MANIFEST_MAX_OBJECTS     100000
#define RP_MANIFEST_MAX_OBJECT_SIZE (G_GUINT64_CONSTANT (4) * 1024 * 1024 * 1024)
#define RP_MANIFEST_MAX_PATH        1024

/* Format 3 (issue 18): the catalogue as content-addressed objects. A header
 * (JSON: channel, title, categories) and chunks of entries (JSON Lines, one
 * entry per line, sorted by id in byte order), each holding a contiguous
 * range of ids: from its "first" up to, not including, the next chunk's
 * "first" (the last chunk: every id from its "first" on). The publisher
 * keeps the published version's ranges, so an entry that does not change
 * leaves its chunk's bytes, and so its object, the same across versions,
 * and new ids (past the last range) land in the last chunk. Caps in
 * proportion: 4,096 chunks of at most 4 MiB (the publisher aims at 1 MiB)
 * and 100,000 entries each, 2,000,000 entries in all; a manifest naming
 * 4,096 chunks is about 700 KB, far below RP_MANIFEST_MAX_SIZE. Format 1
 * ("catalogue": {"sha256", "size"}, one catalogue.json of at most
 * RP_MANIFEST_MAX_SIZE) is still read: it is the manifest of every bundle
 * installed before chunks, rebuilt and verified from it. Format 2 (chunks
 * grouped by a hash of the id, never released) is refused with a message
 * asking to publish again. */
#define RP_MANIFEST_FORMAT               3
#define RP_MANIFEST_MAX_CHUNKS           4096
#define RP_MANIFEST_MAX_CHUNK_SIZE       (4 * 1024 * 1024)
#define RP_MANIFEST_CHUNK_TARGET_SIZE    (1024 * 1024)
#define RP_MANIFEST_MAX_HEADER_SIZE      (4 * 1024 * 1024)
#define RP_MANIFEST_MAX_CHUNK_ENTRIES    100000
#define RP_MANIFEST_MAX_ENTRIES          2000000
/* Bytes of a chunk's "first" id (an entry id is at most 64 characters). */
#define RP_MANIFEST_MAX_CHUNK_FIRST      256
#define RP_MANIFEST_CHUNK_TYPE           "application/x.readingpoint-entries+jsonl"

/* The text of a PDF's pages, extracted by the publisher (readingpoint-publish
 * build) so that terminals index exactly that text without parsing PDFs: an
 * object of this type, at RP_MANIFEST_PAGES_PREFIX + the PDF's path (catalogue
 * paths never name hidden files, so the two never collide). Its bytes are the
 * pages' texts in order, separated by form feeds (rp_search_extract_page_texts). */
#define RP_MANIFEST_PAGES_TYPE   "text/x.readingpoint-pages"
#define RP_MANIFEST_PAGES_PREFIX ".pages/"
#define RP_MANIFEST_PDF_TYPE     "application/pdf"

typedef struct
{
  char   *sha256;
  guint64 size;
  char   *path;   /* relative to the bundle source, checked by rp_manifest_path_is_safe() */
  char   *type;
  char   *broken; /* (nullable) why the publisher's check failed it (published with --allow-broken) */
} RpManifestObject;

/* A part of the catalogue: the header (first NULL) or a chunk; a format-1
 * catalogue.json is one part with first NULL too. */
typedef struct
{
  char   *sha256;
  guint64 size;
  char   *first;      /* the lowest id of the chunk's range */
  guint   n_entries;
} RpManifestChunk;

/* Longest reason a "broken" mark may carry. */
#define RP_MANIFEST_MAX_BROKEN 1024

#define RP_TYPE_MANIFEST (rp_manifest_get_type ())
G_DECLARE_FINAL_TYPE (RpManifest, rp_manifest, RP, MANIFEST, GObject)

RpManifest             *rp_manifest_parse              (GBytes      *bytes,
                                                        GError     **error);
RpManifest             *rp_manifest_new                (const char  *channel,
                                                        gint64       version,
                                                        GDateTime   *issued,
                                                        GDateTime   *expires,
                                                        const char  *catalogue_sha256,
                                                        guint64      catalogue_size);
/* A format-3 manifest whose catalogue header is @header_sha256; add the
 * chunks with rp_manifest_add_chunk. */
RpManifest             *rp_manifest_new_chunked        (const char  *channel,
                                                        gint64       version,
                                                        GDateTime   *issued,
                                                        GDateTime   *expires,
                                                        const char  *header_sha256,
                                                        guint64      header_size);
/* In increasing order of @first (rp_manifest_parse refuses any other). */
void                    rp_manifest_add_chunk          (RpManifest  *self,
                                                        const char  *first,
                                                        const char  *sha256,
                                                        guint64      size,
                                                        guint        n_entries);
/* Whether the id range of the catalogue part @index (1 or more: a chunk)
 * holds @id. */
gboolean                rp_manifest_chunk_holds        (RpManifest  *self,
                                                        guint        index,
                                                        const char  *id);
/* The index of the catalogue part (a chunk, 1 or more) whose range holds
 * @id, or 0 when none does (format 1, no chunks, or @id sorts before the
 * first chunk's range). */
guint                   rp_manifest_find_chunk         (RpManifest  *self,
                                                        const char  *id);
void                    rp_manifest_add_object         (RpManifest  *self,
                                                        const char  *sha256,
                                                        guint64      size,
                                                        const char  *path,
                                                        const char  *type);
/* Marks the object published under @path as failing the publisher's check,
 * for @reason: terminals show the mark and never try to draw it. */
void                    rp_manifest_mark_broken        (RpManifest  *self,
                                                        const char  *path,
                                                        const char  *reason);
/* (transfer full): the manifest as published (UTF-8 JSON). */
GBytes                 *rp_manifest_to_bytes           (RpManifest  *self);

const char             *rp_manifest_get_channel        (RpManifest  *self);
gint64                  rp_manifest_get_version        (RpManifest  *self);
GDateTime              *rp_manifest_get_issued         (RpManifest  *self);
GDateTime              *rp_manifest_get_expires        (RpManifest  *self);
/* The clock is sane when it is past this date (UTC): only then is a
 * manifest's expiry enforced, so a terminal with a dead RTC battery still
 * shows content. */
#define RP_CLOCK_SANE_AFTER "2025-01-01T00:00:00Z"
/* TRUE when @now is a sane clock reading past the manifest's expiry. */
gboolean                rp_manifest_is_expired         (RpManifest  *self,
                                                        GDateTime   *now);
/* 1 (one catalogue.json) or 3 (header and chunks). */
guint                   rp_manifest_get_format         (RpManifest  *self);
/* Every object of the catalogue: format 1 the catalogue.json, format 3 the
 * header first, then the chunks in id order. */
guint                   rp_manifest_get_n_catalogue_parts (RpManifest *self);
const RpManifestChunk  *rp_manifest_get_catalogue_part (RpManifest  *self,
                                                        guint        index);
/* The sum of the chunks' entries (format 3; 0 for format 1). */
guint                   rp_manifest_get_n_entries      (RpManifest  *self);
/* The catalogue.json (format 1) or the header (format 3). */
const char             *rp_manifest_get_catalogue_sha256 (RpManifest *self);
guint64                 rp_manifest_get_catalogue_size (RpManifest  *self);
guint                   rp_manifest_get_n_objects      (RpManifest  *self);
const RpManifestObject *rp_manifest_get_object         (RpManifest  *self,
                                                        guint        index);
/* (nullable): the object published under @path. */
const RpManifestObject *rp_manifest_lookup_path        (RpManifest  *self,
                                                        const char  *path);
/* PDF object sha256 → the sha256 of its page-text object, for every PDF the
 * manifest lists one for (both new strings). */
GHashTable             *rp_manifest_get_page_texts     (RpManifest  *self);
/* (transfer full): path → reason of every object marked broken. */
GHashTable             *rp_manifest_get_broken         (RpManifest  *self);
/* Sum of the sizes of the distinct objects, the catalogue's included. */
guint64                 rp_manifest_get_total_size     (RpManifest  *self);

/* Relative, no "..", ".", empty or absolute component, no backslash or
 * control character, valid UTF-8, at most RP_MANIFEST_MAX_PATH bytes. */
gboolean                rp_manifest_path_is_safe       (const char  *path);
gboolean                rp_channel_name_is_valid       (const char  *channel);

G_END_DECLS
