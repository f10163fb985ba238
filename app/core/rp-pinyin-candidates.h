/* rp-pinyin-candidates.h — typed pinyin to Chinese characters (on-screen keyboard)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table is generated at build time from Debian's rime-data-luna-pinyin
 * (LGPL-3.0); see gen-pinyin-candidates.py.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *syllable;
  const char *characters; /* UTF-8, most common first */
} RpPinyinCandidates;

/* Generated; sorted by syllable (strcmp). */
extern const RpPinyinCandidates rp_pinyin_candidates_table[];
extern const guint              rp_pinyin_candidates_table_size;

/* The characters that the start of @letters (lower-case ASCII pinyin being
 * typed) may stand for, most common first, at most @max: those of its first
 * syllable, or, when @letters is only the start of a syllable, of every
 * syllable it may become. @n_letters_used (optional) receives how many
 * leading letters a chosen candidate replaces. (transfer full): empty when
 * nothing matches. */
GStrv rp_pinyin_get_candidates (const char *letters,
                                guint       max,
                                guint      *n_letters_used);

G_END_DECLS
