//! One page (a Markdown document) and one section (a folder), parsed from
//! their text. Pure: `Page::parse` takes the path only to name it in messages.

use super::front_matter::{self, FrontMatter, Kind};
use super::{dir_url, join_url};
use crate::config::Language;
use crate::diagnostics::{Diagnostic, Diagnostics};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    /// Content-relative source path, `/`-separated (`plan/a.md`).
    pub rel: String,
    /// Content-relative folder, `/`-separated; empty at the top.
    pub section: String,
    pub title: String,
    pub kind: Kind,
    pub meta: FrontMatter,
    /// Shared: live preview's cache hands the same page to every rebuild.
    /// Empty when it is set aside ([`Page::body_aside`]): read it with [`Page::markdown`].
    pub body: std::sync::Arc<str>,
    /// In a build that writes to disk, the body set aside as soon as the
    /// page is read, until it is rendered ([`Page::set_aside`]).
    pub body_aside: Option<Aside>,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// Output path, relative to the site root (`plan/a.html`).
    pub url: String,
    /// Old paths of the page, as written and as output paths, each given a
    /// redirect page ([`super::aliases`]).
    pub aliases: Vec<(String, String)>,
    /// Built but kept out of every list and of previous/next: the page's
    /// own `unlisted` (or another tool's like key), else its sections'.
    pub unlisted: bool,
}

impl Page {
    /// Parses a page's text. Returns no page only when the text is unusable
    /// (a front matter that is never closed or not YAML).
    pub fn parse(path: &Path, rel: &str, text: &str) -> (Option<Page>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let (meta, mut body, body_line) = match read_front_matter(path, text, &mut diags) {
            Some(parts) => parts,
            None => return (None, diags),
        };
        let section = rel.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
        let stem = file_stem(rel);
        // One title: a body opening with the title as its own `#` heading
        // does not show it twice; a page without a title takes its first.
        let heading = first_h1(&body, meta.title.is_none());
        let title = match (&meta.title, heading) {
            (Some(t), Some(h)) if h.opens_body && same_title(&h.text, t) => {
                body = without_heading(&body, &h);
                t.clone()
            }
            (Some(t), _) => t.clone(),
            (None, Some(h)) if !h.text.is_empty() => {
                body = without_heading(&body, &h);
                h.text
            }
            (None, _) => meta.label.clone().unwrap_or_else(|| stem.to_string()),
        };
        let kind = meta.kind.unwrap_or_else(|| kind_from_folder(&section));
        // Provisional: `paths::assign` settles it among all pages.
        let name = super::paths::page_name(meta.slug.as_deref(), stem);
        let url = join_url(&dir_url(&section), &format!("{name}.html"));
        let aliases = meta.aliases.iter().filter_map(|a| Some((a.clone(), super::aliases::output_path(&section, a)?)));
        let aliases = aliases.collect();
        let unlisted = meta.unlisted.unwrap_or(false);
        let mut meta = meta;
        if meta.summary.is_none() {
            meta.summary = meta.description.clone();
        }
        let page = Page {
            path: path.to_path_buf(),
            rel: rel.to_string(),
            section,
            title,
            kind,
            meta,
            body: body.into(),
            body_aside: None,
            body_line,
            url,
            aliases,
            unlisted,
        };
        (Some(page), diags)
    }

    /// The body's Markdown, read back when it was set aside.
    pub fn markdown(&self) -> anyhow::Result<std::borrow::Cow<'_, str>> {
        match &self.body_aside {
            None => Ok(std::borrow::Cow::Borrowed(&self.body)),
            Some(Aside::Spilled(spilled)) => Ok(std::borrow::Cow::Owned(spilled.read()?)),
            Some(Aside::InSource { head, tail, hash }) => {
                self.read_back(head, *tail, *hash).map(std::borrow::Cow::Owned)
            }
        }
    }

    /// Lets the body go until [`Page::markdown`] reads it back: on 100,000
    /// pages the Markdown is 1.06 GB that would stay in memory until every
    /// page is rendered. `text`, the page's source as it was read, holds
    /// the body at its end, all but a few bytes at its start (where the
    /// title heading was taken out): the body is then read from the source
    /// again, and only those bytes are kept. Set aside in `spill` it was
    /// 1.2 GB more to write at 100,000 pages, which pushed the sources
    /// themselves out of the disk cache.
    pub fn set_aside(&mut self, spill: &std::sync::Arc<crate::output::Spill>, text: &str) -> anyhow::Result<()> {
        let tail = common_suffix(text, &self.body);
        let head = &self.body[..self.body.len() - tail];
        self.body_aside = Some(if head.len() <= HEAD_BYTES {
            Aside::InSource { head: head.into(), tail, hash: xxhash_rust::xxh3::xxh3_64(self.body.as_bytes()) }
        } else {
            Aside::Spilled(spill.put(&self.body)?)
        });
        self.body = std::sync::Arc::from("");
        Ok(())
    }

    /// The body again from the source file: fails, naming the file, when
    /// it changed since it was read (its front matter would not be the
    /// one the build has).
    fn read_back(&self, head: &str, tail: usize, hash: u64) -> anyhow::Result<String> {
        let path = self.path.display();
        let changed = || anyhow::anyhow!("{path}: changed while the site was being built; build again");
        let bytes = std::fs::read(&self.path).map_err(|e| anyhow::anyhow!("{path}: cannot read file: {e}"))?;
        let mut text = crate::fs::utf8(bytes).map_err(|_| changed())?;
        let start = text.len().checked_sub(tail).filter(|&at| text.is_char_boundary(at)).ok_or_else(changed)?;
        text.replace_range(..start, head);
        if xxhash_rust::xxh3::xxh3_64(text.as_bytes()) != hash {
            return Err(changed());
        }
        Ok(text)
    }

    /// Brings a body set aside back into memory ([`Page::body`]).
    pub fn bring_back(&mut self) -> anyhow::Result<()> {
        if self.body_aside.is_some() {
            self.body = std::sync::Arc::from(self.markdown()?.as_ref());
            self.body_aside = None;
        }
        Ok(())
    }
}

