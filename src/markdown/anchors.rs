//! Anchors a page defines, named as authors of other tools' Markdown expect
//! them: heading ids by GitHub's rules (github-slugger, which Hugo's default
//! and markdown-it-anchor follow too), rule articles (第X条) by their number.

/// An `id` for a heading, by GitHub's rules: lowercase; every character that
/// is not a letter, number, space, `-` or `_` (in the Unicode sense, so
/// Chinese stays) is dropped; each space becomes `-`, runs are not collapsed.
/// `tidb_enable_fast_create_table 从 v8.0.0 版本开始引入` →
/// `tidb_enable_fast_create_table-从-v800-版本开始引入`; `一、主要做法` → `一主要做法`.
/// A heading with no such character at all gets `section`.
pub fn heading_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// The id VitePress gives a heading (its `slugify`): Latin letters lose
/// their accents, each run of ASCII punctuation and space becomes one `-`,
/// a leading digit gets `_`. Authors of VitePress sites link to these
/// (`#server-port` for `server.port`), so a heading answers to it as well.
pub fn vitepress_id(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    const SPECIAL: &str = "~`!@#$%^&*()-_+=[]{}|\\;:\"'“”‘’<>,.?/";
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c) && !c.is_control()) {
        if c.is_whitespace() || SPECIAL.contains(c) {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    let out = out.trim_end_matches('-');
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out.to_string()
    }
}

const CHINESE_NUMERALS: &str = "零〇一二三四五六七八九十百千两";

/// `第十二条 …` → `第十二条`, `第十条之一 …` → `第十条之一`: the article
/// number that opens a text, when it is an article's opening: followed by a
/// space, a full-width space or the end (after any closing `**`). A text that
/// only mentions an article (`第三十一条的决定》第一次修正`) has none.
pub fn article_id(text: &str) -> Option<String> {
    let rest = text.strip_prefix('第')?;
    let digits: String = rest.chars().take_while(|c| CHINESE_NUMERALS.contains(*c) || c.is_ascii_digit()).collect();
    let after = rest[digits.len()..].strip_prefix('条');
    let (Some(after), false) = (after, digits.is_empty()) else {
        return None;
    };
    let sub: String = match after.strip_prefix('之') {
        Some(n) => n.chars().take_while(|c| CHINESE_NUMERALS.contains(*c)).collect(),
        None => String::new(),
    };
    let after = if sub.is_empty() { after } else { &after['之'.len_utf8() + sub.len()..] };
    let after = after.trim_start_matches(['*', '_']);
    if !(after.is_empty() || after.starts_with([' ', '\u{3000}', '\n', '\t'])) {
        return None;
    }
    Some(if sub.is_empty() { format!("第{digits}条") } else { format!("第{digits}条之{sub}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_follow_github() {
        let table = [
            ("一、主要做法", "一主要做法"),
            ("（一）加强组织领导", "一加强组织领导"),
            ("Part 2: Scope", "part-2-scope"),
            ("第三条", "第三条"),
            ("、、", "section"),
            (
                "tidb_enable_fast_create_table 从 v8.0.0 版本开始引入",
                "tidb_enable_fast_create_table-从-v800-版本开始引入",
            ),
            ("TiDB 中文技术文档风格 - 极简指南", "tidb-中文技术文档风格---极简指南"),
            ("什么是 Request Unit (RU)", "什么是-request-unit-ru"),
            ("`self`、`&self` 和 `&mut self`", "selfself-和-mut-self"),
            ("a  b", "a--b"),
            ("Ünïcode Straße", "ünïcode-straße"),
        ];
        for (input, want) in table {
            assert_eq!(heading_id(input), want, "heading_id({input:?})");
        }
    }

    #[test]
    fn vitepress_ids() {
        let table = [
            ("server.port", "server-port"),
            ("css.lightningcss", "css-lightningcss"),
            ("`build.target`", "build-target"),
            ("Glob 导入形式 as", "glob-导入形式-as"),
            ("2. 安装", "_2-安装"),
            ("Café  -- x", "cafe-x"),
        ];
        for (input, want) in table {
            assert_eq!(vitepress_id(input), want, "vitepress_id({input:?})");
        }
    }

    #[test]
    fn article_numbers() {
        assert_eq!(article_id("第三十条 x"), Some("第三十条".into()));
        assert_eq!(article_id("第12条"), Some("第12条".into()));
        assert_eq!(article_id("第一章"), None);
        assert_eq!(article_id("第条"), None);
        let table = [
            ("第十条之一　国家", Some("第十条之一")),
            ("第十条之二", Some("第十条之二")),
            ("第三十一条\u{3000}本法", Some("第三十一条")),
            ("第三十一条** 本法", Some("第三十一条")),
            ("第三十一条的决定》第一次修正", None),
            ("第三十一条规定的", None),
            ("第十条之一的规定", None),
        ];
        for (text, want) in table {
            assert_eq!(article_id(text).as_deref(), want, "{text}");
        }
    }
}
