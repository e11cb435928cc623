//! `shuyuan serve`: live preview. Builds into memory (public/ is left
//! alone), serves the site with tiny_http, watches the files, rebuilds on a
//! change and reloads the open tabs once the rebuild has finished. A bad file
//! never stops the server: the last good build stays up, the error shows in
//! the browser and the terminal, and the next good save recovers.

mod events;
pub mod http;
mod state;
pub mod watch;

use crate::build::{build, BuildOptions};
use anyhow::{Context, Result};
use state::{Shared, Site};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Options of `shuyuan serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// The site root: the folder holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on.
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
}

pub fn run(opts: &ServeOptions) -> Result<()> {
    let build_opts = BuildOptions { root: opts.root.clone(), drafts: opts.drafts, defer_search: false };
    let shared = Arc::new(Shared::default());
    // Watch first: a save during the first build, or right after the server
    // answers, must not be missed.
    let mut changes = watch::Changes::start(&opts.root, opts.poll).context("cannot watch the site for changes")?;
    // Listen first, so that a port in use fails at once, not after a build.
    let server = tiny_http::Server::http((opts.bind, opts.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    rebuild(&build_opts, &shared, false);
    // After the first build, pages are reloaded first and the search index follows.
    let build_opts = BuildOptions { defer_search: true, ..build_opts };
    let url = format!(
        "http://{}:{}/",
        if opts.bind.is_unspecified() { "127.0.0.1".to_string() } else { opts.bind.to_string() },
        opts.port
    );
    if !opts.bind.is_loopback() {
        eprintln!("warning: listening on {} — every computer that can reach this one can read the preview", opts.bind);
    }
    println!("serving {} at {url} (Ctrl+C to stop)", crate::diagnostics::display_path(&opts.root).display());
    if opts.open {
        open_browser(&url);
    }
    let watcher_shared = shared.clone();
    std::thread::spawn(move || {
        while let Some(paths) = changes.wait() {
            let css_only = paths.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
            rebuild(&build_opts, &watcher_shared, css_only);
        }
    });
    for request in server.incoming_requests() {
        let shared = shared.clone();
        std::thread::spawn(move || http::respond(request, &shared));
    }
    Ok(())
}

/// Builds into memory; publishes the result or the error. With a deferred
/// search index, the pages go out (and the tabs reload) first; the index
/// replaces the previous one right after.
fn rebuild(opts: &BuildOptions, shared: &Shared, css_only: bool) {
    let started = Instant::now();
    match build(opts) {
        Ok(built) => {
            for w in &built.warnings {
                eprintln!("warning: {w}");
            }
            let pages = built.summary.pages;
            let files = built.files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect();
            match built.deferred {
                Some(library) => {
                    shared.publish_keeping_search(Site { files }, css_only);
                    println!("rebuilt {pages} pages in {} ms", started.elapsed().as_millis());
                    let (index, _) = crate::search::build(&library);
                    shared.replace_search(index.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect());
                    println!("search index refreshed after {} ms", started.elapsed().as_millis());
                }
                None => {
                    shared.publish(Site { files }, css_only);
                    println!("rebuilt {pages} pages in {} ms", started.elapsed().as_millis());
                }
            }
        }
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!("error: {message}");
            shared.fail(message);
        }
    }
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
