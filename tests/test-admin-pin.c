/* test-admin-pin.c — the administrators' PIN (provisioning, hash, delays) and the audit chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rp-admin-pin.h"
#include "rp-core.h"
#include "rp-state-db.h"
#include "rp-test-util.h"

typedef struct
{
  char       *dir;
  char       *path;
  RpStateDb  *state;
  RpAdminPin *pin;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("pin-%u", ++counter);
  g_autoptr(GError) error = NULL;

  f->dir = rp_test_make_dir (name);
  f->path = g_build_filename (f->dir, "state.db", NULL);
  f->state = rp_state_db_open (f->path, &error);
  g_assert_no_error (error);
  f->pin = rp_admin_pin_open (f->path, f->state, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->pin);
  g_assert_finalize_object (f->state);
  g_free (f->path);
  g_free (f->dir);
}

/* A boot-time clock the test moves by hand: the PIN store never sees the
 * wall clock. */
static RpPinClock
clock_at (const char *boot_id,
          gint64      seconds)
{
  RpPinClock clock = { { 0 }, seconds * G_USEC_PER_SEC };

  g_strlcpy (clock.boot_id, boot_id, sizeof clock.boot_id);
  return clock;
}

static RpPinResult
check_at (RpAdminPin *pin,
          const char *digits,
          const char *boot_id,
          gint64      seconds,
          guint      *out_wait)
{
  RpPinClock clock = clock_at (boot_id, seconds);
  return rp_admin_pin_check (pin, digits, &clock, out_wait);
}

