/* rp-pin-pad.h — the administrators' PIN pad: big digits, masked display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks or changes the PIN through RpAdminPin (hashing, delays and audit
 * live there). It never sets a first PIN: on a terminal without one it
 * says so, shows how to provision it (readingpoint-admin pin set) and
 * offers only Cancel. Emits "accepted" once the PIN was right (or
 * changed), "cancelled" when the administrator gives up. Buttons activate
 * the pin.digit, pin.erase, pin.ok and pin.cancel actions (tests use the
 * same ones); the first three are disabled while no PIN is set.
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-admin-pin.h"
#include "rp-core.h"

G_BEGIN_DECLS

#define RP_TYPE_PIN_PAD (rp_pin_pad_get_type ())
G_DECLARE_FINAL_TYPE (RpPinPad, rp_pin_pad, RP, PIN_PAD, GtkWidget)

GtkWidget  *rp_pin_pad_new          (void);
/* Starts over: asks for the PIN, or refuses when none is set. */
void        rp_pin_pad_start        (RpPinPad   *self,
                                     RpAdminPin *pin);
/* Starts over asking for the current PIN, then a new one twice. */
void        rp_pin_pad_start_change (RpPinPad   *self,
                                     RpAdminPin *pin);
/* The prompt and the message under the digits (tests, screen readers). */
const char *rp_pin_pad_get_prompt   (RpPinPad   *self);
const char *rp_pin_pad_get_message  (RpPinPad   *self);
/* TRUE while the pad refuses because the terminal has no PIN. */
gboolean    rp_pin_pad_get_refusing (RpPinPad   *self);

G_END_DECLS
