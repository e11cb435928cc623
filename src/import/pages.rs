//! One document → its pages, the pure core of `import`: a text's lines, a
//! Word document's blocks or a Markdown text, cleaned of junk (each line
//! removed is reported), its head and title taken, its official numbering
//! made headings, a compilation cut into its parts, and a front matter
//! filled from the options and from what the text says ([`super::guess`],
//! [`super::rule`]). In: text or blocks and [`ImportArgs`]. Out: a [`Report`].

use super::clean::{self, Cleaned, Removed};
use super::guess::{closing_date, first_year, guess_issuer, guess_kind, without_book_marks};
use super::{docx, junk, rule, structure, ImportArgs};
use crate::content::{slug, Kind};
use crate::diagnostics::count;
use anyhow::Result;
use serde::Serialize;

/// A page ready to be written.
#[derive(Debug)]
pub struct Imported {
    pub front_matter: ImportedFrontMatter,
    /// The source's own front matter, kept as written (Markdown input).
    pub raw_front_matter: Option<String>,
    pub body: String,
}

#[derive(Debug, Serialize)]
pub struct ImportedFrontMatter {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// A rule's adoption (通过) and revisions (修订, 修正), from its history line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub revised: Vec<String>,
    /// `本法自……起施行`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

impl Imported {
    pub fn to_markdown(&self) -> Result<String> {
        let (head, body) = self.parts()?;
        Ok(head + body)
    }

    /// The page as its file holds it: the front matter, then the body,
    /// written in two pieces so that a large page is not copied whole.
    pub fn write_to(&self, target: &std::path::Path) -> Result<()> {
        use anyhow::Context;
        use std::io::Write;
        let (head, body) = self.parts()?;
        if let Some(parent) = target.parent() {
            crate::fs::create_dir_all(parent)?;
        }
        let cannot = || format!("{}: cannot write file", target.display());
        let mut file = std::io::BufWriter::new(std::fs::File::create(target).with_context(cannot)?);
        file.write_all(head.as_bytes()).and_then(|_| file.write_all(body.as_bytes())).with_context(cannot)?;
        file.flush().with_context(cannot)
    }

