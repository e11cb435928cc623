//! Emphasis next to full-width punctuation. CommonMark's flanking rules treat
//! `**重要，**其后` as literal asterisks, because the closing `**` follows a
//! punctuation mark and precedes a letter; a Chinese reader expects bold.
//! pulldown-cmark 0.13 has no option for this (upstream merged the
//! "markdown-cjk-friendly" rule, unreleased), so before parsing we turn such
//! pairs into `<strong>` tags, which CommonMark passes through as inline HTML
//! while still parsing the Markdown between them. Pairs that CommonMark
//! handles already are left to it.

use crate::content::reading::is_cjk;
use std::borrow::Cow;

/// Rewrites `**…**` pairs that strict CommonMark would leave as literal
/// asterisks because of full-width punctuation inside them. Code (fenced
/// blocks, backtick spans) and escaped asterisks are never touched; lines
/// are never added or removed, so positions in messages stay right.
pub fn rewrite(source: &str) -> Cow<'_, str> {
    if !source.contains("**") {
        return Cow::Borrowed(source);
    }
    let mut replacements: Vec<(usize, &'static str)> = Vec::new();
    let mut in_fence = false;
    let mut paragraph: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || trimmed.trim().is_empty() {
            pair(source, &std::mem::take(&mut paragraph), &mut replacements);
        } else {
            paragraph.extend(delimiters(line).into_iter().map(|i| offset + i));
        }
        offset += line.len();
    }
    pair(source, &paragraph, &mut replacements);
    if replacements.is_empty() {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len() + replacements.len() * 8);
    let mut last = 0;
    for (at, tag) in replacements {
        out.push_str(&source[last..at]);
        out.push_str(tag);
        last = at + 2;
    }
    out.push_str(&source[last..]);
    Cow::Owned(out)
}

/// Byte offsets of `**` runs (exactly two, unescaped, outside backtick code spans).
fn delimiters(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'`' => in_code = !in_code,
            b'*' if !in_code => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
                if run == 2 {
                    found.push(i);
                }
                i += run;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Pairs delimiters left to right; records the pairs CommonMark would miss.
fn pair(source: &str, delims: &[usize], replacements: &mut Vec<(usize, &'static str)>) {
    for p in delims.chunks_exact(2) {
        let (open, close) = (p[0], p[1]);
        let inner_first = source[open + 2..].chars().next();
        let inner_last = source[..close].chars().next_back();
        let before = source[..open].chars().next_back();
        let after = source[close + 2..].chars().next();
        let opener_fails = inner_first.is_some_and(is_cjk_punct) && before.is_some_and(is_word);
        let closer_fails = inner_last.is_some_and(is_cjk_punct) && after.is_some_and(is_word);
        if (opener_fails || closer_fails) && close > open + 2 {
            replacements.push((open, "<strong>"));
            replacements.push((close, "</strong>"));
        }
    }
}

/// Full-width punctuation, which CommonMark counts as punctuation.
fn is_cjk_punct(c: char) -> bool {
    is_cjk(c) && !c.is_alphanumeric()
}

/// A character that is neither white space nor punctuation.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_what_commonmark_misses() {
        let table = [
            ("**重要，**其后", "<strong>重要，</strong>其后"),
            ("这是**“引号”**内容", "这是<strong>“引号”</strong>内容"),
            ("**普通**加粗", "**普通**加粗"),
            ("`**代码，**不变`", "`**代码，**不变`"),
            ("\\*\\*镇，\\*\\*村", "\\*\\*镇，\\*\\*村"),
            ("```\n**重要，**其后\n```\n", "```\n**重要，**其后\n```\n"),
            ("**一，**\n\n**二，**后", "**一，**\n\n<strong>二，</strong>后"),
        ];
        for (input, want) in table {
            assert_eq!(rewrite(input), want, "{input:?}");
        }
    }
}
