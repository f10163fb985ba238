/* rp-kiosk-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kiosk's way out is the administrators' PIN, nothing else. Most ways out
 * belong to the compositor (cage has none; GNOME Kiosk honours the
 * shortcut inhibitor); the rest are keys GTK or the application would act
 * on, swallowed here in the capture phase before any widget sees them.
 */
#include "config.h"

#include "rp-kiosk-guard.h"

gboolean
rp_kiosk_guard_is_escape (guint           keyval,
                          GdkModifierType state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK);

  switch (keyval)
    {
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
    case GDK_KEY_Escape:
    case GDK_KEY_F11:
      return TRUE;
    case GDK_KEY_F4:
      return (mods & GDK_ALT_MASK) != 0;
    case GDK_KEY_q:
    case GDK_KEY_Q:
    case GDK_KEY_w:
    case GDK_KEY_W:
      return (mods & GDK_CONTROL_MASK) != 0;
    default:
      /* Any chord with Super is the desktop's, never ours. */
      return (mods & (GDK_SUPER_MASK | GDK_META_MASK)) != 0;
    }
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  return rp_kiosk_guard_is_escape (keyval, state);
}

static void
inhibit_shortcuts (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  if (GDK_IS_TOPLEVEL (surface))
    gdk_toplevel_inhibit_system_shortcuts (GDK_TOPLEVEL (surface), NULL);
}

static void
on_realize (GtkWindow *window)
{
  inhibit_shortcuts (window);
}

static gboolean
refullscreen (gpointer user_data)
{
  GtkWindow *window = user_data;

  if (!gtk_window_is_fullscreen (window))
    gtk_window_fullscreen (window);
  return G_SOURCE_REMOVE;
}

static void
on_fullscreened_changed (GtkWindow  *window,
                         GParamSpec *pspec)
{
  /* Wait a moment: compositors report an intermediate state while a
   * window is being mapped. */
  if (!gtk_window_is_fullscreen (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_timeout_add_full (G_PRIORITY_DEFAULT, 200, refullscreen, g_object_ref (window), g_object_unref);
}

static void
on_focus_changed (GtkWindow  *window,
                  GParamSpec *pspec)
{
  /* The inhibitor is dropped by some compositors when focus leaves. */
  if (gtk_window_is_active (window))
    inhibit_shortcuts (window);
}

void
rp_kiosk_guard_install (GtkWindow *window)
{
  GtkEventController *keys;

  g_return_if_fail (GTK_IS_WINDOW (window));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_fullscreened_changed), NULL);
  g_signal_connect (window, "notify::is-active", G_CALLBACK (on_focus_changed), NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    inhibit_shortcuts (window);
}
