/* rp-page-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-page-cache.h"

typedef struct
{
  guint            page;
  int              width;
  cairo_surface_t *surface;
  guint64          cost;
  GList            link;   /* in its tier's LRU list; data points to the item */
  gboolean         low_res;
} Item;

typedef struct
{
  GQueue  lru;     /* head: most recently used */
  guint64 size;
  guint64 budget;
} Tier;

struct _RpPageCache
{
  guint64     budget;
  guint64     peak;
  GHashTable *items;   /* (page << 20 | width) → Item */
  GHashTable *by_page; /* page → GSList of Item, any width */
  Tier        tiers[2]; /* 0: full renders, 1: low-resolution copies */
};

static guint64
make_key (guint page,
          int   width)
{
  return ((guint64) page << 20) | (guint64) (width & 0xFFFFF);
}

static guint
key_hash (gconstpointer key)
{
  return g_int64_hash (key);
}

static void
item_free (Item *item)
{
  cairo_surface_destroy (item->surface);
  g_free (item);
}

RpPageCache *
rp_page_cache_new (guint64 budget_bytes)
{
  RpPageCache *self = g_new0 (RpPageCache, 1);

  self->budget = budget_bytes;
  self->items = g_hash_table_new_full (key_hash, g_int64_equal, g_free, (GDestroyNotify) item_free);
  self->by_page = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_slist_free);
  self->tiers[1].budget = budget_bytes / 4;
  self->tiers[0].budget = budget_bytes - self->tiers[1].budget;
  return self;
}

void
rp_page_cache_free (RpPageCache *self)
{
  if (self == NULL)
    return;
  rp_page_cache_clear (self);
  g_hash_table_unref (self->items);
  g_hash_table_unref (self->by_page);
  g_free (self);
}

guint64
rp_page_cache_get_budget (RpPageCache *self)
{
  return self->budget;
}

guint64
rp_page_cache_get_size (RpPageCache *self)
{
  return self->tiers[0].size + self->tiers[1].size;
}

guint64
rp_page_cache_get_peak (RpPageCache *self)
{
  return self->peak;
}

guint
rp_page_cache_get_n_items (RpPageCache *self)
{
  return g_hash_table_size (self->items);
}

guint64
rp_page_cache_cost (int width,
                    int height)
{
  return (guint64) cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width) * (guint64) height;
}

static void
remove_item (RpPageCache *self,
             Item        *item)
{
  Tier *tier = &self->tiers[item->low_res];
  guint64 key = make_key (item->page, item->width);
  GSList *list = g_hash_table_lookup (self->by_page, GUINT_TO_POINTER (item->page));

  g_queue_unlink (&tier->lru, &item->link);
  tier->size -= item->cost;
  list = g_slist_remove (list, item);
  g_hash_table_steal (self->by_page, GUINT_TO_POINTER (item->page));
  if (list != NULL)
    g_hash_table_insert (self->by_page, GUINT_TO_POINTER (item->page), list);
  g_hash_table_remove (self->items, &key);
}

void
rp_page_cache_insert (RpPageCache     *self,
                      guint            page,
                      int              width,
                      cairo_surface_t *surface)
{
  guint64 key = make_key (page, width);
  Item *item = g_hash_table_lookup (self->items, &key);
  Tier *tier;
  GSList *list;

  if (item != NULL)
    remove_item (self, item);

  item = g_new0 (Item, 1);
  item->page = page;
  item->width = width;
  item->low_res = width <= RP_PAGE_CACHE_LOW_RES_WIDTH;
  item->cost = rp_page_cache_cost (cairo_image_surface_get_width (surface),
                                   cairo_image_surface_get_height (surface));
  tier = &self->tiers[item->low_res];
  if (item->cost > tier->budget)
    {
      g_free (item);
      return;
    }
  /* Evict first, so the budget holds at every instant: this page's other
   * sizes in the tier first (the new render supersedes them), then the
   * least recently used. A stale size delivered late (drawn before a zoom
   * or a resize, after another page's new size) would otherwise outlive a
   * page on screen, and nothing asks for that page again. */
  while (tier->size + item->cost > tier->budget)
    {
      Item *victim = g_queue_peek_tail (&tier->lru);

      for (GSList *l = g_hash_table_lookup (self->by_page, GUINT_TO_POINTER (page)); l; l = l->next)
        if (((Item *) l->data)->low_res == item->low_res)
          {
            victim = l->data;
            break;
          }
      remove_item (self, victim);
    }

  item->surface = cairo_surface_reference (surface);
  item->link.data = item;
  g_queue_push_head_link (&tier->lru, &item->link);
  tier->size += item->cost;
  g_hash_table_insert (self->items, g_memdup2 (&key, sizeof key), item);
  list = g_hash_table_lookup (self->by_page, GUINT_TO_POINTER (page));
  g_hash_table_steal (self->by_page, GUINT_TO_POINTER (page));
  g_hash_table_insert (self->by_page, GUINT_TO_POINTER (page), g_slist_prepend (list, item));
  self->peak = MAX (self->peak, rp_page_cache_get_size (self));
}

static void
touch (RpPageCache *self,
       Item        *item)
{
  Tier *tier = &self->tiers[item->low_res];

  g_queue_unlink (&tier->lru, &item->link);
  g_queue_push_head_link (&tier->lru, &item->link);
}

cairo_surface_t *
rp_page_cache_lookup (RpPageCache *self,
                      guint        page,
                      int          width)
{
  guint64 key = make_key (page, width);
  Item *item = g_hash_table_lookup (self->items, &key);

  if (item == NULL)
    return NULL;
  touch (self, item);
  return item->surface;
}

cairo_surface_t *
rp_page_cache_lookup_best (RpPageCache *self,
                           guint        page,
                           int          width)
{
  Item *wider = NULL, *narrower = NULL;

  for (GSList *l = g_hash_table_lookup (self->by_page, GUINT_TO_POINTER (page)); l; l = l->next)
    {
      Item *item = l->data;

      if (item->width >= width && (wider == NULL || item->width < wider->width))
        wider = item;
      if (item->width < width && (narrower == NULL || item->width > narrower->width))
        narrower = item;
    }
  if (wider == NULL)
    wider = narrower;
  if (wider == NULL)
    return NULL;
  touch (self, wider);
  return wider->surface;
}

void
rp_page_cache_clear (RpPageCache *self)
{
  for (guint t = 0; t < G_N_ELEMENTS (self->tiers); t++)
    {
      Item *item;

      while ((item = g_queue_peek_tail (&self->tiers[t].lru)) != NULL)
        remove_item (self, item);
    }
}
