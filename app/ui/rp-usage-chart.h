/* rp-usage-chart.h — a bar chart of usage totals, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rp-core.h"

G_BEGIN_DECLS

#define RP_TYPE_USAGE_CHART (rp_usage_chart_get_type ())
G_DECLARE_FINAL_TYPE (RpUsageChart, rp_usage_chart, RP, USAGE_CHART, GtkDrawingArea)

/* @horizontal: one bar per row with its label on the left (top lists);
 * else columns with labels under them (days, hours). */
GtkWidget *rp_usage_chart_new      (const char   *title,
                                    gboolean      horizontal);
/* @totals: (element-type RpUsageTotal) (transfer none): copied. */
void       rp_usage_chart_set_data (RpUsageChart *self,
                                    GPtrArray    *totals);
guint      rp_usage_chart_get_n_bars (RpUsageChart *self);

G_END_DECLS
