//! Structure recovery: official numbering becomes Markdown headings
//! (一、 → ##, （一） → ###, 1. → ####, 第X章 → ##, 第X节 → ###), half-width
//! punctuation inside Chinese text becomes full-width, and text that would
//! read as Markdown syntax is escaped.

use crate::content::reading::is_cjk;

/// A heading's text longer than this is a paragraph that opens with a number,
/// not a heading: it is cut at its first full stop.
const MAX_HEADING_CHARS: usize = 40;
/// A numbered line whose parentheses were lost in scraping (`一加强领导`) is
/// only taken as a heading when this short.
const MAX_BARE_HEADING_CHARS: usize = 30;

const NUMERALS: &str = "一二三四五六七八九十百零〇两";

/// The official numbering a line opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// 第一编 of a code of law, 第一讲 of lecture notes: above chapters and 一、.
    Volume,
    /// 第一章
    Chapter,
    /// 第一节
    Part,
    /// 一、
    Level1,
    /// （一）
    Level2,
    /// 1. or 1、
    Level3,
    /// 第一条: stays a paragraph; the renderer gives it an anchor.
    Article,
}

impl Numbering {
    fn heading_level(self) -> Option<usize> {
        match self {
            Numbering::Volume | Numbering::Chapter | Numbering::Level1 => Some(2),
            Numbering::Part | Numbering::Level2 => Some(3),
            Numbering::Level3 => Some(4),
            Numbering::Article => None,
        }
    }
}

fn numeral_run(s: &str) -> usize {
    s.chars().take_while(|c| NUMERALS.contains(*c)).map(char::len_utf8).sum()
}

/// Which official numbering `line` opens with, if any.
pub fn numbering(line: &str) -> Option<Numbering> {
    if let Some(rest) = line.strip_prefix('第') {
        let n = numeral_run(rest).max(rest.bytes().take_while(u8::is_ascii_digit).count());
        let after = &rest[n..];
        return match after.chars().next() {
            _ if n == 0 => None,
            // Unlike 章, these start words too (第一编辑部, 第一讲究): a space or the end must follow.
            Some(c @ ('编' | '讲')) if after[c.len_utf8()..].chars().next().is_none_or(char::is_whitespace) => {
                Some(Numbering::Volume)
            }
            Some('章') => Some(Numbering::Chapter),
            Some('节') => Some(Numbering::Part),
            Some('条') => Some(Numbering::Article),
            _ => None,
        };
    }
    let n = numeral_run(line);
    if n > 0 && line[n..].starts_with('、') {
        return Some(Numbering::Level1);
    }
    if let Some(rest) = line.strip_prefix(['（', '(']) {
        let n = numeral_run(rest);
        if n > 0 && rest[n..].starts_with(['）', ')']) {
            return Some(Numbering::Level2);
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let after = &line[digits..];
        let next_is_digit = after.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        if after.starts_with(['.', '．', '、']) && !next_is_digit {
            return Some(Numbering::Level3);
        }
    }
    None
}

/// Second characters that make `一…` a word (一是, 一些, 一年) rather than a
/// numbered heading that lost its parentheses.
const NOT_BARE_NUMBERING: &str = "是要些直方年批系定般起致同体切线把律流级次项个份段旦并道天月名位种届";

/// `一加强组织领导，夯实主体责任。` under a `一、` heading: scraped text that
/// lost the parentheses of `（一）`. Returns the numeral's value.
fn bare_numeral(line: &str) -> Option<usize> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let value = "一二三四五六七八九".find(first).map(|i| i / 3 + 1)?;
    let second = chars.next()?;
    if NOT_BARE_NUMBERING.contains(second) || NUMERALS.contains(second) || !is_cjk(second) {
        return None;
    }
    let head = line.split('。').next().unwrap_or(line);
    (head.chars().count() <= MAX_BARE_HEADING_CHARS).then_some(value)
}

/// A cleaned paragraph: text, or Markdown already (a .docx's tables and
/// styled headings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    Markdown(String),
}

impl Line {
    pub fn text(&self) -> &str {
        match self {
            Line::Text(t) | Line::Markdown(t) => t,
        }
    }

    /// The text of a text paragraph; none for Markdown.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Line::Text(t) => Some(t),
            Line::Markdown(_) => None,
        }
    }
}

/// Turns cleaned lines (one paragraph each) into Markdown blocks.
/// How many articles make a document of articles: one 第三条 among a plan's
/// sections is a quotation, not the document's shape.
const MIN_ARTICLES: usize = 3;

