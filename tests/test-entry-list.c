/* test-entry-list.c — a list model of entries, loaded when a view asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rp-core.h"
#include "rp-entry-list.h"
#include "rp-test-util.h"

static RpCatalogue *
open_catalogue (const char *name)
{
  g_autofree char *source_name = g_strconcat (name, "-source", NULL);
  g_autofree char *source = rp_test_make_source (source_name);
  g_autofree char *path = rp_test_make_dir (name);
  g_autoptr(RpDataDir) data_dir = rp_data_dir_new (path);
  g_autoptr(GError) error = NULL;
  RpCatalogue *catalogue = rp_data_dir_ensure_catalogue (data_dir, source, &error);

  g_assert_no_error (error);
  return catalogue;
}

/* The catalogue's entry ids and their row ids, in id order. */
static void
read_rows (RpCatalogue *catalogue,
           GPtrArray   *ids,
           GArray      *rowids)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?mode=ro", rp_catalogue_get_path (catalogue));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid, id FROM entries ORDER BY id", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* (transfer full): a list of all the catalogue's entries; @ids receives
 * their ids in the list's order. */
static RpEntryList *
list_all (RpCatalogue *catalogue,
          GPtrArray   *ids)
{
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  read_rows (catalogue, ids, rowids);
  return rp_entry_list_new (catalogue, rowids);
}

static void
test_items (void)
{
  g_autoptr(RpCatalogue) catalogue = open_catalogue ("entry-list");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RpEntryList) list = NULL;
  GListModel *model;

  read_rows (catalogue, ids, rowids);
  g_assert_cmpuint (ids->len, ==, 4);
  /* Reversed, as a ranking would order them. */
  for (guint i = 0, j = ids->len - 1; i < j; i++, j--)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);
      gpointer id = ids->pdata[i];

      g_array_index (rowids, gint64, i) = g_array_index (rowids, gint64, j);
      g_array_index (rowids, gint64, j) = rowid;
      ids->pdata[i] = ids->pdata[j];
      ids->pdata[j] = id;
    }
  list = rp_entry_list_new (catalogue, rowids);
  model = G_LIST_MODEL (list);
  g_assert_true (g_list_model_get_item_type (model) == RP_TYPE_ENTRY);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  /* In the order of the row ids given (a search's ranking, say). */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (model, i);

      g_assert_cmpstr (rp_entry_get_id (entry), ==, ids->pdata[i]);
    }
  g_assert_null (g_list_model_get_item (model, 4));
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A view scrolling back and forth gets the same object, not a new query. */
static void
test_items_cached (void)
{
  g_autoptr(RpCatalogue) catalogue = open_catalogue ("entry-list-cached");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RpEntryList) list = list_all (catalogue, ids);
  g_autoptr(RpEntry) first = NULL;
  g_autoptr(RpEntry) again = NULL;

  first = g_list_model_get_item (G_LIST_MODEL (list), 2);
  again = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (first == again);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The list keeps its catalogue open: a page may drop its own reference. */
static void
test_keeps_catalogue (void)
{
  RpCatalogue *catalogue = open_catalogue ("entry-list-owner");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RpEntryList) list = list_all (catalogue, ids);
  g_autoptr(RpEntry) entry = NULL;

  g_object_unref (catalogue);
  entry = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (rp_entry_get_id (entry), ==, ids->pdata[0]);
  g_assert_finalize_object (g_steal_pointer (&list));
}

/* A row that is not there (a stale result) yields no item, not a crash. */
static void
test_missing_row (void)
{
  g_autoptr(RpCatalogue) catalogue = open_catalogue ("entry-list-missing");
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(RpEntryList) list = NULL;
  gint64 missing = 999999;

  g_array_append_val (rowids, missing);
  list = rp_entry_list_new (catalogue, rowids);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ReadingPoint/EntryList/items", test_items);
  g_test_add_func ("/ReadingPoint/EntryList/items-cached", test_items_cached);
  g_test_add_func ("/ReadingPoint/EntryList/keeps-catalogue", test_keeps_catalogue);
  g_test_add_func ("/ReadingPoint/EntryList/missing-row", test_missing_row);

  return g_test_run ();
}
