/* rp-speech.h — reading aloud: text to speech with espeak-ng, offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Synthesis runs in a worker thread and gives a WAV file (16-bit mono
 * PCM), in memory or as a temporary file; playing it is the caller's (the
 * interface plays it through RpAudioPlayer). espeak-ng keeps global state, so syntheses run one
 * at a time whatever thread asks.
 */
#pragma once

#include <gio/gio.h>

#include "rp-entry.h"

G_BEGIN_DECLS

/* Words a minute: espeak-ng's range is 80–450; residents start slower
 * than its default of 175. */
#define RP_SPEECH_RATE_MIN     90
#define RP_SPEECH_RATE_DEFAULT 150
#define RP_SPEECH_RATE_MAX     260
#define RP_SPEECH_RATE_STEP    30
/* Longer text is cut here (about twenty minutes of speech). */
#define RP_SPEECH_MAX_CHARS    6000

/* FALSE in a build without espeak-ng (meson -Dread-aloud): synthesis then
 * fails with RP_ERROR_SPEECH and the interface offers no reading. */
gboolean    rp_speech_is_available       (void);
/* The espeak-ng voice for an interface language: "cmn" (Mandarin) for
 * Chinese, "en" for English. */
const char *rp_speech_voice_for_language (const char *language);
/* The voice that reads @text: "cmn" for text with Chinese characters,
 * else @voice (the interface language's). */
const char *rp_speech_voice_for_text     (const char *text,
                                          const char *voice);
/* (transfer full): what reading an entry aloud says: its title, issuing
 * body, date, summary and body, as sentences. */
char       *rp_speech_entry_text         (RpEntry    *entry);

/* Blocking; any thread. (transfer full): a WAV file, or NULL with
 * RP_ERROR_SPEECH, or G_IO_ERROR_CANCELLED. */
GBytes     *rp_speech_synthesize         (const char   *text,
                                          const char   *voice,
                                          int           rate,
                                          GCancellable *cancellable,
                                          GError      **error);
/* The same in a worker thread. A cancelled synthesis stops at its next
 * block of samples. */
void        rp_speech_synthesize_async   (const char          *text,
                                          const char          *voice,
                                          int                  rate,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GBytes     *rp_speech_synthesize_finish  (GAsyncResult *result,
                                          GError      **error);
/* The same, written to a new temporary WAV file in the worker (GTK's
 * media backend plays files, not streams). (transfer full): the file,
 * which the caller deletes. */
void        rp_speech_synthesize_file_async  (const char          *text,
                                              const char          *voice,
                                              int                  rate,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GFile      *rp_speech_synthesize_file_finish (GAsyncResult *result,
                                              GError      **error);

G_END_DECLS