/// Where a body set aside is ([`Page::set_aside`]).
#[derive(Debug, Clone)]
pub enum Aside {
    Spilled(crate::output::Spilled),
    /// The body is `head` and then the last `tail` bytes of the source
    /// file, which hash to `hash` together.
    InSource {
        head: Box<str>,
        tail: usize,
        hash: u64,
    },
}

/// A body whose start differs from its source's by more than this is
/// set aside in the spill instead.
const HEAD_BYTES: usize = 4096;

/// Bytes `a` and `b` end with alike, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let n = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|&n| b.is_char_boundary(b.len() - n)).unwrap_or(0)
}

/// A folder of content: its `_index.md` gives the title, description and order.
#[derive(Debug, Clone)]
pub struct Section {
    /// Content-relative folder, `/`-separated; empty for the top.
    pub dir: String,
    pub path: Option<PathBuf>,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<i64>,
    pub body: String,
    pub body_line: usize,
    /// `dir/index.html`; the top section is the home page.
    pub url: String,
    /// What its `_index.md` gives the pages and sections under it.
    pub cascade: Cascade,
    /// Kept out of the lists of sections: its own `unlisted` (or another
    /// tool's like key, such as `bookHidden`), else its parents'.
    pub unlisted: bool,
}

/// What a section's `_index.md` gives every page under it, at any depth,
/// as Hugo's `cascade` does: a page's own front matter wins, and a deeper
/// `_index.md` wins over a higher one. Applied by `content::load`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cascade {
    pub kind: Option<Kind>,
    pub topics: Vec<String>,
    pub unlisted: Option<bool>,
}

impl Section {
    pub fn parse(path: &Path, rel: &str, text: &str) -> (Section, Diagnostics) {
        let mut diags = Diagnostics::default();
        let dir = rel.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
        let mut section = Section::implied(&dir);
        section.path = Some(path.to_path_buf());
        if let Some((meta, body, body_line)) = read_front_matter(path, text, &mut diags) {
            if let Some(t) = meta.title.or(meta.label) {
                section.title = t;
            }
            section.description = meta.description.or(meta.summary);
            section.weight = meta.weight;
            let hugo = meta.cascade.map(|c| *c).unwrap_or_default();
            let topics = if meta.topics.is_empty() { hugo.topics } else { meta.topics };
            section.cascade =
                Cascade { kind: meta.kind.or(hugo.kind), topics, unlisted: meta.unlisted.or(hugo.unlisted) };
            section.body = body;
            section.body_line = body_line;
        }
        (section, diags)
    }

    /// In an English site, a folder named after a kind (study, rule, plan)
    /// whose title is still its kind's Chinese name takes the English one.
    pub fn name_in_english(&mut self) {
        let name = self.dir.rsplit('/').next().unwrap_or(&self.dir);
        if let Some(kind) = Kind::parse(name) {
            if self.title == kind.label(Language::Chinese) {
                self.title = kind.label(Language::English).to_string();
            }
        }
    }

    /// A section for a folder without an `_index.md`.
    pub fn implied(dir: &str) -> Section {
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let title = match Kind::parse(name) {
            Some(kind) => kind.label(Language::Chinese).to_string(),
            None => name.to_string(),
        };
        Section {
            dir: dir.to_string(),
            path: None,
            title,
            description: None,
            weight: None,
            body: String::new(),
            body_line: 1,
            url: join_url(&dir_url(dir), "index.html"),
            cascade: Cascade::default(),
            unlisted: false,
        }
    }
}

