/* rp-admin-page-private.h — the panel's state, shared by the files of its
 * sections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rp-admin-page.c is the widget; each section lives in its own file:
 * rp-admin-gate.c (state.db, the PIN, the unlocked stay, the audit log),
 * rp-admin-status.c, rp-admin-sync.c, rp-admin-dashboard.c and
 * rp-admin-settings.c. rp-admin-entrance.c (the hidden hold and the PIN
 * pad) unlocks it.
 */
#pragma once

#include "rp-admin-page.h"

G_BEGIN_DECLS

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

  /* The terminal's policy (rp-terminal.h), shared with readingpoint-admin;
   * NULL until the application hands one in (a window without a data
   * directory has none). */
  RpTerminal     *terminal;
  RpCatalogue    *catalogue;   /* the one the window shows */
  RpAdminPin     *pin;
  RpStateDb      *state;

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

/* rp-admin-gate.c */
const char *rp_admin_page_get_data_path      (RpAdminPage *self);
/* (transfer none) (nullable): the terminal's settings; NULL without a
 * terminal or the installed schema. */
GSettings  *rp_admin_page_get_settings       (RpAdminPage *self);
/* state.db and the PIN, opened when the panel is first needed. */
gboolean    rp_admin_page_ensure_state       (RpAdminPage *self,
                                              GError     **error);
void        rp_admin_page_audit              (RpAdminPage *self,
                                              const char  *action,
                                              const char  *detail);
void        rp_admin_page_set_unlocked       (RpAdminPage *self,
                                              gboolean     unlocked);
/* FALSE, and audited as refused, unless the PIN was entered for this
 * stay in the panel. */
gboolean    rp_admin_page_require_unlocked   (RpAdminPage *self,
                                              const char  *what);
void        rp_admin_page_refresh_audit      (RpAdminPage *self);

/* rp-admin-status.c */
void        rp_admin_page_refresh_status     (RpAdminPage *self);

/* rp-admin-dashboard.c */
void        rp_admin_page_build_dashboard    (RpAdminPage *self);
void        rp_admin_page_refresh_usage      (RpAdminPage *self);

/* rp-admin-settings.c */
void        rp_admin_page_build_settings     (RpAdminPage *self);
void        rp_admin_page_load_settings      (RpAdminPage *self);

/* The admin.* actions, installed by rp-admin-page.c. */
void        rp_admin_page_action_sync        (GtkWidget   *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);
void        rp_admin_page_action_cancel_sync (GtkWidget   *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);
void        rp_admin_page_action_import_usb  (GtkWidget   *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);
void        rp_admin_page_action_rollback    (GtkWidget   *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);
void        rp_admin_page_action_export_usb  (GtkWidget   *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);
void        rp_admin_page_action_save_settings (GtkWidget *widget,
                                              const char  *action_name,
                                              GVariant    *parameter);

G_END_DECLS
