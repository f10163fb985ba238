/* rp-read-aloud.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 朗读 (issue 13): a large button that reads the page's text aloud, with
 * pause, stop, slower and faster. Speech is synthesised by core
 * (rp-speech.c, espeak-ng in a worker, into a temporary WAV file) and
 * played by core's RpAudioPlayer, a GStreamer pipeline that stopping ends
 * at once (GTK's media stream kept its pipeline and the file open after it
 * was dropped, issue 19). A new rate
 * is synthesised afresh (espeak keeps the pitch, where a faster playback
 * would raise it) and resumes where the old one was, scaled to the rate.
 *
 * Without a sound card or GStreamer's plugins the player reports an error,
 * and reading stops quietly. Reading stops when the widget leaves the
 * screen (the resident leaves the page, or the idle wipe takes the window
 * home): unmapping is the one moment every way out shares.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rp-core.h"
#include "rp-read-aloud.h"

struct _RpReadAloud
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkWidget      *play_button;
  GtkWidget      *stop_button;
  GtkWidget      *slower_button;
  GtkWidget      *faster_button;
  char           *text;
  int             rate;
  GCancellable   *cancellable; /* of the synthesis under way */
  RpAudioPlayer  *player;
  GFile          *file;        /* the player's temporary WAV */
  gint64          resume_at;   /* µs into the new reading, after a rate change */
};

G_DEFINE_FINAL_TYPE (RpReadAloud, rp_read_aloud, GTK_TYPE_WIDGET)

static void
update_buttons (RpReadAloud *self)
{
  gboolean active = rp_read_aloud_is_active (self);
  const char *label = _("Read aloud");

  if (self->player != NULL && rp_audio_player_get_playing (self->player))
    label = _("Pause");
  else if (self->player != NULL)
    label = C_("read aloud", "Continue");
  gtk_button_set_label (GTK_BUTTON (self->play_button), label);
  gtk_widget_set_sensitive (self->play_button, self->text != NULL && *self->text != '\0');
  gtk_widget_set_visible (self->play_button, rp_speech_is_available ());
  gtk_widget_set_visible (self->stop_button, active);
  gtk_widget_set_visible (self->slower_button, active);
  gtk_widget_set_visible (self->faster_button, active);
  gtk_widget_set_sensitive (self->slower_button, self->rate > RP_SPEECH_RATE_MIN);
  gtk_widget_set_sensitive (self->faster_button, self->rate < RP_SPEECH_RATE_MAX);
}

static void
drop_player (RpReadAloud *self)
{
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      /* Synchronous: no thread of the pipeline runs after this, and the
       * file below is closed. */
      rp_audio_player_stop (self->player);
      g_clear_object (&self->player);
    }
  if (self->file != NULL)
    {
      g_autofree char *path = g_file_get_path (self->file);

      g_unlink (path);
      g_clear_object (&self->file);
    }
}

static void
on_player_finished (RpAudioPlayer *player,
                    const GError  *error,
                    RpReadAloud   *self)
{
  /* No sound card, no plugins: a kiosk reads nothing, quietly. */
  if (error != NULL)
    g_debug ("Reading aloud stopped: %s", error->message);
  rp_read_aloud_stop (self);
}

static void
on_player_playing (RpAudioPlayer *player,
                   GParamSpec    *pspec,
                   RpReadAloud   *self)
{
  update_buttons (self);
}

static void
on_synthesized (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RpReadAloud) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = rp_speech_synthesize_file_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  /* Nothing reads aloud for a page that is not on screen: it was left
   * while the words were made (its unmap stops only what is under way). */
  if (file != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_autofree char *path = g_file_get_path (file);

      g_unlink (path);
      update_buttons (self);
      return;
    }
  if (file == NULL)
    {
      g_debug ("Reading aloud failed: %s", error->message);
      update_buttons (self);
      return;
    }
  drop_player (self);
  self->file = g_steal_pointer (&file);
  {
    g_autofree char *path = g_file_get_path (self->file);

    self->player = rp_audio_player_new (path, &error);
  }
  if (self->player == NULL)
    {
      g_debug ("Reading aloud failed: %s", error->message);
      drop_player (self);
      update_buttons (self);
      return;
    }
  g_signal_connect (self->player, "finished", G_CALLBACK (on_player_finished), self);
  g_signal_connect (self->player, "notify::playing", G_CALLBACK (on_player_playing), self);
  rp_audio_player_seek (self->player, self->resume_at);
  self->resume_at = 0;
  rp_audio_player_play (self->player);
  update_buttons (self);
}

static void
synthesize (RpReadAloud *self)
{
  /* The interface language's voice ("cmn" in the Chinese translations),
   * unless the text is Chinese, as the catalogue's documents are. */
  const char *voice = rp_speech_voice_for_text (self->text, C_("espeak-ng voice", "en"));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rp_speech_synthesize_file_async (self->text, voice, self->rate, self->cancellable, on_synthesized,
                                   g_object_ref (self));
  update_buttons (self);
}

