//! The build, as a recipe: each step a function, each timed, each taking the
//! previous step's result. `shuyuan build` writes the result to disk; `serve`
//! keeps it in memory and passes a [`Cache`], so that a rebuild reads, parses
//! and renders again only what a change touched. Neither copies these steps.

use crate::config::SiteConfig;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::Library;
use crate::markdown::{self, links::LinkContext, links::Targets, Rendered};
use crate::output::OutputFile;
use crate::render::{root_of, theme::Theme, Renderer};
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod clashes;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding site.yaml and content/.
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Leave the search index out of [`Built::files`] and hand back the
    /// library instead, to index later ([`Built::deferred`]): live preview
    /// reloads the page first and refreshes the index after.
    pub defer_search: bool,
    /// Whether broken links and anchors stop the build (`--broken-links`);
    /// `None`: as site.yaml says.
    pub broken_links: Option<crate::diagnostics::BrokenLinks>,
}

/// A finished build: the files of the site and what happened on the way.
#[derive(Debug)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
    /// With [`BuildOptions::defer_search`]: the library, still to be indexed.
    pub deferred: Option<Library>,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub topics: usize,
    pub sections: usize,
    pub files: usize,
    /// Files beside the pages that no page links or embeds: not published.
    pub left_out: usize,
    pub search: crate::search::IndexStats,
    /// With a cache (live preview): HTML files rendered again, and kept as they were.
    pub rendered: Option<(usize, usize)>,
    /// Each step's name and how long it took.
    pub steps: Vec<(&'static str, Duration)>,
}

struct Timer {
    steps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timer {
    fn new() -> Timer {
        Timer { steps: Vec::new(), last: Instant::now() }
    }
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
}

/// What a rebuild reuses from the builds before it (live preview): files'
/// texts and parses, rendered page bodies and rendered pages, each kept
/// while what it was made from stays the same.
#[derive(Default)]
pub struct Cache {
    content: content::Cache,
    markdown: MarkdownCache,
    pages: crate::render::PageCache,
    assets: AssetCache,
}

/// Images and other files beside the pages, by path, with their stamps.
type AssetCache = FxHashMap<PathBuf, (content::Stamp, Arc<Vec<u8>>)>;

impl Cache {
    /// Files or folders a file event named: read them again on the next build.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.content.forget(paths);
        self.assets.retain(|known, _| !paths.iter().any(|p| known.starts_with(p)));
    }
}

/// Builds the site at `opts.root`. Fails with every problem found, numbered;
/// warnings travel with the result.
pub fn build(opts: &BuildOptions) -> Result<Built> {
    build_with(opts, None)
}

/// [`build`], reusing and updating `cache`: the same result, sooner.
pub fn rebuild(opts: &BuildOptions, cache: &mut Cache) -> Result<Built> {
    build_with(opts, Some(cache))
}

fn build_with(opts: &BuildOptions, mut cache: Option<&mut Cache>) -> Result<Built> {
    let mut diags = Diagnostics::default();
    let mut timer = Timer::new();

    // A bad setting does not stop here: it takes its default, and the build
    // goes on to report the content's problems with it, all at once.
    let (config, d) = SiteConfig::load(&opts.root)?;
    diags.extend(d);
    diags.set_broken_links(opts.broken_links.unwrap_or(config.broken_links));
    timer.lap("config");

    let (mut content, d) =
        content::load(&opts.root.join("content"), opts.drafts, cache.as_mut().map(|c| &mut c.content))?;
    diags.extend(d);
    if config.is_english() {
        content.sections.iter_mut().for_each(crate::content::Section::name_in_english);
    }
    timer.lap("content");

    let (rendered, intros, intro_files) =
        render_markdown(&content, config.allow_scripts, &mut diags, cache.as_mut().map(|c| &mut c.markdown));
    timer.lap("markdown");

    let linked: FxHashSet<&str> =
        rendered.iter().flat_map(|r| &r.files).chain(&intro_files).map(String::as_str).collect();
    let left_out = content.assets.iter().filter(|a| !linked.contains(a.rel.as_str())).count();
    let assets = read_assets(&content, &linked, cache.as_mut().map(|c| &mut c.assets))?;
    drop(linked); // it borrows `rendered`, which the library takes
    let asset_sources: Vec<(String, PathBuf)> =
        content.assets.iter().map(|a| (a.url.clone(), a.path.clone())).collect();
    let library = Library::new(content, rendered, intros, &mut diags);
    diags.check()?;
    timer.lap("library");

    let plans = crate::plan::build(&library, &config.reading, &mut diags);
    diags.check()?;
    timer.lap("plans");

    let theme = Theme::load(&opts.root, &config.theme)?;
    let renderer = Renderer::new(&theme, &config)?;
    let mut files = renderer.render_all(&library, &plans, cache.as_mut().map(|c| &mut c.pages))?;
    let rendered = cache.map(|c| (c.pages.rendered, c.pages.kept));
    timer.lap("render");

    let mut search_stats = crate::search::IndexStats::default();
    let defer = config.search && opts.defer_search;
    if config.search && !defer {
        let (index, stats) = crate::search::build(&library);
        files.extend(index);
        search_stats = stats;
        timer.lap("search");
    } else if !plans.is_empty() && !defer {
        // Large print packs load their readings from the search fragments.
        files.extend(crate::search::fragments(&library));
    }

    files.extend(theme.statics.into_iter().map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes)));
    files.extend(assets);
    timer.lap("assets");

    // The index, when it is built later, goes under `search/`, which no other file may take.
    clashes::check(&files, &clashes::Origins::new(&library, &asset_sources, &opts.root), &mut diags);
    diags.check()?;
    timer.lap("paths");

    let summary = Summary {
        pages: library.pages.len(),
        topics: library.topics.len(),
        sections: library.sections.len(),
        files: files.len(),
        left_out,
        search: search_stats,
        rendered,
        steps: timer.steps,
    };
    let deferred = defer.then_some(library);
    Ok(Built { files, warnings: diags.warnings, summary, deferred })
}

