/* rp-admin-sync.c — Sync now, Import from USB, Roll back, and the usage
 * upload after a sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync runs on the engine's own worker and the upload in a GTask
 * thread with its own usage.db connection; the rest on the main thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"

static const char *
phase_name (RpSyncPhase phase)
{
  switch (phase)
    {
    case RP_SYNC_PHASE_CHECKING:
      return _("Checking the signed manifest");
    case RP_SYNC_PHASE_DOWNLOADING:
      return _("Downloading");
    case RP_SYNC_PHASE_BUILDING:
      return _("Building the catalogue");
    case RP_SYNC_PHASE_APPLYING:
      return _("Applying");
    case RP_SYNC_PHASE_DONE:
      return _("Done");
    case RP_SYNC_PHASE_FAILED:
      return _("Failed");
    case RP_SYNC_PHASE_IDLE:
    default:
      return _("Waiting");
    }
}

static void
on_progress (RpSyncProgress *progress,
             GParamSpec     *pspec,
             RpAdminPage    *self)
{
  guint64 done = rp_sync_progress_get_bytes_done (progress);
  guint64 total = rp_sync_progress_get_bytes_total (progress);
  double fraction = total > 0 ? (double) done / total : 0.0;
  g_autofree char *done_text = g_format_size (done);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *eta = NULL;
  g_autofree char *text = NULL;
  double elapsed = (g_get_monotonic_time () - self->sync_started) / (double) G_USEC_PER_SEC;

  if (done > 0 && total > done && elapsed > 0.5)
    {
      guint seconds = (guint) ((total - done) / (done / elapsed)) + 1;
      eta = g_strdup_printf (_("about %u s left"), seconds);
    }
  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, phase_name (rp_sync_progress_get_phase (progress)));
  text = g_strdup_printf (_("%s of %s, %u of %u objects%s%s"), done_text, total_text,
                          rp_sync_progress_get_objects_done (progress), rp_sync_progress_get_objects_total (progress),
                          eta ? " — " : "", eta ? eta : "");
  gtk_label_set_text (self->progress_label, text);
}

static void
set_result (RpAdminPage *self,
            const char  *text)
{
  g_free (self->sync_result);
  self->sync_result = g_strdup (text);
  gtk_label_set_text (self->result_label, text);
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **args = task_data;   /* usage.db, origin, site id, k, retention */
  g_autoptr(GError) error = NULL;
  guint sent = 0;

  if (!rp_usage_upload_after_sync (args[0], args[1], args[2], (guint) g_ascii_strtoull (args[3], NULL, 10),
                                   (guint) g_ascii_strtoull (args[4], NULL, 10), &sent, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, sent);
}

static void
upload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_int (G_TASK (result), &error) < 0 && error != NULL)
    g_message ("Usage upload left pending: %s", error->message);
}

/* DESIGN.md: usage is uploaded after each sync; what is not acknowledged
 * stays pending for the next one. */
static void
upload_usage_after_sync (RpAdminPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *origin = NULL;
  char **args;

  if (self->settings == NULL || rp_admin_page_get_data_path (self) == NULL)
    return;
  origin = g_settings_get_string (self->settings, "origin-url");
  args = g_new0 (char *, 6);
  args[0] = g_build_filename (rp_admin_page_get_data_path (self), "usage.db", NULL);
  args[1] = g_steal_pointer (&origin);
  args[2] = g_settings_get_string (self->settings, "site-id");
  args[3] = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "usage-k"));
  args[4] = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "usage-retention-days"));
  task = g_task_new (NULL, NULL, upload_done, NULL);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, upload_thread);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RpAdminPage) self = user_data;
  RpSyncEngine *engine = RP_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RpSyncOutcome outcome;

  if (!rp_sync_engine_run_finish (engine, result, &outcome, &error))
    {
      text = g_strdup_printf (_("Sync failed: %s"), error->message);
      rp_admin_page_audit (self, "sync", error->message);
    }
  else
    {
      if (outcome == RP_SYNC_OUTCOME_INSTALLED)
        {
          g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_sync_engine_get_offered_version (engine));
          text = g_strdup_printf (_("Installed version %s."), version);
        }
      else
        text = g_strdup (_("Already up to date."));
      /* Collection that left files behind: the disk may be filling. */
      if (rp_sync_engine_get_warning (engine) != NULL)
        {
          g_autofree char *with_warning = g_strdup_printf ("%s %s", text, rp_sync_engine_get_warning (engine));
          g_free (text);
          text = g_steal_pointer (&with_warning);
        }
      rp_admin_page_audit (self, "sync", rp_sync_outcome_to_string (outcome));
      upload_usage_after_sync (self);
    }
  g_signal_handlers_disconnect_by_func (rp_sync_engine_get_progress (engine), on_progress, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  set_result (self, text);
  rp_admin_page_refresh (self);
}

