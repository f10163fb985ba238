/* rp-visit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kiosk serves strangers one after another: whatever one resident
 * changes (language, text size, contrast, what they searched and read)
 * must be gone when the next one walks up. Everything a visit can change
 * is therefore held here, next to the code that puts it back.
 *
 * Gettext caches translations: switching language sets LANGUAGE, bumps
 * _nl_msg_cat_cntr (glibc's catalogue generation counter) and rebuilds the
 * window, because templates translate their strings only when built.
 * Plurals use glibc's dngettext, not g_dngettext: GLib decides once per
 * process whether to translate at all, and a kiosk started in English
 * would never show Chinese plurals.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-home-page.h"
#include "rp-kiosk-guard.h"
#include "rp-usage-recorder.h"
#include "rp-visit.h"

extern int _nl_msg_cat_cntr;

typedef struct
{
  RpWindow      *window;          /* weak: the visit is the window's data */
  gboolean       kiosk;
  GSimpleActionGroup *actions;
  char          *default_language;
  char          *language;
  guint          text_size;
  gboolean       high_contrast;
  GSettings     *settings;        /* nullable: the administrator's defaults */
  guint          timeout_seconds;
  guint          countdown_seconds;
  RpIdleMonitor *monitor;
  GtkWidget     *countdown;       /* the overlay's backdrop and card */
  GtkLabel      *countdown_label;
  GtkRevealer   *osk_revealer;
  RpOsk         *osk;
} Visit;

static void
visit_free (Visit *visit)
{
  if (visit->monitor != NULL)
    g_signal_handlers_disconnect_by_data (visit->monitor, visit);
  g_clear_object (&visit->monitor);
  g_clear_object (&visit->actions);
  g_clear_object (&visit->settings);
  g_free (visit->default_language);
  g_free (visit->language);
  g_free (visit);
}

static Visit *
get_visit (RpWindow *window)
{
  return g_object_get_data (G_OBJECT (window), "rp-visit");
}

static void
sync_action_states (Visit *visit)
{
  g_autofree char *size = g_strdup_printf ("%u", visit->text_size);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (visit->actions), "language");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (visit->language));
  action = g_action_map_lookup_action (G_ACTION_MAP (visit->actions), "text-size");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (size));
  action = g_action_map_lookup_action (G_ACTION_MAP (visit->actions), "high-contrast");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (visit->high_contrast));
}

/* The one language a visit starts in: LANGUAGE as the program started,
 * reduced to the two the kiosk offers. */
static char *
startup_language (void)
{
  const char *env = g_getenv ("LANGUAGE");

  if (env == NULL || *env == '\0')
    env = g_getenv ("LC_ALL");
  if (env == NULL || *env == '\0')
    env = g_getenv ("LANG");
  if (env != NULL && g_str_has_prefix (env, "zh_TW"))
    return g_strdup ("zh_TW");
  if (env != NULL && g_str_has_prefix (env, "zh"))
    return g_strdup ("zh_CN");
  return g_strdup ("en");
}

/* NULL when the schema is not installed (a run from the build tree): the
 * defaults are then 100 % and normal contrast. */
static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, RP_APP_ID, TRUE) : NULL;

  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* The sizes the kiosk offers: 100, 125 or 150 (percent). */
static guint
offered_text_size (guint percent)
{
  return percent >= 150 ? 150 : percent >= 125 ? 125 : 100;
}

/* What a visit starts with and the wipe returns to: the settings as an
 * administrator configured them (`text-scale`, `high-contrast`), read
 * afresh each time, never what the last resident chose. */
static guint
default_text_size (Visit *visit)
{
  if (visit->settings == NULL)
    return 100;
  return offered_text_size ((guint) (g_settings_get_double (visit->settings, "text-scale") * 100 + 0.5));
}

static gboolean
default_high_contrast (Visit *visit)
{
  return visit->settings != NULL && g_settings_get_boolean (visit->settings, "high-contrast");
}

static void
apply_text_size (Visit *visit)
{
  GtkWidget *widget = GTK_WIDGET (visit->window);

  gtk_widget_remove_css_class (widget, "rp-text-125");
  gtk_widget_remove_css_class (widget, "rp-text-150");
  if (visit->text_size == 125)
    gtk_widget_add_css_class (widget, "rp-text-125");
  else if (visit->text_size == 150)
    gtk_widget_add_css_class (widget, "rp-text-150");
  sync_action_states (visit);
}

