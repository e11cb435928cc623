//! The one normalisation of search, identical at build time and in the
//! browser (static/search.js holds its twin): each character is taken on its
//! own through NFKC (full-width ↔ half-width), lowercase, and Traditional →
//! Simplified. Letters and digits are word characters; everything else
//! separates words, except that in a query a joiner (`_ . - / :`) between
//! two word characters keeps them one string (`v8.0.0`, `2020-05-14`).
//! Per character, so that positions in the normalised text map back to the
//! original text for highlighting.

use std::collections::BTreeMap;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Traditional → Simplified, one character to one character, as simplet2s
/// converts a character standing alone. Also written into the site as
/// `search/t2s.js` so that the browser maps exactly the same characters.
pub static T2S: LazyLock<BTreeMap<char, char>> = LazyLock::new(|| {
    let mut map = BTreeMap::new();
    let ranges = [0x3400u32..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let s = simplet2s::convert(c.encode_utf8(&mut [0; 4]));
        let mut chars = s.chars();
        if let (Some(t), None) = (chars.next(), chars.next()) {
            if t != c {
                map.insert(c, t);
            }
        }
    }
    map
});

/// Marks a character of the Basic Multilingual Plane whose normalisation is
/// not exactly one character, in [`BMP`].
const SLOW: char = '\u{FFFF}';

/// The normalisation of every character of the Basic Multilingual Plane that
/// normalises to exactly one character, computed once: the hot path of indexing.
static BMP: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut buf = Vec::new();
    (0..=0xFFFFu32)
        .map(|u| match char::from_u32(u) {
            Some(c) => {
                buf.clear();
                slow_normalized(c, &mut buf);
                if buf.len() == 1 {
                    buf[0]
                } else {
                    SLOW
                }
            }
            None => SLOW,
        })
        .collect()
});

/// Appends the normalisation of one character to `out`.
pub fn push_normalized(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match BMP.get(c as usize) {
        Some(&n) if n != SLOW => out.push(n),
        _ => slow_normalized(c, out),
    }
}

fn slow_normalized(c: char, out: &mut Vec<char>) {
    for n in std::iter::once(c).nfkc() {
        for l in n.to_lowercase() {
            out.push(T2S.get(&l).copied().unwrap_or(l));
        }
    }
}

/// Whether the normalisation of `c` goes through the Traditional table
/// ([`T2S`]): the browser loads that table (`t2s.js`, 8.9 KB) only for a
/// query or a library that holds such a character.
pub fn uses_t2s(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    match BMP_USES_T2S.get(c as usize / 64) {
        Some(bits) => bits >> (c as usize % 64) & 1 == 1,
        None => slow_uses_t2s(c),
    }
}

/// [`uses_t2s`] of every character of the Basic Multilingual Plane, one bit
/// each, computed once: every page's text is checked character by character,
/// and looking each up in [`T2S`] took a tenth of a build's time.
static BMP_USES_T2S: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for c in (0..=0xFFFFu32).filter_map(char::from_u32).filter(|&c| slow_uses_t2s(c)) {
        bits[c as usize / 64] |= 1 << (c as usize % 64);
    }
    bits
});

fn slow_uses_t2s(c: char) -> bool {
    std::iter::once(c).nfkc().flat_map(char::to_lowercase).any(|l| T2S.contains_key(&l))
}

/// Whether `text` holds a character whose normalisation goes through the
/// Traditional table ([`uses_t2s`]): then the browser needs the table to
/// find the matches in it, whatever the query.
pub fn uses_any_t2s(text: &str) -> bool {
    text.chars().any(uses_t2s)
}

/// The normalised characters of a text.
pub fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len() / 2);
    normalize_into(text, &mut out);
    out
}

/// Appends the normalised characters of a text to `out`.
pub fn normalize_into(text: &str, out: &mut Vec<char>) {
    for c in text.chars() {
        push_normalized(c, out);
    }
}

