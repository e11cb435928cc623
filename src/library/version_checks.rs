//! What `check` (and every build) says about the versions of rules: where
//! status or order written by hand disagrees with the dates, a group with
//! two versions in force, versions whose dates cannot tell which is newer.
//! Each warning can repeat across a large collection, so each is grouped.
//! In: pages, their [`Versions`]. Out: diagnostics.

use super::versions::{Said, Versions};
use crate::content::{Page, Status};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Checks one group of versions, oldest first.
pub fn group(pages: &[Page], v: &Versions, members: &[usize], said: &[Said], diags: &mut Diagnostics) {
    two_in_force(pages, v, members, diags);
    same_date_at_the_top(pages, v, members, said, diags);
    newest_says_revised(pages, v, members, diags);
    for s in said.iter().filter(|s| members.contains(&s.older) && members.contains(&s.newer)) {
        order_against_dates(pages, v, s, diags);
    }
    for &i in members {
        let placed = said.iter().any(|s| s.older == i || s.newer == i);
        if v.dates[i].is_none() && !placed {
            let p = &pages[i];
            let message = "a version of a rule without a date, so taken as its oldest: \
                           give it `date` or `effective`, or name the version it replaces in `supersedes`";
            diags.warn(Diagnostic::new(&p.path, None, message).grouped("versions of a rule without a date"));
        }
    }
}

/// Two versions both in force: only a status written by hand makes an
/// older one so.
fn two_in_force(pages: &[Page], v: &Versions, members: &[usize], diags: &mut Diagnostics) {
    let in_force: Vec<usize> = members.iter().copied().filter(|&i| v.status[i] == Some(Status::InForce)).collect();
    if in_force.len() < 2 {
        return;
    }
    let names: Vec<&str> = in_force.iter().map(|&i| pages[i].rel.as_str()).collect();
    for &i in &in_force[..in_force.len() - 1] {
        let p = &pages[i];
        let message = format!(
            "`status: in_force`, but a newer version of this rule is in force too ({}); \
             write `status: revised`, or remove `status` to let the dates decide",
            names.join(", ")
        );
        diags.warn(Diagnostic::new(&p.path, p.meta.line("status"), message).grouped("two versions of a rule in force"));
    }
}

/// The two newest versions have one date (or none) and nothing else orders
/// them: which is in force is a guess by path.
fn same_date_at_the_top(pages: &[Page], v: &Versions, members: &[usize], said: &[Said], diags: &mut Diagnostics) {
    let [.., older, newest] = members else { return };
    let (older, newest) = (*older, *newest);
    let ordered = said.iter().any(|s| (s.older, s.newer) == (older, newest) || (s.older, s.newer) == (newest, older));
    let by_hand = pages[older].meta.status.is_some() || pages[newest].meta.status.is_some();
    if v.dates[older] != v.dates[newest] || ordered || by_hand {
        return;
    }
    let date = v.dates[newest].map_or_else(|| "no date".to_string(), |d| format!("the date {d}"));
    let p = &pages[newest];
    let message = format!(
        "this page and {} are versions of one rule with {date}, so which one is in force is a guess \
         (this one, by its path): give the older one `status: revised`, or this one `supersedes: {}`",
        pages[older].rel, pages[older].rel
    );
    diags.warn(Diagnostic::new(&p.path, None, message).grouped("two versions of a rule with the same date"));
}

/// The newest version says it is revised, and nothing names the version
/// that revised it: no version of the rule is in force.
fn newest_says_revised(pages: &[Page], v: &Versions, members: &[usize], diags: &mut Diagnostics) {
    let Some(&newest) = members.last() else { return };
    let p = &pages[newest];
    if p.meta.status != Some(Status::Revised)
        || p.meta.superseded_by.is_some()
        || members.iter().any(|&i| v.status[i] == Some(Status::InForce))
    {
        return;
    }
    let date = v.dates[newest].map(|d| format!(" ({d})")).unwrap_or_default();
    let message = format!(
        "`status: revised`, but this is the newest version of this rule{date}, so no version of it is in force: \
         remove `status`, or add the version that revised it"
    );
    diags.warn(
        Diagnostic::new(&p.path, p.meta.line("status"), message)
            .grouped("the newest version of a rule says it is revised"),
    );
}

/// Front matter that orders two versions against their dates: it wins, and says so.
fn order_against_dates(pages: &[Page], v: &Versions, s: &Said, diags: &mut Diagnostics) {
    let (Some(old), Some(new)) = (v.dates[s.older], v.dates[s.newer]) else { return };
    if old <= new {
        return;
    }
    let p = &pages[s.by];
    let message = if s.key == "supersedes" {
        format!(
            "`supersedes: {}` disagrees with the dates: that version is dated {old}, this one {new}; \
             as front matter says, this one is the newer",
            pages[s.older].rel
        )
    } else {
        format!(
            "`superseded_by: {}` disagrees with the dates: that version is dated {new}, this one {old}; \
             as front matter says, that one is the newer",
            pages[s.newer].rel
        )
    };
    diags.warn(
        Diagnostic::new(&p.path, p.meta.line(s.key), message)
            .grouped("`supersedes` or `superseded_by` that disagrees with the dates of the versions"),
    );
}

/// `supersedes` that goes round in a loop among the versions left to order.
pub fn order_loop(pages: &[Page], left: &[usize], said: &[&Said], diags: &mut Diagnostics) {
    let in_loop: Vec<&&Said> = said.iter().filter(|s| left.contains(&s.older) && left.contains(&s.newer)).collect();
    let names: Vec<&str> = left.iter().map(|&i| pages[i].rel.as_str()).collect();
    for s in in_loop.iter().filter(|s| s.key == "supersedes") {
        let p = &pages[s.by];
        let message = format!(
            "`supersedes` makes a loop among the versions {}: each replaces another, so none is the newest; \
             remove `supersedes` from the oldest",
            names.join(", ")
        );
        diags.error(Diagnostic::new(&p.path, p.meta.line(s.key), message));
    }
}

/// `versions:` names the rule; a path there was meant for `supersedes`.
pub fn versions_key(page: &Page, name: &str, diags: &mut Diagnostics) {
    if name.ends_with(".md") {
        let message = format!(
            "`versions: {name}` is read as the name of the rule, not as a page: pages that give one name are \
             versions of one rule; to name the version this one replaces, write `supersedes: {name}`"
        );
        diags.warn(Diagnostic::new(&page.path, page.meta.line("versions"), message));
    }
}

/// A rule in force by its own status, though `superseded_by` names the rule
/// that replaces it.
pub fn single_pages(pages: &[Page], v: &Versions, successor: &[Option<usize>], diags: &mut Diagnostics) {
    for (i, p) in pages.iter().enumerate() {
        let Some(s) = successor[i] else { continue };
        if p.meta.status == Some(Status::InForce) && v.status[i] == Some(Status::InForce) {
            let message = format!(
                "`status: in_force`, but `superseded_by` names the rule that replaces it ({}); remove one of the two",
                pages[s].rel
            );
            diags.warn(
                Diagnostic::new(&p.path, p.meta.line("status"), message)
                    .grouped("`status: in_force` on a rule that `superseded_by` replaces"),
            );
        }
    }
}
