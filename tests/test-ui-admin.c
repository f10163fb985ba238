/* test-ui-admin.c — the admin panel in a real display (issue 7): PIN pad,
 * status, sync progress from a slow origin, the usage dashboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. Screenshots go to RP_SCREENSHOT_DIR as ui-admin-*.png.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "rp-admin-page.h"
#include "rp-core.h"
#include "rp-document-page.h"
#include "rp-home-page.h"
#include "rp-pin-pad.h"
#include "rp-style.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-usage-chart.h"
#include "rp-usage-recorder.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;

/* A folder origin that hands out objects only as the test lets them
 * through (slow_let_through): a sync that stops where the test wants to
 * look at its progress bar, with no sleep and no race. */
#define SLOW_TYPE_SOURCE (slow_source_get_type ())
G_DECLARE_FINAL_TYPE (SlowSource, slow_source, SLOW, SOURCE, GObject)

struct _SlowSource
{
  GObject       parent_instance;
  RpSyncSource *inner;
  GMutex        lock;
  GCond         cond;
  guint         allowed;   /* objects the sync's worker may still fetch */
};

static void slow_source_iface_init (RpSyncSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlowSource, slow_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RP_TYPE_SYNC_SOURCE, slow_source_iface_init))

static GBytes *
slow_fetch_file (RpSyncSource *source, const char *path, gsize max, const char *etag, char **out_etag,
                 gboolean *out_not_modified, GCancellable *cancellable, GError **error)
{
  return rp_sync_source_fetch_file (SLOW_SOURCE (source)->inner, path, max, etag, out_etag, out_not_modified,
                                    cancellable, error);
}

static gboolean
slow_fetch_object (RpSyncSource *source, RpObjectSink *sink, GCancellable *cancellable, GError **error)
{
  SlowSource *self = SLOW_SOURCE (source);

  g_mutex_lock (&self->lock);
  while (self->allowed == 0)
    g_cond_wait (&self->cond, &self->lock);
  self->allowed--;
  g_mutex_unlock (&self->lock);
  return rp_sync_source_fetch_object (SLOW_SOURCE (source)->inner, sink, cancellable, error);
}

/* The origin it wraps: the terminal's trust policy trusts the demo key
 * only for the built-in demo origin, and this is that origin, slowed. */
static char *
slow_describe (RpSyncSource *source)
{
  return rp_sync_source_describe (SLOW_SOURCE (source)->inner);
}

static void
slow_source_iface_init (RpSyncSourceInterface *iface)
{
  iface->fetch_file = slow_fetch_file;
  iface->fetch_object = slow_fetch_object;
  iface->describe = slow_describe;
}

static void
slow_source_finalize (GObject *object)
{
  g_clear_object (&SLOW_SOURCE (object)->inner);
  g_mutex_clear (&SLOW_SOURCE (object)->lock);
  g_cond_clear (&SLOW_SOURCE (object)->cond);
  G_OBJECT_CLASS (slow_source_parent_class)->finalize (object);
}

static void
slow_source_class_init (SlowSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = slow_source_finalize;
}

static void
slow_source_init (SlowSource *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static void
slow_let_through (SlowSource *self,
                  guint       n_objects)
{
  g_mutex_lock (&self->lock);
  self->allowed = n_objects > G_MAXUINT - self->allowed ? G_MAXUINT : self->allowed + n_objects;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  g_autofree char *file = g_strdup_printf ("ui-admin-%s.png", name);

  rp_test_ui_screenshot (window, file);
}

static GtkWidget *
new_window (RpDataDir *dir)
{
  GtkWidget *window = rp_test_ui_new_window (TRUE, catalogue, dir);

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  return window;
}

static void
type_pin (GtkWidget  *window,
          const char *digits)
{
  RpPinPad *pad = RP_PIN_PAD (rp_window_get_page (RP_WINDOW (window), "pin"));

  g_assert_nonnull (pad);
  for (const char *d = digits; *d; d++)
    {
      char digit[2] = { *d, '\0' };
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pad), "pin.digit", "s", digit));
    }
  rp_test_ui_settle (400);
}

static void
press_ok (GtkWidget *window)
{
  g_assert_true (gtk_widget_activate_action (rp_window_get_page (RP_WINDOW (window), "pin"), "pin.ok", NULL));
  rp_test_ui_settle (400);
}

static const char *
prompt (GtkWidget *window)
{
  return rp_pin_pad_get_prompt (RP_PIN_PAD (rp_window_get_page (RP_WINDOW (window), "pin")));
}