/// Splits off and reads the front matter; `None` when the page cannot be used.
fn read_front_matter(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<(FrontMatter, String, usize)> {
    if let Some(end) = front_matter::toml_block(text) {
        let message = "TOML front matter (`+++`) is not read by shuyuan; write YAML between `---` lines";
        diags.warn(Diagnostic::new(path, Some(1), message).grouped("TOML front matter (`+++`): not read"));
        let skipped_lines = text[..end].matches('\n').count();
        return Some((FrontMatter::default(), text[end..].to_string(), skipped_lines + 1));
    }
    match front_matter::split(text) {
        Ok(split) => {
            let (meta, d) = match split.yaml {
                Some(yaml) => FrontMatter::parse(path, yaml, 2),
                None => (Some(FrontMatter::default()), Diagnostics::default()),
            };
            diags.extend(d);
            Some((meta?, split.body.to_string(), split.body_line))
        }
        Err(message) => {
            diags.error(Diagnostic::new(path, Some(1), message));
            None
        }
    }
}

/// A file's name without its extension (`a/行政复议法(2017).md` → `行政复议法(2017)`).
pub(super) fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

/// A page whose folder is named after a kind (`rule/…`) has that kind unless
/// its front matter says otherwise; anything else is study material.
pub fn kind_from_folder(section: &str) -> Kind {
    section.split('/').find_map(Kind::parse).unwrap_or(Kind::Study)
}

/// A body's first `#` heading, as pulldown-cmark reads it.
struct FirstHeading {
    /// Its text, without HTML comments or a `{#id}`.
    text: String,
    /// Its bytes in the body (a setext heading's underline included).
    range: Range<usize>,
    /// Nothing but raw HTML (comments, anchors) comes before it.
    opens_body: bool,
    /// The id written in `{#id}`.
    id: Option<String>,
}

/// The first `#` heading of a body: the one that opens it, or with
/// `anywhere` the first wherever it stands.
fn first_h1(body: &str, anywhere: bool) -> Option<FirstHeading> {
    let options = Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut opens_body = true;
    let mut events = Parser::new_ext(body, options).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, id, .. }) => {
                let mut text = String::new();
                for (e, _) in events.by_ref() {
                    match e {
                        Event::Text(t) | Event::Code(t) => text.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => text.push(' '),
                        Event::End(TagEnd::Heading(_)) => break,
                        _ => {}
                    }
                }
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                return Some(FirstHeading { text, range, opens_body, id: id.map(|i| i.to_string()) });
            }
            Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::End(TagEnd::HtmlBlock) => {}
            _ if !anywhere => return None,
            _ => opens_body = false,
        }
    }
    None
}

/// Whether a heading says the same as a title, punctuation and spacing aside
/// (`行政复议法（2017）` is `行政复议法(2017)`).
fn same_title(heading: &str, title: &str) -> bool {
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    letters(heading) == letters(title)
}

/// What stands in a body where its title heading was: an HTML comment
/// alone on its line, `<!--shuyuan:title ID|TEXT-->` (ID empty unless the
/// heading set one with `{#id}`). Markdown rendering keeps the heading's
/// anchors there, since authors link to them (`page.md#标题`).
pub const TITLE_MARKER: &str = "<!--shuyuan:title ";

