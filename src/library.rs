//! Stage 4: the library. Joins rendered pages into what the site shows about
//! them together: kinds, topics in study order, sections, "cited by",
//! previous/next within a topic, successors of superseded rules. Also checks
//! what needs every page at once: anchors of links, `superseded_by` targets,
//! links to rules no longer in force, topics spelled almost like another.
//! In: pages and their [`Rendered`] bodies. Out: [`Library`].

use crate::content::{slug, Content, Kind, Page, Section, Status};
use crate::diagnostics::edit_distance;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::links::normalize;
use crate::markdown::Rendered;
use std::collections::HashMap;
use std::sync::Arc;

mod citations;
pub mod compare;
pub mod history;
pub mod natural;
mod version_checks;
pub mod versions;

pub use versions::Versions;

/// A topic (专题) and its pages in study order.
#[derive(Debug, Clone)]
pub struct Topic {
    pub name: String,
    /// ASCII name of the topic's files: `topic/<slug>.html`, `plans/<slug>.html`.
    pub slug: String,
    pub url: String,
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Library {
    pub pages: Vec<Page>,
    /// Shared with the cache of live preview, which keeps unchanged pages' bodies.
    pub rendered: Vec<Arc<Rendered>>,
    pub sections: Vec<Section>,
    /// Each section's `_index.md` body as HTML, in the order of `sections`.
    pub intros: Vec<String>,
    pub topics: Vec<Topic>,
    /// For each page, the pages that link to it.
    pub cited_by: Vec<Vec<usize>>,
    /// For each page, the page that replaces it, when it is superseded.
    pub successor: Vec<Option<usize>>,
    /// `content/topics/*.md`, read by the study plans.
    pub topic_files: Vec<crate::content::Source>,
    /// For each section (in the order of `sections`), its own listed pages
    /// in study order: what its page lists, and previous/next for pages in
    /// no topic.
    pub section_pages: Vec<Vec<usize>>,
    /// The versions of rules: groups, derived status, next versions.
    pub versions: Versions,
    /// For each page, its previous and next page ([`Library::neighbours`]).
    neighbours: Vec<(Option<usize>, Option<usize>)>,
}

impl Library {
    pub fn new(
        content: Content,
        rendered: Vec<Arc<Rendered>>,
        intros: Vec<String>,
        diags: &mut Diagnostics,
    ) -> Library {
        let Content { pages, sections, topic_files, .. } = content;
        let by_rel: HashMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
        check_anchors(&pages, &rendered, &by_rel, diags);
        let cited_by = citations::cited_by(&pages, &rendered, &by_rel);
        let named = successors(&pages, &by_rel, diags);
        let versions = versions::versions(&pages, &by_rel, &named, diags);
        let successor = join_successors(&pages, named, &versions, diags);
        drop(by_rel);
        let topics = topics(&pages);
        let section_pages = section_pages(&pages, &sections);
        let neighbours = neighbours(&pages, &sections, &topics, &section_pages);
        let lib = Library {
            pages,
            rendered,
            sections,
            intros,
            topics,
            cited_by,
            successor,
            topic_files,
            section_pages,
            versions,
            neighbours,
        };
        citations::check(&lib, diags);
        check_topic_spelling(&lib.pages, &lib.topics, diags);
        lib
    }

    /// A page's status: its own, else the one its place among the versions
    /// of its rule gives (the newest in force, the others revised).
    pub fn status(&self, page: usize) -> Option<Status> {
        self.versions.status[page]
    }

    /// The articles (第X条) of `page` that page `by` links to, in the page's order.
    pub fn articles_cited(&self, page: usize, by: usize) -> Vec<&str> {
        citations::articles_cited(self, page, by)
    }

    /// The versions of the rule `page` is a version of, oldest first; empty
    /// for a page that is no version of another.
    pub fn versions_of(&self, page: usize) -> &[usize] {
        self.versions.group_of[page].map(|g| self.versions.groups[g].as_slice()).unwrap_or(&[])
    }

    /// Listed pages of one kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.pages.iter().filter(|p| p.kind == kind && !p.unlisted).count()
    }

