/* rp-idle-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time is measured on the monotonic clock from the last input event, and
 * checked by a one-second tick: a suspended or busy main loop delays the
 * reset but never skips it, and no wall-clock change can trigger it.
 */
#include "config.h"

#include "rp-idle-monitor.h"

struct _RpIdleMonitor
{
  GObject     parent_instance;
  GtkWidget  *root;           /* weak */
  GtkEventController *controller;
  guint       timeout_seconds;
  guint       countdown_seconds;
  gint64      last_input;     /* monotonic µs */
  gint64      visit_start;    /* monotonic µs, 0: no visit under way */
  guint       tick_source;
  gboolean    counting_down;
};

G_DEFINE_FINAL_TYPE (RpIdleMonitor, rp_idle_monitor, G_TYPE_OBJECT)

enum {
  SIGNAL_COUNTDOWN,
  SIGNAL_RESUMED,
  SIGNAL_EXPIRED,
  SIGNAL_VISIT_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
end_visit (RpIdleMonitor *self)
{
  if (self->visit_start != 0)
    {
      guint seconds = (guint) ((self->last_input - self->visit_start) / G_USEC_PER_SEC);

      self->visit_start = 0;
      g_signal_emit (self, signals[SIGNAL_VISIT_ENDED], 0, seconds);
    }
}

static void
expire (RpIdleMonitor *self)
{
  self->counting_down = FALSE;
  end_visit (self);
  self->last_input = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_EXPIRED], 0);
}

static gboolean
tick (gpointer user_data)
{
  RpIdleMonitor *self = user_data;
  gint64 idle = (g_get_monotonic_time () - self->last_input) / G_USEC_PER_SEC;
  gint64 left;

  /* Nobody is here: nothing to count down. */
  if (self->visit_start == 0)
    return G_SOURCE_CONTINUE;
  if (idle < self->timeout_seconds)
    return G_SOURCE_CONTINUE;

  left = (gint64) self->timeout_seconds + self->countdown_seconds - idle;
  if (left <= 0)
    {
      expire (self);
      return G_SOURCE_CONTINUE;
    }
  self->counting_down = TRUE;
  g_signal_emit (self, signals[SIGNAL_COUNTDOWN], 0, (guint) left);
  return G_SOURCE_CONTINUE;
}

void
rp_idle_monitor_poke (RpIdleMonitor *self)
{
  g_return_if_fail (RP_IS_IDLE_MONITOR (self));

  self->last_input = g_get_monotonic_time ();
  if (self->visit_start == 0)
    self->visit_start = self->last_input;
  if (self->counting_down)
    {
      self->counting_down = FALSE;
      g_signal_emit (self, signals[SIGNAL_RESUMED], 0);
    }
}

static gboolean
on_event (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          RpIdleMonitor            *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_SCROLL:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      rp_idle_monitor_poke (self);
      break;
    default:
      /* Pointer motion alone is not presence: a mouse can drift. */
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

void
rp_idle_monitor_expire (RpIdleMonitor *self)
{
  g_return_if_fail (RP_IS_IDLE_MONITOR (self));
  expire (self);
}

static void
rp_idle_monitor_dispose (GObject *object)
{
  RpIdleMonitor *self = RP_IDLE_MONITOR (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->root != NULL && self->controller != NULL)
    gtk_widget_remove_controller (self->root, self->controller);
  self->controller = NULL;
  g_clear_weak_pointer (&self->root);

  G_OBJECT_CLASS (rp_idle_monitor_parent_class)->dispose (object);
}

static void
rp_idle_monitor_class_init (RpIdleMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_idle_monitor_dispose;

  signals[SIGNAL_COUNTDOWN] = g_signal_new ("countdown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_RESUMED] = g_signal_new ("resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_VISIT_ENDED] = g_signal_new ("visit-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rp_idle_monitor_init (RpIdleMonitor *self)
{
  self->last_input = g_get_monotonic_time ();
}

RpIdleMonitor *
rp_idle_monitor_new (GtkWidget *root,
                     guint      timeout_seconds,
                     guint      countdown_seconds)
{
  RpIdleMonitor *self;

  g_return_val_if_fail (GTK_IS_WIDGET (root), NULL);

  self = g_object_new (RP_TYPE_IDLE_MONITOR, NULL);
  self->timeout_seconds = MAX (1, timeout_seconds);
  self->countdown_seconds = MAX (1, countdown_seconds);
  g_set_weak_pointer (&self->root, root);

  self->controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->controller, GTK_PHASE_CAPTURE);
  g_signal_connect (self->controller, "event", G_CALLBACK (on_event), self);
  gtk_widget_add_controller (root, self->controller);

  self->tick_source = g_timeout_add_seconds (1, tick, self);
  return self;
}

void
rp_idle_monitor_set_timeout (RpIdleMonitor *self,
                             guint          timeout_seconds)
{
  g_return_if_fail (RP_IS_IDLE_MONITOR (self));
  self->timeout_seconds = MAX (1, timeout_seconds);
}

gboolean
rp_idle_monitor_is_counting_down (RpIdleMonitor *self)
{
  g_return_val_if_fail (RP_IS_IDLE_MONITOR (self), FALSE);
  return self->counting_down;
}
