//! What `serve` says about a build: in the terminal, each warning once (the
//! first build's as families with a count, a rebuild's only the new ones),
//! and to each page, its errors and warnings as lines ready to show, a
//! family of like problems as one line that opens to its members.

use crate::diagnostics::{self, BuildFailed, Diagnostic, Entry};
use serde::Serialize;
use std::collections::HashSet;

/// Lines a page is told at most; `check --verbose` lists them all.
const PAGE_LINES: usize = 100;
/// Members of one family a page is told at most.
const PAGE_MEMBERS: usize = 50;

/// One line shown in a page: a problem, or a family and its first members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub text: String,
    /// How many problems the line stands for.
    pub count: usize,
    /// A family's first members, each with its place; none for one problem.
    pub members: Vec<String>,
    /// Members not told.
    pub more: usize,
}

/// Problems as a page shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// How many problems, all told.
    pub count: usize,
    pub lines: Vec<Line>,
    /// Lines not told.
    pub more: usize,
}

impl Listing {
    pub fn of(problems: &[Diagnostic]) -> Listing {
        let entries = diagnostics::entries(problems, false);
        let lines = entries.iter().take(PAGE_LINES).map(line).collect();
        Listing { count: problems.len(), lines, more: entries.len().saturating_sub(PAGE_LINES) }
    }

    /// One problem that has no place (a template that does not parse).
    pub fn message(text: String) -> Listing {
        Listing { count: 1, lines: vec![Line { text, count: 1, members: Vec::new(), more: 0 }], more: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

fn line(entry: &Entry) -> Line {
    let members = entry.members();
    Line {
        text: entry.to_string(),
        count: entry.count(),
        members: members.iter().take(PAGE_MEMBERS).map(ToString::to_string).collect(),
        more: members.len().saturating_sub(PAGE_MEMBERS),
    }
}

/// A failed build as a page shows it: errors first, then the warnings, and
/// the way to build anyway when broken links are among the errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub errors: Listing,
    pub warnings: Listing,
    pub hint: Option<String>,
}

impl Failure {
    pub fn of(error: &anyhow::Error) -> Failure {
        match error.downcast_ref::<BuildFailed>() {
            Some(failed) => Failure {
                errors: Listing::of(&failed.errors),
                warnings: Listing::of(&failed.warnings),
                hint: diagnostics::broken_links_hint(&failed.errors),
            },
            None => {
                Failure { errors: Listing::message(format!("{error:#}")), warnings: Listing::default(), hint: None }
            }
        }
    }
}

/// The terminal's side: which warnings it has printed, so that a rebuild
/// prints only those that are new.
#[derive(Default)]
pub struct Terminal {
    printed: HashSet<String>,
}

impl Terminal {
    /// Prints the warnings not printed for the build before; returns how many that was.
    pub fn warnings(&mut self, warnings: &[Diagnostic]) -> usize {
        let now: HashSet<String> = warnings.iter().map(ToString::to_string).collect();
        let new: Vec<Diagnostic> =
            warnings.iter().filter(|w| !self.printed.contains(&w.to_string())).cloned().collect();
        for entry in diagnostics::entries(&new, false) {
            eprintln!("warning: {entry}");
        }
        self.printed = now;
        new.len()
    }

    /// Prints a failed build: its errors, its new warnings, and last the way
    /// to build anyway when broken links are among the errors.
    pub fn failed(&mut self, error: &anyhow::Error) {
        let Some(failed) = error.downcast_ref::<BuildFailed>() else {
            eprintln!("error: {error:#}");
            return;
        };
        eprintln!("error: {}", diagnostics::problems_found(&failed.errors, false).trim_end());
        self.warnings(&failed.warnings);
        if let Some(hint) = diagnostics::broken_links_hint(&failed.errors) {
            eprintln!("{hint}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn web_image(i: usize) -> Diagnostic {
        Diagnostic::new(Path::new(&format!("content/{i}.md")), Some(3), format!("image `https://x/{i}.png`"))
            .grouped(diagnostics::WEB_IMAGE)
    }

    #[test]
    fn a_page_is_told_a_family_as_one_line_and_its_first_members() {
        let mut problems: Vec<Diagnostic> = (0..400).map(web_image).collect();
        problems.push(Diagnostic::new(Path::new("content/b.md"), Some(1), "one of its kind"));
        let listing = Listing::of(&problems);
        assert_eq!(listing.count, 401);
        assert_eq!(listing.lines.len(), 2);
        let family = &listing.lines[0];
        assert_eq!(family.count, 400);
        assert!(family.text.starts_with(diagnostics::WEB_IMAGE) && family.text.contains("in 400 files"), "{family:?}");
        assert_eq!((family.members.len(), family.more), (PAGE_MEMBERS, 400 - PAGE_MEMBERS));
        assert_eq!(family.members[0], "content/0.md:3: image `https://x/0.png`");
        assert_eq!(listing.lines[1].members, Vec::<String>::new());
    }

    #[test]
    fn a_page_is_told_the_first_hundred_lines_only() {
        let problems: Vec<Diagnostic> =
            (0..152).map(|i| Diagnostic::new(Path::new(&format!("{i}.md")), Some(1), "unknown key")).collect();
        let listing = Listing::of(&problems);
        assert_eq!((listing.lines.len(), listing.more, listing.count), (PAGE_LINES, 52, 152));
    }
}
