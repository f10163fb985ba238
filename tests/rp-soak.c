/* rp-soak.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>

#include "rp-osk.h"
#include "rp-read-aloud.h"
#include "rp-search-page.h"
#include "rp-soak.h"
#include "rp-test-ui.h"
#include "rp-test-util.h"

struct _RpSoak
{
  GRand    *rand;
  guint     n_actions;
  char     *only;         /* one kind of action, or NULL: the mix */
  GPtrArray *windows;     /* RpWindows seen and not finalized (weak) */
};

static void window_finalized (gpointer  data,
                              GObject  *where_the_object_was);

/* What residents type: pinyin in full and as initials, with mistakes. */
static const char *const words[] = {
  "zhengfu", "xinxi", "gongkai", "zfxxgk", "jiaoyu", "yiliao", "zhufang", "butie",
  "caizheng", "yusuan", "jh", "ghua", "shenqing", "2025", "a", "zh\b\bxi",
};

void
rp_soak_sample (RpSoakSample *out)
{
  g_autofree char *status = NULL;
  struct mallinfo2 info = mallinfo2 ();

  memset (out, 0, sizeof *out);
  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  for (char *line = status; line != NULL && *line != '\0';)
    {
      char *end = strchr (line, '\n');

      if (g_str_has_prefix (line, "VmRSS:"))
        out->rss_kib = g_ascii_strtoull (line + 6, NULL, 10);
      else if (g_str_has_prefix (line, "Threads:"))
        out->threads = g_ascii_strtoull (line + 8, NULL, 10);
      line = end ? end + 1 : NULL;
    }
  out->fds = rp_test_count_fds ();
  out->heap_kib = (info.uordblks + info.hblkhd) >> 10;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Adds the names of the entries of @dir to @out, each as @read_one
 * gives it, sorted so two descriptions compare line by line. */
static void
describe_dir (GString    *out,
              const char *title,
              const char *dir_path,
              char *    (*read_one) (const char *path))
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *what = read_one (path);

      g_ptr_array_add (names, g_strdup_printf ("%s %s", name, what ? g_strstrip (what) : "?"));
    }
  g_ptr_array_sort (names, compare_names);
  g_string_append_printf (out, "%s (%u):", title, names->len);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, " [%s]", (const char *) names->pdata[i]);
  g_string_append_c (out, '\n');
}

static char *
read_comm (const char *task)
{
  g_autofree char *path = g_build_filename (task, "comm", NULL);
  char *comm = NULL;

  g_file_get_contents (path, &comm, NULL, NULL);
  return comm;
}

static char *
read_link (const char *fd)
{
  return g_file_read_link (fd, NULL);
}

char *
rp_soak_describe (void)
{
  GString *out = g_string_new (NULL);

  describe_dir (out, "threads", "/proc/self/task", read_comm);
  describe_dir (out, "fds", "/proc/self/fd", read_link);
  return g_string_free (out, FALSE);
}

RpSoak *
rp_soak_new (guint32 seed)
{
  RpSoak *self = g_new0 (RpSoak, 1);

  self->rand = g_rand_new_with_seed (seed);
  self->windows = g_ptr_array_new ();
  return self;
}

void
rp_soak_free (RpSoak *self)
{
  for (guint i = 0; i < self->windows->len; i++)
    g_object_weak_unref (self->windows->pdata[i], window_finalized, self);
  g_ptr_array_unref (self->windows);
  g_rand_free (self->rand);
  g_free (self->only);
  g_free (self);
}

void
rp_soak_set_only (RpSoak     *self,
                  const char *kind)
{
  g_free (self->only);
  self->only = g_strdup (kind);
}

guint
rp_soak_get_n_actions (RpSoak *self)
{
  return self->n_actions;
}

static gboolean
reachable (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget) &&
         gtk_widget_get_child_visible (widget);
}

/* Everything a finger can activate: buttons (not the keyboard's keys,
 * typing is its own action, nor the admin panel's), and list views. */
static void
collect_targets (GtkWidget *root,
                 GPtrArray *targets)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *action;

      /* Not the page number's popover button: activated out of a touch's
       * event sequence, GTK 4.8 shows the popover before its surface has a
       * monitor ("gdk_monitor_get_geometry: assertion 'GDK_IS_MONITOR
       * (monitor)' failed"); the real taps never printed it. */
      /* 朗读 is tapped like any button: a reading's pipeline must be gone
       * after the wipe (it outlived it while GTK's media stream played it;
       * rp-audio-player.c). */
      if (!reachable (child) || RP_IS_OSK (child) || GTK_IS_MENU_BUTTON (child))
        continue;
      if (GTK_IS_BUTTON (child))
        {
          action = gtk_actionable_get_action_name (GTK_ACTIONABLE (child));
          if (action == NULL || !(g_str_has_prefix (action, "admin.") || g_str_has_prefix (action, "pin.")))
            g_ptr_array_add (targets, child);
          continue;
        }
      if (GTK_IS_LIST_VIEW (child))
        g_ptr_array_add (targets, child);
      collect_targets (child, targets);
    }
}

