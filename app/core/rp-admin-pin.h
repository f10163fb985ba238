/* rp-admin-pin.h — the administrators' PIN: hashed, rate-limited, audited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no factory PIN: on a new terminal the first PIN entered becomes
 * the PIN. It is stored only as a libsodium crypto_pwhash_str hash (Argon2id,
 * salted). Five wrong PINs in a row lock the pad for five minutes; the
 * failure count and the lock survive a restart, so killing the kiosk does
 * not reset them. Every attempt is written to the hash-chained audit log.
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ADMIN_PIN (rp_admin_pin_get_type ())
G_DECLARE_FINAL_TYPE (RpAdminPin, rp_admin_pin, RP, ADMIN_PIN, GObject)

#define RP_ADMIN_PIN_MAX_FAILURES 5
#define RP_ADMIN_PIN_LOCK_SECONDS (5 * 60)

typedef enum
{
  RP_PIN_ACCEPTED,
  RP_PIN_WRONG,
  RP_PIN_LOCKED,
} RpPinResult;

/* Keeps its own connection to @state_db_path (the same state.db). */
RpAdminPin *rp_admin_pin_open          (const char  *state_db_path,
                                        RpStateDb   *audit,
                                        GError     **error);
gboolean    rp_admin_pin_is_set        (RpAdminPin  *self);
/* PINs are 4 to 12 digits. Sets the first PIN, or changes it when
 * @current is the PIN in force. */
gboolean    rp_admin_pin_set           (RpAdminPin  *self,
                                        const char  *current,
                                        const char  *pin,
                                        GError     **error);
/* @now: seconds since the epoch (real time), so tests can move the clock.
 * @out_wait: seconds until the pad unlocks, when RP_PIN_LOCKED. */
RpPinResult rp_admin_pin_check         (RpAdminPin  *self,
                                        const char  *pin,
                                        gint64       now,
                                        guint       *out_wait);
/* Records that the administrator left the panel (or the kiosk). */
void        rp_admin_pin_audit_exit    (RpAdminPin  *self,
                                        const char  *what);
/* (transfer full) (nullable): the stored hash, for tests and audits. */
char       *rp_admin_pin_dup_hash      (RpAdminPin  *self);

gboolean    rp_admin_pin_is_well_formed (const char *pin);

G_END_DECLS