static RpStateDb *
open_state (void)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "state.db", NULL);
  g_autoptr(GError) error = NULL;
  RpStateDb *state = rp_state_db_open (path, &error);

  g_assert_no_error (error);
  return state;
}

/* What `readingpoint-admin pin set` does at provisioning. */
static void
provision_pin (RpDataDir  *dir,
               const char *digits)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (dir), "state.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);
  g_autoptr(RpAdminPin) pin = NULL;

  g_assert_no_error (error);
  pin = rp_admin_pin_open (path, state, &error);
  g_assert_no_error (error);
  g_assert_true (rp_admin_pin_provision (pin, digits, &error));
  g_assert_no_error (error);
}

/* Issue 12, finding 5: on a terminal without a provisioned PIN the pad
 * says so and how to set one, and never lets a visitor choose it. */
static void
test_no_pin_refuses (void)
{
  g_autofree char *path = rp_test_make_dir ("ui-admin-no-pin");
  g_autoptr(RpDataDir) dir = rp_data_dir_new (path);
  GtkWidget *window = new_window (dir);
  RpWindow *win = RP_WINDOW (window);
  RpPinPad *pad = RP_PIN_PAD (rp_window_get_page (win, "pin"));

  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
  g_assert_true (rp_pin_pad_get_refusing (pad));
  g_assert_cmpstr (rp_pin_pad_get_message (pad), ==,
                   _("No administrator PIN is set on this terminal. Set one with: readingpoint-admin pin set"));
  screenshot (window, "no-pin");
  /* The keys do nothing: what the first visitor types is no PIN. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      for (const char *d = "246813"; *d; d++)
        {
          char digit[2] = { *d, '\0' };
          gtk_widget_activate_action (GTK_WIDGET (pad), "pin.digit", "s", digit);
        }
      gtk_widget_activate_action (GTK_WIDGET (pad), "pin.ok", NULL);
      rp_test_ui_settle (200);
      g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
      g_assert_true (rp_pin_pad_get_refusing (pad));
    }
  {
    g_autofree char *state_path = g_build_filename (path, "state.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(RpStateDb) state = rp_state_db_open (state_path, &error);
    g_autoptr(RpAdminPin) pin = rp_admin_pin_open (state_path, state, &error);
    g_assert_false (rp_admin_pin_is_set (pin));
  }
  /* Cancel is the only way on: back to the residents' screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pad), "pin.cancel", NULL));
  rp_test_ui_settle (200);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");

  /* Once provisioned, the same pad asks for the PIN. */
  provision_pin (dir, "246813");
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  rp_test_ui_settle (200);
  g_assert_false (rp_pin_pad_get_refusing (pad));
  g_assert_cmpstr (prompt (window), ==, _("Enter the administrator PIN"));
  type_pin (window, "246813");
  press_ok (window);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "admin");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

static void
test_pin_pad (void)
{
  GtkWidget *window = new_window (data_dir);
  RpWindow *win = RP_WINDOW (window);
  g_autoptr(RpStateDb) state = NULL;
  g_auto(GStrv) audit = NULL;
  g_autofree char *joined = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;

  /* Provisioned, then what the five-second press on the title does. */
  provision_pin (data_dir, "246810");
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
  g_assert_cmpstr (prompt (window), ==, _("Enter the administrator PIN"));
  type_pin (window, "246");
  screenshot (window, "pin-pad");
  type_pin (window, "810");
  press_ok (window);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "admin");

  /* Leaving, then a wrong PIN, then the right one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (rp_admin_entrance_get_page (rp_window_get_admin_entrance (win))), "admin.close", NULL));
  rp_test_ui_settle (400);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "home");
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  rp_test_ui_settle (400);
  g_assert_cmpstr (prompt (window), ==, _("Enter the administrator PIN"));
  type_pin (window, "111111");
  press_ok (window);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
  g_assert_cmpstr (rp_pin_pad_get_message (RP_PIN_PAD (rp_window_get_page (win, "pin"))), ==, _("Wrong PIN."));
  screenshot (window, "pin-pad-wrong");
  /* Too short for a PIN: refused before any check. */
  type_pin (window, "2468");
  press_ok (window);
  g_assert_cmpstr (rp_pin_pad_get_message (RP_PIN_PAD (rp_window_get_page (win, "pin"))), ==,
                   _("A PIN has 6 to 12 digits."));
  type_pin (window, "246810");
  press_ok (window);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "admin");

  /* Every step is in the hash-chained audit log, and the chain holds. */
  state = open_state ();
  g_assert_true (rp_state_db_check_audit_chain (state, &n_rows, &error));
  g_assert_no_error (error);
  audit = rp_state_db_list_audit (state, 50);
  joined = g_strjoinv ("\n", audit);
  g_test_message ("audit log (%u rows):\n%s", n_rows, joined);
  g_assert_nonnull (strstr (joined, "exit"));
  g_assert_cmpuint (n_rows, >=, 4);

  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

