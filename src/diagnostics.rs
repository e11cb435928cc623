//! Problems found while building, collected rather than raised one at a time:
//! loading and link checks gather every problem, then the build fails once
//! with all of them, numbered. A listing shows a family of like problems
//! (their [`Diagnostic::group`]) as one line with a count and its first
//! places, so that thousands of one kind do not bury the one that matters.

use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem at a place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    /// The family of like problems this one belongs to, as a summary line
    /// without its place (``aliases` (Hugo): ignored`): a family's many
    /// members can be listed as one line with a count and the first places.
    pub group: Option<String>,
}

/// The group of links to a page or file that does not exist.
pub const BROKEN_LINK: &str = "link to a missing page or file";
/// The group of links to an anchor that the target page does not have.
pub const BROKEN_ANCHOR: &str = "link to a missing heading or anchor";
/// The group of images from a web address, shown as links instead.
pub const WEB_IMAGE: &str = "image that would load from the internet, shown as a link";
/// The group of raw HTML turned off because it would load from the internet.
pub const WEB_HTML: &str = "HTML that would load from the internet, turned off";
/// The group of scripts, event attributes and script URLs removed from pages.
pub const SCRIPT: &str = "script in a page (a <script>, an on…= attribute, a javascript: URL), removed";

/// A family of at most this many is listed problem by problem, as each line
/// says more than the family's summary (which link is broken); a larger one
/// is one line, unless verbose.
pub const LISTED_IN_FULL: usize = 10;
/// The places a family's line names.
pub const FIRST_PLACES: usize = 3;

/// What broken links and anchors do (`broken_links` in site.yaml,
/// `--broken-links`): stop the build as errors, or let it through as warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    #[default]
    Error,
    Warn,
}

impl Diagnostic {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_path_buf(), line, column: None, message: message.into(), group: None }
    }

    pub fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            group: None,
        }
    }

    /// This problem, as a member of the family `group` (see [`Diagnostic::group`]).
    pub fn grouped(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path).display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// A path as the user would type it: relative to the current folder when
/// inside it, without a leading `./`.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let p = relative.unwrap_or_else(|| path.to_path_buf());
    let p = p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p);
    if p.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        p
    }
}

/// Errors and warnings gathered by a build step.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// With [`BrokenLinks::Warn`], a broken link or anchor given as an error
    /// is kept as a warning.
    broken_links: BrokenLinks,
}

impl Diagnostics {
    pub fn error(&mut self, d: Diagnostic) {
        if self.broken_links == BrokenLinks::Warn && is_broken_link(&d) {
            self.warnings.push(d);
        } else {
            self.errors.push(d);
        }
    }

    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for e in other.errors {
            self.error(e);
        }
        self.warnings.extend(other.warnings);
    }

    /// From now on (and for those gathered so far), broken links and anchors
    /// are errors or warnings as `policy` says.
    pub fn set_broken_links(&mut self, policy: BrokenLinks) {
        self.broken_links = policy;
        if policy == BrokenLinks::Warn {
            let (broken, others) = std::mem::take(&mut self.errors).into_iter().partition(is_broken_link);
            self.errors = others;
            self.warnings.extend::<Vec<Diagnostic>>(broken);
        }
    }

    /// Fails with every error gathered so far, numbered, if there is any.
    pub fn check(&self) -> Result<(), BuildFailed> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(BuildFailed { errors: self.errors.clone(), warnings: self.warnings.clone() })
        }
    }
}

/// The build stopped: the listed problems must be fixed first.
#[derive(Debug, thiserror::Error)]
pub struct BuildFailed {
    pub errors: Vec<Diagnostic>,
    /// Warnings found before the build stopped, listed after the errors.
    pub warnings: Vec<Diagnostic>,
}

impl BuildFailed {
    /// The numbered errors, then the warnings, each family as one line
    /// unless `verbose`; last, when broken links are among the errors, the
    /// way to build anyway. No newline at the end.
    pub fn listing(&self, verbose: bool) -> String {
        let mut s = problems_found(&self.errors, verbose);
        let warned = entries(&self.warnings, verbose);
        if !self.warnings.is_empty() {
            s.push_str(&format!("and {}:\n{}", warnings(self.warnings.len()), numbered(&warned)));
        }
        if !verbose
            && (warned.iter().any(Entry::is_family) || entries(&self.errors, false).iter().any(Entry::is_family))
        {
            s.push_str(VERBOSE_NOTE);
            s.push('\n');
        }
        if let Some(hint) = broken_links_hint(&self.errors) {
            s.push_str(&hint);
        }
        s.trim_end().to_string()
    }
}

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.listing(false))
    }
}

/// `N problems found:` and the numbered errors, a family as one line unless `verbose`.
pub fn problems_found(errors: &[Diagnostic], verbose: bool) -> String {
    format!("{} found:\n{}", count(errors.len(), "problem"), numbered(&entries(errors, verbose)))
}

/// Said under a listing with families in it.
pub const VERBOSE_NOTE: &str = "(a line with a count stands for many problems: --verbose lists each)";

