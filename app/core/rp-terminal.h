/* rp-terminal.h — one terminal's policy, for the command line and the panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules readingpoint-admin and the admin panel both apply live here
 * once: what "installed" means (the status snapshot), which keys the
 * terminal trusts, sync then usage upload, rollback with its audit line,
 * usage export. An RpTerminal is a data directory plus its configuration
 * (GSettings, or none: the defaults and the command line); it holds no
 * open database, so it is cheap to make per command.
 *
 * Threading: main thread (or any one thread). rp_terminal_sync() and the
 * usage functions block on disk and network; rp_terminal_sync_async()
 * runs the sync in the engine's worker and the upload in a GTask thread,
 * and writes the audit log from the calling thread's main context.
 */
#pragma once

#include <gio/gio.h>

#include "rp-keyring.h"
#include "rp-sync-engine.h"
#include "rp-sync-source.h"
#include "rp-types.h"
#include "rp-usage.h"
#include "rp-usage-upload.h"

G_BEGIN_DECLS

/* The retention used when no settings say otherwise (the schema's default). */
#define RP_TERMINAL_DEFAULT_RETENTION_DAYS 400

#define RP_TYPE_TERMINAL (rp_terminal_get_type ())
G_DECLARE_FINAL_TYPE (RpTerminal, rp_terminal, RP, TERMINAL, GObject)

/* @settings: (nullable): the application's settings (rp_settings_new()),
 * NULL for none. */
RpTerminal *rp_terminal_new             (RpDataDir  *data_dir,
                                         GSettings  *settings);
/* (transfer none) */
RpDataDir  *rp_terminal_get_data_dir    (RpTerminal *self);
/* (transfer none) (nullable) */
GSettings  *rp_terminal_get_settings    (RpTerminal *self);

/* Configuration, each (transfer full): the configured channel (the demo's
 * without settings), site id ("" when none) and origin URL ("" when none). */
char       *rp_terminal_dup_channel     (RpTerminal *self);
char       *rp_terminal_dup_site_id     (RpTerminal *self);
char       *rp_terminal_dup_origin      (RpTerminal *self);
/* (transfer full) (nullable): where a sync of @channel comes from: the
 * configured origin, else, for the demo channel, the built-in demo origin
 * (through the same signed path); NULL when there is none. */
char       *rp_terminal_dup_sync_origin (RpTerminal *self,
                                         const char *channel);

/* The status snapshot: what `readingpoint-admin status` and the panel's
 * status section show. */
typedef struct
{
  char      *data_dir;
  char      *bundle;          /* (nullable) the bundle `current` points at */
  /* From the installed catalogue; NULL/0 with @catalogue_error set when
   * none can be opened. */
  char      *channel;
  char      *title;
  guint      n_entries;
  GError    *catalogue_error;
  /* From the signed manifest; a bundle built from an unsigned source
   * (development) has none: @is_signed FALSE, the rest NULL/0. */
  gboolean   is_signed;
  gint64     version;
  char      *key_id;
  GDateTime *issued;
  GDateTime *expires;
  gboolean   expired;         /* at the time of the snapshot */
  /* The catalogue's size: as published (format 3: the header and chunks;
   * format 1: the catalogue.json), in how many chunks (0 for format 1),
   * and the installed catalogue.db (0 when it cannot be read). */
  guint64    catalogue_bytes;
  guint      n_chunks;
  guint64    database_bytes;
  /* From state.db, if it exists (a snapshot never creates it). */
  char      *last_sync;       /* (nullable) */
  gint64     audit_seq;
  char      *audit_head;      /* (nullable) the audit chain's head hash */
  /* The disk. */
  gboolean   has_free_bytes;
  guint64    free_bytes;
  guint      n_objects;       /* installed objects (not partial downloads) */
  /* Install-time previews (rp-preview-cache.h): the installed catalogue's
   * PDFs, and how many have their first page and thumbnails drawn. */
  guint      n_previews_done;
  guint      n_previews_wanted;
} RpTerminalStatus;

void              rp_terminal_status_free (RpTerminalStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpTerminalStatus, rp_terminal_status_free)

/* (transfer full): never fails; what cannot be read is left empty. */
RpTerminalStatus *rp_terminal_get_status  (RpTerminal *self);

/* Draws the previews the installed catalogue's PDFs lack, newest entry
 * first, each in a render helper under the terminal's limits, within the
 * preview cache's cap. Resumable: what is drawn stays drawn, so a killed
 * run goes on where it stopped. Call it after an install, in the
 * background (readingpoint-admin sync does, under the sync unit's Nice=). */
gboolean          rp_terminal_fill_previews (RpTerminal    *self,
                                             GCancellable  *cancellable,
                                             GError       **error);
/* The same in a thread of its own at nice 10 (the helpers it starts
 * inherit it): what the admin panel does after an install it made. */
