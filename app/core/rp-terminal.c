/* rp-terminal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Invariant: every rule here is the one both readingpoint-admin and the
 * admin panel apply; a caller only chooses what it names the actor in the
 * audit log and how it shows the result. Settings are read when an
 * operation starts, never cached, so a change an administrator saved is
 * what the next operation obeys.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rp-bundle.h"
#include "rp-catalogue.h"
#include "rp-data-dir.h"
#include "rp-demo.h"
#include "rp-error.h"
#include "rp-identity.h"
#include "rp-manifest.h"
#include "rp-object-store.h"
#include "rp-preview-cache.h"
#include "rp-settings.h"
#include "rp-state-db.h"
#include "rp-terminal.h"

struct _RpTerminal
{
  GObject    parent_instance;
  RpDataDir *data_dir;
  GSettings *settings;   /* (nullable) */
};

G_DEFINE_FINAL_TYPE (RpTerminal, rp_terminal, G_TYPE_OBJECT)

static void
rp_terminal_finalize (GObject *object)
{
  RpTerminal *self = RP_TERMINAL (object);

  g_clear_object (&self->data_dir);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (rp_terminal_parent_class)->finalize (object);
}

static void
rp_terminal_class_init (RpTerminalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_terminal_finalize;
}

static void
rp_terminal_init (RpTerminal *self)
{
}

RpTerminal *
rp_terminal_new (RpDataDir *data_dir,
                 GSettings *settings)
{
  RpTerminal *self;

  g_return_val_if_fail (RP_IS_DATA_DIR (data_dir), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RP_TYPE_TERMINAL, NULL);
  self->data_dir = g_object_ref (data_dir);
  self->settings = settings ? g_object_ref (settings) : NULL;
  return self;
}

RpDataDir *
rp_terminal_get_data_dir (RpTerminal *self)
{
  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  return self->data_dir;
}

GSettings *
rp_terminal_get_settings (RpTerminal *self)
{
  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  return self->settings;
}

/* Configuration */

char *
rp_terminal_dup_channel (RpTerminal *self)
{
  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  return rp_settings_get_string (self->settings, "channel", RP_DEMO_CHANNEL);
}

char *
rp_terminal_dup_site_id (RpTerminal *self)
{
  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  return rp_settings_get_string (self->settings, "site-id", "");
}

char *
rp_terminal_dup_origin (RpTerminal *self)
{
  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  return rp_settings_get_string (self->settings, "origin-url", "");
}

char *
rp_terminal_dup_sync_origin (RpTerminal *self,
                             const char *channel)
{
  g_autofree char *origin = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  origin = rp_terminal_dup_origin (self);
  if (*origin != '\0')
    return g_steal_pointer (&origin);
  if (g_str_equal (channel, RP_DEMO_CHANNEL))
    return g_strdup (rp_demo_get_origin ());
  return NULL;
}

static guint
retention_days (RpTerminal *self)
{
  return rp_settings_get_uint (self->settings, "usage-retention-days", RP_TERMINAL_DEFAULT_RETENTION_DAYS);
}

/* A line in the audit log; the operation it records has happened, so a
 * log that cannot be written is reported, not turned into a failure. */