/* The third wrong PIN in a row starts a delay; the pad says how long and
 * refuses even the right PIN meanwhile. */
static void
test_pin_lockout (void)
{
  g_autofree char *path = rp_test_make_dir ("ui-admin-lockout");
  g_autoptr(RpDataDir) dir = rp_data_dir_new (path);
  GtkWidget *window;
  RpWindow *win;
  RpPinPad *pad;
  const guint delay = rp_admin_pin_delay_for_failures (RP_ADMIN_PIN_FREE_FAILURES + 1);
  g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrong PIN. Try again in %u second.",
                                                            "Wrong PIN. Try again in %u seconds.", delay),
                                               delay);
  g_autofree char *locked_prefix = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                                          "Too many wrong PINs. Try again in %u second.",
                                                          "Too many wrong PINs. Try again in %u seconds.", 2));

  provision_pin (dir, "123456");
  window = new_window (dir);
  win = RP_WINDOW (window);
  pad = RP_PIN_PAD (rp_window_get_page (win, "pin"));
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  type_pin (window, "123456");
  press_ok (window);
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "admin");
  gtk_widget_activate_action (window, "nav.home", NULL);
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (win));
  for (guint i = 0; i <= RP_ADMIN_PIN_FREE_FAILURES; i++)
    {
      type_pin (window, "999999");
      press_ok (window);
    }
  g_test_message ("after %d wrong PINs: %s", RP_ADMIN_PIN_FREE_FAILURES + 1, rp_pin_pad_get_message (pad));
  g_assert_cmpstr (rp_pin_pad_get_message (pad), ==, expected);
  /* The right PIN is refused while the delay runs. */
  type_pin (window, "123456");
  press_ok (window);
  g_test_message ("right PIN during the delay: %s", rp_pin_pad_get_message (pad));
  g_assert_cmpstr (rp_window_get_page_name (win), ==, "pin");
  *strstr (locked_prefix, "%u") = '\0';
  g_assert_true (g_str_has_prefix (rp_pin_pad_get_message (pad), locked_prefix));
  screenshot (window, "pin-locked");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

static void
seed_usage (void)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  const char *categories[] = { "key", "org", "guide", "finance", "plan" };
  const char *searches[] = { "保障性住房", "预算", "拆迁补偿" };

  g_assert_no_error (error);
  for (int day = 1; day <= 14; day++)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) when = g_date_time_add_days (now, -day);
      int visits = 6 + (day * 7) % 11;

      for (int v = 0; v < visits; v++)
        {
          g_autofree char *hour = g_strdup_printf ("%02d", 8 + (v * 5 + day) % 10);
          rp_usage_count (usage, RP_USAGE_VISIT, rp_usage_duration_bucket (30 + v * 70), when, &error);
          rp_usage_count (usage, RP_USAGE_HOUR, hour, when, &error);
          rp_usage_count_catalogue_id (usage, RP_USAGE_CATEGORY, categories[(v + day) % (1 + v % 5)], when, &error);
          /* Each loop is a visit: k counts distinct visits (issue 12). */
          rp_usage_begin_visit (usage);
          rp_usage_count_search (usage, searches[v % 3], v % 2, when, &error);
          rp_usage_end_visit (usage, &error);
          g_assert_no_error (error);
        }
      rp_usage_count_search (usage, "13800138000", 0, when, &error);
      rp_usage_count (usage, RP_USAGE_LANGUAGE, day % 3 ? "zh_CN" : "en", when, &error);
    }
}

static void
seed_documents (void)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "usage.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = g_date_time_add_days (now, -2);

  g_assert_no_error (error);
  for (guint i = 0; i < MIN (6u, g_list_model_get_n_items (entries)); i++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, i);
      g_autofree char *subject = g_strdup_printf ("%s/0", rp_entry_get_id (entry));
      for (guint n = 0; n < 12 - 2 * i; n++)
        rp_usage_count_catalogue_id (usage, RP_USAGE_DOCUMENT, subject, when, &error);
    }
}

