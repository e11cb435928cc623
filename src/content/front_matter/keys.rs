//! The keys of a front matter, each declared once, beside how its value is
//! read into [`FrontMatter`]: shuyuan's own ([`OURS`]) and other tools' keys
//! that mean something here ([`HONOURED`]). Any other key is another tool's
//! (told once across files, see [`crate::content::other_tools`]) or
//! unknown, told with the key it is most likely a typo of.

use super::values::{boolean, date, dates, integer, kind, lenient_date, list, slug, status, string, versions};
use super::FrontMatter;
use crate::content::other_tools::{field, flag, ignored, ignored_group, is_never};
use crate::yaml::{key, names, Key, Reader};
use serde_yaml::{Mapping, Value};

/// shuyuan's own keys; messages about unknown keys suggest these.
pub const OURS: &[Key<FrontMatter>] = &[
    key("title", |r, v, fm| fm.title = string(r, v)),
    key("date", |r, v, fm| fm.date = date(r, v)),
    key("kind", |r, v, fm| fm.kind = kind(r, v)),
    key("topics", |r, v, fm| fm.topics = list(r, v)),
    key("tags", |r, v, fm| fm.tags.extend(list(r, v))),
    key("issuer", |r, v, fm| fm.issuer = string(r, v)),
    key("doc_number", |r, v, fm| fm.doc_number = string(r, v)),
    key("summary", |r, v, fm| fm.summary = string(r, v)),
    key("weight", |r, v, fm| fm.weight = integer(r, v)),
    key("draft", |r, v, fm| fm.draft = boolean(r, v)),
    key("slug", |r, v, fm| fm.slug = slug(r, v)),
    key("effective", |r, v, fm| fm.effective = date(r, v)),
    key("status", |r, v, fm| fm.status = status(r, v)),
    key("superseded_by", |r, v, fm| fm.superseded_by = string(r, v)),
    key("description", |r, v, fm| fm.description = string(r, v)),
    key("unlisted", |r, v, fm| fm.unlisted = Some(boolean(r, v))),
    key("aliases", |r, v, fm| fm.aliases.extend(list(r, v))),
    key("updated", |r, v, fm| fm.updated = date(r, v)),
    key("adopted", |r, v, fm| fm.adopted = date(r, v)),
    key("revised", |r, v, fm| fm.revised = dates(r, v)),
    key("versions", |r, v, fm| fm.versions = versions(r, v)),
    key("supersedes", |r, v, fm| fm.supersedes = list(r, v)),
];

/// Other tools' keys that mean something here, read without a warning.
/// Their values are read leniently: what another tool accepts must not
/// stop the build. Their ignored keys are in [`crate::content::other_tools`].
pub const HONOURED: &[Key<FrontMatter>] = &[
    key("bookHidden", |_, v, fm| fm.unlisted = Some(flag(v))),
    key("nav_exclude", |_, v, fm| fm.unlisted = Some(flag(v))),
    key("bookSearchExclude", |_, v, fm| fm.search_exclude |= flag(v)),
    key("search_exclude", |_, v, fm| fm.search_exclude |= flag(v)),
    key("in_search_index", |_, v, fm| fm.search_exclude |= !flag(v)),
    // VitePress `search: false`; MkDocs Material `search: {exclude: true}`.
    key("search", |_, v, fm| {
        fm.search_exclude |= match v {
            Value::Mapping(_) => flag(field(v, "exclude")),
            Value::Bool(b) => !b,
            _ => false,
        }
    }),
    key("headless", |_, v, fm| fm.headless |= flag(v)),
    // Zola `render: false`.
    key("render", |_, v, fm| fm.headless |= !flag(v)),
    // Jekyll `published: false`: a draft, as `jekyll --unpublished` builds it.
    key("published", |_, v, fm| fm.draft |= !flag(v)),
    key("_build", |_, v, fm| hugo_build(v, fm)),
    key("build", |_, v, fm| hugo_build(v, fm)),
    key("redirect_from", |r, v, fm| fm.aliases.extend(list(r, v))),
    key("sidebar_position", |r, v, fm| fm.weight = integer(r, v)),
    key("nav_order", |r, v, fm| fm.weight = integer(r, v)),
    key("lastmod", |r, v, fm| fm.updated = lenient_date(r, v)),
    key("modified", |r, v, fm| fm.updated = lenient_date(r, v)),
    key("last_modified_at", |r, v, fm| fm.updated = lenient_date(r, v)),
    // Docusaurus: `last_update: {date: 2024-03-16, author: …}`.
    key("last_update", |r, v, fm| fm.updated = lenient_date(r, field(v, "date"))),
    key("linkTitle", |r, v, fm| fm.label = string(r, v)),
    key("sidebar_label", |r, v, fm| fm.label = string(r, v)),
    key("categories", |r, v, fm| fm.tags.extend(list(r, v))),
    key("cascade", |r, v, fm| fm.cascade = cascade(r, v)),
];

/// Reads every key of a front matter's mapping.
pub fn read(r: &mut Reader, map: &Mapping, fm: &mut FrontMatter) {
    for key in r.read(map, &[OURS, HONOURED], fm) {
        unread(r, key);
    }
}

/// Hugo's `_build` options.
fn hugo_build(value: &Value, fm: &mut FrontMatter) {
    fm.headless |= is_never(field(value, "render"));
    if is_never(field(value, "list")) {
        fm.unlisted = Some(true);
    }
}

/// A key shuyuan does not read: another tool's, told once across files,
/// or unknown, with the key it is most likely a typo of.
fn unread(r: &mut Reader, key: &str) {
    match ignored(key) {
        Some(tool) => {
            let group = ignored_group(key, tool);
            r.at(key).warn(group.clone(), group);
        }
        None => r.unknown(key, &names(OURS)),
    }
}

/// Hugo's `cascade`: a mapping (or a list of them; those with a `_target`
/// apply to some pages only, so are left out) read as a front matter of
/// its own. What its values say is told where a page sets them, except a
/// wrong kind (an error as anywhere) and an unknown key, which would
/// otherwise pass without a word; other tools' keys are passed over.
fn cascade(r: &mut Reader, value: &Value) -> Option<Box<FrontMatter>> {
    let maps: Vec<&Mapping> = match value {
        Value::Mapping(m) => vec![m],
        Value::Sequence(items) => items.iter().filter_map(Value::as_mapping).collect(),
        _ => Vec::new(),
    };
    let mut inner = FrontMatter::default();
    let loud = std::mem::take(&mut r.diags);
    let unknown: Vec<&str> = r.within("cascade", |r| {
        let maps = maps.into_iter().filter(|m| !m.contains_key("_target"));
        maps.flat_map(|map| r.read(map, &[OURS, HONOURED], &mut inner)).collect()
    });
    let quiet = std::mem::replace(&mut r.diags, loud);
    r.diags.errors.extend(quiet.errors);
    r.within("cascade", |r| {
        for key in unknown.into_iter().filter(|k| ignored(k).is_none()) {
            r.unknown(key, &names(OURS));
        }
    });
    Some(Box::new(inner))
}
