/* rp-test-network.h — a network monitor the test switches on and off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RP_TYPE_TEST_NETWORK (rp_test_network_get_type ())
G_DECLARE_FINAL_TYPE (RpTestNetwork, rp_test_network, RP, TEST_NETWORK, GObject)

/* A GNetworkMonitor that says what the test sets, nothing else. */
RpTestNetwork *rp_test_network_new (gboolean       available,
                                    gboolean       metered);
/* Changes the state and emits "network-changed" (and notifies), as the
 * system's monitor does when a link comes or goes. */
void           rp_test_network_set (RpTestNetwork *self,
                                    gboolean       available,
                                    gboolean       metered);

G_END_DECLS
