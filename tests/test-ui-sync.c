/* test-ui-sync.c — the reader syncs by itself while a document is open
 * (issue 16), against a real nginx
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application gets a scheduler with a test network monitor and a
 * short first-check delay; everything else is the reader's own wiring:
 * the window keeps what is open, the desktop notice counts what is new,
 * What's new lists it, and home shows the new catalogue.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>

#include "rp-application.h"
#include "rp-core.h"
#include "rp-test-network.h"
#include "rp-test-origin.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-window-private.h"

#define NEW_ID "T-2026-00040"
#define NEW_TITLE "二〇二六年秋季学期校车线路调整的通知"
#define CHANGED_ID "T-2026-00017"

static char *root;
static char *sk, *pk;

/* Version @version of the test source: from 2 on, one entry more and the
 * enrolment PDF's text changed. */
static void
publish_version (const char *origin,
                 const char *name,
                 gint64      version)
{
  g_autofree char *source_name = g_strdup_printf ("%s-src%" G_GINT64_FORMAT, name, version);
  g_autofree char *source = rp_test_make_source (source_name);

  if (version > 1)
    {
      g_autofree char *json_path = g_build_filename (source, "catalogue.json", NULL);
      g_autofree char *pdf = g_build_filename (source, "files", "enrolment.pdf", NULL);
      g_autofree char *json = NULL;
      g_autoptr(GString) text = NULL;

      g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
      text = g_string_new (json);
      g_assert_cmpuint (g_string_replace (text, "  \"entries\": [\n",
                                          "  \"entries\": [\n"
                                          "    {\"id\": \"" NEW_ID "\", \"title\": \"" NEW_TITLE "\",\n"
                                          "     \"organ\": \"测试区教育局\", \"date\": \"2026-05-02\", \"category\": \"key-edu\"},\n",
                                          1), ==, 1);
      rp_test_write_file (source, "catalogue.json", text->str, -1);
      rp_test_write_pdf (pdf, 3, "Enrolment, revised");
    }
  rp_test_publish (source, origin, sk, version, 30);
  rp_test_age_latest (origin, "test", version);
}

static GSettings *
configured_settings (const char *url)
{
  GSettings *settings = rp_settings_new ();

  g_assert_nonnull (settings);
  rp_test_configure (settings, pk, "test", url);
  return settings;
}

/* A terminal with version 1 of @url installed. */
static RpDataDir *
installed_terminal (const char *name,
                    GSettings  *settings)
{
  g_autofree char *path = rp_test_make_dir (name);
  RpDataDir *data_dir = rp_data_dir_new (path);
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autofree char *origin = rp_terminal_dup_origin (terminal);
  g_autoptr(RpSyncEngine) engine = rp_terminal_new_sync_engine (terminal, "test", NULL, NULL, NULL);
  g_autoptr(RpSyncSource) source = rp_sync_source_new_for_origin (origin);
  g_autoptr(GError) error = NULL;

  g_assert_true (rp_sync_engine_run (engine, source, NULL, NULL, &error));
  g_assert_no_error (error);
  return data_dir;
}

static RpApplication *
app_of (GtkWidget *window)
{
  return RP_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
}

/* The application's scheduler for @data_dir, on a test network that is
 * up, first check 200 ms after start. */
static RpSyncScheduler *
start_scheduler (GtkWidget *window,
                 RpDataDir *data_dir,
                 GSettings *settings)
{
  g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);
  g_autoptr(RpTestNetwork) network = rp_test_network_new (TRUE, FALSE);
  RpSyncScheduler *scheduler = rp_sync_scheduler_new (terminal, G_NETWORK_MONITOR (network));

  rp_sync_scheduler_set_timing (scheduler, 200, 60 * 60 * 1000, 1000, 60000);
  rp_application_set_sync_scheduler (app_of (window), scheduler);
  return scheduler;
}

static void
open_document (GtkWidget  *window,
               const char *id)
{
  RpDocumentPage *page = RP_DOCUMENT_PAGE (rp_window_get_page (RP_WINDOW (window), "document"));

  g_assert_true (gtk_widget_activate_action (window, "nav.entry", "s", id));
  g_assert_true (gtk_widget_activate_action (window, "nav.attachment", "(su)", id, 0));
  rp_test_ui_wait_for_document (page);
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "document");
}

static gboolean
notice_shown (gpointer data)
{
  return rp_update_notice_is_shown (rp_window_get_update_notice (data));
}

