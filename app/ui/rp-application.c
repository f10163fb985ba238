/* rp-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "rp-application.h"
#include "rp-core.h"
#include "rp-render-helper-client.h"
#include "rp-preferences.h"
#include "rp-style.h"
#include "rp-window-private.h"

struct _RpApplication
{
  AdwApplication parent_instance;
  GSettings     *settings;
  RpWatchdog    *watchdog;
  char          *data_dir;
  gboolean       kiosk;
  /* Issue 16: syncs by itself when an origin is configured. */
  RpSyncScheduler *scheduler;
  gboolean       manual_check;   /* "Check for new documents" awaits its answer */
};

G_DEFINE_FINAL_TYPE (RpApplication, rp_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "kiosk", 'k', 0, G_OPTION_ARG_NONE, NULL,
    N_("Run fullscreen as a public kiosk that cannot be left"), NULL },
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use DIR as the data directory"), N_("DIR") },
  { NULL }
};

static int
rp_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  RpApplication *self = RP_APPLICATION (app);
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "kiosk", "b", &self->kiosk) && self->kiosk)
    ;
  else if (self->settings != NULL)
    self->kiosk = g_settings_get_boolean (self->settings, "kiosk");
  /* GTK reads GTK_DEBUG when it starts (in "startup", after this):
   * GTK_DEBUG=interactive would open the inspector, which can show the
   * admin panel and activate any action. A kiosk has no debugging
   * entrance; its key guard swallows the inspector's shortcuts too. */
  if (self->kiosk)
    g_unsetenv ("GTK_DEBUG");

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir) && data_dir && *data_dir)
    self->data_dir = g_strdup (data_dir);
  else if (self->settings != NULL)
    {
      g_autofree char *configured = g_settings_get_string (self->settings, "data-dir");
      if (*configured)
        self->data_dir = g_steal_pointer (&configured);
    }
  if (self->data_dir == NULL)
    self->data_dir = rp_data_dir_default_path ();

  return -1;
}

static const char *
demo_source_dir (void)
{
  const char *dir = g_getenv ("READINGPOINT_DEMO_DIR");
  return dir != NULL && *dir ? dir : RP_DEMO_SOURCE_DIR;
}

/* The service manager hears "ready" once residents can see the window,
 * that is after its first frame is painted, and from then on a ping from
 * every half watchdog period of the main loop. */
static void
on_first_paint (GdkFrameClock *clock,
                RpApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  rp_watchdog_ready (self->watchdog);
}

static void
on_window_mapped (GtkWidget     *window,
                  RpApplication *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock == NULL)
    {
      rp_watchdog_ready (self->watchdog);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_paint), self, 0);
  gtk_widget_queue_draw (window);
}

/* Each start of the reader is counted in state.db: the reports the office
 * collects carry the count, and a kiosk that keeps restarting (crashes, the
 * watchdog, power cuts) shows up in readingpoint-fleet status. A data
 * directory that cannot be written is not a reason not to start. */
static void
count_start (const char *data_dir)
{
  g_autofree char *path = rp_data_dir_build_state_path (data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStateDb) state = NULL;

  if (g_mkdir_with_parents (data_dir, 0750) != 0 || (state = rp_state_db_open (path, &error)) == NULL ||
      !rp_state_db_count_start (state, &error))
    g_debug ("Start not counted: %s", error ? error->message : g_strerror (errno));
}

