#!/usr/bin/env python3
"""Writes src/content/pinyin_phrases.txt: the words whose toneless pinyin
differs from reading each character by its most common reading (银行 yin hang,
not yin xing; 重庆 chong qing, not zhong qing), for output paths.

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
    kept = []
    for word, readings in phrases_dict.phrases_dict.items():
        if not 2 <= len(word) <= 8 or len(readings) != len(word):
            continue
        if any(c not in default for c in word):
            continue
        read = [plain(r[0]) for r in readings]
        if not all(r.isascii() and r.isalpha() for r in read):
            continue
        if any(read[i] != default[c] for i, c in enumerate(word)):
            kept.append((word, " ".join(read)))
    kept.sort()
    print(f"# Words read otherwise than character by character, from pypinyin {pypinyin.__version__}")
    print("# (MIT licence, (c) 2016 mozillazg, 闲耘). Made by scripts/pinyin-phrases.py; do not edit.")
    for word, read in kept:
        print(f"{word} {read}")


if __name__ == "__main__":
    main()
