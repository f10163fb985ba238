/* rp-fleet-check.h — what one report file's own bytes say, judged without fleet.db
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading, hashing, the signature checks and JSON parsing of a report
 * need nothing from fleet.db but the enrolled keys, which do not change
 * during a collect. So they run on collect's worker threads; what needs
 * the database (seen before? a replay?) and every write stays with the
 * thread that owns it (rp-fleet-collect.c).
 */
#pragma once

#include <glib.h>

#include "rp-fleet-origin.h"
#include "rp-minisign.h"

G_BEGIN_DECLS

/* A report is a few kilobytes; the origin may hand us anything. */
#define RP_FLEET_MAX_REPORT_SIZE (16 * 1024 * 1024)

typedef enum
{
  RP_FLEET_CHECK_GONE,     /* unreadable: listed as pending, judged next time */
  RP_FLEET_CHECK_OPEN,     /* refused for now (no signature, unknown key): judged again next time */
  RP_FLEET_CHECK_REFUSED,  /* refused for good, for these bytes */
  RP_FLEET_CHECK_SIGNED,   /* signed by its site's key, every claim agrees: counted unless a replay */
} RpFleetCheckOutcome;

/* One counter row of a report, as the terminal wrote it (NULL where the
 * report has no such member); strings live in the check's chunk. */
typedef struct
{
  const char *day;
  const char *kind;
  const char *subject;
  gint64      count;
} RpFleetCounter;

/* The enrolled keys, read once per collect: key id → RpFleetKey. */
typedef struct
{
  RpMinisignKey *key;
  char          *site_id;
} RpFleetKey;

/* What every check of one collect shares; read-only while checks run. */
typedef struct
{
  RpFleetOrigin *origin;
  GHashTable    *keys;   /* key id → RpFleetKey */
  GDateTime     *limit;  /* now + RP_FLEET_FUTURE_SLACK_HOURS */
  char          *today;  /* YYYY-MM-DD: a period ending today or later is from the future */
} RpFleetCheckContext;

typedef struct
{
  /* In. */
  char                *file;        /* usage/<site>/<name> */
  char                *folder_site; /* the site whose folder holds it */
  /* Out. */
  RpFleetCheckOutcome  outcome;
  char                *reason;      /* why refused, open or gone */
  char                *sha256;      /* of the report's bytes; NULL when gone */
  /* Out, when signed. */
  char                *key_id;
  const char          *key_site;    /* owned by the context's keys */
  gint64               sequence;
  GStringChunk        *strings;
  const char          *first;
  const char          *last;
  const char          *prepared;
  const char          *status;      /* the status block as JSON text, or NULL */
  GArray              *counters;    /* RpFleetCounter */
} RpFleetCheck;

RpFleetCheck *rp_fleet_check_new       (const char                *folder_site,
                                        const char                *name);
void          rp_fleet_check_free      (RpFleetCheck              *check);
/* Judges @check's file. Thread-safe: several checks of one context may
 * run at once; nothing here touches fleet.db. */
void          rp_fleet_check_run       (RpFleetCheck              *check,
                                        const RpFleetCheckContext *context);
void          rp_fleet_key_free        (RpFleetKey                *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpFleetCheck, rp_fleet_check_free)

G_END_DECLS
