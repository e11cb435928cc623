//! The build, as a recipe: each step a function, each timed, each taking the
//! previous step's result. `shuyuan build` writes the result to disk; `serve`
//! keeps it in memory and passes a [`Cache`], so that a rebuild reads, parses
//! and renders again only what a change touched. Neither copies these steps:
//! the search step, which both may run after the rest ([`Search::Later`]),
//! is [`SearchLater::index`], the same function the recipe calls.

use crate::config::SiteConfig;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::hash::hash;
use crate::library::Library;
use crate::markdown::{self, links::LinkContext, links::Targets, Rendered};
use crate::output::{OutputFile, Spill, Staging};
use crate::plan::Plan;
use crate::render::{root_of, theme::Theme, RenderedSite, Renderer};
use crate::search::IndexStats;
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
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
    /// When the search index is made.
    pub search: Search,
    /// Whether broken links and anchors stop the build (`--broken-links`);
    /// `None`: as site.yaml says.
    pub broken_links: Option<crate::diagnostics::BrokenLinks>,
}

/// When the search step runs (when site.yaml turns search on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// In the build: the index is among [`Built::files`].
    Now,
    /// After it: [`Built::search_later`] holds the library, to index while
    /// the pages are written (`build`), or once the open tabs have reloaded
    /// (`serve`).
    Later,
    /// Not at all: `check` writes nothing.
    Skip,
}

/// A finished build: the files of the site and what happened on the way.
#[derive(Debug)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
    /// With [`Search::Later`]: the search step, still to run.
    pub search_later: Option<SearchLater>,
}

/// The search step of a build, run after the rest of it ([`Search::Later`]).
#[derive(Debug)]
pub struct SearchLater {
    /// The library to index.
    pub library: Library,
}

impl SearchLater {
    /// Runs the search step: see [`index`].
    pub fn index(&self, cache: Option<&mut crate::search::Cache>, out: Option<&Staging>) -> Result<Index> {
        index(&self.library, cache, out)
    }
}

/// What the search step made: every file of the index (none when it wrote
/// them), its figures, and how long it took.
#[derive(Debug)]
pub struct Index {
    pub files: Vec<OutputFile>,
    pub stats: IndexStats,
    pub took: Duration,
}

/// The search step: the index of `library`, written into `out` when it is
/// given; with a cache (live preview), what earlier indexes made of
/// unchanged pages is reused.
fn index(library: &Library, cache: Option<&mut crate::search::Cache>, out: Option<&Staging>) -> Result<Index> {
    let started = Instant::now();
    let (files, stats) = match cache {
        Some(cache) => crate::search::rebuild(library, cache)?,
        None => crate::search::build(library, out)?,
    };
    Ok(Index { files, stats, took: started.elapsed() })
}

#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub topics: usize,
    pub sections: usize,
    pub files: usize,
    /// Files beside the pages that no page links or embeds: not published.
    pub left_out: usize,
    pub search: IndexStats,
    /// With a cache (live preview): HTML files rendered again, and kept as they were.
    pub rendered: Option<(usize, usize)>,
    /// Each step's name and how long it took.
    pub steps: Vec<(&'static str, Duration)>,
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

    /// Counts in an index made after the build ([`Search::Later`]), as the step `step`.
    pub fn add_index(&mut self, index: &Index, step: &'static str) {
        self.files += index.stats.files;
        self.search = index.stats.clone();
        self.steps.push((step, index.took));
    }
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
    /// A cache that keeps the HTML it holds deflated: the page bodies
    /// (set aside, [`Spill::in_memory`]) and the HTML files, which it hands
    /// out so (live preview, which serves from it); [`Cache::is_deflated`]
    /// tells which files are.
    pub fn deflating() -> Cache {
        Cache {
            markdown: MarkdownCache { spill: Some(Spill::in_memory()), ..MarkdownCache::default() },
            pages: crate::render::PageCache::deflating(),
            ..Cache::default()
        }
    }

    /// Whether `file`, of the last build made with this cache, is deflated
    /// ([`crate::output::deflated::inflate`] gives its bytes).
    pub fn is_deflated(&self, file: &OutputFile) -> bool {
        self.pages.is_deflated(file)
    }

    /// Files or folders a file event named: read them again on the next build.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.content.forget(paths);
        self.assets.retain(|known, _| !paths.iter().any(|p| known.starts_with(p)));
    }
}