static void
audit_or_warn (RpTerminal *self,
               const char *actor,
               const char *action,
               const char *detail)
{
  g_autoptr(RpStateDb) state = NULL;
  g_autoptr(GError) error = NULL;

  state = rp_data_dir_open_state (self->data_dir, &error);
  if (state == NULL || !rp_state_db_audit (state, actor, action, detail, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

/* Status */

void
rp_terminal_status_free (RpTerminalStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->data_dir);
  g_free (status->bundle);
  g_free (status->channel);
  g_free (status->title);
  g_clear_error (&status->catalogue_error);
  g_free (status->key_id);
  g_clear_pointer (&status->issued, g_date_time_unref);
  g_clear_pointer (&status->expires, g_date_time_unref);
  g_free (status->last_sync);
  g_free (status->audit_head);
  g_free (status);
}

/* Installed objects: the two-hex-digit folders of the store; .partial
 * holds transfers, not installed objects. */
static guint
count_objects (RpDataDir *data_dir)
{
  const char *objects = rp_object_store_get_directory (rp_data_dir_get_object_store (data_dir));
  g_autoptr(GDir) dir = g_dir_open (objects, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = NULL;
      g_autoptr(GDir) d = NULL;

      if (name[0] == '.')
        continue;
      sub = g_build_filename (objects, name, NULL);
      d = g_dir_open (sub, 0, NULL);
      while (d != NULL && g_dir_read_name (d) != NULL)
        n++;
    }
  return n;
}

RpTerminalStatus *
rp_terminal_get_status (RpTerminal *self)
{
  RpTerminalStatus *status;
  const char *path;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(RpStateDb) state = NULL;
  g_autofree char *state_path = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) fs = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);

  path = rp_data_dir_get_path (self->data_dir);
  status = g_new0 (RpTerminalStatus, 1);
  status->data_dir = g_strdup (path);
  status->bundle = rp_data_dir_get_current_bundle (self->data_dir);
  catalogue = rp_data_dir_open_catalogue (self->data_dir, &status->catalogue_error);
  if (catalogue != NULL)
    {
      status->channel = g_strdup (rp_catalogue_get_channel (catalogue));
      status->title = g_strdup (rp_catalogue_get_title (catalogue));
      status->n_entries = rp_catalogue_get_n_entries (catalogue);
    }
  /* A bundle built from an unsigned source (development) has no manifest. */
  bundle = rp_data_dir_open_current (self->data_dir, NULL);
  if (bundle != NULL)
    {
      RpManifest *manifest = rp_bundle_get_manifest (bundle);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GDateTime *issued = rp_manifest_get_issued (manifest);
      GDateTime *expires = rp_manifest_get_expires (manifest);

      status->is_signed = TRUE;
      status->version = rp_manifest_get_version (manifest);
      status->key_id = rp_bundle_get_key_id (bundle);
      status->issued = issued ? g_date_time_ref (issued) : NULL;
      status->expires = expires ? g_date_time_ref (expires) : NULL;
      /* An origin answering "not modified" must not keep a terminal on an
       * expired bundle quietly: both callers say so in words. */
      status->expired = rp_manifest_is_expired (manifest, now);
      for (guint i = 0; i < rp_manifest_get_n_catalogue_parts (manifest); i++)
        status->catalogue_bytes += rp_manifest_get_catalogue_part (manifest, i)->size;
      if (rp_manifest_get_format (manifest) != 1)
        status->n_chunks = rp_manifest_get_n_catalogue_parts (manifest) - 1;
    }
  if (status->bundle != NULL)
    {
      g_autofree char *bundle_path = rp_data_dir_build_bundle_path (self->data_dir, status->bundle);
      g_autofree char *db_path = g_build_filename (bundle_path, RP_BUNDLE_DATABASE, NULL);
      GStatBuf st;

      if (g_stat (db_path, &st) == 0)
        status->database_bytes = st.st_size;
    }
  state_path = rp_data_dir_build_state_path (path);
  if (g_file_test (state_path, G_FILE_TEST_IS_REGULAR) && (state = rp_state_db_open (state_path, NULL)) != NULL)
    {
      status->last_sync = rp_state_db_get_last_sync (state);
      /* The audit chain's head, for the office to keep as an anchor. */
      if (!rp_state_db_get_audit_head (state, &status->audit_seq, &status->audit_head, NULL))
        g_clear_pointer (&status->audit_head, g_free);
    }
  dir = g_file_new_for_path (path);
  fs = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (fs != NULL)
    {
      status->has_free_bytes = TRUE;
      status->free_bytes = g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE);
    }
  status->n_objects = count_objects (self->data_dir);
  if (catalogue != NULL)
    {
      g_autofree char *previews = rp_data_dir_build_previews_path (path);

      rp_preview_cache_count (previews, catalogue, &status->n_previews_done, &status->n_previews_wanted);
    }
  return status;
}

gboolean
rp_terminal_fill_previews (RpTerminal    *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autofree char *previews = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);

  catalogue = rp_data_dir_open_catalogue (self->data_dir, error);
  if (catalogue == NULL)
    return FALSE;
  previews = rp_data_dir_build_previews_path (rp_data_dir_get_path (self->data_dir));
  return rp_preview_cache_fill (previews, catalogue, 0, cancellable, error);
}

/* A thread of its own, not the task pool's: its lowered priority (which
 * the render helpers it starts inherit) cannot be raised again, and must
 * not stay with a pool thread that later serves a resident. */
static gpointer
fill_previews_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
  if (rp_terminal_fill_previews (g_task_get_source_object (task), g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  return NULL;
}

void
rp_terminal_fill_previews_async (RpTerminal          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RP_IS_TERMINAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_terminal_fill_previews_async);
  g_thread_unref (g_thread_new ("rp-previews", fill_previews_thread, task));
}

