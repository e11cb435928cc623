//! Version groups of rules. Rule pages are versions of one rule when they
//! give the same name in `versions:`, when one `supersedes:` another, or when
//! they share a title and their dates tell them apart (pages of one title and
//! one date are parts of one text, such as the books of a code). A version is
//! dated by its front matter (`effective`, else `date`), else by a date in its
//! file name (`(2020-05-14)`, `_2020-05-14`, `-20200514`), else by the last
//! revision its front matter (`revised`, `adopted`) or its history line names.
//! Versions follow `supersedes` and `superseded_by` where front matter says,
//! else their dates; the newest is current unless a status says otherwise,
//! and the others are revised and superseded by the next one.
//! In: pages and the `superseded_by` they name. Out: [`Versions`].

use super::history;
use super::version_checks;
use crate::content::front_matter::Date;
use crate::content::{Kind, Page, Status};
use crate::diagnostics::{Diagnostic, Diagnostics};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The versions of rules, and what each page's place in them makes of it.
#[derive(Debug, Default)]
pub struct Versions {
    /// Each group of two or more versions, oldest first.
    pub groups: Vec<Vec<usize>>,
    /// For each page, the index of its group in `groups`.
    pub group_of: Vec<Option<usize>>,
    /// For each page, its date as a version.
    pub dates: Vec<Option<Date>>,
    /// For each page, its status: its own, else the one its place in a group gives.
    pub status: Vec<Option<Status>>,
    /// For each page, the next version, when it is not the current one.
    pub next: Vec<Option<usize>>,
}

impl Versions {
    /// The current version of a group: the newest that no status of its own
    /// puts out of force. None when every version is out of force.
    pub fn current(&self, group: usize) -> Option<usize> {
        self.groups[group].iter().rev().copied().find(|&i| self.status[i] == Some(Status::InForce))
    }

    /// The version in force of the rule `page` is a version of, when that is
    /// another page.
    pub fn current_instead_of(&self, page: usize) -> Option<usize> {
        self.group_of[page].and_then(|g| self.current(g)).filter(|&c| c != page)
    }

    /// `pages` with each older version of a rule replaced by the version in
    /// force, each page once, in their order: what a study plan reads of the
    /// pages a topic gathers.
    pub fn current_of_each(&self, pages: &[usize]) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        let read = pages.iter().map(|&p| self.current_instead_of(p).unwrap_or(p));
        read.filter(|&p| seen.insert(p)).collect()
    }
}

/// A date in a file name: `名称(2020-05-14)`, `名称（2020-05-14）`,
/// `名称_2020-05-14`, `名称-20200514`.
pub fn date_in_file_name(stem: &str) -> Option<Date> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:[(（](\d{4})-(\d{1,2})-(\d{1,2})[)）]|_(\d{4})-(\d{2})-(\d{2})|-(\d{4})(\d{2})(\d{2}))$")
            .expect("a valid regex")
    });
    let caps = DATE.captures(stem.trim())?;
    let found: Vec<&str> = caps.iter().skip(1).flatten().map(|m| m.as_str()).collect();
    let [y, m, d] = found.as_slice() else { return None };
    Date::parse(&format!("{y}-{m}-{d}"))
}

/// The title that names the rule: a title taken from a dated file name
/// loses its date, so `行政复议法(2017-09-01)` and `行政复议法(2023-09-01)` meet.
fn rule_name(page: &Page) -> String {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*(?:[(（]\d{4}-\d{1,2}-\d{1,2}[)）]|_\d{4}-\d{2}-\d{2}|-\d{8})$").expect("a valid regex")
    });
    TAIL.replace(page.title.trim(), "").into_owned()
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The date a page has as a version of a rule, from the first that gives
/// one: front matter, file name, front matter's history keys, history line.
fn version_date(page: &Page) -> Option<Date> {
    let m = &page.meta;
    (m.effective.or(m.date))
        .or_else(|| date_in_file_name(file_stem(&page.rel)))
        .or_else(|| m.revised.iter().max().copied().or(m.adopted))
        .or_else(|| (page.kind == Kind::Rule).then(|| history::version_date(&page.body)).flatten())
}

/// What the front matter says of the order of versions: `(older, newer)`
/// pairs, each with the page and key that say it, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Said {
    pub older: usize,
    pub newer: usize,
    /// The page whose front matter says it, and the key.
    pub by: usize,
    pub key: &'static str,
}

