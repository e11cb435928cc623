//! `shuyuan serve`: live preview. Builds into memory (public/ is left
//! alone), serves the site (listen.rs), watches the files, rebuilds on a
//! change and reloads the open tabs once the rebuild has finished. A bad file
//! never stops the server: the last good build stays up, the error shows in
//! the browser and the terminal, and the next good save recovers.

mod events;
pub mod http;
mod listen;
mod memory;
mod report;
mod state;
pub mod watch;

use crate::build::{self, BuildOptions, Cache, Search, SearchLater};
use anyhow::{Context, Result};
use report::{Failure, Listing, Terminal};
use state::{Shared, Site};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Instant;

/// Options of `shuyuan serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// The site root: the folder holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; 0 takes any free one (the URL printed names it).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; 127.0.0.1 keeps the preview on this computer.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Look for changes by polling, for network shares without file events.
    #[arg(long)]
    pub poll: bool,
    /// `error` stops the build on a broken link or anchor (the last good one
    /// stays up); `warn` builds anyway and lists them as warnings
    /// [default: `broken_links` in site.yaml, else error].
    #[arg(long, value_enum)]
    pub broken_links: Option<crate::diagnostics::BrokenLinks>,
}

pub fn run(opts: &ServeOptions) -> Result<()> {
    // File events name absolute paths; so does the cache, which they update.
    let root =
        opts.root.canonicalize().with_context(|| format!("cannot open the site folder {}", opts.root.display()))?;
    let build_opts =
        BuildOptions { root: root.clone(), drafts: opts.drafts, search: Search::Now, broken_links: opts.broken_links };
    let shared = Arc::new(Shared::default());
    // Watch first: a save during the first build, or right after the server
    // answers, must not be missed.
    let mut changes = watch::Changes::start(&root, opts.poll).context("cannot watch the site for changes")?;
    // Listen first, so that a port in use fails at once, not after a build.
    let server = listen::Listener::bind((opts.bind, opts.port).into())
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    // The HTML kept deflated: on 10,000 pages, 96 MB of pages, not 382 MB.
    let mut cache = Cache::deflating();
    let mut terminal = Terminal::default();
    // The first build reads everything: its progress shows on a terminal,
    // cleared before the build's own lines.
    let started = Instant::now();
    let first = crate::progress::show_while(|| rebuild_surviving_panics(&build_opts, &mut cache));
    publish(first, started, &shared, &mut terminal, false);
    // What the first build freed: as much as the site it left.
    memory::release(None);
    // After the first build, pages are reloaded first and the search index follows.
    let build_opts = BuildOptions { search: Search::Later, ..build_opts };
    // The port listened on: the one asked for, or the free one taken for 0.
    let port = server.addr.port();
    let url = format!(
        "http://{}:{port}/",
        if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { opts.bind.to_string() },
    );
    if !opts.bind.is_loopback() {
        eprintln!("warning: listening on {} — every computer that can reach this one can read the preview", opts.bind);
    }
    println!("serving {} at {url} (Ctrl+C to stop)", crate::diagnostics::display_path(&opts.root).display());
    if opts.open {
        open_browser(&url);
    }
    let indexer = spawn_indexer(shared.clone());
    let watcher_shared = shared.clone();
    std::thread::spawn(move || {
        while let Some(paths) = changes.wait() {
            let css_only = paths.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
            cache.forget(&paths);
            if let Some(later) = build_and_publish(&build_opts, &mut cache, &watcher_shared, &mut terminal, css_only) {
                let _ = indexer.send((later, Instant::now()));
            }
        }
    });
    let loopback_only = opts.bind.is_loopback();
    server.serve(move |request| http::respond(request, &shared, loopback_only))
}

/// Builds into memory; publishes the result or the error. With the search
/// step left for later, the pages go out (and the tabs reload) first, and
/// the step is handed back.
fn build_and_publish(
    opts: &BuildOptions,
    cache: &mut Cache,
    shared: &Shared,
    terminal: &mut Terminal,
    css_only: bool,
) -> Option<SearchLater> {
    let started = Instant::now();
    publish(rebuild_surviving_panics(opts, cache), started, shared, terminal, css_only)
}

