//! Cleaning raw text: one paragraph per line, scrape junk removed (and
//! recorded), the title found and its repeats dropped, compilations cut
//! into their parts.

use super::junk::{junk_reason, strip_blurb, BLURB_REASON};
use super::structure::{numbering, Line};
use crate::content::reading::is_cjk;

/// A physical line this long that holds runs of spaces is several paragraphs
/// pasted together (a scraped page flattened into one line).
const FLATTENED_LINE_CHARS: usize = 200;
/// A title is a short line.
const MAX_TITLE_CHARS: usize = 60;

/// A line that was removed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// 1-based line in the source file.
    pub line: usize,
    pub reason: &'static str,
    pub text: String,
}

/// A paragraph and the source line it came from (its paragraph, in a .docx).
pub type Paragraph = (usize, Line);

/// Text cut into paragraphs.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub paragraphs: Vec<Paragraph>,
    pub removed: Vec<Removed>,
}

pub fn clean(text: &str) -> Cleaned {
    let mut out = Cleaned::default();
    for (i, raw) in text.lines().enumerate() {
        out.add_line(i + 1, raw);
    }
    out
}

impl Cleaned {
    /// A line of the source: cut where paragraphs were pasted together,
    /// tidied, its junk removed and recorded.
    pub fn add_line(&mut self, line_no: usize, raw: &str) {
        for piece in unflatten(raw) {
            let piece = tidy_spaces(piece.trim());
            if piece.is_empty() {
                continue;
            }
            if let Some(reason) = junk_reason(&piece) {
                self.removed.push(Removed { line: line_no, reason, text: piece });
                continue;
            }
            let piece = match strip_blurb(&piece) {
                Some((kept, blurb)) => {
                    self.removed.push(Removed { line: line_no, reason: BLURB_REASON, text: blurb });
                    kept
                }
                None => piece,
            };
            if !piece.is_empty() {
                self.paragraphs.push((line_no, Line::Text(piece)));
            }
        }
    }

    /// A paragraph that is Markdown already (a .docx's tables and styled
    /// headings), to be written as it is.
    pub fn add_markdown(&mut self, line_no: usize, markdown: String) {
        self.paragraphs.push((line_no, Line::Markdown(markdown)));
    }
}

fn unflatten(line: &str) -> Vec<&str> {
    if line.chars().count() < FLATTENED_LINE_CHARS {
        return vec![line];
    }
    line.split("  ").flat_map(|p| p.split("\u{3000}\u{3000}")).collect()
}

/// Drops a space between two Chinese characters (`意识形 态`), a scraping
/// artefact in running text; keeps spaces that separate a name from a title
/// in short lines (`组长: 杨正文 党工委书记`).
fn tidy_spaces(line: &str) -> String {
    if line.chars().count() < 80 {
        return line.to_string();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_cjk = c == ' ' && i > 0 && chars.get(i + 1).is_some_and(|&n| is_cjk(n)) && is_cjk(chars[i - 1]);
        if !between_cjk {
            out.push(c);
        }
    }
    out
}

/// The head of an official document (公文版头), above its title: the
/// issuer's line (`XX市人民政府办公室文件`) and the document number
/// (`X政办发〔2024〕12号`, perhaps with `签发人：…` after it).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DocumentHead {
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
}

/// The document number is looked for among this many first paragraphs.
const HEAD_PARAGRAPHS: usize = 4;

static DOC_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(\S{1,15}?)[〔\[【（(]((?:19|20)\d{2})[〕\]】）)](第?\d{1,4}号)(?:\s+签发人[:：].*)?$")
        .expect("a valid pattern")
});

/// Takes the document head off the front, when there is one, for the front
/// matter; each line taken is recorded with where it went.
pub fn take_document_head(paragraphs: &mut Vec<Paragraph>, removed: &mut Vec<Removed>) -> DocumentHead {
    let found = paragraphs.iter().take(HEAD_PARAGRAPHS).enumerate().find_map(|(i, (_, p))| {
        let c = DOC_NUMBER.captures(p.as_text()?.trim())?;
        Some((i, format!("{}〔{}〕{}", &c[1], &c[2], &c[3])))
    });
    let Some((at, number)) = found else { return DocumentHead::default() };
    let issuer_at = (0..at).rev().find(|&i| {
        let p = paragraphs[i].1.as_text().unwrap_or_default();
        p.ends_with("文件") && p.chars().count() <= MAX_TITLE_CHARS
    });
    let (line, text) = paragraphs.remove(at);
    let text = text.text().to_string();
    removed.push(Removed { line, reason: "document number, now the front matter's doc_number", text });
    let issuer = issuer_at.map(|i| {
        let (line, text) = paragraphs.remove(i);
        let text = text.text().to_string();
        let issuer = text.trim_end_matches("文件").trim().to_string();
        removed.push(Removed { line, reason: "issuer's heading, now the front matter's issuer", text });
        issuer
    });
    DocumentHead { issuer: issuer.filter(|i| !i.is_empty()), doc_number: Some(number) }
}