/// Groups the rules, orders each group, derives status and next version,
/// and warns where front matter written by hand disagrees with the dates.
/// `successor` holds the pages `superseded_by` names.
pub fn versions(
    pages: &[Page],
    by_rel: &HashMap<&str, usize>,
    successor: &[Option<usize>],
    diags: &mut Diagnostics,
) -> Versions {
    let dates: Vec<Option<Date>> = pages.iter().map(version_date).collect();
    let mut said = supersedes(pages, by_rel, diags);
    said.extend(successor.iter().enumerate().filter_map(|(i, s)| {
        s.map(|newer| Said { older: i, newer, by: i, key: "superseded_by" }).filter(|_| pages[i].kind == Kind::Rule)
    }));
    let mut v = Versions {
        groups: Vec::new(),
        group_of: vec![None; pages.len()],
        status: pages.iter().map(|p| p.meta.status.or((p.kind == Kind::Rule).then_some(Status::InForce))).collect(),
        next: vec![None; pages.len()],
        dates,
    };
    for members in components(pages, &v.dates, &said, diags) {
        let members = order(pages, &v.dates, &members, &said, diags);
        let g = v.groups.len();
        for &i in &members {
            v.group_of[i] = Some(g);
        }
        derive_group(pages, &mut v, &members);
        version_checks::group(pages, &v, &members, &said, diags);
        v.groups.push(members);
    }
    // A rule that `superseded_by` replaces, and that no status and no newer
    // version says more of, is out of force as its banner says: repealed.
    for (i, s) in successor.iter().enumerate() {
        if s.is_some() && pages[i].meta.status.is_none() && v.status[i] == Some(Status::InForce) {
            v.status[i] = Some(Status::Repealed);
        }
    }
    version_checks::single_pages(pages, &v, successor, diags);
    v
}

/// Resolves each rule's `supersedes`: the pages it names, content-relative
/// or relative to the page's folder, each older than the page.
fn supersedes(pages: &[Page], by_rel: &HashMap<&str, usize>, diags: &mut Diagnostics) -> Vec<Said> {
    let mut said = Vec::new();
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| !p.meta.supersedes.is_empty()) {
        let line = p.meta.line("supersedes");
        if p.kind != Kind::Rule {
            diags.warn(Diagnostic::new(&p.path, line, "`supersedes` is meant for rule documents (kind: rule)"));
            continue;
        }
        for target in &p.meta.supersedes {
            match super::find_page(by_rel, &p.section, target) {
                None => diags.error(Diagnostic::new(
                    &p.path,
                    line,
                    format!(
                        "`supersedes: {target}` names no page (write its path under content/, such as rule/old.md)"
                    ),
                )),
                Some(t) if t == i => diags.error(Diagnostic::new(
                    &p.path,
                    line,
                    format!("`supersedes: {target}` names this page itself; name the version it replaces"),
                )),
                Some(t) => said.push(Said { older: t, newer: i, by: i, key: "supersedes" }),
            }
        }
    }
    said
}

/// Finds the root of `i`'s set, halving the path on the way.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn join(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The groups of two or more versions, each in page order: pages that give
/// one name in `versions:`, pages of one title whose dates differ (an
/// undated one among dated ones taken as the oldest), and pages one of
/// which `supersedes` the other.
fn components(pages: &[Page], dates: &[Option<Date>], said: &[Said], diags: &mut Diagnostics) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..pages.len()).collect();
    let mut named: HashMap<&str, usize> = HashMap::new();
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.kind == Kind::Rule) {
        match p.meta.versions.as_deref() {
            Some(name) => {
                version_checks::versions_key(p, name, diags);
                let first = *named.entry(name).or_insert(i);
                join(&mut parent, first, i);
            }
            None => by_title.entry(rule_name(p)).or_default().push(i),
        }
    }
    for p in pages.iter().filter(|p| p.kind != Kind::Rule && p.meta.versions.is_some()) {
        let message = "`versions` is meant for rule documents (kind: rule)";
        diags.warn(Diagnostic::new(&p.path, p.meta.line("versions"), message));
    }
    let mut titles: Vec<Vec<usize>> = by_title.into_values().filter(|m| m.len() > 1).collect();
    titles.sort();
    for members in titles {
        // Pages of one title and one date (or none) are one text: the books
        // of a code, or a copy filed in two folders.
        let mut distinct: Vec<Option<Date>> = members.iter().map(|&i| dates[i]).collect();
        distinct.sort();
        distinct.dedup();
        if distinct.len() > 1 {
            for &i in &members {
                join(&mut parent, members[0], i);
            }
        }
    }
    for s in said.iter().filter(|s| s.key == "supersedes") {
        join(&mut parent, s.older, s.newer);
    }
    let mut sets: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..pages.len() {
        sets.entry(root(&mut parent, i)).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = sets.into_values().filter(|m| m.len() > 1).collect();
    groups.sort();
    groups
}

/// A group's members oldest first: what front matter says of their order
/// first, then their dates, then their paths. Where front matter goes round
/// in a loop, the dates decide, and the loop is an error.
fn order(
    pages: &[Page],
    dates: &[Option<Date>],
    members: &[usize],
    said: &[Said],
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let inside = |i: usize| members.contains(&i);
    let edges: Vec<&Said> = said.iter().filter(|s| inside(s.older) && inside(s.newer)).collect();
    let key = |i: usize| (dates[i], pages[i].rel.as_str());
    let mut left: Vec<usize> = members.to_vec();
    let mut out = Vec::with_capacity(members.len());
    while !left.is_empty() {
        let free = left.iter().copied().filter(|&i| !edges.iter().any(|e| e.newer == i && left.contains(&e.older)));
        let next = match free.min_by_key(|&i| key(i)) {
            Some(i) => i,
            None => {
                version_checks::order_loop(pages, &left, &edges, diags);
                left.iter().copied().min_by_key(|&i| key(i)).expect("a page left")
            }
        };
        left.retain(|&i| i != next);
        out.push(next);
    }
    out
}