typedef struct
{
  RpSyncScheduler *scheduler;
  guint            attempts;
} Ended;

static gboolean
check_ended (gpointer data)
{
  Ended *ended = data;
  return rp_sync_scheduler_get_attempts (ended->scheduler) >= ended->attempts &&
         !rp_sync_scheduler_is_running (ended->scheduler);
}

static gboolean
bundle_is (gpointer data)
{
  RpDataDir *data_dir = data;
  g_autofree char *bundle = rp_data_dir_get_current_bundle (data_dir);
  return g_strcmp0 (bundle, "test-2") == 0;
}

/* A terminal with version 1 of origin @name installed from nginx and its
 * catalogue shown in a window (kiosk or desktop) with a document open;
 * then version 2 published and the application's scheduler started. */
typedef struct
{
  GSettings       *settings;
  RpDataDir       *data_dir;
  RpCatalogue     *catalogue;
  RpSyncScheduler *scheduler;
  GtkWidget       *window;
} Reader;

static void
reader_open (Reader     *reader,
             const char *name,
             gboolean    kiosk)
{
  g_autofree char *path = g_strconcat (name, "/", NULL);
  g_autofree char *url = rp_test_nginx_url (path);
  g_autofree char *origin = g_build_filename (root, name, NULL);
  g_autofree char *terminal = g_strconcat (name, "-terminal", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (origin, 0755), ==, 0);
  reader->settings = configured_settings (url);
  publish_version (origin, name, 1);
  reader->data_dir = installed_terminal (terminal, reader->settings);
  reader->catalogue = rp_data_dir_open_catalogue (reader->data_dir, &error);
  g_assert_no_error (error);
  reader->window = rp_test_ui_show_window (kiosk, reader->catalogue, reader->data_dir);
  g_assert_false (rp_update_notice_is_shown (rp_window_get_update_notice (RP_WINDOW (reader->window))));

  /* A reader has a document open when version 2 arrives by itself. */
  open_document (reader->window, CHANGED_ID);
  publish_version (origin, name, 2);
  reader->scheduler = start_scheduler (reader->window, reader->data_dir, reader->settings);
}

