//! Watching the site for changes: content/, themes/, templates/, static/ and
//! site.yaml, through the platform's file events or, for network shares
//! without them, by polling. Editors' swap and backup files are ignored;
//! bursts of events (an atomic save is a write and a rename) are debounced
//! into one rebuild.

use anyhow::{Context, Result};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Events closer together than this make one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(40);
/// How often polling looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(700);

/// The folders and files of a site that a change in means a rebuild.
pub const WATCHED: &[&str] = &["content", "themes", "templates", "static", "site.yaml"];

pub struct Changes {
    watcher: Box<dyn Watcher + Send>,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Watched folders; one created later (a first static/) is added when it appears.
    watching: Vec<PathBuf>,
}

impl Changes {
    pub fn start(root: &Path, poll: bool) -> Result<Changes> {
        let (tx, rx) = channel();
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            // Modification times are compared in whole seconds: without the
            // contents, two saves within a second would look like one.
            let config = Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
            Box::new(PollWatcher::new(tx, config)?)
        } else {
            Box::new(RecommendedWatcher::new(tx, Config::default())?)
        };
        // The root itself, not recursively: site.yaml, and folders created later.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("{}: cannot watch", root.display()))?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut changes = Changes { watcher, rx, root, watching: Vec::new() };
        changes.watch_new_folders();
        Ok(changes)
    }

    /// Watches each of the site's folders that exists and is not watched yet.
    fn watch_new_folders(&mut self) {
        for name in WATCHED.iter().filter(|n| !n.contains('.')) {
            let dir = self.root.join(name);
            if dir.is_dir()
                && !self.watching.contains(&dir)
                && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watching.push(dir);
            }
        }
    }

    /// A watched folder that was itself deleted, moved away or moved back
    /// (events name the folder, not a file in it) has lost its watch: file
    /// events drop the watch of a folder gone, and do not follow one that
    /// returns. Forget it, so that [`Self::watch_new_folders`] watches the
    /// folder now at that path, if any.
    fn rearm(&mut self, paths: &[PathBuf]) {
        let gone: Vec<PathBuf> = self.watching.iter().filter(|dir| paths.contains(dir)).cloned().collect();
        for dir in gone {
            // The watch may be gone already; either way none is left.
            let _ = self.watcher.unwatch(&dir);
            self.watching.retain(|d| *d != dir);
        }
    }

    /// Blocks until something relevant changed; returns the changed paths of
    /// one burst. `None` when the watcher has stopped.
    pub fn wait(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let first = self.rx.recv().ok()?;
            let mut paths = self.relevant(first);
            loop {
                match self.rx.recv_timeout(DEBOUNCE) {
                    Ok(event) => paths.extend(self.relevant(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            self.rearm(&paths);
            self.watch_new_folders();
            if !paths.is_empty() {
                paths.sort();
                paths.dedup();
                return Some(paths);
            }
        }
    }

    fn relevant(&self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        let Ok(event) = event else { return Vec::new() };
        if event.kind.is_access() {
            return Vec::new();
        }
        event.paths.into_iter().filter(|p| is_relevant(&self.root, p)).collect()
    }
}

/// Whether a change at `path` concerns the site: under a watched folder (or
/// site.yaml), and not an editor's swap, backup or temporary file.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let Some(first) = rel.components().next() else { return false };
    let first = first.as_os_str().to_string_lossy();
    if !WATCHED.contains(&first.as_ref()) {
        return false;
    }
    match path.file_name() {
        Some(name) => !crate::content::is_ignored(name),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swap_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        let table = [
            ("/site/content/a.md", true),
            ("/site/site.yaml", true),
            ("/site/themes/default/static/style.css", true),
            ("/site/content/.a.md.swp", false),
            ("/site/content/a.md~", false),
            ("/site/content/4913", false),
            ("/site/content/.#a.md", false),
            ("/site/public/index.html", false),
            ("/site/target/debug/x", false),
            ("/site/README.md", false),
        ];
        for (path, want) in table {
            assert_eq!(is_relevant(root, Path::new(path)), want, "{path}");
        }
    }
}
