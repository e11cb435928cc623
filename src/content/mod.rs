//! Stage 2: content. Finds the Markdown files under `content/`, reads their
//! front matter and gives every page and section its output path.
//! In: the content folder. Out: [`Content`] (pages, sections, assets).

pub mod aliases;
pub mod front_matter;
pub mod history;
mod kind;
mod other_tools;
pub mod page;
pub mod paths;
pub mod reading;
pub mod slug;

pub use front_matter::{Date, FrontMatter, Status};
pub use kind::Kind;
pub use page::{Cascade, Page, Section};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Spill;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Files other than Markdown (images, PDFs), copied beside their pages.
    pub assets: Vec<Asset>,
    /// `content/topics/*.md`: descriptions and study-plan settings of topics, not pages.
    pub topic_files: Vec<Source>,
}

/// The folder under content/ whose files describe topics rather than being pages.
pub const TOPICS_DIR: &str = "topics/";

#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Content-relative source path, `/`-separated.
    pub rel: String,
    pub url: String,
}

/// One Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// Path relative to `content/`, `/`-separated: how links and messages name it.
    pub rel: String,
    pub text: String,
}

/// What [`load`] keeps between builds for live preview: each Markdown
/// file's stamp (modification time and size) with its text or parsed page.
/// A file whose stamp is unchanged, and that no file event named, is neither
/// read nor parsed again.
#[derive(Default)]
pub struct Cache {
    files: HashMap<PathBuf, Cached>,
}

impl Cache {
    /// Forgets what is known of these paths (files or folders), so the next
    /// load reads them whatever their stamps say: stamps can be coarse on
    /// network shares, events are not.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        if !paths.is_empty() {
            self.files.retain(|known, _| !paths.iter().any(|p| known.starts_with(p)));
        }
    }
}

/// What tells a file changed without reading it: modification time and size.
pub type Stamp = (Option<std::time::SystemTime>, u64);

pub fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map(|m| (m.modified().ok(), m.len())).unwrap_or((None, u64::MAX))
}

#[derive(Clone)]
struct Cached {
    stamp: Stamp,
    file: Loaded,
}

/// A Markdown file, read and (when it is a page) parsed.
#[derive(Clone)]
enum Loaded {
    Page(Box<Option<Page>>, Diagnostics),
    Other(Source),
}

fn is_page(rel: &str) -> bool {
    !rel.starts_with(TOPICS_DIR) && !rel.ends_with("_index.md")
}

/// Reads and parses a file; with `aside`, a page's body is let go at once
/// ([`Page::set_aside`]) unless it is a rule by its own front matter or
/// folder (the library reads those). A problem with the file is the inner
/// error; the outer one, a failure to set a body aside.
fn load_file((path, rel): Found, aside: Option<&Arc<Spill>>) -> Result<Result<Loaded, Diagnostic>> {
    let source = match read_source((path, rel)) {
        Ok(source) => source,
        Err(d) => return Ok(Err(d)),
    };
    if !is_page(&source.rel) {
        return Ok(Ok(Loaded::Other(source)));
    }
    let (mut page, diags) = Page::parse(&source.path, &source.rel, &source.text);
    if let (Some(aside), Some(page)) = (aside, page.as_mut().filter(|p| p.kind != Kind::Rule)) {
        page.set_aside(aside, &source.text)?;
    }
    crate::progress::count(crate::progress::Stage::Read);
    Ok(Ok(Loaded::Page(Box::new(page), diags)))
}

