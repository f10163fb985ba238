/* rp-admin-dashboard.c — the Usage section: 30 days of counters as charts,
 * and the usage report exported to a USB stick
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counters only; ids become names for the administrator.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "rp-admin-page-private.h"
#include "rp-usage-chart.h"


/* The panel of a window without a data directory has no terminal. */
static gboolean
require_terminal (RpAdminPage *self,
                  GError     **error)
{
  if (self->terminal != NULL)
    return TRUE;
  g_set_error_literal (error, RP_ERROR, RP_ERROR_NO_CATALOGUE, _("No data directory is open"));
  return FALSE;
}

/* Ids become names for the administrator: category names, entry titles. */
static void
name_subjects (RpAdminPage *self,
               GPtrArray   *totals,
               Chart        chart)
{
  RpCatalogue *catalogue = self->catalogue;

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

void
rp_admin_page_refresh_usage (RpAdminPage *self)
{
  g_autoptr(RpUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = rp_usage_local_day (DASHBOARD_DAYS - 1);
  g_autofree char *last = rp_usage_local_day (0);
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
  if (require_terminal (self, &error))
    usage = rp_terminal_open_usage (self->terminal, &error);
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
  g_return_val_if_fail (RP_IS_ADMIN_PAGE (self), FALSE);

  if (!rp_admin_page_require_unlocked (self, "usage-export"))
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_PIN_REFUSED, _("The administrator PIN was not entered"));
      return FALSE;
    }
  return require_terminal (self, error) && rp_terminal_export_usage_to (self->terminal, dir, "admin-panel", error);
}

void
rp_admin_page_action_export_usb (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  RpAdminPage *self = RP_ADMIN_PAGE (widget);
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;

  if (!rp_admin_page_require_unlocked (self, "admin.export-usb"))
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

void
rp_admin_page_build_dashboard (RpAdminPage *self)
{
  static const struct { const char *title; gboolean horizontal; int col, row, width; } charts[N_CHARTS] = {
    [CHART_DAYS] = { N_("Visits per day"), FALSE, 0, 0, 2 },
    [CHART_HOURS] = { N_("Visits by hour of day"), FALSE, 0, 1, 2 },
    [CHART_CATEGORIES] = { N_("Top categories"), TRUE, 0, 2, 1 },
    [CHART_DOCUMENTS] = { N_("Top documents"), TRUE, 1, 2, 1 },
    [CHART_NO_RESULT] = { N_("Searches with no result (k or more)"), TRUE, 0, 3, 1 },
  };

  for (guint c = 0; c < N_CHARTS; c++)
    {
      self->charts[c] = rp_usage_chart_new (_(charts[c].title), charts[c].horizontal);
      gtk_grid_attach (self->chart_grid, self->charts[c], charts[c].col, charts[c].row, charts[c].width, 1);
    }
}
