/* test-speech.c — reading aloud: an entry to speech, with no sound card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rp-core.h"
#include "rp-test-util.h"

/* The demo's garbage-sorting notice. */
#define ENTRY_ID "QX-2025-00043"

static RpCatalogue *catalogue;

static RpEntry *
demo_entry (void)
{
  g_autoptr(GError) error = NULL;
  RpEntry *entry = rp_catalogue_get_entry (catalogue, ENTRY_ID, &error);

  g_assert_no_error (error);
  return entry;
}

/* sox's figure @name ("Length (seconds)", "RMS     amplitude") for @wav. */
static double
sox_stat (const char *stat,
          const char *name)
{
  const char *line = strstr (stat, name);

  g_assert_nonnull (line);
  line = strchr (line, ':');
  g_assert_nonnull (line);
  return g_ascii_strtod (line + 1, NULL);
}

static void
synthesized (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static GBytes *
synthesize_in_worker (const char   *text,
                      const char   *voice,
                      int           rate,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rp_speech_synthesize_async (text, voice, rate, cancellable, synthesized, &result);
  rp_test_wait_until (is_set, &result, 120, "the synthesis ends");
  return rp_speech_synthesize_finish (result, error);
}

/* A WAV of a few words, synthesised for the player tests. */
static GFile *
words_file (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file;

  rp_speech_synthesize_file_async ("垃圾分类的通知", "cmn", RP_SPEECH_RATE_DEFAULT, NULL, synthesized, &result);
  rp_test_wait_until (is_set, &result, 120, "the synthesis ends");
  file = rp_speech_synthesize_file_finish (result, &error);
  g_assert_no_error (error);
  return file;
}

/* Open descriptors of this process, and how many of them are @path. */
static guint
count_fds (const char *path,
           guint      *n_path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  *n_path = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_strdup_printf ("/proc/self/fd/%s", name);
      g_autofree char *target = g_file_read_link (link, NULL);

      n++;
      if (g_strcmp0 (target, path) == 0)
        (*n_path)++;
    }
  return n;
}

typedef struct
{
  gboolean finished;
  GError  *error;
} Finished;

static void
on_finished (RpAudioPlayer *player,
             const GError  *error,
             Finished      *out)
{
  out->finished = TRUE;
  out->error = error != NULL ? g_error_copy (error) : NULL;
}

static gboolean
finished_is_set (gpointer data)
{
  return ((Finished *) data)->finished;
}

static gboolean
is_playing_along (gpointer data)
{
  return rp_audio_player_get_position (data) > 0;
}

/* The whole reading plays to its end, and then nothing of it is left. */
static void
test_player_plays_to_the_end (void)
{
  g_autoptr(GFile) file = words_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(RpAudioPlayer) player = NULL;
  g_autoptr(GError) error = NULL;
  Finished finished = { 0 };

  g_setenv ("RP_AUDIO_SINK", "fakesink sync=false", TRUE);
  player = rp_audio_player_new (path, &error);
  g_assert_no_error (error);
  g_signal_connect (player, "finished", G_CALLBACK (on_finished), &finished);
  rp_audio_player_play (player);
  g_assert_true (rp_audio_player_get_playing (player));
  rp_test_wait_until (finished_is_set, &finished, 60, "the reading ends");
  g_assert_no_error (finished.error);
  g_assert_false (rp_audio_player_get_playing (player));
  g_assert_false (rp_audio_player_is_alive (player));
  g_file_delete (file, NULL, NULL);
}

/* Stopping a reading under way (leaving the page, the idle wipe) ends its
 * pipeline before stop returns: the WAV file is closed and every
 * descriptor the pipeline opened (GStreamer's wake-up sockets) with it.
 * GTK's media stream, used before, left them open after the wipe. */