/// Builds the site at `opts.root`. Fails with every problem found, numbered;
/// warnings travel with the result.
pub fn build(opts: &BuildOptions) -> Result<Built> {
    build_with(opts, None, None)
}

/// [`build`], writing the site to `out` as it goes: each document page as
/// soon as it is rendered (content's checks have kept their paths apart),
/// and each page body's HTML set aside there until its page is rendered, so
/// that memory does not grow with the library. [`Built::files`] holds the
/// files still to write.
pub fn build_into(opts: &BuildOptions, out: &Staging) -> Result<Built> {
    build_with(opts, None, Some(out))
}

/// [`build`], reusing and updating `cache`: the same result, sooner.
pub fn rebuild(opts: &BuildOptions, cache: &mut Cache) -> Result<Built> {
    build_with(opts, Some(cache), None)
}

fn build_with(opts: &BuildOptions, mut cache: Option<&mut Cache>, out: Option<&Staging>) -> Result<Built> {
    let mut diags = Diagnostics::default();
    let mut timer = Timer::new();

    // A bad setting does not stop here: it takes its default, and the build
    // goes on to report the content's problems with it, all at once.
    let (config, d) = SiteConfig::load(&opts.root)?;
    diags.extend(d);
    diags.set_broken_links(opts.broken_links.unwrap_or(config.broken_links));
    timer.lap("config");

    // What a build that writes to disk sets aside until it needs it again:
    // page bodies' Markdown, HTML and text.
    let spill = out.map(|out| out.spill("pages")).transpose()?;
    let (mut content, d) =
        content::load(&opts.root.join("content"), opts.drafts, cache.as_mut().map(|c| &mut c.content), spill.as_ref())?;
    diags.extend(d);
    // The library reads the bodies of rules (their version dates, and the
    // comparisons of their versions): those set aside before a section's
    // cascade made them rules come back, now that kinds are known.
    if spill.is_some() {
        content
            .pages
            .par_iter_mut()
            .filter(|p| p.kind == content::Kind::Rule)
            .try_for_each(content::Page::bring_back)?;
    }
    if config.language == crate::config::Language::English {
        content.sections.iter_mut().for_each(crate::content::Section::name_in_english);
    }
    timer.lap("content");

    let bodies =
        render_markdown(&content, config.allow_scripts, &mut diags, cache.as_mut().map(|c| &mut c.markdown), spill)?;
    timer.lap("markdown");

    let assets = published_assets(&content, &bodies, cache.as_mut().map(|c| &mut c.assets))?;
    let mut library = Library::new(content, bodies.pages, bodies.intros, &mut diags);
    diags.check()?;
    if cache.is_none() {
        drop_sources(&mut library);
    }
    timer.lap("library");

    let plans = crate::plan::build(&library, &config.reading, &mut diags);
    diags.check()?;
    timer.lap("plans");

    let theme = Theme::load(&opts.root, &config.theme)?;
    let RenderedSite { mut files, written } =
        Renderer::new(&theme, &config)?.render_all(&library, &plans, cache.as_mut().map(|c| &mut c.pages), out)?;
    let rendered = cache.map(|c| (c.pages.rendered, c.pages.kept));
    drop_rendered_html(&mut library);
    timer.lap("render");

    let (index, search_stats) = search_now(opts.search, &config, &library, &plans, out, &mut timer)?;
    files.extend(index);
    files.extend(theme.statics.into_iter().map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes)));
    files.extend(assets.files);
    timer.lap("assets");

    // The index, when it is made later, goes under `search/`, which no other file may take.
    let paths = files.iter().map(|f| f.path.as_str()).chain(written.iter().map(String::as_str));
    clashes::check(paths, &clashes::Origins::new(&library, &assets.sources, &opts.root), &mut diags);
    diags.check()?;
    timer.lap("paths");

    let summary = Summary {
        pages: library.pages.len(),
        topics: library.topics.len(),
        sections: library.sections.len(),
        files: files.len() + written.len() + search_stats.files,
        left_out: assets.left_out,
        search: search_stats,
        rendered,
        steps: timer.steps,
    };
    let search_later = (config.search && opts.search == Search::Later).then_some(SearchLater { library });
    Ok(Built { files, warnings: diags.warnings, summary, search_later })
}

