/* rp-data-dir.h — a terminal's data directory (DESIGN.md, "Terminal data directory")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rp-types.h"

G_BEGIN_DECLS

#define RP_TYPE_DATA_DIR (rp_data_dir_get_type ())
G_DECLARE_FINAL_TYPE (RpDataDir, rp_data_dir, RP, DATA_DIR, GObject)

/* (transfer full): $XDG_DATA_HOME/readingpoint */
char          *rp_data_dir_default_path       (void);
RpDataDir     *rp_data_dir_new                (const char *path);
const char    *rp_data_dir_get_path           (RpDataDir  *self);
/* The paths of the data directory's files. Their names are spelled in
 * rp-data-dir.c only; the builders that take a path serve code that holds
 * the directory's path rather than an RpDataDir (the usage recorder, the
 * terminal identity, a usage.db's connection). All (transfer full). */
/* state.db: installed versions, ETags, the audit log, the admin PIN. */
char          *rp_data_dir_build_state_path   (const char *data_dir_path);
/* usage.db: the usage counters and upload batches. */
char          *rp_data_dir_build_usage_path   (const char *data_dir_path);
/* identity.key (secret, 0600) and identity.pub: the terminal's key pair. */
char          *rp_data_dir_build_identity_key_path        (const char *data_dir_path);
char          *rp_data_dir_build_identity_public_key_path (const char *data_dir_path);
/* previews/: first-page thumbnails of attachments (rp-preview-cache.h). */
char          *rp_data_dir_build_previews_path (const char *data_dir_path);
/* bundles/@bundle, or bundles/ itself when @bundle is NULL. */
char          *rp_data_dir_build_bundle_path  (RpDataDir  *self,
                                               const char *bundle);
/* staging/@name, or staging/ itself when @name is NULL. */
char          *rp_data_dir_build_staging_path (RpDataDir  *self,
                                               const char *name);
/* (transfer full): opens (creates) the data directory's state.db. */
RpStateDb     *rp_data_dir_open_state         (RpDataDir  *self,
                                               GError    **error);
RpObjectStore *rp_data_dir_get_object_store   (RpDataDir  *self);
/* Creates the layout and empties staging/, which only ever holds the
 * remains of an interrupted install. */
gboolean       rp_data_dir_prepare            (RpDataDir  *self,
                                               GError    **error);
/* (transfer full) (nullable): the bundle name `current` points at, e.g. "demo-0". */
char          *rp_data_dir_get_current_bundle (RpDataDir  *self);
/* Builds a bundle from a bundle source directory (catalogue.json + files/)
 * and makes it current. Used on a terminal with nothing installed. */
gboolean       rp_data_dir_install_source     (RpDataDir  *self,
                                               const char *source_dir,
                                               GError    **error);
/* (transfer full): the catalogue of the current bundle. */
RpCatalogue   *rp_data_dir_open_catalogue     (RpDataDir  *self,
                                               GError    **error);

/* (transfer full): the current catalogue; on a terminal with nothing
 * installed, first installs the bundle source @fallback_source (the built-in
 * demo) when it is given. */
RpCatalogue   *rp_data_dir_ensure_catalogue   (RpDataDir  *self,
                                               const char *fallback_source,
                                               GError    **error);

gboolean       rp_remove_tree                 (const char *path,
                                               GError    **error);

/* Makes `current` point at bundles/@bundle: a new link renamed over the old
 * one, then the directory flushed. */
gboolean       rp_data_dir_set_current        (RpDataDir  *self,
                                               const char *bundle,
                                               GError    **error);
/* (transfer full): the current bundle with its signed manifest; fails for
 * nothing installed or for a bundle built from an unsigned source. */
RpBundle      *rp_data_dir_open_current       (RpDataDir  *self,
                                               GError    **error);
/* Serialises syncs between processes (the GUI and a systemd timer): an
 * exclusive lock on <data-dir>/sync.lock. Returns the descriptor to pass to
 * rp_data_dir_unlock(), or -1 with an error when @wait is FALSE and another
 * sync holds it (RP_ERROR_BUSY: not a failure, try again later). */
int            rp_data_dir_lock               (RpDataDir  *self,
                                               gboolean    wait,
                                               GError    **error);
void           rp_data_dir_unlock             (int         fd);
/* Removes every bundle not named in @keep, then every object and partial
 * download that no bundle left on disk references. A path that cannot be
 * removed does not stop the rest: the collection goes on and then fails
 * naming how many paths are left and why. */
gboolean       rp_data_dir_collect_garbage    (RpDataDir          *self,
                                               const char * const *keep,
                                               GError            **error);
/* Makes the kept previous bundle current again. (transfer full) name in
 * @out_bundle. */
gboolean       rp_data_dir_rollback           (RpDataDir  *self,
                                               char      **out_bundle,
                                               GError    **error);

G_END_DECLS