static void
apply_contrast (Visit *visit)
{
  if (visit->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (visit->window), "rp-high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (visit->window), "rp-high-contrast");
  sync_action_states (visit);
}

static void
show_countdown (Visit *visit,
                guint  seconds_left)
{
  g_autofree char *text = NULL;

  if (visit->countdown == NULL)
    return;
  text = g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                       "The screen returns to the start in %u second.",
                                       "The screen returns to the start in %u seconds.",
                                       seconds_left),
                          seconds_left);
  gtk_label_set_text (visit->countdown_label, text);
  gtk_widget_set_visible (visit->countdown, TRUE);
}

static void
hide_countdown (Visit *visit)
{
  if (visit->countdown != NULL)
    gtk_widget_set_visible (visit->countdown, FALSE);
}

static void
on_countdown (RpIdleMonitor *monitor,
              guint          seconds_left,
              Visit         *visit)
{
  show_countdown (visit, seconds_left);
}

static void
on_resumed (RpIdleMonitor *monitor,
            Visit         *visit)
{
  hide_countdown (visit);
}

static void
on_expired (RpIdleMonitor *monitor,
            Visit         *visit)
{
  rp_visit_reset (visit->window);
}

static void
start_monitor (Visit *visit)
{
  if (visit->monitor != NULL)
    g_signal_handlers_disconnect_by_data (visit->monitor, visit);
  g_clear_object (&visit->monitor);
  visit->monitor = rp_idle_monitor_new (GTK_WIDGET (visit->window), visit->timeout_seconds,
                                        visit->countdown_seconds);
  g_signal_connect (visit->monitor, "countdown", G_CALLBACK (on_countdown), visit);
  g_signal_connect (visit->monitor, "resumed", G_CALLBACK (on_resumed), visit);
  g_signal_connect (visit->monitor, "expired", G_CALLBACK (on_expired), visit);
}

static void
language_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Visit *visit = user_data;

  /* Counted as a choice a resident made; the reset's return to the
   * defaults is not a choice and is not counted. */
  rp_window_record_usage (visit->window, RP_USAGE_LANGUAGE, g_variant_get_string (parameter, NULL));
  rp_visit_set_language (visit->window, g_variant_get_string (parameter, NULL));
}

static void
text_size_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  Visit *visit = user_data;

  rp_visit_set_text_size (visit->window, (guint) g_ascii_strtoull (g_variant_get_string (parameter, NULL), NULL, 10));
  {
    g_autofree char *size = g_strdup_printf ("%u", rp_visit_get_text_size (visit->window));
    rp_window_record_usage (visit->window, RP_USAGE_TEXT_SIZE, size);
  }
}

static void
high_contrast_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  Visit *visit = user_data;

  rp_visit_set_high_contrast (visit->window, !visit->high_contrast);
}

static void
continue_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  Visit *visit = user_data;

  if (visit->monitor != NULL)
    rp_idle_monitor_poke (visit->monitor);
  hide_countdown (visit);
}

static const GActionEntry visit_actions[] = {
  { "language", language_activated, "s", "'en'" },
  { "text-size", text_size_activated, "s", "'100'" },
  { "high-contrast", high_contrast_activated, NULL, "false" },
  { "continue", continue_activated },
};

/* The keyboard comes up for a text field with focus and goes away after. */
static void
on_focus_widget_changed (GtkWindow  *window,
                         GParamSpec *pspec,
                         Visit      *visit)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkEditable *target = NULL;

  if (GTK_IS_TEXT (focus) && gtk_editable_get_editable (GTK_EDITABLE (focus)))
    target = GTK_EDITABLE (focus);
  if (target == NULL && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (visit->osk)))
    return;
  rp_osk_set_target (visit->osk, target);
  gtk_revealer_set_reveal_child (visit->osk_revealer, target != NULL);
}

static void
on_swipe (GtkGestureSwipe *gesture,
          double           velocity_x,
          double           velocity_y,
          Visit           *visit)
{
  /* A quick, mostly horizontal flick to the right is "back". */
  if (velocity_x > 600 && ABS (velocity_x) > 2 * ABS (velocity_y))
    gtk_widget_activate_action (GTK_WIDGET (visit->window), "nav.back", NULL);
}