/// Drops the Markdown of every page that is no version of a rule, once
/// the library is made: only comparisons of versions read it again. A
/// build without a cache (`build`, not `serve`) holds it no longer: on
/// 10,000 pages, about as much memory as the content folder.
fn drop_sources(library: &mut Library) {
    for (page, group) in library.pages.iter_mut().zip(&library.versions.group_of) {
        if group.is_none() {
            (page.body, page.body_aside) = (Arc::from(""), None);
        }
    }
}

/// Once the pages are rendered, what only rendering read of their bodies
/// (the HTML, its ids, links and table of contents) is dropped, where no
/// cache shares it: the search step, which may run long after, reads only
/// the text and its headings.
fn drop_rendered_html(library: &mut Library) {
    for r in &mut library.rendered {
        if let Some(r) = Arc::get_mut(r) {
            (r.html, r.html_aside, r.toc, r.links) = (String::new(), None, Vec::new(), Vec::new());
            r.ids = Default::default();
        }
    }
}

/// The search step when it runs in the build ([`Search::Now`]): the index
/// and its figures, timed as the step `search`. With search turned off in
/// site.yaml, the page texts that large print packs load (the index's
/// fragments) stand in for it whenever the site is to be written. Written
/// into `out` when it is given (the files returned are then none).
fn search_now(
    when: Search,
    config: &SiteConfig,
    library: &Library,
    plans: &[Plan],
    out: Option<&Staging>,
    timer: &mut Timer,
) -> Result<(Vec<OutputFile>, IndexStats)> {
    match (config.search, when) {
        (true, Search::Now) => {
            let Index { files, stats, .. } = index(library, None, out)?;
            timer.lap("search");
            Ok((files, stats))
        }
        (false, Search::Now | Search::Later) if !plans.is_empty() => {
            Ok((crate::search::fragments(library, out)?, IndexStats::default()))
        }
        _ => Ok((Vec::new(), IndexStats::default())),
    }
}

/// Rendered page bodies of earlier builds, by source path: each with the
/// hash of what it was rendered from and the problems found on the way.
#[derive(Default)]
struct MarkdownCache {
    pages: FxHashMap<String, (Arc<Rendered>, Diagnostics)>,
    /// Where the HTML of the bodies is set aside, if it is: only a page
    /// rendered again reads it.
    spill: Option<Arc<Spill>>,
}

/// The markdown step's result: every page body, and the sections' intros.
struct Bodies {
    pages: Vec<Arc<Rendered>>,
    /// Each section's `_index.md` body as HTML, in the order of the sections.
    intros: Vec<String>,
    /// The files beside the pages that the intros link or embed.
    intro_files: Vec<String>,
}