void              rp_terminal_fill_previews_async  (RpTerminal          *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          rp_terminal_fill_previews_finish (RpTerminal          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The terminal's identity, made on first use (rp_identity_load_or_create):
 * the key id and the public key line `readingpoint-fleet enrol` takes. */
gboolean    rp_terminal_get_identity    (RpTerminal  *self,
                                         char       **out_key_id,
                                         char       **out_public_key_line,
                                         GError     **error);

/* The trust policy (rp_keyring_new_for_terminal) fed from the settings:
 * the configured keys, channel and origin. Without settings the command
 * line is the configuration: @channel is the configured channel and
 * @origin (nullable), unless it is the built-in demo origin, the
 * configured origin. @extra_key_file (nullable) is also trusted, for
 * @channel only (`--public-key`). (transfer full) */
RpKeyring  *rp_terminal_new_keyring     (RpTerminal  *self,
                                         const char  *channel,
                                         const char  *origin,
                                         const char  *extra_key_file,
                                         GError     **error);

/* A sync of @channel with the trust policy above (same @origin and
 * @extra_key_file); the caller may watch its progress and, after the run,
 * read its offered version, key id and warning. (transfer full) */
RpSyncEngine *rp_terminal_new_sync_engine (RpTerminal  *self,
                                           const char  *channel,
                                           const char  *origin,
                                           const char  *extra_key_file,
                                           GError     **error);

typedef struct
{
  /* Where usage goes after a successful sync; NULL: the configured
   * origin URL. (Uploads happen only with settings, to http(s) origins,
   * with a site id: rp_usage_upload_after_sync().) */
  const char *upload_origin;
  /* (nullable) When set, the sync is written to the audit log under this
   * actor: "sync-start" with the source, then "sync" with the outcome or
   * the error. The engine audits installs and channel switches anyway. */
  const char *audit_actor;
} RpTerminalSyncOptions;

/* Sync then upload (DESIGN.md: usage is uploaded after each sync): runs
 * @engine on @source; after a successful run, uploads usage. A failed
 * upload stays pending for the next sync and does not fail the sync: it
 * comes back in @out_upload_error (nullable). @options: (nullable).
 * Blocks. */
gboolean    rp_terminal_sync            (RpTerminal                  *self,
                                         RpSyncEngine                *engine,
                                         RpSyncSource                *source,
                                         const RpTerminalSyncOptions *options,
                                         RpSyncOutcome               *out_outcome,
                                         GError                     **out_upload_error,
                                         GCancellable                *cancellable,
                                         GError                     **error);
/* The same without blocking: @callback runs once the sync is done; the
 * usage upload after it goes on in the background (a GTask thread with
 * its own usage.db connection), and a failure is only logged, leaving it
 * pending. */
void        rp_terminal_sync_async      (RpTerminal                  *self,
                                         RpSyncEngine                *engine,
                                         RpSyncSource                *source,
                                         const RpTerminalSyncOptions *options,
                                         GCancellable                *cancellable,
                                         GAsyncReadyCallback          callback,
                                         gpointer                     user_data);
gboolean    rp_terminal_sync_finish     (RpTerminal                  *self,
                                         GAsyncResult                *result,
                                         RpSyncOutcome               *out_outcome,
                                         GError                     **error);

/* Makes the kept previous bundle current again, under the sync lock (fails
 * at once when a sync holds it), and writes "rollback FROM → TO" under
 * @actor to the audit log. @out_from and @out_to (transfer full) are set
 * once the bundle was switched, even if the audit line then could not be
 * written (FALSE). */
gboolean    rp_terminal_rollback        (RpTerminal  *self,
                                         const char  *actor,
                                         char       **out_from,
                                         char       **out_to,
                                         GError     **error);

/* Opens usage.db (creating the data directory if needed) with the
 * configured k. (transfer full) */
RpUsage    *rp_terminal_open_usage      (RpTerminal  *self,
                                         GError     **error);
/* The days an export covers by default: from the retention (in days)
 * before today to yesterday, local time, as YYYY-MM-DD. */
void        rp_terminal_get_export_period (RpTerminal *self,
                                           char      **out_first,
                                           char      **out_last);
/* `usage export`: counters past the retention are purged first (with
 * settings), then the closed days @first (nullable: the default period's)
 * to @last (nullable: yesterday) for @site_id (nullable: the configured
 * one). (transfer full) */
char       *rp_terminal_export_usage    (RpTerminal    *self,
                                         const char    *first,
                                         const char    *last,
                                         const char    *site_id,
                                         RpUsageFormat  format,
                                         GError       **error);
/* The panel's export to a folder (a USB stick): the default period in CSV
 * and JSON, as readingpoint-usage-SITE-FIRST_LAST.{csv,json}, then
 * "usage-export DIR" under @actor in the audit log. */
gboolean    rp_terminal_export_usage_to (RpTerminal  *self,
                                         const char  *dir,
                                         const char  *actor,
                                         GError     **error);
/* `usage upload`: purges past the retention (with settings), then sends
 * every pending batch to @origin (nullable: the configured one) for
 * @site_id (nullable: the configured one). */
gboolean    rp_terminal_upload_usage    (RpTerminal                 *self,
                                         const char                 *origin,
                                         const char                 *site_id,
                                         const RpUsageUploadOptions *options,
                                         guint                      *out_sent,
                                         GCancellable               *cancellable,
                                         GError                    **error);

G_END_DECLS
