/* rp-fleet.h — the district office's view of its terminals (DESIGN.md,
 * "Terminal identity and reports; the fleet")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fleet.db (SQLite, WAL, synchronous=NORMAL) holds the enrolled terminals
 * (site id, tier, public keys), every report ingested (by key and
 * sequence) with its counters, and the outcome of every report file seen
 * (by path and SHA-256), so `collect` is idempotent: a file already judged
 * is not judged again, and a report (key, sequence) is counted at most once.
 * Each report is ingested in its own transaction, so a collect killed at any
 * instant leaves every report either wholly counted or not at all.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _RpFleet RpFleet;

typedef enum
{
  RP_FLEET_FORMAT_JSON,
  RP_FLEET_FORMAT_CSV,
  RP_FLEET_FORMAT_HTML,
} RpFleetFormat;

/* Reports more than this far ahead of the office's clock are refused. */
#define RP_FLEET_FUTURE_SLACK_HOURS 24
/* A terminal silent longer than this is flagged by `status`. */
#define RP_FLEET_DEFAULT_SILENT_DAYS 2

RpFleet  *rp_fleet_open          (const char    *path,
                                  GError       **error);
void      rp_fleet_free          (RpFleet       *self);
/* @public_key: the base64 line `readingpoint-admin identity` prints, or a
 * .pub file's path. @tier: district, street or community (NULL keeps the
 * site's tier, default community). A site may have several keys (a
 * re-provisioned terminal makes a new one); each key's reports stay valid. */
gboolean  rp_fleet_enrol         (RpFleet       *self,
                                  const char    *site_id,
                                  const char    *public_key,
                                  const char    *name,
                                  const char    *tier,
                                  GError       **error);
/* CSV lines site_id,name,tier,public_key (a header line is skipped). */
gboolean  rp_fleet_import_sites  (RpFleet       *self,
                                  const char    *csv_path,
                                  guint         *out_n_sites,
                                  GError       **error);
/* Ingests new reports from @origin (a folder, or an http(s) URL whose
 * usage/ tree is listed with WebDAV PROPFIND or, where the server refuses
 * that, as nginx's `autoindex_format json`). @now: NULL = the clock.
 * Returns a JSON object: listing ("folder", "propfind", "json"),
 * accepted, unchanged, refused [{file,
 * reason}], pending [{file, reason}] (not judged yet: judged again next
 * time), missing [{site_id, key_id, sequence}]. NULL only on an error that
 * stopped the run (database, unreachable origin). */
JsonNode *rp_fleet_collect       (RpFleet       *self,
                                  const char    *origin,
                                  GDateTime     *now,
                                  GError       **error);
/* How collect commits and paces its work. Reports are committed in
 * batches of @batch_size (0 = the default, 500), each report whole; a
 * @report_delay_ms pause after each report lets tests kill collect at any
 * moment of a run. Production leaves both at 0. */
void      rp_fleet_set_collect_pacing (RpFleet *self,
                                       guint    batch_size,
                                       guint    report_delay_ms);
/* One object per enrolled site (see readingpoint-fleet.1). */
JsonNode *rp_fleet_status        (RpFleet       *self,
                                  GDateTime     *now,
                                  guint          silent_days,
                                  GError       **error);
/* The period's aggregates in @format; cells under @k visits suppressed. */
char     *rp_fleet_report        (RpFleet       *self,
                                  const char    *from,
                                  const char    *to,
                                  RpFleetFormat  format,
                                  guint          k,
                                  GDateTime     *now,
                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpFleet, rp_fleet_free)

G_END_DECLS
