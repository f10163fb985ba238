/* rp-fleet-collect.c — judging and counting the reports found at an origin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report counts only if it is signed by the key enrolled for the site
 * whose folder holds it, every claim agrees with its signature, it is not
 * from the future and its (key, sequence) was not counted before. Every
 * file judged is remembered by content, so a collect is idempotent.
 *
 * Threads: reading, hashing, verifying and parsing a report
 * (rp-fleet-check.c) run on a pool of workers, several reports at once;
 * this thread alone uses fleet.db. It takes the checks back in the order
 * the files were listed, so which copy of a (key, sequence) counts and
 * which is a replay is decided exactly as by one thread.
 */
#include "config.h"

#include <string.h>

#include "rp-error.h"
#include "rp-fleet-check.h"
#include "rp-fleet-origin.h"
#include "rp-fleet-private.h"
#include "rp-fleet-rollup.h"
#include "rp-minisign.h"

/* Report files judged per transaction: a kill loses at most this much
 * work (a second or two). Each commit checkpoints the WAL with an fsync
 * and writes the roll-ups: at 500, a full collect spent a tenth more CPU
 * (tests/bench/RESULTS.md). */
#define BATCH_SIZE 5000
/* Checks run at once: the office machine's cores, at most. */
#define MAX_WORKERS 2
/* Checks handed to the workers and not yet taken back: bounds memory. */
#define WINDOW 256

typedef enum
{
  STMT_FILE_SEEN,
  STMT_FOLDER_UNCHANGED,
  STMT_RECORD_FOLDER,
  STMT_LOAD_STAMPS,
  STMT_RECORD_FILE,
  STMT_COUNTED_AS,
  STMT_INSERT_REPORT,
  STMT_INSERT_COUNTER,
  N_STMTS
} Stmt;

static const char *const statement_sql[N_STMTS] = {
  [STMT_FILE_SEEN] = "SELECT 1 FROM files WHERE file = ? AND sha256 = ?",
  [STMT_FOLDER_UNCHANGED] = "SELECT 1 FROM folders WHERE path = ? AND stamp = ?",
  [STMT_RECORD_FOLDER] = "INSERT OR REPLACE INTO folders (path, stamp) VALUES (?, ?)",
  [STMT_LOAD_STAMPS] = "SELECT file, stamp, outcome = 'accepted' FROM files"
                       " WHERE file >= ? AND file < ? AND stamp NOT NULL",
  [STMT_RECORD_FILE] = "INSERT OR REPLACE INTO files (file, sha256, outcome, reason, seen, stamp)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
  [STMT_COUNTED_AS] = "SELECT file FROM reports WHERE key_id = ? AND sequence = ?",
  [STMT_INSERT_REPORT] = "INSERT INTO reports (key_id, sequence, site_id, file, sha256, first, last, prepared,"
                         " status, ingested) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  [STMT_INSERT_COUNTER] = "INSERT INTO counters (key_id, sequence, site_id, day, kind, subject, count)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?)",
};

/* A site folder being judged: recorded as done once all of its files
 * were judged for good. Only the collecting thread touches it. */
typedef struct
{
  char    *rel;
  char    *stamp;    /* its listing stamp, or NULL */
  guint    open;     /* files listed but not judged for good (judged again next time) */
  gboolean all_judged;
} Folder;

/* A file handed to the workers, or (check NULL) the end of a folder. */
typedef struct
{
  RpFleetCheck *check;
  Folder       *folder;
  char         *stamp;  /* the listing's size and time of the file, or NULL */
  gboolean      done;   /* under Collect.lock */
} Item;

typedef struct
{
  RpFleet             *fleet;
  char                *at;
  JsonArray           *refused;
  JsonArray           *pending;
  guint                accepted;
  guint                unchanged;
  guint                folders_unchanged;
  guint                n_judged;
  guint                batch_size;
  sqlite3_stmt        *stmts[N_STMTS];
  RpFleetRollup       *rollup;
  RpFleetCheckContext  context;
  GThreadPool         *pool;
  GMutex               lock;
  GCond                cond;
  GQueue               items;
} Collect;

static void
folder_clear (Folder *folder)
{
  g_free (folder->rel);
  g_free (folder->stamp);
}

