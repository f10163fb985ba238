#!/usr/bin/env python3
# gen-pinyin-candidates.py — turns a Rime dictionary (luna_pinyin.dict.yaml,
# from Debian's rime-data-luna-pinyin, LGPL-3.0) and Rime's language model
# (essay.txt, from Debian's rime-essay, LGPL-3.0) into
# rp-pinyin-candidates-table.c: the on-screen keyboard's lexicon of words
# and characters with their pinyin and how common they are.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The essay is Rime's vocabulary: every word with its corpus count, in
# traditional script. A word's pinyin is the dictionary's, when the
# dictionary lists the word (銀行 yin hang: polyphones read right), else
# every combination of its characters' common readings (at most
# MAX_READINGS, weighted by the dictionary's reading weights). Words are
# folded to simplified with the OpenCC library the search already uses
# (t2s), phrase by phrase, so 資訊 and 信息 stay themselves.
#
# A character alone is scored as before (issue 6): the sum of the counts of
# the words it appears in, shared by reading weight, with a simplified
# character taking the readings of the traditional ones folding to it (灯
# "deng", not the "ding" of an old character). That sum is much larger than
# how often the character stands alone, so it is scaled by CHAR_SHARE: a
# sentence is built of words where words exist.
#
# Output: one string of rows "syllables\ttext\tscore\n", sorted by
# initials (the first letter of each syllable), then most common first.
# A string compiles in a fraction of the time an array of structs takes,
# and the keyboard indexes it once, on first use.
import ctypes
import glob
import itertools
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rime_dict  # noqa: E402

MIN_PERCENT = 5.0
MAX_PER_SYLLABLE = 100
MAX_READINGS = 4
MAX_WORD_CHARS = 8
CHAR_SHARE = 0.05


def tier(char):
    try:
        b = char.encode("gb2312")
    except UnicodeEncodeError:
        return 2
    return 0 if b[0] < 0xD8 else 1


def is_han(char):
    return 0x4E00 <= ord(char) <= 0x9FFF


def simplified(texts, opencc_libdir):
    """@texts folded with OpenCC's t2s, through the C library (ctypes)."""
    paths = sorted(glob.glob(os.path.join(opencc_libdir, "libopencc.so*")))
    if not paths:
        sys.exit("gen-pinyin-candidates.py: no libopencc.so in %s" % opencc_libdir)
    lib = ctypes.CDLL(paths[0])
    lib.opencc_open.restype = ctypes.c_void_p
    lib.opencc_open.argtypes = [ctypes.c_char_p]
    lib.opencc_convert_utf8.restype = ctypes.c_void_p
    lib.opencc_convert_utf8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.opencc_convert_utf8_free.argtypes = [ctypes.c_void_p]
    lib.opencc_close.argtypes = [ctypes.c_void_p]
    od = lib.opencc_open(b"t2s.json")
    if not od or od == ctypes.c_void_p(-1).value:
        sys.exit("gen-pinyin-candidates.py: OpenCC cannot open t2s.json")
    blob = "\n".join(texts).encode("utf-8")
    result = lib.opencc_convert_utf8(od, blob, len(blob))
    if not result:
        sys.exit("gen-pinyin-candidates.py: OpenCC conversion failed")
    out = ctypes.string_at(result).decode("utf-8").split("\n")
    lib.opencc_convert_utf8_free(result)
    lib.opencc_close(od)
    if len(out) != len(texts):
        sys.exit("gen-pinyin-candidates.py: OpenCC changed the number of lines")
    return out


def read_essay(path):
    words = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2:
            continue
        try:
            words.append((parts[0], int(parts[1])))
        except ValueError:
            continue
    if len(words) < 100000:
        sys.exit("gen-pinyin-candidates.py: %s has too few words" % path)
    return words


def read_dict(path):
    """(character readings {char: {syllable: percent}}, phrase codes {phrase: [syllables…]})"""
    percent = {}
    phrases = {}
    for parts in rime_dict.rows(path):
        text, code = parts[0], parts[1].strip().split(" ")
        if not all(s.isascii() and s.isalpha() for s in code) or not all(is_han(c) for c in text):
            continue
        if len(text) == 1:
            weight = 100.0
            if len(parts) >= 3 and parts[2].endswith("%"):
                try:
                    weight = float(parts[2][:-1])
                except ValueError:
                    pass
            readings = percent.setdefault(text, {})
            readings[code[0]] = max(weight, readings.get(code[0], 0.0))
        elif len(text) == len(code):
            phrases.setdefault(text, []).append(code)
    return percent, phrases