/// In a document of articles (第X条: a law, a regulation, a rule), only
/// chapters and sections (第X章, 第X节) are headings: its 一、 and （一） are the
/// items of an article, not parts of the document.
pub fn to_markdown(lines: &[Line]) -> String {
    let texts = || lines.iter().filter_map(Line::as_text);
    let articles = texts().filter(|t| crate::markdown::article_id(t).is_some());
    let has_articles = articles.take(MIN_ARTICLES).count() == MIN_ARTICLES;
    // With volumes (第一编, 第一讲), what they hold is a level down.
    let below = usize::from(texts().any(|t| numbering(t) == Some(Numbering::Volume)));
    let mut out = String::new();
    let mut bare_expected = 1;
    for line in lines {
        let line = match line {
            Line::Text(t) => typography(t),
            Line::Markdown(m) => {
                out.push_str(m);
                out.push_str("\n\n");
                continue;
            }
        };
        let numbered = numbering(&line)
            .filter(|n| !has_articles || matches!(n, Numbering::Volume | Numbering::Chapter | Numbering::Part));
        let block = match numbered.and_then(Numbering::heading_level) {
            Some(level) => {
                if matches!(numbered, Some(Numbering::Volume | Numbering::Level1 | Numbering::Chapter)) {
                    bare_expected = 1;
                }
                let level = if numbered == Some(Numbering::Volume) { level } else { (level + below).min(6) };
                heading(level, &line)
            }
            None => match bare_numeral(&line).filter(|_| !has_articles) {
                Some(v) if v == bare_expected => {
                    bare_expected += 1;
                    let numeral = line.chars().next().unwrap_or('一');
                    let rest = &line[numeral.len_utf8()..];
                    heading(3 + below, &format!("（{numeral}）{rest}"))
                }
                _ => escape(&line),
            },
        };
        out.push_str(&block);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `## heading` and, when the numbered line runs on past its first full stop
/// (`（一）加强领导。一是……`), the rest as a paragraph.
fn heading(level: usize, line: &str) -> String {
    let marks = "#".repeat(level);
    let (head, rest) = match line.find('。') {
        Some(i) => (&line[..i], line[i + '。'.len_utf8()..].trim()),
        None => (line, ""),
    };
    if head.chars().count() > MAX_HEADING_CHARS {
        return escape(line);
    }
    if rest.is_empty() {
        format!("{marks} {}", escape(head))
    } else {
        format!("{marks} {}\n\n{}", escape(head), escape(rest))
    }
}

/// A heading that a .docx marks by its style rather than by numbering:
/// outline level 1 (Heading 1) is `##`, as 一、 is.
pub fn styled_heading(level: u8, text: &str) -> String {
    format!("{} {}", "#".repeat((level as usize + 1).min(6)), escape(&typography(text)))
}

/// A table as Markdown, its first row the header.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let row = |cells: &[String]| {
        let cell = |i: usize| cells.get(i).map(|c| escape(&typography(c.trim()))).unwrap_or_default();
        format!("| {} |", (0..columns).map(cell).collect::<Vec<_>>().join(" | "))
    };
    let mut out = vec![row(rows.first().map_or(&[][..], |r| r.as_slice()))];
    out.push(format!("|{}", " --- |".repeat(columns)));
    out.extend(rows.iter().skip(1).map(|r| row(r)));
    out.join("\n")
}

/// Escapes what Markdown would otherwise read as syntax: `*`, `_`, brackets,
/// backticks, `<`, and list or heading markers at the start of a line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    let lead = out.chars().next();
    if matches!(lead, Some('#' | '-' | '+' | '=')) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Half-width `,:;()?!` and straight quotes next to Chinese become full-width,
