/* rp-speech.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * espeak-ng in synchronous mode: it hands its samples to a callback and
 * never opens a sound device itself, so synthesis works on a kiosk with
 * no sound card (and in tests), and playback stays the interface's. Its
 * state (voice, rate, callback) is global to the library: one mutex keeps
 * one synthesis at a time, the library's state being the only thing it
 * guards.
 */
#include "config.h"

#ifdef RP_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rp-error.h"
#include "rp-speech.h"

typedef struct
{
  GByteArray   *pcm;
  GCancellable *cancellable;
} Synthesis;

#ifdef RP_HAVE_ESPEAK
static GMutex espeak_lock;

static gpointer
initialize (gpointer data)
{
  /* DONT_EXIT: a missing data directory is an error, not the end of the kiosk. */
  int rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, 500, NULL, espeakINITIALIZE_DONT_EXIT);

  return GINT_TO_POINTER (MAX (rate, 0));
}

/* The sample rate, or 0 when espeak-ng cannot start. */
static int
sample_rate (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, initialize, NULL);
  return GPOINTER_TO_INT (once.retval);
}

static int
on_samples (short        *samples,
            int           n_samples,
            espeak_EVENT *events)
{
  Synthesis *synthesis = events != NULL ? events[0].user_data : NULL;

  if (synthesis == NULL)
    return 0;
  if (g_cancellable_is_cancelled (synthesis->cancellable))
    return 1; /* stops the synthesis */
  if (samples != NULL && n_samples > 0)
    g_byte_array_append (synthesis->pcm, (const guint8 *) samples, n_samples * sizeof (short));
  return 0;
}

static void
put_le32 (guint8 *p,
          guint32 v)
{
  p[0] = v;
  p[1] = v >> 8;
  p[2] = v >> 16;
  p[3] = v >> 24;
}

static void
put_le16 (guint8 *p,
          guint16 v)
{
  p[0] = v;
  p[1] = v >> 8;
}

/* A canonical 44-byte header before 16-bit mono PCM. */
static GBytes *
wav_from_pcm (GByteArray *pcm,
              int         rate)
{
  guint8 header[44];

  memcpy (header, "RIFF", 4);
  put_le32 (header + 4, 36 + pcm->len);
  memcpy (header + 8, "WAVEfmt ", 8);
  put_le32 (header + 16, 16);
  put_le16 (header + 20, 1); /* PCM */
  put_le16 (header + 22, 1); /* mono */
  put_le32 (header + 24, rate);
  put_le32 (header + 28, rate * 2);
  put_le16 (header + 32, 2);
  put_le16 (header + 34, 16);
  memcpy (header + 36, "data", 4);
  put_le32 (header + 40, pcm->len);
  g_byte_array_prepend (pcm, header, sizeof header);
  return g_byte_array_free_to_bytes (g_byte_array_ref (pcm));
}

#endif

gboolean
rp_speech_is_available (void)
{
#ifdef RP_HAVE_ESPEAK
  return TRUE;
#else
  return FALSE;
#endif
}

const char *
rp_speech_voice_for_language (const char *language)
{
  return language != NULL && g_str_has_prefix (language, "en") ? "en" : "cmn";
}

const char *
rp_speech_voice_for_text (const char *text,
                          const char *voice)
{
  g_return_val_if_fail (voice != NULL, NULL);

  /* The English voice says "Chinese letter" for each character: Chinese
   * text is read in Mandarin whatever the interface language. */
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return "cmn";
  return voice;
}

static void
append_sentence (GString    *out,
                 const char *text)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return;
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return;
  g_string_append (out, stripped);
  /* A full stop between the parts: espeak pauses there. */
  if (!g_str_has_suffix (stripped, "。") && !g_str_has_suffix (stripped, "."))
    g_string_append (out, "。");
  g_string_append_c (out, '\n');
}

