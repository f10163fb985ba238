/* rp-admin-entrance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing shows that the entrance is there. The panel is unlocked only by
 * the PIN pad accepting a PIN, and locked again by any page but the panel
 * and its own PIN pad; a panel shown any other way is audited and sent
 * home before a frame of it is drawn.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-entrance.h"
#include "rp-admin-page-private.h"

/* GtkGestureLongPress caps its delay at twice the long-press time, and a
 * click gesture ends its sequence ("stopped") after the double-click time,
 * about 0.4 s into a hold: a drag gesture and a timer hold for five
 * seconds instead. The hold ends on release, on cancel, or when the
 * finger wanders off. */
#define RP_ADMIN_HOLD_MS  5000
#define HOLD_SLOP_PX      24

struct _RpAdminEntrance
{
  GObject      parent_instance;

  RpAdminPage *page;       /* owned; also a child of the stack */
  RpPinPad    *pad;        /* owned; also a child of the stack */
  GtkStack    *stack;      /* weak: the window's */
  GtkLabel    *title;      /* weak: the window's */
  guint        hold_id;    /* the five seconds are running */
  gboolean     changing;   /* the pad changes the PIN (from the panel) */
  gboolean     shown;      /* the panel was the stack's last page */
};

G_DEFINE_FINAL_TYPE (RpAdminEntrance, rp_admin_entrance, G_TYPE_OBJECT)

static void
set_title (RpAdminEntrance *self,
           const char      *title)
{
  if (self->title != NULL)
    gtk_label_set_text (self->title, title);
}

