/* rp-admin-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>

#include "rp-admin-pin.h"
#include "rp-error.h"
#include "rp-state-db.h"

#define MIN_DIGITS 4
#define MAX_DIGITS 12

struct _RpAdminPin
{
  GObject    parent_instance;
  sqlite3   *db;
  RpStateDb *audit;
  char      *path;
};

G_DEFINE_FINAL_TYPE (RpAdminPin, rp_admin_pin, G_TYPE_OBJECT)

static void
rp_admin_pin_finalize (GObject *object)
{
  RpAdminPin *self = RP_ADMIN_PIN (object);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->audit);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rp_admin_pin_parent_class)->finalize (object);
}

static void
rp_admin_pin_class_init (RpAdminPinClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_admin_pin_finalize;
}

static void
rp_admin_pin_init (RpAdminPin *self)
{
}

static void
audit (RpAdminPin *self,
       const char *action,
       const char *detail)
{
  g_autoptr(GError) error = NULL;

  /* An audit failure (a full disk) must not open or lock the pad by
   * itself; it is reported where administrators look. */
  if (self->audit != NULL && !rp_state_db_audit (self->audit, "admin", action, detail, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

RpAdminPin *
rp_admin_pin_open (const char *state_db_path,
                   RpStateDb  *audit_db,
                   GError    **error)
{
  g_autoptr(RpAdminPin) self = g_object_new (RP_TYPE_ADMIN_PIN, NULL);

  g_return_val_if_fail (state_db_path != NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "libsodium could not be initialised");
      return NULL;
    }
  self->path = g_strdup (state_db_path);
  if (audit_db != NULL)
    self->audit = g_object_ref (audit_db);
  if (sqlite3_open_v2 (state_db_path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_busy_timeout (self->db, 5000) != SQLITE_OK ||
      sqlite3_exec (self->db,
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                    "CREATE TABLE IF NOT EXISTS admin_pin ("
                    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                    "  hash TEXT,"
                    "  failures INTEGER NOT NULL DEFAULT 0,"
                    "  locked_until INTEGER NOT NULL DEFAULT 0);"
                    "INSERT OR IGNORE INTO admin_pin (id) VALUES (1);",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot open the PIN store in “%s”: %s",
                   state_db_path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
rp_admin_pin_is_well_formed (const char *pin)
{
  gsize n;

  if (pin == NULL)
    return FALSE;
  n = strlen (pin);
  if (n < MIN_DIGITS || n > MAX_DIGITS)
    return FALSE;
  for (const char *p = pin; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

typedef struct
{
  char  *hash;
  gint64 failures;
  gint64 locked_until;
} PinRow;

static gboolean
read_row (RpAdminPin *self,
          PinRow     *row)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  memset (row, 0, sizeof *row);
  if (sqlite3_prepare_v2 (self->db, "SELECT hash, failures, locked_until FROM admin_pin WHERE id = 1",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->failures = sqlite3_column_int64 (stmt, 1);
      row->locked_until = sqlite3_column_int64 (stmt, 2);
      ok = TRUE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_counters (RpAdminPin *self,
                gint64      failures,
                gint64      locked_until)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, "UPDATE admin_pin SET failures = ?, locked_until = ? WHERE id = 1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, failures);
      sqlite3_bind_int64 (stmt, 2, locked_until);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
rp_admin_pin_is_set (RpAdminPin *self)
{
  PinRow row;
  gboolean set;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  set = read_row (self, &row) && row.hash != NULL;
  g_free (row.hash);
  return set;
}

char *
rp_admin_pin_dup_hash (RpAdminPin *self)
{
  PinRow row;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), NULL);

  read_row (self, &row);
  return row.hash;
}

static gboolean
hash_matches (const char *hash,
              const char *pin)
{
  return hash != NULL && pin != NULL &&
         crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

gboolean
rp_admin_pin_set (RpAdminPin *self,
                  const char *current,
                  const char *pin,
                  GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];
  sqlite3_stmt *stmt = NULL;
  PinRow row;
  gboolean ok;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  if (!rp_admin_pin_is_well_formed (pin))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED,
                   "A PIN is %d to %d digits", MIN_DIGITS, MAX_DIGITS);
      return FALSE;
    }
  if (!read_row (self, &row))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot read the PIN store: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  /* Only the first PIN may be set without knowing one. */
  if (row.hash != NULL && !hash_matches (row.hash, current))
    {
      g_free (row.hash);
      audit (self, "pin-change-refused", "the current PIN was wrong");
      g_set_error_literal (error, RP_ERROR, RP_ERROR_PIN_REFUSED, "The current PIN is wrong");
      return FALSE;
    }
  g_free (row.hash);

  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "Not enough memory to hash the PIN");
      return FALSE;
    }
  ok = sqlite3_prepare_v2 (self->db, "UPDATE admin_pin SET hash = ?, failures = 0, locked_until = 0 WHERE id = 1",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  sodium_memzero (hash, sizeof hash);
  if (!ok)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot store the PIN: %s", sqlite3_errmsg (self->db));
      return FALSE;
    }
  audit (self, current == NULL ? "pin-set" : "pin-changed", NULL);
  return TRUE;
}

RpPinResult
rp_admin_pin_check (RpAdminPin *self,
                    const char *pin,
                    gint64      now,
                    guint      *out_wait)
{
  PinRow row;
  RpPinResult result;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), RP_PIN_LOCKED);

  if (out_wait != NULL)
    *out_wait = 0;
  if (!read_row (self, &row))
    return RP_PIN_LOCKED;

  if (row.locked_until > now)
    {
      if (out_wait != NULL)
        *out_wait = (guint) (row.locked_until - now);
      audit (self, "pin-attempt-locked", NULL);
      g_free (row.hash);
      return RP_PIN_LOCKED;
    }

  if (hash_matches (row.hash, pin))
    {
      write_counters (self, 0, 0);
      audit (self, "pin-accepted", NULL);
      result = RP_PIN_ACCEPTED;
    }
  else
    {
      gint64 failures = row.failures + 1;
      gint64 locked_until = 0;
      g_autofree char *detail = NULL;

      if (failures >= RP_ADMIN_PIN_MAX_FAILURES)
        {
          locked_until = now + RP_ADMIN_PIN_LOCK_SECONDS;
          failures = 0;
          if (out_wait != NULL)
            *out_wait = RP_ADMIN_PIN_LOCK_SECONDS;
        }
      write_counters (self, failures, locked_until);
      detail = locked_until ? g_strdup_printf ("locked for %d s", RP_ADMIN_PIN_LOCK_SECONDS)
                            : g_strdup_printf ("failure %" G_GINT64_FORMAT " of %d", failures, RP_ADMIN_PIN_MAX_FAILURES);
      /* The audit records that a wrong PIN was tried, never the PIN. */
      audit (self, "pin-wrong", detail);
      result = locked_until ? RP_PIN_LOCKED : RP_PIN_WRONG;
    }
  g_free (row.hash);
  return result;
}

void
rp_admin_pin_audit_exit (RpAdminPin *self,
                         const char *what)
{
  g_return_if_fail (RP_IS_ADMIN_PIN (self));
  audit (self, "exit", what);
}
