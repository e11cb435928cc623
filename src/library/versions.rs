//! Version groups of rules: rule pages with the same title are versions of
//! one rule, dated by their front matter (`effective`, else `date`) or by a
//! date in the file name (`(2020-05-14)`, `_2020-05-14`, `-20200514`). The
//! newest is current unless a status says otherwise; the others are revised
//! and superseded by the next one, without anyone writing it.
//! In: pages. Out: [`Versions`], which the library joins with `superseded_by`.

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

/// Groups the rules, derives their status and next version, and warns where
/// front matter written by hand disagrees with the order of the dates.
pub fn versions(pages: &[Page], diags: &mut Diagnostics) -> Versions {
    let dates: Vec<Option<Date>> = pages
        .iter()
        .map(|p| p.meta.effective.or(p.meta.date).or_else(|| date_in_file_name(file_stem(&p.rel))))
        .collect();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.kind == Kind::Rule) {
        let list = by_name.entry(rule_name(p)).or_default();
        if list.is_empty() {
            order.push(rule_name(p));
        }
        list.push(i);
    }
    let mut v = Versions {
        groups: Vec::new(),
        group_of: vec![None; pages.len()],
        status: pages.iter().map(|p| p.meta.status.or((p.kind == Kind::Rule).then_some(Status::InForce))).collect(),
        next: vec![None; pages.len()],
        dates,
    };
    for name in order {
        let Some(mut members) = by_name.remove(&name).filter(|m| m.len() > 1) else { continue };
        members.sort_by(|&a, &b| v.dates[a].cmp(&v.dates[b]).then_with(|| pages[a].rel.cmp(&pages[b].rel)));
        let g = v.groups.len();
        for &i in &members {
            v.group_of[i] = Some(g);
        }
        derive_group(pages, &mut v, &members, diags);
        v.groups.push(members);
    }
    v
}

/// Within one group (oldest first): every version older than the newest is
/// revised unless its own status says otherwise, and its next version
/// supersedes it. Two versions that both say `in_force` are warned.
fn derive_group(pages: &[Page], v: &mut Versions, members: &[usize], diags: &mut Diagnostics) {
    let newest = members[members.len() - 1];
    for (k, &i) in members.iter().enumerate() {
        if i == newest {
            continue;
        }
        v.next[i] = Some(members[k + 1]);
        if pages[i].meta.status.is_none() {
            v.status[i] = Some(Status::Revised);
        }
    }
    let in_force: Vec<usize> = members.iter().copied().filter(|&i| v.status[i] == Some(Status::InForce)).collect();
    if in_force.len() > 1 {
        let names: Vec<&str> = in_force.iter().map(|&i| pages[i].rel.as_str()).collect();
        for &i in &in_force[..in_force.len() - 1] {
            let p = &pages[i];
            let message = format!(
                "`status: in_force`, but a newer version of this rule is in force too ({}); \
                 write `status: revised`, or remove `status` to let the dates decide",
                names.join(", ")
            );
            diags.warn(
                Diagnostic::new(&p.path, p.meta.line("status"), message).grouped("two versions of a rule in force"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::date_in_file_name;

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
