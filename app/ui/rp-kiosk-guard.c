/* rp-kiosk-guard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kiosk's way out is the administrators' PIN, nothing else. Most ways out
 * belong to the compositor (cage has none; GNOME Kiosk honours the
 * shortcut inhibitor); the rest are keys GTK or the application would act
 * on, swallowed here in the capture phase before any widget sees them.
 * The capture controller sits on the window itself, so it runs before the
 * window's own class bindings (the inspector's among them), which GTK
 * handles in the bubble phase.
 */
#include "config.h"

#include "rp-kiosk-guard.h"

/* Chords a resident with a keyboard may use: zoom and back/home. Every
 * other chord with Control, Alt, Super, Meta or Hyper is swallowed. An
 * allow-list, because the deny-list that came before it missed GTK's own
 * Ctrl+Shift+D / Ctrl+Shift+I (the interactive inspector, which can show
 * any page and activate any action) and would miss the next binding a
 * library adds. */
static gboolean
is_allowed_chord (guint           keyval,
                  GdkModifierType mods)
{
  if (mods == GDK_CONTROL_MASK)
    return keyval == GDK_KEY_plus || keyval == GDK_KEY_equal || keyval == GDK_KEY_minus ||
           keyval == GDK_KEY_KP_Add || keyval == GDK_KEY_KP_Subtract;
  if (mods == GDK_ALT_MASK)
    return keyval == GDK_KEY_Left || keyval == GDK_KEY_Home;
  return FALSE;
}

gboolean
rp_kiosk_guard_is_escape (guint           keyval,
                          GdkModifierType state)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK |
                                  GDK_META_MASK | GDK_HYPER_MASK);

  /* Function keys (F11 fullscreen, F10 menus, F1 help, F6 focus cycling
   * and whatever a toolkit binds next), Escape, the menu key and the
   * modifier keys that start desktop gestures. */
  if ((keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35) || keyval == GDK_KEY_Escape ||
      keyval == GDK_KEY_Menu || keyval == GDK_KEY_Super_L || keyval == GDK_KEY_Super_R ||
      keyval == GDK_KEY_Meta_L || keyval == GDK_KEY_Meta_R || keyval == GDK_KEY_Hyper_L ||
      keyval == GDK_KEY_Hyper_R)
    return TRUE;
  /* The clipboard's other keys (Shift+Insert pastes, Shift+Delete cuts):
   * what one resident copied must never reach the next. */
  if ((keyval == GDK_KEY_Insert || keyval == GDK_KEY_KP_Insert ||
       keyval == GDK_KEY_Delete || keyval == GDK_KEY_KP_Delete) &&
      (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0)
    return TRUE;
  if (mods == 0)
    return FALSE;
  return !is_allowed_chord (keyval, mods);
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
