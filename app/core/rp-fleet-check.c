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

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-fleet-check.h"
#include "rp-fleet-private.h"
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

static const char *
keep (RpFleetCheck *check,
      const char   *text)
{
  return text ? g_string_chunk_insert (check->strings, text) : NULL;
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

/* Copies what collect counts out of @report, so the JSON tree dies here. */
static void
take_report (RpFleetCheck *check,
             JsonObject   *report)
{
  JsonNode *period = json_object_get_member (report, "period");
  JsonArray *counters = json_object_get_array_member (report, "counters");
  JsonObject *status = json_object_get_object_member (report, "status");

  check->strings = g_string_chunk_new (1024);
  if (period != NULL && JSON_NODE_HOLDS_OBJECT (period))
    {
      check->first = keep (check, json_object_get_string_member_with_default (json_node_get_object (period), "first",
                                                                              NULL));
      check->last = keep (check, json_object_get_string_member_with_default (json_node_get_object (period), "last",
                                                                             NULL));
    }
  check->prepared = keep (check, json_object_get_string_member (report, "prepared"));
  if (status != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), status);
      g_autofree char *text = json_to_string (node, FALSE);

      check->status = keep (check, text);
    }
  check->counters = g_array_new (FALSE, FALSE, sizeof (RpFleetCounter));
  for (guint i = 0; counters != NULL && i < json_array_get_length (counters); i++)
    {
      JsonObject *row = json_array_get_object_element (counters, i);
      RpFleetCounter counter;

      if (row == NULL)
        continue;
      /* An export folds rare searches into a row without a day. */
      counter.day = keep (check, json_object_get_string_member_with_default (row, "day",
                                                                             check->last ? check->last : ""));
      counter.kind = keep (check, json_object_get_string_member_with_default (row, "kind", ""));
      counter.subject = keep (check, json_object_get_string_member_with_default (row, "subject", NULL));
      counter.count = json_object_get_int_member_with_default (row, "count", 0);
      g_array_append_val (check->counters, counter);
    }
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
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *c_site = NULL;
  g_autofree char *c_seq = NULL;
  g_autofree char *c_prepared = NULL;
  g_autoptr(GDateTime) prepared = NULL;
  const RpFleetKey *key;
  JsonObject *report;
  JsonNode *root;
  JsonNode *period;
  gint64 seq;

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
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED, g_strdup ("signed, but not a JSON report"));
      return;
    }
  report = json_node_get_object (root);
  seq = json_object_get_int_member_with_default (report, "sequence", -1);
  if (c_site == NULL || c_seq == NULL || c_prepared == NULL ||
      g_strcmp0 (c_site, key->site_id) != 0 || g_strcmp0 (c_site, check->folder_site) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (report, "site_id", ""), key->site_id) != 0 ||
      g_ascii_strtoll (c_seq, NULL, 10) != seq || seq < 1 ||
      g_strcmp0 (json_object_get_string_member_with_default (report, "prepared", ""), c_prepared) != 0)
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED,
                   g_strdup_printf ("report does not match its signature or its folder (key %s is enrolled for “%s”)",
                                    check->key_id, key->site_id));
      return;
    }

  prepared = rp_fleet_parse_time (c_prepared);
  period = json_object_get_member (report, "period");
  if (prepared == NULL || g_date_time_compare (prepared, context->limit) > 0 ||
      (period != NULL && JSON_NODE_HOLDS_OBJECT (period) &&
       g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (period), "last", ""),
                  context->today) >= 0))
    {
      set_outcome (check, RP_FLEET_CHECK_REFUSED,
                   g_strdup_printf ("dated in the future (prepared %s; the terminal's clock is wrong)", c_prepared));
      return;
    }
  check->key_site = key->site_id;
  check->sequence = seq;
  take_report (check, report);
  set_outcome (check, RP_FLEET_CHECK_SIGNED, NULL);
}