static void
on_play_clicked (GtkButton   *button,
                 RpReadAloud *self)
{
  /* A button activated from the keyboard says "clicked" 250 ms later
   * (GtkButton's activate timeout), by when its page may have been left:
   * an unmapped reading would play to its end, past any wipe. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  if (self->player != NULL)
    {
      if (rp_audio_player_get_playing (self->player))
        rp_audio_player_pause (self->player);
      else
        rp_audio_player_play (self->player);
      update_buttons (self);
    }
  else if (self->cancellable == NULL && self->text != NULL)
    synthesize (self);
}

static void
on_stop_clicked (GtkButton   *button,
                 RpReadAloud *self)
{
  rp_read_aloud_stop (self);
}

static void
change_rate (RpReadAloud *self,
             int          delta)
{
  int old_rate = self->rate;

  self->rate = CLAMP (self->rate + delta, RP_SPEECH_RATE_MIN, RP_SPEECH_RATE_MAX);
  if (self->rate == old_rate || !rp_read_aloud_is_active (self))
    {
      update_buttons (self);
      return;
    }
  /* The same words come later at a slower rate: resume where they are. */
  if (self->player != NULL)
    self->resume_at = rp_audio_player_get_position (self->player) * old_rate / self->rate;
  synthesize (self);
}

static void
on_slower_clicked (GtkButton   *button,
                   RpReadAloud *self)
{
  change_rate (self, -RP_SPEECH_RATE_STEP);
}

static void
on_faster_clicked (GtkButton   *button,
                   RpReadAloud *self)
{
  change_rate (self, RP_SPEECH_RATE_STEP);
}

static GtkWidget *
add_button (RpReadAloud *self,
            const char  *label,
            const char  *css_class,
            GCallback    callback)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, css_class);
  g_signal_connect (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (self->box), button);
  return button;
}

static void
rp_read_aloud_unmap (GtkWidget *widget)
{
  rp_read_aloud_stop (RP_READ_ALOUD (widget));
  GTK_WIDGET_CLASS (rp_read_aloud_parent_class)->unmap (widget);
}

static void
rp_read_aloud_dispose (GObject *object)
{
  RpReadAloud *self = RP_READ_ALOUD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_player (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (rp_read_aloud_parent_class)->dispose (object);
}

static void
rp_read_aloud_class_init (RpReadAloudClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_read_aloud_dispose;
  widget_class->unmap = rp_read_aloud_unmap;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rp-read-aloud");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rp_read_aloud_init (RpReadAloud *self)
{
  self->rate = RP_SPEECH_RATE_DEFAULT;
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Read aloud"), -1);
  self->play_button = add_button (self, _("Read aloud"), "rp-read-aloud-play", G_CALLBACK (on_play_clicked));
  gtk_widget_add_css_class (self->play_button, "suggested-action");
  self->stop_button = add_button (self, _("Stop"), "rp-read-aloud-key", G_CALLBACK (on_stop_clicked));
  self->slower_button = add_button (self, _("Slower"), "rp-read-aloud-key", G_CALLBACK (on_slower_clicked));
  self->faster_button = add_button (self, _("Faster"), "rp-read-aloud-key", G_CALLBACK (on_faster_clicked));
  update_buttons (self);
}

GtkWidget *
rp_read_aloud_new (void)
{
  return g_object_new (RP_TYPE_READ_ALOUD, NULL);
}

void
rp_read_aloud_set_text (RpReadAloud *self,
                        const char  *text)
{
  g_return_if_fail (RP_IS_READ_ALOUD (self));

  rp_read_aloud_stop (self);
  g_free (self->text);
  self->text = g_strdup (text);
  update_buttons (self);
}

void
rp_read_aloud_start (RpReadAloud *self)
{
  g_return_if_fail (RP_IS_READ_ALOUD (self));

  rp_read_aloud_stop (self);
  if (self->text != NULL && *self->text != '\0' && rp_speech_is_available () &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    synthesize (self);
}

const char *
rp_read_aloud_get_text (RpReadAloud *self)
{
  g_return_val_if_fail (RP_IS_READ_ALOUD (self), NULL);
  return self->text;
}

void
rp_read_aloud_stop (RpReadAloud *self)
{
  g_return_if_fail (RP_IS_READ_ALOUD (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_player (self);
  self->resume_at = 0;
  update_buttons (self);
}

gboolean
rp_read_aloud_is_active (RpReadAloud *self)
{
  g_return_val_if_fail (RP_IS_READ_ALOUD (self), FALSE);
  return self->cancellable != NULL || self->player != NULL;
}

gboolean
rp_read_aloud_is_synthesizing (RpReadAloud *self)
{
  g_return_val_if_fail (RP_IS_READ_ALOUD (self), FALSE);
  return self->cancellable != NULL;
}

int
rp_read_aloud_get_rate (RpReadAloud *self)
{
  g_return_val_if_fail (RP_IS_READ_ALOUD (self), 0);
  return self->rate;
}
