#!/usr/bin/env python3
"""Writes src/content/pinyin_phrases.txt for output paths: the words whose
toneless pinyin differs from reading each character by its most common
reading, with their reading (银行 yin hang, not yin xing; 重庆 chong qing,
not zhong qing), and, without a reading, the words read character by
character that hold a character another listed word begins with: slugs
take the longest listed word at each place, and 航行 must be found before
行长 in 航行长江 (hang xing chang jiang, not hang hang zhang jiang).

Source: the phrase dictionary of pypinyin (MIT licence, (c) 2016 mozillazg,
闲耘; its data comes from phrase-pinyin-data, MIT). Run it again with a newer
pypinyin to refresh the list:

    python3 -m venv /tmp/v && /tmp/v/bin/pip install pypinyin==0.55.0
    /tmp/v/bin/python scripts/pinyin-phrases.py > src/content/pinyin_phrases.txt

Only words of 2 to 8 characters whose every character has a reading are kept;
ü is written v (lv you), as in output paths.
"""

import pypinyin
from pypinyin import phrases_dict, pinyin_dict
from pypinyin import Style
from pypinyin.style import convert


def plain(reading):
    return convert(reading, Style.NORMAL, strict=False).replace("ü", "v")


def main():
    default = {chr(cp): plain(r.split(",")[0]) for cp, r in pinyin_dict.pinyin_dict.items()}
    words = []
    for word, readings in phrases_dict.phrases_dict.items():
        if not 2 <= len(word) <= 8 or len(readings) != len(word):
            continue
        if any(c not in default for c in word):
            continue
        read = [plain(r[0]) for r in readings]
        if all(r.isascii() and r.isalpha() for r in read):
            words.append((word, read))
    differ = [(w, " ".join(r)) for w, r in words if any(r[i] != default[c] for i, c in enumerate(w))]
    starts = {w[0] for w, _ in differ}
    same = [(w, None) for w, r in words if all(r[i] == default[c] for i, c in enumerate(w))]
    same = [(w, r) for w, r in same if any(c in starts for c in w[1:])]
    print(f"# Words for slugs, from pypinyin {pypinyin.__version__} (MIT licence, (c) 2016 mozillazg, 闲耘).")
    print("# `word reading`: read so; `word` alone: read character by character.")
    print("# Made by scripts/pinyin-phrases.py; do not edit.")
    for word, read in sorted(differ + same):
        print(word if read is None else f"{word} {read}")


if __name__ == "__main__":
    main()
