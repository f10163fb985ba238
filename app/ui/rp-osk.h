/* rp-osk.h — the on-screen keyboard of a kiosk, with a pinyin candidate bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RP_TYPE_OSK (rp_osk_get_type ())
G_DECLARE_FINAL_TYPE (RpOsk, rp_osk, RP, OSK, GtkWidget)

GtkWidget *rp_osk_new             (void);
/* Where keys type: the focused text field, or NULL. Its keys never take
 * the focus, so the field keeps its cursor while the resident types. */
void       rp_osk_set_target      (RpOsk       *self,
                                   GtkEditable *target);
GtkEditable *rp_osk_get_target    (RpOsk       *self);
/* Types @text as if its keys were touched (letters, digits, " ", "\b"). */
void       rp_osk_type            (RpOsk       *self,
                                   const char  *text);
/* The candidates shown for the pinyin before the cursor. (transfer full) */
GStrv      rp_osk_get_candidates  (RpOsk       *self);
/* Replaces the pinyin before the cursor with candidate @index. */
void       rp_osk_choose          (RpOsk       *self,
                                   guint        index);

/* Puts the keyboard away: the field loses the focus (its text stays). */
void       rp_osk_hide            (RpOsk       *self);
/* Activates the field (its search runs, results show), then puts the
 * keyboard away. */
void       rp_osk_search          (RpOsk       *self);

G_END_DECLS
