/* rp-entry-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A category of a large catalogue can hold 100,000 entries; a list view
 * shows twenty. The model keeps only row ids and a bounded cache of the
 * entries views have asked for, so memory follows what is on screen.
 */
#include "config.h"

#include "rp-catalogue-private.h"
#include "rp-entry-list.h"
#include "rp-entry.h"

#define CACHE_LIMIT 512

struct _RpEntryList
{
  GObject      parent_instance;
  RpCatalogue *catalogue;
  GArray      *rowids;
  GHashTable  *cache; /* position → RpEntry */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpEntryList, rp_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
rp_entry_list_get_item_type (GListModel *model)
{
  return RP_TYPE_ENTRY;
}

static guint
rp_entry_list_get_n_items (GListModel *model)
{
  return RP_ENTRY_LIST (model)->rowids->len;
}

static gpointer
rp_entry_list_get_item (GListModel *model,
                        guint       position)
{
  RpEntryList *self = RP_ENTRY_LIST (model);
  RpEntry *entry;

  if (position >= self->rowids->len)
    return NULL;

  entry = g_hash_table_lookup (self->cache, GUINT_TO_POINTER (position));
  if (entry != NULL)
    return g_object_ref (entry);

  entry = rp_catalogue_get_entry_by_rowid (self->catalogue,
                                           g_array_index (self->rowids, gint64, position));
  if (entry == NULL)
    return NULL;

  if (g_hash_table_size (self->cache) >= CACHE_LIMIT)
    g_hash_table_remove_all (self->cache);
  g_hash_table_insert (self->cache, GUINT_TO_POINTER (position), g_object_ref (entry));
  return entry;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rp_entry_list_get_item_type;
  iface->get_n_items = rp_entry_list_get_n_items;
  iface->get_item = rp_entry_list_get_item;
}

static void
rp_entry_list_finalize (GObject *object)
{
  RpEntryList *self = RP_ENTRY_LIST (object);

  g_clear_object (&self->catalogue);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);

  G_OBJECT_CLASS (rp_entry_list_parent_class)->finalize (object);
}

static void
rp_entry_list_class_init (RpEntryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_entry_list_finalize;
}

static void
rp_entry_list_init (RpEntryList *self)
{
  self->cache = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

RpEntryList *
rp_entry_list_new (RpCatalogue *catalogue,
                   GArray      *rowids)
{
  RpEntryList *self;

  g_return_val_if_fail (RP_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (rowids != NULL, NULL);

  self = g_object_new (RP_TYPE_ENTRY_LIST, NULL);
  self->catalogue = g_object_ref (catalogue);
  self->rowids = rowids;
  return self;
}
