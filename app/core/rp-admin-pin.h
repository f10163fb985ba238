/* rp-admin-pin.h — the administrators' PIN: provisioned, hashed, rate-limited, audited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PIN is set at provisioning (`readingpoint-admin pin set`), never by
 * whoever reaches the pad first: until one is set, every check answers
 * RP_PIN_NOT_SET and the pad stays shut. It is stored only as a libsodium
 * crypto_pwhash_str hash (Argon2id, salted) and has 6 to 12 digits.
 *
 * Wrong PINs cost escalating delays: the first two are free (a typo), the
 * third costs 30 s and each further one doubles it, up to a cap of one
 * hour. At the cap one guess per hour tries the million 6-digit PINs in
 * about 114 years, while an administrator who finds the pad locked waits
 * at most an hour (or clears it with `pin clear-lockout` from a shell).
 *
 * Delays are measured on CLOCK_BOOTTIME (monotonic, counts suspend), never
 * on the wall clock: the store keeps the delay still to serve and where on
 * the boot-time clock it was last observed, not a wall-clock deadline. In
 * the same boot the time that passed is subtracted; after a reboot the
 * remaining delay is served again in full from the first observation. So
 * killing the kiosk does not reset a delay, setting the clock back cannot
 * lengthen one, and no stored value can make one longer than the cap.
 * Every set, change, success, failure and lockout goes to the hash-chained
 * audit log (never the PIN).
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_ADMIN_PIN (rp_admin_pin_get_type ())
G_DECLARE_FINAL_TYPE (RpAdminPin, rp_admin_pin, RP, ADMIN_PIN, GObject)

#define RP_ADMIN_PIN_MIN_DIGITS       6
#define RP_ADMIN_PIN_MAX_DIGITS       12
/* Wrong PINs in a row that cost no delay. */
#define RP_ADMIN_PIN_FREE_FAILURES    2
#define RP_ADMIN_PIN_FIRST_DELAY      30
#define RP_ADMIN_PIN_MAX_DELAY        (60 * 60)

typedef enum
{
  RP_PIN_ACCEPTED,
  RP_PIN_WRONG,      /* @out_wait: the delay this failure started, 0 if none */
  RP_PIN_LOCKED,     /* refused unchecked; @out_wait: seconds left */
  RP_PIN_NOT_SET,    /* nothing to check against: provision the terminal */
} RpPinResult;

/* Where a delay is measured. Tests pass their own; NULL means now. */
typedef struct
{
  char   boot_id[40];     /* the kernel's boot id; "" if unknown */
  gint64 since_boot_us;   /* CLOCK_BOOTTIME */
} RpPinClock;

typedef struct
{
  gboolean set;
  guint    failures;        /* wrong PINs since the last right one */
  guint    delay_seconds;   /* until the pad takes a PIN again */
} RpPinStatus;

void        rp_pin_clock_now               (RpPinClock *clock);
/* The delay (seconds) that the @failures-th wrong PIN in a row starts. */
guint       rp_admin_pin_delay_for_failures (guint      failures);

/* Keeps its own connection to @state_db_path (the same state.db). A PIN
 * chosen at the pad by an older version (before provisioning existed) is
 * discarded, and the discard audited. */
RpAdminPin *rp_admin_pin_open          (const char  *state_db_path,
                                        RpStateDb   *audit,
                                        GError     **error);
gboolean    rp_admin_pin_is_set        (RpAdminPin  *self);
/* Provisioning (the command line): sets the PIN, or replaces it without
 * the old one, and clears failures and delays. Whoever can run this can
 * write state.db anyway; the pad never calls it. */
gboolean    rp_admin_pin_provision     (RpAdminPin  *self,
                                        const char  *pin,
                                        GError     **error);
/* Changes the PIN in force; @current is checked like a PIN at the pad
 * (a wrong one is a failure, refused while a delay runs). Refused when no
 * PIN is set. */
gboolean    rp_admin_pin_set           (RpAdminPin  *self,
                                        const char  *current,
                                        const char  *pin,
                                        GError     **error);
RpPinResult rp_admin_pin_check         (RpAdminPin       *self,
                                        const char       *pin,
                                        const RpPinClock *clock,
                                        guint            *out_wait);
gboolean    rp_admin_pin_get_status    (RpAdminPin       *self,
                                        const RpPinClock *clock,
                                        RpPinStatus      *out_status,
                                        GError          **error);
/* From a shell: forgets failures and any delay running. */
gboolean    rp_admin_pin_clear_lockout (RpAdminPin  *self,
                                        GError     **error);
/* Records that the administrator left the panel (or the kiosk). */
void        rp_admin_pin_audit_exit    (RpAdminPin  *self,
                                        const char  *what);
/* (transfer full) (nullable): the stored hash, for tests and audits. */
char       *rp_admin_pin_dup_hash      (RpAdminPin  *self);

/* 6 to 12 ASCII digits. */
gboolean    rp_admin_pin_is_well_formed (const char *pin);

G_END_DECLS