/* The status page shows the terminal's public key as a QR code the office
 * scans to enrol it: the code on screen decodes to the key line that
 * `readingpoint-fleet enrol` takes. */
static void
assert_identity_qr (const char *terminal_dir)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *shot = g_build_filename (g_getenv ("RP_SCREENSHOT_DIR"), "ui-admin-status.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignSecretKey) sk = rp_identity_load_or_create (terminal_dir, &error);
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autofree char *line = NULL;
  g_autofree char *decoded = NULL;
  const char *argv[] = { "zbarimg", "-q", "--raw", shot, NULL };

  g_assert_no_error (error);
  pk = rp_minisign_secret_key_get_public (sk);
  line = rp_identity_public_key_line (pk);
  if (zbarimg == NULL)
    {
      g_test_message ("zbarimg is not installed: the identity QR code is not decoded");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &decoded, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("identity QR: %s", decoded);
  g_assert_nonnull (strstr (decoded, line));
}

/* The status section's catalogue row: "50 entries · 85.5 kB published in
 * 1 chunk · 442.4 kB on disk" for the demo (one chunk). */
static gboolean
is_catalogue_size (GtkWidget    *widget,
                   gconstpointer data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  return g_str_has_prefix (text, data) && strstr (text, " published in 1 chunk · ") != NULL &&
         g_str_has_suffix (text, " on disk");
}

static void
test_status_and_dashboard (void)
{
  GtkWidget *window;
  RpAdminPage *page;
  g_autofree char *usb = rp_test_make_dir ("usb-stick");
  g_autoptr(GSettings) settings = g_settings_new (RP_APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  seed_usage ();
  seed_documents ();
  g_settings_set_string (settings, "site-id", "qingxi-hall-03");
  provision_pin (data_dir, "246810");
  window = new_window (data_dir);
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (RP_WINDOW (window)));
  type_pin (window, "246810");
  press_ok (window);
  page = rp_admin_entrance_get_page (rp_window_get_admin_entrance (RP_WINDOW (window)));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "admin");
  screenshot (window, "status");
  assert_identity_qr (rp_data_dir_get_path (data_dir));
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, is_catalogue_size, "50 entries · "));

  rp_admin_page_show_section (page, "usage");
  screenshot (window, "dashboard");

  /* Export to a "USB stick": CSV and JSON, the canary nowhere. */
  g_assert_true (rp_admin_page_export_usage_to (page, usb, &error));
  g_assert_no_error (error);
  dir = g_dir_open (usb, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (usb, name, NULL);
      char **target = g_str_has_suffix (name, ".csv") ? &csv : &json;
      g_assert_true (g_file_get_contents (path, target, NULL, NULL));
    }
  g_assert_nonnull (csv);
  g_assert_nonnull (json);
  g_test_message ("exported CSV:\n%s", csv);
  g_assert_null (strstr (csv, "13800138000"));
  g_assert_null (strstr (json, "13800138000"));
  g_assert_nonnull (strstr (csv, "保障性住房"));

  rp_admin_page_show_section (page, "settings");
  screenshot (window, "settings");
  rp_admin_page_show_section (page, "audit");
  screenshot (window, "audit");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

typedef struct
{
  RpAdminPage *page;
  double       before;
} Progress;

static gboolean
sync_ended (gpointer page)
{
  return !rp_admin_page_is_syncing (page);
}

/* Every installed PDF of @data's terminal has its install-time previews. */
static gboolean
previews_drawn (gpointer data)
{
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data, NULL);
  g_autoptr(RpTerminalStatus) status = rp_terminal_get_status (terminal);

  return status->n_previews_wanted > 0 && status->n_previews_done == status->n_previews_wanted;
}

static gboolean
progress_moved (gpointer data)
{
  Progress *progress = data;

  return rp_admin_page_get_fraction (progress->page) > progress->before || sync_ended (progress->page);
}

/* Lets objects through one at a time until the bar shows @fraction (or the
 * sync ends), each time waiting for the bar to move. */
static void
progress_to (RpAdminPage *page,
             SlowSource  *slow,
             double       fraction)
{
  while (rp_admin_page_get_fraction (page) < fraction && !sync_ended (page))
    {
      Progress progress = { page, rp_admin_page_get_fraction (page) };

      slow_let_through (slow, 1);
      rp_test_ui_wait_until (progress_moved, &progress, "the progress bar moves");
    }
}

