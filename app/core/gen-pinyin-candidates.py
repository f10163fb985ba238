#!/usr/bin/env python3
# gen-pinyin-candidates.py — turns a Rime dictionary (luna_pinyin.dict.yaml,
# from Debian's rime-data-luna-pinyin, LGPL-3.0) into
# rp-pinyin-candidates-table.c: for every syllable, the characters read that
# way, most common first (the on-screen keyboard's candidate bar).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# How common a character is comes from Rime's own language model, essay.txt
# (Debian's rime-essay, LGPL-3.0): every word with its corpus count, in
# traditional script. Each word is folded to simplified with the OpenCC
# library the search already uses (t2s), and a character's frequency is the
# sum of the counts of the words it appears in; a reading gets the share
# the dictionary's reading weight gives it. 灯 then comes second for "deng"
# (after 等), not eighth behind 瞪 and 凳 as when commonness was guessed
# from the dictionary alone (its phrases are traditional: 燈 not 灯).
import ctypes
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rime_dict  # noqa: E402

MIN_PERCENT = 5.0
MAX_PER_SYLLABLE = 60


def tier(char):
    try:
        b = char.encode("gb2312")
    except UnicodeEncodeError:
        return 2
    return 0 if b[0] < 0xD8 else 1


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


def frequencies(essay_path, opencc_libdir):
    words, counts = [], []
    for line in open(essay_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or "\n" in parts[0]:
            continue
        try:
            counts.append(int(parts[1]))
        except ValueError:
            continue
        words.append(parts[0])
    freq = {}
    for word, count in zip(simplified(words, opencc_libdir), counts):
        for c in word:
            freq[c] = freq.get(c, 0) + count
    if len(freq) < 5000:
        sys.exit("gen-pinyin-candidates.py: %s has too few characters" % essay_path)
    return freq


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: gen-pinyin-candidates.py DICT.yaml ESSAY.txt OPENCC_LIBDIR OUT.c")
    freq = frequencies(sys.argv[2], sys.argv[3])
    percent = {}
    phrases = {}
    for parts in rime_dict.rows(sys.argv[1]):
        if len(parts) < 2:
            continue
        text, code = parts[0], parts[1].strip().split(" ")
        if len(text) == 1:
            if not (0x4E00 <= ord(text) <= 0x9FFF) or not code[0].isascii() or not code[0].isalpha():
                continue
            weight = 100.0
            if len(parts) >= 3 and parts[2].endswith("%"):
                try:
                    weight = float(parts[2][:-1])
                except ValueError:
                    pass
            percent[(text, code[0])] = max(weight, percent.get((text, code[0]), 0.0))
        elif len(text) == len(code):
            for c, s in zip(text, code):
                phrases[(c, s)] = phrases.get((c, s), 0) + 1

    # The dictionary's reading weights follow traditional usage: it gives
    # 灯 "ding" 99% and "deng" 1%, and 怀 "fu" 100% (an old character of its
    # own), while the 燈 and 懷 that 灯 and 怀 simplify are "deng" and
    # "huai". A character that other characters fold to takes their
    # readings (the highest weight of any); others keep their own.
    chars = sorted({c for c, _ in percent})
    folded = {}
    for char, target in zip(chars, simplified(chars, sys.argv[3])):
        if len(target) == 1 and target != char:
            folded[char] = target
    simplified_forms = set(folded.values())
    weights = {}
    for (char, syllable), weight in percent.items():
        targets = [folded[char]] if char in folded else []
        if char not in simplified_forms:
            targets.append(char)
        for c in targets:
            weights[(c, syllable)] = max(weight, weights.get((c, syllable), 0.0))

    by_syllable = {}
    for (char, syllable), weight in weights.items():
        t = tier(char)
        if weight < MIN_PERCENT:
            continue
        score = freq.get(char, 0) * weight
        by_syllable.setdefault(syllable, []).append((-score, t, -phrases.get((char, syllable), 0), ord(char), char))
    if len(by_syllable) < 300:
        sys.exit("gen-pinyin-candidates.py: %s has too few syllables" % sys.argv[1])

    with open(sys.argv[4], "w", encoding="utf-8") as out:
        out.write("/* Generated by gen-pinyin-candidates.py from %s: do not edit. */\n"
                  % sys.argv[1].split("/")[-1])
        out.write('#include "rp-pinyin-candidates.h"\n\n')
        out.write("/* Sorted by syllable (strcmp); characters most common first. */\n")
        out.write("const RpPinyinCandidates rp_pinyin_candidates_table[] = {\n")
        for syllable in sorted(by_syllable):
            chars = "".join(row[-1] for row in sorted(by_syllable[syllable])[:MAX_PER_SYLLABLE])
            out.write('  { "%s", "%s" },\n' % (syllable, chars))
        out.write("};\n")
        out.write("const guint rp_pinyin_candidates_table_size = G_N_ELEMENTS (rp_pinyin_candidates_table);\n")


main()
