//! What the server shares between threads: the last good build, and the
//! events that live-reload listeners wait for.

use super::report::{Failure, Listing};
use crate::build::Cache;
use crate::output::OutputFile;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// Where the search index lives in a site.
const SEARCH_DIR: &str = "search/";

/// A built site in memory.
#[derive(Debug, Default)]
pub struct Site {
    pub files: HashMap<String, Body>,
}

impl Site {
    /// The files of a build made with `cache`, each deflated or not as the
    /// cache made it.
    pub fn of(files: Vec<OutputFile>, cache: &Cache) -> Site {
        let files = files
            .into_iter()
            .map(|f| {
                let deflated = cache.is_deflated(&f);
                let body = if deflated { Body::Deflated(f.bytes) } else { Body::Plain(f.bytes) };
                (f.path, body)
            })
            .collect();
        Site { files }
    }
}

/// A file's bytes as the site keeps them: shared, so that a rebuild that
/// keeps a file (the search index, until it is rebuilt; every page it did
/// not render again) does not copy it.
#[derive(Debug, Clone)]
pub enum Body {
    Plain(Arc<Vec<u8>>),
    /// Deflated by the build's cache ([`Cache::deflating`]): HTML files.
    Deflated(Arc<Vec<u8>>),
}

impl Body {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Body::Plain(bytes) => Ok(Cow::Borrowed(bytes)),
            Body::Deflated(deflated) => crate::output::deflated::inflate(deflated).map(Cow::Owned),
        }
    }
}

/// What a listener is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A rebuild finished: reload the page.
    Reload,
    /// Only stylesheets changed: swap them without a reload.
    Css,
    /// The build failed: its errors, each naming file and line, and its warnings.
    Failed(Failure),
    /// The build's warnings, each naming file and line: told to each new
    /// listener, which is each page as it loads.
    Warnings(Listing),
}

#[derive(Debug, Default)]
struct Events {
    /// Counts events, so a listener knows what it has not seen yet.
    version: u64,
    last: Option<Event>,
    /// The current build error, shown to every new listener until fixed.
    error: Option<Failure>,
    /// The last good build's warnings.
    warnings: Listing,
}

#[derive(Debug, Default)]
pub struct Shared {
    site: RwLock<Arc<Site>>,
    events: Mutex<Events>,
    changed: Condvar,
}

impl Shared {
    pub fn site(&self) -> Arc<Site> {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// A good build: serve it, tell listeners, forget the error, keep its warnings.
    pub fn publish(&self, site: Site, css_only: bool, warnings: Listing) {
        self.swap(|_| site);
        self.announce(css_only, warnings);
    }

    /// A good build whose search index comes later: serve its pages with the
    /// previous index (files under `search/`) until [`Shared::replace_search`].
    pub fn publish_keeping_search(&self, mut site: Site, css_only: bool, warnings: Listing) {
        self.swap(|old| {
            for (path, bytes) in old.files.iter().filter(|(p, _)| p.starts_with(SEARCH_DIR)) {
                site.files.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            site
        });
        self.announce(css_only, warnings);
    }

    /// The fresh search index, swapped in without a reload: a search made
    /// after this finds the new text.
    pub fn replace_search(&self, files: Vec<OutputFile>) {
        self.swap(|old| {
            let mut next: HashMap<String, Body> = old
                .files
                .iter()
                .filter(|(p, _)| !p.starts_with(SEARCH_DIR))
                .map(|(p, b)| (p.clone(), b.clone()))
                .collect();
            next.extend(files.into_iter().map(|f| (f.path, Body::Plain(f.bytes))));
            Site { files: next }
        });
    }

    /// The served site made anew from the one it replaces, under the lock:
    /// the indexer and a rebuild each make theirs from the other's, and one
    /// made from a site read before the other's went out would put back
    /// what that one replaced (a rebuild's pages, gone again until the next
    /// save, when the index of the save before came in as it was published).
    fn swap(&self, make: impl FnOnce(&Site) -> Site) {
        if let Ok(mut s) = self.site.write() {
            *s = Arc::new(make(&s));
        }
    }

    fn announce(&self, css_only: bool, warnings: Listing) {
        if let Ok(mut e) = self.events.lock() {
            e.warnings = warnings;
        }
        self.notify(if css_only { Event::Css } else { Event::Reload }, None);
    }

    /// A failed build: keep serving the last good one, tell listeners why.
    pub fn fail(&self, failure: Failure) {
        self.notify(Event::Failed(failure.clone()), Some(failure));
    }

    fn notify(&self, event: Event, error: Option<Failure>) {
        if let Ok(mut e) = self.events.lock() {
            e.version += 1;
            e.last = Some(event);
            e.error = error;
        }
        self.changed.notify_all();
    }

    pub fn version(&self) -> u64 {
        self.events.lock().map(|e| e.version).unwrap_or(0)
    }

    pub fn error(&self) -> Option<Failure> {
        self.events.lock().ok().and_then(|e| e.error.clone())
    }

    pub fn warnings(&self) -> Listing {
        self.events.lock().map(|e| e.warnings.clone()).unwrap_or_default()
    }

    /// Waits up to `timeout` for an event after `seen`; returns it with its version.
    pub fn wait(&self, seen: u64, timeout: Duration) -> Option<(u64, Event)> {
        let guard = self.events.lock().ok()?;
        let (guard, _) = self.changed.wait_timeout_while(guard, timeout, |e| e.version == seen).ok()?;
        if guard.version == seen {
            return None;
        }
        guard.last.clone().map(|ev| (guard.version, ev))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn page_of(shared: &Shared) -> Vec<u8> {
        shared.site().files["a.html"].bytes().unwrap().into_owned()
    }

    /// Rebuilds publish their pages while the indexer brings in indexes
    /// made before them: each rebuild's page is served after it, whenever
    /// the index comes in.
    #[test]
    fn an_index_coming_in_never_puts_back_the_pages_a_rebuild_replaced() {
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        let indexer = {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    shared.replace_search(vec![OutputFile::new("search/index.js", "x")]);
                }
            })
        };
        for n in 0..20_000 {
            let mut site = Site::default();
            site.files.insert("a.html".into(), Body::Plain(Arc::new(n.to_string().into_bytes())));
            shared.publish_keeping_search(site, false, Listing::default());
            assert_eq!(page_of(&shared), n.to_string().into_bytes(), "after rebuild {n}");
        }
        stop.store(true, Ordering::Relaxed);
        indexer.join().unwrap();
        assert!(shared.site().files.contains_key("search/index.js"));
    }
}
