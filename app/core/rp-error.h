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
} RpError;

GQuark rp_error_quark (void);

G_END_DECLS