/* The panel's sync is in the audit log under its own name: its start
 * with the source, then its outcome (newest first). */
static void
assert_sync_audited (RpDataDir    *dir,
                     RpSyncSource *source)
{
  g_autofree char *path = rp_data_dir_build_state_path (rp_data_dir_get_path (dir));
  g_autofree char *described = rp_sync_source_describe (source);
  g_autofree char *started = g_strdup_printf ("  admin-panel  sync-start  %s", described);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = rp_state_db_open (path, &error);
  g_auto(GStrv) rows = NULL;
  int start_row = -1, end_row = -1;

  g_assert_no_error (error);
  rows = rp_state_db_list_audit (state, 50);
  for (int i = 0; rows[i] != NULL; i++)
    {
      if (g_str_has_suffix (rows[i], started))
        start_row = i;
      if (g_str_has_suffix (rows[i], "  admin-panel  sync  installed"))
        end_row = i;
    }
  g_assert_cmpint (start_row, >=, 0);
  g_assert_cmpint (end_row, >=, 0);
  g_assert_cmpint (end_row, <, start_row);
}

static void
test_sync_progress (void)
{
  g_autofree char *empty_path = rp_test_make_dir ("ui-admin-empty");
  g_autoptr(RpDataDir) empty = rp_data_dir_new (empty_path);
  GtkWidget *window = new_window (empty);
  RpAdminPage *page;
  SlowSource *slow = g_object_new (SLOW_TYPE_SOURCE, NULL);
  g_autoptr(RpSyncSource) source = RP_SYNC_SOURCE (slow);
  double first, second;

  slow->inner = RP_SYNC_SOURCE (rp_sync_folder_source_new (g_getenv ("READINGPOINT_DEMO_ORIGIN")));
  provision_pin (empty, "135791");
  rp_admin_entrance_open_pin_pad (rp_window_get_admin_entrance (RP_WINDOW (window)));
  type_pin (window, "135791");
  press_ok (window);
  page = rp_admin_entrance_get_page (rp_window_get_admin_entrance (RP_WINDOW (window)));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "admin");

  rp_admin_page_sync_from (page, source);
  g_assert_true (rp_admin_page_is_syncing (page));
  progress_to (page, slow, 0.15);
  first = rp_admin_page_get_fraction (page);
  screenshot (window, "sync-1");
  progress_to (page, slow, first + 0.3);
  second = rp_admin_page_get_fraction (page);
  screenshot (window, "sync-2");
  g_test_message ("progress: %.2f then %.2f", first, second);
  g_assert_cmpfloat (first, >, 0.0);
  g_assert_cmpfloat (second, >, first);
  slow_let_through (slow, G_MAXUINT);
  rp_test_ui_wait_until (sync_ended, page, "the sync ends");
  g_test_message ("result: %s", rp_admin_page_get_sync_result (page));
  {
    g_autofree char *expected = g_strdup_printf (_("Installed version %s."), "1");
    g_assert_cmpstr (rp_admin_page_get_sync_result (page), ==, expected);
  }
  assert_sync_audited (empty, source);
  /* An install made here draws its previews too, in the background. */
  rp_test_ui_wait_until (previews_drawn, empty, "the installed documents' previews are drawn");
  screenshot (window, "sync-done");
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

static gint64
counted (RpUsageKind  kind,
         const char  *subject)
{
  g_autofree char *path = g_build_filename (rp_data_dir_get_path (data_dir), "usage.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(RpUsage) usage = rp_usage_open (path, &error);
  g_autoptr(GPtrArray) totals = rp_usage_totals (usage, kind, today, today, subject == NULL, 0, &error);
  gint64 total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < totals->len; i++)
    {
      RpUsageTotal *t = g_ptr_array_index (totals, i);
      if (subject == NULL || g_str_equal (t->subject, subject))
        total += t->count;
    }
  return total;
}

/* What a resident does is counted, through the window, as counters. */
static gboolean
document_failed (gpointer data)
{
  RpDocumentPage *page = RP_DOCUMENT_PAGE (rp_window_get_page (RP_WINDOW (data), "document"));
  return rp_document_page_get_error (page) != NULL;
}

/* An attachment that cannot be shown is counted (entry id/attachment
 * index) for the office's list of documents to fix. Its object is removed
 * from the store, as a failing disk would; this runs last. */