static gboolean
destroy_later (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_exit_kiosk (RpApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void on_language_changed (RpVisit       *visit,
                                 GParamSpec    *pspec,
                                 RpApplication *self);

/* A window and its parts. The visit and the usage recorder may come from
 * the window a language switch replaces; the admin entrance and the pages
 * are built anew, in the new language. */
static RpWindow *
assemble_window (RpApplication   *self,
                 RpVisit         *visit,
                 RpUsageRecorder *recorder,
                 RpCatalogue     *catalogue,
                 RpDataDir       *data_dir)
{
  RpWindow *window = RP_WINDOW (rp_window_new (GTK_APPLICATION (self), rp_visit_is_kiosk (visit)));
  g_autoptr(RpAdminEntrance) entrance = rp_admin_entrance_new ();

  /* Issue 6: the resident's visit (preferences, idle wipe, lock-down, OSK). */
  rp_window_set_visit (window, visit);
  /* Issue 7: the hidden way into the admin panel, which administers the
   * terminal of the window's data directory. */
  if (data_dir != NULL)
    {
      g_autoptr(GSettings) settings = rp_settings_new ();
      g_autoptr(RpTerminal) terminal = rp_terminal_new (data_dir, settings);

      rp_admin_entrance_set_terminal (entrance, terminal);
    }
  rp_window_set_admin_entrance (window, entrance);
  g_signal_connect_object (rp_admin_entrance_get_page (entrance), "exit-kiosk", G_CALLBACK (on_exit_kiosk), self,
                           G_CONNECT_SWAPPED);
  if (catalogue != NULL)
    rp_window_set_catalogue (window, catalogue);
  if (data_dir != NULL)
    rp_window_set_data_dir (window, data_dir);
  rp_window_set_usage_recorder (window, recorder);
  return window;
}

/* Templates translate their strings only when built: the window is built
 * again in the new language, with the same visit and the same recorder, so
 * a language switch does not make one resident count as two (issue 12). */
static void
on_language_changed (RpVisit       *visit,
                     GParamSpec    *pspec,
                     RpApplication *self)
{
  GtkWindow *old = rp_visit_get_window (visit);
  RpWindow *rebuilt;
  int width, height;

  if (!RP_IS_WINDOW (old))
    return;
  rebuilt = assemble_window (self, visit, rp_window_get_usage_recorder (RP_WINDOW (old)),
                             rp_window_get_catalogue (RP_WINDOW (old)), rp_window_get_data_dir (RP_WINDOW (old)));
  gtk_window_get_default_size (old, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (rebuilt), width, height);
  gtk_window_present (GTK_WINDOW (rebuilt));

  /* Not from inside the old window's own action. */
  gtk_widget_set_visible (GTK_WIDGET (old), FALSE);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, destroy_later, old, NULL);
}

RpWindow *
rp_application_build_window (RpApplication *self,
                             gboolean       kiosk,
                             RpCatalogue   *catalogue,
                             RpDataDir     *data_dir)
{
  g_autoptr(RpVisit) visit = NULL;
  g_autoptr(RpUsageRecorder) recorder = NULL;

  g_return_val_if_fail (RP_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (catalogue == NULL || RP_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (data_dir == NULL || RP_IS_DATA_DIR (data_dir), NULL);

  visit = rp_visit_new (kiosk);
  /* Issue 16: the desktop follows the system's high contrast; a kiosk has
   * its own switch and its administrators' default. */
  if (!kiosk && adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    rp_visit_set_high_contrast (visit, TRUE);
  g_signal_connect_object (visit, "notify::language", G_CALLBACK (on_language_changed), self, 0);
  /* Issue 7: usage counters live in the data dir. */
  if (data_dir != NULL)
    recorder = rp_usage_recorder_new (rp_data_dir_get_path (data_dir),
                                      rp_settings_get_uint (self->settings, "usage-k", RP_USAGE_DEFAULT_K));
  return assemble_window (self, visit, recorder, catalogue, data_dir);
}

/* Every window of the reader hears of a new bundle (a language switch may
 * have replaced the one that was shown). */
static void
on_bundle_installed (RpSyncScheduler *scheduler,
                     gint64           old_version,
                     gint64           new_version,
                     RpApplication   *self)
{
  g_debug ("Version %" G_GINT64_FORMAT " installed over %" G_GINT64_FORMAT, new_version, old_version);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RP_IS_WINDOW (l->data))
      rp_window_note_new_bundle (l->data);
}

static void
on_check_finished (RpSyncScheduler       *scheduler,
                   RpSyncSchedulerResult  result,
                   RpApplication         *self)
{
  g_autofree char *text = NULL;

  if (!self->manual_check)
    return;
  self->manual_check = FALSE;
  switch (result)
    {
    case RP_SYNC_SCHEDULER_INSTALLED:
      return;
    case RP_SYNC_SCHEDULER_UP_TO_DATE:
      text = g_strdup (_("No new documents: the catalogue is up to date."));
      break;
    case RP_SYNC_SCHEDULER_BUSY:
      text = g_strdup (_("Another update is running; the reader will check again shortly."));
      break;
    case RP_SYNC_SCHEDULER_FAILED:
    default:
      text = g_strdup_printf (_("Could not check for new documents: %s"),
                              rp_sync_scheduler_get_last_error (scheduler)->message);
      break;
    }
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RP_IS_WINDOW (l->data))
      rp_window_note_check_result (l->data, text);
}

static void
set_check_enabled (RpApplication *self,
                   gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "check-updates");

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
rp_application_set_sync_scheduler (RpApplication   *self,
                                   RpSyncScheduler *scheduler)
{
  g_return_if_fail (RP_IS_APPLICATION (self));
  g_return_if_fail (scheduler == NULL || RP_IS_SYNC_SCHEDULER (scheduler));

  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
      rp_sync_scheduler_stop (self->scheduler);
      g_clear_object (&self->scheduler);
    }
  self->manual_check = FALSE;
  set_check_enabled (self, scheduler != NULL);
  if (scheduler == NULL)
    return;
  self->scheduler = g_object_ref (scheduler);
  g_signal_connect (scheduler, "installed", G_CALLBACK (on_bundle_installed), self);
  g_signal_connect (scheduler, "finished", G_CALLBACK (on_check_finished), self);
  rp_sync_scheduler_start (scheduler);
}

RpSyncScheduler *
rp_application_get_sync_scheduler (RpApplication *self)
{
  g_return_val_if_fail (RP_IS_APPLICATION (self), NULL);
  return self->scheduler;
}

/* Kiosk and desktop alike sync by themselves once an origin is set; the
 * built-in demo has none and is never polled. */
static void
start_sync (RpApplication *self,
            RpDataDir     *data_dir)
{
  g_autoptr(RpTerminal) terminal = NULL;
  g_autoptr(RpSyncScheduler) scheduler = NULL;
  g_autofree char *origin = NULL;

  if (self->settings == NULL)
    return;
  terminal = rp_terminal_new (data_dir, self->settings);
  origin = rp_terminal_dup_origin (terminal);
  if (*origin == '\0')
    return;
  scheduler = rp_sync_scheduler_new (terminal, NULL);
  rp_application_set_sync_scheduler (self, scheduler);
}

static void
rp_application_activate (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(RpCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  data_dir = rp_data_dir_new (self->data_dir);
  count_start (self->data_dir);
  /* An empty terminal installs the demo through the signed sync path; the
   * unsigned source stays a fallback for uninstalled development runs. */
  if (!rp_demo_install_if_empty (data_dir, &error))
    {
      g_debug ("Signed demo not installed: %s", error->message);
      g_clear_error (&error);
    }
  catalogue = rp_data_dir_ensure_catalogue (data_dir, demo_source_dir (), &error);
  if (catalogue == NULL)
    g_warning ("%s", error->message);

  window = GTK_WINDOW (rp_application_build_window (self, self->kiosk, catalogue, catalogue ? data_dir : NULL));
  if (self->kiosk && self->settings != NULL)
    rp_visit_set_idle_timeout (rp_window_get_visit (RP_WINDOW (window)),
                               g_settings_get_uint (self->settings, "idle-timeout"), RP_VISIT_DEFAULT_COUNTDOWN);
  if (catalogue == NULL)
    rp_window_show_message (RP_WINDOW (window), _("No catalogue is installed"), error->message);
  g_signal_connect_object (window, "map", G_CALLBACK (on_window_mapped), self, G_CONNECT_AFTER);
  gtk_window_present (window);
  if (catalogue != NULL)
    start_sync (self, data_dir);
}

/* Issue 16: the About window, with the app's icon (from the resources:
 * it shows when run from the build tree too) and the data and libraries
 * the reader carries or links, with their licences. */
static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Reading Point developers", NULL };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  adw_about_window_set_application_name (about, _("Reading Point"));
  adw_about_window_set_application_icon (about, RP_APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Reading Point developers"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about, _("Read the district’s government information disclosure catalogue"));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_add_legal_section (about, _("Rime Luna Pinyin and Rime essay"),
                                      _("Pinyin readings and word frequencies for search and the on-screen keyboard"),
                                      GTK_LICENSE_LGPL_3_0, NULL);
  adw_about_window_add_legal_section (about, "OpenCC", _("Traditional and simplified Chinese conversion"),
                                      GTK_LICENSE_APACHE_2_0, NULL);
  adw_about_window_add_legal_section (about, "Noto Sans CJK", _("The typeface of the demo documents"),
                                      GTK_LICENSE_CUSTOM, _("SIL Open Font License, version 1.1"));
  adw_about_window_add_legal_section (about, "Poppler", _("PDF rendering"), GTK_LICENSE_GPL_2_0,
                                      NULL);
  adw_about_window_add_legal_section (about, "eSpeak NG", _("Reading aloud"), GTK_LICENSE_GPL_3_0, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
}

/* Issue 16: where the documents come from, on the desktop (a kiosk's
 * administrators use the PIN-guarded panel). Without the installed schema
 * (a run from the build tree) there is nothing to edit: no action. */
static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RpApplication *self = user_data;
  GtkWidget *preferences = rp_preferences_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RpApplication *self = user_data;

  /* A kiosk is left only through the administrators' PIN, never a shortcut. */
  if (!self->kiosk)
    g_application_quit (G_APPLICATION (self));
}

static void
check_updates_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  RpApplication *self = user_data;

  if (self->scheduler == NULL || rp_sync_scheduler_is_running (self->scheduler))
    return;
  self->manual_check = TRUE;
  rp_sync_scheduler_check_now (self->scheduler);
}