static void
tap (RpSoak   *self,
     RpWindow *window)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  GtkWidget *target;

  collect_targets (GTK_WIDGET (window), targets);
  if (targets->len == 0)
    return;
  target = g_ptr_array_index (targets, g_rand_int_range (self->rand, 0, targets->len));
  if (GTK_IS_LIST_VIEW (target))
    {
      GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (target)));
      guint n = g_list_model_get_n_items (model);

      if (n > 0)
        g_signal_emit_by_name (target, "activate", (guint) g_rand_int_range (self->rand, 0, n));
    }
  else
    {
      if (g_getenv ("RP_SOAK_TRACE") != NULL)
        g_printerr ("soak: tap %s “%s” (%s) on %s\n", G_OBJECT_TYPE_NAME (target),
                    GTK_IS_BUTTON (target) && gtk_button_get_label (GTK_BUTTON (target))
                      ? gtk_button_get_label (GTK_BUTTON (target))
                      : "",
                    gtk_actionable_get_action_name (GTK_ACTIONABLE (target))
                      ? gtk_actionable_get_action_name (GTK_ACTIONABLE (target))
                      : "",
                    rp_window_get_page_name (window));
      gtk_widget_activate (target);
    }
}

static void
collect_scrollables (GtkWidget *root,
                     GPtrArray *adjustments)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!reachable (child))
        continue;
      if (GTK_IS_SCROLLABLE (child))
        {
          GtkAdjustment *v = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child));
          GtkAdjustment *h = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (child));

          if (v != NULL && gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v) > 1)
            g_ptr_array_add (adjustments, v);
          if (h != NULL && gtk_adjustment_get_upper (h) - gtk_adjustment_get_page_size (h) > 1)
            g_ptr_array_add (adjustments, h);
        }
      collect_scrollables (child, adjustments);
    }
}

/* A flick: somewhere between the top and the bottom of a scrollable. */
static void
scroll (RpSoak   *self,
        RpWindow *window)
{
  g_autoptr(GPtrArray) adjustments = g_ptr_array_new ();
  GtkAdjustment *adjustment;
  double room;

  collect_scrollables (GTK_WIDGET (window), adjustments);
  if (adjustments->len == 0)
    return;
  adjustment = g_ptr_array_index (adjustments, g_rand_int_range (self->rand, 0, adjustments->len));
  room = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) -
         gtk_adjustment_get_lower (adjustment);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment) + g_rand_double (self->rand) * room);
}

/* In a document a swipe turns or zooms; elsewhere it goes back. */
static void
swipe (RpSoak   *self,
       RpWindow *window)
{
  static const char *const document_actions[] = { "doc.next", "doc.next", "doc.previous", "doc.zoom-in",
                                                  "doc.zoom-out", "doc.fit-width" };

  if (g_str_equal (rp_window_get_page_name (window), "document"))
    {
      GtkWidget *page = rp_window_get_page (window, "document");
      const char *action = document_actions[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (document_actions))];

      gtk_widget_activate_action (page, action, NULL);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (window), "nav.back", NULL);
}

/* Home, a touch on the search box, a word on the keyboard; sometimes a
 * candidate, sometimes the keyboard's search key. */
static RpWindow *shown_window (RpSoak *self);

static void
type (RpSoak   *self,
      RpWindow *window)
{
  GtkWidget *entry = rp_home_page_get_search_entry (rp_test_ui_home_page (window));
  g_auto(GStrv) candidates = NULL;
  RpOsk *osk;

  if (!gtk_widget_get_mapped (entry))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "nav.home", NULL);
      rp_test_ui_settle (0);
      /* A language switch tapped just before may have replaced the window
       * meanwhile (seen in the long run: the old one's keyboard was gone). */
      window = shown_window (self);
      entry = rp_home_page_get_search_entry (rp_test_ui_home_page (window));
    }
  osk = rp_visit_get_osk (rp_window_get_visit (window));
  gtk_widget_grab_focus (entry);
  if (osk == NULL || rp_osk_get_target (osk) == NULL)
    return;
  rp_osk_type (osk, words[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (words))]);
  candidates = rp_osk_get_candidates (osk);
  if (candidates != NULL && candidates[0] != NULL && g_rand_boolean (self->rand))
    rp_osk_choose (osk, g_rand_int_range (self->rand, 0, g_strv_length (candidates)));
  if (g_rand_int_range (self->rand, 0, 3) == 0)
    rp_osk_search (osk);
}

