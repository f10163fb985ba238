/* rp-fleet-rollup.h — the roll-ups of a batch of counted reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rp-fleet.h"

G_BEGIN_DECLS

typedef struct _RpFleetRollup RpFleetRollup;

RpFleetRollup *rp_fleet_rollup_new   (void);
void           rp_fleet_rollup_free  (RpFleetRollup *self);
/* Adds one counters row (as stored: no NULLs) of site @site_id. */
void           rp_fleet_rollup_add   (RpFleetRollup *self,
                                      const char    *site_id,
                                      const char    *day,
                                      const char    *kind,
                                      const char    *subject,
                                      gint64         count);
/* Adds the sums to fleet.db's roll-up tables inside the caller's
 * transaction, then forgets them. */
gboolean       rp_fleet_rollup_flush (RpFleetRollup *self,
                                      RpFleet       *fleet,
                                      GError       **error);
/* Forgets the sums (their transaction was rolled back). */
void           rp_fleet_rollup_clear (RpFleetRollup *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpFleetRollup, rp_fleet_rollup_free)

G_END_DECLS