/* Issue 16: the system's high-contrast preference, changed while the
 * desktop reader runs. */
static void
on_system_high_contrast (AdwStyleManager *manager,
                         GParamSpec      *pspec,
                         RpApplication   *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RP_IS_WINDOW (l->data) && !rp_window_is_kiosk (l->data) && rp_window_get_visit (l->data) != NULL)
      rp_visit_set_high_contrast (rp_window_get_visit (l->data), adw_style_manager_get_high_contrast (manager));
}

static const GActionEntry app_actions[] = {
  { "check-updates", check_updates_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
rp_application_startup (GApplication *app)
{
  RpApplication *self = RP_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *help_accels[] = { "F1", "<Control>question", NULL };

  /* AdwApplication's startup initialises libadwaita (adw_init). */
  G_APPLICATION_CLASS (rp_application_parent_class)->startup (app);

  /* Issue 16: a kiosk is always light, whatever its session prefers (its
   * residents' contrast switch is its own); the desktop follows the
   * system's dark and high-contrast preferences. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      self->kiosk ? ADW_COLOR_SCHEME_FORCE_LIGHT : ADW_COLOR_SCHEME_DEFAULT);
  rp_style_init (gdk_display_get_default ());
  if (!self->kiosk)
    g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                             G_CALLBACK (on_system_high_contrast), self, 0);
  /* Application actions are exported on the session bus (org.gtk.Actions):
   * a kiosk has none, so nothing on the bus can quit it or open the About
   * dialog, whose licence link leads to a browser. */
  if (self->kiosk)
    return;
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  set_check_enabled (self, self->scheduler != NULL);
  if (self->settings != NULL)
    {
      static const GActionEntry preferences_action[] = { { "preferences", preferences_activated } };

      g_action_map_add_action_entries (G_ACTION_MAP (app), preferences_action, 1, app);
    }
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  /* Issue 16: the desktop window's shortcuts window (rp-window.c). */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

/* Quit: a sync in progress is cancelled (the engine leaves the installed
 * bundle as it was; partial downloads resume next time). */
static void
rp_application_shutdown (GApplication *app)
{
  rp_application_set_sync_scheduler (RP_APPLICATION (app), NULL);
  rp_render_helper_drop_spare ();
  G_APPLICATION_CLASS (rp_application_parent_class)->shutdown (app);
}

static void
rp_application_finalize (GObject *object)
{
  RpApplication *self = RP_APPLICATION (object);

  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
      rp_sync_scheduler_stop (self->scheduler);
      g_clear_object (&self->scheduler);
    }

  g_clear_object (&self->settings);
  g_clear_object (&self->watchdog);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (rp_application_parent_class)->finalize (object);
}

static void
rp_application_class_init (RpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rp_application_finalize;
  app_class->handle_local_options = rp_application_handle_local_options;
  app_class->startup = rp_application_startup;
  app_class->activate = rp_application_activate;
  app_class->shutdown = rp_application_shutdown;
}

static void
rp_application_init (RpApplication *self)
{
  /* Issue 19: before the first worker thread starts. */
  rp_memory_init ();
  /* NULL without the installed schema (a run from the build tree): the
   * defaults then apply. */
  self->settings = rp_settings_new ();
  self->watchdog = rp_watchdog_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Browse and read the government information disclosure catalogue."));
}

RpApplication *
rp_application_new (void)
{
  /* NON_UNIQUE: a kiosk and an administrator's desktop session on the same
   * machine must not hand each other their windows. */
  return g_object_new (RP_TYPE_APPLICATION,
                       "application-id", RP_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/readingpoint/ReadingPoint",
                       NULL);
}

gboolean
rp_application_is_kiosk (RpApplication *self)
{
  g_return_val_if_fail (RP_IS_APPLICATION (self), FALSE);
  return self->kiosk;
}
