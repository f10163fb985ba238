/* rp-search-facet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-search-private.h"

G_DEFINE_FINAL_TYPE (RpSearchFacet, rp_search_facet, G_TYPE_OBJECT)

static void
rp_search_facet_finalize (GObject *object)
{
  RpSearchFacet *self = RP_SEARCH_FACET (object);

  g_free (self->value);
  g_free (self->label);

  G_OBJECT_CLASS (rp_search_facet_parent_class)->finalize (object);
}

static void
rp_search_facet_class_init (RpSearchFacetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_search_facet_finalize;
}

static void
rp_search_facet_init (RpSearchFacet *self)
{
}

RpSearchFacetKind
rp_search_facet_get_kind (RpSearchFacet *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_FACET (self), 0);
  return self->kind;
}

const char *
rp_search_facet_get_value (RpSearchFacet *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_FACET (self), NULL);
  return self->value;
}

const char *
rp_search_facet_get_label (RpSearchFacet *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_FACET (self), NULL);
  return self->label ? self->label : self->value;
}

guint
rp_search_facet_get_count (RpSearchFacet *self)
{
  g_return_val_if_fail (RP_IS_SEARCH_FACET (self), 0);
  return self->count;
}
