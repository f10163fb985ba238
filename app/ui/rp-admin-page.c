/* rp-admin-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here runs on the main thread except the sync itself (the
 * engine's own worker) and the usage upload after it (a GTask thread with
 * its own usage.db connection).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page.h"
#include "rp-pin-pad.h"
#include "rp-qr-view.h"
#include "rp-usage-chart.h"

#define ADMIN_KEY      "rp-admin-page"
#define PIN_PAD_KEY    "rp-pin-pad"
#define RP_ADMIN_HOLD_MS  5000
#define DASHBOARD_DAYS 30
#define AUDIT_ROWS     200

typedef enum
{
  CHART_DAYS,
  CHART_HOURS,
  CHART_CATEGORIES,
  CHART_DOCUMENTS,
  CHART_NO_RESULT,
  N_CHARTS
} Chart;

struct _RpAdminPage
{
  GtkWidget       parent_instance;

  RpWindow       *window;      /* not owned: the page lives in its stack */
  RpAdminPin     *pin;
  RpStateDb      *state;
  GSettings      *settings;    /* NULL without the installed schema */

  RpSyncEngine   *engine;      /* while syncing */
  GCancellable   *cancellable;
  gint64          sync_started;
  char           *sync_result;
  gboolean        leaving_audited;
  /* TRUE only between the PIN pad accepting a PIN and the panel being
   * left (Close, Home, the idle wipe, any other page). Every admin.*
   * action and every public entry point checks it: the panel being on
   * screen proves nothing (GTK's inspector, a test hook or a future bug
   * can show any stack child). */
  gboolean        unlocked;
  gboolean        channel_changed;  /* saved in this unlocked stay */

  GtkWidget      *box;
  GtkStack       *sections;
  GtkGrid        *status_grid;
  GtkProgressBar *progress_bar;
  GtkLabel       *progress_label;
  GtkLabel       *result_label;
  GtkLabel       *usage_period_label;
  GtkGrid        *chart_grid;
  GtkLabel       *usage_label;
  GtkGrid        *settings_grid;
  GtkLabel       *settings_label;
  GtkListBox     *audit_list;

  GtkWidget      *charts[N_CHARTS];
  GtkEntry       *site_id_entry;
  GtkEntry       *origin_entry;
  GtkEntry       *channel_entry;
  GtkTextView    *keys_view;
  GtkSpinButton  *idle_spin;
  GtkSpinButton  *autosync_spin;
};

G_DEFINE_FINAL_TYPE (RpAdminPage, rp_admin_page, GTK_TYPE_WIDGET)

static GSettings *
lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, RP_APP_ID, TRUE) : NULL;

  return schema ? g_settings_new (RP_APP_ID) : NULL;
}

static const char *
data_dir_path (RpAdminPage *self)
{
  RpDataDir *data_dir = self->window ? rp_window_get_data_dir (self->window) : NULL;
  return data_dir ? rp_data_dir_get_path (data_dir) : NULL;
}

/* state.db and the PIN, opened when the panel is first needed: the data
 * dir is set on the window after it is built. */
static gboolean
ensure_state (RpAdminPage *self,
              GError     **error)
{
  g_autofree char *path = NULL;

  if (self->pin != NULL)
    return TRUE;
  if (data_dir_path (self) == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, _("No data directory is open"));
      return FALSE;
    }
  path = rp_data_dir_build_state_path (data_dir_path (self));
  g_clear_object (&self->state);
  self->state = rp_state_db_open (path, error);
  if (self->state == NULL)
    return FALSE;
  self->pin = rp_admin_pin_open (path, self->state, error);
  return self->pin != NULL;
}

/* Opens state.db when needed: an entry that did not go through the PIN
 * pad (so nothing opened it yet) is exactly what must be recorded. */
static void
audit (RpAdminPage *self,
       const char  *action,
       const char  *detail)
{
  g_autoptr(GError) error = NULL;

  if (!ensure_state (self, &error) ||
      !rp_state_db_audit (self->state, "admin-panel", action, detail, &error))
    g_warning ("Cannot write the audit log: %s", error->message);
}

static const char *const admin_actions[] = {
  "admin.sync", "admin.cancel-sync", "admin.import-usb", "admin.rollback",
  "admin.export-usb", "admin.save-settings", "admin.change-pin", "admin.exit-kiosk",
};

static void
set_unlocked (RpAdminPage *self,
              gboolean     unlocked)
{
  self->unlocked = unlocked;
  if (!unlocked)
    self->channel_changed = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (admin_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), admin_actions[i], unlocked);
  /* Locked, the panel has nothing to show even if something shows it. */
  gtk_widget_set_visible (self->box, unlocked);
}

/* The gate every administrative act passes: refused and audited unless
 * the PIN was entered for this stay in the panel. */