/// Letters and digits (Chinese characters included) make words; the rest separates them.
pub fn is_word(c: char) -> bool {
    // The common characters first: the standard library looks up the rest slowly.
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{4E00}'..='\u{9FFF}' => true,
        // CJK punctuation and brackets, curly quotes.
        '\u{3001}'..='\u{3002}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301B}' | '\u{2018}'..='\u{201F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The words of a text after normalisation: what the index and the browser
/// both search for. `"QQ群，2020年"` → `["qq群", "2020年"]`.
pub fn terms(text: &str) -> Vec<String> {
    normalize(text).split(|c| !is_word(*c)).filter(|w| !w.is_empty()).map(|w| w.iter().collect()).collect()
}

/// Characters that join the word characters on either side of them into one
/// query string, matched as it is written (`tidb_enable_fast_create_table`,
/// `v8.0.0`, `e-mail`, `2020-05-14`, `a/b`, `10:30`): after normalisation,
/// so full-width `－`, `：`, `／`, `．`, `＿` join too. The index holds each
/// joiner that stands between two word characters, with the character after
/// it. Shipped to the browser in the index's directory (`joiners`).
pub const JOINERS: &str = "_.-/:";

/// Whether `c` (normalised) is one of the [`JOINERS`].
pub fn is_joiner(c: char) -> bool {
    JOINERS.contains(c)
}

/// Whether the normalised character at `i` is a joiner between two word characters.
pub fn joins(norm: &[char], i: usize) -> bool {
    is_joiner(norm[i]) && i > 0 && is_word(norm[i - 1]) && norm.get(i + 1).is_some_and(|&n| is_word(n))
}

/// The words of a query after normalisation: as [`terms`], but a joiner
/// between two word characters stays, so that the string is searched as it
/// is written. `"v8.0.0 国务院-北京 a--b"` → `["v8.0.0", "国务院-北京", "a", "b"]`.
pub fn query_words(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let kept: Vec<bool> = (0..norm.len()).map(|i| is_word(norm[i]) || joins(&norm, i)).collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (c, kept) in norm.iter().zip(kept) {
        if kept {
            word.push(*c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The table of tricky inputs whose terms the Rust and JavaScript sides must
/// agree on (checked in the browser test).
pub const PARITY_CASES: &[&str] = &[
    "意识形态",
    "ＱＱ群２０２０年",
    "意識形態工作責任制",
    "網路輿情監測",
    "Hello, World! 你好",
    "mixed中英文text123",
    "“一岗双责”，（附件）",
    "emoji😀分隔👍词",
    "①②③ ㈠㈡ ⅰⅱ",
    "ﬁnance Ⅻ ㎏",
    "İstanbul ΣΑΣ",
    "tab\tand\nnewline",
    "<script>alert('x')</script>",
    "𠀀𠀁扩展B",
    "全角ＡＢＣ半角abc",
    "tidb_enable_fast_create_table v8.0.0",
    "e-mail 2020-05-14 国务院-北京 a/b 10:30",
    "１０：３０ 第５．２条 ａ／ｂ",
    "a--b _x_ -y. z_ .5 a-",
    "(tidb_enable) 地址：北京市",
];

/// The Traditional table as the browser reads it (`search/t2s.js`, search.js
/// S.t2s): per entry, the Traditional character and its Simplified one, as
/// [`super::codec::push_pairs`] pairs.
pub(super) fn t2s_file() -> crate::output::OutputFile {
    let mut out = Vec::new();
    super::codec::push_pairs(&mut out, T2S.iter().map(|(&t, &s)| (t as u32, s as u32)));
    super::files::js_call(
        "search/t2s.js".into(),
        super::files::Call::T2s,
        &super::files::json(super::files::ascii(&out)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_width_case_and_script() {
        let table: &[(&str, &[&str])] = &[
            ("意识形态", &["意识形态"]),
            ("ＱＱ群２０２０年", &["qq群2020年"]),
            ("意識形態工作責任制", &["意识形态工作责任制"]),
            ("網路輿情監測", &["网路舆情监测"]),
            ("Hello, World! 你好", &["hello", "world", "你好"]),
            ("“一岗双责”，（附件）", &["一岗双责", "附件"]),
            ("emoji😀分隔👍词", &["emoji", "分隔", "词"]),
            ("全角ＡＢＣ半角abc", &["全角abc半角abc"]),
        ];
        for (input, want) in table {
            assert_eq!(terms(input), *want, "{input}");
        }
    }

    #[test]
    fn a_joiner_between_word_characters_keeps_a_query_word_whole() {
        let table: &[(&str, &[&str])] = &[
            ("tidb_enable_fast_create_table", &["tidb_enable_fast_create_table"]),
            ("v8.0.0 e-mail", &["v8.0.0", "e-mail"]),
            ("2020-05-14 10:30 a/b", &["2020-05-14", "10:30", "a/b"]),
            ("国务院-北京", &["国务院-北京"]),
            ("１０：３０ 地址：北京", &["10:30", "地址:北京"]),
            ("a--b _x_ -y. z_ .5 a-", &["a", "b", "x", "y", "z", "5", "a"]),
            ("(tidb_enable)，意识形态", &["tidb_enable", "意识形态"]),
        ];
        for (input, want) in table {
            assert_eq!(query_words(input), *want, "{input}");
        }
        assert_eq!(terms("v8.0.0"), ["v8", "0", "0"], "the index's words stay apart");
    }

    #[test]
    fn a_character_uses_the_table_when_its_normalisation_does() {
        for (c, uses) in
            [('識', true), ('识', false), ('a', false), ('Ａ', false), ('\u{F900}', true), ('\u{2F00}', false)]
        {
            let mut with = Vec::new();
            slow_normalized(c, &mut with);
            let without: Vec<char> = std::iter::once(c).nfkc().flat_map(char::to_lowercase).collect();
            assert_eq!(uses_t2s(c), uses, "{c:?}");
            assert_eq!(uses_t2s(c), with != without, "{c:?}");
        }
        assert!(["意识", "意識"].into_iter().any(uses_any_t2s));
        assert!(!["意识", "ＱＱ群"].into_iter().any(uses_any_t2s));
    }

    #[test]
    fn t2s_table_is_one_to_one_and_sizeable() {
        assert!(T2S.len() > 2000, "{} entries", T2S.len());
        assert_eq!(T2S.get(&'識'), Some(&'识'));
        assert_eq!(T2S.get(&'识'), None);
    }

    #[test]
    fn the_fast_paths_of_is_word_agree_with_unicode() {
        let ranges = [0u32..0x80, 0x2000..0x2100, 0x3000..0x3100, 0x4E00..0xA000];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }
}