/// Whether `d` is a link to a missing page, file or anchor.
pub fn is_broken_link(d: &Diagnostic) -> bool {
    matches!(d.group.as_deref(), Some(BROKEN_LINK | BROKEN_ANCHOR))
}

/// The last line of a build that failed on broken links: how many, and how
/// to build anyway (`312 broken links: fix them, or set …`).
pub fn broken_links_hint(errors: &[Diagnostic]) -> Option<String> {
    let broken = errors.iter().filter(|d| is_broken_link(d)).count();
    if broken == 0 {
        return None;
    }
    let anchors = errors.iter().filter(|d| d.group.as_deref() == Some(BROKEN_ANCHOR)).count();
    let what = match anchors {
        0 => count(broken, "broken link"),
        1 if broken == 1 => "1 broken link (to a missing anchor)".to_string(),
        a if a == broken => format!("{} (to missing anchors)", count(broken, "broken link")),
        a => format!("{} ({a} of them to missing anchors)", count(broken, "broken link")),
    };
    let them = if broken == 1 { "it" } else { "them" };
    let way =
        format!("fix {them}, or set `broken_links: warn` in site.yaml (or pass --broken-links warn) to build anyway");
    Some(match errors.len() - broken {
        0 => format!("{what}: {way}"),
        1 => format!("{what}: {way}; the other problem must be fixed in any case"),
        others => format!("{what}: {way}; the other {others} problems must be fixed in any case"),
    })
}

/// One line of a listing: a problem, or a family of like problems.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry<'a> {
    One(&'a Diagnostic),
    Family { group: &'a str, members: Vec<&'a Diagnostic> },
}

impl Entry<'_> {
    /// How many problems the line stands for.
    pub fn count(&self) -> usize {
        match self {
            Entry::One(_) => 1,
            Entry::Family { members, .. } => members.len(),
        }
    }

    pub fn is_family(&self) -> bool {
        matches!(self, Entry::Family { .. })
    }

    /// A family's problems, each with its place; none for a single problem.
    pub fn members(&self) -> &[&Diagnostic] {
        match self {
            Entry::One(_) => &[],
            Entry::Family { members, .. } => members,
        }
    }
}

impl fmt::Display for Entry<'_> {
    /// A problem as `path:line: message`; a family as its group, where and
    /// how often, and its first places:
    /// `` `aliases` (Hugo): ignored in 631 files, first content/a.md:3, … ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (group, members) = match self {
            Entry::One(d) => return write!(f, "{d}"),
            Entry::Family { group, members } => (group, members),
        };
        let files = members.iter().map(|d| &d.path).collect::<HashSet<_>>().len();
        let n = members.len();
        if n == files {
            write!(f, "{group} in {}, first ", count(files, "file"))?;
        } else {
            write!(f, "{group} {n} times in {}, first ", count(files, "file"))?;
        }
        let places: Vec<String> = members.iter().take(FIRST_PLACES).map(|d| place(d)).collect();
        f.write_str(&places.join(", "))
    }
}