    /// Listed pages of one kind, newest first.
    pub fn of_kind(&self, kind: Kind) -> Vec<usize> {
        let mut v: Vec<usize> = self.listed().filter(|&i| self.pages[i].kind == kind).collect();
        v.sort_by(|&a, &b| newest_first(&self.pages[a], &self.pages[b]));
        v
    }

    /// Pages that lists show (all but the unlisted).
    pub fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pages.len()).filter(|&i| !self.pages[i].unlisted)
    }

    /// Listed pages in `dir` and the folders under it, at any depth.
    pub fn count_under(&self, dir: &str) -> usize {
        let prefix = format!("{dir}/");
        let under = |p: &Page| dir.is_empty() || p.section == dir || p.section.starts_with(&prefix);
        self.pages.iter().filter(|p| !p.unlisted && under(p)).count()
    }

    /// Every listed page, newest first.
    pub fn newest(&self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.listed().collect();
        v.sort_by(|&a, &b| newest_first(&self.pages[a], &self.pages[b]));
        v.truncate(n);
        v
    }

    /// The previous and next page of `page` within its first topic; for a
    /// page in no topic, within its section. None for an unlisted page.
    pub fn neighbours(&self, page: usize) -> (Option<usize>, Option<usize>) {
        self.neighbours[page]
    }

    /// The intro HTML of the section for folder `dir`.
    pub fn intro(&self, dir: &str) -> &str {
        self.sections.iter().position(|s| s.dir == dir).map(|i| self.intros[i].as_str()).unwrap_or("")
    }

    /// A section's ancestors from the top down, itself last; the top section excluded.
    pub fn section_chain(&self, dir: &str) -> Vec<&Section> {
        let mut chain = Vec::new();
        let mut d = dir;
        while !d.is_empty() {
            if let Some(s) = self.sections.iter().find(|s| s.dir == d) {
                chain.push(s);
            }
            d = d.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        }
        chain.reverse();
        chain
    }
}

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.meta.date.cmp(&a.meta.date).then_with(|| natural::cmp(&a.title, &b.title)).then_with(|| a.rel.cmp(&b.rel))
}

/// Study order: weight first (pages without one last), then date (oldest
/// first), then title in natural order (第2条 before 第10条), then path.
pub fn study_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let wa = a.meta.weight.unwrap_or(i64::MAX);
    let wb = b.meta.weight.unwrap_or(i64::MAX);
    (wa.cmp(&wb))
        .then_with(|| a.meta.date.cmp(&b.meta.date))
        .then_with(|| natural::cmp(&a.title, &b.title))
        .then_with(|| a.rel.cmp(&b.rel))
}

/// Each section's own listed pages, in study order. An unlisted section
/// (`bookHidden` in its `_index.md`) still lists the pages it made
/// unlisted, for a reader who reaches it by a link.
/// Each page's previous and next page within its first topic, or, in no
/// topic, within its section ([`Library::neighbours`]): each list walked
/// once (finding each page in its list took 2.5 × 10⁸ steps at 100,000 pages).
fn neighbours(
    pages: &[Page],
    sections: &[Section],
    topics: &[Topic],
    section_pages: &[Vec<usize>],
) -> Vec<(Option<usize>, Option<usize>)> {
    /// The list that orders a page: its first topic's, or its section's.
    #[derive(PartialEq, Clone, Copy)]
    enum Order {
        Topic(usize),
        Section(usize),
    }
    let topic_at: HashMap<&str, usize> = topics.iter().enumerate().rev().map(|(i, t)| (t.name.as_str(), i)).collect();
    let section_at: HashMap<&str, usize> =
        sections.iter().enumerate().rev().map(|(i, s)| (s.dir.as_str(), i)).collect();
    let order_of = |p: &Page| match p.meta.topics.first() {
        Some(topic) => topic_at.get(topic.as_str()).map(|&t| Order::Topic(t)),
        None => section_at.get(p.section.as_str()).map(|&s| Order::Section(s)),
    };
    let orders = topics.iter().enumerate().map(|(t, topic)| (Order::Topic(t), &topic.pages));
    let orders = orders.chain(section_pages.iter().enumerate().map(|(s, list)| (Order::Section(s), list)));
    let mut out = vec![(None, None); pages.len()];
    let mut placed = vec![false; pages.len()];
    for (order, list) in orders {
        for (pos, &page) in list.iter().enumerate() {
            if !placed[page] && order_of(&pages[page]) == Some(order) {
                out[page] = (pos.checked_sub(1).map(|i| list[i]), list.get(pos + 1).copied());
                placed[page] = true;
            }
        }
    }
    out
}

