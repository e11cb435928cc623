//! The comparison pages (版本对照) of consecutive versions of a rule, one per
//! pair, at [`compare_url`] of the newer one. In: the library's version groups. Out: jobs.

use super::views::{compare_url, Crumb};
use super::{Job, Renderer};
use crate::library::compare::compare;
use crate::library::Library;
use serde::Serialize;

#[derive(Serialize)]
struct VersionLink<'a> {
    title: &'a str,
    url: &'a str,
    date: Option<String>,
    status: Option<crate::content::Status>,
}

impl<'a> VersionLink<'a> {
    fn of(lib: &'a Library, page: usize) -> Self {
        let p = &lib.pages[page];
        let date = lib.versions.dates[page].map(|d| d.to_string());
        VersionLink { title: &p.title, url: &p.url, date, status: lib.status(page) }
    }
}

#[derive(Serialize)]
struct EntryView {
    change: &'static str,
    old_number: Option<String>,
    new_number: Option<String>,
    html: String,
}

#[derive(Serialize)]
struct ComparisonView<'a> {
    old: VersionLink<'a>,
    new: VersionLink<'a>,
    added: usize,
    changed: usize,
    removed: usize,
    unchanged: usize,
    summary: String,
    entries: Vec<EntryView>,
}

/// Every pair of consecutive versions, as (group, index of the newer one).
pub(super) fn pairs(lib: &Library) -> impl Iterator<Item = (usize, usize)> + '_ {
    lib.versions.groups.iter().enumerate().flat_map(|(g, members)| (1..members.len()).map(move |k| (g, k)))
}

impl Renderer<'_> {
    /// The comparison page of version `k` of `group` with the one before it.
    pub(super) fn comparison(&self, lib: &Library, group: usize, k: usize) -> Job<'static> {
        let members = &lib.versions.groups[group];
        let (old, new) = (members[k - 1], members[k]);
        let c = compare(&lib.pages[old].body, &lib.pages[new].body);
        let entries = c
            .entries
            .into_iter()
            .map(|e| EntryView {
                change: e.change.as_str(),
                old_number: e.old.map(|a| a.number),
                new_number: e.new.map(|a| a.number),
                html: e.html,
            })
            .collect();
        let view = ComparisonView {
            old: VersionLink::of(lib, old),
            new: VersionLink::of(lib, new),
            added: c.added,
            changed: c.changed,
            removed: c.removed,
            unchanged: c.unchanged,
            summary: summary(self.words.compare_summary, [c.added, c.changed, c.removed, c.unchanged]),
            entries,
        };
        let url = compare_url(&lib.pages[new]);
        let mut ctx = self.context(&url, "");
        let newer = &lib.pages[new];
        let mut crumbs: Vec<Crumb> =
            lib.section_chain(&newer.section).iter().map(|s| Crumb::link(&s.title, &s.url)).collect();
        crumbs.push(Crumb::link(&newer.title, &newer.url));
        crumbs.push(Crumb::here(self.words.compare));
        ctx.insert("crumbs", &crumbs);
        ctx.insert("comparison", &view);
        Job::new("compare.html", url, ctx)
    }
}

/// `新增 {added} 条…` with its counts filled in.
fn summary(words: &str, [added, changed, removed, unchanged]: [usize; 4]) -> String {
    words
        .replace("{added}", &added.to_string())
        .replace("{changed}", &changed.to_string())
        .replace("{removed}", &removed.to_string())
        .replace("{unchanged}", &unchanged.to_string())
}
