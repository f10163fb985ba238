/* test-ui-privacy.c — the retyping attack on the usage counters, replayed
 * through the kiosk's real search box (issue 12, finding 2, must-show 3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb. A resident types a name, a phone number and a pinyin
 * name key by key on the kiosk's own on-screen keyboard, then Backspace
 * and the last key again, four times, pausing each time long enough for
 * the search to settle; switches language half-way; walks away (the idle
 * wipe); and comes back, four visits in all — one fewer than k. Nothing of
 * what was typed, no prefix of it and no hash may then be in usage.db, its
 * journal or WAL, the JSON and CSV exports, or the body a real upload PUT
 * to an origin (nginx with DAV on loopback). A common search typed in five
 * visits, on the same keyboard, does reach the report: the counters work,
 * so the absence above is not an accident. The same attack is then typed
 * on a USB keyboard: real key events through the X server (xdotool, XTEST).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>

#include "rp-core.h"
#include "rp-home-page.h"
#include "rp-idle-monitor.h"
#include "rp-osk.h"
#include "rp-style.h"
#include "rp-test-origin.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"
#include "rp-usage-private.h"
#include "rp-usage-recorder.h"
#include "rp-visit.h"
#include "rp-window-private.h"

static RpCatalogue *catalogue;
static RpDataDir *data_dir;
static char *www;
static gboolean screenshot_taken;

/* What the resident typed on the way, and what they meant: none of it,
 * in any of these spellings, may be written anywhere. */
static const char *typed[] = {
  "13800138000", "1380013800", "138001", "13800",
  "王小明", "王小", "王", "小明", "明",
  "wangxiaoming", "wangxiaomin", "wangxiao", "xiaoming", "wang",
};
/* The common search the other residents make (k = 5 visits). */
#define COMMON "ljfl"
#define SITE "site-privacy"

/* The mapped button of the on-screen keyboard labelled @label: a key, or
 * a pinyin candidate. */
static GtkWidget *
osk_key (GtkWidget  *root,
         const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = osk_key (child, label)) != NULL)
        return found;
    }
  return NULL;
}

/* Touches one key, and lets the box announce its new text, as a
 * resident's touch would (the entry has no typing delay). */
static void
touch (RpWindow   *win,
       const char *label)
{
  GtkWidget *key = osk_key (GTK_WIDGET (rp_visit_get_osk (rp_window_get_visit (win))), label);

  if (key == NULL)
    g_error ("no key “%s” on the on-screen keyboard", label);
  /* What a touch's release emits (gtk_widget_activate would hold the
   * button down for a quarter of a second first). */
  g_signal_emit_by_name (key, "clicked");
  rp_test_ui_settle (0);
}

/* Touches the keys of ASCII @keys one by one. */
static void
touch_keys (RpWindow   *win,
            const char *keys)
{
  for (const char *c = keys; *c; c++)
    {
      char label[2] = { *c, 0 };
      touch (win, label);
    }
}

/* Types @pinyin, then touches the candidate @hanzi. */
static void
touch_pinyin (RpWindow   *win,
              const char *pinyin,
              const char *hanzi)
{
  RpOsk *osk = rp_visit_get_osk (rp_window_get_visit (win));
  g_auto(GStrv) candidates = NULL;

  /* Candidates come in Chinese input; English input types letters. */
  if (rp_osk_get_latin (osk))
    touch (win, "英");
  touch_keys (win, pinyin);
  candidates = rp_osk_get_candidates (rp_visit_get_osk (rp_window_get_visit (win)));
  g_assert_true (g_strv_contains ((const char *const *) candidates, hanzi));
  touch (win, hanzi);
}

/* The box's text has stood for the commit delay: from here on, it would
 * have been counted by a naive counter. The test decides when (the delay
 * itself is made longer than the test), so a loaded machine that takes
 * longer than the delay between two keys cannot settle a text the test
 * did not mean to. */
static void
wait_settled (RpWindow *win)
{
  RpUsageRecorder *recorder = rp_window_get_usage_recorder (win);

  rp_test_ui_settle (0);
  g_assert_true (rp_usage_recorder_is_settling (recorder));
  rp_usage_recorder_settle (recorder);
  g_assert_false (rp_usage_recorder_is_settling (recorder));
}

/* Timers never settle a text in this test: wait_settled() does. */
static void
hold_commit_delay (RpWindow *win)
{
  rp_usage_recorder_set_commit_delay (rp_window_get_usage_recorder (win), 3600 * 1000);
}

