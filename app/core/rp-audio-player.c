/* rp-audio-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signals: "finished" (const GError *error): the end of the file (error
 * NULL) or a failure (no sound card, a broken file). The pipeline is gone
 * by then.
 */
#include "config.h"

#include "rp-audio-player.h"
#include "rp-error.h"

#ifdef RP_HAVE_ESPEAK
#include <gst/gst.h>
#endif

struct _RpAudioPlayer
{
  GObject     parent_instance;

#ifdef RP_HAVE_ESPEAK
  GstElement *pipeline;  /* NULL once stopped */
  GstBus     *bus;       /* watched while the pipeline lives */
#endif
  gboolean    playing;
  gboolean    prerolled;
  gint64      seek_to;   /* µs, applied once prerolled; -1: none */
};

enum
{
  SIGNAL_FINISHED,
  N_SIGNALS
};

enum
{
  PROP_0,
  PROP_PLAYING,
  N_PROPS
};

static guint signals[N_SIGNALS];
static guint n_alive; /* pipelines that exist, in every player (main thread) */
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (RpAudioPlayer, rp_audio_player, G_TYPE_OBJECT)

static void
set_playing (RpAudioPlayer *self,
             gboolean       playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PLAYING]);
}

/* NULL is a synchronous state change: GStreamer stops every streaming
 * thread and closes the file before gst_element_set_state() returns. */
static void
tear_down (RpAudioPlayer *self)
{
#ifdef RP_HAVE_ESPEAK
  if (self->pipeline == NULL)
    return;
  gst_bus_remove_watch (self->bus);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->bus);
  gst_clear_object (&self->pipeline);
  n_alive--;
#endif
}

static void
finish (RpAudioPlayer *self,
        const GError  *error)
{
  g_autoptr(RpAudioPlayer) keep = g_object_ref (self);

  tear_down (self);
  set_playing (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
}

#ifdef RP_HAVE_ESPEAK
static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  RpAudioPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish (self, NULL);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &gst_error, NULL);
        error = g_error_new (RP_ERROR, RP_ERROR_SPEECH, "The sound could not be played: %s",
                             gst_error != NULL ? gst_error->message : "unknown error");
        finish (self, error);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_ASYNC_DONE:
      if (!self->prerolled)
        {
          self->prerolled = TRUE;
          if (self->seek_to > 0)
            gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                     GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                     self->seek_to * GST_USECOND);
          self->seek_to = -1;
        }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}
#endif

static void
rp_audio_player_dispose (GObject *object)
{
  tear_down (RP_AUDIO_PLAYER (object));
  G_OBJECT_CLASS (rp_audio_player_parent_class)->dispose (object);
}

static void
rp_audio_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RpAudioPlayer *self = RP_AUDIO_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_audio_player_class_init (RpAudioPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_audio_player_dispose;
  object_class->get_property = rp_audio_player_get_property;

  props[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
rp_audio_player_init (RpAudioPlayer *self)
{
  self->seek_to = -1;
}

RpAudioPlayer *
rp_audio_player_new (const char *path,
                     GError    **error)
{
#ifdef RP_HAVE_ESPEAK
  g_autoptr(RpAudioPlayer) self = NULL;
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *description = NULL;
  const char *sink = g_getenv ("RP_AUDIO_SINK");
  GstElement *source;

  g_return_val_if_fail (path != NULL, NULL);

  if (!gst_init_check (NULL, NULL, &gst_error))
    {
      g_set_error (error, RP_ERROR, RP_ERROR_SPEECH, "GStreamer could not start: %s", gst_error->message);
      return NULL;
    }
  description = g_strdup_printf ("filesrc name=source ! wavparse ! audioconvert ! audioresample ! %s",
                                 sink != NULL && *sink != '\0' ? sink : "autoaudiosink");
  self = g_object_new (RP_TYPE_AUDIO_PLAYER, NULL);
  self->pipeline = gst_parse_launch (description, &gst_error);
  if (self->pipeline == NULL || gst_error != NULL)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_SPEECH, "No sound pipeline (%s): %s", description,
                   gst_error != NULL ? gst_error->message : "unknown error");
      gst_clear_object (&self->pipeline);
      return NULL;
    }
  n_alive++;
  source = gst_bin_get_by_name (GST_BIN (self->pipeline), "source");
  g_object_set (source, "location", path, NULL);
  gst_object_unref (source);
  self->bus = gst_element_get_bus (self->pipeline);
  gst_bus_add_watch (self->bus, on_bus_message, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_SPEECH, "The sound could not be played: %s", path);
      tear_down (self);
      return NULL;
    }
  return g_steal_pointer (&self);
#else
  g_set_error_literal (error, RP_ERROR, RP_ERROR_SPEECH, "Built without reading aloud (-Dread-aloud=disabled)");
  return NULL;
#endif
}

void
rp_audio_player_play (RpAudioPlayer *self)
{
  g_return_if_fail (RP_IS_AUDIO_PLAYER (self));

#ifdef RP_HAVE_ESPEAK
  if (self->pipeline == NULL)
    return;
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return; /* the error comes on the bus */
  set_playing (self, TRUE);
#endif
}

void
rp_audio_player_pause (RpAudioPlayer *self)
{
  g_return_if_fail (RP_IS_AUDIO_PLAYER (self));

#ifdef RP_HAVE_ESPEAK
  if (self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_playing (self, FALSE);
#endif
}

gboolean
rp_audio_player_get_playing (RpAudioPlayer *self)
{
  g_return_val_if_fail (RP_IS_AUDIO_PLAYER (self), FALSE);
  return self->playing;
}

gint64
rp_audio_player_get_position (RpAudioPlayer *self)
{
  g_return_val_if_fail (RP_IS_AUDIO_PLAYER (self), 0);

#ifdef RP_HAVE_ESPEAK
  {
    gint64 position = 0;

    if (self->pipeline != NULL && gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) &&
        position > 0)
      return position / GST_USECOND;
  }
#endif
  return 0;
}

void
rp_audio_player_seek (RpAudioPlayer *self,
                      gint64         position_us)
{
  g_return_if_fail (RP_IS_AUDIO_PLAYER (self));

#ifdef RP_HAVE_ESPEAK
  if (self->pipeline == NULL || position_us <= 0)
    return;
  if (!self->prerolled)
    {
      self->seek_to = position_us;
      return;
    }
  gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                           position_us * GST_USECOND);
#endif
}

void
rp_audio_player_stop (RpAudioPlayer *self)
{
  g_return_if_fail (RP_IS_AUDIO_PLAYER (self));

  tear_down (self);
  set_playing (self, FALSE);
}

gboolean
rp_audio_player_is_alive (RpAudioPlayer *self)
{
  g_return_val_if_fail (RP_IS_AUDIO_PLAYER (self), FALSE);

#ifdef RP_HAVE_ESPEAK
  return self->pipeline != NULL;
#else
  return FALSE;
#endif
}

guint
rp_audio_player_count_alive (void)
{
  return n_alive;
}
