/* rp-watchdog.h — telling the service manager we are alive (sd_notify protocol)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kiosk runs for years unattended. systemd restarts it when it crashes
 * (Restart=always), and when its main loop stops turning (WatchdogSec=):
 * pings are sent from a main-loop timeout, so a hung UI stops pinging and
 * is restarted. Without $NOTIFY_SOCKET (a desktop session, tests) every call
 * does nothing.
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_WATCHDOG (rp_watchdog_get_type ())
G_DECLARE_FINAL_TYPE (RpWatchdog, rp_watchdog, RP, WATCHDOG, GObject)

/* Reads $NOTIFY_SOCKET and $WATCHDOG_USEC of the calling process. */
RpWatchdog *rp_watchdog_new          (void);
gboolean    rp_watchdog_is_enabled   (RpWatchdog *self);
/* Sends READY=1 (once), then WATCHDOG=1 every half period from the
 * thread-default main context, if the service manager asked for pings. */
void        rp_watchdog_ready        (RpWatchdog *self);
/* Sends one datagram, e.g. "STATUS=Installing bundle". */
gboolean    rp_watchdog_notify       (RpWatchdog *self,
                                      const char *message);

G_END_DECLS