/// as Chinese typesetting requires; `10:30` and `(2)` among digits stay.
pub fn typography(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut open_quote = true;
    let quotes = chars.iter().filter(|&&c| c == '"').count();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let near_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        let full = match c {
            ',' if near_cjk => '，',
            ':' if near_cjk => '：',
            ';' if near_cjk => '；',
            '?' if near_cjk => '？',
            '!' if near_cjk => '！',
            '(' if near_cjk || next.is_some_and(|n| NUMERALS.contains(n)) => '（',
            ')' if near_cjk => '）',
            '"' if quotes % 2 == 0 && line.chars().any(is_cjk) => {
                open_quote = !open_quote;
                if open_quote {
                    '”'
                } else {
                    '“'
                }
            }
            _ => c,
        };
        out.push(full);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(lines: &[&str]) -> String {
        to_markdown(&lines.iter().map(|s| Line::Text(s.to_string())).collect::<Vec<_>>())
    }

    #[test]
    fn in_a_document_of_articles_only_chapters_are_headings() {
        let text = |t: &str| Line::Text(t.to_string());
        let rule = [
            text("第二章　范围"),
            text("第八条　保密工作。"),
            text("第九条　下列事项应当确定为国家秘密："),
            text("（一）国家事务重大决策中的秘密事项；"),
            text("一、其他"),
            text("第十条　附则。"),
        ];
        let md = to_markdown(&rule);
        assert!(md.contains("## 第二章"), "{md}");
        assert!(md.contains("\n（一）国家事务") && md.contains("\n一、其他"), "items stay paragraphs: {md}");
        let plan = [text("一、主要做法"), text("（一）加强组织领导")];
        let md = to_markdown(&plan);
        assert!(md.contains("## 一、主要做法") && md.contains("### （一）加强组织领导"), "{md}");
    }

    #[test]
    fn numbering_table() {
        let table = [
            ("一、主要做法", Some(Numbering::Level1)),
            ("十二、附则", Some(Numbering::Level1)),
            ("（一）加强组织领导", Some(Numbering::Level2)),
            ("(三)强化阵地建设", Some(Numbering::Level2)),
            ("1.深入学习", Some(Numbering::Level3)),
            ("12、加强", Some(Numbering::Level3)),
            ("2021.3月", None),
            ("2020年", None),
            ("第一章 总则", Some(Numbering::Chapter)),
            ("第一编 总则", Some(Numbering::Volume)),
            ("第十二讲 朱熹的理学", Some(Numbering::Volume)),
            ("第一讲究", None),
            ("第一编辑部", None),
            ("第二编　物权", Some(Numbering::Volume)),
            ("第二节 范围", Some(Numbering::Part)),
            ("第十二条 本办法", Some(Numbering::Article)),
            ("第一责任人", None),
            ("一是狠抓中心重点", None),
            ("一岗双责", None),
        ];
        for (line, want) in table {
            assert_eq!(numbering(line), want, "{line}");
        }
    }

    /// Lecture notes (中国哲学（下）复习纲要.docx of lib-pku/libpku) and a code
    /// of law: a 讲 or 编 is the top heading, and what it holds a level down.
    #[test]
    fn volumes_hold_what_is_numbered_below_them() {
        let out =
            md(&["第一讲 韩愈与儒学复兴运动", "一、道统说", "（一）缘起", "正文。", "第二讲 周敦颐", "一、太极图说"]);
        assert_eq!(
            out,
            "## 第一讲 韩愈与儒学复兴运动\n\n### 一、道统说\n\n#### （一）缘起\n\n正文。\n\n## 第二讲 周敦颐\n\n### 一、太极图说\n"
        );
        let law = md(&["第一编　总则", "第一章 基本规定", "第一条 为了保护。", "第二条 调整。", "第三条 权利。"]);
        assert!(law.starts_with("## 第一编　总则\n\n### 第一章 基本规定\n\n第一条"), "{law}");
    }

    #[test]
    fn numbered_lines_become_headings() {
        let out = md(&[
            "一、主要做法",
            "（一）加强组织领导，当好主力军。一是狠抓中心重点。",
            "1.深入学习。制定计划。",
            "第一章 总则",
            "第三条 本办法适用于全市。",
        ]);
        assert_eq!(
            out,
            "## 一、主要做法\n\n### （一）加强组织领导，当好主力军\n\n一是狠抓中心重点。\n\n#### 1\\.深入学习\n\n制定计划。\n\n## 第一章 总则\n\n第三条 本办法适用于全市。\n"
        );
    }

    #[test]
    fn long_numbered_paragraph_stays_a_paragraph() {
        let long = format!("（二）{}", "很长的句子".repeat(12));
        assert!(!md(&[&long]).starts_with('#'));
    }

    #[test]
    fn lost_parentheses_are_recovered_in_sequence_only() {
        let out = md(&[
            "一、工作情况",
            "一加强组织领导,夯实主体责任。",
            "正文。",
            "二加强重点领域管理,严格风险防控。",
            "一年来成效明显。",
        ]);
        assert!(out.contains("### （一）加强组织领导，夯实主体责任\n"), "{out}");
        assert!(out.contains("### （二）加强重点领域管理"), "{out}");
        assert!(out.contains("\n一年来成效明显。"), "{out}");
        let out = md(&["三是加强监督。"]);
        assert!(!out.starts_with('#'), "{out}");
    }

    #[test]
    fn placeholders_and_syntax_are_escaped() {
        assert_eq!(escape("**镇党委"), "\\*\\*镇党委");
        assert_eq!(escape("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape("20-年度"), "20-年度");
        assert_eq!(escape("3. 不是列表"), "3\\. 不是列表");
    }

    #[test]
    fn punctuation_becomes_full_width_next_to_chinese() {
        assert_eq!(typography("2021年,在X委(附件):好;"), "2021年，在X委（附件）：好；");
        assert_eq!(typography("会议于10:30开始"), "会议于10:30开始");
        assert_eq!(typography("领导班子成员\"一岗双责\"清单"), "领导班子成员“一岗双责”清单");
        assert_eq!(typography("(一)加强"), "（一）加强");
    }
}
