/* rp-text-fold.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rp-text-fold.h"
#include "rp-text-normaliser.h"

char *
rp_text_fold (const char *text,
              GArray     *map)
{
  GString *out;
  guint index = 0;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      gunichar folded[RP_NORMALISE_MAX_CHARS];
      guint n;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isspace (c) || c == 0x3000)
        continue;
      /* The catalogue search's own folding (NFKC, case, Traditional →
       * Simplified), so a query finds in a document what it finds in the
       * catalogue. */
      n = rp_normalise_char (c, folded);
      for (guint i = 0; i < n; i++)
        {
          char buf[6];
          int len = g_unichar_to_utf8 (folded[i], buf);

          g_string_append_len (out, buf, len);
          if (map != NULL)
            for (int b = 0; b < len; b++)
              g_array_append_val (map, index);
        }
    }
  return g_string_free (out, FALSE);
}
