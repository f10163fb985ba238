/* test-page-cache.c — rendered pages within a byte budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-core.h"
#include "rp-test-util.h"

/* A render @width wide, of an A4 page's proportions. */
static cairo_surface_t *
render (int width)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, width * 842 / 595);
}

static guint64
cost (int width)
{
  return rp_page_cache_cost (width, width * 842 / 595);
}

static void
insert (RpPageCache *cache,
        guint        page,
        int          width)
{
  cairo_surface_t *surface = render (width);

  rp_page_cache_insert (cache, page, width, surface);
  cairo_surface_destroy (surface);
}

static void
test_cost (void)
{
  /* ARGB32: four bytes a pixel (rows already 4-byte aligned). */
  g_assert_cmpuint (rp_page_cache_cost (100, 50), ==, 100 * 50 * 4);
  g_assert_cmpuint (rp_page_cache_cost (1, 1), ==, 4);
}

/* The cache holds its own reference: the caller's surface may go. */
static void
test_reference_kept (void)
{
  g_autoptr(RpPageCache) cache = rp_page_cache_new (64 << 20);
  cairo_surface_t *surface = render (600);

  rp_page_cache_insert (cache, 3, 600, surface);
  g_assert_cmpuint (cairo_surface_get_reference_count (surface), ==, 2);
  cairo_surface_destroy (surface);
  g_assert_true (rp_page_cache_lookup (cache, 3, 600) == surface);
  g_assert_null (rp_page_cache_lookup (cache, 3, 601));
  g_assert_null (rp_page_cache_lookup (cache, 4, 600));
  g_assert_cmpuint (rp_page_cache_get_n_items (cache), ==, 1);
  g_assert_cmpuint (rp_page_cache_get_size (cache), ==, cost (600));

  /* The same key again replaces, and is counted once. */
  insert (cache, 3, 600);
  g_assert_cmpuint (rp_page_cache_get_n_items (cache), ==, 1);
  g_assert_cmpuint (rp_page_cache_get_size (cache), ==, cost (600));
  rp_page_cache_clear (cache);
  g_assert_cmpuint (rp_page_cache_get_n_items (cache), ==, 0);
  g_assert_cmpuint (rp_page_cache_get_size (cache), ==, 0);
}

/* The least recently used render goes first, and the budget holds at every
 * insertion (the peak never passes it). */
static void
test_lru_and_budget (void)
{
  guint64 budget = 4 * cost (600) + cost (600) / 2;
  /* Three quarters of the budget are for full renders: three fit. */
  g_autoptr(RpPageCache) cache = rp_page_cache_new (budget);

  g_assert_cmpuint (rp_page_cache_get_budget (cache), ==, budget);
  insert (cache, 0, 600);
  insert (cache, 1, 600);
  insert (cache, 2, 600);
  g_assert_cmpuint (rp_page_cache_get_n_items (cache), ==, 3);
  /* Page 0 is read again: page 1 is now the oldest. */
  g_assert_nonnull (rp_page_cache_lookup (cache, 0, 600));
  insert (cache, 3, 600);
  g_assert_nonnull (rp_page_cache_lookup (cache, 0, 600));
  g_assert_null (rp_page_cache_lookup (cache, 1, 600));
  g_assert_nonnull (rp_page_cache_lookup (cache, 2, 600));
  g_assert_nonnull (rp_page_cache_lookup (cache, 3, 600));
  g_assert_cmpuint (rp_page_cache_get_size (cache), <=, budget);
  g_assert_cmpuint (rp_page_cache_get_peak (cache), <=, budget);
  g_assert_cmpuint (rp_page_cache_get_peak (cache), ==, 3 * cost (600));
}

/* A page's new size pushes out its old size before any other page: a stale
 * size delivered late must not outlive a page on screen (seen at HiDPI,
 * where a resize re-draws every visible page wider). */
