/* rp-style.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp-style.css names every colour it uses (@define-color rp_…) with its
 * light value; rp-style-dark.css gives the same names their dark values
 * and is added above it, at a higher priority, while the style manager is
 * dark (the desktop following the system; a kiosk is forced light). GTK
 * resolves a named colour from the highest provider that defines it, so
 * the rules themselves are written once. High contrast is the window's
 * .rp-high-contrast class (rp-visit.c): the kiosk's switch, or on the
 * desktop the system's preference (rp-application.c).
 */
#include "config.h"

#include <adwaita.h>

#include "rp-style.h"

#define RESOURCE_PATH "/io/github/readingpoint/ReadingPoint/"

static void
on_dark_changed (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GtkCssProvider  *dark)
{
  GdkDisplay *display = adw_style_manager_get_display (manager);

  if (adw_style_manager_get_dark (manager))
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (dark),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  else
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (dark));
}

void
rp_style_init (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GtkCssProvider) dark = NULL;
  AdwStyleManager *manager;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "rp-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "rp-style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "rp-style", g_object_ref (provider), g_object_unref);

  dark = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (dark, RESOURCE_PATH "rp-style-dark.css");
  g_object_set_data_full (G_OBJECT (display), "rp-style-dark", g_object_ref (dark), g_object_unref);
  adw_init ();
  manager = adw_style_manager_get_for_display (display);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (on_dark_changed), dark, 0);
  on_dark_changed (manager, NULL, dark);
}