static void
show (RpAdminEntrance *self,
      const char      *name)
{
  if (self->stack != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

void
rp_admin_entrance_open_pin_pad (RpAdminEntrance *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_ADMIN_ENTRANCE (self));

  if (!rp_admin_page_ensure_state (self->page, &error))
    {
      g_warning ("The admin panel cannot open: %s", error->message);
      return;
    }
  self->changing = FALSE;
  rp_admin_page_set_unlocked (self->page, FALSE);
  rp_pin_pad_start (self->pad, self->page->pin);
  show (self, "pin");
  set_title (self, _("Administration"));
}

static void
on_pin_accepted (RpPinPad        *pad,
                 RpAdminEntrance *self)
{
  RpAdminPage *page = self->page;
  gboolean changing = self->changing;

  self->changing = FALSE;
  page->leaving_audited = FALSE;
  if (!changing)
    rp_admin_page_audit (page, "panel-enter", "PIN accepted");
  rp_admin_page_set_unlocked (page, TRUE);
  rp_admin_page_refresh (page);
  rp_admin_page_load_settings (page);
  if (changing)
    {
      gtk_label_set_text (page->settings_label, _("The PIN was changed."));
      rp_admin_page_show_section (page, "settings");
    }
  else
    rp_admin_page_show_section (page, "status");
  show (self, "admin");
  set_title (self, _("Administration"));
}

static void
on_pin_cancelled (RpPinPad        *pad,
                  RpAdminEntrance *self)
{
  if (self->changing)
    {
      self->changing = FALSE;
      self->page->leaving_audited = FALSE;
      show (self, "admin");
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (pad), "nav.home", NULL);
}

static void
on_change_pin (RpAdminPage     *page,
               RpAdminPin      *pin,
               RpAdminEntrance *self)
{
  self->changing = TRUE;
  rp_pin_pad_start_change (self->pad, pin);
  page->leaving_audited = TRUE;   /* the PIN pad is part of the panel here */
  show (self, "pin");
}

/* Leaving the panel by any way (Close, Home, Back, the idle wipe) is
 * audited once. */
static void
on_visible_child (GtkStack        *stack,
                  GParamSpec      *pspec,
                  RpAdminEntrance *self)
{
  RpAdminPage *page = self->page;
  const char *name = gtk_stack_get_visible_child_name (stack);
  gboolean was_shown = self->shown;
  gboolean shown = g_strcmp0 (name, "admin") == 0;

  if (shown && !page->unlocked)
    {
      /* Not through the PIN pad: recorded, and sent home before a frame
       * of the panel is drawn (its contents are hidden while locked). */
      rp_admin_page_audit (page, "panel-shown-without-pin", "returned to the home screen");
      gtk_stack_set_visible_child_name (stack, "home");
      return;
    }
  if (was_shown && !shown && g_strcmp0 (name, "pin") != 0 && !page->leaving_audited && page->pin != NULL)
    rp_admin_pin_audit_exit (page->pin, "panel");
  /* Any page but the panel and its own PIN pad ends the stay. */
  if (!shown && g_strcmp0 (name, "pin") != 0)
    rp_admin_page_set_unlocked (page, FALSE);
  if (shown || g_strcmp0 (name, "pin") != 0)
    self->shown = shown;
}

static gboolean
on_held (gpointer user_data)
{
  RpAdminEntrance *self = user_data;

  self->hold_id = 0;
  rp_admin_entrance_open_pin_pad (self);
  return G_SOURCE_REMOVE;
}

static void
stop_hold (RpAdminEntrance *self)
{
  g_clear_handle_id (&self->hold_id, g_source_remove);
}

static void
on_title_pressed (GtkGestureDrag  *gesture,
                  double           x,
                  double           y,
                  RpAdminEntrance *self)
{
  stop_hold (self);
  self->hold_id = g_timeout_add (RP_ADMIN_HOLD_MS, on_held, self);
}

static void
on_title_moved (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                RpAdminEntrance *self)
{
  if (dx * dx + dy * dy > HOLD_SLOP_PX * HOLD_SLOP_PX)
    stop_hold (self);
}

/* Swapped: the entrance comes first, the gesture's arguments are unused. */
static void
on_title_released (RpAdminEntrance *self)
{
  stop_hold (self);
}

static void
rp_admin_entrance_dispose (GObject *object)
{
  RpAdminEntrance *self = RP_ADMIN_ENTRANCE (object);

  stop_hold (self);
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  g_clear_weak_pointer (&self->stack);
  g_clear_weak_pointer (&self->title);
  g_clear_object (&self->pad);
  g_clear_object (&self->page);
  G_OBJECT_CLASS (rp_admin_entrance_parent_class)->dispose (object);
}

static void
rp_admin_entrance_class_init (RpAdminEntranceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rp_admin_entrance_dispose;
}

static void
rp_admin_entrance_init (RpAdminEntrance *self)
{
  /* Referenced: the stack drops its children before the window drops the
   * entrance. */
  self->page = g_object_ref_sink (RP_ADMIN_PAGE (rp_admin_page_new ()));
  self->pad = g_object_ref_sink (RP_PIN_PAD (rp_pin_pad_new ()));
  g_signal_connect_object (self->pad, "accepted", G_CALLBACK (on_pin_accepted), self, 0);
  g_signal_connect_object (self->pad, "cancelled", G_CALLBACK (on_pin_cancelled), self, 0);
  g_signal_connect_object (self->page, "change-pin", G_CALLBACK (on_change_pin), self, 0);
}

RpAdminEntrance *
rp_admin_entrance_new (void)
{
  return g_object_new (RP_TYPE_ADMIN_ENTRANCE, NULL);
}

void
rp_admin_entrance_attach (RpAdminEntrance *self,
                          GtkStack        *stack,
                          GtkWidget       *title)
{
  GtkGesture *press;

  g_return_if_fail (RP_IS_ADMIN_ENTRANCE (self));
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (GTK_IS_LABEL (title));
  g_return_if_fail (self->stack == NULL);

  g_set_weak_pointer (&self->stack, stack);
  g_set_weak_pointer (&self->title, GTK_LABEL (title));
  gtk_stack_add_named (stack, GTK_WIDGET (self->pad), "pin");
  gtk_stack_add_named (stack, GTK_WIDGET (self->page), "admin");
  g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (on_visible_child), self);

  /* The way in: a five-second press on the title of the top bar. Nothing
   * shows that it is there. */
  press = gtk_gesture_drag_new ();
  g_signal_connect_object (press, "drag-begin", G_CALLBACK (on_title_pressed), self, 0);
  g_signal_connect_object (press, "drag-update", G_CALLBACK (on_title_moved), self, 0);
  g_signal_connect_object (press, "drag-end", G_CALLBACK (on_title_released), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (press, "cancel", G_CALLBACK (on_title_released), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (title, GTK_EVENT_CONTROLLER (press));
}

void
rp_admin_entrance_set_terminal (RpAdminEntrance *self,
                                RpTerminal      *terminal)
{
  g_return_if_fail (RP_IS_ADMIN_ENTRANCE (self));
  rp_admin_page_set_terminal (self->page, terminal);
}

void
rp_admin_entrance_set_catalogue (RpAdminEntrance *self,
                                 RpCatalogue     *catalogue)
{
  g_return_if_fail (RP_IS_ADMIN_ENTRANCE (self));
  rp_admin_page_set_catalogue (self->page, catalogue);
}

RpAdminPage *
rp_admin_entrance_get_page (RpAdminEntrance *self)
{
  g_return_val_if_fail (RP_IS_ADMIN_ENTRANCE (self), NULL);
  return self->page;
}

RpPinPad *
rp_admin_entrance_get_pin_pad (RpAdminEntrance *self)
{
  g_return_val_if_fail (RP_IS_ADMIN_ENTRANCE (self), NULL);
  return self->pad;
}