static gboolean
audit_has (RpStateDb  *state,
           const char *action)
{
  g_auto(GStrv) rows = rp_state_db_list_audit (state, 1000);
  g_autofree char *needle = g_strdup_printf ("  %s  ", action);

  for (guint i = 0; rows[i] != NULL; i++)
    if (strstr (rows[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

/* Issue 12, finding 5: on a new terminal nothing opens the pad and the
 * pad cannot choose the first PIN; only provisioning can. */
static void
test_no_pin_refuses_to_unlock (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RpPinStatus status;

  g_assert_false (rp_admin_pin_is_set (f->pin));
  g_assert_cmpint (check_at (f->pin, "000000", "boot-a", 10, NULL), ==, RP_PIN_NOT_SET);
  g_assert_cmpint (check_at (f->pin, "482916", "boot-a", 11, NULL), ==, RP_PIN_NOT_SET);
  /* The change path (what the pad uses) refuses to set a first PIN. */
  g_assert_false (rp_admin_pin_set (f->pin, NULL, "482916", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "readingpoint-admin pin set"));
  g_clear_error (&error);
  g_assert_false (rp_admin_pin_is_set (f->pin));
  g_assert_cmpint (check_at (f->pin, "482916", "boot-a", 12, NULL), ==, RP_PIN_NOT_SET);
  g_assert_true (rp_admin_pin_get_status (f->pin, NULL, &status, &error));
  g_assert_false (status.set);
  g_assert_true (audit_has (f->state, "pin-attempt-not-set"));

  g_assert_true (rp_admin_pin_provision (f->pin, "482916", &error));
  g_assert_no_error (error);
  g_assert_true (audit_has (f->state, "pin-set"));
  g_assert_cmpint (check_at (f->pin, "482916", "boot-a", 13, NULL), ==, RP_PIN_ACCEPTED);
}

static void
test_pin_set_requires_six_digits (Fixture      *f,
                                  gconstpointer data)
{
  const char *refused[] = { "", "1234", "12345", "12a456", "123 456", "１２３４５６", "1234567890123", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_assert_false (rp_admin_pin_is_well_formed (refused[i]));
      g_assert_false (rp_admin_pin_provision (f->pin, refused[i], &error));
      g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
      g_clear_error (&error);
    }
  g_assert_false (rp_admin_pin_is_set (f->pin));
  g_assert_true (rp_admin_pin_is_well_formed ("123456789012"));

  g_assert_true (rp_admin_pin_provision (f->pin, "482916", &error));
  g_assert_no_error (error);
  hash = rp_admin_pin_dup_hash (f->pin);
  g_test_message ("stored: %s", hash);
  /* libsodium's crypto_pwhash_str: Argon2id with its parameters and salt. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m="));
  g_assert_null (strstr (hash, "482916"));
  g_assert_cmpint (check_at (f->pin, "482916", "boot-a", 1, NULL), ==, RP_PIN_ACCEPTED);
  /* A change to a short PIN is refused too. */
  g_assert_false (rp_admin_pin_set (f->pin, "482916", "1234", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
}

static void
test_change_needs_current_pin (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_admin_pin_provision (f->pin, "111111", &error));
  g_assert_false (rp_admin_pin_set (f->pin, NULL, "222222", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
  g_clear_error (&error);
  g_assert_false (rp_admin_pin_set (f->pin, "999999", "222222", &error));
  g_clear_error (&error);
  g_assert_true (rp_admin_pin_set (f->pin, "111111", "222222", &error));
  g_assert_no_error (error);
  g_assert_cmpint (check_at (f->pin, "111111", "boot-a", 1, NULL), ==, RP_PIN_WRONG);
  g_assert_cmpint (check_at (f->pin, "222222", "boot-a", 2, NULL), ==, RP_PIN_ACCEPTED);
  g_assert_true (audit_has (f->state, "pin-changed"));
  /* Provisioning replaces a PIN without the old one (a forgotten PIN). */
  g_assert_true (rp_admin_pin_provision (f->pin, "333333", &error));
  g_assert_true (audit_has (f->state, "pin-replaced"));
  g_assert_cmpint (check_at (f->pin, "333333", "boot-a", 3, NULL), ==, RP_PIN_ACCEPTED);
}

/* Two free failures, then 30 s doubling to a cap of an hour; while a
 * delay runs even the right PIN is refused unchecked. */
static void
test_delays_escalate_and_cap (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const guint expected[] = { 0, 0, 30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600 };
  gint64 t = 1000;
  guint wait = 99;
  RpPinStatus status;

  g_assert_true (rp_admin_pin_provision (f->pin, "567890", &error));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (rp_admin_pin_delay_for_failures (i + 1), ==, expected[i]);
      g_assert_cmpint (check_at (f->pin, "000000", "boot-a", t, &wait), ==, RP_PIN_WRONG);
      g_assert_cmpuint (wait, ==, expected[i]);
      if (expected[i] > 0)
        {
          /* Halfway through: locked, even for the right PIN. */
          g_assert_cmpint (check_at (f->pin, "567890", "boot-a", t + expected[i] / 2, &wait), ==, RP_PIN_LOCKED);
          g_assert_cmpuint (wait, ==, expected[i] - expected[i] / 2);
        }
      t += expected[i];
    }
  /* The cap holds however many failures follow. */
  g_assert_cmpuint (rp_admin_pin_delay_for_failures (40), ==, RP_ADMIN_PIN_MAX_DELAY);
  g_assert_cmpuint (rp_admin_pin_delay_for_failures (G_MAXUINT), ==, RP_ADMIN_PIN_MAX_DELAY);
  g_assert_true (rp_admin_pin_get_status (f->pin, &(RpPinClock) { "boot-a", t * G_USEC_PER_SEC - 1 }, &status,
                                          &error));
  g_assert_cmpuint (status.failures, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (status.delay_seconds, ==, 1);
  g_assert_true (audit_has (f->state, "pin-lockout"));
  g_assert_true (audit_has (f->state, "pin-attempt-locked"));

  /* Once the delay is served the right PIN opens the pad and the count
   * starts again: two free failures. */
  g_assert_cmpint (check_at (f->pin, "567890", "boot-a", t, &wait), ==, RP_PIN_ACCEPTED);
  g_assert_true (audit_has (f->state, "pin-accepted"));
  g_assert_cmpint (check_at (f->pin, "000000", "boot-a", t + 1, &wait), ==, RP_PIN_WRONG);
  g_assert_cmpuint (wait, ==, 0);
  g_assert_cmpint (check_at (f->pin, "000000", "boot-a", t + 2, &wait), ==, RP_PIN_WRONG);
  g_assert_cmpuint (wait, ==, 0);
}

/* Killing the kiosk (a new RpAdminPin on the same file) or rebooting (a
 * new boot id, the boot-time clock back near 0) does not end a delay. */
static void
test_delay_survives_restart (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpAdminPin) reopened = NULL;
  g_autoptr(RpAdminPin) rebooted = NULL;
  guint wait = 0;
  RpPinStatus status;

  g_assert_true (rp_admin_pin_provision (f->pin, "246813", &error));
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (check_at (f->pin, "000000", "boot-a", 5000 + 120 * i, &wait), ==, RP_PIN_WRONG);
  g_assert_cmpuint (wait, ==, 120);   /* the 5th failure: 30 · 2² */
  g_clear_object (&f->pin);

  /* Restarted 50 s later in the same boot: 70 s are left. */
  reopened = rp_admin_pin_open (f->path, f->state, &error);
  g_assert_no_error (error);
  g_assert_cmpint (check_at (reopened, "246813", "boot-a", 5480 + 50, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 70);
  g_clear_object (&reopened);

  /* Rebooted: the time the machine was down is unknown, so the 70 s left
   * are served again from the first look, on the new boot's clock. */
  rebooted = rp_admin_pin_open (f->path, f->state, &error);
  g_assert_no_error (error);
  g_assert_true (rp_admin_pin_get_status (rebooted, &(RpPinClock) { "boot-b", 3 * G_USEC_PER_SEC }, &status, &error));
  g_assert_cmpuint (status.delay_seconds, ==, 70);
  g_assert_cmpuint (status.failures, ==, 5);
  g_assert_cmpint (check_at (rebooted, "246813", "boot-b", 3 + 69, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 1);
  g_assert_cmpint (check_at (rebooted, "246813", "boot-b", 3 + 70, &wait), ==, RP_PIN_ACCEPTED);
  f->pin = g_steal_pointer (&rebooted);
}

/* What a changed clock could do: the store holds no wall-clock time, and
 * whatever value a row holds (a hand edit, a bug) the delay it gives is at
 * most the cap. A boot-time clock that goes backwards counts no time and
 * never adds any. */
static void
test_stored_delay_never_exceeds_cap (Fixture      *f,
                                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  RpPinStatus status;
  guint wait = 0;
  sqlite3 *db;

  g_assert_true (rp_admin_pin_provision (f->pin, "135790", &error));
  for (guint i = 0; i < 3; i++)
    check_at (f->pin, "000000", "boot-a", 100, &wait);
  g_assert_cmpuint (wait, ==, 30);
  g_assert_cmpint (check_at (f->pin, "135790", "boot-a", 40, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 30);
  g_assert_cmpint (check_at (f->pin, "135790", "boot-a", 70, &wait), ==, RP_PIN_ACCEPTED);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE admin_pin SET failures = 9, delay_left_us = 848000000000000",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (rp_admin_pin_get_status (f->pin, &(RpPinClock) { "boot-a", 70 * G_USEC_PER_SEC }, &status,
                                          &error));
  g_assert_cmpuint (status.delay_seconds, ==, RP_ADMIN_PIN_MAX_DELAY);
  g_assert_cmpint (check_at (f->pin, "135790", "boot-a", 70 + RP_ADMIN_PIN_MAX_DELAY, &wait), ==, RP_PIN_ACCEPTED);
}

/* Before provisioning existed the first visitor chose a 4-digit PIN and a
 * lock was a wall-clock deadline (setting the clock back while locked
 * locked the right PIN out for 26.9 years). Such a store is dropped: no
 * deadline survives, and the terminal must be provisioned. */
static void
test_legacy_wall_clock_lock_is_dropped (void)
{
  g_autofree char *dir = rp_test_make_dir ("pin-legacy");
  g_autofree char *path = g_build_filename (dir, "state.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(RpAdminPin) pin = NULL;
  RpPinStatus status;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE admin_pin (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT,"
                                 " failures INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0);"
                                 "INSERT INTO admin_pin VALUES (1, '$argon2id$v=19$m=65536,t=2,p=1$x$y', 0, 2617000000);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  state = rp_state_db_open (path, &error);
  g_assert_no_error (error);
  pin = rp_admin_pin_open (path, state, &error);
  g_assert_no_error (error);
  g_assert_false (rp_admin_pin_is_set (pin));
  g_assert_true (rp_admin_pin_get_status (pin, NULL, &status, &error));
  g_assert_cmpuint (status.delay_seconds, ==, 0);
  g_assert_true (audit_has (state, "pin-discarded"));
  g_assert_true (rp_admin_pin_provision (pin, "864209", &error));
  g_assert_cmpint (rp_admin_pin_check (pin, "864209", NULL, NULL), ==, RP_PIN_ACCEPTED);
}

/* Every set, success, failure and lockout is in the chain, never the PIN. */
static void
test_audit_chain (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *actions[] = { "pin-set", "pin-wrong", "pin-lockout", "pin-attempt-locked", "pin-accepted", "exit" };
  guint n_rows = 0;
  sqlite3 *db;

  g_assert_true (rp_admin_pin_provision (f->pin, "246897", &error));
  for (guint i = 0; i < 3; i++)
    check_at (f->pin, "000000", "boot-a", 1000, NULL);
  check_at (f->pin, "246897", "boot-a", 1001, NULL);
  check_at (f->pin, "246897", "boot-a", 1030, NULL);
  rp_admin_pin_audit_exit (f->pin, "left the admin panel");
  g_assert_true (rp_state_db_check_audit_chain (f->state, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 8);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (audit_has (f->state, actions[i]));

  /* The PIN itself is never in the log or anywhere in the file. */
  {
    g_autofree char *contents = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
    g_assert_null (memmem (contents, length, "246897", 6));
  }

  /* Someone edits a row to hide a failed attempt: the chain breaks there. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET action = 'pin-accepted' WHERE action = 'pin-wrong'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (rp_state_db_check_audit_chain (f->state, &n_rows, &error));
  g_assert_nonnull (error);
  g_test_message ("tampering detected: %s", error->message);
}

static void
audit_rows (RpStateDb *state,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("row %u", i);
      g_autoptr(GError) error = NULL;
      g_assert_true (rp_state_db_audit (state, "test", "something", detail, &error));
      g_assert_no_error (error);
    }
}

/* Issue 12, finding 9: the head (rows, newest hash) is what leaves the
 * machine; an edited row breaks the walk, with or without an anchor. */
static void
test_audit_verify_detects_edit (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gint64 seq = -1, n = 0;
  sqlite3 *db;

  g_assert_true (rp_state_db_get_audit_head (f->state, &seq, &head, &error));
  g_assert_cmpint (seq, ==, 0);
  g_assert_cmpstr (head, ==, "0000000000000000000000000000000000000000000000000000000000000000");
  g_clear_pointer (&head, g_free);
  audit_rows (f->state, 6);
  g_assert_true (rp_state_db_get_audit_head (f->state, &seq, &head, &error));
  g_assert_cmpint (seq, ==, 6);
  g_assert_cmpuint (strlen (head), ==, 64);
  g_assert_true (rp_state_db_verify_audit_chain (f->state, seq, head, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 6);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET detail = 'nothing happened' WHERE detail = 'row 2'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_false (rp_state_db_verify_audit_chain (f->state, 0, NULL, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "row 3"));
  g_clear_error (&error);
  g_assert_false (rp_state_db_verify_audit_chain (f->state, seq, head, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
}

/* Deleting the newest rows leaves a chain that holds by itself; only the
 * anchor the office kept shows it. Deleting and appending again (rows
 * rechained from the cut) does not hide it either. */
static void
test_audit_verify_detects_truncation_against_anchor (Fixture      *f,
                                                      gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *parsed_hash = NULL;
  g_autofree char *text = NULL;
  gint64 anchor_seq = 0, parsed_seq = 0, n = 0;
  sqlite3 *db;

  audit_rows (f->state, 5);
  g_assert_true (rp_state_db_get_audit_head (f->state, &anchor_seq, &anchor, &error));
  text = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", anchor_seq, anchor);
  g_assert_true (rp_state_db_parse_audit_anchor (text, &parsed_seq, &parsed_hash, &error));
  g_assert_cmpint (parsed_seq, ==, 5);
  g_assert_cmpstr (parsed_hash, ==, anchor);
  g_assert_false (rp_state_db_parse_audit_anchor ("5", NULL, NULL, NULL));
  g_assert_false (rp_state_db_parse_audit_anchor ("x:00", NULL, NULL, NULL));

  /* Rows after the anchor are fine. */
  audit_rows (f->state, 2);
  g_assert_true (rp_state_db_verify_audit_chain (f->state, anchor_seq, anchor, &n, &error));
  g_assert_cmpint (n, ==, 7);

  /* The newest three rows deleted: the chain alone still holds. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE id > 4", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (rp_state_db_check_audit_chain (f->state, NULL, &error));
  g_assert_false (rp_state_db_verify_audit_chain (f->state, anchor_seq, anchor, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "truncated"));
  g_clear_error (&error);

  /* Rows written again after the cut: as many as before, other hashes. */
  audit_rows (f->state, 3);
  g_assert_true (rp_state_db_check_audit_chain (f->state, NULL, &error));
  g_assert_false (rp_state_db_verify_audit_chain (f->state, anchor_seq, anchor, &n, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_DATABASE);
  g_test_message ("%s", error->message);
}

/* A failure that cannot be recorded (a full disk, here a trigger that
 * refuses every write) must not buy a free guess: the PIN is not even
 * compared, the right one included. */
static void
test_unrecordable_failure_refuses (Fixture      *f,
                                   gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint wait = 0;
  sqlite3 *db;

  g_assert_true (rp_admin_pin_provision (f->pin, "975310", &error));
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TRIGGER full_disk BEFORE UPDATE ON admin_pin"
                                 " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 2; i++)
    {
      g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING, "*PIN store*cannot be written*");
      g_assert_cmpint (check_at (f->pin, i == 0 ? "000000" : "975310", "boot-a", 10 + i, &wait), ==, RP_PIN_LOCKED);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (wait, >, 0);
    }
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER full_disk", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (check_at (f->pin, "975310", "boot-a", 20, &wait), ==, RP_PIN_ACCEPTED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/AdminPin/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("no-pin-refuses-to-unlock", test_no_pin_refuses_to_unlock);
  ADD ("pin-set-requires-six-digits", test_pin_set_requires_six_digits);
  ADD ("change-needs-current-pin", test_change_needs_current_pin);
  ADD ("delays-escalate-and-cap", test_delays_escalate_and_cap);
  ADD ("delay-survives-restart", test_delay_survives_restart);
  ADD ("stored-delay-never-exceeds-cap", test_stored_delay_never_exceeds_cap);
  ADD ("unrecordable-failure-refuses", test_unrecordable_failure_refuses);
  ADD ("audit-chain", test_audit_chain);
#undef ADD
  g_test_add_func ("/ReadingPoint/AdminPin/legacy-wall-clock-lock-is-dropped", test_legacy_wall_clock_lock_is_dropped);
  g_test_add ("/ReadingPoint/AuditLog/audit-verify-detects-edit", Fixture, NULL, fixture_set_up,
              test_audit_verify_detects_edit, fixture_tear_down);
  g_test_add ("/ReadingPoint/AuditLog/audit-verify-detects-truncation-against-anchor", Fixture, NULL, fixture_set_up,
              test_audit_verify_detects_truncation_against_anchor, fixture_tear_down);

  return g_test_run ();
}