static void
test_new_size_evicts_old_size_first (void)
{
  guint64 budget = 4 * cost (1200);
  g_autoptr(RpPageCache) cache = rp_page_cache_new (budget);

  insert (cache, 0, 1200);
  insert (cache, 1, 600);   /* page 1 drawn before the resize, delivered late */
  insert (cache, 2, 1200);
  insert (cache, 1, 1200);  /* its new size: the old one goes, page 0 stays */
  g_assert_nonnull (rp_page_cache_lookup (cache, 0, 1200));
  g_assert_nonnull (rp_page_cache_lookup (cache, 1, 1200));
  g_assert_nonnull (rp_page_cache_lookup (cache, 2, 1200));
  g_assert_null (rp_page_cache_lookup (cache, 1, 600));
  g_assert_cmpuint (rp_page_cache_get_size (cache), <=, budget);
}

/* Big pages never push out the low-resolution copies (their own quarter). */
static void
test_low_res_tier (void)
{
  g_autoptr(RpPageCache) cache = rp_page_cache_new (4 * cost (600));

  /* Five thumbnails fit in the quarter (about nine would). */
  g_assert_cmpuint (5 * cost (RP_PAGE_CACHE_LOW_RES_WIDTH), <=, cost (600));
  for (guint page = 0; page < 5; page++)
    insert (cache, page, RP_PAGE_CACHE_LOW_RES_WIDTH);
  for (guint page = 0; page < 30; page++)
    insert (cache, page, 600);
  for (guint page = 0; page < 5; page++)
    g_assert_nonnull (rp_page_cache_lookup (cache, page, RP_PAGE_CACHE_LOW_RES_WIDTH));
  g_assert_cmpuint (rp_page_cache_get_size (cache), <=, rp_page_cache_get_budget (cache));
}

/* A render bigger than its tier's budget is not kept (and evicts nothing). */
static void
test_oversized_not_kept (void)
{
  g_autoptr(RpPageCache) cache = rp_page_cache_new (cost (600) * 2);

  insert (cache, 0, 600);
  insert (cache, 1, 2400);
  g_assert_null (rp_page_cache_lookup (cache, 1, 2400));
  g_assert_nonnull (rp_page_cache_lookup (cache, 0, 600));
  g_assert_cmpuint (rp_page_cache_get_n_items (cache), ==, 1);
}

/* While the sharp render comes, the nearest one stands in: the smallest
 * at least as wide, else the widest narrower one. */
static void
test_lookup_best (void)
{
  g_autoptr(RpPageCache) cache = rp_page_cache_new (64 << 20);
  cairo_surface_t *best;

  g_assert_null (rp_page_cache_lookup_best (cache, 5, 600));
  insert (cache, 5, 150);
  insert (cache, 5, 400);
  insert (cache, 5, 800);
  insert (cache, 5, 1200);
  insert (cache, 6, 600);
  best = rp_page_cache_lookup_best (cache, 5, 600);
  g_assert_cmpint (cairo_image_surface_get_width (best), ==, 800);
  best = rp_page_cache_lookup_best (cache, 5, 800);
  g_assert_cmpint (cairo_image_surface_get_width (best), ==, 800);
  best = rp_page_cache_lookup_best (cache, 5, 2000);
  g_assert_cmpint (cairo_image_surface_get_width (best), ==, 1200);
  best = rp_page_cache_lookup_best (cache, 5, 100);
  g_assert_cmpint (cairo_image_surface_get_width (best), ==, 150);
  g_assert_null (rp_page_cache_lookup_best (cache, 7, 600));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/PageCache/cost", test_cost);
  g_test_add_func ("/ReadingPoint/PageCache/reference-kept", test_reference_kept);
  g_test_add_func ("/ReadingPoint/PageCache/lru-and-budget", test_lru_and_budget);
  g_test_add_func ("/ReadingPoint/PageCache/new-size-evicts-old-size-first", test_new_size_evicts_old_size_first);
  g_test_add_func ("/ReadingPoint/PageCache/low-res-tier", test_low_res_tier);
  g_test_add_func ("/ReadingPoint/PageCache/oversized-not-kept", test_oversized_not_kept);
  g_test_add_func ("/ReadingPoint/PageCache/lookup-best", test_lookup_best);

  return g_test_run ();
}
