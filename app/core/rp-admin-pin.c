/* rp-admin-pin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariant of the store (one row, id = 1): delay_left_us is at most the
 * cap, and is the delay still to serve as seen at (stamp_boot, stamp_us) on
 * the boot-time clock. Nothing in it is a wall-clock time, so neither a
 * clock change nor a restart can turn it into a longer lockout.
 */
#include "config.h"

#include <sodium.h>
#include <sqlite3.h>
#include <time.h>

#include "rp-admin-pin.h"
#include "rp-error.h"
#include "rp-state-db.h"

#define MAX_DELAY_US ((gint64) RP_ADMIN_PIN_MAX_DELAY * G_USEC_PER_SEC)

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

void
rp_pin_clock_now (RpPinClock *clock)
{
  g_autofree char *boot_id = NULL;
  struct timespec ts;

  g_return_if_fail (clock != NULL);

  memset (clock, 0, sizeof *clock);
  /* Boot time keeps counting through a suspend, so a suspended kiosk has
   * served its delay when it wakes; the wall clock plays no part. */
  if (clock_gettime (CLOCK_BOOTTIME, &ts) == 0)
    clock->since_boot_us = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  else
    clock->since_boot_us = g_get_monotonic_time ();
  if (g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL))
    g_strlcpy (clock->boot_id, g_strstrip (boot_id), sizeof clock->boot_id);
}

guint
rp_admin_pin_delay_for_failures (guint failures)
{
  guint doublings;

  if (failures <= RP_ADMIN_PIN_FREE_FAILURES)
    return 0;
  doublings = failures - RP_ADMIN_PIN_FREE_FAILURES - 1;
  /* 30 s · 2^7 already passes the cap: no shift can overflow. */
  if (doublings >= 8)
    return RP_ADMIN_PIN_MAX_DELAY;
  return MIN ((guint) RP_ADMIN_PIN_FIRST_DELAY << doublings, (guint) RP_ADMIN_PIN_MAX_DELAY);
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

static gboolean
db_error (RpAdminPin *self,
          const char *what,
          GError    **error)
{
  g_set_error (error, RP_ERROR, RP_ERROR_DATABASE, "Cannot %s in “%s”: %s", what, self->path,
               self->db ? sqlite3_errmsg (self->db) : "out of memory");
  return FALSE;
}

static gboolean
has_column (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK;

  sqlite3_finalize (stmt);
  return ok;
}

/* Before provisioning existed the first visitor at the pad chose the PIN,
 * with 4 digits and a wall-clock lock: such a PIN proves nothing about who
 * set it, so it is dropped and the terminal must be provisioned. Returns
 * TRUE when a PIN was dropped. */
static gboolean
drop_legacy_store (RpAdminPin *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean had_pin = FALSE;

  if (!has_column (self->db, "SELECT locked_until FROM admin_pin"))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "SELECT hash IS NOT NULL FROM admin_pin WHERE id = 1", -1, &stmt, NULL) ==
        SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    had_pin = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "DROP TABLE admin_pin", NULL, NULL, NULL);
  return had_pin;
}