def char_rows(essay, percent, phrases, opencc_libdir):
    """The single characters, scored as the issue-6 candidate bar did."""
    freq = {}
    for word, count in zip(simplified([w for w, _ in essay], opencc_libdir), [c for _, c in essay]):
        for c in word:
            freq[c] = freq.get(c, 0) + count
    in_phrases = {}
    for text, codes in phrases.items():
        for code in codes:
            for c, s in zip(text, code):
                in_phrases[(c, s)] = in_phrases.get((c, s), 0) + 1

    # The dictionary's reading weights follow traditional usage: it gives
    # 灯 "ding" 99% and "deng" 1%, and 怀 "fu" 100% (an old character of its
    # own), while the 燈 and 懷 that 灯 and 怀 simplify are "deng" and
    # "huai". A character that other characters fold to takes their
    # readings (the highest weight of any); others keep their own.
    chars = sorted(percent)
    folded = {}
    for char, target in zip(chars, simplified(chars, opencc_libdir)):
        if len(target) == 1 and target != char:
            folded[char] = target
    simplified_forms = set(folded.values())
    weights = {}
    for char, readings in percent.items():
        targets = [folded[char]] if char in folded else []
        if char not in simplified_forms:
            targets.append(char)
        for syllable, weight in readings.items():
            for c in targets:
                weights[(c, syllable)] = max(weight, weights.get((c, syllable), 0.0))

    by_syllable = {}
    for (char, syllable), weight in weights.items():
        if weight < MIN_PERCENT:
            continue
        score = freq.get(char, 0) * weight / 100.0
        by_syllable.setdefault(syllable, []).append(
            (-score, tier(char), -in_phrases.get((char, syllable), 0), ord(char), char))
    if len(by_syllable) < 300:
        sys.exit("gen-pinyin-candidates.py: too few syllables")
    rows = []
    for syllable, chars in by_syllable.items():
        # Rank, not only score, orders a syllable's characters: the tiers
        # and phrase counts break ties the scores leave.
        ranked = sorted(chars)[:MAX_PER_SYLLABLE]
        for rank, row in enumerate(ranked):
            rows.append((syllable, row[-1], -row[0] * CHAR_SHARE, rank))
    return rows


def word_readings(word, percent, phrases):
    """[(syllables, share)] for a traditional @word."""
    if word in phrases:
        codes = phrases[word]
        return [(code, 1.0 / len(codes)) for code in codes]
    options = []
    for c in word:
        readings = percent.get(c)
        if not readings:
            return []
        kept = [(s, w) for s, w in readings.items() if w >= MIN_PERCENT] or \
            [max(readings.items(), key=lambda r: r[1])]
        options.append(kept)
    combos = []
    for combo in itertools.product(*options):
        combos.append(([s for s, _ in combo], math.prod(w for _, w in combo)))
    combos.sort(key=lambda c: -c[1])
    combos = combos[:MAX_READINGS]
    total = sum(w for _, w in combos) or 1.0
    return [(s, w / total) for s, w in combos]


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: gen-pinyin-candidates.py DICT.yaml ESSAY.txt OPENCC_LIBDIR OUT.c")
    essay = read_essay(sys.argv[2])
    percent, phrases = read_dict(sys.argv[1])

    scores = {}
    ranks = {}
    for syllable, char, score, rank in char_rows(essay, percent, phrases, sys.argv[3]):
        scores[((syllable,), char)] = score
        ranks[((syllable,), char)] = rank

    words = [(w, c) for w, c in essay
             if 2 <= len(w) <= MAX_WORD_CHARS and all(is_han(ch) for ch in w)]
    for (word, count), simple in zip(words, simplified([w for w, _ in words], sys.argv[3])):
        if len(simple) != len(word):
            continue
        for syllables, share in word_readings(word, percent, phrases):
            key = (tuple(syllables), simple)
            # Every word the essay knows can be typed, even those it counts 0.
            scores[key] = scores.get(key, 0.0) + (count + 1) * share

    # Scores are whole numbers (at least 1); equal scores keep the order
    # the characters were ranked in.
    rows = sorted(((max(1, round(score)), key) for key, score in scores.items()),
                  key=lambda r: ("".join(s[0] for s in r[1][0]), -r[0], ranks.get(r[1], 0), r[1][1]))
    if len(rows) < 200000:
        sys.exit("gen-pinyin-candidates.py: too few words")
    with open(sys.argv[4], "w", encoding="utf-8") as out:
        out.write("/* Generated by gen-pinyin-candidates.py from %s and %s: do not edit. */\n"
                  % (os.path.basename(sys.argv[1]), os.path.basename(sys.argv[2])))
        out.write('#include "rp-pinyin-candidates.h"\n\n')
        out.write("const char rp_pinyin_lexicon[] =\n")
        line = []
        for score, (syllables, text) in rows:
            line.append("%s\\t%s\\t%d\\n" % (" ".join(syllables), text, score))
            if len(line) == 32:
                out.write('  "%s"\n' % "".join(line))
                line = []
        out.write('  "%s";\n' % "".join(line))
        out.write("const gsize rp_pinyin_lexicon_size = sizeof (rp_pinyin_lexicon) - 1;\n")


main()