/// `path:line`, or `path` when the line is not known.
fn place(d: &Diagnostic) -> String {
    let path = display_path(&d.path);
    match d.line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

/// The lines that list `problems`, in order: a family with more than
/// [`LISTED_IN_FULL`] members is one line where its first member was, unless
/// `verbose`, which lists every problem.
pub fn entries(problems: &[Diagnostic], verbose: bool) -> Vec<Entry<'_>> {
    if verbose {
        return problems.iter().map(Entry::One).collect();
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for group in problems.iter().filter_map(|d| d.group.as_deref()) {
        *sizes.entry(group).or_default() += 1;
    }
    let mut lines: Vec<Entry> = Vec::new();
    let mut line_of: HashMap<&str, usize> = HashMap::new();
    for d in problems {
        let Some(group) = d.group.as_deref().filter(|g| sizes[g] > LISTED_IN_FULL) else {
            lines.push(Entry::One(d));
            continue;
        };
        match line_of.get(group) {
            Some(&i) => {
                if let Entry::Family { members, .. } = &mut lines[i] {
                    members.push(d);
                }
            }
            None => {
                line_of.insert(group, lines.len());
                lines.push(Entry::Family { group, members: vec![d] });
            }
        }
    }
    lines
}

/// `  1. …` lines, each ending in a newline.
fn numbered(lines: &[Entry]) -> String {
    lines.iter().enumerate().map(|(i, e)| format!("  {}. {e}\n", i + 1)).collect()
}

/// "1 warning", "2 warnings".
pub fn warnings(n: usize) -> String {
    count(n, "warning")
}

/// "1 page", "2 pages": a count of a thing named in English.
pub fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// Characters to insert, delete or replace to turn `a` into `b`: how far a
/// word is from the one a message suggests instead.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(file: &str, line: usize, group: Option<&str>) -> Diagnostic {
        let d = Diagnostic::new(Path::new(file), Some(line), format!("problem at {line}"));
        match group {
            Some(g) => d.grouped(g),
            None => d,
        }
    }

    fn lines(problems: &[Diagnostic], verbose: bool) -> Vec<String> {
        entries(problems, verbose).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_family_is_one_line_with_its_count_and_first_places() {
        let aliases = "`aliases` (Hugo): ignored";
        let mut problems: Vec<Diagnostic> =
            (0..631).map(|i| problem(&format!("content/{i}.md"), 3, Some(aliases))).collect();
        problems.insert(1, problem("content/x.md", 9, None));
        let mut several_in_one_file = vec![problem("a.md", 1, Some("web")), problem("a.md", 2, Some("web"))];
        several_in_one_file.extend((5..14).map(|i| problem(if i % 2 == 0 { "c.md" } else { "b.md" }, i, Some("web"))));
        let small: Vec<Diagnostic> = (0..10).map(|i| problem(&format!("{i}.md"), 1, Some("web"))).collect();
        let table: Vec<(&[Diagnostic], Vec<String>)> = vec![
            (
                &problems,
                vec![
                    "`aliases` (Hugo): ignored in 631 files, first content/0.md:3, content/1.md:3, content/2.md:3"
                        .into(),
                    "content/x.md:9: problem at 9".into(),
                ],
            ),
            // Several in one file: counted as places, and files.
            (&several_in_one_file, vec!["web 11 times in 3 files, first a.md:1, a.md:2, b.md:5".into()]),
            // A small family is listed in full: each line says more than its summary.
            (&small, (0..10).map(|i| format!("{i}.md:1: problem at 1")).collect()),
        ];
        for (problems, want) in table {
            assert_eq!(lines(problems, false), want);
        }
        let all = entries(&problems, false);
        assert_eq!(all[0].count(), 631);
        assert_eq!(all[0].members().len(), 631);
    }

    #[test]
    fn verbose_lists_every_problem() {
        let problems: Vec<Diagnostic> = (0..50).map(|i| problem(&format!("{i}.md"), 1, Some("g"))).collect();
        assert_eq!(lines(&problems, true).len(), 50);
        assert_eq!(lines(&problems, false).len(), 1);
    }

    #[test]
    fn broken_links_become_warnings_when_told() {
        let mut d = Diagnostics::default();
        d.error(problem("a.md", 1, Some(BROKEN_LINK)));
        d.set_broken_links(BrokenLinks::Warn);
        d.error(problem("b.md", 1, Some(BROKEN_ANCHOR)));
        d.error(problem("c.md", 1, None));
        let mut other = Diagnostics::default();
        other.error(problem("d.md", 1, Some(BROKEN_LINK)));
        d.extend(other);
        assert_eq!(d.errors.len(), 1, "only the other error stays one: {d:?}");
        assert_eq!(d.warnings.len(), 3);
    }

    #[test]
    fn the_last_line_says_how_to_build_anyway() {
        let link = || problem("a.md", 1, Some(BROKEN_LINK));
        let anchor = || problem("a.md", 2, Some(BROKEN_ANCHOR));
        let way = "fix them, or set `broken_links: warn` in site.yaml (or pass --broken-links warn) to build anyway";
        let table = [
            (vec![link(), link()], Some(format!("2 broken links: {way}"))),
            (vec![link(), anchor()], Some(format!("2 broken links (1 of them to missing anchors): {way}"))),
            (vec![anchor()], Some(format!("1 broken link (to a missing anchor): {}", way.replace("them", "it")))),
            (
                vec![link(), problem("b.md", 1, None)],
                Some(format!(
                    "1 broken link: {}; the other problem must be fixed in any case",
                    way.replace("them", "it")
                )),
            ),
            (vec![problem("b.md", 1, None)], None),
        ];
        for (errors, want) in table {
            assert_eq!(broken_links_hint(&errors), want);
            let failed = BuildFailed { errors, warnings: Vec::new() };
            let listing = failed.listing(false);
            if let Some(want) = &want {
                assert_eq!(listing.lines().last(), Some(want.as_str()), "{listing}");
            }
        }
    }

    #[test]
    fn a_failed_build_lists_errors_numbered_then_warnings() {
        let errors: Vec<Diagnostic> = (0..2000).map(|i| problem(&format!("{i}.md"), 4, Some(BROKEN_ANCHOR))).collect();
        let failed = BuildFailed { errors, warnings: vec![problem("w.md", 1, None)] };
        let short = failed.listing(false);
        assert!(
            short.starts_with(
                "2000 problems found:\n  1. link to a missing heading or anchor in 2000 files, first 0.md:4,"
            ),
            "{short}"
        );
        assert!(short.contains("and 1 warning:\n  1. w.md:1: problem at 1\n"), "{short}");
        assert!(short.contains("--verbose lists each"), "{short}");
        let all = failed.listing(true);
        assert!(all.contains("  2000. 1999.md:4: problem at 4\n"), "{all}");
        assert!(!all.contains("--verbose"), "{all}");
    }
}
