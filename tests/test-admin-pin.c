/* test-admin-pin.c — the administrators' PIN: hash format, lockout, audit chain
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

static void
test_first_pin_and_hash_format (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  g_assert_false (rp_admin_pin_is_set (f->pin));
  /* No factory PIN: nothing is accepted before one is set. */
  g_assert_cmpint (rp_admin_pin_check (f->pin, "0000", 1000, NULL), ==, RP_PIN_WRONG);

  g_assert_false (rp_admin_pin_set (f->pin, NULL, "12a4", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
  g_clear_error (&error);
  g_assert_false (rp_admin_pin_set (f->pin, NULL, "123", &error));
  g_clear_error (&error);

  g_assert_true (rp_admin_pin_set (f->pin, NULL, "482916", &error));
  g_assert_no_error (error);
  g_assert_true (rp_admin_pin_is_set (f->pin));
  hash = rp_admin_pin_dup_hash (f->pin);
  g_test_message ("stored: %s", hash);
  /* libsodium's crypto_pwhash_str: Argon2id with its parameters and salt. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m="));
  g_assert_null (strstr (hash, "482916"));
  g_assert_cmpint (rp_admin_pin_check (f->pin, "482916", 1000, NULL), ==, RP_PIN_ACCEPTED);
}

static void
test_change_needs_current_pin (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_admin_pin_set (f->pin, NULL, "1111", &error));
  g_assert_false (rp_admin_pin_set (f->pin, NULL, "2222", &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_PIN_REFUSED);
  g_clear_error (&error);
  g_assert_false (rp_admin_pin_set (f->pin, "9999", "2222", &error));
  g_clear_error (&error);
  g_assert_true (rp_admin_pin_set (f->pin, "1111", "2222", &error));
  g_assert_cmpint (rp_admin_pin_check (f->pin, "1111", 1000, NULL), ==, RP_PIN_WRONG);
  g_assert_cmpint (rp_admin_pin_check (f->pin, "2222", 1000, NULL), ==, RP_PIN_ACCEPTED);
}

static void
test_lockout_timing (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpAdminPin) reopened = NULL;
  gint64 t = 1800000000;
  guint wait = 0;

  g_assert_true (rp_admin_pin_set (f->pin, NULL, "5678", &error));
  for (guint i = 1; i < RP_ADMIN_PIN_MAX_FAILURES; i++)
    g_assert_cmpint (rp_admin_pin_check (f->pin, "0000", t + i, &wait), ==, RP_PIN_WRONG);
  /* The fifth wrong PIN locks the pad for five minutes. */
  g_assert_cmpint (rp_admin_pin_check (f->pin, "0000", t + 10, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 300);
  /* Even the right PIN is refused while locked, and the lock survives a
   * restart of the kiosk. */
  g_assert_cmpint (rp_admin_pin_check (f->pin, "5678", t + 11, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 299);
  reopened = rp_admin_pin_open (f->path, f->state, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rp_admin_pin_check (reopened, "5678", t + 10 + 299, &wait), ==, RP_PIN_LOCKED);
  g_assert_cmpuint (wait, ==, 1);
  g_assert_cmpint (rp_admin_pin_check (reopened, "5678", t + 10 + 300, &wait), ==, RP_PIN_ACCEPTED);
  /* A success starts the count again. */
  for (guint i = 1; i < RP_ADMIN_PIN_MAX_FAILURES; i++)
    g_assert_cmpint (rp_admin_pin_check (reopened, "0000", t + 400 + i, NULL), ==, RP_PIN_WRONG);
}

static void
test_audit_chain (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;
  sqlite3 *db;

  g_assert_true (rp_admin_pin_set (f->pin, NULL, "2468", &error));
  rp_admin_pin_check (f->pin, "0000", 1000, NULL);
  rp_admin_pin_check (f->pin, "2468", 1001, NULL);
  rp_admin_pin_audit_exit (f->pin, "left the admin panel");
  g_assert_true (rp_state_db_check_audit_chain (f->state, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 4);

  /* The PIN itself is never in the log or anywhere in the file. */
  {
    g_autofree char *contents = NULL;
    gsize length;
    g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
    g_assert_null (memmem (contents, length, "2468", 4));
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/ReadingPoint/AdminPin/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-pin-and-hash-format", test_first_pin_and_hash_format);
  ADD ("change-needs-current-pin", test_change_needs_current_pin);
  ADD ("lockout-timing", test_lockout_timing);
  ADD ("audit-chain", test_audit_chain);
#undef ADD

  return g_test_run ();
}
