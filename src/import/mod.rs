//! `shuyuan import`: raw documents → Markdown pages with front matter.
//! Word documents (.docx), text in UTF-8, UTF-16 or GBK/GB18030 (.txt) and
//! Markdown (.md). Junk is removed and reported, official numbering becomes
//! headings, a compilation can be split into its parts.
//! In: files. Out: `.md` files under content/.

mod clean;
pub mod decode;
pub mod docx;
mod junk;
pub mod rule;
pub mod structure;

use crate::content::{slug, Date, Kind};
use crate::diagnostics::count;
use anyhow::{bail, Context, Result};
use clean::{Cleaned, Removed};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Options of `shuyuan import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Files to import: .docx, .txt (UTF-8, UTF-16 or GBK/GB18030), .md; a
    /// folder (every such file in it); or a pattern such as `收文/*.docx`,
    /// for shells that leave `*` as it is (Windows).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Folder to write the pages into.
    #[arg(long, default_value = "content")]
    pub out: PathBuf,
    /// Cut a compilation (……篇一, ……篇二) into one page per part.
    #[arg(long)]
    pub split: bool,
    /// Kind of the documents (study, rule, plan); guessed from the title when absent.
    #[arg(long)]
    pub kind: Option<String>,
    /// A topic (专题) for the documents; repeat for several.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// Title to use when the text has no title line.
    #[arg(long)]
    pub title: Option<String>,
    /// Issuing body (发布单位); guessed from the title (`……关于`) when absent.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Date (2022-03-28, 2022-03 or 2022); the first year in the title or text when absent.
    #[arg(long)]
    pub date: Option<String>,
    /// Replace pages that already exist.
    #[arg(long)]
    pub force: bool,
}

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
    pub kind: &'static str,
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
        let yaml = match &self.raw_front_matter {
            Some(raw) => raw.clone(),
            None => serde_yaml::to_string(&self.front_matter)?,
        };
        Ok(format!("---\n{yaml}---\n\n{}", self.body.trim_start_matches('\n')))
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

pub fn run(args: &ImportArgs) -> Result<()> {
    let kind = match &args.kind {
        Some(k) => Some(Kind::parse(k).with_context(|| format!("--kind {k}: valid kinds are study, rule, plan"))?),
        None => None,
    };
    if let Some(d) = &args.date {
        Date::parse(d).with_context(|| format!("--date {d}: write 2022-03-28, 2022-03 or 2022"))?;
    }
    let files = expand(&args.files)?;
    let mut written = Written::default();
    if let [file] = files.as_slice() {
        return import_file(file, args, kind, &mut written);
    }
    // Each file on its own: one that cannot be imported does not stop the rest.
    let mut failed = 0;
    for file in &files {
        if let Err(e) = import_file(file, args, kind, &mut written) {
            eprintln!("error: {e:#}");
            failed += 1;
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files could not be imported (each is named above)", files.len());
    }
    Ok(())
}

/// The extensions of the files a folder is searched for: those `import`
/// reads, and old Word and WPS files, so that each is named with what to do
/// (save it as .docx) rather than passed over without a word.
const EXTENSIONS: [&str; 6] = ["docx", "txt", "md", "markdown", "doc", "wps"];

/// The files named: a folder stands for the files in it (and its folders)
/// that `import` reads, sorted; a pattern with `*` or `?` that names no file
/// itself stands for the files it matches.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let pattern = path.to_string_lossy();
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .filter(|p| !is_hidden_or_lock_file(p))
                .filter(|p| {
                    p.extension().is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("{}: no .docx, .txt or .md file in this folder", path.display());
            }
            files.extend(found);
        } else if !path.exists() && pattern.contains(['*', '?']) {
            let found: Vec<PathBuf> = glob::glob(&pattern)
                .with_context(|| format!("{pattern}: not a file pattern"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file() && !is_hidden_or_lock_file(p))
                .collect();
            if found.is_empty() {
                bail!("{pattern}: no file matches");
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Hidden files, and the `~$name.docx` lock files Word leaves beside an open document.
fn is_hidden_or_lock_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
}

/// The pages a batch has written so far: a later page of the batch whose
/// name is taken gets `-2`, `-3`, … rather than failing or replacing it.
type Written = rustc_hash::FxHashSet<PathBuf>;

/// Imports one file and writes its pages.
fn import_file(file: &Path, args: &ImportArgs, kind: Option<Kind>, written: &mut Written) -> Result<()> {
    let bytes = crate::fs::read(file)?;
    let extension = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = file_stem(file);
    let (report, read_as) = match extension.as_str() {
        "docx" => {
            let blocks = docx::read(&bytes).with_context(|| file.display().to_string())?;
            (import_docx(blocks, &stem, args, kind), ReadAs::Word)
        }
        "doc" | "wps" => bail!("{}: an old Word or WPS file: open it and save it as .docx", file.display()),
        _ => {
            let decoded = decode::decode(&bytes).map_err(|e| anyhow::anyhow!(e.in_file(file)))?;
            let report = if extension == "md" || extension == "markdown" {
                import_markdown(&decoded.text, &stem, args, kind)
            } else {
                import_text(&decoded.text, &stem, args, kind)
            };
            (report, ReadAs::Text(decoded.encoding))
        }
    };
    write_report(file, &report, read_as, args, written)
}

/// Imports one document's text: pure, for tests.
pub fn import_text(text: &str, file_stem: &str, args: &ImportArgs, kind: Option<Kind>) -> Report {
    import_cleaned(clean::clean(text), file_stem, args, kind)
}

/// Imports a Word document's blocks ([`docx::read`]): its paragraphs go the
/// way of a text's lines, numbered from 1; its tables, and its headings
/// marked by style alone, become Markdown as they are; its pictures go to
/// `images/<document>/` beside the pages.
pub fn import_docx(blocks: Vec<docx::Block>, file_stem: &str, args: &ImportArgs, kind: Option<Kind>) -> Report {
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
    Report { files, ..import_cleaned(cleaned, file_stem, args, kind) }
}

fn import_cleaned(cleaned: Cleaned, file_stem: &str, args: &ImportArgs, kind: Option<Kind>) -> Report {
    let Cleaned { mut paragraphs, mut removed } = cleaned;
    let head = clean::take_document_head(&mut paragraphs, &mut removed);
    let found_title = clean::take_title(&mut paragraphs, &mut removed);
    if !args.split {
        // A law's history line (通过, 修订) makes it a rule; its 目录 block goes.
        let history = rule::history(&paragraphs);
        let kind = kind.or(history.as_ref().map(|_| Kind::Rule));
        if history.is_some() {
            rule::take_contents(&mut paragraphs, &mut removed);
        }
        let effective = rule::effective(&paragraphs);
        let title = args.title.clone().or(found_title).unwrap_or_else(|| file_stem.to_string());
        let mut page = make_page(title, &lines(paragraphs), args, kind, None);
        // The head's issuer over one guessed from the title; --issuer over both.
        let meta = &mut page.front_matter;
        let history = history.unwrap_or_default();
        meta.issuer = args.issuer.clone().or(head.issuer).or(history.issuer.clone()).or(meta.issuer.take());
        meta.doc_number = head.doc_number;
        if meta.kind == Kind::Rule.as_str() {
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
    let kind = kind.or_else(|| Some(guess_kind(&compilation)));
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
pub fn import_markdown(text: &str, file_stem: &str, args: &ImportArgs, kind: Option<Kind>) -> Report {
    let (yaml, body, first_line) = match crate::content::front_matter::split(text) {
        Ok(split) => (split.yaml.map(str::to_string), split.body.to_string(), split.body_line),
        Err(_) => (None, text.to_string(), 1),
    };
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
            if heading.is_none() && yaml.is_none() {
                if let Some(h) = t.strip_prefix("# ") {
                    heading = Some(h.trim().to_string());
                    continue;
                }
            }
        }
        kept.push(line);
    }
    let body = format!("{}\n", kept.join("\n").trim_end());
    let meta_title = yaml
        .as_deref()
        .and_then(|y| crate::content::FrontMatter::parse(std::path::Path::new(file_stem), y, 2).0)
        .and_then(|m| m.title);
    let title = args.title.clone().or(meta_title).or(heading).unwrap_or_else(|| file_stem.to_string());
    let front_matter = ImportedFrontMatter {
        date: args.date.clone().or_else(|| first_year(&title)),
        kind: kind.unwrap_or_else(|| guess_kind(&title)).as_str(),
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
        date: args
            .date
            .clone()
            .or_else(|| closing_date(lines))
            .or_else(|| first_year(&title).or_else(|| first_year(&lead))),
        kind: kind.unwrap_or_else(|| guess_kind(&title)).as_str(),
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

/// `《软件编码说明书》` → `软件编码说明书`: book-title marks around a whole
/// title (not those around a part of it, as in 关于印发《……》的通知).
pub fn without_book_marks(title: &str) -> &str {
    match title.trim().strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(inner) if !inner.contains(['《', '》']) && !inner.trim().is_empty() => inner.trim(),
        _ => title,
    }
}

/// Plans say 方案/计划/要点; rules say 制度/办法/规定/细则; the rest is study material.
pub fn guess_kind(title: &str) -> Kind {
    const PLAN: [&str; 6] = ["方案", "计划", "要点", "安排", "规划", "部署"];
    const RULE: [&str; 9] = ["制度", "办法", "规定", "细则", "条例", "规则", "守则", "准则", "清单"];
    if RULE.iter().any(|w| title.contains(w)) {
        Kind::Rule
    } else if PLAN.iter().any(|w| title.contains(w)) {
        Kind::Plan
    } else {
        Kind::Study
    }
}

/// `2020年X市人大机关党组关于……` → `X市人大机关党组`.
pub fn guess_issuer(title: &str) -> Option<String> {
    let (before, _) = title.split_once("关于")?;
    let start = before.find('年').map(|i| i + '年'.len_utf8()).unwrap_or(0);
    let issuer = before[start..].trim_start_matches(['度']).trim_start_matches("上半年").trim_start_matches("下半年");
    let n = issuer.chars().count();
    (2..=30).contains(&n).then(|| issuer.to_string())
}

/// The first plausible year (19xx or 20xx followed by 年) in a text.
pub fn first_year(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let y = text.get(i..i + 4)?;
        let ok = (y.starts_with("19") || y.starts_with("20"))
            && y.bytes().all(|b| b.is_ascii_digit())
            && text[i + 4..].starts_with('年')
            && (i == 0 || !bytes[i - 1].is_ascii_digit());
        ok.then(|| y.to_string())
    })
}

/// The date an official document was signed, on a line of its own among its
/// last paragraphs (`2024年3月5日`, or `二〇二四年三月五日`), as `2024-03-05`.
pub fn closing_date(lines: &[structure::Line]) -> Option<String> {
    lines.iter().rev().take(CLOSING_PARAGRAPHS).find_map(|line| {
        let text = line.text().trim();
        let (year, rest) = text.split_once('年')?;
        let (month, rest) = rest.split_once('月')?;
        let day = rest.strip_suffix('日')?;
        let year = chinese_digits(year).filter(|y| (1900..2100).contains(y))?;
        let (month, day) = (chinese_count(month)?, chinese_count(day)?);
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year}-{month:02}-{day:02}"))
    })
}

/// The signing date is looked for among this many last paragraphs.
const CLOSING_PARAGRAPHS: usize = 3;

/// `2024` or `二〇二四` (digit by digit).
fn chinese_digits(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?))
}

/// `12`, `十二` or `二十一`: a count up to 99.
fn chinese_count(text: &str) -> Option<u32> {
    if let Some(n) = chinese_digits(text).filter(|_| text.chars().all(|c| c.is_ascii_digit())) {
        return Some(n);
    }
    match text.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { digit(tens.chars().next()?)? };
            let ones = if ones.is_empty() { 0 } else { digit(ones.chars().next()?)? };
            Some(tens * 10 + ones)
        }
        None if text.chars().count() == 1 => digit(text.chars().next()?),
        None => None,
    }
}

fn digit(c: char) -> Option<u32> {
    c.to_digit(10)
        .or_else(|| "〇一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32))
        .or((c == '零').then_some(0))
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Writes the pages and prints what was done: each page, what the file was
/// read as when that is not plain UTF-8, and every line removed (for a
/// .docx, every paragraph, counted from 1).
/// What a file was read as: a Word document (whose places are paragraphs),
/// or text in an encoding (whose places are lines).
#[derive(Clone, Copy)]
enum ReadAs {
    Word,
    Text(&'static str),
}

fn write_report(file: &Path, report: &Report, read_as: ReadAs, args: &ImportArgs, written: &mut Written) -> Result<()> {
    // A Word document's page is named after its file, as its author named
    // it (a text's file name is as often a number or a hash: it is named
    // after its title); the parts of a compilation after their titles.
    let by_file = matches!(read_as, ReadAs::Word) && report.pages.len() == 1;
    let mut targets: Vec<PathBuf> = Vec::with_capacity(report.pages.len());
    for page in &report.pages {
        let name =
            if by_file { slug::path_component(&file_stem(file)) } else { slug::slugify(&page.front_matter.title) };
        let name = if name.is_empty() { "page".to_string() } else { name };
        let mut target = args.out.join(format!("{name}.md"));
        for n in 2.. {
            if !written.contains(&target) && !targets.contains(&target) {
                break;
            }
            target = args.out.join(format!("{name}-{n}.md"));
        }
        targets.push(target);
    }
    // Nothing is written when anything would be replaced without --force.
    let files = report.files.iter().map(|(path, _)| args.out.join(path));
    if let Some(taken) = targets.iter().cloned().chain(files).find(|t| t.exists()).filter(|_| !args.force) {
        bail!("{}: already exists (use --force to replace it)", taken.display());
    }
    for (path, bytes) in &report.files {
        crate::fs::write(&args.out.join(path), bytes)?;
    }
    for (page, target) in report.pages.iter().zip(&targets) {
        crate::fs::write(target, page.to_markdown()?)?;
        written.insert(target.clone());
        println!(
            "{} → {}  ({}, {})",
            file.display(),
            target.display(),
            page.front_matter.title,
            page.front_matter.kind
        );
    }
    if let Some((first, _)) = report.files.first() {
        let folder = first.rsplit_once('/').map_or("", |(f, _)| f);
        println!("  {} → {}", count(report.files.len(), "picture"), args.out.join(folder).display());
    }
    match read_as {
        ReadAs::Word => println!("  read as Word document"),
        ReadAs::Text("UTF-8") => {}
        ReadAs::Text(encoding) => println!("  read as {encoding}"),
    }
    let place = |line: usize| match read_as {
        ReadAs::Word => format!("{}: paragraph {line}", file.display()),
        ReadAs::Text(_) => format!("{}:{line}", file.display()),
    };
    if report.removed.is_empty() {
        println!("  nothing removed");
    } else {
        println!("  removed {}:", count(report.removed.len(), "line"));
        for r in &report.removed {
            let text: String = r.text.chars().take(60).collect();
            println!("    {}: {}: {text}", place(r.line), r.reason);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn guesses() {
        assert_eq!(guess_kind("网络意识形态工作实施方案"), Kind::Plan);
        assert_eq!(guess_kind("保密工作制度"), Kind::Rule);
        assert_eq!(guess_kind("2021年度述职报告"), Kind::Study);
        assert_eq!(
            guess_issuer("2020年X市人大机关党组关于落实意识形态工作责任制情况的报告").as_deref(),
            Some("X市人大机关党组")
        );
        assert_eq!(guess_issuer("述职报告"), None);
        assert_eq!(first_year("2021年度落实").as_deref(), Some("2021"));
        assert_eq!(first_year("共12021年"), None);
    }

    #[test]
    fn imports_a_scraped_report() {
        let text = "• 44.11 KB\n2020年X市人大机关党组关于落实工作的报告\n  4. 网站客服QQ:403074932\n一、主要做法\n(一)加强领导,当好主力军。一是狠抓重点。\n";
        let r = import_text(text, "000", &args(), None);
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
        let r = import_markdown(md, "note", &args(), None);
        assert_eq!(r.removed.len(), 1);
        let out = r.pages[0].to_markdown().unwrap();
        assert!(out.starts_with("---\ntitle: 学习笔记\n"), "{out}");
        assert!(out.contains("**重点**：`代码`\n\n- 列表"), "{out}");
        assert!(!out.contains("# 学习笔记"), "the title heading leaves the body");
        assert!(out.contains("QQ:12345678 in code stays"));
        let with_fm = "---\ntitle: 已有\ncustom: 1\n---\n正文\n";
        let out = import_markdown(with_fm, "x", &args(), None).pages[0].to_markdown().unwrap();
        assert_eq!(out, "---\ntitle: 已有\ncustom: 1\n---\n\n正文\n");
    }

    #[test]
    fn splits_a_compilation() {
        let mut a = args();
        a.split = true;
        let text = "方案汇编(2篇)\n希望对大家有所帮助。\n方案篇一\n一、目标\n正文。\n方案篇二\n正文二。\n";
        let r = import_text(text, "002", &a, None);
        assert_eq!(r.pages.len(), 2);
        assert_eq!(r.pages[1].front_matter.title, "方案篇二");
        assert_eq!(r.pages[1].front_matter.weight, Some(2));
        assert_eq!(r.pages[0].front_matter.kind, "plan");
    }

    #[test]
    fn an_official_documents_head_goes_to_the_front_matter() {
        let text = "XX市人民政府办公室文件\nX政办发[2024]12号　　签发人：张三\nXX市人民政府办公室关于印发《意识形态工作责任制实施细则》的通知\n各县（区）人民政府：\n现将细则印发给你们，请认真贯彻执行。\n";
        let r = import_text(text, "tongzhi", &args(), None);
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
        let r = import_text(text, "tongzhi", &given, None);
        assert_eq!(r.pages[0].front_matter.issuer.as_deref(), Some("市政府办"), "--issuer wins");
        let plain = import_text("普通的标题\n正文第一段。\n", "x", &args(), None);
        assert_eq!(plain.pages[0].front_matter.doc_number, None);
        assert!(plain.removed.is_empty());
    }

    #[test]
    fn a_title_loses_book_title_marks_around_it_whole() {
        let table = [
            ("《软件编码说明书》", "软件编码说明书"),
            (" 《 需求规格说明书 》", "需求规格说明书"),
            ("关于印发《实施细则》的通知", "关于印发《实施细则》的通知"),
            ("《甲》和《乙》", "《甲》和《乙》"),
            ("《》", "《》"),
        ];
        for (title, want) in table {
            assert_eq!(without_book_marks(title), want, "{title}");
        }
        let blocks = vec![docx::Block::Paragraph { text: "《软件编码说明书》".into(), level: None }];
        let r = import_docx(blocks, "coding", &args(), None);
        assert_eq!(r.pages[0].front_matter.title, "软件编码说明书");
    }

    #[test]
    fn a_table_of_contents_heading_is_never_the_title() {
        for heading in ["目    录", "目　录", "Table of Contents"] {
            let blocks = vec![
                docx::Block::Paragraph { text: heading.into(), level: None },
                docx::Block::Paragraph { text: "本说明书规定编码规范。".into(), level: None },
            ];
            let r = import_docx(blocks, "软件编码说明书", &args(), None);
            assert_eq!(r.pages[0].front_matter.title, "软件编码说明书", "the file's name, not {heading:?}");
        }
        let toc = vec![
            docx::Block::Paragraph { text: "《软件编码说明书》".into(), level: None },
            docx::Block::Toc(vec!["目录".into(), "1 引言 1".into()]),
            docx::Block::Paragraph { text: "1 引言".into(), level: Some(1) },
        ];
        let r = import_docx(toc, "x", &args(), None);
        assert_eq!(r.pages[0].front_matter.title, "软件编码说明书");
        assert_eq!(r.pages[0].body.matches("引言").count(), 1, "{}", r.pages[0].body);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].reason, "Word table of contents");
        assert_eq!(r.removed[0].line, 2);
    }

    #[test]
    fn the_signing_date_at_the_end_dates_the_page() {
        let lines = |texts: &[&str]| texts.iter().map(|t| structure::Line::Text(t.to_string())).collect::<Vec<_>>();
        assert_eq!(
            closing_date(&lines(&["正文。", "XX市人民政府办公室", "2024年3月5日"])).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            closing_date(&lines(&["正文。", "二〇二四年十二月二十一日", "（此件公开发布）"])).as_deref(),
            Some("2024-12-21")
        );
        assert_eq!(
            closing_date(&lines(&["2024年3月5日", "正文。", "二", "三", "四"])),
            None,
            "only among the last paragraphs"
        );
        assert_eq!(closing_date(&lines(&["会议于2024年3月5日召开。"])), None, "a line of its own");
        assert_eq!(closing_date(&lines(&["2024年13月5日"])), None);
        let text = "2020年工作报告\n一、情况\n正文。\nXX办公室\n2020年12月30日\n";
        assert_eq!(import_text(text, "x", &args(), None).pages[0].front_matter.date.as_deref(), Some("2020-12-30"));
    }
}
