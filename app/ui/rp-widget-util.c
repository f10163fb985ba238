/* rp-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rp-widget-util.h"

void
rp_widget_remove_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

typedef struct
{
  GtkAdjustment *adjustment;
  double         value;
  double         upper;   /* the adjustment's upper in the last frame */
  guint          frames;
} Restore;

static void
restore_free (gpointer data)
{
  Restore *restore = data;

  g_object_unref (restore->adjustment);
  g_free (restore);
}

static gboolean
restore_tick (GtkWidget     *owner,
              GdkFrameClock *clock,
              gpointer       data)
{
  Restore *restore = data;
  double upper = gtk_adjustment_get_upper (restore->adjustment);
  double end = upper - gtk_adjustment_get_page_size (restore->adjustment);
  gboolean settled = upper == restore->upper;

  /* A page left before it was restored (home, the wipe) is not scrolled
   * behind the resident's back: a hidden list view has no rows laid out
   * for the value, and GTK 4.8 warns it "failed to scroll". */
  if (!gtk_widget_get_mapped (owner))
    {
      g_object_set_data (G_OBJECT (owner), "rp-restore-scroll-tick", NULL);
      return G_SOURCE_REMOVE;
    }
  restore->upper = upper;
  /* Not in the first frames: their layout, after this tick, gives the
   * refilled content its size (a list view ignores, and GTK 4.8 warns
   * about, a scroll to rows it has not laid out), and the content's
   * height must have stopped changing from one frame to the next. A
   * page's layout may take a few frames to settle; 30 is half a second. */
  if (++restore->frames < 2 || ((!settled || end + 0.5 < restore->value) && restore->frames < 30))
    return G_SOURCE_CONTINUE;
  gtk_adjustment_set_value (restore->adjustment, MIN (restore->value, MAX (end, 0)));
  g_object_set_data (G_OBJECT (owner), "rp-restore-scroll-tick", NULL);
  return G_SOURCE_REMOVE;
}

void
rp_widget_restore_scroll (GtkWidget     *owner,
                          GtkAdjustment *adjustment,
                          double         value)
{
  Restore *restore;
  guint tick;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (GTK_IS_ADJUSTMENT (adjustment));

  tick = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (owner), "rp-restore-scroll-tick"));
  if (tick != 0)
    gtk_widget_remove_tick_callback (owner, tick);
  g_object_set_data (G_OBJECT (owner), "rp-restore-scroll-tick", NULL);
  if (value <= 0)
    return;
  restore = g_new0 (Restore, 1);
  restore->adjustment = g_object_ref (adjustment);
  restore->value = value;
  tick = gtk_widget_add_tick_callback (owner, restore_tick, restore, restore_free);
  g_object_set_data (G_OBJECT (owner), "rp-restore-scroll-tick", GUINT_TO_POINTER (tick));
}
