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
 * _nl_msg_cat_cntr (glibc's catalogue generation counter) and notifies
 * "language": the application rebuilds the window, because templates
 * translate their strings only when built.
 * Plurals use glibc's dngettext, not g_dngettext: GLib decides once per
 * process whether to translate at all, and a kiosk started in English
 * would never show Chinese plurals.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-core.h"
#include "rp-kiosk-guard.h"
#include "rp-render-helper-client.h"
#include "rp-visit.h"

extern int _nl_msg_cat_cntr;

struct _RpVisit
{
  GObject        parent_instance;
  GtkWindow     *window;          /* weak: the window holds the visit */
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
  RpReadAloud   *countdown_speech; /* in the card: speaks it as it appears */
  GtkRevealer   *osk_revealer;
  RpOsk         *osk;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

enum
{
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RpVisit, rp_visit, G_TYPE_OBJECT)

static void
sync_action_states (RpVisit *self)
{
  g_autofree char *size = g_strdup_printf ("%u", self->text_size);
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "language");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (self->language));
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "text-size");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (size));
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "high-contrast");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (self->high_contrast));
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
default_text_size (RpVisit *self)
{
  if (self->settings == NULL)
    return 100;
  return offered_text_size ((guint) (g_settings_get_double (self->settings, "text-scale") * 100 + 0.5));
}

static gboolean
default_high_contrast (RpVisit *self)
{
  return self->settings != NULL && g_settings_get_boolean (self->settings, "high-contrast");
}

static void
apply_text_size (RpVisit *self)
{
  GtkWidget *widget = GTK_WIDGET (self->window);

  sync_action_states (self);
  if (widget == NULL)
    return;
  gtk_widget_remove_css_class (widget, "rp-text-125");
  gtk_widget_remove_css_class (widget, "rp-text-150");
  if (self->text_size == 125)
    gtk_widget_add_css_class (widget, "rp-text-125");
  else if (self->text_size == 150)
    gtk_widget_add_css_class (widget, "rp-text-150");
}

static void
apply_contrast (RpVisit *self)
{
  sync_action_states (self);
  if (self->window == NULL)
    return;
  if (self->high_contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self->window), "rp-high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->window), "rp-high-contrast");
}

static void
show_countdown (RpVisit *self,
                guint  seconds_left)
{
  g_autofree char *text = NULL;

  if (self->countdown == NULL)
    return;
  text = g_strdup_printf (dngettext (GETTEXT_PACKAGE,
                                       "The screen returns to the start in %u second.",
                                       "The screen returns to the start in %u seconds.",
                                       seconds_left),
                          seconds_left);
  gtk_label_set_text (self->countdown_label, text);
  if (!gtk_widget_get_visible (self->countdown))
    {
      g_autofree char *spoken = g_strdup_printf ("%s %s", _("Are you still reading?"), text);

      /* Issue 13: a resident who cannot read the card hears it. Continue
       * and the wipe hide the card, which stops the voice (unmapped). */
      gtk_widget_set_visible (self->countdown, TRUE);
      rp_read_aloud_set_text (self->countdown_speech, spoken);
      rp_read_aloud_start (self->countdown_speech);
    }
}

static void
hide_countdown (RpVisit *self)
{
  if (self->countdown != NULL)
    gtk_widget_set_visible (self->countdown, FALSE);
}

static void
on_countdown (RpIdleMonitor *monitor,
              guint          seconds_left,
              RpVisit       *self)
{
  show_countdown (self, seconds_left);
}

static void
on_resumed (RpIdleMonitor *monitor,
            RpVisit       *self)
{
  hide_countdown (self);
}

static void
on_expired (RpIdleMonitor *monitor,
            RpVisit       *self)
{
  rp_visit_reset (self);
}

static void
start_monitor (RpVisit *self)
{
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  self->monitor = rp_idle_monitor_new (GTK_WIDGET (self->window), self->timeout_seconds,
                                        self->countdown_seconds);
  g_signal_connect (self->monitor, "countdown", G_CALLBACK (on_countdown), self);
  g_signal_connect (self->monitor, "resumed", G_CALLBACK (on_resumed), self);
  g_signal_connect (self->monitor, "expired", G_CALLBACK (on_expired), self);
}

/* The window counts (its "usage.count" action): nothing without a usage
 * recorder. */
static void
count_choice (RpVisit     *self,
              RpUsageKind  kind,
              const char  *subject)
{
  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "usage.count", "(us)", (guint32) kind, subject);
}

static void
language_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RpVisit *self = user_data;

  /* Counted as a choice a resident made; the reset's return to the
   * defaults is not a choice and is not counted. */
  count_choice (self, RP_USAGE_LANGUAGE, g_variant_get_string (parameter, NULL));
  rp_visit_set_language (self, g_variant_get_string (parameter, NULL));
}

