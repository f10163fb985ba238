/* rp-pinyin-candidates.h — typed pinyin to words and characters (on-screen keyboard)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lexicon is generated at build time from Debian's rime-data-luna-pinyin
 * and rime-essay (LGPL-3.0); see gen-pinyin-candidates.py. Pure functions
 * over constant data: safe from any thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Generated: rows "syllables\ttext\tscore\n", sorted by the syllables'
 * initials (strcmp), most common first within the same initials. */
extern const char  rp_pinyin_lexicon[];
extern const gsize rp_pinyin_lexicon_size;

/* The longest composition converted: longer input is not typed by anyone,
 * and the lattice grows with it. */
#define RP_PINYIN_MAX_LETTERS 48

typedef struct
{
  char  *text;      /* UTF-8, simplified Chinese */
  guint  n_letters; /* how many leading letters of the composition it replaces */
} RpPinyinCandidate;

void rp_pinyin_candidate_free (RpPinyinCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpPinyinCandidate, rp_pinyin_candidate_free)

/* What @letters (lower-case ASCII pinyin, full syllables, initials such as
 * "zfxxgk", or the start of a syllable while it is typed) may stand for,
 * best first, at most @max, each text once: the sentence the whole of
 * @letters most likely is, then the words and characters that the start
 * of @letters may be, those covering more letters first, more common
 * first among those. (element-type RpPinyinCandidate) (transfer full):
 * empty when nothing matches. */
GPtrArray *rp_pinyin_get_candidates (const char *letters,
                                     guint       max);
/* The same after the text @before (nullable): words that its last
 * character begins and @letters continue come first (垃 then "ji" offers
 * 圾 first, from 垃圾). */
GPtrArray *rp_pinyin_get_candidates_after (const char *before,
                                           const char *letters,
                                           guint       max);

G_END_DECLS