/// Loads every page, section and asset under `dir`. Problems are collected,
/// not raised: the caller reports them all at once. With a cache, unchanged
/// files come from it and the cache is brought up to date. With `aside`
/// (a build that writes to disk, without a cache), the body of each page
/// that is no rule by its own front matter or folder is set aside there as
/// soon as it is read ([`Page::set_aside`]); a section's cascade may still
/// make it one (see `build`, which brings those back).
pub fn load(
    dir: &Path,
    drafts: bool,
    cache: Option<&mut Cache>,
    aside: Option<&Arc<Spill>>,
) -> Result<(Content, Diagnostics)> {
    let mut diags = Diagnostics::default();
    let (markdown, assets) = discover(dir)?;
    let loaded: Vec<(PathBuf, Result<Loaded, Diagnostic>, Option<Stamp>)> = match cache {
        None => {
            markdown.into_par_iter().map(|f| Ok((f.0.clone(), load_file(f, aside)?, None))).collect::<Result<_>>()?
        }
        Some(cache) => {
            let known = &cache.files;
            let loaded: Vec<_> = markdown
                .into_par_iter()
                .map(|f| {
                    let stamp = stamp(&f.0);
                    match known.get(&f.0).filter(|c| c.stamp == stamp) {
                        Some(c) => (f.0, Ok(c.file.clone()), Some(stamp), false),
                        None => (f.0.clone(), load_file(f, None).expect("nothing is set aside"), Some(stamp), true),
                    }
                })
                .collect();
            // Brought up to date in place: the files read again in, the
            // files gone out (cloning every page back in took 30 ms of each
            // rebuild of 10,000 pages).
            let present: std::collections::HashSet<&PathBuf> = loaded.iter().map(|(path, ..)| path).collect();
            cache.files.retain(|path, _| present.contains(path));
            for (path, file, stamp, read) in &loaded {
                match (file, stamp) {
                    (Ok(file), Some(stamp)) if *read => {
                        cache.files.insert(path.clone(), Cached { stamp: *stamp, file: file.clone() });
                    }
                    (Err(_), _) => {
                        cache.files.remove(path);
                    }
                    _ => {}
                }
            }
            loaded.into_iter().map(|(path, file, stamp, _)| (path, file, stamp)).collect()
        }
    };
    let mut section_sources = Vec::new();
    let mut content = Content::default();
    for (_, file, _) in loaded {
        match file {
            Err(d) => diags.error(d),
            Ok(Loaded::Page(page, d)) => {
                diags.extend(d);
                if let Some(page) = (*page).filter(|p| (drafts || !p.meta.draft) && !p.meta.headless) {
                    content.pages.push(page);
                }
            }
            Ok(Loaded::Other(source)) if source.rel.starts_with(TOPICS_DIR) => content.topic_files.push(source),
            Ok(Loaded::Other(source)) => section_sources.push(source),
        }
    }
    for s in &section_sources {
        let (section, d) = Section::parse(&s.path, &s.rel, &s.text);
        diags.extend(d);
        content.sections.push(section);
    }
    add_implied_sections(&mut content);
    content.assets = assets;
    content.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    content.sections.sort_by(|a, b| a.dir.cmp(&b.dir));
    cascade(&mut content);
    paths::assign(&mut content, &mut diags);
    aliases::check(&mut content, &mut diags);
    Ok((content, diags))
}

/// Markdown files and other files under `dir`, skipping hidden files and
/// editors' swap and backup files.
/// A Markdown file found: its path and its content-relative name.
type Found = (PathBuf, String);

fn discover(dir: &Path) -> Result<(Vec<Found>, Vec<Asset>)> {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if !dir.is_dir() {
        anyhow::bail!("{}: no content folder (create it and put Markdown pages in it)", dir.display());
    }
    let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name())) {
        let entry = entry.map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let rel = rel_path(dir, &path);
        if rel.ends_with(".md") || rel.ends_with(".markdown") || rel.ends_with(".mdx") {
            markdown.push((path, rel));
        } else {
            let url = asset_url(&rel);
            assets.push(Asset { path, rel, url });
        }
    }
    Ok((markdown, assets))
}

pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn read_source((path, rel): Found) -> Result<Source, Diagnostic> {
    let bytes = std::fs::read(&path).map_err(|e| Diagnostic::new(&path, None, format!("cannot read file: {e}")))?;
    let text = crate::fs::utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::new(&path, Some(line), "not UTF-8 text (for GBK or UTF-16 files use `shuyuan import`)")
    })?;
    Ok(Source { path, rel, text })
}

/// The output folder of a content folder: each part kept when it is already
/// a safe ASCII name, otherwise turned into pinyin.
pub fn dir_url(dir: &str) -> String {
    dir.split('/').filter(|p| !p.is_empty()).map(slug::path_component).collect::<Vec<_>>().join("/")
}

fn asset_url(rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{}.{}", slug::path_component(stem), slug::path_component(ext)),
        None => slug::path_component(name),
    };
    join_url(&dir_url(dir), &name)
}

pub fn join_url(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Every folder that holds pages is a section, with or without an `_index.md`.
fn add_implied_sections(content: &mut Content) {
    let mut known: std::collections::HashSet<String> = content.sections.iter().map(|s| s.dir.clone()).collect();
    let mut dirs: Vec<String> = Vec::new();
    for page in &content.pages {
        let mut dir = page.section.clone();
        loop {
            if known.insert(dir.clone()) {
                dirs.push(dir.clone());
            }
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent.to_string(),
                None if !dir.is_empty() => dir = String::new(),
                None => break,
            }
        }
    }
    for dir in dirs {
        content.sections.push(Section::implied(&dir));
    }
}

