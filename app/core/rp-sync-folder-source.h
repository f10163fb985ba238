/* rp-sync-folder-source.h — an origin tree in a local folder or on a USB volume
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every path is opened one component at a time below the folder with
 * O_NOFOLLOW, so neither "../" nor a symbolic link (to /etc, to another
 * volume, or to a valid-looking object elsewhere) can make the terminal read
 * outside the folder.
 */
#pragma once

#include "rp-sync-source.h"

G_BEGIN_DECLS

#define RP_TYPE_SYNC_FOLDER_SOURCE (rp_sync_folder_source_get_type ())
G_DECLARE_FINAL_TYPE (RpSyncFolderSource, rp_sync_folder_source, RP, SYNC_FOLDER_SOURCE, GObject)

RpSyncFolderSource *rp_sync_folder_source_new (const char *path);
/* Opens @relative below @root for reading, one component at a time with
 * O_NOFOLLOW; the result is a regular file's descriptor, or -1 with
 * RP_ERROR_UNSAFE_PATH, RP_ERROR_MISSING_FILE or RP_ERROR_IO. */
int                 rp_open_beneath           (const char *root,
                                               const char *relative,
                                               GError    **error);

G_END_DECLS
