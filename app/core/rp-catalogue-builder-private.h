/* rp-catalogue-builder-private.h — what the builder's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RpCatalogueBuilder is split along its seams: rp-catalogue-source.c parses
 * and validates catalogue.json into the structures below,
 * rp-catalogue-writer.c writes them to catalogue.db, rp-catalogue-builder.c
 * owns the object and imports a source folder. Once loaded, the structures
 * are valid: every reference resolves, every field is within its cap.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rp-catalogue-builder.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *name;
  char *parent;
} RpSourceCategory;

typedef struct
{
  char *path;
  char *title;
} RpSourceFile;

typedef struct
{
  guint      index;
  char      *id;
  char      *title;
  char      *organ;
  char      *doc_number;
  char      *date;
  char      *category;
  char      *genre;
  char      *summary;
  char      *body;
  char      *url;
  char      *validity;
  GPtrArray *keywords;
  GPtrArray *files;
  GPtrArray *related;
} RpSourceEntry;

struct _RpCatalogueBuilder
{
  GObject    parent_instance;
  char      *channel;
  char      *title;
  GPtrArray *categories;
  GPtrArray *entries;
  GHashTable *page_texts;
  GHashTable *broken;     /* path → reason (rp_manifest_get_broken) */
};

void     rp_source_category_free (RpSourceCategory *c);
void     rp_source_entry_free    (RpSourceEntry    *e);

/* Parses and validates @root into @self (which must be empty); on failure
 * @self may hold part of the catalogue: the caller clears it. */
gboolean rp_catalogue_source_load (RpCatalogueBuilder *self,
                                   JsonNode           *root,
                                   GError            **error);

/* The parts of rp_catalogue_source_load, for a catalogue read in pieces
 * (a header and chunks of entries): the header's channel, title and
 * categories; one entry appended; the references checked once all are in. */
gboolean rp_catalogue_source_load_header (RpCatalogueBuilder *self,
                                          JsonNode           *root,
                                          GError            **error);
gboolean rp_catalogue_source_load_entry  (RpCatalogueBuilder *self,
                                          JsonNode           *node,
                                          GError            **error);
/* @related_too: FALSE when only part of the catalogue is loaded (an
 * incremental install checks related entries in the database). */
gboolean rp_catalogue_source_check       (RpCatalogueBuilder *self,
                                          gboolean            related_too,
                                          GError            **error);

/* The published form of an entry (one line of a chunk) and of the header:
 * canonical JSON of the validated fields, members in a fixed order. */
char    *rp_source_entry_to_line            (const RpSourceEntry *e);
char    *rp_catalogue_source_header_to_json (RpCatalogueBuilder  *self);

/* The type of the file at @path ("pdf", "png", "jpeg") read from its first
 * bytes, never from the name a publisher gave; NULL if it is none of them. */
const char *rp_catalogue_source_sniff_type (const char *path);

/* Visits every distinct file path once, in catalogue order, so that the
 * first problem reported is the first a publisher would meet reading the
 * file. @visit's error is wrapped to name the entry and field. */
typedef gboolean (*RpSourceFileVisitor) (RpCatalogueBuilder *self,
                                         const char         *path,
                                         gpointer            data,
                                         GError            **error);

gboolean rp_catalogue_source_foreach_file (RpCatalogueBuilder  *self,
                                           RpSourceFileVisitor  visit,
                                           gpointer             data,
                                           GError             **error);

G_END_DECLS
