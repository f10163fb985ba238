/* rp-error.h — the Reading Point error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_ERROR (rp_error_quark ())

/* Codes name what an administrator can act on, not where the code failed. */
typedef enum
{
  RP_ERROR_INVALID_CATALOGUE, /* catalogue.json breaks a rule; message names entry and field */
  RP_ERROR_MISSING_FILE,      /* a referenced file is absent or unreadable */
  RP_ERROR_DATABASE,          /* SQLite refused an operation */
  RP_ERROR_NOT_FOUND,         /* no such entry, category or page */
  RP_ERROR_NO_CATALOGUE,      /* nothing is installed in the data directory */
  RP_ERROR_BROKEN_DOCUMENT,   /* a PDF or image that cannot be opened or drawn */
  RP_ERROR_IO,                /* the file system refused (disk full, permissions) */
  RP_ERROR_INVALID_QUERY,     /* search text that cannot be searched (invalid UTF-8, too long) */
  RP_ERROR_BAD_SIGNATURE,     /* a manifest or signature was altered, or is not minisign */
  RP_ERROR_UNTRUSTED_KEY,     /* signed by a key not trusted for this channel */
  RP_ERROR_INVALID_MANIFEST,  /* a signed manifest breaks a format rule or a cap */
  RP_ERROR_WRONG_CHANNEL,     /* the manifest is for another channel */
  RP_ERROR_STALE_VERSION,     /* not newer than what is installed (rollback refused) */
  RP_ERROR_EXPIRED,           /* the manifest's expiry date has passed */
  RP_ERROR_OBJECT_MISMATCH,   /* a downloaded file does not match its hash or size */
  RP_ERROR_NETWORK,           /* the origin could not be reached or answered badly */
  RP_ERROR_NOT_A_MANIFEST,    /* the origin sent something else (captive portal?) */
  RP_ERROR_UNSAFE_PATH,       /* a path escapes its folder or is a symbolic link */
  RP_ERROR_TOO_SLOW,          /* the transfer stalled (slow-transfer watchdog) */
  RP_ERROR_PROTECTED_DOCUMENT, /* a PDF that needs a password to open */
  RP_ERROR_RENDER_TIMEOUT,    /* a page took longer than the render time limit; abandoned */
  RP_ERROR_RENDER_LIMIT,      /* a page or file needs more memory or pixels than allowed */
  RP_ERROR_PIN_REFUSED,       /* a PIN that is malformed, or a PIN change without the current PIN */
  RP_ERROR_SPEECH,            /* the speech synthesiser (espeak-ng) or its voice is missing or failed */
  RP_ERROR_MARKED_BROKEN,     /* the publisher's check failed the file; published marked, never drawn */
  RP_ERROR_BUSY,              /* another sync holds the data directory: try again later */
} RpError;

GQuark rp_error_quark (void);

G_END_DECLS