/// Renders every page body in parallel, then the section intros, checking
/// links. With a cache, a page whose body, place and link targets are
/// unchanged keeps its rendering.
fn render_markdown(
    content: &Content,
    allow_scripts: bool,
    diags: &mut Diagnostics,
    mut cache: Option<&mut MarkdownCache>,
    spill: Option<Arc<Spill>>,
) -> Result<Bodies> {
    let targets = targets(content);
    let targets_key = cache.as_ref().map(|_| targets_key(content));
    let spill = spill.or_else(|| cache.as_ref().and_then(|c| c.spill.clone()));
    let known = cache.as_ref().map(|c| &c.pages);
    let results: Vec<(Arc<Rendered>, Diagnostics)> = content
        .pages
        .par_iter()
        .map(|p| {
            let key = targets_key.map(|t| hash(&(t, &p.body, &p.path, &p.rel, &p.url, p.body_line, allow_scripts)));
            let cached = known.and_then(|k| k.get(&p.rel)).filter(|(r, _)| key.is_some() && r.key == key);
            if let Some((r, problems)) = cached {
                return Ok((r.clone(), problems.clone()));
            }
            let root = root_of(&p.url);
            let ctx = LinkContext {
                path: &p.path,
                dir: &p.section,
                body_line: p.body_line,
                root: &root,
                targets: &targets,
                allow_scripts,
            };
            let (mut r, problems) = markdown::render(&p.markdown()?, &ctx);
            r.key = key;
            if let Some(spill) = &spill {
                r.set_aside(spill)?;
            }
            crate::progress::count(crate::progress::Stage::Rendered);
            Ok((Arc::new(r), problems))
        })
        .collect::<Result<_>>()?;
    if let Some(cache) = cache.as_mut() {
        cache.pages = content.pages.iter().zip(&results).map(|(p, r)| (p.rel.clone(), r.clone())).collect();
    }
    let mut pages = Vec::with_capacity(results.len());
    for (r, problems) in results {
        diags.extend(problems);
        pages.push(r);
    }
    let (intros, intro_files) = render_intros(content, &targets, allow_scripts, diags);
    Ok(Bodies { pages, intros, intro_files })
}

/// Renders each section's `_index.md` body: its HTML, and the files beside
/// the pages that the intros link or embed.
fn render_intros(
    content: &Content,
    targets: &Targets,
    allow_scripts: bool,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<String>) {
    let mut intro_files = Vec::new();
    let intros = content
        .sections
        .iter()
        .map(|s| {
            let root = root_of(&s.url);
            let path = s.path.clone().unwrap_or_default();
            let body_line = s.body_line;
            let ctx = LinkContext { path: &path, dir: &s.dir, body_line, root: &root, targets, allow_scripts };
            let (r, problems) = markdown::render(&s.body, &ctx);
            diags.extend(problems);
            intro_files.extend(r.files);
            r.html
        })
        .collect();
    (intros, intro_files)
}

/// A hash of every link target: pages, sections and files, with their
/// output paths. A page's rendering depends on them through its links.
fn targets_key(content: &Content) -> u64 {
    let pages = content.pages.iter().map(|p| (&p.rel, &p.url));
    let sections = content.sections.iter().map(|s| (&s.dir, &s.url));
    let assets = content.assets.iter().map(|a| (&a.rel, &a.url));
    hash(&(pages.collect::<Vec<_>>(), sections.collect::<Vec<_>>(), assets.collect::<Vec<_>>()))
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

/// The files beside the pages that are published (a page or an intro links
/// or embeds them), read; how many are left out; and, for messages, the
/// output path and source of every one.
struct Assets {
    files: Vec<OutputFile>,
    left_out: usize,
    sources: Vec<(String, PathBuf)>,
}

fn published_assets(content: &Content, bodies: &Bodies, cache: Option<&mut AssetCache>) -> Result<Assets> {
    let linked: FxHashSet<&str> =
        bodies.pages.iter().flat_map(|r| &r.files).chain(&bodies.intro_files).map(String::as_str).collect();
    let left_out = content.assets.iter().filter(|a| !linked.contains(a.rel.as_str())).count();
    let files = read_assets(content, &linked, cache)?;
    let sources = content.assets.iter().map(|a| (a.url.clone(), a.path.clone())).collect();
    Ok(Assets { files, left_out, sources })
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
