/* rp-usage-personal.c — search text that looks like personal data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run on every search before it is counted at all, even in memory. It errs
 * towards dropping: a search lost from the statistics costs little, a
 * resident's phone number in a report costs them their privacy. What it
 * knows:
 *
 *  - digits however they are written: ASCII, full-width (１３８), circled
 *    (NFKC), and the CJK numerals that spell a number digit by digit
 *    (一三八零, 〇, 幺 as spoken for 1, the financial 壹贰叁…);
 *  - digits however they are separated: spaces of any width, commas, dots,
 *    dashes, slashes, brackets, 、 and 。 and their full-width forms.
 *    Six digits or more in one run is a phone (mainland mobiles are 11,
 *    landlines 7–8 plus an area code), ID-card (18, the last maybe X),
 *    bank-card, QQ or licence number: dropped. Document numbers keep their
 *    〔〕 (〔2026〕19号), which do not join digits;
 *  - e-mail addresses: any at sign (@, ＠, ﹫) with text beside it, and the
 *    spelled-out "name at host dot com" / (at) / [at] forms.
 */
#include "config.h"

#include <string.h>

#include "rp-usage.h"

/* Six digits in a run: the shortest numbers that identify someone (QQ
 * numbers, landlines without area code) while years (2026), amounts and
 * document numbers (〔2026〕9号) stay searchable. */
#define MIN_PERSONAL_DIGITS 6

static const struct
{
  const char *numerals;
  int         value;
} cjk_digits[] = {
  { "零〇", 0 },
  { "一壹幺", 1 },
  { "二贰貳两兩", 2 },
  { "三叁參叄", 3 },
  { "四肆", 4 },
  { "五伍", 5 },
  { "六陆陸", 6 },
  { "七柒", 7 },
  { "八捌", 8 },
  { "九玖", 9 },
};

/* After NFKC: full-width forms are ASCII, the ideographic space is ' '. */
static const char separators[] = ",.-_()/+~*#:;|'\"\\·・、。｡．，－—–―‐‑‒−ー～";

static int
digit_value (gunichar c)
{
  int value = g_unichar_digit_value (c);

  if (value >= 0)
    return value;
  for (guint i = 0; i < G_N_ELEMENTS (cjk_digits); i++)
    for (const char *p = cjk_digits[i].numerals; *p; p = g_utf8_next_char (p))
      if (g_utf8_get_char (p) == c)
        return cjk_digits[i].value;
  return -1;
}

static gboolean
is_separator (gunichar c)
{
  if (g_unichar_isspace (c))
    return TRUE;
  for (const char *p = separators; *p; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == c)
      return TRUE;
  return FALSE;
}

static gboolean
has_digit_run (const char *text)
{
  guint run = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (digit_value (c) >= 0)
        {
          if (++run >= MIN_PERSONAL_DIGITS)
            return TRUE;
        }
      else if (!is_separator (c))
        run = 0;
    }
  return FALSE;
}

static gboolean
has_address (const char *text)
{
  static GRegex *spelled;

  if (g_once_init_enter (&spelled))
    g_once_init_leave (&spelled, g_regex_new ("[a-z0-9._%+-]+\\s*(?:\\(at\\)|\\[at\\]|\\sat\\s)\\s*[a-z0-9-]+"
                                              "\\s*(?:[.。]|\\(dot\\)|\\[dot\\]|\\sdot\\s)\\s*[a-z]{2,}",
                                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL));
  /* An at sign with anything beside it, spaces or not: "zhangsan @",
   * "@qq。com". A lone "@" is not an address. */
  if (strchr (text, '@') != NULL)
    for (const char *p = text; *p; p++)
      if (*p != '@' && !g_ascii_isspace (*p))
        return TRUE;
  return g_regex_match (spelled, text, 0, NULL);
}

gboolean
rp_usage_looks_personal (const char *text)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (text != NULL, TRUE);

  if (!g_utf8_validate (text, -1, NULL))
    return TRUE;
  /* NFKC turns full-width digits, ＠ and ﹫, circled digits and the
   * ideographic space into their plain forms. */
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  return folded == NULL || has_digit_run (folded) || has_address (folded);
}