static void
test_player_stop_leaves_nothing (void)
{
  g_autoptr(GFile) file = words_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(RpAudioPlayer) player = NULL;
  g_autoptr(GError) error = NULL;
  Finished finished = { 0 };
  guint fds_before, fds_playing, fds_after, n_path;

  g_setenv ("RP_AUDIO_SINK", "fakesink sync=true", TRUE);
  fds_before = count_fds (path, &n_path);
  g_assert_cmpuint (n_path, ==, 0);
  player = rp_audio_player_new (path, &error);
  g_assert_no_error (error);
  g_signal_connect (player, "finished", G_CALLBACK (on_finished), &finished);
  rp_audio_player_play (player);
  rp_test_wait_until (is_playing_along, player, 60, "the reading plays");
  fds_playing = count_fds (path, &n_path);
  g_assert_cmpuint (n_path, ==, 1);
  g_assert_cmpuint (fds_playing, >, fds_before);

  rp_audio_player_stop (player);
  fds_after = count_fds (path, &n_path);
  g_assert_cmpuint (n_path, ==, 0);
  g_assert_cmpuint (fds_after, ==, fds_before);
  g_assert_false (rp_audio_player_is_alive (player));
  g_assert_false (rp_audio_player_get_playing (player));
  /* Stopped is not finished: nobody is told twice. */
  g_assert_false (finished.finished);
  g_file_delete (file, NULL, NULL);
}

/* No sound card: the reading fails, quietly, and leaves nothing. */
static void
test_player_no_sound_card (void)
{
  g_autoptr(GFile) file = words_file ();
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(RpAudioPlayer) player = NULL;
  g_autoptr(GError) error = NULL;
  Finished finished = { 0 };
  guint fds_before, n_path;

  g_setenv ("RP_AUDIO_SINK", "alsasink device=hw:97,0", TRUE);
  fds_before = count_fds (path, &n_path);
  player = rp_audio_player_new (path, &error);
  if (player != NULL)
    {
      g_signal_connect (player, "finished", G_CALLBACK (on_finished), &finished);
      rp_audio_player_play (player);
      rp_test_wait_until (finished_is_set, &finished, 60, "the reading fails");
      error = g_steal_pointer (&finished.error);
    }
  g_assert_error (error, RP_ERROR, RP_ERROR_SPEECH);
  g_assert_cmpuint (count_fds (path, &n_path), ==, fds_before);
  g_assert_cmpuint (n_path, ==, 0);
  g_file_delete (file, NULL, NULL);
}

/* An entry read in Mandarin is a WAV file of audible speech, about as
 * long as a person reading it takes, and shorter when read faster. */
static void
test_entry_to_wav (void)
{
  g_autoptr(RpEntry) entry = demo_entry ();
  g_autofree char *text = rp_speech_entry_text (entry);
  g_autofree char *dir = rp_test_make_dir ("speech-wav");
  g_autofree char *path = g_build_filename (dir, "entry.wav", NULL);
  g_autofree char *fast_path = g_build_filename (dir, "fast.wav", NULL);
  g_autofree char *stat = NULL;
  g_autofree char *fast_stat = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;
  g_autoptr(GBytes) fast = NULL;
  g_autofree char *sox = g_find_program_in_path ("sox");
  guint n_chars = g_utf8_strlen (text, -1);
  double seconds, rms, fast_seconds;

  g_assert_true (g_str_has_prefix (text, rp_entry_get_title (entry)));
  g_assert_nonnull (strstr (text, rp_entry_get_organ (entry)));
  g_assert_nonnull (strstr (text, "定时定点投放"));
  wav = synthesize_in_worker (text, rp_speech_voice_for_language ("zh_CN"), RP_SPEECH_RATE_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (wav), >, 44);
  g_assert_cmpmem (g_bytes_get_data (wav, NULL), 4, "RIFF", 4);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (wav, NULL), g_bytes_get_size (wav), &error));
  fast = synthesize_in_worker (text, "cmn", RP_SPEECH_RATE_MAX, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (fast_path, g_bytes_get_data (fast, NULL), g_bytes_get_size (fast), &error));

  if (sox == NULL)
    {
      g_test_skip ("sox is not installed (build-aux/install-deps)");
      return;
    }
  /* sox prints its figures on stderr. */
  g_assert_cmpint (rp_test_run (NULL, &stat, sox, path, "-n", "stat", NULL), ==, 0);
  g_assert_cmpint (rp_test_run (NULL, &fast_stat, sox, fast_path, "-n", "stat", NULL), ==, 0);
  seconds = sox_stat (stat, "Length (seconds)");
  rms = sox_stat (stat, "RMS     amplitude");
  fast_seconds = sox_stat (fast_stat, "Length (seconds)");
  g_test_message ("%u characters: %.1f s at %d wpm (RMS %.3f), %.1f s at %d wpm", n_chars, seconds,
                  RP_SPEECH_RATE_DEFAULT, rms, fast_seconds, RP_SPEECH_RATE_MAX);
  /* Mandarin is read at two to eight characters a second. */
  g_assert_cmpfloat (seconds, >, n_chars / 8.0);
  g_assert_cmpfloat (seconds, <, n_chars / 2.0);
  g_assert_cmpfloat (rms, >, 0.02);
  g_assert_cmpfloat (fast_seconds, <, seconds);
}

