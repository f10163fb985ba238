/* rp-pinyin-table.h — the generated character → pinyin table (rp-pinyin-table.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gunichar    c;
  const char *readings; /* space-separated, most common first */
} RpPinyinReading;

/* Sorted by code point. */
extern const RpPinyinReading rp_pinyin_readings[];
extern const guint           rp_pinyin_n_readings;
/* Sorted (strcmp). */
extern const char *const     rp_pinyin_syllables[];
extern const guint           rp_pinyin_n_syllables;

G_END_DECLS