/* GTK focuses the first text field when a window appears; the keyboard
 * must wait for a resident to touch it, not cover the home page. */
static gboolean
drop_initial_focus (gpointer user_data)
{
  gtk_window_set_focus (GTK_WINDOW (user_data), NULL);
  return G_SOURCE_REMOVE;
}

static void
on_map (GtkWidget *window,
        Visit     *visit)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, drop_initial_focus, g_object_ref (window), g_object_unref);
}

static GtkWidget *
build_countdown (Visit *visit)
{
  GtkWidget *backdrop = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *title = gtk_label_new (_("Are you still reading?"));
  GtkWidget *button = gtk_button_new_with_label (_("Continue"));

  gtk_widget_add_css_class (backdrop, "rp-idle-backdrop");
  gtk_widget_add_css_class (card, "rp-idle-card");
  gtk_widget_set_halign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (card, GTK_ALIGN_CENTER);
  gtk_widget_set_vexpand (card, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Are you still reading?"), -1);
  gtk_widget_add_css_class (title, "rp-idle-title");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  visit->countdown_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (visit->countdown_label, TRUE);
  gtk_label_set_justify (visit->countdown_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (visit->countdown_label), "rp-idle-seconds");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "visit.continue");
  gtk_widget_add_css_class (button, "rp-idle-continue");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (visit->countdown_label));
  gtk_box_append (GTK_BOX (card), button);
  gtk_box_append (GTK_BOX (backdrop), card);
  gtk_widget_set_visible (backdrop, FALSE);
  return backdrop;
}

/* The window's content goes into an overlay (countdown) above a box that
 * also holds the keyboard, so the keyboard never covers search results. */
static void
install_kiosk_layers (Visit *visit)
{
  GtkWindow *window = GTK_WINDOW (visit->window);
  g_autoptr(GtkWidget) content = g_object_ref (gtk_window_get_child (window));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkGesture *swipe;

  gtk_window_set_child (window, NULL);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (column), content);

  visit->osk_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (visit->osk_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  visit->osk = RP_OSK (rp_osk_new ());
  gtk_revealer_set_child (visit->osk_revealer, GTK_WIDGET (visit->osk));
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (visit->osk_revealer));

  gtk_overlay_set_child (GTK_OVERLAY (overlay), column);
  visit->countdown = build_countdown (visit);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), visit->countdown);
  gtk_window_set_child (window, overlay);

  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (on_focus_widget_changed), visit);
  g_signal_connect (window, "map", G_CALLBACK (on_map), visit);

  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (swipe), TRUE);
  g_signal_connect (swipe, "swipe", G_CALLBACK (on_swipe), visit);
  gtk_widget_add_controller (content, GTK_EVENT_CONTROLLER (swipe));
}

void
rp_visit_attach (RpWindow *window,
                 gboolean  kiosk)
{
  Visit *visit;

  g_return_if_fail (RP_IS_WINDOW (window));
  g_return_if_fail (get_visit (window) == NULL);

  visit = g_new0 (Visit, 1);
  visit->window = window;
  visit->kiosk = kiosk;
  visit->default_language = startup_language ();
  visit->language = g_strdup (visit->default_language);
  visit->settings = lookup_settings ();
  visit->timeout_seconds = RP_VISIT_DEFAULT_IDLE_TIMEOUT;
  visit->countdown_seconds = RP_VISIT_DEFAULT_COUNTDOWN;
  visit->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (visit->actions), visit_actions,
                                   G_N_ELEMENTS (visit_actions), visit);
  sync_action_states (visit);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "visit", G_ACTION_GROUP (visit->actions));
  g_object_set_data_full (G_OBJECT (window), "rp-visit", visit, (GDestroyNotify) visit_free);
  visit->text_size = default_text_size (visit);
  apply_text_size (visit);
  visit->high_contrast = default_high_contrast (visit);
  apply_contrast (visit);

  if (!kiosk)
    return;
  rp_kiosk_guard_install (GTK_WINDOW (window));
  install_kiosk_layers (visit);
  start_monitor (visit);
}

void
rp_visit_set_idle_timeout (RpWindow *window,
                           guint     timeout_seconds,
                           guint     countdown_seconds)
{
  Visit *visit = get_visit (window);

  g_return_if_fail (visit != NULL);

  visit->timeout_seconds = MAX (1, timeout_seconds);
  visit->countdown_seconds = MAX (1, countdown_seconds);
  if (visit->kiosk)
    start_monitor (visit);
}