fn section_pages(pages: &[Page], sections: &[Section]) -> Vec<Vec<usize>> {
    let index: HashMap<&str, usize> = sections.iter().enumerate().map(|(i, s)| (s.dir.as_str(), i)).collect();
    let mut lists = vec![Vec::new(); sections.len()];
    for (i, p) in pages.iter().enumerate() {
        let Some(&s) = index.get(p.section.as_str()) else { continue };
        if !p.unlisted || sections[s].unlisted && p.meta.unlisted.is_none() {
            lists[s].push(i);
        }
    }
    for list in &mut lists {
        list.sort_by(|&a, &b| study_order(&pages[a], &pages[b]));
    }
    lists
}

/// Where the page of the topic with this slug lives.
pub fn topic_url(slug: &str) -> String {
    format!("topic/{slug}.html")
}

fn topics(pages: &[Page]) -> Vec<Topic> {
    let mut order: Vec<String> = Vec::new();
    let mut members: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| !p.unlisted) {
        for t in &p.meta.topics {
            let list = members.entry(t.clone()).or_default();
            if list.is_empty() {
                order.push(t.clone());
            }
            list.push(i);
        }
    }
    order.sort();
    let mut slugs = TopicSlugs::default();
    order
        .into_iter()
        .map(|name| {
            let mut pages_of = members.remove(&name).unwrap_or_default();
            pages_of.sort_by(|&a, &b| study_order(&pages[a], &pages[b]));
            let s = slugs.take(slug::path_component(&name));
            Topic { name, url: topic_url(&s), slug: s, pages: pages_of }
        })
        .collect()
}

/// Topic slugs given so far. A topic's slug names several files (its list
/// `topic/<slug>.html` and the list's further pages `<slug>-page-2.html`…,
/// its plan `plans/<slug>.html`, print pack `<slug>-print.html` and
/// calendar), so a slug is free only when none of them meets another
/// topic's, compared as Windows and FAT32 compare names (ignoring case).
#[derive(Default)]
struct TopicSlugs {
    taken: std::collections::HashSet<String>,
    /// What each taken slug is the print pack or a list page of (`a` for `a-print`).
    stems: std::collections::HashSet<String>,
}

impl TopicSlugs {
    /// `base`, or `base-2`, `base-3`… : the first that is free.
    fn take(&mut self, base: String) -> String {
        let free = |me: &Self, s: &str| {
            let s = s.to_ascii_lowercase();
            !me.taken.contains(&s) && !me.stems.contains(&s) && !topic_stem(&s).is_some_and(|t| me.taken.contains(t))
        };
        let s = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|s| free(self, s))
            .unwrap_or(base);
        let lower = s.to_ascii_lowercase();
        if let Some(stem) = topic_stem(&lower) {
            self.stems.insert(stem.to_string());
        }
        self.taken.insert(lower);
        s
    }
}

/// `a` for `a-print` and `a-page-2`: the slug whose print pack or further
/// list page would have this name.
fn topic_stem(slug: &str) -> Option<&str> {
    if let Some(stem) = slug.strip_suffix("-print") {
        return Some(stem);
    }
    let (stem, n) = slug.rsplit_once("-page-")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(stem)
}