static void
assert_failed_document_counted (GtkWidget *window)
{
  const char *categories[] = { "guide", "fagui", "caizheng", "guihua", "jigou" };
  g_autoptr(RpEntry) found = NULL;
  g_autofree char *subject = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (categories) && found == NULL; c++)
    {
      g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, categories[c]);

      for (guint i = 0; entries != NULL && i < g_list_model_get_n_items (entries) && found == NULL; i++)
        {
          g_autoptr(RpEntry) e = g_list_model_get_item (entries, i);
          g_autoptr(RpAttachment) a = g_list_model_get_n_items (rp_entry_get_attachments (e)) > 0
                                        ? g_list_model_get_item (rp_entry_get_attachments (e), 0) : NULL;

          if (a != NULL && !rp_attachment_is_image (a) && rp_attachment_get_local_path (a) != NULL)
            {
              g_assert_cmpint (g_unlink (rp_attachment_get_local_path (a)), ==, 0);
              found = g_steal_pointer (&e);
            }
        }
    }
  g_assert_nonnull (found);
  subject = g_strdup_printf ("%s/0", rp_entry_get_id (found));
  g_assert_true (gtk_widget_activate_action (window, "nav.attachment", "(su)", rp_entry_get_id (found), 0));
  rp_test_ui_wait_until (document_failed, window, "the document page says the file cannot be shown");
  g_test_message ("could not be shown: %s", subject);
  g_assert_cmpint (counted (RP_USAGE_DOCUMENT_FAILED, subject), ==, 1);
}

static void
test_usage_recorder (void)
{
  GtkWidget *window = new_window (data_dir);
  RpWindow *win = RP_WINDOW (window);
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (catalogue, "guide");
  g_autoptr(RpEntry) entry = g_list_model_get_item (entries, 0);
  gint64 hours = counted (RP_USAGE_HOUR, NULL);
  gint64 visits = counted (RP_USAGE_VISIT, NULL);
  gint64 searches = counted (RP_USAGE_SEARCH, NULL);

  g_assert_true (gtk_widget_activate_action (window, "nav.category", "s", "guide"));
  g_assert_true (gtk_widget_activate_action (window, "nav.entry", "s", rp_entry_get_id (entry)));
  rp_test_ui_settle (400);
  gtk_widget_activate_action (window, "nav.home", NULL);
  g_assert_true (gtk_widget_activate_action (window, "visit.text-size", "s", "150"));
  rp_home_page_set_search_text (RP_HOME_PAGE (rp_window_get_page (win, "home")), "预算");
  rp_test_ui_settle (400);
  rp_test_ui_settle (400);
  rp_window_reset_visit (win);
  rp_test_ui_settle (400);

  g_assert_cmpint (counted (RP_USAGE_CATEGORY, "guide"), ==, 1);
  g_assert_cmpint (counted (RP_USAGE_ENTRY, rp_entry_get_id (entry)), ==, 1);
  g_assert_cmpint (counted (RP_USAGE_HOUR, NULL), ==, hours + 1);
  g_assert_cmpint (counted (RP_USAGE_VISIT, NULL), ==, visits + 1);
  g_assert_cmpint (counted (RP_USAGE_SEARCH, NULL), ==, searches + 1);
  g_assert_cmpint (counted (RP_USAGE_TEXT_SIZE, "150"), ==, 1);
  /* The entry page showed the QR code of its online original. */
  g_assert_nonnull (rp_entry_get_url (entry));
  g_assert_cmpint (counted (RP_USAGE_QR, rp_entry_get_id (entry)), ==, 1);
  g_test_message ("counted: category guide, entry %s, one hour, one visit, one search", rp_entry_get_id (entry));
  assert_failed_document_counted (window);
  rp_test_ui_destroy_window (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);

  data_dir = rp_test_ui_demo_terminal ("ui-admin-terminal", &catalogue);

  g_test_add_func ("/ReadingPoint/UI/Admin/no-pin-refuses", test_no_pin_refuses);
  g_test_add_func ("/ReadingPoint/UI/Admin/pin-pad", test_pin_pad);
  g_test_add_func ("/ReadingPoint/UI/Admin/pin-lockout", test_pin_lockout);
  g_test_add_func ("/ReadingPoint/UI/Admin/status-and-dashboard", test_status_and_dashboard);
  g_test_add_func ("/ReadingPoint/UI/Admin/sync-progress", test_sync_progress);
  g_test_add_func ("/ReadingPoint/UI/Admin/usage-recorder", test_usage_recorder);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
