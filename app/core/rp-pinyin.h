/* rp-pinyin.h — characters to pinyin, pinyin queries to syllables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table is generated at build time from Debian's rime-data-luna-pinyin
 * (LGPL-3.0); see gen-pinyin-table.py. Pinyin is indexed per title and
 * keyword character as colocated tokens: every common reading ("xing",
 * "hang") and every initial bigram with the next character ("^zf"), so a
 * full-spelling query is a phrase of syllables and an initials query a
 * phrase of initial bigrams.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* (nullable): the readings of a folded character, space-separated, most
 * common first. */
const char *rp_pinyin_get_readings  (gunichar    c);
/* (transfer full): the pretokenized pinyin document (see
 * rp-search-tokenizer.h) for @text; NULL strings are skipped. Texts are
 * separated so that no phrase spans two of them. */
char       *rp_pinyin_index_text    (const char *const *texts,
                                     guint              n_texts);
/* Splits @letters (lower-case ASCII) into the fewest syllables; the last
 * piece may be the start of a syllable (typing in progress), reported in
 * @last_is_prefix. (transfer full) (nullable): NULL when no split exists. */
GStrv       rp_pinyin_segment       (const char *letters,
                                     gboolean   *last_is_prefix);
/* Whether the @length letters at @s are a syllable, or the start of one
 * (a syllable included). */
gboolean    rp_pinyin_is_syllable   (const char *s,
                                     gsize       length);
gboolean    rp_pinyin_is_syllable_prefix (const char *s,
                                          gsize       length);

G_END_DECLS