static gboolean
require_unlocked (RpAdminPage *self,
                  const char  *what)
{
  if (self->unlocked)
    return TRUE;
  audit (self, "refused-without-pin", what);
  return FALSE;
}

/* Status */

static void
add_status_row (RpAdminPage *self,
                int          row,
                const char  *name,
                const char  *value)
{
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *text = gtk_label_new (value && *value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), FALSE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_grid_attach (self->status_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->status_grid, text, 1, row, 1, 1);
}

static guint
count_objects (const char *data_dir)
{
  g_autofree char *objects = g_build_filename (data_dir, "objects", NULL);
  g_autoptr(GDir) dir = g_dir_open (objects, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = NULL;
      g_autoptr(GDir) d = NULL;

      /* .partial holds transfers, not installed objects. */
      if (name[0] == '.')
        continue;
      sub = g_build_filename (objects, name, NULL);
      d = g_dir_open (sub, 0, NULL);

      while (d != NULL && g_dir_read_name (d) != NULL)
        n++;
    }
  return n;
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;
  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
}

/* What the district office needs to enrol this terminal: its site id and
 * public key, as text and as a QR code of the key line that
 * `readingpoint-fleet enrol SITE_ID PUBKEY` takes. */
static void
add_identity_rows (RpAdminPage *self,
                   const char  *data_dir,
                   int          row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpMinisignSecretKey) sk = rp_identity_load_or_create (data_dir, &error);
  g_autofree char *site = self->settings ? g_settings_get_string (self->settings, "site-id") : NULL;
  g_autoptr(RpMinisignKey) pk = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *line = NULL;
  GtkWidget *qr;

  add_status_row (self, row++, _("Site id"), site && *site ? site : _("not set (Settings)"));
  if (sk == NULL)
    {
      add_status_row (self, row++, _("Terminal key"), error->message);
      return;
    }
  pk = rp_minisign_secret_key_get_public (sk);
  key_id = rp_minisign_key_get_id (pk);
  line = rp_identity_public_key_line (pk);
  add_status_row (self, row++, _("Terminal key"), key_id);
  add_status_row (self, row++, _("Public key (scan to enrol)"), line);
  qr = rp_qr_view_new ();
  gtk_widget_set_size_request (qr, 180, 180);
  gtk_widget_set_halign (qr, GTK_ALIGN_START);
  rp_qr_view_set_text (RP_QR_VIEW (qr), line);
  gtk_grid_attach (self->status_grid, qr, 1, row, 1, 1);
}

static void
refresh_status (RpAdminPage *self)
{
  RpDataDir *data_dir = self->window ? rp_window_get_data_dir (self->window) : NULL;
  RpCatalogue *catalogue = self->window ? rp_window_get_catalogue (self->window) : NULL;
  g_autoptr(RpBundle) bundle = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFileInfo) fs = NULL;
  g_autofree char *version = NULL;
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *free_disk = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *current = NULL;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_grid))) != NULL)
    gtk_grid_remove (self->status_grid, child);
  if (data_dir == NULL)
    return;

  current = rp_data_dir_get_current_bundle (data_dir);
  bundle = rp_data_dir_open_current (data_dir, NULL);
  if (bundle != NULL)
    {
      RpManifest *manifest = rp_bundle_get_manifest (bundle);

      version = g_strdup_printf ("%" G_GINT64_FORMAT, rp_manifest_get_version (manifest));
      issued = format_time (rp_manifest_get_issued (manifest));
      expires = format_time (rp_manifest_get_expires (manifest));
      key_id = rp_bundle_get_key_id (bundle);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        /* An origin answering "not modified" must not keep a terminal on
         * an expired bundle quietly: the panel says so in words. */
        if (rp_manifest_is_expired (manifest, now))
          {
            g_autofree char *was = g_steal_pointer (&expires);
            expires = g_strdup_printf (_("%s — EXPIRED: sync a newer bundle"), was);
          }
      }
    }
  if (self->state != NULL)
    last_sync = rp_state_db_get_last_sync (self->state);
  dir = g_file_new_for_path (rp_data_dir_get_path (data_dir));
  fs = g_file_query_filesystem_info (dir, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (fs != NULL)
    free_disk = g_format_size (g_file_info_get_attribute_uint64 (fs, G_FILE_ATTRIBUTE_FILESYSTEM_FREE));
  objects = g_strdup_printf ("%u", count_objects (rp_data_dir_get_path (data_dir)));

  add_status_row (self, row++, _("Channel"), catalogue ? rp_catalogue_get_channel (catalogue) : NULL);
  add_status_row (self, row++, _("Version"), version ? version : _("unsigned (built from a source folder)"));
  add_status_row (self, row++, _("Installed bundle"), current);
  add_status_row (self, row++, _("Issued"), issued);
  add_status_row (self, row++, _("Expires"), expires);
  add_status_row (self, row++, _("Signing key"), key_id);
  add_status_row (self, row++, _("Last sync"), last_sync ? last_sync : _("never"));
  add_status_row (self, row++, _("Free disk"), free_disk);
  add_status_row (self, row++, _("Objects"), objects);
  add_identity_rows (self, rp_data_dir_get_path (data_dir), row);
}

