/* rp-fleet-private.h — shared by rp-fleet*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rp-fleet.h"

struct _RpFleet
{
  sqlite3 *db;
  guint    batch_size;       /* reports per transaction; 0 = BATCH_SIZE */
  guint    report_delay_ms;  /* pause after each report judged; 0 = none */
};

gboolean   rp_fleet_sql_error    (RpFleet    *self,
                                  const char *what,
                                  GError    **error);
/* (transfer full): @now in UTC as fleet.db stores times, 2025-01-31T08:00:00Z. */
char      *rp_fleet_now_text     (GDateTime  *now);
/* (transfer full) (nullable): an ISO 8601 time from fleet.db or a report. */
GDateTime *rp_fleet_parse_time   (const char *text);
/* (transfer full): {site_id, key_id, sequence} for each report missing
 * between a key's lowest and highest counted sequence (rp-fleet-collect.c). */
JsonArray *rp_fleet_list_missing (RpFleet    *self);
