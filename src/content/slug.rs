//! ASCII slugs for output paths: a readable pinyin rendering of a Chinese
//! name, so that zip tools and old web servers never garble a path. Words
//! whose characters read otherwise together (银行 yin-hang, 重庆 chong-qing)
//! come from a list made from pypinyin's phrase dictionary
//! (`pinyin_phrases.txt`, by `scripts/pinyin-phrases.py`); every other
//! character takes its most common reading. `ü` is written `v` (lv-you).

use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Longest slug [`slugify`] produces, for names made from titles (import,
/// the site's id); output paths have their own limits (`content::paths`).
pub const MAX_SLUG_LEN: usize = 64;

/// Words with their reading when it is not that of their characters one by
/// one (`None`: read character by character, listed so that a word read
/// otherwise is not found across its edge), and the length in characters
/// of the longest.
static PHRASES: LazyLock<(HashMap<&'static str, Option<&'static str>>, usize)> = LazyLock::new(|| {
    let words: HashMap<&str, Option<&str>> = include_str!("pinyin_phrases.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| match l.split_once(' ') {
            Some((word, reading)) => (word, Some(reading)),
            None => (l, None),
        })
        .collect();
    let longest = words.keys().map(|w| w.chars().count()).max().unwrap_or(1);
    (words, longest)
});

/// `2020年X市人大` → `2020-nian-x-shi-ren-da`, cut at a dash within
/// [`MAX_SLUG_LEN`].
pub fn slugify(text: &str) -> String {
    cut_at_dash(&slugify_whole(text), MAX_SLUG_LEN).0
}

/// The slug of the whole text, however long: Latin letters and digits are
/// kept (lowercased), each Chinese character becomes its toneless pinyin
/// syllable, everything else separates words.
pub fn slugify_whole(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let syllables = syllables(&chars);
    let mut out = String::with_capacity(text.len() * 2);
    let mut pending_dash = false;
    for (c, syllable) in chars.iter().zip(syllables) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = syllable {
            if !out.is_empty() {
                out.push('-');
            }
            out.extend(p.chars().map(|c| if c == 'ü' { 'v' } else { c }));
            pending_dash = true;
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Each character's toneless syllable (`None` for what is not Chinese),
/// read word by word: the text is cut into listed words from its start,
/// taking the longest word at each place, as pypinyin does. (Cutting from
/// the end reads 南京市长江大桥 right but 暂行规定 as 暂/行规/定, which is
/// far more common in the names of rules.)
fn syllables(chars: &[char]) -> Vec<Option<&'static str>> {
    let (words, longest) = &*PHRASES;
    let mut out: Vec<Option<&'static str>> = Vec::with_capacity(chars.len());
    let mut word = String::new();
    let mut start = 0;
    while start < chars.len() {
        let mut len = 1;
        let mut reading = None;
        for n in (2..=(*longest).min(chars.len() - start)).rev() {
            let span = &chars[start..start + n];
            if span.iter().any(|c| c.is_ascii()) {
                continue;
            }
            word.clear();
            word.extend(span);
            if let Some(r) = words.get(word.as_str()) {
                (len, reading) = (n, *r);
                break;
            }
        }
        let mut listed = reading.map(|r| r.split(' '));
        for c in &chars[start..start + len] {
            out.push(match listed.as_mut().and_then(|l| l.next()) {
                Some(syllable) => Some(syllable),
                None => c.to_pinyin().map(|p| p.plain()),
            });
        }
        start += len;
    }
    out
}

/// `s` cut to at most `max` bytes, at a dash where there is one, and
/// whether it was cut. `s` is ASCII.
pub fn cut_at_dash(s: &str, max: usize) -> (String, bool) {
    if s.len() <= max {
        return (s.to_string(), false);
    }
    let max = (0..=max).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    let cut = s[..max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
    (s[..cut].trim_end_matches(['-', '.', '_']).to_string(), true)
}

/// Whether a file or folder name can be used in an output path as it is.
pub fn is_safe(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !name.starts_with('.')
}

/// A name kept as it is when already safe, otherwise slugified (never empty).
pub fn path_component(name: &str) -> String {
    if is_safe(name) {
        return name.to_string();
    }
    let s = slugify(name);
    if s.is_empty() {
        "x".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let table = [
            ("意识形态", "yi-shi-xing-tai"),
            ("2020年X市人大", "2020-nian-x-shi-ren-da"),
            ("Hello, World!", "hello-world"),
            ("网络意识形态方案（篇一）", "wang-luo-yi-shi-xing-tai-fang-an-pian-yi"),
            ("QQ群", "qq-qun"),
            ("妇女权益保障法", "fu-nv-quan-yi-bao-zhang-fa"),
            ("法律", "fa-lv"),
            ("", ""),
            ("——", ""),
            ("行政复议法(2017-09-01)", "xing-zheng-fu-yi-fa-2017-09-01"),
            ("旅游法", "lv-you-fa"),
            ("绿色", "lv-se"),
        ];
        for (input, want) in table {
            assert_eq!(slugify(input), want, "slugify({input:?})");
        }
    }

    #[test]
    fn polyphones_read_as_in_their_words() {
        let table = [
            ("重庆", "chong-qing"),
            ("银行", "yin-hang"),
            ("长江", "chang-jiang"),
            ("重要", "zhong-yao"),
            ("行长", "hang-zhang"),
            ("中国人民银行行长", "zhong-guo-ren-min-yin-hang-hang-zhang"),
            ("人民调解法", "ren-min-tiao-jie-fa"),
            ("暂行规定", "zan-xing-gui-ding"),
            ("行政", "xing-zheng"),
            ("外国籍船舶航行长江水域管理规定", "wai-guo-ji-chuan-bo-hang-xing-chang-jiang-shui-yu-guan-li-gui-ding"),
        ];
        for (input, want) in table {
            assert_eq!(slugify_whole(input), want, "slugify_whole({input:?})");
        }
    }

    #[test]
    fn long_slugs_are_cut_at_a_dash() {
        let s = slugify("关于进一步加强和改进新形势下意识形态工作责任制落实情况的专题调研报告");
        assert!(s.len() <= MAX_SLUG_LEN, "{s}");
        assert!(!s.ends_with('-'));
        assert!(s.is_ascii());
        // 履 (lü) across the cut panicked: the slug was cut inside ü.
        let s = slugify("韩某某诉土地上房屋征收办公室不履行预征收行政协议案");
        assert!(s.len() <= MAX_SLUG_LEN && s.is_ascii(), "{s}");
    }

    #[test]
    fn safe_names_are_kept() {
        assert_eq!(path_component("fenxi-yanpan"), "fenxi-yanpan");
        assert_eq!(path_component("00005"), "00005");
        assert_eq!(path_component("学习资料"), "xue-xi-zi-liao");
    }
}