/* Straight to a document, as from a search hit. */
static void
open_document (RpSoak   *self,
               RpWindow *window)
{
  g_autoptr(GListModel) entries = rp_catalogue_list_entries (rp_window_get_catalogue (window), NULL);
  guint n = g_list_model_get_n_items (entries);

  for (guint tries = 0; tries < n; tries++)
    {
      g_autoptr(RpEntry) entry = g_list_model_get_item (entries, g_rand_int_range (self->rand, 0, n));
      GListModel *attachments = rp_entry_get_attachments (entry); /* (transfer none) */
      guint n_attachments = attachments ? g_list_model_get_n_items (attachments) : 0;

      if (n_attachments == 0)
        continue;
      gtk_widget_activate_action (GTK_WIDGET (window), "nav.entry", "s", rp_entry_get_id (entry));
      gtk_widget_activate_action (GTK_WIDGET (window), "nav.attachment", "(su)", rp_entry_get_id (entry),
                                  (guint) g_rand_int_range (self->rand, 0, n_attachments));
      return;
    }
}

static void
window_finalized (gpointer  data,
                  GObject  *where_the_object_was)
{
  RpSoak *self = data;

  g_ptr_array_remove_fast (self->windows, where_the_object_was);
}

/* Watches every kiosk window there is: a language switch replaces the
 * shown one, possibly after the wipe returned, and the old one must go
 * with everything it showed. Each is counted once, by identity, until it
 * is finalized (a later window made at the same address is new again). */
static void
track_windows (RpSoak *self)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (RP_IS_WINDOW (item) && !g_ptr_array_find (self->windows, item, NULL))
        {
          g_object_weak_ref (item, window_finalized, self);
          g_ptr_array_add (self->windows, item);
        }
    }
}

static RpWindow *
shown_window (RpSoak *self)
{
  track_windows (self);
  return rp_test_ui_shown_window ();
}

guint
rp_soak_get_n_windows (RpSoak *self)
{
  track_windows (self);
  return self->windows->len;
}

const char *
rp_soak_step (RpSoak *self,
              guint   settle_msec)
{
  RpWindow *window = shown_window (self);
  guint dice = g_rand_int_range (self->rand, 0, 100);
  const char *what;

  if (self->only != NULL)
    dice = g_str_equal (self->only, "tap")      ? 0
           : g_str_equal (self->only, "scroll") ? 40
           : g_str_equal (self->only, "swipe")  ? 65
           : g_str_equal (self->only, "type")   ? 80
                                                : 95;
  /* Roughly the mix: mostly taps and scrolls. */
  if (dice < 40)
    tap (self, window), what = "tap";
  else if (dice < 65)
    scroll (self, window), what = "scroll";
  else if (dice < 80)
    swipe (self, window), what = "swipe";
  else if (dice < 95)
    type (self, window), what = "type";
  else
    open_document (self, window), what = "open";
  self->n_actions++;
  /* RP_SOAK_TRACE=1: every action on stderr, to find what one did. */
  if (g_getenv ("RP_SOAK_TRACE") != NULL)
    g_printerr ("soak: action %u: %s, now on %s\n", self->n_actions, what,
                rp_window_get_page_name (shown_window (self)));
  rp_test_ui_settle (settle_msec);
  return what;
}

static gboolean
at_rest (gpointer data)
{
  RpWindow *window = rp_test_ui_shown_window ();
  RpSearchPage *search = rp_home_page_get_search_page (rp_test_ui_home_page (window));

  return !rp_search_page_is_searching (search) && !rp_search_page_is_counting (search) &&
         g_str_equal (rp_window_get_page_name (window), "home");
}

void
rp_soak_wipe (RpSoak *self)
{
  /* A tap is gtk_widget_activate, whose "clicked" comes 250 ms later
   * (GtkButton's activate timeout): one still pending would navigate on
   * the wiped screen (a document opened after the wipe, seen in a
   * clean-clone run). A real wipe comes after minutes without a touch,
   * when nothing is pending: so does this one. */
  rp_test_ui_settle (400);
  rp_visit_reset (rp_window_get_visit (shown_window (self)));
  rp_test_ui_wait_until (at_rest, NULL, "the wiped kiosk at rest on its home page");
  rp_test_ui_settle (100);
  shown_window (self);
}

void
rp_soak_warm_up (RpSoak *self)
{
  RpWindow *window = shown_window (self);
  RpDocumentPage *document = RP_DOCUMENT_PAGE (rp_window_get_page (window, "document"));

  open_document (self, window);
  rp_test_ui_wait_for_document (document);
  for (guint i = 0; i < 4; i++)
    swipe (self, window), rp_test_ui_settle (50);
  type (self, window);
  rp_test_ui_wait_for_search (rp_test_ui_home_page (window));
  scroll (self, window);
  rp_soak_wipe (self);
}