gboolean
rp_terminal_fill_previews_finish (RpTerminal    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
rp_terminal_get_identity (RpTerminal  *self,
                          char       **out_key_id,
                          char       **out_public_key_line,
                          GError     **error)
{
  g_autoptr(RpMinisignSecretKey) sk = NULL;
  g_autoptr(RpMinisignKey) pk = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);

  sk = rp_identity_load_or_create (rp_data_dir_get_path (self->data_dir), error);
  if (sk == NULL)
    return FALSE;
  pk = rp_minisign_secret_key_get_public (sk);
  if (out_key_id != NULL)
    *out_key_id = rp_minisign_key_get_id (pk);
  if (out_public_key_line != NULL)
    *out_public_key_line = rp_identity_public_key_line (pk);
  return TRUE;
}

/* Trust */

RpKeyring *
rp_terminal_new_keyring (RpTerminal  *self,
                         const char  *channel,
                         const char  *origin,
                         const char  *extra_key_file,
                         GError     **error)
{
  g_auto(GStrv) keys = NULL;
  g_autofree char *configured_channel = NULL;
  g_autofree char *configured_origin = NULL;
  RpTrustSettings trust = { 0 };

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);

  keys = rp_settings_get_strv (self->settings, "trusted-keys");
  configured_channel = rp_settings_get_string (self->settings, "channel", channel);
  configured_origin = rp_settings_get_string (self->settings, "origin-url", NULL);
  /* The built-in demo origin named on a command line configures nothing:
   * the demo key stays usable for it. */
  if (self->settings == NULL && origin != NULL && !rp_demo_is_origin (origin))
    configured_origin = g_strdup (origin);
  trust.trusted_keys = (const char * const *) keys;
  trust.configured_channel = configured_channel;
  trust.configured_origin = configured_origin;
  trust.extra_key_file = extra_key_file;
  trust.extra_key_channel = channel;
  return rp_keyring_new_for_terminal (&trust, error);
}

RpSyncEngine *
rp_terminal_new_sync_engine (RpTerminal  *self,
                             const char  *channel,
                             const char  *origin,
                             const char  *extra_key_file,
                             GError     **error)
{
  g_autoptr(RpKeyring) keyring = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);

  keyring = rp_terminal_new_keyring (self, channel, origin, extra_key_file, error);
  if (keyring == NULL)
    return NULL;
  return rp_sync_engine_new (self->data_dir, keyring, channel);
}

/* Sync then upload */

/* What the upload after a sync needs, read from the settings when the sync
 * starts so the worker thread never touches GSettings. */
typedef struct
{
  char  *usage_path;
  char  *origin;
  char  *site_id;
  guint  k;
  guint  retention_days;
} UploadArgs;

static void
upload_args_free (UploadArgs *args)
{
  g_free (args->usage_path);
  g_free (args->origin);
  g_free (args->site_id);
  g_free (args);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UploadArgs, upload_args_free)

/* (nullable): NULL without settings, when nothing is uploaded. */
static UploadArgs *
upload_args_new (RpTerminal                  *self,
                 const RpTerminalSyncOptions *options)
{
  UploadArgs *args;

  if (self->settings == NULL)
    return NULL;
  args = g_new0 (UploadArgs, 1);
  args->usage_path = rp_data_dir_build_usage_path (rp_data_dir_get_path (self->data_dir));
  args->origin = options && options->upload_origin ? g_strdup (options->upload_origin)
                                                   : rp_terminal_dup_origin (self);
  args->site_id = rp_terminal_dup_site_id (self);
  args->k = g_settings_get_uint (self->settings, "usage-k");
  args->retention_days = g_settings_get_uint (self->settings, "usage-retention-days");
  return args;
}

static gboolean
upload_args_run (UploadArgs   *args,
                 GCancellable *cancellable,
                 GError      **error)
{
  guint sent = 0;

  return rp_usage_upload_after_sync (args->usage_path, args->origin, args->site_id, args->k, args->retention_days,
                                     &sent, cancellable, error);
}

static void
audit_sync_start (RpTerminal                  *self,
                  const RpTerminalSyncOptions *options,
                  RpSyncSource                *source)
{
  g_autofree char *described = NULL;

  if (options == NULL || options->audit_actor == NULL)
    return;
  described = rp_sync_source_describe (source);
  audit_or_warn (self, options->audit_actor, "sync-start", described);
}

static void
audit_sync_end (RpTerminal   *self,
                const char   *actor,
                RpSyncOutcome outcome,
                const GError *error)
{
  if (actor != NULL)
    audit_or_warn (self, actor, "sync", error ? error->message : rp_sync_outcome_to_string (outcome));
}