/* Chinese documents are read in Mandarin in the English interface too. */
static void
test_voice_for_text (void)
{
  g_assert_cmpstr (rp_speech_voice_for_text ("垃圾分类 notice", "en"), ==, "cmn");
  g_assert_cmpstr (rp_speech_voice_for_text ("Notice 2025", "en"), ==, "en");
  g_assert_cmpstr (rp_speech_voice_for_text ("Notice 2025", "cmn"), ==, "cmn");
  g_assert_cmpstr (rp_speech_voice_for_language ("en"), ==, "en");
  g_assert_cmpstr (rp_speech_voice_for_language ("zh_TW"), ==, "cmn");
}

static void
test_english (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = rp_speech_synthesize ("Notice on garbage sorting.", rp_speech_voice_for_language ("en"),
                                                RP_SPEECH_RATE_DEFAULT, NULL, &error);

  g_assert_no_error (error);
  /* More than half a second of 16-bit samples at espeak's 22050 Hz. */
  g_assert_cmpuint (g_bytes_get_size (wav), >, 44 + 22050);
}

/* What the interface plays: a temporary WAV file, which it deletes. */
static void
test_to_file (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  rp_speech_synthesize_file_async ("垃圾分类", "cmn", RP_SPEECH_RATE_DEFAULT, NULL, synthesized, &result);
  rp_test_wait_until (is_set, &result, 120, "the synthesis ends");
  file = rp_speech_synthesize_file_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 44 + 22050);
  g_assert_cmpmem (contents, 4, "RIFF", 4);
  g_assert_true (g_file_delete (file, NULL, &error));
}

/* Stopping (leaving the page, the idle wipe) cancels: no audio comes. */
static void
test_cancelled (void)
{
  g_autoptr(RpEntry) entry = demo_entry ();
  g_autofree char *text = rp_speech_entry_text (entry);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = NULL;

  g_cancellable_cancel (cancellable);
  wav = synthesize_in_worker (text, "cmn", RP_SPEECH_RATE_DEFAULT, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (wav);
}

static void
test_unknown_voice (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wav = rp_speech_synthesize ("x", "no-such-voice", RP_SPEECH_RATE_DEFAULT, NULL, &error);

  g_assert_error (error, RP_ERROR, RP_ERROR_SPEECH);
  g_assert_null (wav);
}

static void
test_not_built (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (rp_speech_synthesize ("一", "cmn", RP_SPEECH_RATE_DEFAULT, NULL, &error));
  g_assert_error (error, RP_ERROR, RP_ERROR_SPEECH);
  g_test_skip ("built without espeak-ng (-Dread-aloud=disabled)");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(RpDataDir) data_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  path = rp_test_make_dir ("speech-terminal");
  data_dir = rp_data_dir_new (path);
  catalogue = rp_data_dir_ensure_catalogue (data_dir, rp_test_demo_dir (), &error);
  g_assert_no_error (error);

  g_test_add_func ("/ReadingPoint/Speech/voice-for-text", test_voice_for_text);
  if (!rp_speech_is_available ())
    {
      /* -Dread-aloud=disabled: nothing else to test. */
      g_test_add_func ("/ReadingPoint/Speech/not-built", test_not_built);
      status = g_test_run ();
      g_clear_object (&catalogue);
      return status;
    }
  g_test_add_func ("/ReadingPoint/Speech/entry-to-wav", test_entry_to_wav);
  g_test_add_func ("/ReadingPoint/Speech/english", test_english);
  g_test_add_func ("/ReadingPoint/Speech/to-file", test_to_file);
  g_test_add_func ("/ReadingPoint/Speech/cancelled", test_cancelled);
  g_test_add_func ("/ReadingPoint/Speech/unknown-voice", test_unknown_voice);
  g_test_add_func ("/ReadingPoint/Speech/player-plays-to-the-end", test_player_plays_to_the_end);
  g_test_add_func ("/ReadingPoint/Speech/player-stop-leaves-nothing", test_player_stop_leaves_nothing);
  g_test_add_func ("/ReadingPoint/Speech/player-no-sound-card", test_player_no_sound_card);

  status = g_test_run ();
  g_clear_object (&catalogue);
  return status;
}