    fn parts(&self) -> Result<(String, &str)> {
        let yaml = match &self.raw_front_matter {
            Some(raw) => raw.clone(),
            None => serde_yaml::to_string(&self.front_matter)?,
        };
        Ok((format!("---\n{yaml}---\n\n"), self.body.trim_start_matches('\n')))
    }
}

/// The result of importing one source file.
#[derive(Debug)]
pub struct Report {
    pub pages: Vec<Imported>,
    pub removed: Vec<Removed>,
    /// Files the pages show (a Word document's pictures), by their path in
    /// the output folder.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Imports one document's text: pure, for tests.
pub fn import_text(text: String, file_stem: &str, args: &ImportArgs) -> Report {
    let cleaned = clean::clean(&text);
    // A large text is not held beside its paragraphs.
    drop(text);
    import_cleaned(cleaned, file_stem, args)
}

/// Imports a Word document's blocks ([`docx::read`]): its paragraphs go the
/// way of a text's lines, numbered from 1; its tables, and its headings
/// marked by style alone, become Markdown as they are; its pictures go to
/// `images/<document>/` beside the pages.
pub fn import_docx(blocks: Vec<docx::Block>, file_stem: &str, args: &ImportArgs) -> Report {
    let mut cleaned = Cleaned::default();
    let mut files = Vec::new();
    let folder =
        format!("images/{}", Some(slug::slugify(file_stem)).filter(|s| !s.is_empty()).unwrap_or("document".into()));
    for (i, block) in blocks.into_iter().enumerate() {
        match block {
            // The first paragraph may be the title, which take_title decides.
            docx::Block::Paragraph { text, level: Some(level) }
                if level >= 1
                    && i > 0
                    && structure::numbering(&text).is_none()
                    && junk::junk_reason(&text).is_none() =>
            {
                cleaned.add_markdown(i + 1, structure::styled_heading(level, &text));
            }
            docx::Block::Paragraph { text, .. } => cleaned.add_line(i + 1, &text),
            docx::Block::Table(rows) => cleaned.add_markdown(i + 1, structure::table(&rows)),
            // The pages have their own table of contents; Word's, with its page numbers, is left out.
            docx::Block::Toc(entries) => {
                let first: String = entries.iter().take(3).map(String::as_str).collect::<Vec<_>>().join(" / ");
                let text = format!("{} ({first} …)", count(entries.len(), "line"));
                cleaned.removed.push(Removed { line: i + 1, reason: "Word table of contents", text });
            }
            docx::Block::Picture { name, bytes, alt } => {
                let path = format!("{folder}/{}", slug::path_component(&name));
                let alt = if alt.trim().is_empty() { "图".to_string() } else { structure::escape(alt.trim()) };
                cleaned.add_markdown(i + 1, format!("![{alt}]({path})"));
                files.push((path, bytes));
            }
        }
    }
    Report { files, ..import_cleaned(cleaned, file_stem, args) }
}

fn import_cleaned(cleaned: Cleaned, file_stem: &str, args: &ImportArgs) -> Report {
    let Cleaned { mut paragraphs, mut removed } = cleaned;
    let head = clean::take_document_head(&mut paragraphs, &mut removed);
    let found_title = clean::take_title(&mut paragraphs, &mut removed);
    if !args.split {
        // A law's history line (通过, 修订) makes it a rule. A 目录 block
        // whose entries the body has as headings goes.
        let history = rule::history(&paragraphs);
        let kind = args.kind.or(history.as_ref().map(|_| Kind::Rule));
        rule::take_contents(&mut paragraphs, &mut removed);
        let effective = rule::effective(&paragraphs);
        let title = args.title.clone().or(found_title).unwrap_or_else(|| file_stem.to_string());
        let mut page = make_page(title, &lines(paragraphs), args, kind, None);
        // The head's issuer over one guessed from the title; --issuer over both.
        let meta = &mut page.front_matter;
        let history = history.unwrap_or_default();
        meta.issuer = args.issuer.clone().or(head.issuer).or(history.issuer.clone()).or(meta.issuer.take());
        meta.doc_number = head.doc_number;
        if meta.kind == Kind::Rule {
            meta.effective = effective;
        }
        if args.date.is_none() {
            meta.date = history.version_date().or(meta.date.take());
        }
        meta.adopted = history.adopted;
        meta.revised = history.revised;
        return Report { pages: vec![page], removed, files: Vec::new() };
    }
    let compilation = found_title.unwrap_or_else(|| file_stem.to_string());
    let (preamble, parts) = clean::split_parts(paragraphs);
    let preamble =
        preamble.into_iter().map(|(line, p)| Removed { line, reason: "compilation preamble", text: p.text().into() });
    removed.extend(preamble);
    let kind = args.kind.or_else(|| Some(guess_kind(&compilation)));
    let pages = parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| make_page(part.title, &lines(part.paragraphs), args, kind, Some(i as i64 + 1)))
        .collect();
    Report { pages, removed, files: Vec::new() }
}

/// Imports a Markdown document: its Markdown is kept (nothing is escaped or
/// re-structured), junk lines outside code are removed and reported, and a
/// front matter is added when it has none (title from its first `#` heading,
/// which then leaves the body) or kept as written when it has one.
pub fn import_markdown(text: &str, file_stem: &str, args: &ImportArgs) -> Report {
    let (yaml, body, first_line) = match crate::content::front_matter::split(text) {
        Ok(split) => (split.yaml.map(str::to_string), split.body.to_string(), split.body_line),
        Err(_) => (None, text.to_string(), 1),
    };
    let (body, removed, heading) = without_junk(&body, first_line, yaml.is_none());
    let meta_title = yaml
        .as_deref()
        .and_then(|y| crate::content::FrontMatter::parse(std::path::Path::new(file_stem), y, 2).0)
        .and_then(|m| m.title);
    let title = args.title.clone().or(meta_title).or(heading).unwrap_or_else(|| file_stem.to_string());
    let front_matter = ImportedFrontMatter {
        date: args.date.map(|d| d.to_string()).or_else(|| first_year(&title)),
        kind: args.kind.unwrap_or_else(|| guess_kind(&title)),
        topics: args.topics.clone(),
        issuer: args.issuer.clone().or_else(|| guess_issuer(&title)),
        doc_number: None,
        adopted: None,
        revised: Vec::new(),
        effective: None,
        weight: None,
        title,
    };
    let page = Imported { front_matter, raw_front_matter: yaml, body };
    Report { pages: vec![page], removed, files: Vec::new() }
}

/// A Markdown body without its junk lines outside code (each removed with
/// its file line, counted from `first_line`), and its first `#` heading
/// taken out when `take_heading` (a page with no front matter is titled by it).
fn without_junk(body: &str, first_line: usize, take_heading: bool) -> (String, Vec<Removed>, Option<String>) {
    let mut removed = Vec::new();
    let mut kept = Vec::new();
    let mut in_fence = false;
    let mut heading: Option<String> = None;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence {
            if let Some(reason) = junk::junk_reason(line) {
                removed.push(Removed { line: first_line + i, reason, text: line.trim().to_string() });
                continue;
            }
            if heading.is_none() && take_heading {
                if let Some(h) = t.strip_prefix("# ") {
                    heading = Some(h.trim().to_string());
                    continue;
                }
            }
        }
        kept.push(line);
    }
    (format!("{}\n", kept.join("\n").trim_end()), removed, heading)
}