gboolean
rp_terminal_sync (RpTerminal                  *self,
                  RpSyncEngine                *engine,
                  RpSyncSource                *source,
                  const RpTerminalSyncOptions *options,
                  RpSyncOutcome               *out_outcome,
                  GError                     **out_upload_error,
                  GCancellable                *cancellable,
                  GError                     **error)
{
  g_autoptr(UploadArgs) upload = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *actor = options ? options->audit_actor : NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);
  g_return_val_if_fail (RP_IS_SYNC_ENGINE (engine), FALSE);
  g_return_val_if_fail (RP_IS_SYNC_SOURCE (source), FALSE);

  upload = upload_args_new (self, options);
  audit_sync_start (self, options, source);
  if (!rp_sync_engine_run (engine, source, &outcome, cancellable, &local_error))
    {
      audit_sync_end (self, actor, outcome, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  audit_sync_end (self, actor, outcome, NULL);
  if (out_outcome != NULL)
    *out_outcome = outcome;
  /* A failed upload stays pending for the next sync: not a failed sync. */
  if (upload != NULL)
    upload_args_run (upload, cancellable, out_upload_error);
  return TRUE;
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!upload_args_run (task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
upload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("Usage upload left pending: %s", error->message);
}

typedef struct
{
  char       *actor;
  UploadArgs *upload;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_free (data->actor);
  g_clear_pointer (&data->upload, upload_args_free);
  g_free (data);
}

static void
sync_ran (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RpTerminal *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  RpSyncOutcome outcome = RP_SYNC_OUTCOME_NOT_MODIFIED;

  if (!rp_sync_engine_run_finish (RP_SYNC_ENGINE (object), result, &outcome, &error))
    {
      audit_sync_end (self, data->actor, outcome, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  audit_sync_end (self, data->actor, outcome, NULL);
  if (data->upload != NULL)
    {
      /* Not cancelled with the sync: the sync is over, the upload is
       * bookkeeping that must not be cut between a PUT and its record. */
      g_autoptr(GTask) upload = g_task_new (NULL, NULL, upload_done, NULL);

      g_task_set_source_tag (upload, sync_ran);
      g_task_set_task_data (upload, g_steal_pointer (&data->upload), (GDestroyNotify) upload_args_free);
      g_task_run_in_thread (upload, upload_thread);
    }
  g_task_return_int (task, outcome);
}

void
rp_terminal_sync_async (RpTerminal                  *self,
                        RpSyncEngine                *engine,
                        RpSyncSource                *source,
                        const RpTerminalSyncOptions *options,
                        GCancellable                *cancellable,
                        GAsyncReadyCallback          callback,
                        gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  SyncData *data;

  g_return_if_fail (RP_IS_TERMINAL (self));
  g_return_if_fail (RP_IS_SYNC_ENGINE (engine));
  g_return_if_fail (RP_IS_SYNC_SOURCE (source));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_terminal_sync_async);
  /* The engine's answer is the truth: a cancel that comes after the bundle
   * was installed must not turn a done sync into a failed one. */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (SyncData, 1);
  data->actor = g_strdup (options ? options->audit_actor : NULL);
  data->upload = upload_args_new (self, options);
  g_task_set_task_data (task, data, (GDestroyNotify) sync_data_free);
  audit_sync_start (self, options, source);
  rp_sync_engine_run_async (engine, source, cancellable, sync_ran, g_steal_pointer (&task));
}

gboolean
rp_terminal_sync_finish (RpTerminal     *self,
                         GAsyncResult   *result,
                         RpSyncOutcome  *out_outcome,
                         GError        **error)
{
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  outcome = g_task_propagate_int (G_TASK (result), error);
  if (outcome < 0)
    return FALSE;
  if (out_outcome != NULL)
    *out_outcome = (RpSyncOutcome) outcome;
  return TRUE;
}

/* Rollback */

gboolean
rp_terminal_rollback (RpTerminal  *self,
                      const char  *actor,
                      char       **out_from,
                      char       **out_to,
                      GError     **error)
{
  g_autoptr(RpStateDb) state = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;
  int lock;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  lock = rp_data_dir_lock (self->data_dir, FALSE, error);
  if (lock < 0)
    return FALSE;
  from = rp_data_dir_get_current_bundle (self->data_dir);
  ok = rp_data_dir_rollback (self->data_dir, &to, error);
  rp_data_dir_unlock (lock);
  if (!ok)
    return FALSE;
  detail = g_strdup_printf ("%s → %s", from, to);
  if (out_from != NULL)
    *out_from = g_steal_pointer (&from);
  if (out_to != NULL)
    *out_to = g_steal_pointer (&to);
  state = rp_data_dir_open_state (self->data_dir, error);
  return state != NULL && rp_state_db_audit (state, actor, "rollback", detail, error);
}

/* Usage */

RpUsage *
rp_terminal_open_usage (RpTerminal *self,
                        GError    **error)
{
  const char *path;
  g_autofree char *usage_path = NULL;
  RpUsage *usage;

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);

  path = rp_data_dir_get_path (self->data_dir);
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_IO, "Cannot create “%s”: %s", path, g_strerror (errno));
      return NULL;
    }
  usage_path = rp_data_dir_build_usage_path (path);
  usage = rp_usage_open (usage_path, error);
  if (usage != NULL && self->settings != NULL)
    rp_usage_set_k (usage, g_settings_get_uint (self->settings, "usage-k"));
  return usage;
}