impl Summary {
    /// What the build summary says of the files it left out, if any.
    pub fn left_out_note(&self) -> Option<String> {
        let (verb, pronoun) = if self.left_out == 1 { ("was", "it") } else { ("were", "them") };
        (self.left_out > 0).then(|| {
            format!(
                "{} beside the pages {verb} not published: no page links {pronoun} (put files to publish under static/)",
                crate::diagnostics::count(self.left_out, "file")
            )
        })
    }
}

/// Rendered page bodies of earlier builds, by source path: each with the
/// hash of what it was rendered from and the problems found on the way.
#[derive(Default)]
struct MarkdownCache {
    pages: FxHashMap<String, (Arc<Rendered>, Diagnostics)>,
}

/// Renders every page body and section intro in parallel, checking links.
/// With a cache, a page whose body, place and link targets are unchanged
/// keeps its rendering. Returns the pages, the intros' HTML and the files
/// beside the pages the intros link.
fn render_markdown(
    content: &Content,
    allow_scripts: bool,
    diags: &mut Diagnostics,
    mut cache: Option<&mut MarkdownCache>,
) -> (Vec<Arc<Rendered>>, Vec<String>, Vec<String>) {
    let targets = targets(content);
    let targets_key = cache.as_ref().map(|_| targets_key(content));
    let known = cache.as_ref().map(|c| &c.pages);
    let results: Vec<(Arc<Rendered>, Diagnostics)> = content
        .pages
        .par_iter()
        .map(|p| {
            let key = targets_key.map(|t| hash(&(t, &p.body, &p.path, &p.rel, &p.url, p.body_line, allow_scripts)));
            if let Some((r, problems)) = known.and_then(|k| k.get(&p.rel)).filter(|(r, _)| Some(r.key) == key) {
                return (r.clone(), problems.clone());
            }
            let root = root_of(&p.url);
            let body_line = p.body_line;
            let ctx = LinkContext {
                path: &p.path,
                dir: &p.section,
                body_line,
                root: &root,
                targets: &targets,
                allow_scripts,
            };
            let (mut r, problems) = markdown::render(&p.body, &ctx);
            r.key = key.unwrap_or_default();
            (Arc::new(r), problems)
        })
        .collect();
    if let Some(cache) = cache.as_mut() {
        cache.pages = content.pages.iter().zip(&results).map(|(p, r)| (p.rel.clone(), r.clone())).collect();
    }
    let mut rendered = Vec::with_capacity(results.len());
    for (r, problems) in results {
        diags.extend(problems);
        rendered.push(r);
    }
    let mut intro_files = Vec::new();
    let intros = content
        .sections
        .iter()
        .map(|s| {
            let root = root_of(&s.url);
            let path = s.path.clone().unwrap_or_default();
            let body_line = s.body_line;
            let ctx =
                LinkContext { path: &path, dir: &s.dir, body_line, root: &root, targets: &targets, allow_scripts };
            let (r, problems) = markdown::render(&s.body, &ctx);
            diags.extend(problems);
            intro_files.extend(r.files);
            r.html
        })
        .collect();
    (rendered, intros, intro_files)
}

/// A hash of every link target: pages, sections and files, with their
/// output paths. A page's rendering depends on them through its links.
fn targets_key(content: &Content) -> u64 {
    let pages = content.pages.iter().map(|p| (&p.rel, &p.url));
    let sections = content.sections.iter().map(|s| (&s.dir, &s.url));
    let assets = content.assets.iter().map(|a| (&a.rel, &a.url));
    hash(&(pages.collect::<Vec<_>>(), sections.collect::<Vec<_>>(), assets.collect::<Vec<_>>()))
}

/// A 64-bit hash, for telling whether what something is made from changed.
pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

fn targets(content: &Content) -> Targets {
    let mut t = Targets::default();
    for p in &content.pages {
        t.add_page(&p.rel, &p.url);
    }
    for s in &content.sections {
        t.add_section(&s.dir, &s.url);
    }
    for a in &content.assets {
        t.add_asset(&a.rel, &a.url);
    }
    t
}

/// Reads the files beside the pages that a page links or embeds (the
/// others are not published); with a cache, only those whose stamp changed.
fn read_assets(content: &Content, linked: &FxHashSet<&str>, cache: Option<&mut AssetCache>) -> Result<Vec<OutputFile>> {
    let published: Vec<&content::Asset> = content.assets.iter().filter(|a| linked.contains(a.rel.as_str())).collect();
    let Some(cache) = cache else {
        return published.par_iter().map(|a| Ok(OutputFile::new(a.url.clone(), crate::fs::read(&a.path)?))).collect();
    };
    let known = &*cache;
    let read: Vec<(PathBuf, content::Stamp, OutputFile)> = published
        .par_iter()
        .map(|a| {
            let stamp = content::stamp(&a.path);
            let bytes = match known.get(&a.path).filter(|(s, _)| *s == stamp) {
                Some((_, bytes)) => bytes.clone(),
                None => Arc::new(crate::fs::read(&a.path)?),
            };
            Ok((a.path.clone(), stamp, OutputFile { path: a.url.clone(), bytes }))
        })
        .collect::<Result<_>>()?;
    *cache = read.iter().map(|(path, stamp, f)| (path.clone(), (*stamp, f.bytes.clone()))).collect();
    Ok(read.into_iter().map(|(_, _, f)| f).collect())
}
