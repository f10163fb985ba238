/* rp-audio-player.h — plays one sound file, and stops it completely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GStreamer pipeline of our own (filesrc ! wavparse ! audioconvert !
 * audioresample ! sink) for 朗读 (issue 13). It replaces GTK's media
 * stream, whose player kept its pipeline, streaming threads and the open
 * WAV file alive after the stream was dropped (issue 19: ui-soak saw them
 * outlive a wipe). Here stopping sets the pipeline to NULL synchronously:
 * when rp_audio_player_stop() returns, no element of it runs and the file
 * is closed.
 *
 * The sink is "autoaudiosink" unless RP_AUDIO_SINK names another
 * (a gst-launch description, e.g. "fakesink sync=true" in tests). Without
 * a sound card the sink fails to start, and the player finishes with an
 * error: callers stop quietly.
 *
 * Everything is called and emitted on the thread that made the player,
 * from its thread-default main context (the bus watch).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RP_TYPE_AUDIO_PLAYER (rp_audio_player_get_type ())
G_DECLARE_FINAL_TYPE (RpAudioPlayer, rp_audio_player, RP, AUDIO_PLAYER, GObject)

/* Builds the pipeline for @path, paused; NULL and RP_ERROR_SPEECH when
 * there is no GStreamer (built without read-aloud) or no element. */
RpAudioPlayer *rp_audio_player_new          (const char    *path,
                                             GError       **error);
void           rp_audio_player_play         (RpAudioPlayer *self);
void           rp_audio_player_pause        (RpAudioPlayer *self);
/* Whether it plays: TRUE from play() until pause(), stop() or the end
 * ("notify::playing"). */
gboolean       rp_audio_player_get_playing  (RpAudioPlayer *self);
/* µs from the start; 0 when not known yet. */
gint64         rp_audio_player_get_position (RpAudioPlayer *self);
/* Starts @position_us into the file, once it is ready to play. */
void           rp_audio_player_seek         (RpAudioPlayer *self,
                                             gint64         position_us);
/* Ends it for good, synchronously; "finished" is not emitted. */
void           rp_audio_player_stop         (RpAudioPlayer *self);
/* Whether its pipeline still exists (FALSE after stop, the end or an
 * error). */
gboolean       rp_audio_player_is_alive     (RpAudioPlayer *self);
/* Pipelines alive in the process, of every player: what the soak test
 * expects to be 0 after a wipe. */
guint          rp_audio_player_count_alive  (void);

G_END_DECLS
