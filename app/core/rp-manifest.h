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
const char             *rp_manifest_get_catalogue_sha256 (RpManifest *self);
guint64                 rp_manifest_get_catalogue_size (RpManifest  *self);
guint                   rp_manifest_get_n_objects      (RpManifest  *self);
const RpManifestObject *rp_manifest_get_object         (RpManifest  *self,
                                                        guint        index);
/* (nullable): the object published under @path. */
const RpManifestObject *rp_manifest_lookup_path        (RpManifest  *self,
                                                        const char  *path);
/* Sum of the sizes of the distinct objects, the catalogue included. */
/* PDF object sha256 → the sha256 of its page-text object, for every PDF the
 * manifest lists one for (both new strings). */
GHashTable             *rp_manifest_get_page_texts     (RpManifest  *self);
/* (transfer full): path → reason of every object marked broken. */
GHashTable             *rp_manifest_get_broken         (RpManifest  *self);
guint64                 rp_manifest_get_total_size     (RpManifest  *self);

/* Relative, no "..", ".", empty or absolute component, no backslash or
 * control character, valid UTF-8, at most RP_MANIFEST_MAX_PATH bytes. */
gboolean                rp_manifest_path_is_safe       (const char  *path);
gboolean                rp_channel_name_is_valid       (const char  *channel);

G_END_DECLS