RpAdminPin *
rp_admin_pin_open (const char *state_db_path,
                   RpStateDb  *audit_db,
                   GError    **error)
{
  g_autoptr(RpAdminPin) self = g_object_new (RP_TYPE_ADMIN_PIN, NULL);
  gboolean dropped;

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
      sqlite3_exec (self->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; BEGIN IMMEDIATE", NULL, NULL,
                    NULL) != SQLITE_OK)
    {
      db_error (self, "open the PIN store", error);
      return NULL;
    }
  dropped = drop_legacy_store (self);
  if (sqlite3_exec (self->db,
                    "CREATE TABLE IF NOT EXISTS admin_pin ("
                    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                    "  hash TEXT,"
                    "  failures INTEGER NOT NULL DEFAULT 0,"
                    "  delay_left_us INTEGER NOT NULL DEFAULT 0,"
                    "  stamp_boot TEXT NOT NULL DEFAULT '',"
                    "  stamp_us INTEGER NOT NULL DEFAULT 0);"
                    "INSERT OR IGNORE INTO admin_pin (id) VALUES (1);"
                    "COMMIT",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      db_error (self, "create the PIN store", error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  if (dropped)
    audit (self, "pin-discarded",
           "a PIN chosen at the pad before provisioning existed; set one with readingpoint-admin pin set");
  return g_steal_pointer (&self);
}

gboolean
rp_admin_pin_is_well_formed (const char *pin)
{
  gsize n;

  if (pin == NULL)
    return FALSE;
  n = strlen (pin);
  if (n < RP_ADMIN_PIN_MIN_DIGITS || n > RP_ADMIN_PIN_MAX_DIGITS)
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
  gint64 delay_left_us;
  char  *stamp_boot;
  gint64 stamp_us;
} PinRow;

static void
pin_row_clear (PinRow *row)
{
  g_clear_pointer (&row->hash, g_free);
  g_clear_pointer (&row->stamp_boot, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PinRow, pin_row_clear)

static gboolean
read_row (RpAdminPin *self,
          PinRow     *row)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  pin_row_clear (row);
  memset (row, 0, sizeof *row);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT hash, failures, delay_left_us, stamp_boot, stamp_us FROM admin_pin WHERE id = 1",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      row->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->failures = MAX (0, sqlite3_column_int64 (stmt, 1));
      row->delay_left_us = sqlite3_column_int64 (stmt, 2);
      row->stamp_boot = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->stamp_us = sqlite3_column_int64 (stmt, 4);
      ok = TRUE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
write_counters (RpAdminPin       *self,
                gint64            failures,
                gint64            delay_left_us,
                const RpPinClock *clock)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE admin_pin SET failures = ?, delay_left_us = ?, stamp_boot = ?, stamp_us = ?"
                          " WHERE id = 1",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, failures);
      sqlite3_bind_int64 (stmt, 2, delay_left_us);
      sqlite3_bind_text (stmt, 3, clock->boot_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, clock->since_boot_us);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The delay still to serve at @clock. Across a reboot (another boot id),
 * or if the boot-time clock went backwards, the time that passed is
 * unknown and none is counted. Clamped to the cap whatever the row says.
 * Callers store the result stamped with @clock whenever it is not 0, so
 * the stored remainder stays current and a reboot resumes only what was
 * still left. */
static gint64
remaining_us (const PinRow     *row,
              const RpPinClock *clock)
{
  gint64 left = CLAMP (row->delay_left_us, 0, MAX_DELAY_US);

  if (left > 0 && g_strcmp0 (row->stamp_boot, clock->boot_id) == 0 && clock->since_boot_us >= row->stamp_us)
    left = MAX (0, left - (clock->since_boot_us - row->stamp_us));
  return left;
}

static guint
to_seconds (gint64 us)
{
  return (guint) ((us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

gboolean
rp_admin_pin_is_set (RpAdminPin *self)
{
  g_auto(PinRow) row = { 0 };

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  return read_row (self, &row) && row.hash != NULL;
}

char *
rp_admin_pin_dup_hash (RpAdminPin *self)
{
  g_auto(PinRow) row = { 0 };

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), NULL);

  read_row (self, &row);
  return g_steal_pointer (&row.hash);
}

static gboolean
hash_matches (const char *hash,
              const char *pin)
{
  return hash != NULL && pin != NULL &&
         crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

/* The check behind the pad and a PIN change. The failure is recorded
 * (and committed) before the hash is compared, and undone only when the
 * PIN was right: a store that cannot record a failure (a full disk) never
 * compares, and killing the process mid-check leaves the failure counted.
 * The write transaction also keeps two checks from counting as one.
 * Audits after COMMIT: the audit log is written on another connection to
 * the same file. */
static RpPinResult
check (RpAdminPin       *self,
       const char       *pin,
       const RpPinClock *clock_in,
       gboolean          audit_success,
       guint            *out_wait)
{
  g_auto(PinRow) row = { 0 };
  g_autofree char *detail = NULL;
  const char *action = NULL;
  RpPinClock now;
  RpPinResult result;
  gint64 left;
  gint64 failures = 0;
  guint delay = 0;

  if (out_wait != NULL)
    *out_wait = 0;
  if (clock_in == NULL)
    rp_pin_clock_now (&now);
  else
    now = *clock_in;

  /* A store that cannot be read or written (busy past the timeout, a
   * full or broken disk) opens nothing: refused, try again in a moment. */
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    goto unavailable;
  if (!read_row (self, &row))
    goto rollback;

  left = remaining_us (&row, &now);
  if (row.hash == NULL)
    {
      result = RP_PIN_NOT_SET;
      action = "pin-attempt-not-set";
    }
  else if (left > 0)
    {
      /* Refused unchecked: a guess during a delay tells nothing. */
      if (!write_counters (self, row.failures, left, &now))
        goto rollback;
      delay = to_seconds (left);
      result = RP_PIN_LOCKED;
      action = "pin-attempt-locked";
      detail = g_strdup_printf ("%u s left", delay);
    }
  else
    {
      failures = MIN (row.failures + 1, G_MAXINT);
      delay = rp_admin_pin_delay_for_failures ((guint) failures);
      if (!write_counters (self, failures, (gint64) delay * G_USEC_PER_SEC, &now))
        goto rollback;
      result = RP_PIN_WRONG;
    }
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto rollback;

  if (result == RP_PIN_WRONG && hash_matches (row.hash, pin))
    {
      /* If even this write fails the delay just recorded stays: the
       * administrator is in, and waits next time. */
      write_counters (self, 0, 0, &now);
      result = RP_PIN_ACCEPTED;
      delay = 0;
      action = audit_success ? "pin-accepted" : NULL;
    }
  else if (result == RP_PIN_WRONG)
    {
      action = "pin-wrong";
      /* The audit records that a wrong PIN was tried, never the PIN. */
      detail = g_strdup_printf ("failure %" G_GINT64_FORMAT " in a row", failures);
    }

  if (action != NULL)
    audit (self, action, detail);
  if (result == RP_PIN_WRONG && delay > 0)
    {
      g_autofree char *locked = g_strdup_printf ("the pad takes no PIN for %u s", delay);
      audit (self, "pin-lockout", locked);
    }
  if (out_wait != NULL)
    *out_wait = delay;
  return result;

rollback:
  g_warning ("The PIN store in “%s” cannot be written: %s", self->path, sqlite3_errmsg (self->db));
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  goto refused;
unavailable:
  g_warning ("The PIN store in “%s” cannot be used: %s", self->path, sqlite3_errmsg (self->db));
refused:
  if (out_wait != NULL)
    *out_wait = 1;
  return RP_PIN_LOCKED;
}

RpPinResult
rp_admin_pin_check (RpAdminPin       *self,
                    const char       *pin,
                    const RpPinClock *clock,
                    guint            *out_wait)
{
  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), RP_PIN_LOCKED);
  return check (self, pin, clock, TRUE, out_wait);
}

gboolean
rp_admin_pin_get_status (RpAdminPin       *self,
                         const RpPinClock *clock_in,
                         RpPinStatus      *out_status,
                         GError          **error)
{
  g_auto(PinRow) row = { 0 };
  RpPinClock now;
  gint64 left;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);
  g_return_val_if_fail (out_status != NULL, FALSE);

  if (clock_in == NULL)
    rp_pin_clock_now (&now);
  else
    now = *clock_in;
  if (!read_row (self, &row))
    return db_error (self, "read the PIN store", error);
  left = remaining_us (&row, &now);
  /* After a reboot the first look starts the count: the delay must not
   * stay whole until someone tries a PIN. */
  if (left > 0 && !write_counters (self, row.failures, left, &now))
    return db_error (self, "update the PIN store", error);
  out_status->set = row.hash != NULL;
  out_status->failures = (guint) MIN (row.failures, G_MAXUINT);
  out_status->delay_seconds = to_seconds (left);
  return TRUE;
}

static gboolean
store_hash (RpAdminPin *self,
            const char *pin,
            GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (crypto_pwhash_str (hash, pin, strlen (pin),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_IO, "Not enough memory to hash the PIN");
      return FALSE;
    }
  ok = sqlite3_prepare_v2 (self->db,
                           "UPDATE admin_pin SET hash = ?, failures = 0, delay_left_us = 0 WHERE id = 1",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  sodium_memzero (hash, sizeof hash);
  return ok ? TRUE : db_error (self, "store the PIN", error);
}

static gboolean
refuse_malformed (const char *pin,
                  GError    **error)
{
  if (rp_admin_pin_is_well_formed (pin))
    return FALSE;
  g_set_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED, "A PIN is %d to %d digits (0–9 only)",
               RP_ADMIN_PIN_MIN_DIGITS, RP_ADMIN_PIN_MAX_DIGITS);
  return TRUE;
}

gboolean
rp_admin_pin_provision (RpAdminPin *self,
                        const char *pin,
                        GError    **error)
{
  gboolean was_set;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  if (refuse_malformed (pin, error))
    return FALSE;
  was_set = rp_admin_pin_is_set (self);
  if (!store_hash (self, pin, error))
    return FALSE;
  audit (self, was_set ? "pin-replaced" : "pin-set", "readingpoint-admin pin set");
  return TRUE;
}

gboolean
rp_admin_pin_set (RpAdminPin *self,
                  const char *current,
                  const char *pin,
                  GError    **error)
{
  guint wait = 0;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  if (refuse_malformed (pin, error))
    return FALSE;
  switch (check (self, current, NULL, FALSE, &wait))
    {
    case RP_PIN_ACCEPTED:
      break;
    case RP_PIN_NOT_SET:
      g_set_error_literal (error, RP_ERROR, RP_ERROR_PIN_REFUSED,
                           "No administrator PIN is set on this terminal. Set one with: readingpoint-admin pin set");
      return FALSE;
    case RP_PIN_LOCKED:
      g_set_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED,
                   "Too many wrong PINs: the PIN cannot be changed for %u s", wait);
      return FALSE;
    case RP_PIN_WRONG:
    default:
      audit (self, "pin-change-refused", "the current PIN was wrong");
      g_set_error_literal (error, RP_ERROR, RP_ERROR_PIN_REFUSED, "The current PIN is wrong");
      return FALSE;
    }
  if (!store_hash (self, pin, error))
    return FALSE;
  audit (self, "pin-changed", NULL);
  return TRUE;
}

gboolean
rp_admin_pin_clear_lockout (RpAdminPin *self,
                            GError    **error)
{
  RpPinClock now;

  g_return_val_if_fail (RP_IS_ADMIN_PIN (self), FALSE);

  rp_pin_clock_now (&now);
  if (!write_counters (self, 0, 0, &now))
    return db_error (self, "clear the lockout", error);
  audit (self, "pin-lockout-cleared", "readingpoint-admin pin clear-lockout");
  return TRUE;
}

void
rp_admin_pin_audit_exit (RpAdminPin *self,
                         const char *what)
{
  g_return_if_fail (RP_IS_ADMIN_PIN (self));
  audit (self, "exit", what);
}
