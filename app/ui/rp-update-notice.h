/* rp-update-notice.h — "N new documents" and the What's new list (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A banner under the window's top bar, shown on the desktop after the
 * reader installed a newer bundle by itself (RpSyncScheduler), or to
 * answer "Check for new documents". Its button opens the What's new list:
 * the entries the new catalogue added or changed. Choosing one goes home
 * (where the window takes the new catalogue up) and opens it, through the
 * window's nav.home and nav.entry actions.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RP_TYPE_UPDATE_NOTICE (rp_update_notice_get_type ())
G_DECLARE_FINAL_TYPE (RpUpdateNotice, rp_update_notice, RP, UPDATE_NOTICE, GtkWidget)

/* Shows "N new documents" with What's new over @changes (RpEntry items,
 * the first of @n_changed). */
void        rp_update_notice_show_changes  (RpUpdateNotice *self,
                                            GListModel     *changes,
                                            guint           n_changed);
/* Shows @text alone (a check that found nothing, or failed). */
void        rp_update_notice_show_message  (RpUpdateNotice *self,
                                            const char     *text);
void        rp_update_notice_dismiss       (RpUpdateNotice *self);
gboolean    rp_update_notice_is_shown      (RpUpdateNotice *self);
/* (transfer none): the banner's text. */
const char *rp_update_notice_get_text      (RpUpdateNotice *self);
/* Opens the What's new list (as its button does); (transfer none) the
 * dialog, NULL without changes. */
GtkWindow  *rp_update_notice_open_whats_new (RpUpdateNotice *self);

G_END_DECLS
