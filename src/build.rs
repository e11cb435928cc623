//! The build, as a recipe: each step a function, each timed, each taking the
//! previous step's result. `shuyuan build` writes the result to disk; `serve`
//! (later) keeps it in memory. Neither copies these steps.

use crate::config::SiteConfig;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::Library;
use crate::markdown::{self, links::LinkContext, links::Targets, Rendered};
use crate::output::OutputFile;
use crate::render::{root_of, theme::Theme, Renderer};
use anyhow::Result;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
    pub search: crate::search::IndexStats,
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

/// Builds the site at `opts.root`. Fails with every problem found, numbered;
/// warnings travel with the result.
pub fn build(opts: &BuildOptions) -> Result<Built> {
    let mut diags = Diagnostics::default();
    let mut timer = Timer::new();

    let (config, d) = SiteConfig::load(&opts.root)?;
    diags.extend(d);
    diags.check()?;
    timer.lap("config");

    let (content, d) = content::load(&opts.root.join("content"), opts.drafts)?;
    diags.extend(d);
    timer.lap("content");

    let (rendered, intros) = render_markdown(&content, &mut diags);
    timer.lap("markdown");

    let assets = read_assets(&content)?;
    let library = Library::new(content, rendered, intros, &mut diags);
    diags.check()?;
    timer.lap("library");

    let plans = crate::plan::build(&library, &config.reading, &mut diags);
    diags.check()?;
    timer.lap("plans");

    let theme = Theme::load(&opts.root, &config.theme)?;
    let renderer = Renderer::new(&theme, &config)?;
    let mut files = renderer.render_all(&library, &plans)?;
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

    files.extend(theme.statics.into_iter().map(|(path, bytes)| OutputFile { path: format!("static/{path}"), bytes }));
    files.extend(assets);
    timer.lap("assets");

    let summary = Summary {
        pages: library.pages.len(),
        topics: library.topics.len(),
        sections: library.sections.len(),
        files: files.len(),
        search: search_stats,
        steps: timer.steps,
    };
    let deferred = defer.then_some(library);
    Ok(Built { files, warnings: diags.warnings, summary, deferred })
}

/// Renders every page body and section intro in parallel, checking links.
fn render_markdown(content: &Content, diags: &mut Diagnostics) -> (Vec<Rendered>, Vec<String>) {
    let targets = targets(content);
    let results: Vec<(Rendered, Vec<Diagnostic>)> = content
        .pages
        .par_iter()
        .map(|p| {
            let root = root_of(&p.url);
            let ctx =
                LinkContext { path: &p.path, dir: &p.section, body_line: p.body_line, root: &root, targets: &targets };
            markdown::render(&p.body, &ctx)
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (r, problems) in results {
        for p in problems {
            diags.error(p);
        }
        rendered.push(r);
    }
    let intros = content
        .sections
        .iter()
        .map(|s| {
            let root = root_of(&s.url);
            let path = s.path.clone().unwrap_or_default();
            let ctx = LinkContext { path: &path, dir: &s.dir, body_line: s.body_line, root: &root, targets: &targets };
            let (r, problems) = markdown::render(&s.body, &ctx);
            for p in problems {
                diags.error(p);
            }
            r.html
        })
        .collect();
    (rendered, intros)
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

fn read_assets(content: &Content) -> Result<Vec<OutputFile>> {
    content
        .assets
        .par_iter()
        .map(|a| Ok(OutputFile { path: a.url.clone(), bytes: crate::fs::read(&a.path)? }))
        .collect()
}