/* Sync */

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

  if (self->settings == NULL || data_dir_path (self) == NULL)
    return;
  origin = g_settings_get_string (self->settings, "origin-url");
  args = g_new0 (char *, 6);
  args[0] = g_build_filename (data_dir_path (self), "usage.db", NULL);
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
      audit (self, "sync", error->message);
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
      audit (self, "sync", rp_sync_outcome_to_string (outcome));
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
  RpDataDir *data_dir = self->window ? rp_window_get_data_dir (self->window) : NULL;
  g_autofree char *channel = configured_channel (self);
  g_autoptr(RpKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  g_return_if_fail (RP_IS_SYNC_SOURCE (source));

  if (!require_unlocked (self, "sync") || self->engine != NULL || data_dir == NULL)
    return;
  keyring = make_keyring (self, channel, &error);
  if (keyring == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sync failed: %s"), error->message);
      set_result (self, text);
      return;
    }
  described = rp_sync_source_describe (source);
  audit (self, "sync-start", described);
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

static void
admin_sync (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autofree char *channel = configured_channel (self);
  g_autofree char *origin = self->settings ? g_settings_get_string (self->settings, "origin-url") : NULL;
  g_autoptr(RpSyncSource) source = NULL;

  if (!require_unlocked (self, "admin.sync"))
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

static void
admin_cancel_sync (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);

  if (!require_unlocked (self, "admin.cancel-sync"))
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
admin_import_usb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autofree char *channel = configured_channel (self);
  g_autoptr(RpVolumeWatch) watch = rp_volume_watch_new (channel);
  g_auto(GStrv) origins = rp_volume_watch_list_origins (watch);
  g_autoptr(RpSyncSource) source = NULL;

  if (!require_unlocked (self, "admin.import-usb"))
    return;

  if (origins == NULL || origins[0] == NULL)
    {
      set_result (self, _("No USB volume carrying a bundle for this channel is mounted."));
      return;
    }
  source = rp_sync_source_new_for_origin (origins[0]);
  rp_admin_page_sync_from (self, source);
}

static void
admin_rollback (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  RpDataDir *data_dir = self->window ? rp_window_get_data_dir (self->window) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  gboolean ok;
  int lock;

  if (!require_unlocked (self, "admin.rollback"))
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
      audit (self, "rollback", detail);
      text = g_strdup_printf (_("Rolled back to %s."), to);
    }
  else
    text = g_strdup_printf (_("Cannot roll back: %s"), error->message);
  set_result (self, text);
  rp_admin_page_refresh (self);
}

/* Usage */

static char *
day_string (int days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, -days_ago);
  return g_date_time_format (day, "%Y-%m-%d");
}

static RpUsage *
open_usage (RpAdminPage *self,
            GError     **error)
{
  g_autofree char *path = NULL;
  RpUsage *usage;

  if (data_dir_path (self) == NULL)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, _("No data directory is open"));
      return NULL;
    }
  path = g_build_filename (data_dir_path (self), "usage.db", NULL);
  usage = rp_usage_open (path, error);
  if (usage != NULL && self->settings != NULL)
    rp_usage_set_k (usage, g_settings_get_uint (self->settings, "usage-k"));
  return usage;
}

/* Ids become names for the administrator: category names, entry titles. */
static void
name_subjects (RpAdminPage *self,
               GPtrArray   *totals,
               Chart        chart)
{
  RpCatalogue *catalogue = self->window ? rp_window_get_catalogue (self->window) : NULL;

  for (guint i = 0; catalogue != NULL && i < totals->len; i++)
    {
      RpUsageTotal *t = g_ptr_array_index (totals, i);

      if (chart == CHART_CATEGORIES)
        {
          g_autoptr(RpCategory) category = rp_catalogue_get_category (catalogue, t->subject);
          if (category != NULL)
            {
              g_free (t->subject);
              t->subject = g_strdup (rp_category_get_name (category));
            }
        }
      else if (chart == CHART_DOCUMENTS)
        {
          g_autofree char *id = g_strdup (t->subject);
          char *slash = strrchr (id, '/');
          g_autoptr(RpEntry) entry = NULL;

          if (slash != NULL)
            *slash = '\0';
          entry = rp_catalogue_get_entry (catalogue, id, NULL);
          if (entry != NULL)
            {
              g_free (t->subject);
              t->subject = g_strdup (rp_entry_get_title (entry));
            }
        }
      else if (chart == CHART_DAYS && strlen (t->subject) == 10)
        memmove (t->subject, t->subject + 5, 6);   /* "MM-DD" */
    }
}

