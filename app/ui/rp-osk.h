/* rp-osk.h — the on-screen keyboard of a kiosk, with a pinyin input method
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
 * the focus, so the field keeps its cursor while the resident types. A
 * composition pending for the old target is written into it as letters.
 * The target's ancestors may install the action "osk.composition" (s): it
 * is activated with the composition (pinyin typed, not yet converted) at
 * each change; the composition stands at the field's cursor. */
void       rp_osk_set_target      (RpOsk       *self,
                                   GtkEditable *target);
GtkEditable *rp_osk_get_target    (RpOsk       *self);
/* Types @text as if its keys were touched (letters, digits, " ", "\b"). */
void       rp_osk_type            (RpOsk       *self,
                                   const char  *text);
/* Chinese input (the default): letters make a composition. English
 * input: they go into the field. */
void       rp_osk_set_latin       (RpOsk       *self,
                                   gboolean     latin);
gboolean   rp_osk_get_latin       (RpOsk       *self);
/* The pinyin typed and not yet converted ("" when none). */
const char *rp_osk_get_composition (RpOsk      *self);
/* Every candidate for the composition, on every page. (transfer full) */
GStrv      rp_osk_get_candidates  (RpOsk       *self);
/* Inserts candidate @index at the cursor; the letters it stands for leave
 * the composition. */
void       rp_osk_choose          (RpOsk       *self,
                                   guint        index);
/* Empties the composition and the field (清空). */
void       rp_osk_clear           (RpOsk       *self);

/* Puts the keyboard away: the field loses the focus (its text stays, the
 * composition written into it). */
void       rp_osk_hide            (RpOsk       *self);
/* Activates the field (its search runs, results show), then puts the
 * keyboard away. */
void       rp_osk_search          (RpOsk       *self);

G_END_DECLS
