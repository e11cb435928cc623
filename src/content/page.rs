//! One page (a Markdown document) and one section (a folder), parsed from
//! their text. Pure: `Page::parse` takes the path only to name it in messages.

use super::front_matter::{self, FrontMatter, Kind};
use super::{dir_url, join_url, slug};
use crate::diagnostics::{Diagnostic, Diagnostics};
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
    pub body: std::sync::Arc<str>,
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
        let title = match &meta.title {
            Some(t) => t.clone(),
            None => match take_first_h1(&body) {
                Some((t, rest)) => {
                    body = rest;
                    t
                }
                None => meta.label.clone().unwrap_or_else(|| stem.to_string()),
            },
        };
        let kind = meta.kind.unwrap_or_else(|| kind_from_folder(&section));
        let name = match &meta.slug {
            Some(s) => s.clone(),
            None if slug::is_safe(stem) => stem.to_string(),
            None => non_empty_slug(&title, stem),
        };
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
            body_line,
            url,
            aliases,
            unlisted,
        };
        (Some(page), diags)
    }
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

    /// A section for a folder without an `_index.md`.
    pub fn implied(dir: &str) -> Section {
        let name = dir.rsplit('/').next().unwrap_or(dir);
        let title = match Kind::parse(name) {
            Some(kind) => crate::render::i18n::kind_label(kind, false).to_string(),
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

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

fn non_empty_slug(title: &str, stem: &str) -> String {
    let s = slug::slugify(title);
    if !s.is_empty() {
        return s;
    }
    let s = slug::slugify(stem);
    if s.is_empty() {
        "page".to_string()
    } else {
        s
    }
}

/// A page whose folder is named after a kind (`rule/…`) has that kind unless
/// its front matter says otherwise; anything else is study material.
pub fn kind_from_folder(section: &str) -> Kind {
    section.split('/').find_map(Kind::parse).unwrap_or(Kind::Study)
}

/// The text of the first `# ` heading, and the body without that line (kept
/// as an empty line so that line numbers stay right).
fn take_first_h1(body: &str) -> Option<(String, String)> {
    let mut offset = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence {
            if let Some(t) = trimmed.strip_prefix("# ") {
                let title = t.trim().trim_end_matches('#').trim().to_string();
                if !title.is_empty() {
                    let rest = format!("{}\n{}", &body[..offset], &body[offset + line.len()..]);
                    return Some((title, rest));
                }
            }
        }
        offset += line.len();
    }
    None
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
        assert!(!p.body.contains("学习笔记"));
        assert_eq!(p.body.lines().count(), 4, "line numbers must stay right");
        assert_eq!(p.kind, Kind::Study);
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
        assert_eq!(p.url, "gui-zhang/bao-mi-zhi-du.html");
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