fn check_anchors(pages: &[Page], rendered: &[Arc<Rendered>], by_rel: &HashMap<&str, usize>, diags: &mut Diagnostics) {
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.links {
            let Some(anchor) = &link.anchor else { continue };
            let target = if link.target.is_empty() { Some(i) } else { by_rel.get(link.target.as_str()).copied() };
            let Some(t) = target else { continue };
            if !rendered[t].ids.contains(anchor) {
                let page = &pages[i];
                diags.error(
                    Diagnostic::new(
                        &page.path,
                        Some(link.line),
                        format!("link `{}`: {} has no heading or anchor `#{anchor}`", link.written, pages[t].rel),
                    )
                    .grouped(crate::diagnostics::BROKEN_ANCHOR),
                );
            }
        }
    }
}

/// The page a front matter key names by path: content-relative, or
/// relative to the folder `dir` of the page that names it.
fn find_page(by_rel: &HashMap<&str, usize>, dir: &str, target: &str) -> Option<usize> {
    let target = target.trim_start_matches("content/");
    let candidates = [normalize("", target), normalize(dir, target)];
    candidates.iter().flatten().find_map(|rel| by_rel.get(rel.as_str()).copied())
}

/// Resolves `superseded_by`: content-relative, or relative to the page's folder.
/// A rule that supersedes itself, or rules that supersede each other in a
/// loop, are errors: none of them would be the one in force.
fn successors(pages: &[Page], by_rel: &HashMap<&str, usize>, diags: &mut Diagnostics) -> Vec<Option<usize>> {
    let mut successor: Vec<Option<usize>> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let target = p.meta.superseded_by.as_deref()?;
            let found = find_page(by_rel, &p.section, target);
            let line = p.meta.line("superseded_by");
            if found.is_none() {
                diags.error(Diagnostic::new(
                    &p.path,
                    line,
                    format!(
                        "`superseded_by: {target}` names no page (write its path under content/, such as rule/new.md)"
                    ),
                ));
            }
            if found == Some(i) {
                let message =
                    format!("`superseded_by: {target}` names this page itself; name the rule that replaces it");
                diags.error(Diagnostic::new(&p.path, line, message));
                return None;
            }
            if p.kind != Kind::Rule {
                diags.warn(Diagnostic::new(&p.path, line, "`superseded_by` is meant for rule documents (kind: rule)"));
            }
            found
        })
        .collect();
    for cycle in supersession_loops(&successor) {
        let names: Vec<&str> = cycle.iter().chain(cycle.first()).map(|&i| pages[i].rel.as_str()).collect();
        for &i in &cycle {
            let message = format!(
                "`superseded_by` makes a loop ({}): each rule replaces the next, so none is in force; \
                 remove `superseded_by` from the current one",
                names.join(" → ")
            );
            diags.error(Diagnostic::new(&pages[i].path, pages[i].meta.line("superseded_by"), message));
        }
        for &i in &cycle {
            successor[i] = None;
        }
    }
    successor
}

/// A page without `superseded_by` is superseded by its next version; one
/// with it keeps what it says, and is warned when that is not the next version.
fn join_successors(
    pages: &[Page],
    explicit: Vec<Option<usize>>,
    versions: &Versions,
    diags: &mut Diagnostics,
) -> Vec<Option<usize>> {
    let mut successor = explicit;
    for (i, s) in successor.iter_mut().enumerate() {
        match (*s, versions.next[i]) {
            (None, next) if pages[i].meta.superseded_by.is_none() => *s = next,
            (Some(named), Some(next)) if named != next => {
                let p = &pages[i];
                let message = format!(
                    "`superseded_by: {}` disagrees with the dates of this rule's versions, which make {} the next one",
                    pages[named].rel, pages[next].rel
                );
                diags.warn(
                    Diagnostic::new(&p.path, p.meta.line("superseded_by"), message)
                        .grouped("`superseded_by` that disagrees with the dates of the versions"),
                );
            }
            _ => {}
        }
    }
    successor
}