/// Gives each page the kind, topics and listing of the nearest `_index.md`
/// above it that sets them, where the page's own front matter does not
/// (a kind given so wins over a folder named after a kind); and each
/// section the listing of the nearest that sets it, itself included.
fn cascade(content: &mut Content) {
    let by_dir: HashMap<&str, &Cascade> = content.sections.iter().map(|s| (s.dir.as_str(), &s.cascade)).collect();
    let inherited = |dir: &str| {
        let mut got = Cascade::default();
        let mut d = dir;
        loop {
            if let Some(c) = by_dir.get(d) {
                got.kind = got.kind.or(c.kind);
                got.unlisted = got.unlisted.or(c.unlisted);
                if got.topics.is_empty() {
                    got.topics.clone_from(&c.topics);
                }
            }
            if d.is_empty() {
                return got;
            }
            d = d.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    };
    let mut memo: HashMap<String, Cascade> = HashMap::new();
    for page in &mut content.pages {
        let got = memo.entry(page.section.clone()).or_insert_with(|| inherited(&page.section));
        if page.meta.kind.is_none() {
            page.kind = got.kind.unwrap_or_else(|| page::kind_from_folder(&page.section));
        }
        if page.meta.topics.is_empty() {
            page.meta.topics.clone_from(&got.topics);
        }
        page.unlisted = page.meta.unlisted.or(got.unlisted).unwrap_or(false);
    }
    let listing: Vec<bool> = content.sections.iter().map(|s| inherited(&s.dir).unlisted.unwrap_or(false)).collect();
    for (s, unlisted) in content.sections.iter_mut().zip(listing) {
        s.unlisted = unlisted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_set_aside_as_they_are_read_come_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("rule")).unwrap();
        std::fs::write(content.join("a.md"), "---\ntitle: 甲\n---\n\n第一段。\n\n## 小节\n\n第二段。\n").unwrap();
        std::fs::write(content.join("rule/b.md"), "---\ntitle: 乙\n---\n\n第一条 本办法。\n").unwrap();
        // The title heading is taken out of the body: its start is not the file's.
        std::fs::write(content.join("c.md"), "\u{feff}# 丙\n\n正文。\r\n").unwrap();
        let staging = crate::output::Staging::begin(&dir.path().join("public")).unwrap();
        let spill = staging.spill("pages").unwrap();
        let (held, _) = load(&content, false, None, None).unwrap();
        let (aside, _) = load(&content, false, None, Some(&spill)).unwrap();
        assert_eq!(held.pages.len(), 3);
        for (h, a) in held.pages.iter().zip(&aside.pages) {
            if a.kind == Kind::Rule {
                assert!(a.body_aside.is_none() && !a.body.is_empty(), "{}: a rule stays, the library reads it", a.rel);
            } else {
                assert!(a.body.is_empty() && a.body_aside.is_some(), "{}: not held", a.rel);
            }
            assert_eq!(a.markdown().unwrap(), h.markdown().unwrap());
            let mut back = a.clone();
            back.bring_back().unwrap();
            assert_eq!(&*back.body, &*h.body);
            assert!(back.body_aside.is_none());
        }
    }

    #[test]
    fn a_body_let_go_whose_file_changed_since_it_was_read_fails_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let a = content.join("a.md");
        std::fs::write(&a, "---\ntitle: 甲\n---\n\n第一段。\n").unwrap();
        let staging = crate::output::Staging::begin(&dir.path().join("public")).unwrap();
        let spill = staging.spill("pages").unwrap();
        let (aside, _) = load(&content, false, None, Some(&spill)).unwrap();
        let page = &aside.pages[0];
        assert!(matches!(page.body_aside, Some(page::Aside::InSource { .. })), "read from its source again");
        for changed in ["---\ntitle: 甲\n---\n\n第二段。\n", "短", "\u{ff}"] {
            std::fs::write(&a, changed).unwrap();
            let e = page.markdown().unwrap_err().to_string();
            assert!(e.contains("a.md") && e.contains("changed while the site was being built"), "{e}");
        }
        std::fs::remove_file(&a).unwrap();
        assert!(page.markdown().unwrap_err().to_string().contains("cannot read file"));
    }
}