static void
text_size_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RpVisit *self = user_data;

  g_autofree char *size = NULL;

  rp_visit_set_text_size (self, (guint) g_ascii_strtoull (g_variant_get_string (parameter, NULL), NULL, 10));
  size = g_strdup_printf ("%u", self->text_size);
  count_choice (self, RP_USAGE_TEXT_SIZE, size);
}

static void
high_contrast_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  RpVisit *self = user_data;

  rp_visit_set_high_contrast (self, !self->high_contrast);
}

static void
continue_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RpVisit *self = user_data;

  if (self->monitor != NULL)
    rp_idle_monitor_poke (self->monitor);
  hide_countdown (self);
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
                         RpVisit    *self)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkEditable *target = NULL;

  if (GTK_IS_TEXT (focus) && gtk_editable_get_editable (GTK_EDITABLE (focus)))
    target = GTK_EDITABLE (focus);
  if (target == NULL && focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->osk)))
    return;
  rp_osk_set_target (self->osk, target);
  gtk_revealer_set_reveal_child (self->osk_revealer, target != NULL);
}

static void
on_swipe (GtkGestureSwipe *gesture,
          double           velocity_x,
          double           velocity_y,
          RpVisit         *self)
{
  /* A quick, mostly horizontal flick to the right is "back". */
  if (velocity_x > 600 && ABS (velocity_x) > 2 * ABS (velocity_y))
    gtk_widget_activate_action (GTK_WIDGET (self->window), "nav.back", NULL);
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
        RpVisit   *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, drop_initial_focus, g_object_ref (window), g_object_unref);
}

static GtkWidget *
build_countdown (RpVisit *self)
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
  self->countdown_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->countdown_label, TRUE);
  gtk_label_set_justify (self->countdown_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "rp-idle-seconds");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "visit.continue");
  gtk_widget_add_css_class (button, "rp-idle-continue");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->countdown_label));
  gtk_box_append (GTK_BOX (card), button);
  self->countdown_speech = RP_READ_ALOUD (rp_read_aloud_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->countdown_speech), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->countdown_speech));
  gtk_box_append (GTK_BOX (backdrop), card);
  gtk_widget_set_visible (backdrop, FALSE);
  return backdrop;
}

/* The window's content goes into an overlay (countdown) above a box that
 * also holds the keyboard, so the keyboard never covers search results. */
static void
install_kiosk_layers (RpVisit *self)
{
  GtkWindow *window = GTK_WINDOW (self->window);
  g_autoptr(GtkWidget) content = g_object_ref (gtk_window_get_child (window));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkGesture *swipe;

  gtk_window_set_child (window, NULL);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (column), content);

  self->osk_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->osk_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  self->osk = RP_OSK (rp_osk_new ());
  /* Pinyin in Chinese; letters as they are in English (中/英 switches). */
  rp_osk_set_latin (self->osk, g_str_has_prefix (self->language, "en"));
  gtk_revealer_set_child (self->osk_revealer, GTK_WIDGET (self->osk));
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->osk_revealer));

  gtk_overlay_set_child (GTK_OVERLAY (overlay), column);
  self->countdown = build_countdown (self);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->countdown);
  gtk_window_set_child (window, overlay);

  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (on_focus_widget_changed), self);
  g_signal_connect (window, "map", G_CALLBACK (on_map), self);

  swipe = gtk_gesture_swipe_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (swipe), TRUE);
  g_signal_connect (swipe, "swipe", G_CALLBACK (on_swipe), self);
  gtk_widget_add_controller (content, GTK_EVENT_CONTROLLER (swipe));
}

static void
rp_visit_dispose (GObject *object)
{
  RpVisit *self = RP_VISIT (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (rp_visit_parent_class)->dispose (object);
}

static void
rp_visit_finalize (GObject *object)
{
  RpVisit *self = RP_VISIT (object);

  g_clear_object (&self->actions);
  g_clear_object (&self->settings);
  g_free (self->default_language);
  g_free (self->language);
  G_OBJECT_CLASS (rp_visit_parent_class)->finalize (object);
}

static void
rp_visit_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  RpVisit *self = RP_VISIT (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_visit_class_init (RpVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_visit_dispose;
  object_class->finalize = rp_visit_finalize;
  object_class->get_property = rp_visit_get_property;

  /* The interface language; a change means the window must be rebuilt. */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The wipe: what the window holds of the visit must go too. */
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
}

static void
rp_visit_init (RpVisit *self)
{
  self->default_language = startup_language ();
  self->language = g_strdup (self->default_language);
  /* NULL when the schema is not installed (a run from the build tree):
   * the defaults are then 100 % and normal contrast. */
  self->settings = rp_settings_new ();
  self->timeout_seconds = RP_VISIT_DEFAULT_IDLE_TIMEOUT;
  self->countdown_seconds = RP_VISIT_DEFAULT_COUNTDOWN;
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), visit_actions,
                                   G_N_ELEMENTS (visit_actions), self);
  self->text_size = default_text_size (self);
  self->high_contrast = default_high_contrast (self);
  sync_action_states (self);
}