/// The loops of the `superseded_by` chains, each once, in chain order from
/// its first page.
fn supersession_loops(successor: &[Option<usize>]) -> Vec<Vec<usize>> {
    // 0: not seen, 1: on the chain being followed, 2: done.
    let mut state = vec![0u8; successor.len()];
    let mut loops = Vec::new();
    for start in 0..successor.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| state[i] != 2) {
            if state[i] == 1 {
                let from = chain.iter().position(|&c| c == i).unwrap_or(0);
                let mut cycle = chain[from..].to_vec();
                let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                cycle.rotate_left(first);
                loops.push(cycle);
                break;
            }
            state[i] = 1;
            chain.push(i);
            at = successor[i];
        }
        for i in chain {
            state[i] = 2;
        }
    }
    loops
}

/// A topic that one page alone lists, spelled almost like one that several
/// pages list, is most likely a typo for it: the page would otherwise sit
/// in a topic and a study plan of its own.
fn check_topic_spelling(pages: &[Page], topics: &[Topic], diags: &mut Diagnostics) {
    let shared: Vec<&Topic> = topics.iter().filter(|t| t.pages.len() > 1).collect();
    for lone in topics.iter().filter(|t| t.pages.len() == 1) {
        let chars = lone.name.chars().count();
        let limit = if chars <= 4 { 1 } else { 2 };
        // Names that differ in their numbers only (2023年学习, 2024年学习) are a series.
        let digits_as_one =
            |name: &str| name.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect::<String>();
        let closest = shared
            .iter()
            .filter(|t| digits_as_one(&t.name) != digits_as_one(&lone.name))
            .map(|t| (edit_distance(&lone.name, &t.name), t))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d);
        if let Some((_, like)) = closest {
            let page = &pages[lone.pages[0]];
            diags.warn(Diagnostic::new(
                &page.path,
                page.meta.line("topics"),
                format!(
                    "the topic `{}` is listed by this page alone; did you mean `{}` ({} pages)?",
                    lone.name,
                    like.name,
                    like.pages.len()
                ),
            ));
        }
    }
}

/// Whether a page should carry the "no longer in force" banner.
pub fn is_outdated(page: &Page, successor: Option<usize>) -> bool {
    successor.is_some() || matches!(page.meta.status, Some(Status::Repealed) | Some(Status::Revised))
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, supersession_loops, TopicSlugs};

    #[test]
    fn topics_whose_files_would_meet_get_slugs_of_their_own() {
        let table: [(&[&str], &[&str]); 5] = [
            (&["a", "b"], &["a", "b"]),
            (&["fa", "fa", "fa-2"], &["fa", "fa-2", "fa-2-2"]),
            (&["a", "a-print", "a-page-3"], &["a", "a-print-2", "a-page-3-2"]),
            (&["fa-print", "fa"], &["fa-print", "fa-2"]),
            (&["A", "a"], &["A", "a-2"]),
        ];
        for (bases, want) in table {
            let mut slugs = TopicSlugs::default();
            let got: Vec<String> = bases.iter().map(|b| slugs.take(b.to_string())).collect();
            assert_eq!(got, want, "{bases:?}");
        }
    }

    #[test]
    fn rules_that_supersede_each_other_are_found_once_per_loop() {
        type Case<'a> = (&'a [Option<usize>], Vec<Vec<usize>>);
        let table: [Case; 5] = [
            (&[None, Some(0)], vec![]),
            (&[Some(1), Some(2), None], vec![]),
            (&[Some(1), Some(0)], vec![vec![0, 1]]),
            (&[Some(1), Some(2), Some(1), Some(0)], vec![vec![1, 2]]),
            (&[Some(2), None, Some(3), Some(0), Some(5), Some(4)], vec![vec![0, 2, 3], vec![4, 5]]),
        ];
        for (successor, want) in table {
            assert_eq!(supersession_loops(successor), want, "{successor:?}");
        }
    }

    #[test]
    fn edit_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance("保密", "保蜜"), 1);
        assert_eq!(edit_distance("意识形态工作责任", "意识形态工作责任制"), 1);
        assert_eq!(edit_distance("舆情监测", "舆论引导"), 3);
        assert_eq!(edit_distance("", "理论"), 2);
        assert_eq!(edit_distance("理论学习", "理论学习"), 0);
    }
}