/// The paragraphs' lines, without their source lines.
fn lines(paragraphs: Vec<clean::Paragraph>) -> Vec<structure::Line> {
    paragraphs.into_iter().map(|(_, line)| line).collect()
}

fn make_page(
    title: String,
    lines: &[structure::Line],
    args: &ImportArgs,
    kind: Option<Kind>,
    weight: Option<i64>,
) -> Imported {
    let title = structure::typography(&title);
    let title = without_book_marks(&title).to_string();
    let body = structure::to_markdown(lines);
    let lead: String = lines.iter().take(3).map(structure::Line::text).collect();
    let front_matter = ImportedFrontMatter {
        date: (args.date.map(|d| d.to_string()))
            .or_else(|| closing_date(lines))
            .or_else(|| first_year(&title).or_else(|| first_year(&lead))),
        kind: kind.unwrap_or_else(|| guess_kind(&title)),
        topics: args.topics.clone(),
        issuer: args.issuer.clone().or_else(|| guess_issuer(&title)),
        doc_number: None,
        adopted: None,
        revised: Vec::new(),
        effective: None,
        weight,
        title,
    };
    Imported { front_matter, raw_front_matter: None, body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn args() -> ImportArgs {
        ImportArgs {
            files: vec![],
            out: PathBuf::from("content"),
            split: false,
            kind: None,
            topics: vec!["舆论引导".into()],
            title: None,
            issuer: None,
            date: None,
            force: false,
        }
    }

    #[test]
    fn imports_a_scraped_report() {
        let text = "• 44.11 KB\n2020年X市人大机关党组关于落实工作的报告\n  4. 网站客服QQ:403074932\n一、主要做法\n(一)加强领导,当好主力军。一是狠抓重点。\n";
        let r = import_text(text.into(), "000", &args());
        assert_eq!(r.removed.len(), 2);
        let page = &r.pages[0];
        assert_eq!(page.front_matter.title, "2020年X市人大机关党组关于落实工作的报告");
        assert_eq!(page.front_matter.date.as_deref(), Some("2020"));
        assert_eq!(page.front_matter.issuer.as_deref(), Some("X市人大机关党组"));
        assert!(page.body.contains("## 一、主要做法"));
        assert!(page.body.contains("### （一）加强领导，当好主力军"));
        let md = page.to_markdown().unwrap();
        let (fm, d) = crate::content::Page::parse(Path::new("a.md"), "study/a.md", &md);
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        assert_eq!(fm.unwrap().meta.topics, vec!["舆论引导"]);
    }

    #[test]
    fn markdown_keeps_its_markdown_and_gains_a_front_matter() {
        let md =
            "# 学习笔记\n\n**重点**：`代码`\n\n- 列表\n\n网站客服QQ:403074932\n\n```\nQQ:12345678 in code stays\n```\n";
        let r = import_markdown(md, "note", &args());
        assert_eq!(r.removed.len(), 1);
        let out = r.pages[0].to_markdown().unwrap();
        assert!(out.starts_with("---\ntitle: 学习笔记\n"), "{out}");
        assert!(out.contains("**重点**：`代码`\n\n- 列表"), "{out}");
        assert!(!out.contains("# 学习笔记"), "the title heading leaves the body");
        assert!(out.contains("QQ:12345678 in code stays"));
        let with_fm = "---\ntitle: 已有\ncustom: 1\n---\n正文\n";
        let out = import_markdown(with_fm, "x", &args()).pages[0].to_markdown().unwrap();
        assert_eq!(out, "---\ntitle: 已有\ncustom: 1\n---\n\n正文\n");
    }

    #[test]
    fn splits_a_compilation() {
        let mut a = args();
        a.split = true;
        let text = "方案汇编(2篇)\n希望对大家有所帮助。\n方案篇一\n一、目标\n正文。\n方案篇二\n正文二。\n";
        let r = import_text(text.into(), "002", &a);
        assert_eq!(r.pages.len(), 2);
        assert_eq!(r.pages[1].front_matter.title, "方案篇二");
        assert_eq!(r.pages[1].front_matter.weight, Some(2));
        assert_eq!(r.pages[0].front_matter.kind, Kind::Plan);
    }

    #[test]
    fn an_official_documents_head_goes_to_the_front_matter() {
        let text = "XX市人民政府办公室文件\nX政办发[2024]12号　　签发人：张三\nXX市人民政府办公室关于印发《意识形态工作责任制实施细则》的通知\n各县（区）人民政府：\n现将细则印发给你们，请认真贯彻执行。\n";
        let r = import_text(text.into(), "tongzhi", &args());
        let page = &r.pages[0];
        assert_eq!(page.front_matter.title, "XX市人民政府办公室关于印发《意识形态工作责任制实施细则》的通知");
        assert_eq!(page.front_matter.issuer.as_deref(), Some("XX市人民政府办公室"));
        assert_eq!(page.front_matter.doc_number.as_deref(), Some("X政办发〔2024〕12号"));
        assert!(page.body.starts_with("各县（区）人民政府："), "{}", page.body);
        let reasons: Vec<(usize, &str)> = r.removed.iter().map(|x| (x.line, x.reason)).collect();
        assert_eq!(
            reasons,
            [
                (2, "document number, now the front matter's doc_number"),
                (1, "issuer's heading, now the front matter's issuer")
            ]
        );
        let md = page.to_markdown().unwrap();
        let (parsed, d) = crate::content::Page::parse(Path::new("a.md"), "a.md", &md);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(parsed.unwrap().meta.doc_number.as_deref(), Some("X政办发〔2024〕12号"));

        let mut given = args();
        given.issuer = Some("市政府办".into());
        let r = import_text(text.into(), "tongzhi", &given);
        assert_eq!(r.pages[0].front_matter.issuer.as_deref(), Some("市政府办"), "--issuer wins");
        let plain = import_text("普通的标题\n正文第一段。\n".into(), "x", &args());
        assert_eq!(plain.pages[0].front_matter.doc_number, None);
        assert!(plain.removed.is_empty());
    }

    #[test]
    fn a_title_loses_book_title_marks_around_it_whole() {
        let blocks = vec![docx::Block::Paragraph { text: "《软件编码说明书》".into(), level: None }];
        let r = import_docx(blocks, "coding", &args());
        assert_eq!(r.pages[0].front_matter.title, "软件编码说明书");
    }

    #[test]
    fn a_table_of_contents_heading_is_never_the_title() {
        for heading in ["目    录", "目　录", "Table of Contents"] {
            let blocks = vec![
                docx::Block::Paragraph { text: heading.into(), level: None },
                docx::Block::Paragraph { text: "本说明书规定编码规范。".into(), level: None },
            ];
            let r = import_docx(blocks, "软件编码说明书", &args());
            assert_eq!(r.pages[0].front_matter.title, "软件编码说明书", "the file's name, not {heading:?}");
        }
        let toc = vec![
            docx::Block::Paragraph { text: "《软件编码说明书》".into(), level: None },
            docx::Block::Toc(vec!["目录".into(), "1 引言 1".into()]),
            docx::Block::Paragraph { text: "1 引言".into(), level: Some(1) },
        ];
        let r = import_docx(toc, "x", &args());
        assert_eq!(r.pages[0].front_matter.title, "软件编码说明书");
        assert_eq!(r.pages[0].body.matches("引言").count(), 1, "{}", r.pages[0].body);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].reason, "Word table of contents");
        assert_eq!(r.removed[0].line, 2);
    }

    #[test]
    fn the_signing_date_at_the_end_dates_the_page() {
        let text = "2020年工作报告\n一、情况\n正文。\nXX办公室\n2020年12月30日\n";
        assert_eq!(import_text(text.into(), "x", &args()).pages[0].front_matter.date.as_deref(), Some("2020-12-30"));
    }
}