static void
refresh_usage (RpAdminPage *self)
{
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = day_string (DASHBOARD_DAYS - 1);
  g_autofree char *last = day_string (0);
  g_autofree char *period = NULL;
  static const struct { RpUsageKind kind; gboolean by_day; guint limit; } queries[N_CHARTS] = {
    [CHART_DAYS] = { RP_USAGE_VISIT, TRUE, 0 },
    [CHART_HOURS] = { RP_USAGE_HOUR, FALSE, 0 },
    [CHART_CATEGORIES] = { RP_USAGE_CATEGORY, FALSE, 8 },
    [CHART_DOCUMENTS] = { RP_USAGE_DOCUMENT, FALSE, 8 },
    [CHART_NO_RESULT] = { RP_USAGE_SEARCH_EMPTY, FALSE, 8 },
  };

  period = g_strdup_printf (_("The last %u days: %s to %s"), DASHBOARD_DAYS, first, last);
  gtk_label_set_text (self->usage_period_label, period);
  usage = open_usage (self, &error);
  if (usage == NULL)
    {
      gtk_label_set_text (self->usage_label, error->message);
      return;
    }
  for (guint c = 0; c < N_CHARTS; c++)
    {
      g_autoptr(GPtrArray) totals = rp_usage_totals (usage, queries[c].kind, first, last, queries[c].by_day,
                                                     queries[c].limit, NULL);

      if (totals != NULL && c == CHART_HOURS)
        {
          /* All 24 hours, in order, zeros included. */
          g_autoptr(GPtrArray) hours = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_usage_total_free);
          for (guint h = 0; h < 24; h++)
            {
              RpUsageTotal *t = g_new0 (RpUsageTotal, 1);
              t->subject = g_strdup_printf ("%02u", h);
              for (guint i = 0; i < totals->len; i++)
                if (g_str_equal (((RpUsageTotal *) totals->pdata[i])->subject, t->subject))
                  t->count = ((RpUsageTotal *) totals->pdata[i])->count;
              g_ptr_array_add (hours, t);
            }
          g_ptr_array_unref (totals);
          totals = g_steal_pointer (&hours);
        }
      if (totals != NULL)
        name_subjects (self, totals, c);
      rp_usage_chart_set_data (RP_USAGE_CHART (self->charts[c]), totals);
    }
  gtk_label_set_text (self->usage_label,
                      _("Counters only: no visit, person or device is recorded. Searches appear once typed k times."));
}

gboolean
rp_admin_page_export_usage_to (RpAdminPage *self,
                               const char  *dir,
                               GError     **error)
{
  g_autoptr(RpUsage) usage = NULL;
  g_autofree char *site_id = self->settings ? g_settings_get_string (self->settings, "site-id") : g_strdup ("");
  guint retention = self->settings ? g_settings_get_uint (self->settings, "usage-retention-days") : 400;
  g_autofree char *first = day_string ((int) retention);
  g_autofree char *last = day_string (1);

  g_return_val_if_fail (RP_IS_ADMIN_PAGE (self), FALSE);

  if (!require_unlocked (self, "usage-export"))
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_PIN_REFUSED, _("The administrator PIN was not entered"));
      return FALSE;
    }
  usage = open_usage (self, error);
  if (usage == NULL)
    return FALSE;
  for (guint f = 0; f < 2; f++)
    {
      RpUsageFormat format = f == 0 ? RP_USAGE_FORMAT_CSV : RP_USAGE_FORMAT_JSON;
      g_autofree char *text = rp_usage_export (usage, first, last, site_id, format, error);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;

      if (text == NULL)
        return FALSE;
      name = g_strdup_printf ("readingpoint-usage-%s-%s_%s.%s", site_id, first, last, f == 0 ? "csv" : "json");
      path = g_build_filename (dir, name, NULL);
      if (!g_file_set_contents (path, text, -1, error))
        return FALSE;
    }
  audit (self, "usage-export", dir);
  return TRUE;
}

static void
admin_export_usb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;

  if (!require_unlocked (self, "admin.export-usb"))
    return;

  for (GList *l = mounts; l != NULL && target == NULL; l = l->next)
    {
      g_autoptr(GFile) root = g_mount_get_root (l->data);
      if (g_mount_can_unmount (l->data) && g_file_is_native (root))
        target = g_file_get_path (root);
    }
  g_list_free_full (mounts, g_object_unref);
  if (target == NULL)
    text = g_strdup (_("Plug in a USB stick to export the usage report."));
  else if (!rp_admin_page_export_usage_to (self, target, &error))
    text = g_strdup_printf (_("Cannot export: %s"), error->message);
  else
    text = g_strdup_printf (_("Usage report written to %s."), target);
  gtk_label_set_text (self->usage_label, text);
}

