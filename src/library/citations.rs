//! Stage 4 (library): who cites whom. "Cited by" for every page, the
//! articles (第X条) of a rule that a citing page links to, and a warning for
//! each link to a rule no longer in force, naming what to cite instead: the
//! version in force, at its article of the same number when it has one.
//! In: pages and their rendered links. Out: "cited by" lists, diagnostics.

use super::compare::compare;
use super::{is_outdated, Library};
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{article_id, Rendered};
use std::collections::HashMap;
use std::sync::Arc;

/// For each page, the pages that link to it, by title.
pub fn cited_by(pages: &[Page], rendered: &[Arc<Rendered>], by_rel: &HashMap<&str, usize>) -> Vec<Vec<usize>> {
    let mut cited = vec![Vec::new(); pages.len()];
    for (i, r) in rendered.iter().enumerate() {
        for link in &r.links {
            if let Some(&t) = by_rel.get(link.target.as_str()) {
                if t != i && !cited[t].contains(&i) {
                    cited[t].push(i);
                }
            }
        }
    }
    for list in &mut cited {
        list.sort_by(|&a, &b| pages[a].title.cmp(&pages[b].title));
    }
    cited
}

/// An anchor that is an article's (`第三十一条`, `第十条之一`).
fn as_article(anchor: &str) -> Option<&str> {
    (article_id(anchor).as_deref() == Some(anchor)).then_some(anchor)
}

/// The articles of `page` that page `by` links to, in the order `page` has them.
pub fn articles_cited(lib: &Library, page: usize, by: usize) -> Vec<&str> {
    let target = lib.pages[page].rel.as_str();
    let mut cited: Vec<&str> = lib.rendered[by]
        .links
        .iter()
        .filter(|l| l.target == target)
        .filter_map(|l| as_article(l.anchor.as_deref()?))
        .filter(|a| lib.rendered[page].ids.contains(*a))
        .collect();
    let spans = &lib.rendered[page].spans;
    cited.sort_by_key(|a| spans.iter().position(|s| s.id == *a));
    cited.dedup();
    cited
}

/// A link to a rule no longer in force warns, once per page, rule and
/// article, with what to cite instead. The rule that replaces it, the other
/// versions of its rule, and pages no longer in force themselves may cite
/// it: a new rule names the one it repeals.
pub fn check(lib: &Library, diags: &mut Diagnostics) {
    let pages = &lib.pages;
    let by_rel: HashMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
    let group = &lib.versions.group_of;
    let mut moves = Moves::default();
    for (i, r) in lib.rendered.iter().enumerate() {
        if is_outdated(&pages[i], lib.successor[i]) {
            continue;
        }
        let mut warned: Vec<(usize, Option<&str>)> = Vec::new();
        for link in &r.links {
            let Some(&t) = by_rel.get(link.target.as_str()) else { continue };
            let same_rule = group[t].is_some() && group[t] == group[i];
            if t == i || same_rule || lib.successor[t] == Some(i) || !is_outdated(&pages[t], lib.successor[t]) {
                continue;
            }
            let article = link.anchor.as_deref().and_then(as_article);
            if warned.contains(&(t, article)) {
                continue;
            }
            warned.push((t, article));
            let message = format!(
                "link `{}`: {} is {}, no longer in force{}",
                link.written,
                pages[t].rel,
                state(lib, t),
                instead(lib, t, article, &mut moves)
            );
            diags.warn(Diagnostic::new(&pages[i].path, Some(link.line), message));
        }
    }
}

/// How a rule no longer in force stopped applying, as messages say it.
fn state(lib: &Library, rule: usize) -> &'static str {
    let status = lib.status(rule);
    match (lib.versions.group_of[rule], lib.successor[rule], status) {
        (Some(_), _, Some(status)) => status.describe(),
        (None, None, Some(status)) => status.describe(),
        _ => "superseded",
    }
}

/// Where each article of an old version stands in the version in force
/// (None: the revision removed it), by the comparison that aligns them;
/// each pair of versions compared once.
#[derive(Default)]
struct Moves(HashMap<(usize, usize), HashMap<String, Option<String>>>);

impl Moves {
    fn of(&mut self, lib: &Library, old: usize, current: usize) -> &HashMap<String, Option<String>> {
        self.0.entry((old, current)).or_insert_with(|| {
            let c = compare(&lib.pages[old].body, &lib.pages[current].body);
            let entries = c.entries.into_iter();
            entries.filter_map(|e| Some((e.old?.number, e.new.map(|n| n.number)))).collect()
        })
    }
}

/// What to cite instead of `rule` (at `article`): the version in force of
/// its rule, at the article the old one became, else the rule that replaces it.
fn instead(lib: &Library, rule: usize, article: Option<&str>, moves: &mut Moves) -> String {
    let current = lib.versions.current_instead_of(rule);
    let Some(other) = current.or(lib.successor[rule]) else {
        return String::new();
    };
    let rel = &lib.pages[other].rel;
    let Some(a) = article else { return format!("; cite {rel} instead") };
    if current.is_some() {
        match moves.of(lib, rule, other).get(a) {
            Some(Some(now)) if now == a => return format!("; cite {rel}#{a} instead"),
            Some(Some(now)) => return format!("; cite {rel}#{now} instead: the revision made {a} its {now}"),
            Some(None) => return format!("; cite {rel} instead: its revision removed {a}"),
            None => {}
        }
    }
    if lib.rendered[other].ids.contains(a) && current.is_some() {
        format!("; cite {rel}#{a} instead")
    } else {
        format!("; cite {rel} instead")
    }
}