RpIdleMonitor *
rp_visit_get_idle_monitor (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, NULL);
  return visit->monitor;
}

RpOsk *
rp_visit_get_osk (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, NULL);
  return visit->osk;
}

gboolean
rp_visit_is_osk_shown (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, FALSE);
  return visit->osk_revealer != NULL && gtk_revealer_get_reveal_child (visit->osk_revealer);
}

gboolean
rp_visit_is_countdown_shown (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, FALSE);
  return visit->countdown != NULL && gtk_widget_get_visible (visit->countdown);
}

/* What one resident copied (a phone number typed into the search box)
 * must not be pasted by the next: both the clipboard and the primary
 * selection (middle-click paste) are claimed empty. */
static void
clear_clipboards (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);

  gdk_clipboard_set_content (gdk_display_get_clipboard (display), NULL);
  gdk_clipboard_set_content (gdk_display_get_primary_clipboard (display), NULL);
}

RpWindow *
rp_visit_reset (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, window);

  hide_countdown (visit);
  if (visit->osk_revealer != NULL)
    gtk_revealer_set_reveal_child (visit->osk_revealer, FALSE);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  clear_clipboards (GTK_WIDGET (window));
  rp_window_reset_visit (window);
  visit->text_size = default_text_size (visit);
  apply_text_size (visit);
  visit->high_contrast = default_high_contrast (visit);
  apply_contrast (visit);
  if (g_strcmp0 (visit->language, visit->default_language) != 0)
    return rp_visit_set_language (window, visit->default_language);
  return window;
}

static gboolean
destroy_later (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

RpWindow *
rp_visit_set_language (RpWindow   *window,
                       const char *language)
{
  Visit *visit = get_visit (window);
  GtkWindow *old = GTK_WINDOW (window);
  RpWindow *rebuilt;
  Visit *next;
  int width, height;

  g_return_val_if_fail (visit != NULL, window);
  g_return_val_if_fail (language != NULL, window);

  if (g_str_equal (language, visit->language))
    return window;

  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;

  rebuilt = RP_WINDOW (rp_window_new (gtk_window_get_application (old), visit->kiosk));
  next = get_visit (rebuilt);
  g_free (next->default_language);
  next->default_language = g_strdup (visit->default_language);
  g_free (next->language);
  next->language = g_strdup (language);
  next->text_size = visit->text_size;
  apply_text_size (next);
  next->high_contrast = visit->high_contrast;
  apply_contrast (next);
  if (visit->kiosk)
    rp_visit_set_idle_timeout (rebuilt, visit->timeout_seconds, visit->countdown_seconds);

  gtk_window_get_default_size (old, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (rebuilt), width, height);
  if (rp_window_get_catalogue (window) != NULL)
    rp_window_set_catalogue (rebuilt, rp_window_get_catalogue (window));
  if (rp_window_get_data_dir (window) != NULL)
    rp_window_set_data_dir (rebuilt, rp_window_get_data_dir (window));
  /* The same visit goes on in the new window: a language switch must not
   * make one resident count as two (issue 12). */
  rp_window_take_usage (rebuilt, window);
  gtk_window_present (GTK_WINDOW (rebuilt));

  /* Not from inside the old window's own action. */
  gtk_widget_set_visible (GTK_WIDGET (old), FALSE);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, destroy_later, old, NULL);
  return rebuilt;
}

const char *
rp_visit_get_language (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, NULL);
  return visit->language;
}

void
rp_visit_set_text_size (RpWindow *window,
                        guint     percent)
{
  Visit *visit = get_visit (window);

  g_return_if_fail (visit != NULL);
  visit->text_size = offered_text_size (percent);
  apply_text_size (visit);
}

guint
rp_visit_get_text_size (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, 100);
  return visit->text_size;
}

void
rp_visit_set_high_contrast (RpWindow *window,
                            gboolean  high_contrast)
{
  Visit *visit = get_visit (window);

  g_return_if_fail (visit != NULL);
  visit->high_contrast = !!high_contrast;
  apply_contrast (visit);
}

gboolean
rp_visit_get_high_contrast (RpWindow *window)
{
  Visit *visit = get_visit (window);

  g_return_val_if_fail (visit != NULL, FALSE);
  return visit->high_contrast;
}