/* Settings */

static void
load_settings (RpAdminPage *self)
{
  g_auto(GStrv) keys = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *site = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *channel = NULL;

  if (self->settings == NULL)
    return;
  site = g_settings_get_string (self->settings, "site-id");
  origin = g_settings_get_string (self->settings, "origin-url");
  channel = g_settings_get_string (self->settings, "channel");
  keys = g_settings_get_strv (self->settings, "trusted-keys");
  joined = g_strjoinv ("\n", keys);
  gtk_editable_set_text (GTK_EDITABLE (self->site_id_entry), site);
  gtk_editable_set_text (GTK_EDITABLE (self->origin_entry), origin);
  gtk_editable_set_text (GTK_EDITABLE (self->channel_entry), channel);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->keys_view), joined, -1);
  gtk_spin_button_set_value (self->idle_spin, g_settings_get_uint (self->settings, "idle-timeout"));
  gtk_spin_button_set_value (self->autosync_spin, g_settings_get_uint (self->settings, "auto-sync-interval") / 60);
}

/* "key: old → new" for every setting the form changes, so the audit log
 * says what an administrator did, not only that they did something.
 * Trusted keys are long: the log names how many were added and removed. */
static char *
describe_settings_change (RpAdminPage        *self,
                          const char         *site,
                          const char         *channel,
                          const char * const *keys)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const struct { const char *key; const char *value; } strings[] = {
    { "site-id", site },
    { "origin-url", gtk_editable_get_text (GTK_EDITABLE (self->origin_entry)) },
    { "channel", channel },
  };
  const struct { const char *key; guint value; } numbers[] = {
    { "idle-timeout", (guint) gtk_spin_button_get_value (self->idle_spin) },
    { "auto-sync-interval", 60 * (guint) gtk_spin_button_get_value (self->autosync_spin) },
  };
  g_auto(GStrv) old_keys = g_settings_get_strv (self->settings, "trusted-keys");
  guint added = 0, removed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *old = g_settings_get_string (self->settings, strings[i].key);
      if (g_strcmp0 (old, strings[i].value) != 0)
        g_string_append_printf (out, "%s%s: “%s” → “%s”", out->len ? "; " : "", strings[i].key, old, strings[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      guint old = g_settings_get_uint (self->settings, numbers[i].key);
      if (old != numbers[i].value)
        g_string_append_printf (out, "%s%s: %u → %u", out->len ? "; " : "", numbers[i].key, old, numbers[i].value);
    }
  for (guint i = 0; keys[i]; i++)
    added += !g_strv_contains ((const char * const *) old_keys, keys[i]);
  for (guint i = 0; old_keys[i]; i++)
    removed += !g_strv_contains (keys, old_keys[i]);
  if (added || removed)
    g_string_append_printf (out, "%strusted-keys: %u added, %u removed", out->len ? "; " : "", added, removed);
  if (out->len == 0)
    g_string_append (out, "no change");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
admin_save_settings (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  const char *site = gtk_editable_get_text (GTK_EDITABLE (self->site_id_entry));
  const char *channel = gtk_editable_get_text (GTK_EDITABLE (self->channel_entry));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->keys_view);
  GtkTextIter start, end;
  g_autofree char *keys_text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_auto(GStrv) key_list = NULL;
  g_autofree char *changes = NULL;

  if (!require_unlocked (self, "admin.save-settings"))
    return;

  if (self->settings == NULL)
    return;
  if (*site != '\0' && !rp_usage_site_id_is_valid (site))
    {
      gtk_label_set_text (self->settings_label, _("A site id uses letters, digits, '-', '_' or '.'."));
      return;
    }
  if (!rp_channel_name_is_valid (channel))
    {
      gtk_label_set_text (self->settings_label, _("That is not a valid channel name."));
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  keys_text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (keys_text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_strv_builder_add (keys, lines[i]);
  key_list = g_strv_builder_end (keys);

  changes = describe_settings_change (self, site, channel, (const char * const *) key_list);
  {
    g_autofree char *old_channel = g_settings_get_string (self->settings, "channel");
    if (g_strcmp0 (old_channel, channel) != 0)
      self->channel_changed = TRUE;
  }
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "site-id", site);
  g_settings_set_string (self->settings, "origin-url", gtk_editable_get_text (GTK_EDITABLE (self->origin_entry)));
  g_settings_set_string (self->settings, "channel", channel);
  g_settings_set_strv (self->settings, "trusted-keys", (const char * const *) key_list);
  g_settings_set_uint (self->settings, "idle-timeout", (guint) gtk_spin_button_get_value (self->idle_spin));
  g_settings_set_uint (self->settings, "auto-sync-interval", 60 * (guint) gtk_spin_button_get_value (self->autosync_spin));
  g_settings_apply (self->settings);
  audit (self, "settings", changes);
  gtk_label_set_text (self->settings_label, _("Settings saved."));
}

static void
admin_change_pin (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  RpPinPad *pad = self->window ? g_object_get_data (G_OBJECT (self->window), PIN_PAD_KEY) : NULL;
  GtkWidget *stack = gtk_widget_get_parent (GTK_WIDGET (self));

  if (!require_unlocked (self, "admin.change-pin"))
    return;

  if (pad == NULL || self->pin == NULL)
    return;
  g_object_set_data (G_OBJECT (pad), "changing", GINT_TO_POINTER (TRUE));
  rp_pin_pad_start_change (pad, self->pin);
  self->leaving_audited = TRUE;   /* the PIN pad is part of the panel here */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "pin");
}