RpVisit *
rp_visit_new (gboolean kiosk)
{
  RpVisit *self = g_object_new (RP_TYPE_VISIT, NULL);

  self->kiosk = kiosk;
  return self;
}

void
rp_visit_attach (RpVisit   *self,
                 GtkWindow *window)
{
  g_return_if_fail (RP_IS_VISIT (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  /* The window left behind (a language switch) goes away: its keyboard and
   * countdown are no longer this visit's. */
  if (self->window != NULL)
    g_signal_handlers_disconnect_by_data (self->window, self);
  self->countdown = NULL;
  self->countdown_label = NULL;
  self->countdown_speech = NULL;
  self->osk_revealer = NULL;
  self->osk = NULL;
  g_set_weak_pointer (&self->window, window);

  gtk_widget_insert_action_group (GTK_WIDGET (window), "visit", G_ACTION_GROUP (self->actions));
  apply_text_size (self);
  apply_contrast (self);

  if (!self->kiosk)
    return;
  rp_kiosk_guard_install (window);
  install_kiosk_layers (self);
  start_monitor (self);
}

GtkWindow *
rp_visit_get_window (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), NULL);
  return self->window;
}

gboolean
rp_visit_is_kiosk (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), FALSE);
  return self->kiosk;
}

void
rp_visit_set_idle_timeout (RpVisit *self,
                           guint    timeout_seconds,
                           guint    countdown_seconds)
{
  g_return_if_fail (RP_IS_VISIT (self));

  self->timeout_seconds = MAX (1, timeout_seconds);
  self->countdown_seconds = MAX (1, countdown_seconds);
  if (self->kiosk && self->window != NULL)
    start_monitor (self);
}

RpIdleMonitor *
rp_visit_get_idle_monitor (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), NULL);
  return self->monitor;
}

RpOsk *
rp_visit_get_osk (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), NULL);
  return self->osk;
}

gboolean
rp_visit_is_osk_shown (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), FALSE);
  return self->osk_revealer != NULL && gtk_revealer_get_reveal_child (self->osk_revealer);
}

RpReadAloud *
rp_visit_get_countdown_speech (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), NULL);
  return self->countdown_speech;
}

gboolean
rp_visit_is_countdown_shown (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), FALSE);
  return self->countdown != NULL && gtk_widget_get_visible (self->countdown);
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

static gboolean
release_memory (gpointer data)
{
  rp_memory_release ();
  return G_SOURCE_REMOVE;
}

void
rp_visit_reset (RpVisit *self)
{
  g_return_if_fail (RP_IS_VISIT (self));

  hide_countdown (self);
  /* What was being composed goes, rather than into the box as the focus
   * leaves it: the next resident must not find it. */
  if (self->osk != NULL)
    rp_osk_clear (self->osk);
  if (self->osk_revealer != NULL)
    gtk_revealer_set_reveal_child (self->osk_revealer, FALSE);
  if (self->window != NULL)
    {
      gtk_window_set_focus (self->window, NULL);
      clear_clipboards (GTK_WIDGET (self->window));
    }
  g_signal_emit (self, signals[RESET], 0);
  /* The next resident starts from nothing the last one was about to open
   * (the prefetched preview went as the entry page was left). */
  rp_render_helper_drop_spare ();
  self->text_size = default_text_size (self);
  apply_text_size (self);
  self->high_contrast = default_high_contrast (self);
  apply_contrast (self);
  if (g_strcmp0 (self->language, self->default_language) != 0)
    rp_visit_set_language (self, self->default_language);
  /* Issue 19: what the visit used goes back to the system once the wipe
   * has let it go (the document and its pages, a rebuilt window). */
  g_idle_add_full (G_PRIORITY_LOW, release_memory, NULL, NULL);
}

void
rp_visit_set_language (RpVisit    *self,
                       const char *language)
{
  g_return_if_fail (RP_IS_VISIT (self));
  g_return_if_fail (language != NULL);

  if (g_str_equal (language, self->language))
    return;

  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;
  g_free (self->language);
  self->language = g_strdup (language);
  sync_action_states (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
rp_visit_get_language (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), NULL);
  return self->language;
}

void
rp_visit_set_text_size (RpVisit *self,
                        guint    percent)
{
  g_return_if_fail (RP_IS_VISIT (self));
  self->text_size = offered_text_size (percent);
  apply_text_size (self);
}

guint
rp_visit_get_text_size (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), 100);
  return self->text_size;
}

void
rp_visit_set_high_contrast (RpVisit  *self,
                            gboolean  high_contrast)
{
  g_return_if_fail (RP_IS_VISIT (self));
  self->high_contrast = !!high_contrast;
  apply_contrast (self);
}

gboolean
rp_visit_get_high_contrast (RpVisit *self)
{
  g_return_val_if_fail (RP_IS_VISIT (self), FALSE);
  return self->high_contrast;
}
