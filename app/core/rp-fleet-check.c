/* rp-fleet-check.c — what one report file's own bytes say, judged without fleet.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order of the checks is the order of the refusals an administrator
 * reads: unreadable, unsigned, badly signed, unknown key, altered, claims
 * that disagree with the signature or the folder, from the future. The
 * last rules (same bytes seen before, a replay of a counted sequence)
 * need fleet.db and are collect's (rp-fleet-collect.c).
 */
#include "config.h"

#include <string.h>

#include "rp-fleet-check.h"
#include "rp-fleet-private.h"
#include "rp-fleet-reader.h"
#include "rp-sha256.h"

RpFleetCheck *
rp_fleet_check_new (const char *folder_site,
                    const char *name)
{
  RpFleetCheck *check = g_new0 (RpFleetCheck, 1);

  check->file = g_strdup_printf ("usage/%s/%s", folder_site, name);
  check->folder_site = g_strdup (folder_site);
  return check;
}

void
rp_fleet_check_free (RpFleetCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->file);
  g_free (check->folder_site);
  g_free (check->reason);
  g_free (check->sha256);
  g_free (check->key_id);
  g_clear_pointer (&check->strings, g_string_chunk_free);
  g_clear_pointer (&check->counters, g_array_unref);
  g_free (check);
}

void
rp_fleet_key_free (RpFleetKey *key)
{
  if (key == NULL)
    return;
  rp_minisign_key_free (key->key);
  g_free (key->site_id);
  g_free (key);
}

static void
set_outcome (RpFleetCheck        *check,
             RpFleetCheckOutcome  outcome,
             char                *reason)
{
  check->outcome = outcome;
  g_free (check->reason);
  check->reason = reason;
}

void
rp_fleet_check_run (RpFleetCheck              *check,
                    const RpFleetCheckContext *context)
{
  g_autofree char *sig_file = g_strconcat (check->file, ".minisig", NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) sig_bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RpMinisignSignature) signature = NULL;
  g_autoptr(RpSha256) sha = NULL;
  RpFleetReportClaims claims;
  g_autofree char *c_site = NULL;
  g_autofree char *c_seq = NULL;
  g_autofree char *c_prepared = NULL;
  g_autoptr(GDateTime) prepared = NULL;
  const RpFleetKey *key;

  body = rp_fleet_origin_read (context->origin, check->file, RP_FLEET_MAX_REPORT_SIZE, &local_error);
  if (body == NULL)
    {
      /* Gone between listing and reading: judged next time, if back. */
      set_outcome (check, RP_FLEET_CHECK_GONE, g_strdup (local_error->message));
      return;
    }
  /* GChecksum's SHA-256 was a tenth of a worker's time (rp-sha256.h). */
  sha = rp_sha256_new ();
  rp_sha256_update (sha, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  check->sha256 = rp_sha256_finish (sha);
  sig_bytes = rp_fleet_origin_read (context->origin, sig_file, RP_MINISIGN_MAX_SIGNATURE_SIZE, &local_error);
  if (sig_bytes == NULL)
    {
      /* Terminals PUT the signature before the report, so a report
       * without one was not written by a terminal: refused, but judged
       * again if a signature appears (a copy made out of order). */
      set_outcome (check, RP_FLEET_CHECK_OPEN, g_strdup ("no signature beside the report"));
      return;
    }
  signature = rp_minisign_signature_parse (g_bytes_get_data (sig_bytes, NULL), g_bytes_get_size (sig_bytes),
                                           &local_error);
  if (signature == NULL)
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED, g_strdup_printf ("bad signature: %s", local_error->message));
      return;
    }
  check->key_id = rp_minisign_signature_get_key_id (signature);
  key = g_hash_table_lookup (context->keys, check->key_id);
  if (key == NULL)
    {
      /* Judged again each time: enrolling the key (a re-provisioned
       * terminal) makes its waiting reports count. */
      set_outcome (check, RP_FLEET_CHECK_OPEN,
                   g_strdup_printf ("unknown key %s: not enrolled (readingpoint-fleet enrol SITE_ID PUBKEY)",
                                    check->key_id));
      return;
    }
  if (!rp_minisign_verify (key->key, signature, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                           &local_error))
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED,
                   g_strdup_printf ("bad signature (key %s): %s", check->key_id, local_error->message));
      return;
    }

  /* Signed by an enrolled key: now every claim must agree. */
  c_site = rp_minisign_signature_get_field (signature, "site");
  c_seq = rp_minisign_signature_get_field (signature, "sequence");
  c_prepared = rp_minisign_signature_get_field (signature, "prepared");
  if (!rp_fleet_report_read (check, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &claims))
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED, g_strdup ("signed, but not a JSON report"));
      return;
    }
  if (c_site == NULL || c_seq == NULL || c_prepared == NULL ||
      g_strcmp0 (c_site, key->site_id) != 0 || g_strcmp0 (c_site, check->folder_site) != 0 ||
      g_strcmp0 (claims.site_id ? claims.site_id : "", key->site_id) != 0 ||
      g_ascii_strtoll (c_seq, NULL, 10) != claims.sequence || claims.sequence < 1 ||
      g_strcmp0 (claims.prepared ? claims.prepared : "", c_prepared) != 0)
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED,
                   g_strdup_printf ("report does not match its signature or its folder (key %s is enrolled for “%s”)",
                                    check->key_id, key->site_id));
      return;
    }

  prepared = rp_fleet_parse_time (c_prepared);
  if (prepared == NULL || g_date_time_compare (prepared, context->limit) > 0 ||
      (claims.has_period && g_strcmp0 (check->last ? check->last : "", context->today) >= 0))
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED,
                   g_strdup_printf ("dated in the future (prepared %s; the terminal's clock is wrong)", c_prepared));
      return;
    }
  check->key_site = key->site_id;
  check->sequence = claims.sequence;
  set_outcome (check, RP_FLEET_CHECK_SIGNED, NULL);
}
