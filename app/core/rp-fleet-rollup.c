/* rp-fleet-rollup.c — the roll-ups of a batch of counted reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fleet_daily and site_daily_visits hold the sums of the counters rows,
 * so a year's report reads them instead of every terminal's every row.
 * collect adds each counted report here, in memory, and writes the sums
 * of the batch just before the batch's transaction commits: the roll-ups
 * and the rows they sum are committed together or not at all, and a
 * batch costs one upsert per distinct (day, kind, subject), not two
 * INSERT…SELECT per report.
 */
#include "config.h"

#include <string.h>

#include "rp-fleet-private.h"
#include "rp-fleet-rollup.h"

/* A roll-up's key: up to three strings, none NULL. */
typedef struct
{
  char *a, *b, *c;
} Key;

struct _RpFleetRollup
{
  GHashTable *daily;  /* Key (day, kind, subject) → gint64 * */
  GHashTable *visits; /* Key (site_id, day, "") → gint64 * */
};

static guint
key_hash (gconstpointer p)
{
  const Key *k = p;

  return (g_str_hash (k->a) * 31 + g_str_hash (k->b)) * 31 + g_str_hash (k->c);
}

static gboolean
key_equal (gconstpointer p,
           gconstpointer q)
{
  const Key *k = p, *l = q;

  return strcmp (k->a, l->a) == 0 && strcmp (k->b, l->b) == 0 && strcmp (k->c, l->c) == 0;
}

static void
key_free (Key *k)
{
  g_free (k->a);
  g_free (k->b);
  g_free (k->c);
  g_free (k);
}

static GHashTable *
sums_new (void)
{
  return g_hash_table_new_full (key_hash, key_equal, (GDestroyNotify) key_free, g_free);
}

RpFleetRollup *
rp_fleet_rollup_new (void)
{
  RpFleetRollup *self = g_new0 (RpFleetRollup, 1);

  self->daily = sums_new ();
  self->visits = sums_new ();
  return self;
}

void
rp_fleet_rollup_free (RpFleetRollup *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->daily);
  g_hash_table_unref (self->visits);
  g_free (self);
}

static void
add (GHashTable *sums,
     const char *a,
     const char *b,
     const char *c,
     gint64      count)
{
  Key lookup = { (char *) a, (char *) b, (char *) c };
  gint64 *sum = g_hash_table_lookup (sums, &lookup);

  if (sum == NULL)
    {
      Key *key = g_new (Key, 1);

      key->a = g_strdup (a);
      key->b = g_strdup (b);
      key->c = g_strdup (c);
      sum = g_new0 (gint64, 1);
      g_hash_table_insert (sums, key, sum);
    }
  *sum += count;
}

void
rp_fleet_rollup_add (RpFleetRollup *self,
                     const char    *site_id,
                     const char    *day,
                     const char    *kind,
                     const char    *subject,
                     gint64         count)
{
  g_return_if_fail (self != NULL && site_id != NULL && day != NULL && kind != NULL && subject != NULL);

  add (self->daily, day, kind, subject, count);
  if (strcmp (kind, "visit") == 0)
    add (self->visits, site_id, day, "", count);
}

static gboolean
flush (RpFleet    *fleet,
       GHashTable *sums,
       const char *sql,
       guint       n_keys)
{
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean ok;

  if (g_hash_table_size (sums) == 0)
    return TRUE;
  ok = sqlite3_prepare_v2 (fleet->db, sql, -1, &stmt, NULL) == SQLITE_OK;
  g_hash_table_iter_init (&iter, sums);
  while (ok && g_hash_table_iter_next (&iter, &key, &value))
    {
      const Key *k = key;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, k->a, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, k->b, -1, SQLITE_STATIC);
      if (n_keys == 3)
        sqlite3_bind_text (stmt, 3, k->c, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, n_keys + 1, *(gint64 *) value);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (ok)
    g_hash_table_remove_all (sums);
  return ok;
}

gboolean
rp_fleet_rollup_flush (RpFleetRollup *self,
                       RpFleet       *fleet,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL && fleet != NULL, FALSE);

  if (!flush (fleet, self->daily,
              "INSERT INTO fleet_daily (day, kind, subject, count) VALUES (?1, ?2, ?3, ?4)"
              " ON CONFLICT (kind, day, subject) DO UPDATE SET count = count + excluded.count", 3) ||
      !flush (fleet, self->visits,
              "INSERT INTO site_daily_visits (site_id, day, count) VALUES (?1, ?2, ?3)"
              " ON CONFLICT (day, site_id) DO UPDATE SET count = count + excluded.count", 2))
    return rp_fleet_sql_error (fleet, "add to the roll-ups", error);
  return TRUE;
}

void
rp_fleet_rollup_clear (RpFleetRollup *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->daily);
  g_hash_table_remove_all (self->visits);
}