/* The command line's usage commands keep usage.db within the retention
 * before they read it. */
static RpUsage *
open_usage_purged (RpTerminal *self,
                   GError    **error)
{
  g_autoptr(RpUsage) usage = rp_terminal_open_usage (self, error);

  if (usage == NULL)
    return NULL;
  if (self->settings != NULL && !rp_usage_purge (usage, retention_days (self), NULL, error))
    return NULL;
  return g_steal_pointer (&usage);
}

void
rp_terminal_get_export_period (RpTerminal *self,
                               char      **out_first,
                               char      **out_last)
{
  g_return_if_fail (RP_IS_TERMINAL (self));

  if (out_first != NULL)
    *out_first = rp_usage_local_day ((int) retention_days (self));
  if (out_last != NULL)
    *out_last = rp_usage_local_day (1);
}

char *
rp_terminal_export_usage (RpTerminal    *self,
                          const char    *first,
                          const char    *last,
                          const char    *site_id,
                          RpUsageFormat  format,
                          GError       **error)
{
  g_autofree char *default_first = NULL;
  g_autofree char *default_last = NULL;
  g_autofree char *configured_site = NULL;
  g_autoptr(RpUsage) usage = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), NULL);

  rp_terminal_get_export_period (self, &default_first, &default_last);
  if (site_id == NULL)
    site_id = configured_site = rp_terminal_dup_site_id (self);
  usage = open_usage_purged (self, error);
  if (usage == NULL)
    return NULL;
  return rp_usage_export (usage, first ? first : default_first, last ? last : default_last, site_id, format, error);
}

gboolean
rp_terminal_export_usage_to (RpTerminal  *self,
                             const char  *dir,
                             const char  *actor,
                             GError     **error)
{
  static const struct { RpUsageFormat format; const char *extension; } formats[] = {
    { RP_USAGE_FORMAT_CSV, "csv" },
    { RP_USAGE_FORMAT_JSON, "json" },
  };
  g_autoptr(RpUsage) usage = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  site_id = rp_terminal_dup_site_id (self);
  rp_terminal_get_export_period (self, &first, &last);
  usage = rp_terminal_open_usage (self, error);
  if (usage == NULL)
    return FALSE;
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *text = rp_usage_export (usage, first, last, site_id, formats[f].format, error);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (text == NULL)
        return FALSE;
      name = g_strdup_printf ("readingpoint-usage-%s-%s_%s.%s", site_id, first, last, formats[f].extension);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_set_contents (path, text, -1, error))
        return FALSE;
    }
  audit_or_warn (self, actor, "usage-export", dir);
  return TRUE;
}

gboolean
rp_terminal_upload_usage (RpTerminal                 *self,
                          const char                 *origin,
                          const char                 *site_id,
                          const RpUsageUploadOptions *options,
                          guint                      *out_sent,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  g_autofree char *configured_origin = NULL;
  g_autofree char *configured_site = NULL;
  g_autoptr(RpUsage) usage = NULL;

  g_return_val_if_fail (RP_IS_TERMINAL (self), FALSE);

  if (origin == NULL)
    origin = configured_origin = rp_terminal_dup_origin (self);
  if (site_id == NULL)
    site_id = configured_site = rp_terminal_dup_site_id (self);
  usage = open_usage_purged (self, error);
  if (usage == NULL)
    return FALSE;
  return rp_usage_upload_run (usage, origin, site_id, options, out_sent, cancellable, error);
}