/* The one trust policy (rp-keyring.h), as the command line applies it. */
static RpKeyring *
make_keyring (RpAdminPage *self,
              const char  *channel,
              GError     **error)
{
  g_auto(GStrv) keys = self->settings ? g_settings_get_strv (self->settings, "trusted-keys") : NULL;
  g_autofree char *origin = self->settings ? g_settings_get_string (self->settings, "origin-url") : NULL;
  RpTrustSettings trust = { (const char * const *) keys, channel, origin, NULL, NULL };

  return rp_keyring_new_for_terminal (&trust, error);
}

static char *
configured_channel (RpAdminPage *self)
{
  return self->settings ? g_settings_get_string (self->settings, "channel") : g_strdup (RP_DEMO_CHANNEL);
}

void
rp_admin_page_sync_from (RpAdminPage  *self,
                         RpSyncSource *source)
{
  RpDataDir *data_dir = self->data_dir;
  g_autofree char *channel = configured_channel (self);
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  g_return_if_fail (RP_IS_SYNC_SOURCE (source));

  if (!rp_admin_page_require_unlocked (self, "sync") || self->engine != NULL || data_dir == NULL)
    return;
  keyring = make_keyring (self, channel, &error);
  if (keyring == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sync failed: %s"), error->message);
      set_result (self, text);
      return;
    }
  described = rp_sync_source_describe (source);
  rp_admin_page_audit (self, "sync-start", described);
  self->engine = rp_sync_engine_new (data_dir, keyring, channel);
  /* Moving to another channel is allowed only right after an
   * administrator changed the channel in this PIN-guarded stay (the engine
   * audits the switch); otherwise a configured channel that differs from
   * the installed one is refused, as on the command line without
   * --switch-channel. */
  rp_sync_engine_set_allow_channel_switch (self->engine, self->channel_changed);
  self->cancellable = g_cancellable_new ();
  self->sync_started = g_get_monotonic_time ();
  g_signal_connect (rp_sync_engine_get_progress (self->engine), "notify", G_CALLBACK (on_progress), self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_result (self, _("Syncing…"));
  rp_sync_engine_run_async (self->engine, source, self->cancellable, sync_done, g_object_ref (self));
}

gboolean
rp_admin_page_is_syncing (RpAdminPage *self)
{
  g_return_val_if_fail (RP_IS_ADMIN_PAGE (self), FALSE);
  return self->engine != NULL;
}

double
rp_admin_page_get_fraction (RpAdminPage *self)
{
  g_return_val_if_fail (RP_IS_ADMIN_PAGE (self), 0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}

const char *
rp_admin_page_get_sync_result (RpAdminPage *self)
{
  g_return_val_if_fail (RP_IS_ADMIN_PAGE (self), NULL);
  return self->sync_result;
}

void
rp_admin_page_action_sync (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autofree char *channel = configured_channel (self);
  g_autofree char *origin = self->settings ? g_settings_get_string (self->settings, "origin-url") : NULL;
  g_autoptr(RpSyncSource) source = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.sync"))
    return;

  if (origin == NULL || *origin == '\0')
    {
      g_clear_pointer (&origin, g_free);
      if (g_str_equal (channel, RP_DEMO_CHANNEL))
        origin = g_strdup (rp_demo_get_origin ());
    }
  if (origin == NULL)
    {
      set_result (self, _("No origin is configured: set one under Settings."));
      return;
    }
  source = rp_sync_source_new_for_origin (origin);
  rp_admin_page_sync_from (self, source);
}

void
rp_admin_page_action_cancel_sync (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);

  if (!rp_admin_page_require_unlocked (self, "admin.cancel-sync"))
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
rp_admin_page_action_import_usb (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autofree char *channel = configured_channel (self);
  g_autoptr(RpVolumeWatch) watch = rp_volume_watch_new (channel);
  g_auto(GStrv) origins = rp_volume_watch_list_origins (watch);
  g_autoptr(RpSyncSource) source = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.import-usb"))
    return;

  if (origins == NULL || origins[0] == NULL)
    {
      set_result (self, _("No USB volume carrying a bundle for this channel is mounted."));
      return;
    }
  source = rp_sync_source_new_for_origin (origins[0]);
  rp_admin_page_sync_from (self, source);
}

void
rp_admin_page_action_rollback (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  RpDataDir *data_dir = self->data_dir;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  gboolean ok;
  int lock;

  if (!rp_admin_page_require_unlocked (self, "admin.rollback"))
    return;

  if (data_dir == NULL || self->engine != NULL)
    return;
  lock = rp_data_dir_lock (data_dir, FALSE, &error);
  if (lock >= 0)
    {
      from = rp_data_dir_get_current_bundle (data_dir);
      ok = rp_data_dir_rollback (data_dir, &to, &error);
      rp_data_dir_unlock (lock);
    }
  else
    ok = FALSE;
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s → %s", from, to);
      rp_admin_page_audit (self, "rollback", detail);
      text = g_strdup_printf (_("Rolled back to %s."), to);
    }
  else
    text = g_strdup_printf (_("Cannot roll back: %s"), error->message);
  set_result (self, text);
  rp_admin_page_refresh (self);
}
