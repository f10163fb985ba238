/* rp-fleet-reader.h — reading a terminal's report JSON for collect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is read once per collect, on a worker, after its signature
 * checked out. json-glib's tree cost more than both Ed25519 checks
 * (tests/bench/RESULTS.md); this reader validates the whole document as
 * JSON and keeps only what collect uses, reading it as json-glib's
 * *_with_default getters did.
 */
#pragma once

#include "rp-fleet-check.h"

G_BEGIN_DECLS

/* What a report says about itself, beside what lands in the check. */
typedef struct
{
  const char *site_id;     /* NULL unless a string */
  const char *prepared;    /* NULL unless a string */
  gint64      sequence;    /* -1 when absent or null */
  gboolean    has_period;  /* "period" is an object */
} RpFleetReportClaims;

/* Reads @data as a report into @check (first, last, prepared, status as
 * compact JSON text, counters; strings in check->strings) and @claims.
 * FALSE if @data is not one JSON object (malformed, not UTF-8, nested
 * deeper than a report ever is, trailing bytes). Thread-safe. */
gboolean rp_fleet_report_read (RpFleetCheck        *check,
                               const char          *data,
                               gsize                length,
                               RpFleetReportClaims *claims);

G_END_DECLS
