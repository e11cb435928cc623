//! How a front matter's values read: text, lists, dates, whole numbers,
//! yes-or-no, a kind, a status, a slug. A value of the wrong shape is an
//! error at its key's line (a warning, for what another tool accepts).

use super::{Date, Kind, Status};
use crate::content::other_tools::{ignored_group, label_of, MKDOCS_STATUSES};
use crate::content::slug::is_safe;
use crate::yaml::Reader;
use serde_yaml::Value;

pub fn string(r: &mut Reader, value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => None,
        _ => {
            r.error(format!("`{}` must be text", r.key));
            None
        }
    }
}

pub fn list(r: &mut Reader, value: &Value) -> Vec<String> {
    match value {
        // Docusaurus tags may be `{label: …, permalink: …}`.
        Value::Sequence(items) => items.iter().filter_map(|v| string(r, label_of(v))).collect(),
        Value::Null => Vec::new(),
        _ => string(r, value).into_iter().collect(),
    }
}

/// A date in another tool's key: one this tool cannot read is warned
/// about and left out, not an error.
pub fn lenient_date(r: &mut Reader, value: &Value) -> Option<Date> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let date = Date::parse(&text);
    if date.is_none() && !text.is_empty() {
        let key = &r.key;
        let message = format!("`{key}: {text}` is not a date; the page shows no updated date");
        let group = format!("`{key}` that is not a date: no updated date shown");
        r.warn(message, group);
    }
    date
}

pub fn date(r: &mut Reader, value: &Value) -> Option<Date> {
    let text = string(r, value)?;
    let date = Date::parse(&text);
    if date.is_none() {
        r.error(format!("`{}: {text}` is not a date (write 2024-03-16, 2024-03 or 2024)", r.key));
    }
    date
}

/// One date or a list of them.
pub fn dates(r: &mut Reader, value: &Value) -> Vec<Date> {
    match value {
        Value::Sequence(items) => items.iter().filter_map(|v| date(r, v)).collect(),
        Value::Null => Vec::new(),
        _ => date(r, value).into_iter().collect(),
    }
}

pub fn kind(r: &mut Reader, value: &Value) -> Option<Kind> {
    let text = string(r, value)?;
    let kind = Kind::parse(&text);
    if kind.is_none() {
        r.error(format!("`kind: {text}` is not a kind; valid kinds are {}", Kind::choices()));
    }
    kind
}

pub fn status(r: &mut Reader, value: &Value) -> Option<Status> {
    let text = string(r, value)?;
    let status = match text.as_str() {
        "in_force" | "现行有效" => Some(Status::InForce),
        "revised" | "已修订" => Some(Status::Revised),
        "repealed" | "已废止" => Some(Status::Repealed),
        _ => None,
    };
    if status.is_none() && MKDOCS_STATUSES.contains(&text.as_str()) {
        // MkDocs Material marks pages `status: new` or `deprecated` in its menu.
        let group = ignored_group(&format!("status: {text}"), "MkDocs");
        r.warn(group.clone(), group);
    } else if status.is_none() {
        r.error(format!("`status: {text}` is not valid; use in_force, revised or repealed"));
    }
    status
}

pub fn integer(r: &mut Reader, value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
        // Docusaurus allows `sidebar_position: 2.5`; its place among whole numbers is kept.
        Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => n.as_f64().map(|f| f.floor() as i64),
        Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
        Value::Null => None,
        _ => {
            r.error(format!("`{}` must be a whole number", r.key));
            None
        }
    }
}

pub fn boolean(r: &mut Reader, value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Null => false,
        _ => {
            r.error(format!("`{}` must be true or false", r.key));
            false
        }
    }
}

pub fn slug(r: &mut Reader, value: &Value) -> Option<String> {
    let text = string(r, value)?;
    if text.contains('/') {
        // Docusaurus writes a slug as a path (`/intro`, `/guide/start`):
        // its last part names the page; a path that cannot is ignored.
        let last = text.trim_matches('/').rsplit('/').next().unwrap_or("");
        if is_safe(last) {
            return Some(last.to_string());
        }
        let group = ignored_group("slug: /…", "Docusaurus");
        r.warn(format!("{group}: `slug: {text}`"), group);
        return None;
    }
    if is_safe(&text) {
        Some(text)
    } else {
        r.error(format!("`slug: {text}` must be ASCII letters, digits, `-` or `_`"));
        None
    }
}

/// `versions:`: the name of the rule all its versions give. A list is
/// refused with the key that names the versions a page replaces.
pub fn versions(r: &mut Reader, value: &Value) -> Option<String> {
    if let Value::Sequence(_) = value {
        r.error(
            "`versions` is the rule's name (text), which all its versions give; \
             to name the versions this page replaces, write them in `supersedes`",
        );
        return None;
    }
    string(r, value)
}
