/* rp-types.h — forward declarations so headers need not include each other
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RpAttachment       RpAttachment;
typedef struct _RpBundle           RpBundle;
typedef struct _RpCatalogue        RpCatalogue;
typedef struct _RpCatalogueBuilder RpCatalogueBuilder;
typedef struct _RpCategory         RpCategory;
typedef struct _RpDataDir          RpDataDir;
typedef struct _RpDocument         RpDocument;
typedef struct _RpEntry            RpEntry;
typedef struct _RpEntryList        RpEntryList;
typedef struct _RpObjectStore      RpObjectStore;
typedef struct _RpStateDb          RpStateDb;

G_END_DECLS