/// Publishes a build begun at `started`, or its error, and says so on the
/// terminal; hands back the search step left for later.
fn publish(
    result: Result<(build::Built, Site)>,
    started: Instant,
    shared: &Shared,
    terminal: &mut Terminal,
    css_only: bool,
) -> Option<SearchLater> {
    match result {
        Ok((built, site)) => {
            let new = terminal.warnings(&built.warnings);
            let warnings = Listing::of(&built.warnings);
            if built.search_later.is_some() {
                shared.publish_keeping_search(site, css_only, warnings);
            } else {
                shared.publish(site, css_only, warnings);
            }
            let steps: Vec<String> =
                built.summary.steps.iter().map(|(name, d)| format!("{name} {}", d.as_millis())).collect();
            let ms = started.elapsed().as_millis();
            let again = match built.summary.rendered {
                Some((rendered, kept)) => format!("; {rendered} of {} HTML files rendered", rendered + kept),
                None => String::new(),
            };
            let warned = match built.warnings.len() {
                0 => String::new(),
                n => format!(", {} ({new} new)", crate::diagnostics::warnings(n)),
            };
            println!("rebuilt {} pages in {ms} ms ({}{again}){warned}", built.summary.pages, steps.join(", "));
            built.search_later
        }
        Err(e) => {
            terminal.failed(&e);
            shared.fail(Failure::of(&e));
            None
        }
    }
}

/// [`build::rebuild`], with a panic turned into the build's error: serve
/// must outlive any failure of a rebuild and show it. The cache, which the
/// panic may have left half-updated, starts afresh.
fn rebuild_surviving_panics(opts: &BuildOptions, cache: &mut Cache) -> Result<(build::Built, Site)> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build::rebuild(opts, cache)));
    let result = result.unwrap_or_else(|panic| {
        *cache = Cache::deflating();
        let what = panic_message(&*panic);
        Err(anyhow::anyhow!(
            "the build stopped on an internal error, a bug in shuyuan ({what}); the preview keeps the last good build"
        ))
    });
    result.map(|mut built| {
        let site = Site::of(std::mem::take(&mut built.files), cache);
        (built, site)
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "no message".to_string(),
    }
}

/// How long saving must pause before the search index is refreshed.
const INDEX_AFTER_IDLE: std::time::Duration = std::time::Duration::from_millis(1000);

/// Runs search steps in the background, newest first: when saves come
/// faster than indexing, the builds in between are skipped. The fresh
/// index replaces the served one without a reload.
fn spawn_indexer(shared: Arc<Shared>) -> mpsc::Sender<(SearchLater, Instant)> {
    let (send, receive) = mpsc::channel::<(SearchLater, Instant)>();
    // Its own thread, not the shared pool: a rebuild started meanwhile would
    // otherwise queue behind the whole index. One thread, so that the
    // rebuild keeps most of the processor.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).thread_name(|_| "indexer".into()).build();
    std::thread::spawn(move || {
        let mut cache = crate::search::Cache::default();
        while let Ok(mut next) = receive.recv() {
            // Wait for a pause in the saving: a rebuild should not share the
            // processor with an index that the next save makes stale.
            while let Ok(newer) = receive.recv_timeout(INDEX_AFTER_IDLE) {
                next = newer;
            }
            let (later, saved) = next;
            let index = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &pool {
                Ok(pool) => pool.install(|| later.index(Some(&mut cache), None)),
                Err(_) => later.index(Some(&mut cache), None),
            }));
            let index = match index {
                Ok(Ok(index)) => index,
                Ok(Err(e)) => {
                    eprintln!("error: the search index could not be made ({e:#}); search keeps the last index");
                    continue;
                }
                Err(panic) => {
                    cache = crate::search::Cache::default();
                    eprintln!("error: the search index stopped on an internal error, a bug in shuyuan ({}); search keeps the last index", panic_message(&*panic));
                    continue;
                }
            };
            shared.replace_search(index.files);
            // The index's own memory and the library's, handed back while
            // saving pauses (a rebuild reuses its own from one save to the next).
            memory::release(pool.as_ref().ok());
            println!("search index refreshed {} ms after the rebuild", saved.elapsed().as_millis());
        }
    });
    send
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
