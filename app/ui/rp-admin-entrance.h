/* rp-admin-entrance.h — the hidden way into the admin panel: a five-second
 * hold on the window's title, then the PIN pad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Created by the application, one per window, and attached by the window
 * to its stack and title (rp-window-private.h). Owns the PIN pad and the
 * panel (rp-admin-page.h), which it adds to the stack as "pin" and
 * "admin", and audits every way out of the panel.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-admin-page.h"
#include "rp-pin-pad.h"

G_BEGIN_DECLS

#define RP_TYPE_ADMIN_ENTRANCE (rp_admin_entrance_get_type ())
G_DECLARE_FINAL_TYPE (RpAdminEntrance, rp_admin_entrance, RP, ADMIN_ENTRANCE, GObject)

RpAdminEntrance *rp_admin_entrance_new            (void);
/* Adds the "pin" and "admin" pages to @stack and the hidden hold on
 * @title (a GtkLabel, whose text becomes "Administration" inside). */
void             rp_admin_entrance_attach         (RpAdminEntrance *self,
                                                   GtkStack        *stack,
                                                   GtkWidget       *title);
/* The terminal the panel administers (nullable), made by the application
 * from the window's data directory. */
void             rp_admin_entrance_set_terminal   (RpAdminEntrance *self,
                                                   RpTerminal      *terminal);
void             rp_admin_entrance_set_catalogue  (RpAdminEntrance *self,
                                                   RpCatalogue     *catalogue);
/* What the hidden hold does: shows the PIN pad. */
void             rp_admin_entrance_open_pin_pad   (RpAdminEntrance *self);
/* (transfer none) */
RpAdminPage     *rp_admin_entrance_get_page       (RpAdminEntrance *self);
/* (transfer none) */
RpPinPad        *rp_admin_entrance_get_pin_pad    (RpAdminEntrance *self);

G_END_DECLS