static void
reader_close (Reader *reader)
{
  rp_application_set_sync_scheduler (app_of (reader->window), NULL);
  /* Without a scheduler (no origin) the menu item is greyed out. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app_of (reader->window)), "check-updates"));
  rp_test_ui_destroy_window (reader->window);
  g_assert_finalize_object (reader->scheduler);
  g_clear_object (&reader->catalogue);
  g_clear_object (&reader->data_dir);
  g_clear_object (&reader->settings);
}

/* Whether @model (or a section of it) has an item for @action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) && g_str_equal (name, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static void
test_desktop_keeps_document_then_shows_whats_new (void)
{
  Reader reader;
  RpUpdateNotice *notice;
  RpSyncScheduler *scheduler;
  RpDataDir *data_dir;
  RpCatalogue *catalogue;
  GtkWindow *dialog;
  GtkWidget *window, *list_view;
  GListModel *model;

  reader_open (&reader, "ui-sync", FALSE);
  window = reader.window;
  scheduler = reader.scheduler;
  data_dir = reader.data_dir;
  catalogue = reader.catalogue;
  notice = rp_window_get_update_notice (RP_WINDOW (window));
  rp_test_ui_wait_until (notice_shown, window, "the notice of new documents shows");
  g_assert_true (bundle_is (data_dir));
  g_assert_cmpuint (rp_sync_scheduler_get_attempts (scheduler), ==, 1);

  /* What is open is not swapped. */
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "document");
  g_assert_true (rp_window_get_catalogue (RP_WINDOW (window)) == catalogue);
  g_assert_cmpuint (rp_catalogue_get_n_entries (catalogue), ==, 4);
  /* One entry added, one whose PDF changed. */
  g_test_message ("notice: %s", rp_update_notice_get_text (notice));
  g_assert_cmpstr (rp_update_notice_get_text (notice), ==, "2 new or updated documents");
  rp_test_ui_screenshot (window, "ui-sync-notice.png");

  /* What's new lists both, newest first. */
  dialog = rp_update_notice_open_whats_new (notice);
  g_assert_nonnull (dialog);
  gtk_window_set_default_size (dialog, 560, 360);
  rp_test_ui_settle (300);
  list_view = rp_test_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_VIEW, NULL, NULL);
  g_assert_nonnull (list_view);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(RpEntry) first = g_list_model_get_item (model, 0);
    g_autoptr(RpEntry) second = g_list_model_get_item (model, 1);

    g_assert_cmpstr (rp_entry_get_id (first), ==, NEW_ID);
    g_assert_cmpstr (rp_entry_get_id (second), ==, CHANGED_ID);
  }
  g_assert_nonnull (rp_test_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, rp_test_ui_label_is, NEW_TITLE));
  rp_test_ui_screenshot (GTK_WIDGET (dialog), "ui-sync-whats-new.png");

  /* Choosing the new entry goes home, where the new catalogue is taken
   * up, and opens it. */
  g_signal_emit_by_name (list_view, "activate", 0);
  rp_test_ui_settle (300);
  g_assert_false (rp_update_notice_is_shown (notice));
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "entry");
  g_assert_cmpuint (rp_catalogue_get_n_entries (rp_window_get_catalogue (RP_WINDOW (window))), ==, 5);
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, rp_test_ui_label_is, NEW_TITLE));

  /* Home lists it among the newest. */
  g_assert_true (gtk_widget_activate_action (window, "nav.home", NULL));
  rp_test_ui_settle (300);
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "home");
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, rp_test_ui_label_is, NEW_TITLE));
  rp_test_ui_screenshot (window, "ui-sync-home-after.png");

  /* "Check for new documents" is in the desktop menu, enabled with a
   * scheduler, and with nothing newer says so. */
  {
    GtkWidget *menu_button = rp_test_ui_find_widget (window, GTK_TYPE_MENU_BUTTON, NULL, NULL);

    g_assert_nonnull (menu_button);
    g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                    "app.check-updates"));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app_of (window)), "check-updates"));
  }
  {
    Ended ended = { scheduler, rp_sync_scheduler_get_attempts (scheduler) + 1 };

    rp_update_notice_dismiss (notice);
    g_action_group_activate_action (G_ACTION_GROUP (app_of (window)), "check-updates", NULL);
    g_assert_true (rp_sync_scheduler_is_running (scheduler));
    rp_test_ui_wait_until (check_ended, &ended, "the check asked for ends");
    rp_test_ui_wait_until (notice_shown, window, "the answer to the check shows");
    g_assert_cmpstr (rp_update_notice_get_text (notice), ==, _("No new documents: the catalogue is up to date."));
  }

  reader_close (&reader);
}

static void
test_kiosk_takes_new_bundle_at_the_wipe (void)
{
  Reader reader;
  GtkWidget *window;
  Ended ended = { NULL, 1 };

  reader_open (&reader, "ui-sync-kiosk", TRUE);
  window = reader.window;
  ended.scheduler = reader.scheduler;
  rp_test_ui_wait_until (check_ended, &ended, "the kiosk's first check ends");
  g_assert_true (bundle_is (reader.data_dir));

  /* The resident keeps reading; a kiosk shows no notice. */
  rp_test_ui_settle (200);
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "document");
  g_assert_true (rp_window_get_catalogue (RP_WINDOW (window)) == reader.catalogue);
  g_assert_false (rp_update_notice_is_shown (rp_window_get_update_notice (RP_WINDOW (window))));

  /* The wipe brings the new catalogue. */
  rp_window_reset_visit (RP_WINDOW (window));
  rp_test_ui_settle (300);
  g_assert_cmpstr (rp_window_get_page_name (RP_WINDOW (window)), ==, "home");
  g_assert_cmpuint (rp_catalogue_get_n_entries (rp_window_get_catalogue (RP_WINDOW (window))), ==, 5);
  g_assert_nonnull (rp_test_ui_find_widget (window, GTK_TYPE_LABEL, rp_test_ui_label_is, NEW_TITLE));

  reader_close (&reader);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keys = NULL;

  rp_test_ui_init (&argc, &argv);
  root = rp_test_make_dir ("origins");
  keys = rp_test_make_dir ("keys");
  rp_test_keygen (keys, "district", &sk, &pk);
  rp_test_nginx_start (root);

  g_test_add_func ("/ReadingPoint/UI/Sync/desktop-keeps-document-then-shows-whats-new",
                   test_desktop_keeps_document_then_shows_whats_new);
  g_test_add_func ("/ReadingPoint/UI/Sync/kiosk-takes-new-bundle-at-the-wipe", test_kiosk_takes_new_bundle_at_the_wipe);

  return g_test_run ();
}
