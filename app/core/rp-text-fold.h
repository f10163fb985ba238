/* rp-text-fold.h — the text normalisation find-in-document shares with search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Folding is per character, with the catalogue search's rp_normalise_char()
 * (NFKC, case folding, OpenCC t2s) and white space dropped so a phrase
 * matches across PDF line breaks; working per character lets a hit in the
 * folded text be mapped back to the characters, and so the rectangles, of a
 * page.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* (transfer full): @text folded. When @map is given, it receives one guint
 * per byte of the result: the index, in characters, of the character of
 * @text that byte came from. */
char *rp_text_fold (const char *text,
                    GArray     *map);

G_END_DECLS