char *
rp_speech_entry_text (RpEntry *entry)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (RP_IS_ENTRY (entry), NULL);

  append_sentence (out, rp_entry_get_title (entry));
  append_sentence (out, rp_entry_get_organ (entry));
  append_sentence (out, rp_entry_get_date (entry));
  append_sentence (out, rp_entry_get_summary (entry));
  append_sentence (out, rp_entry_get_body (entry));
  return g_string_free (out, FALSE);
}

GBytes *
rp_speech_synthesize (const char   *text,
                      const char   *voice,
                      int           rate,
                      GCancellable *cancellable,
                      GError      **error)
{
#ifndef RP_HAVE_ESPEAK
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (voice != NULL, NULL);
  g_set_error_literal (error, RP_ERROR, RP_ERROR_SPEECH, "This build cannot read aloud (built without espeak-ng)");
  return NULL;
#else
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autofree char *cut = NULL;
  Synthesis synthesis = { pcm, cancellable };
  int samples_per_second = sample_rate ();
  espeak_ERROR status;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (voice != NULL, NULL);

  if (samples_per_second == 0)
    {
      g_set_error_literal (error, RP_ERROR, RP_ERROR_SPEECH,
                           "The speech synthesiser cannot start: is espeak-ng-data installed?");
      return NULL;
    }
  cut = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), RP_SPEECH_MAX_CHARS));

  g_mutex_lock (&espeak_lock);
  espeak_SetSynthCallback (on_samples);
  status = espeak_SetVoiceByName (voice);
  if (status == EE_OK)
    {
      espeak_SetParameter (espeakRATE, CLAMP (rate, RP_SPEECH_RATE_MIN, RP_SPEECH_RATE_MAX), 0);
      status = espeak_Synth (cut, strlen (cut) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, &synthesis);
    }
  if (status == EE_OK)
    espeak_Synchronize ();
  g_mutex_unlock (&espeak_lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (status != EE_OK)
    {
      g_set_error (error, RP_ERROR, RP_ERROR_SPEECH, "The speech synthesiser failed with voice “%s” (error %d)",
                   voice, status);
      return NULL;
    }
  return wav_from_pcm (pcm, samples_per_second);
#endif
}

typedef struct
{
  char    *text;
  char    *voice;
  int      rate;
  gboolean to_file;
} Request;

static void
request_free (Request *request)
{
  g_free (request->text);
  g_free (request->voice);
  g_free (request);
}

static void
synthesize_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  GBytes *wav = rp_speech_synthesize (request->text, request->voice, request->rate, cancellable, &error);

  if (wav == NULL)
    g_task_return_error (task, error);
  else if (!request->to_file)
    g_task_return_pointer (task, wav, (GDestroyNotify) g_bytes_unref);
  else
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = wav;
      int fd = g_file_open_tmp ("readingpoint-speech-XXXXXX.wav", &path, &error);

      if (fd >= 0)
        close (fd);
      if (fd < 0 || !g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        {
          if (path != NULL)
            g_unlink (path);
          g_task_return_error (task, error);
          return;
        }
      g_task_return_pointer (task, g_file_new_for_path (path), g_object_unref);
    }
}

static void
start (const char          *text,
       const char          *voice,
       int                  rate,
       gboolean             to_file,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->text = g_strdup (text);
  request->voice = g_strdup (voice);
  request->rate = rate;
  request->to_file = to_file;
  g_task_set_source_tag (task, to_file ? (gpointer) rp_speech_synthesize_file_async
                                       : (gpointer) rp_speech_synthesize_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* A cancelled synthesis reports the cancellation, never audio. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, synthesize_thread);
}

void
rp_speech_synthesize_async (const char          *text,
                            const char          *voice,
                            int                  rate,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  start (text, voice, rate, FALSE, cancellable, callback, user_data);
}

GBytes *
rp_speech_synthesize_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
rp_speech_synthesize_file_async (const char          *text,
                                 const char          *voice,
                                 int                  rate,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  start (text, voice, rate, TRUE, cancellable, callback, user_data);
}

GFile *
rp_speech_synthesize_file_finish (GAsyncResult *result,
                                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
