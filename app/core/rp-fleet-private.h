/* rp-fleet-private.h — shared by rp-fleet.c and rp-fleet-report.c
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

gboolean rp_fleet_sql_error (RpFleet    *self,
                             const char *what,
                             GError    **error);