static gboolean
osk_revealed (gpointer data)
{
  GtkWidget *revealer = gtk_widget_get_parent (GTK_WIDGET (rp_visit_get_osk (rp_window_get_visit (data))));

  return GTK_IS_REVEALER (revealer) && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

/* The resident touches the search box, and waits for the keyboard to
 * have slid up: keys are touched once they are on screen. */
static void
focus_search (RpWindow *win)
{
  gtk_widget_grab_focus (rp_home_page_get_search_entry (rp_test_ui_home_page (win)));
  rp_test_ui_settle (0);
  g_assert_true (rp_visit_is_osk_shown (rp_window_get_visit (win)));
  rp_test_ui_wait_until (osk_revealed, win, "the on-screen keyboard is up");
}

/* Empties the box at once (no shorter text stands in between). */
/* 清空: the box and any pinyin still being composed. */
static void
clear_search (RpWindow *win)
{
  rp_osk_clear (rp_visit_get_osk (rp_window_get_visit (win)));
  rp_test_ui_settle (0);
}

/* What is searched, and counted: the box's text with the keyboard's
 * composition (issue 13: letters typed in Chinese input stay out of the
 * box until a candidate is chosen). */
static const char *
search_text (RpWindow *win)
{
  static char *query;

  g_free (query);
  query = rp_home_page_dup_search_query (rp_test_ui_home_page (win));
  return query;
}

/* The attack on one term: type it, then Backspace and the last key again,
 * four times, letting each text settle. */
static void
retype_phone (RpWindow *win)
{
  touch_keys (win, "13800138000");
  g_assert_cmpstr (search_text (win), ==, "13800138000");
  wait_settled (win);
  for (guint r = 0; r < 4; r++)
    {
      touch (win, "⌫");
      wait_settled (win);
      touch_keys (win, "0");
      wait_settled (win);
    }
  clear_search (win);
}

static void
retype_name (RpWindow *win)
{
  touch_pinyin (win, "wang", "王");
  touch_pinyin (win, "xiao", "小");
  touch_pinyin (win, "ming", "明");
  g_assert_cmpstr (search_text (win), ==, "王小明");
  wait_settled (win);
  if (!screenshot_taken)
    {
      rp_test_ui_screenshot (GTK_WIDGET (win), "ui-privacy-retyping.png");
      screenshot_taken = TRUE;
    }
  for (guint r = 0; r < 4; r++)
    {
      touch (win, "⌫");
      wait_settled (win);
      touch_pinyin (win, "ming", "明");
      wait_settled (win);
    }
  g_assert_cmpstr (search_text (win), ==, "王小明");
  clear_search (win);
}

static void
retype_pinyin (RpWindow *win)
{
  touch_keys (win, "wangxiaoming");
  g_assert_cmpstr (search_text (win), ==, "wangxiaoming");
  wait_settled (win);
  for (guint r = 0; r < 4; r++)
    {
      touch (win, "⌫");
      wait_settled (win);
      touch_keys (win, "g");
      wait_settled (win);
    }
  clear_search (win);
}

/* The resident walks away: the idle wipe ends the visit. */
static RpWindow *
walk_away (RpWindow *win)
{
  g_test_message ("walking away");
  rp_idle_monitor_expire (rp_visit_get_idle_monitor (rp_window_get_visit (win)));
  rp_test_ui_settle (400);
  win = rp_test_ui_shown_window ();
  g_assert_cmpstr (search_text (win), ==, "");
  hold_commit_delay (win);
  return win;
}

static gboolean
contains (const char *haystack,
          gsize       length,
          const char *needle)
{
  return memmem (haystack, length, needle, strlen (needle)) != NULL;
}

/* None of @typed in @bytes (named @what in the log). */
static void
assert_nothing_typed (const char *what,
                      const char *bytes,
                      gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    if (contains (bytes, length, typed[i]))
      g_error ("“%s” is in %s", typed[i], what);
  g_test_message ("%s (%" G_GSIZE_FORMAT " bytes): nothing typed in it", what, length);
}

static gint64
sql_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Nothing of @typed in @db_path (nor its journal or WAL), in the JSON and
 * CSV exports of today (as the closed day it is tomorrow), or in the body
 * the upload PUTs to the test origin for @site. Search rows are the
 * @common term, counted @n_common times, or the day's "other" count of
 * @n_other; the hour counter saw @n_visits visits. */
static void
assert_nothing_published (const char *db_path,
                          const char *site,
                          const char *common,
                          gint64      n_common,
                          gint64      n_other,
                          gint64      n_visits)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *origin = rp_test_nginx_url ("dav");
  g_autofree char *uploaded = g_build_filename (www, "dav", "usage", site, NULL);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  /* The files, byte for byte: the database, and any journal or WAL. */
  {
    const char *suffixes[] = { "", "-journal", "-wal", "-shm" };
    gboolean common_seen = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
        g_autofree char *bytes = NULL;
        gsize length = 0;

        if (!g_file_get_contents (path, &bytes, &length, NULL))
          continue;
        assert_nothing_typed (path, bytes, length);
        common_seen |= common != NULL && contains (bytes, length, common);
      }
    g_assert_true (common == NULL || common_seen);
  }
  /* Its rows: searches are the common term or the day's "other" count,
   * nothing else (no hash), and no key or term table. */
  {
    sqlite3 *db;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    sql = g_strdup_printf ("SELECT count(*) FROM counters WHERE kind LIKE 'search%%'"
                           " AND subject NOT IN ('', '%s')", common ? common : "");
    g_assert_cmpint (sql_int (db, sql), ==, 0);
    g_assert_cmpint (sql_int (db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('meta', 'terms')"), ==, 0);
    g_assert_cmpint (sql_int (db, "SELECT coalesce(sum(count), 0) FROM counters WHERE kind = 'search'"
                                  " AND subject = ''"), ==, n_other);
    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT coalesce(sum(count), 0) FROM counters WHERE kind = 'search' AND subject = '%s'",
                           common ? common : "-");
    g_assert_cmpint (sql_int (db, sql), ==, n_common);
    g_assert_cmpint (sql_int (db, "SELECT coalesce(sum(count), 0) FROM counters WHERE kind = 'hour'"), ==, n_visits);
    sqlite3_close (db);
  }

  /* Exports and the upload, of today as a closed day (tomorrow's view). */
  {
    g_autoptr(RpUsage) usage = rp_usage_open (db_path, &error);
    g_autoptr(GDir) dir = NULL;
    const char *name;
    guint sent = 0, bodies = 0;
    RpUsageUploadOptions quick = { .max_attempts = 2, .first_delay_ms = 100, .timeout_seconds = 10 };

    g_assert_no_error (error);
    json = rp_usage_export_as_of (usage, today, today, site, RP_USAGE_FORMAT_JSON, tomorrow, &error);
    g_assert_no_error (error);
    csv = rp_usage_export_as_of (usage, today, today, site, RP_USAGE_FORMAT_CSV, tomorrow, &error);
    g_assert_no_error (error);
    g_test_message ("JSON export:\n%s", json);
    assert_nothing_typed ("the JSON export", json, strlen (json));
    assert_nothing_typed ("the CSV export", csv, strlen (csv));
    g_assert_cmpint (rp_test_export_count (json, "search", NULL), ==, n_other);
    if (common != NULL)
      {
        g_assert_cmpint (rp_test_export_count (json, "search", common), ==, n_common);
        g_assert_nonnull (strstr (csv, common));
      }

    /* The batch the next sync sends, PUT to a real origin. */
    g_assert_true (rp_usage_upload_prepare (usage, site, tomorrow, &error));
    g_assert_no_error (error);
    g_assert_true (rp_usage_upload_run (usage, origin, site, &quick, &sent, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sent, ==, 1);
    dir = g_dir_open (uploaded, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (uploaded, name, NULL);
        g_autofree char *body = NULL;
        gsize length;

        g_assert_true (g_file_get_contents (path, &body, &length, NULL));
        assert_nothing_typed (path, body, length);
        /* Its signature (issue 15) carries nothing typed either. */
        if (g_str_has_suffix (name, ".minisig"))
          continue;
        g_assert_cmpint (rp_test_export_count (body, "search", NULL), ==, n_other);
        if (common != NULL)
          g_assert_cmpint (rp_test_export_count (body, "search", common), ==, n_common);
        bodies++;
      }
    g_assert_cmpuint (bodies, ==, 1);
  }
}

static void
test_retyping_publishes_nothing (void)
{
  g_autofree char *db_path = g_build_filename (rp_data_dir_get_path (data_dir), "usage.db", NULL);
  const char *start_language;
  GtkWidget *window = rp_test_ui_new_window (TRUE, catalogue, data_dir);
  RpWindow *win = RP_WINDOW (window);
  const guint attack_visits = RP_USAGE_DEFAULT_K - 1;

  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  start_language = rp_visit_get_language (rp_window_get_visit (win));
  hold_commit_delay (win);

  /* One resident, k − 1 visits, every term retyped four times a visit. */
  for (guint v = 0; v < attack_visits; v++)
    {
      g_test_message ("attack visit %u", v + 1);
      focus_search (win);
      retype_phone (win);
      retype_name (win);
      retype_pinyin (win);
      if (v == 0)
        {
          /* Another language rebuilds the window: the same visit. */
          g_test_message ("language switch");
          rp_visit_set_language (rp_window_get_visit (win), g_str_has_prefix (start_language, "zh") ? "en" : "zh_CN");
          win = rp_test_ui_shown_window ();
          rp_test_ui_settle (400);
          g_assert_true (win == rp_test_ui_shown_window ());
          hold_commit_delay (win);
          focus_search (win);
          retype_name (win);
          retype_pinyin (win);
        }
      win = walk_away (win);
    }
  /* Five other residents search for 垃圾分类 by its initials. */
  for (guint v = 0; v < RP_USAGE_DEFAULT_K; v++)
    {
      g_test_message ("common visit %u", v + 1);
      focus_search (win);
      touch_keys (win, COMMON);
      wait_settled (win);
      win = walk_away (win);
    }
  rp_test_ui_destroy_window (GTK_WIDGET (win));

  /* Each attack visit counted 王小明 and wangxiaoming once (the phone
   * number not at all): the retypes and the language switch added
   * nothing, and the hour counter saw each visit once. */
  assert_nothing_published (db_path, SITE, COMMON, RP_USAGE_DEFAULT_K, 2 * attack_visits,
                            attack_visits + RP_USAGE_DEFAULT_K);
}

typedef struct
{
  RpWindow   *win;
  const char *text;
} TextIs;

static gboolean
text_is (gpointer data)
{
  TextIs *want = data;

  return g_strcmp0 (search_text (want->win), want->text) == 0;
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* Presses @key (an X key name), and waits for the box to show @then. */
static void
press_key (RpWindow   *win,
           const char *key,
           const char *then)
{
  TextIs want = { win, then };
  g_autofree char *args = g_strdup_printf ("key %s", key);

  rp_test_ui_xdotool (args);
  rp_test_ui_wait_until (text_is, &want, then);
}

/* Types ASCII @text key by key after what the box holds. */
static void
press_keys (RpWindow   *win,
            const char *text)
{
  g_autofree char *before = g_strdup (search_text (win));

  for (const char *c = text; *c; c++)
    {
      char key[2] = { *c, 0 };
      g_autofree char *then = g_strdup_printf ("%s%.*s", before, (int) (c - text + 1), text);

      press_key (win, key, then);
    }
}

/* The attack on @text: typed, then BackSpace and its last key four times. */
static void
retype_on_keyboard (RpWindow   *win,
                    const char *text)
{
  g_autofree char *shorter = g_strndup (text, strlen (text) - 1);
  char last[2] = { text[strlen (text) - 1], 0 };

  press_keys (win, text);
  wait_settled (win);
  for (guint r = 0; r < 4; r++)
    {
      press_key (win, "BackSpace", shorter);
      wait_settled (win);
      press_key (win, last, text);
      wait_settled (win);
    }
  clear_search (win);
}

static void
test_retyping_on_a_usb_keyboard (void)
{
  g_autofree char *dir_path = rp_test_make_dir ("ui-privacy-keyboard");
  g_autoptr(RpDataDir) dir = rp_data_dir_new (dir_path);
  g_autofree char *db_path = g_build_filename (dir_path, "usage.db", NULL);
  const guint attack_visits = RP_USAGE_DEFAULT_K - 1;
  GtkWidget *window;
  RpWindow *win;
  g_autofree char *focus = NULL;

  window = rp_test_ui_new_window (TRUE, catalogue, dir);
  win = RP_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_settle (400);
  if (!rp_test_ui_have_xdotool (window))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  hold_commit_delay (win);
  /* Xvfb has no window manager: the keyboard focus is given by hand. */
  focus = g_strdup_printf ("windowfocus %lu", rp_test_ui_xid (window));
  rp_test_ui_xdotool (focus);
  rp_test_ui_wait_until (window_active, window, "the kiosk window has the keyboard");

  for (guint v = 0; v < attack_visits; v++)
    {
      g_test_message ("keyboard visit %u", v + 1);
      gtk_widget_grab_focus (rp_home_page_get_search_entry (rp_test_ui_home_page (win)));
      rp_test_ui_settle (0);
      retype_on_keyboard (win, "13800138000");
      retype_on_keyboard (win, "wangxiaoming");
      win = walk_away (win);
    }
  rp_test_ui_destroy_window (GTK_WIDGET (win));

  /* wangxiaoming once a visit, k − 1 visits: "other", never its text. */
  assert_nothing_published (db_path, "site-keyboard", NULL, 0, attack_visits, attack_visits);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  rp_test_ui_init (&argc, &argv);

  data_dir = rp_test_ui_demo_terminal ("ui-privacy-terminal", &catalogue);
  www = rp_test_make_dir ("www");
  rp_test_nginx_start (www);

  g_test_add_func ("/ReadingPoint/UI/Privacy/retyping-publishes-nothing", test_retyping_publishes_nothing);
  g_test_add_func ("/ReadingPoint/UI/Privacy/retyping-on-a-usb-keyboard", test_retyping_on_a_usb_keyboard);

  status = g_test_run ();
  g_clear_object (&catalogue);
  g_clear_object (&data_dir);
  return status;
}
