/* rp-category.h — one node of the catalogue's category tree (immutable)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_CATEGORY (rp_category_get_type ())
G_DECLARE_FINAL_TYPE (RpCategory, rp_category, RP, CATEGORY, GObject)

RpCategory *rp_category_new              (const char *id,
                                          const char *name,
                                          const char *parent,
                                          guint       n_entries,
                                          guint       n_children);
const char *rp_category_get_id           (RpCategory *self);
const char *rp_category_get_name         (RpCategory *self);
const char *rp_category_get_parent       (RpCategory *self);
/* Entries in this category and all its descendants. */
guint       rp_category_get_n_entries    (RpCategory *self);
guint       rp_category_get_n_children   (RpCategory *self);

G_END_DECLS