/// The body without the heading: a [`TITLE_MARKER`] and empty lines, so that
/// line numbers stay right.
fn without_heading(body: &str, h: &FirstHeading) -> String {
    let lines = body[h.range.clone()].matches('\n').count();
    // Neither part may end the comment early.
    let safe = |s: &str| s.replace("--", "- -").replace('|', "¦");
    let id = h.id.as_deref().map(safe).unwrap_or_default();
    let marker = format!("{TITLE_MARKER}{id}|{}-->", safe(&h.text));
    format!("{}{marker}{}{}", &body[..h.range.start], "\n".repeat(lines.max(1)), &body[h.range.end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, text: &str) -> Page {
        let (p, d) = Page::parse(Path::new(rel), rel, text);
        assert!(d.errors.is_empty(), "{d:?}");
        p.unwrap()
    }

    #[test]
    fn title_from_front_matter() {
        let p = page("plan/a.md", "---\ntitle: 方案\n---\n正文\n");
        assert_eq!(p.title, "方案");
        assert_eq!(p.kind, Kind::Plan);
        assert_eq!(p.url, "plan/a.html");
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn title_from_first_heading_when_no_front_matter() {
        let p = page("notes.md", "\n# 学习笔记\n\n正文\n");
        assert_eq!(p.title, "学习笔记");
        assert!(!p.body.contains("# 学习笔记"));
        assert_eq!(p.body.lines().count(), 4, "line numbers must stay right");
        assert_eq!(p.kind, Kind::Study);
    }

    #[test]
    fn a_title_repeated_by_the_body_shows_once() {
        let text = "---\ntitle: 使用资源管控 (Resource Control)\n---\n\n# 使用资源管控（Resource Control）\n\n正文\n\n# 第二部分\n";
        let p = page("a.md", text);
        assert_eq!(p.title, "使用资源管控 (Resource Control)");
        assert!(!p.body.contains("# 使用资源管控"), "{}", p.body);
        assert!(p.body.contains("# 第二部分"));
        assert_eq!(p.body.lines().count(), text.lines().count() - 3, "line numbers must stay right");
        for (text, why) in [
            ("---\ntitle: 方案\n---\n# 另一个标题\n", "a different heading is a section"),
            ("---\ntitle: 方案\n---\n引言\n\n# 方案\n", "a heading after the opening is a section"),
            ("---\ntitle: 方案\n---\n```\n# 方案\n```\n", "code is not a heading"),
        ] {
            let p = page("a.md", text);
            assert!(p.body.contains("# "), "{why}: {}", p.body);
        }
        let p = page("a.md", "---\ntitle: 方案\n---\n<!-- 注释 -->\n# 方案\n正文\n");
        assert!(!p.body.contains("# 方案"), "HTML before the heading does not count: {}", p.body);
    }

    #[test]
    fn comments_and_ids_never_enter_a_title() {
        let p = page("a.md", "# 标题 <!-- 比如：某某制度 -->\n\n正文\n");
        assert_eq!(p.title, "标题");
        let p = page("a.md", "# 《条例》 `v8.0` 说明 {#custom-id}\n\n正文\n");
        assert_eq!(p.title, "《条例》 v8.0 说明");
        assert!(p.body.starts_with("<!--shuyuan:title custom-id|《条例》 v8.0 说明-->\n\n正文"), "{:?}", p.body);
        let p = page("a.md", "标题\n===\n正文\n");
        assert_eq!((p.title.as_str(), p.body.lines().count()), ("标题", 3));
    }

    #[test]
    fn title_from_file_name_as_last_resort() {
        let p = page("学习/笔记.md", "正文\n");
        assert_eq!(p.title, "笔记");
        assert_eq!(p.url, "xue-xi/bi-ji.html");
    }

    #[test]
    fn chinese_file_names_get_pinyin_urls_and_slug_wins() {
        let p = page("规章/制度.md", "---\ntitle: 保密制度\n---\n");
        assert_eq!(p.url, "gui-zhang/zhi-du.html", "the path comes from the file's name, not its title");
        let p = page("规章/制度.md", "---\ntitle: 保密制度\nslug: secrecy\n---\n");
        assert_eq!(p.url, "gui-zhang/secrecy.html");
    }

    #[test]
    fn front_matter_at_end_of_file_without_newline() {
        let p = page("a.md", "---\ntitle: 只有标题\n---");
        assert_eq!(p.title, "只有标题");
    }

    #[test]
    fn toml_front_matter_warns_but_builds() {
        let (p, d) = Page::parse(Path::new("a.md"), "a.md", "+++\ntitle = \"x\"\n+++\n# 标题\n");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(p.unwrap().title, "标题");
    }

    #[test]
    fn a_section_reads_what_it_gives_the_pages_under_it() {
        let text = "---\nlinkTitle: 法规\nkind: rule\ntopics: [依法治理]\nbookHidden: true\nsidebar_position: 2\n---\n";
        let (s, d) = Section::parse(Path::new("laws/_index.md"), "laws/_index.md", text);
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        assert_eq!((s.title.as_str(), s.weight), ("法规", Some(2)));
        let want = Cascade { kind: Some(Kind::Rule), topics: vec!["依法治理".into()], unlisted: Some(true) };
        assert_eq!(s.cascade, want);
    }

    #[test]
    fn a_page_takes_its_old_paths_summary_and_label_from_other_tools_keys() {
        let p = page("docs/a.md", "---\nlinkTitle: 短\ndescription: 说明\naliases: [/old/a/, b.html]\n---\n正文\n");
        assert_eq!(p.title, "短");
        assert_eq!(p.meta.summary.as_deref(), Some("说明"));
        let urls: Vec<&str> = p.aliases.iter().map(|(_, url)| url.as_str()).collect();
        assert_eq!(urls, ["old/a/index.html", "docs/b.html"]);
    }

    #[test]
    fn section_only_with_other_tools_keys_still_builds() {
        let (s, d) = Section::parse(
            Path::new("docs/_index.md"),
            "docs/_index.md",
            "---\nsort_by: weight\ntemplate: x.html\n---\n",
        );
        assert!(d.errors.is_empty());
        assert_eq!(d.warnings.len(), 2);
        assert_eq!(s.title, "docs");
        assert_eq!(s.url, "docs/index.html");
    }
}
