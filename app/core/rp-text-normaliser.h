/* rp-text-normaliser.h — the one text folding that index and query share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * NFKC (full-width → half-width, compatibility ideographs → unified), case
 * folding and OpenCC t2s, applied one character at a time. Working per
 * character is what lets the tokenizer report offsets into the original
 * text (snippets highlight what the publisher wrote, not the folded form);
 * the price is that t2s uses OpenCC's character table, not its phrase
 * table. Both sides fold the same way, so matching stays exact.
 *
 * Thread-safe: the tables are built once, on first use, then only read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest expansion of one character (NFKC of a ligature, say). */
#define RP_NORMALISE_MAX_CHARS 18

typedef enum
{
  RP_CHAR_SEPARATOR, /* white space, punctuation, symbols: end a token */
  RP_CHAR_WORD,      /* letters and digits of alphabetic scripts: form words */
  RP_CHAR_CJK,       /* Han, kana, hangul: indexed as unigrams and bigrams */
} RpCharClass;

/* Folds @c into @out; returns how many characters it became (0: dropped,
 * as default-ignorable characters are). */
guint       rp_normalise_char  (gunichar  c,
                                gunichar *out);
/* @c must already be folded. */
RpCharClass rp_char_class      (gunichar  c);
/* (transfer full): @text folded character by character; separators are
 * kept (as folded), so substring tests on the result are exact. Invalid
 * UTF-8 bytes become U+FFFD. */
char       *rp_normalise_text  (const char *text,
                                gssize      length);
/* (transfer full): @text folded character by character into @n_chars
 * characters, @origin[i] the byte offset of the character folded char i
 * came from. An invalid UTF-8 byte becomes 0, which matches nothing (it
 * separates tokens). */
gunichar   *rp_normalise_chars (const char *text,
                                gsize      *n_chars,
                                guint     **origin);

G_END_DECLS
