/* rp-admin-sync.c — Sync now, Import from USB, Roll back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page only starts and shows: the trust policy, the sync with its
 * audit lines, the usage upload after it and the rollback are the
 * terminal's (rp-terminal.h), as for readingpoint-admin. Everything here
 * runs on the main thread.
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
  /* The catalogue's entries in the chunks fetched, when there are any. */
  if (rp_sync_progress_get_entries_total (progress) > 0)
    text = g_strdup_printf (_("%s of %s, %u of %u objects, %u of %u entries%s%s"), done_text, total_text,
                            rp_sync_progress_get_objects_done (progress), rp_sync_progress_get_objects_total (progress),
                            rp_sync_progress_get_entries_done (progress), rp_sync_progress_get_entries_total (progress),
                            eta ? " — " : "", eta ? eta : "");
  else
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
previews_filled (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RpAdminPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rp_terminal_fill_previews_finish (RP_TERMINAL (object), result, &error))
    g_message ("Previews not drawn after the install: %s", error->message);
  /* The panel may have been closed meanwhile. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    rp_admin_page_refresh (self);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RpAdminPage) self = user_data;
  RpSyncEngine *engine = self->engine;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RpSyncOutcome outcome;

  /* The terminal wrote the "sync" audit line and started the upload. */
  if (!rp_terminal_sync_finish (RP_TERMINAL (object), result, &outcome, &error))
    text = g_strdup_printf (_("Sync failed: %s"), error->message);
  else
    {
      if (outcome == RP_SYNC_OUTCOME_INSTALLED)
        {
          g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_sync_engine_get_offered_version (engine));
          text = g_strdup_printf (_("Installed version %s."), version);
          /* As after readingpoint-admin sync: the first pages residents
           * open are drawn now, at low priority, not at their first tap. */
          rp_terminal_fill_previews_async (self->terminal, NULL, previews_filled, g_object_ref (self));
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
    }
  g_signal_handlers_disconnect_by_func (rp_sync_engine_get_progress (engine), on_progress, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  set_result (self, text);
  rp_admin_page_refresh (self);
}

void
rp_admin_page_sync_from (RpAdminPage  *self,
                         RpSyncSource *source)
{
  g_autofree char *channel = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  g_return_if_fail (RP_IS_SYNC_SOURCE (source));

  if (!rp_admin_page_require_unlocked (self, "sync") || self->engine != NULL || self->terminal == NULL)
    return;
  channel = rp_terminal_dup_channel (self->terminal);
  self->engine = rp_terminal_new_sync_engine (self->terminal, channel, NULL, NULL, &error);
  if (self->engine == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sync failed: %s"), error->message);
      set_result (self, text);
      return;
    }
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
  /* The terminal audits "sync-start" and "sync" and uploads usage after
   * a successful sync. */
  rp_terminal_sync_async (self->terminal, self->engine, source,
                          &(RpTerminalSyncOptions){ .audit_actor = "admin-panel" },
                          self->cancellable, sync_done, g_object_ref (self));
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
  g_autofree char *channel = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(RpSyncSource) source = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.sync"))
    return;

  if (self->terminal == NULL)
    return;
  channel = rp_terminal_dup_channel (self->terminal);
  origin = rp_terminal_dup_sync_origin (self->terminal, channel);
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
  g_autofree char *channel = NULL;
  g_autoptr(RpVolumeWatch) watch = NULL;
  g_auto(GStrv) origins = NULL;
  g_autoptr(RpSyncSource) source = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.import-usb"))
    return;

  if (self->terminal == NULL)
    return;
  channel = rp_terminal_dup_channel (self->terminal);
  watch = rp_volume_watch_new (channel);
  origins = rp_volume_watch_list_origins (watch);
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
  g_autoptr(GError) error = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.rollback"))
    return;

  if (self->terminal == NULL || self->engine != NULL)
    return;
  /* @to is set once the bundle was switched: then only its audit line
   * failed, which is warned about as every audit line the panel cannot
   * write. */
  if (!rp_terminal_rollback (self->terminal, "admin-panel", NULL, &to, &error) && to != NULL)
    g_warning ("Cannot write the audit log: %s", error->message);
  if (to != NULL)
    text = g_strdup_printf (_("Rolled back to %s."), to);
  else
    text = g_strdup_printf (_("Cannot roll back: %s"), error->message);
  set_result (self, text);
  rp_admin_page_refresh (self);
}
