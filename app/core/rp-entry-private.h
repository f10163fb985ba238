/* rp-entry-private.h — RpEntry's layout, for RpCatalogue which fills it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-entry.h"

G_BEGIN_DECLS

struct _RpEntry
{
  GObject     parent_instance;
  char       *id;
  char       *title;
  char       *organ;
  char       *doc_number;
  char       *date;
  char       *category;
  char       *genre;
  char      **keywords;
  char       *summary;
  char       *body;
  char       *url;
  char       *validity;
  char      **related;
  GListStore *attachments;
};

RpEntry *rp_entry_new (void);

G_END_DECLS