static GtkWidget *
settings_row (RpAdminPage *self,
              int          row,
              const char  *name,
              GtkWidget   *editor)
{
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (editor, TRUE);
  gtk_grid_attach (self->settings_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->settings_grid, editor, 1, row, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return editor;
}

static void
build_settings (RpAdminPage *self)
{
  GtkWidget *keys_frame = gtk_scrolled_window_new ();
  int row = 0;

  self->site_id_entry = GTK_ENTRY (settings_row (self, row++, _("Site id"), gtk_entry_new ()));
  self->origin_entry = GTK_ENTRY (settings_row (self, row++, _("Origin URL"), gtk_entry_new ()));
  self->channel_entry = GTK_ENTRY (settings_row (self, row++, _("Channel"), gtk_entry_new ()));
  self->keys_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_monospace (self->keys_view, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (keys_frame), GTK_WIDGET (self->keys_view));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (keys_frame), 80);
  gtk_widget_add_css_class (keys_frame, "frame");
  settings_row (self, row++, _("Trusted keys (one per line)"), keys_frame);
  self->idle_spin = GTK_SPIN_BUTTON (settings_row (self, row++, _("Idle timeout (seconds)"),
                                                   gtk_spin_button_new_with_range (15, 3600, 15)));
  self->autosync_spin = GTK_SPIN_BUTTON (settings_row (self, row++, _("Automatic sync every (minutes, 0 = off)"),
                                                       gtk_spin_button_new_with_range (0, 10080, 5)));
}

/* Audit log */

static void
refresh_audit (RpAdminPage *self)
{
  g_auto(GStrv) rows = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->audit_list))) != NULL)
    gtk_list_box_remove (self->audit_list, child);
  if (self->state == NULL)
    return;
  rows = rp_state_db_list_audit (self->state, AUDIT_ROWS);
  for (guint i = 0; rows[i]; i++)
    {
      GtkWidget *label = gtk_label_new (rows[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_list_box_append (self->audit_list, label);
    }
}

void
rp_admin_page_refresh (RpAdminPage *self)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));

  ensure_state (self, NULL);
  refresh_status (self);
  refresh_usage (self);
  refresh_audit (self);
}

void
rp_admin_page_show_section (RpAdminPage *self,
                            const char  *name)
{
  g_return_if_fail (RP_IS_ADMIN_PAGE (self));
  gtk_stack_set_visible_child_name (self->sections, name);
}

/* Leaving */

static void
admin_close (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->window), "nav.home", NULL);
  (void) self;
}

static void
admin_exit_kiosk (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  GtkApplication *app = self->window ? gtk_window_get_application (GTK_WINDOW (self->window)) : NULL;

  if (!require_unlocked (self, "admin.exit-kiosk"))
    return;

  if (self->pin != NULL)
    rp_admin_pin_audit_exit (self->pin, "kiosk");
  self->leaving_audited = TRUE;
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
}

static void
rp_admin_page_dispose (GObject *object)
{
  RpAdminPage *self = RP_ADMIN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ADMIN_PAGE);
  g_clear_object (&self->pin);
  g_clear_object (&self->state);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sync_result, g_free);
  G_OBJECT_CLASS (rp_admin_page_parent_class)->dispose (object);
}