static void
item_free (Item *item)
{
  rp_fleet_check_free (item->check);
  g_rc_box_release_full (item->folder, (GDestroyNotify) folder_clear);
  g_free (item->stamp);
  g_free (item);
}

static void
list_issue (JsonArray  *array,
            const char *file,
            const char *reason)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "file", file);
  json_object_set_string_member (o, "reason", reason);
  json_array_add_object_element (array, o);
}

/* (nullable): statement @which, prepared once per collect, reset. */
static sqlite3_stmt *
statement (Collect *c,
           Stmt     which)
{
  if (c->stmts[which] == NULL &&
      sqlite3_prepare_v3 (c->fleet->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &c->stmts[which],
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_reset (c->stmts[which]);
  sqlite3_clear_bindings (c->stmts[which]);
  return c->stmts[which];
}

/* Whether @which (a SELECT with two text parameters) finds a row. */
static gboolean
row_exists (Collect    *c,
            Stmt        which,
            const char *first,
            const char *second)
{
  sqlite3_stmt *stmt = statement (c, which);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
record_folder (Collect    *c,
               const char *path,
               const char *stamp)
{
  sqlite3_stmt *stmt = statement (c, STMT_RECORD_FOLDER);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/* Fills @counted with name → stamp of every file counted under @prefix,
 * @refused with name → a stamp of the others judged for good there. */
static void
load_stamps (Collect    *c,
             const char *prefix,
             GHashTable *counted,
             GHashTable *refused)
{
  g_autofree char *upper = g_strdup (prefix);
  sqlite3_stmt *stmt = statement (c, STMT_LOAD_STAMPS);
  gsize prefix_len = strlen (prefix);

  if (stmt == NULL)
    return;
  /* prefix ends in '/'; '0' follows it: a range the primary key serves. */
  upper[prefix_len - 1] = '0';
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0) + prefix_len;
      const char *stamp = (const char *) sqlite3_column_text (stmt, 1);

      g_hash_table_insert (sqlite3_column_int (stmt, 2) ? counted : refused, g_strdup (name), g_strdup (stamp));
    }
  sqlite3_reset (stmt);
}

static gboolean
record_file (Collect    *c,
             const char *file,
             const char *sha256,
             const char *outcome,
             const char *reason,
             const char *stamp)
{
  sqlite3_stmt *stmt = statement (c, STMT_RECORD_FILE);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, c->at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_DONE;
}

/* A refusal that stays refused for these exact bytes. */
static gboolean
refuse (Collect    *c,
        Item       *item,
        const char *reason,
        GError    **error)
{
  list_issue (c->refused, item->check->file, reason);
  if (!record_file (c, item->check->file, item->check->sha256, "refused", reason, item->stamp))
    return rp_fleet_sql_error (c->fleet, "record a refused report", error);
  return TRUE;
}

/* (nullable): the file of the report already counted as (@key_id, @seq). */
static char *
counted_as (Collect    *c,
            const char *key_id,
            gint64      seq)
{
  sqlite3_stmt *stmt = statement (c, STMT_COUNTED_AS);
  char *file = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    file = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return file;
}

/* Inside collect's batch transaction, which any failure here rolls back
 * whole (collect stops): a report is in whole or not at all. */
static gboolean
ingest (Collect      *c,
        Item         *item,
        GError      **error)
{
  RpFleetCheck *check = item->check;
  sqlite3_stmt *stmt = statement (c, STMT_INSERT_REPORT);
  gboolean ok = stmt != NULL;

  if (ok)
    {
      sqlite3_bind_text (stmt, 1, check->key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, check->sequence);
      sqlite3_bind_text (stmt, 3, check->key_site, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, check->file, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, check->sha256, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, check->first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, check->last, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, check->prepared, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, check->status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, c->at, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  for (guint i = 0; ok && i < check->counters->len; i++)
    {
      const RpFleetCounter *row = &g_array_index (check->counters, RpFleetCounter, i);
      const char *subject = row->subject ? row->subject : "";

      ok = (stmt = statement (c, STMT_INSERT_COUNTER)) != NULL;
      if (!ok)
        break;
      sqlite3_bind_text (stmt, 1, check->key_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, check->sequence);
      sqlite3_bind_text (stmt, 3, check->key_site, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, row->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, row->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, subject, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, row->count);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      /* Stored, so neither day nor kind is NULL. */
      if (ok)
        rp_fleet_rollup_add (c->rollup, check->key_site, row->day, row->kind, subject, row->count);
    }
  ok = ok && record_file (c, check->file, check->sha256, "accepted", NULL, item->stamp);
  if (!ok)
    return rp_fleet_sql_error (c->fleet, "ingest a report", error);
  c->accepted++;
  return TRUE;
}

/* The rules that need fleet.db, after a worker's check of the bytes. */
static gboolean
judge (Collect *c,
       Item    *item,
       GError **error)
{
  RpFleetCheck *check = item->check;
  g_autofree char *earlier = NULL;
  g_autofree char *reason = NULL;

  if (check->outcome == RP_FLEET_CHECK_GONE)
    {
      list_issue (c->pending, check->file, check->reason);
      item->folder->open++;
      return TRUE;
    }
  if (row_exists (c, STMT_FILE_SEEN, check->file, check->sha256))
    {
      c->unchanged++;
      return TRUE;
    }
  switch (check->outcome)
    {
    case RP_FLEET_CHECK_OPEN:
      list_issue (c->refused, check->file, check->reason);
      item->folder->open++;
      return TRUE;
    case RP_FLEET_CHECK_REFUSED:
      return refuse (c, item, check->reason, error);
    case RP_FLEET_CHECK_SIGNED:
    case RP_FLEET_CHECK_GONE:
    default:
      break;
    }
  earlier = counted_as (c, check->key_id, check->sequence);
  if (earlier != NULL)
    {
      reason = g_strdup_printf ("replay: sequence %" G_GINT64_FORMAT " of key %s was already counted from %s",
                                check->sequence, check->key_id, earlier);
      return refuse (c, item, reason, error);
    }
  return ingest (c, item, error);
}

/* Writes the batch's roll-ups and commits it; @again: opens the next. */
static gboolean
commit_batch (Collect  *c,
              gboolean  again,
              GError  **error)
{
  sqlite3 *db = c->fleet->db;

  if (!rp_fleet_rollup_flush (c->rollup, c->fleet, error))
    return FALSE;
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
      (again && sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK))
    return rp_fleet_sql_error (c->fleet, "commit reports", error);
  return TRUE;
}

/* One more report file judged, or (@read FALSE) skipped by its stamp.
 * Only files read count towards a batch: a daily collect skips a year of
 * them, and a commit per 500 skipped wrote the same few pages to the WAL
 * 800 times. */
static gboolean
judged_one (Collect  *c,
            gboolean  read,
            GError  **error)
{
  if (read && ++c->n_judged % c->batch_size == 0 && !commit_batch (c, TRUE, error))
    return FALSE;
  if (c->fleet->report_delay_ms > 0)
    g_usleep ((gulong) c->fleet->report_delay_ms * 1000);
  return TRUE;
}

static void
check_in_worker (gpointer data,
                 gpointer user_data)
{
  Item *item = data;
  Collect *c = user_data;

  rp_fleet_check_run (item->check, &c->context);
  g_mutex_lock (&c->lock);
  item->done = TRUE;
  g_cond_broadcast (&c->cond);
  g_mutex_unlock (&c->lock);
}

/* Takes back the oldest item, waiting for its check, and judges it. */
static gboolean
finish_oldest (Collect *c,
               GError **error)
{
  Item *item = g_queue_pop_head (&c->items);
  Folder *folder = item->folder;
  gboolean ok;

  g_mutex_lock (&c->lock);
  while (!item->done)
    g_cond_wait (&c->cond, &c->lock);
  g_mutex_unlock (&c->lock);
  if (item->check != NULL)
    {
      if (item->stamp == NULL)
        folder->all_judged = FALSE;
      ok = judge (c, item, error) && judged_one (c, TRUE, error);
    }
  /* Everything in it judged for good: skip it until it changes. */
  else if (folder->stamp != NULL && folder->all_judged && folder->open == 0 &&
           !record_folder (c, folder->rel, folder->stamp))
    ok = rp_fleet_sql_error (c->fleet, "record a folder", error);
  else
    ok = TRUE;
  item_free (item);
  return ok;
}

static void
add_item (Collect      *c,
          Folder       *folder,
          RpFleetCheck *check,
          const char   *stamp)
{
  Item *item = g_new0 (Item, 1);

  item->check = check;
  item->folder = g_rc_box_acquire (folder);
  item->stamp = g_strdup (stamp);
  g_queue_push_tail (&c->items, item);
  if (check == NULL)
    item->done = TRUE;
  else if (c->pool != NULL)
    g_thread_pool_push (c->pool, item, NULL);
  else
    {
      rp_fleet_check_run (check, &c->context);
      item->done = TRUE;
    }
}

/* (transfer full): key id → RpFleetKey for every enrolled key. */
static GHashTable *
load_keys (RpFleet *self,
           GError **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) rp_fleet_key_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "SELECT key_id, public_key, site_id FROM keys", -1, &stmt, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "read the enrolled keys", error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      RpMinisignKey *parsed = rp_minisign_key_parse (text, strlen (text), error);
      RpFleetKey *key;

      if (parsed == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      key = g_new0 (RpFleetKey, 1);
      key->key = parsed;
      key->site_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_hash_table_insert (keys, g_strdup ((const char *) sqlite3_column_text (stmt, 0)), key);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rp_fleet_sql_error (self, "read the enrolled keys", error);
      return NULL;
    }
  return g_steal_pointer (&keys);
}

static void
note_published (Collect       *c,
                RpFleetOrigin *o)
{
  g_autoptr(GPtrArray) channels = rp_fleet_origin_list (o, "channels", TRUE, NULL, NULL, NULL, NULL);

  for (guint i = 0; channels && i < channels->len; i++)
    {
      g_autofree char *rel = g_strdup_printf ("channels/%s/latest.json", (char *) channels->pdata[i]);
      g_autoptr(GBytes) bytes = rp_fleet_origin_read (o, rel, RP_FLEET_MAX_REPORT_SIZE, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      sqlite3_stmt *stmt = NULL;
      JsonObject *m;

      /* Informative only (status: days behind); terminals verify the
       * signature, the office only compares version numbers. */
      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      m = json_node_get_object (json_parser_get_root (parser));
      if (sqlite3_prepare_v2 (c->fleet->db,
                              "INSERT OR REPLACE INTO published (channel, version, issued, seen) VALUES (?, ?, ?, ?)",
                              -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_text (stmt, 1, channels->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member_with_default (m, "version", 0));
      sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (m, "issued", NULL), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->at, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
}

typedef struct
{
  const char *site_id;  /* owned by the key → site table */
  char       *key_id;
  gint64      after;    /* the gap is after..before, both excluded */
  gint64      before;
} Gap;

static void
gap_clear (Gap *gap)
{
  g_free (gap->key_id);
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  const Gap *x = a, *y = b;
  int by_site = strcmp (x->site_id, y->site_id);
  int by_key = strcmp (x->key_id, y->key_id);

  return by_site ? by_site : by_key ? by_key : (x->after > y->after) - (x->after < y->after);
}

/* Gaps in each key's sequence between its lowest and highest counted
 * report: reports the terminal made that never arrived (or were removed).
 * One pass over the (key, sequence) index, gaps found here: a query
 * with a lookup of sequence + 1 per report cost 0.15 s at 400,000
 * reports, in every collect and report. */
JsonArray *
rp_fleet_list_missing (RpFleet *self)
{
  JsonArray *missing = json_array_new ();
  g_autoptr(GHashTable) sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (Gap));
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 previous = 0;

  g_array_set_clear_func (gaps, (GDestroyNotify) gap_clear);
  if (sqlite3_prepare_v2 (self->db, "SELECT key_id, site_id FROM keys", -1, &stmt, NULL) != SQLITE_OK)
    return missing;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (sites, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (sqlite3_prepare_v2 (self->db, "SELECT key_id, sequence FROM reports ORDER BY key_id, sequence", -1, &stmt,
                          NULL) != SQLITE_OK)
    return missing;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key_id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 sequence = sqlite3_column_int64 (stmt, 1);
      const char *site_id;

      if (key == NULL || strcmp (key, key_id) != 0)
        {
          g_free (key);
          key = g_strdup (key_id);
        }
      else if (sequence > previous + 1 && (site_id = g_hash_table_lookup (sites, key_id)) != NULL)
        {
          /* A key always has its row in keys (a report is counted only
           * under an enrolled key); the old query's join skipped others. */
          Gap gap = { site_id, g_strdup (key_id), previous, sequence };

          g_array_append_val (gaps, gap);
        }
      previous = sequence;
    }
  sqlite3_finalize (stmt);
  g_array_sort (gaps, compare_gaps);
  for (guint i = 0; i < gaps->len; i++)
    {
      const Gap *gap = &g_array_index (gaps, Gap, i);

      for (gint64 s = gap->after + 1; s < gap->before; s++)
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "site_id", gap->site_id);
          json_object_set_string_member (o, "key_id", gap->key_id);
          json_object_set_int_member (o, "sequence", s);
          json_array_add_object_element (missing, o);
        }
    }
  return missing;
}

void
rp_fleet_set_collect_pacing (RpFleet *self,
                             guint    batch_size,
                             guint    report_delay_ms)
{
  g_return_if_fail (self != NULL);
  self->batch_size = batch_size;
  self->report_delay_ms = report_delay_ms;
}

static void
collect_clear (Collect *c)
{
  Item *item;

  /* Drops the checks not started, waits for those running. */
  if (c->pool != NULL)
    g_thread_pool_free (g_steal_pointer (&c->pool), TRUE, TRUE);
  while ((item = g_queue_pop_head (&c->items)) != NULL)
    item_free (item);
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&c->stmts[i], sqlite3_finalize);
  g_clear_pointer (&c->rollup, rp_fleet_rollup_free);
  g_clear_pointer (&c->context.keys, g_hash_table_unref);
  g_clear_pointer (&c->context.limit, g_date_time_unref);
  g_clear_pointer (&c->context.today, g_free);
  g_clear_pointer (&c->at, g_free);
  g_clear_pointer (&c->refused, json_array_unref);
  g_clear_pointer (&c->pending, json_array_unref);
  g_mutex_clear (&c->lock);
  g_cond_clear (&c->cond);
}

JsonNode *
rp_fleet_collect (RpFleet    *self,
                  const char *origin,
                  GDateTime  *now,
                  GError    **error)
{
  g_autoptr(GDateTime) clock = now ? g_date_time_ref (now) : g_date_time_new_now_local ();
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GHashTable) site_stamps = NULL;
  Collect c = { 0 };
  gboolean in_batch = FALSE;
  RpFleetOrigin o = { 0 };
  JsonObject *result;
  JsonNode *node = NULL;

  c.fleet = self;
  c.at = rp_fleet_now_text (clock);
  c.refused = json_array_new ();
  c.pending = json_array_new ();
  c.batch_size = self->batch_size ? self->batch_size : BATCH_SIZE;
  c.rollup = rp_fleet_rollup_new ();
  g_mutex_init (&c.lock);
  g_cond_init (&c.cond);
  g_queue_init (&c.items);
  c.context.origin = &o;
  c.context.limit = g_date_time_add_hours (clock, RP_FLEET_FUTURE_SLACK_HOURS);
  c.context.today = g_date_time_format (clock, "%Y-%m-%d");

  if (!rp_fleet_origin_open (&o, origin, error))
    goto out;
  /* Every report adds to the (key, sequence) and files indexes at spots
   * spread over a year's history: SQLite's default 2 MB cache would read
   * them back from the kernel at every turn. */
  sqlite3_exec (self->db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  /* The keys do not change during a collect (enrolling waits for its
   * write lock), so the workers share one read-only copy. */
  c.context.keys = load_keys (self, error);
  if (c.context.keys == NULL)
    goto out;
  /* A folder is read from several threads at once; an HTTP origin is
   * read on this thread (one libsoup session), where the network, not
   * the checks, sets the pace. */
  if (!o.http)
    c.pool = g_thread_pool_new (check_in_worker, &c, MIN (MAX_WORKERS, g_get_num_processors ()), TRUE, error);
  if (!o.http && c.pool == NULL)
    goto out;

  site_stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sites = rp_fleet_origin_list (&o, "usage", TRUE, NULL, NULL, site_stamps, error);
  if (sites == NULL)
    goto out;
  /* Reports are judged in batches, one transaction each: whatever stops
   * a collect (a kill, a power cut) loses whole reports of the batch, with
   * their files rows, and the next collect judges them again. One
   * transaction per report would spend most of collect in commits. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      rp_fleet_sql_error (self, "start collecting", error);
      goto out;
    }
  in_batch = TRUE;
  for (guint i = 0; i < sites->len; i++)
    {
      const char *site = sites->pdata[i];
      g_autofree char *rel = g_strdup_printf ("usage/%s", site);
      g_autoptr(GHashTable) stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autofree char *prefix = g_strdup_printf ("usage/%s/", site);
      g_autoptr(GHashTable) counted = NULL;
      g_autoptr(GHashTable) refused = NULL;
      g_autoptr(GPtrArray) files = NULL;
      const char *folder_stamp = g_hash_table_lookup (site_stamps, site);
      Folder *folder;

      /* A new report is a new file, which changes its folder's time (to
       * the nanosecond in a folder origin; an HTTP listing says only the
       * second, so over HTTP every folder is listed). */
      if (o.http)
        folder_stamp = NULL;
      if (folder_stamp != NULL && row_exists (&c, STMT_FOLDER_UNCHANGED, rel, folder_stamp))
        {
          c.folders_unchanged++;
          continue;
        }
      /* A counted report is not judged again while its file keeps its
       * inode: whatever new bytes an in-place write put there could at
       * most be listed as a refusal, never counted (a terminal names
       * each report afresh), and a daily collect then lists a year of
       * reports without an lstat each. */
      counted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      load_stamps (&c, prefix, counted, refused);
      files = rp_fleet_origin_list (&o, rel, FALSE, ".json", counted, stamps, error);
      if (files == NULL)
        goto out;
      folder = g_rc_box_new0 (Folder);
      folder->rel = g_strdup (rel);
      folder->stamp = g_strdup (folder_stamp);
      folder->all_judged = TRUE;
      for (guint j = 0; j < files->len; j++)
        {
          const char *name = files->pdata[j];
          const char *stamp;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          /* Unchanged since judged (same size, time and inode in the
           * listing): not read again, so a daily collect costs one stat
           * per old report. Bytes changed behind an identical stamp are
           * not judged; whatever they say, the first judgement stands and
           * nothing is counted twice. */
          stamp = g_hash_table_lookup (stamps, name);
          if (stamp != NULL && (g_strcmp0 (g_hash_table_lookup (counted, name), stamp) == 0 ||
                                g_strcmp0 (g_hash_table_lookup (refused, name), stamp) == 0))
            {
              c.unchanged++;
              if (!judged_one (&c, FALSE, error))
                {
                  g_rc_box_release_full (folder, (GDestroyNotify) folder_clear);
                  goto out;
                }
              continue;
            }
          add_item (&c, folder, rp_fleet_check_new (site, name), stamp);
          while (c.items.length > (c.pool ? WINDOW : 0))
            if (!finish_oldest (&c, error))
              {
                g_rc_box_release_full (folder, (GDestroyNotify) folder_clear);
                goto out;
              }
        }
      add_item (&c, folder, NULL, NULL);
      g_rc_box_release_full (folder, (GDestroyNotify) folder_clear);
    }
  while (c.items.length > 0)
    if (!finish_oldest (&c, error))
      goto out;
  note_published (&c, &o);
  if (!commit_batch (&c, FALSE, error))
    goto out;
  in_batch = FALSE;

  result = json_object_new ();
  json_object_set_string_member (result, "listing", o.http ? (o.listing ? o.listing : "json") : "folder");
  json_object_set_int_member (result, "accepted", c.accepted);
  json_object_set_int_member (result, "unchanged", c.unchanged);
  json_object_set_int_member (result, "folders_unchanged", c.folders_unchanged);
  json_object_set_array_member (result, "refused", g_steal_pointer (&c.refused));
  json_object_set_array_member (result, "pending", g_steal_pointer (&c.pending));
  json_object_set_array_member (result, "missing", rp_fleet_list_missing (self));
  node = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);

out:
  collect_clear (&c);
  if (in_batch)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  rp_fleet_origin_clear (&o);
  return node;
}
