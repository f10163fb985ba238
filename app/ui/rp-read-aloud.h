/* rp-read-aloud.h — 朗读: reads a page's text aloud, with pause, stop, slower, faster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RP_TYPE_READ_ALOUD (rp_read_aloud_get_type ())
G_DECLARE_FINAL_TYPE (RpReadAloud, rp_read_aloud, RP, READ_ALOUD, GtkWidget)

GtkWidget *rp_read_aloud_new              (void);
/* What the button reads (stops any reading); NULL or "": nothing. */
void       rp_read_aloud_set_text         (RpReadAloud *self,
                                           const char  *text);
/* Reads the text from its start now, as the button does (issue 13: the
 * idle countdown speaks as it appears). Nothing without a text or speech;
 * without a sound card the reading stops quietly. */
void       rp_read_aloud_start            (RpReadAloud *self);
/* (nullable): what the button reads. */
const char *rp_read_aloud_get_text        (RpReadAloud *self);
/* Stops reading (also done when the widget leaves the screen). */
void       rp_read_aloud_stop             (RpReadAloud *self);
/* Synthesising, playing or paused. */
gboolean   rp_read_aloud_is_active        (RpReadAloud *self);
gboolean   rp_read_aloud_is_synthesizing  (RpReadAloud *self);
/* Words a minute (RP_SPEECH_RATE_*). */
int        rp_read_aloud_get_rate         (RpReadAloud *self);

G_END_DECLS