static void
rp_admin_page_class_init (RpAdminPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_admin_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/readingpoint/ReadingPoint/rp-admin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, box);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, sections);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, status_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, usage_period_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, chart_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, usage_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, settings_grid);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, settings_label);
  gtk_widget_class_bind_template_child (widget_class, RpAdminPage, audit_list);

  gtk_widget_class_install_action (widget_class, "admin.sync", NULL, admin_sync);
  gtk_widget_class_install_action (widget_class, "admin.cancel-sync", NULL, admin_cancel_sync);
  gtk_widget_class_install_action (widget_class, "admin.import-usb", NULL, admin_import_usb);
  gtk_widget_class_install_action (widget_class, "admin.rollback", NULL, admin_rollback);
  gtk_widget_class_install_action (widget_class, "admin.export-usb", NULL, admin_export_usb);
  gtk_widget_class_install_action (widget_class, "admin.save-settings", NULL, admin_save_settings);
  gtk_widget_class_install_action (widget_class, "admin.change-pin", NULL, admin_change_pin);
  gtk_widget_class_install_action (widget_class, "admin.close", NULL, admin_close);
  gtk_widget_class_install_action (widget_class, "admin.exit-kiosk", NULL, admin_exit_kiosk);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_admin_page_init (RpAdminPage *self)
{
  static const struct { const char *title; gboolean horizontal; int col, row, width; } charts[N_CHARTS] = {
    [CHART_DAYS] = { N_("Visits per day"), FALSE, 0, 0, 2 },
    [CHART_HOURS] = { N_("Visits by hour of day"), FALSE, 0, 1, 2 },
    [CHART_CATEGORIES] = { N_("Top categories"), TRUE, 0, 2, 1 },
    [CHART_DOCUMENTS] = { N_("Top documents"), TRUE, 1, 2, 1 },
    [CHART_NO_RESULT] = { N_("Searches with no result (k or more)"), TRUE, 0, 3, 1 },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = lookup_settings ();
  for (guint c = 0; c < N_CHARTS; c++)
    {
      self->charts[c] = rp_usage_chart_new (_(charts[c].title), charts[c].horizontal);
      gtk_grid_attach (self->chart_grid, self->charts[c], charts[c].col, charts[c].row, charts[c].width, 1);
    }
  build_settings (self);
  set_unlocked (self, FALSE);
}

/* Window glue: the hidden gesture, the PIN pad and the panel pages */

RpAdminPage *
rp_admin_page_get (RpWindow *window)
{
  g_return_val_if_fail (RP_IS_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), ADMIN_KEY);
}

static GtkWidget *
find_with_class (GtkWidget  *widget,
                 const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_class (child, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkStack *
window_stack (RpWindow *window)
{
  GtkWidget *home = rp_window_get_page (window, "home");
  return home ? GTK_STACK (gtk_widget_get_parent (home)) : NULL;
}

static void
set_window_title (RpWindow   *window,
                  const char *title)
{
  GtkWidget *label = find_with_class (GTK_WIDGET (window), "rp-page-title");

  if (label != NULL)
    gtk_label_set_text (GTK_LABEL (label), title);
}

void
rp_admin_page_open_pin_pad (RpWindow *window)
{
  RpAdminPage *self = rp_admin_page_get (window);
  RpPinPad *pad = g_object_get_data (G_OBJECT (window), PIN_PAD_KEY);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self != NULL && pad != NULL);

  if (!ensure_state (self, &error))
    {
      g_warning ("The admin panel cannot open: %s", error->message);
      return;
    }
  g_object_set_data (G_OBJECT (pad), "changing", NULL);
  set_unlocked (self, FALSE);
  rp_pin_pad_start (pad, self->pin);
  gtk_stack_set_visible_child_name (window_stack (window), "pin");
  set_window_title (window, _("Administration"));
}

static void
on_pin_accepted (RpPinPad *pad,
                 RpWindow *window)
{
  RpAdminPage *self = rp_admin_page_get (window);
  gboolean changing = g_object_get_data (G_OBJECT (pad), "changing") != NULL;

  g_object_set_data (G_OBJECT (pad), "changing", NULL);
  self->leaving_audited = FALSE;
  if (!changing)
    audit (self, "panel-enter", "PIN accepted");
  set_unlocked (self, TRUE);
  rp_admin_page_refresh (self);
  load_settings (self);
  if (changing)
    {
      gtk_label_set_text (self->settings_label, _("The PIN was changed."));
      rp_admin_page_show_section (self, "settings");
    }
  else
    rp_admin_page_show_section (self, "status");
  gtk_stack_set_visible_child_name (window_stack (window), "admin");
  set_window_title (window, _("Administration"));
}

static void
on_pin_cancelled (RpPinPad *pad,
                  RpWindow *window)
{
  RpAdminPage *self = rp_admin_page_get (window);

  if (g_object_get_data (G_OBJECT (pad), "changing") != NULL)
    {
      g_object_set_data (G_OBJECT (pad), "changing", NULL);
      self->leaving_audited = FALSE;
      gtk_stack_set_visible_child_name (window_stack (window), "admin");
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "nav.home", NULL);
}

/* Leaving the panel by any way (Close, Home, Back, the idle wipe) is
 * audited once. */
static void
on_visible_child (GtkStack   *stack,
                  GParamSpec *pspec,
                  RpWindow   *window)
{
  RpAdminPage *self = rp_admin_page_get (window);
  const char *name = gtk_stack_get_visible_child_name (stack);
  static const char shown_key[] = "rp-admin-shown";
  gboolean was_shown = g_object_get_data (G_OBJECT (stack), shown_key) != NULL;
  gboolean shown = g_strcmp0 (name, "admin") == 0;

  if (self == NULL)
    return;
  if (shown && !self->unlocked)
    {
      /* Not through the PIN pad: recorded, and sent home before a frame
       * of the panel is drawn (its contents are hidden while locked). */
      audit (self, "panel-shown-without-pin", "returned to the home screen");
      gtk_stack_set_visible_child_name (stack, "home");
      return;
    }
  if (was_shown && !shown && g_strcmp0 (name, "pin") != 0 && !self->leaving_audited && self->pin != NULL)
    rp_admin_pin_audit_exit (self->pin, "panel");
  /* Any page but the panel and its own PIN pad ends the stay. */
  if (!shown && g_strcmp0 (name, "pin") != 0)
    set_unlocked (self, FALSE);
  if (shown || g_strcmp0 (name, "pin") != 0)
    g_object_set_data (G_OBJECT (stack), shown_key, GINT_TO_POINTER (shown));
}

/* GtkGestureLongPress caps its delay at twice the long-press time, and a
 * click gesture ends its sequence ("stopped") after the double-click time,
 * about 0.4 s into a hold: a drag gesture and a timer hold for five
 * seconds instead. The hold ends on release, on cancel, or when the
 * finger wanders off. */
#define HOLD_SOURCE_KEY "rp-admin-hold"
#define HOLD_SLOP_PX    24

static gboolean
on_held (gpointer user_data)
{
  RpWindow *window = user_data;

  g_object_set_data (G_OBJECT (window), HOLD_SOURCE_KEY, NULL);
  rp_admin_page_open_pin_pad (window);
  return G_SOURCE_REMOVE;
}

static void
stop_hold (RpWindow *window)
{
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), HOLD_SOURCE_KEY));

  if (id != 0)
    g_source_remove (id);
  g_object_set_data (G_OBJECT (window), HOLD_SOURCE_KEY, NULL);
}

