//! ASCII slugs for output paths: a readable pinyin rendering of a Chinese
//! title, so that zip tools and old web servers never garble a path.

use pinyin::ToPinyin;

/// Longest slug we produce; long Chinese titles otherwise become unwieldy paths.
pub const MAX_SLUG_LEN: usize = 64;

/// `2020年X市人大` → `2020-nian-x-shi-ren-da`. Latin letters and digits are kept
/// (lowercased), each Chinese character becomes its toneless pinyin syllable,
/// everything else separates words.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            if !out.is_empty() {
                out.push('-');
            }
            // ü is written v, as pinyin keyboards type it (`nv`, `lv`): slugs stay ASCII.
            out.extend(p.plain().chars().map(|c| if c == 'ü' { 'v' } else { c }));
            pending_dash = true;
        } else {
            pending_dash = true;
        }
    }
    truncate_at_dash(out, MAX_SLUG_LEN)
}

fn truncate_at_dash(s: String, max: usize) -> String {
    if s.len() <= max {
        return s;
    }
    let max = (0..=max).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
    let cut = s[..max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
    s[..cut].to_string()
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

/// An `id` for a heading that keeps its Chinese text: letters, digits and
/// Chinese characters stay, spaces become `-`, punctuation goes.
/// `一、主要做法` → `一主要做法`, `Part 2: Scope` → `part-2-scope`.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
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
        ];
        for (input, want) in table {
            assert_eq!(slugify(input), want, "slugify({input:?})");
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
    fn heading_ids_keep_chinese() {
        let table = [
            ("一、主要做法", "一主要做法"),
            ("（一）加强组织领导", "一加强组织领导"),
            ("Part 2: Scope", "part-2-scope"),
            ("第三条", "第三条"),
            ("、、", "section"),
        ];
        for (input, want) in table {
            assert_eq!(heading_id(input), want, "heading_id({input:?})");
        }
    }

    #[test]
    fn safe_names_are_kept() {
        assert_eq!(path_component("fenxi-yanpan"), "fenxi-yanpan");
        assert_eq!(path_component("00005"), "00005");
        assert_eq!(path_component("学习资料"), "xue-xi-zi-liao");
    }
}
