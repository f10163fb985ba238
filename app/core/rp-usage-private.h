/* rp-usage-private.h — what rp-usage-upload.c shares with rp-usage.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rp-usage.h"

G_BEGIN_DECLS

/* (transfer none): the connection to usage.db; same thread as @self. */
sqlite3 *rp_usage_get_db (RpUsage *self);
guint    rp_usage_get_k  (RpUsage *self);
/* rp_usage_export() on the day @today (NULL = now): the upload prepares
 * its batch for the day it is given. */
char    *rp_usage_export_as_of (RpUsage       *self,
                                const char    *first,
                                const char    *last,
                                const char    *site_id,
                                RpUsageFormat  format,
                                GDateTime     *today,
                                GError       **error);

/* rp-usage-migrate.c: forgets the hashed terms, their key and the texts
 * promoted on raw counts of files from before issue 12 (their counts go to
 * the day's "other" row), on open. */
gboolean rp_usage_migrate_hashed_terms (RpUsage *self,
                                        GError **error);

G_END_DECLS