/// Takes the title off the front when the first paragraph looks like one
/// (short, no closing full stop, no numbering), and drops later repeats of it,
/// including a repeat glued to the start of the first paragraph.
pub fn take_title(paragraphs: &mut Vec<Paragraph>, removed: &mut Vec<Removed>) -> Option<String> {
    let first = paragraphs.first()?.1.as_text()?;
    if !looks_like_title(first) {
        return None;
    }
    let title = first.to_string();
    paragraphs.remove(0);
    paragraphs.retain_mut(|(line, p)| {
        let Line::Text(p) = p else { return true };
        if *p == title {
            removed.push(Removed { line: *line, reason: "repeated title", text: p.clone() });
            return false;
        }
        if let Some(rest) = p.strip_prefix(title.as_str()) {
            if rest.starts_with([' ', '\u{3000}']) {
                *p = rest.trim().to_string();
            }
        }
        true
    });
    Some(title)
}

pub fn looks_like_title(line: &str) -> bool {
    let n = line.chars().count();
    (4..=MAX_TITLE_CHARS).contains(&n)
        && !line.ends_with(['。', '；', ';', '：', ':', '，', ','])
        // `上机第16周，来机考就可以。学生成绩评定方法` is sentences, not a title.
        && !line.contains('。')
        && numbering(line).is_none()
        && !super::docx::is_toc_heading(line)
}

/// One part of a compilation.
#[derive(Debug)]
pub struct Part {
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

/// Cuts a compilation (`……方案篇一`, `……方案篇二`, …) into its parts. What
/// comes before the first part is the compilation's own preamble: returned
/// apart, so the caller can report it.
pub fn split_parts(paragraphs: Vec<Paragraph>) -> (Vec<Paragraph>, Vec<Part>) {
    let mut preamble = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for (line, p) in paragraphs {
        if let Some(title) = p.as_text().filter(|t| is_part_marker(t)) {
            parts.push(Part { title: title.to_string(), paragraphs: Vec::new() });
        } else if let Some(part) = parts.last_mut() {
            part.paragraphs.push((line, p));
        } else {
            preamble.push((line, p));
        }
    }
    (preamble, parts)
}

/// `网络意识形态方案篇十七`, `第三篇`, `范文二`: a line that opens a part.
fn is_part_marker(line: &str) -> bool {
    let n = line.chars().count();
    if n > 40 {
        return false;
    }
    let numerals = "一二三四五六七八九十百";
    let trimmed = line.trim_end_matches(|c: char| numerals.contains(c));
    let tail = line.len() - trimmed.len();
    (tail > 0 && (trimmed.ends_with('篇') || trimmed.ends_with("范文")))
        || (line.starts_with('第') && line.ends_with('篇') && n <= 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_page_is_cut_into_paragraphs_and_spaces_tidied() {
        let body = "一、主要做法".to_string() + "  " + &"市人大机关党组认真贯彻意识形 态工作。".repeat(12);
        let c = clean(&body);
        assert_eq!(c.paragraphs.len(), 2);
        assert_eq!(c.paragraphs[0].1.text(), "一、主要做法");
        assert!(!c.paragraphs[1].1.text().contains("形 态"));
    }

    #[test]
    fn junk_is_removed_with_line_and_reason() {
        let c = clean("标题\n  4. 网站客服QQ:403074932\n正文。\n");
        assert_eq!(c.paragraphs.len(), 2);
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].line, 2);
    }

    #[test]
    fn title_is_taken_and_its_repeats_dropped() {
        let mut c = clean("2022年上半年工作报告\n\n2022年上半年工作报告\n\n中共XX市委:\n");
        let title = take_title(&mut c.paragraphs, &mut c.removed);
        assert_eq!(title.as_deref(), Some("2022年上半年工作报告"));
        assert_eq!(c.paragraphs.len(), 1);
        assert_eq!(c.removed[0].reason, "repeated title");
    }

    #[test]
    fn no_title_when_the_first_line_is_a_paragraph() {
        let mut c = clean("2025年,XX市人大办公室意识形态工作要坚持以习近平新时代中国特色社会主义思想为指导,深入贯彻党的二十大精神。\n");
        assert_eq!(take_title(&mut c.paragraphs, &mut c.removed), None);
    }

    #[test]
    fn compilation_is_split_into_parts() {
        let c = clean("汇编(17篇)\n前言。\n方案篇一\n甲。\n方案篇二\n乙。\n丙。\n");
        let (pre, parts) = split_parts(c.paragraphs);
        assert_eq!(pre.len(), 2);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1].title, "方案篇二");
        assert_eq!(parts[1].paragraphs.len(), 2);
    }
}
