//! Progress of a long build, shown on a terminal: pages read, rendered and
//! indexed, one line rewritten in place (`\r`) while the work runs, cleared
//! once it is done. Quiet when stderr is not a terminal (a script, a log,
//! a test), so nothing but the summary reaches a file.
//! The steps count their pages here as they go ([`count`]); the command
//! that runs a build shows the counts ([`show_while`]). Counts are process
//! wide, like the terminal they are shown on: a helper every stage uses.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::Duration;

/// What a page has been through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Read from content/ and its front matter parsed.
    Read,
    /// Its Markdown rendered to HTML.
    Rendered,
    /// Read by the search index.
    Indexed,
}

static READ: AtomicUsize = AtomicUsize::new(0);
static RENDERED: AtomicUsize = AtomicUsize::new(0);
static INDEXED: AtomicUsize = AtomicUsize::new(0);

/// How often the line is rewritten: often enough to look alive, rarely
/// enough that a terminal (or Windows' console) never slows a build.
const TICK: Duration = Duration::from_millis(150);

/// One more page through `stage`.
pub fn count(stage: Stage) {
    add(stage, 1);
}

/// `pages` more pages through `stage`.
pub fn add(stage: Stage, pages: usize) {
    let counter = match stage {
        Stage::Read => &READ,
        Stage::Rendered => &RENDERED,
        Stage::Indexed => &INDEXED,
    };
    counter.fetch_add(pages, Relaxed);
}

/// The line shown for these counts.
pub fn line(read: usize, rendered: usize, indexed: usize) -> String {
    let mut line = format!("read {read} pages");
    if rendered > 0 || indexed > 0 {
        line.push_str(&format!(", rendered {rendered}"));
    }
    if indexed > 0 {
        line.push_str(&format!(", indexed {indexed}"));
    }
    line.push('…');
    line
}

/// Runs `work`, showing its progress on stderr meanwhile when stderr is a
/// terminal; then clears the line, so the summary that follows stands alone.
pub fn show_while<T>(work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    for counter in [&READ, &RENDERED, &INDEXED] {
        counter.store(0, Relaxed);
    }
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let shower = scope.spawn(|| {
            let mut shown = String::new();
            while !done.load(Relaxed) {
                let now = line(READ.load(Relaxed), RENDERED.load(Relaxed), INDEXED.load(Relaxed));
                if now != shown {
                    // Padded to the last line's width: a shorter line leaves nothing of it.
                    let pad = shown.chars().count().saturating_sub(now.chars().count());
                    eprint!("\r{now}{}", " ".repeat(pad));
                    let _ = std::io::stderr().flush();
                    shown = now;
                }
                std::thread::park_timeout(TICK);
            }
            if !shown.is_empty() {
                eprint!("\r{}\r", " ".repeat(shown.chars().count()));
                let _ = std::io::stderr().flush();
            }
        });
        let made = work();
        done.store(true, Relaxed);
        shower.thread().unpark();
        let _ = shower.join();
        made
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_names_each_stage_once_it_has_begun() {
        for (counts, want) in [
            ((0, 0, 0), "read 0 pages…"),
            ((5000, 0, 0), "read 5000 pages…"),
            ((10000, 312, 0), "read 10000 pages, rendered 312…"),
            ((10000, 10000, 4500), "read 10000 pages, rendered 10000, indexed 4500…"),
        ] {
            assert_eq!(line(counts.0, counts.1, counts.2), want);
        }
    }
}