/// Within one group (oldest first): every version older than the newest is
/// revised unless its own status says otherwise, and its next version
/// supersedes it.
fn derive_group(pages: &[Page], v: &mut Versions, members: &[usize]) {
    for pair in members.windows(2) {
        let (older, newer) = (pair[0], pair[1]);
        v.next[older] = Some(newer);
        if pages[older].meta.status.is_none() {
            v.status[older] = Some(Status::Revised);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{date_in_file_name, versions};
    use crate::content::Page;
    use crate::diagnostics::Diagnostics;
    use std::collections::HashMap;
    use std::path::Path;

    /// The groups `versions` makes of rule pages (path, front matter keys,
    /// body), each oldest first, as paths.
    fn groups_of(pages: &[(&str, &str, &str)]) -> Vec<Vec<String>> {
        let pages: Vec<Page> = pages
            .iter()
            .map(|(rel, keys, body)| {
                let text = format!("---\nkind: rule\n{keys}\n---\n\n{body}\n");
                Page::parse(Path::new(rel), rel, &text).0.expect("a page")
            })
            .collect();
        let by_rel: HashMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
        let v = versions(&pages, &by_rel, &vec![None; pages.len()], &mut Diagnostics::default());
        v.groups.iter().map(|g| g.iter().map(|&i| pages[i].rel.clone()).collect()).collect()
    }

    #[test]
    fn versions_are_grouped_and_ordered_as_titles_dates_and_front_matter_say() {
        type Case<'a> = (&'a [(&'a str, &'a str, &'a str)], &'a [&'a [&'a str]]);
        let table: &[Case] = &[
            // One title, two dates, the file names in the other order.
            (
                &[("b.md", "title: 甲法\ndate: 2010-01-01", ""), ("a.md", "title: 甲法\ndate: 2024-01-01", "")],
                &[&["b.md", "a.md"]],
            ),
            // One title, one date: one text in two parts, no versions.
            (&[("a.md", "title: 甲法\ndate: 2020-05-28", ""), ("b.md", "title: 甲法\ndate: 2020-05-28", "")], &[]),
            // One title, no dates at all: nothing tells them apart.
            (&[("a.md", "title: 甲法", ""), ("b.md", "title: 甲法", "")], &[]),
            // Undated beside dated: taken as the oldest.
            (&[("a.md", "title: 甲法\ndate: 2010-01-01", ""), ("b.md", "title: 甲法", "")], &[&["b.md", "a.md"]]),
            // Dated by the history line alone.
            (
                &[
                    ("a.md", "title: 甲法", "2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订"),
                    ("b.md", "title: 甲法", "1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过"),
                ],
                &[&["b.md", "a.md"]],
            ),
            // `versions:` joins other titles and keeps its pages out of their titles' groups.
            (
                &[
                    ("a.md", "title: 甲法（2010年）\ndate: 2010-01-01\nversions: 甲法", ""),
                    ("b.md", "title: 中华人民共和国甲法\ndate: 2024-01-01\nversions: 甲法", ""),
                    ("c.md", "title: 中华人民共和国甲法\ndate: 2000-01-01", ""),
                ],
                &[&["a.md", "b.md"]],
            ),
            // `supersedes` joins and orders, against the dates, and through a third page.
            (
                &[
                    ("old.md", "title: 乙办法\ndate: 2024-01-01", ""),
                    ("new.md", "title: 乙条例\ndate: 2020-01-01\nsupersedes: old.md", ""),
                    ("newer.md", "title: 乙条例\ndate: 2025-01-01", ""),
                ],
                &[&["old.md", "new.md", "newer.md"]],
            ),
        ];
        for (pages, want) in table {
            let want: Vec<Vec<String>> = want.iter().map(|g| g.iter().map(|s| s.to_string()).collect()).collect();
            assert_eq!(groups_of(pages), want, "{pages:?}");
        }
    }

    #[test]
    fn dates_in_file_names_are_read_in_the_shapes_collections_use() {
        let table = [
            ("行政复议法(2017-09-01)", Some("2017-09-01")),
            ("行政复议法（2023-9-1）", Some("2023-09-01")),
            ("保密法_2024-02-27", Some("2024-02-27")),
            ("bmf-20100429", Some("2010-04-29")),
            ("行政复议法", None),
            ("2017-09-01 会议纪要", None),
        ];
        for (stem, want) in table {
            assert_eq!(date_in_file_name(stem).map(|d| d.to_string()), want.map(String::from), "{stem}");
        }
    }
}