static void
on_title_pressed (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  RpWindow       *window)
{
  stop_hold (window);
  g_object_set_data (G_OBJECT (window), HOLD_SOURCE_KEY,
                     GUINT_TO_POINTER (g_timeout_add (RP_ADMIN_HOLD_MS, on_held, window)));
}

static void
on_title_moved (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                RpWindow       *window)
{
  if (dx * dx + dy * dy > HOLD_SLOP_PX * HOLD_SLOP_PX)
    stop_hold (window);
}

/* Swapped: the window comes first, the gesture's arguments are unused. */
static void
on_title_released (RpWindow *window)
{
  stop_hold (window);
}

static void
on_window_destroy (RpWindow *window)
{
  stop_hold (window);
}

void
rp_admin_page_attach (RpWindow *window,
                      gboolean  kiosk)
{
  GtkStack *stack = window_stack (window);
  RpAdminPage *self;
  GtkWidget *pad;
  GtkWidget *title;

  g_return_if_fail (RP_IS_WINDOW (window));
  g_return_if_fail (stack != NULL);

  self = g_object_new (RP_TYPE_ADMIN_PAGE, NULL);
  self->window = window;
  pad = rp_pin_pad_new ();
  gtk_stack_add_named (stack, pad, "pin");
  gtk_stack_add_named (stack, GTK_WIDGET (self), "admin");
  /* Referenced: the stack drops its children before the window's data. */
  g_object_set_data_full (G_OBJECT (window), ADMIN_KEY, g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (window), PIN_PAD_KEY, g_object_ref (pad), g_object_unref);
  g_signal_connect_object (pad, "accepted", G_CALLBACK (on_pin_accepted), window, 0);
  g_signal_connect_object (pad, "cancelled", G_CALLBACK (on_pin_cancelled), window, 0);
  g_signal_connect_object (stack, "notify::visible-child-name", G_CALLBACK (on_visible_child), window, 0);

  /* The way in: a five-second press on the title of the top bar. Nothing
   * shows that it is there. */
  title = find_with_class (GTK_WIDGET (window), "rp-page-title");
  if (title != NULL)
    {
      GtkGesture *press = gtk_gesture_drag_new ();

      g_signal_connect_object (press, "drag-begin", G_CALLBACK (on_title_pressed), window, 0);
      g_signal_connect_object (press, "drag-update", G_CALLBACK (on_title_moved), window, 0);
      g_signal_connect_object (press, "drag-end", G_CALLBACK (on_title_released), window, G_CONNECT_SWAPPED);
      g_signal_connect_object (press, "cancel", G_CALLBACK (on_title_released), window, G_CONNECT_SWAPPED);
      gtk_widget_add_controller (title, GTK_EVENT_CONTROLLER (press));
      g_signal_connect (window, "destroy", G_CALLBACK (on_window_destroy), NULL);
    }
  (void) kiosk;
}
