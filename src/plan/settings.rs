//! A topic's own file, `content/topics/<slug>.md`: its title (the topic's
//! name as pages write it), a description (the body), and its study plan's
//! settings. Without a file, defaults apply.

use super::dates::Cadence;
use crate::content::front_matter::split;
use crate::content::{Date, Source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, key, names, Document, Key, KeyLines, Reader};
use serde_yaml::Value;

/// Minutes per session unless a topic file says otherwise.
pub const DEFAULT_SESSION_MINUTES: u32 = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct TopicSettings {
    /// The topic's name, as pages list it in `topics:`; the file name's
    /// slug stands in when there is no title.
    pub title: Option<String>,
    pub stem: String,
    /// The body of the file, Markdown.
    pub description: String,
    pub minutes: u32,
    pub start: Option<Date>,
    pub cadence: Cadence,
    /// Pages (content paths) first, in this order; the others follow in study order.
    pub order: Vec<String>,
    /// Pages to add although they do not list the topic.
    pub add: Vec<String>,
    pub leave_out: Vec<String>,
    /// Readings that are optional (选读).
    pub optional: Vec<String>,
    /// File line of each key, for messages about its values.
    pub lines: KeyLines,
}

/// The keys of a topic's file, each beside how its value is read.
const KEYS: &[Key<TopicSettings>] = &[
    // An empty value (`title:`) is as good as none.
    key("title", |r, v, t| {
        if is_text(r, v) {
            t.title = text(v)
        }
    }),
    key("description", |r, v, t| {
        if is_text(r, v) {
            t.description = text(v).unwrap_or_default()
        }
    }),
    key("minutes", |r, v, t| match v.as_u64().filter(|m| *m > 0) {
        Some(m) => t.minutes = m as u32,
        None => r.error(format!("`minutes: {}` must be a whole number of minutes per session", show(v))),
    }),
    key("start", |r, v, t| match text(v).as_deref().and_then(Date::parse).filter(|d| d.day.is_some()) {
        Some(d) => t.start = Some(d),
        None => r.error(format!("`start: {}` must be a date such as 2025-12-01", show(v))),
    }),
    key("cadence", |r, v, t| match text(v).as_deref().and_then(Cadence::parse) {
        Some(c) => t.cadence = c,
        None => r.error(format!("`cadence: {}` must be daily, weekdays, weekly or none", show(v))),
    }),
    key("order", |r, v, t| t.order = pages(r, v)),
    key("add", |r, v, t| t.add = pages(r, v)),
    key("leave_out", |r, v, t| t.leave_out = pages(r, v)),
    key("optional", |r, v, t| t.optional = pages(r, v)),
];

impl TopicSettings {
    pub fn defaults(stem: &str) -> TopicSettings {
        TopicSettings {
            title: None,
            stem: stem.to_string(),
            description: String::new(),
            minutes: DEFAULT_SESSION_MINUTES,
            start: None,
            cadence: Cadence::None,
            order: Vec::new(),
            add: Vec::new(),
            leave_out: Vec::new(),
            optional: Vec::new(),
            lines: KeyLines::default(),
        }
    }

    pub fn parse(source: &Source) -> (TopicSettings, Diagnostics) {
        let mut diags = Diagnostics::default();
        let stem = source.rel.rsplit('/').next().unwrap_or("").trim_end_matches(".md").to_string();
        let mut t = TopicSettings::defaults(&stem);
        let path = source.path.as_path();
        let parts = match split(&source.text) {
            Ok(p) => p,
            Err(message) => {
                diags.error(Diagnostic::new(path, Some(1), message));
                return (t, diags);
            }
        };
        t.description = parts.body.trim().to_string();
        let Some(yaml) = parts.yaml else { return (t, diags) };
        let map = match yaml::parse(yaml) {
            Ok(Document::Mapping(m)) => m,
            Ok(Document::Empty) => return (t, diags),
            Ok(Document::Other) => {
                diags.error(Diagnostic::new(path, Some(2), "front matter must be `key: value` lines"));
                return (t, diags);
            }
            Err(e) => {
                diags.error(yaml::diagnostic(path, 1, &e));
                return (t, diags);
            }
        };
        let lines = KeyLines::scan(yaml, 2);
        let mut reader = Reader::new(path, &lines, "topic setting");
        for key in reader.read(&map, &[KEYS], &mut t) {
            reader.unknown(key, &names(KEYS));
        }
        diags.extend(std::mem::take(&mut reader.diags));
        t.lines = lines;
        if t.start.is_some() && t.cadence == Cadence::None {
            t.cadence = Cadence::Weekdays;
        }
        (t, diags)
    }

    /// The file line of a key, for messages.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.find(key)
    }
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn show(v: &Value) -> String {
    text(v).unwrap_or_else(|| format!("{v:?}"))
}

/// What a YAML value is, in a message.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "`key: value` pairs",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Whether `v` is text or nothing; an error at its key if not.
fn is_text(r: &mut Reader, v: &Value) -> bool {
    let is_text = text(v).is_some() || v.is_null();
    if !is_text {
        r.error(format!("`{}` must be text, not {}", r.key, kind_of(v)));
    }
    is_text
}

/// A page's path or a list of them; an error at its key if not.
fn pages(r: &mut Reader, v: &Value) -> Vec<String> {
    if !is_list_of_text(v) {
        r.error(format!(
            "`{}` must be a page's path or a list of them (such as [study/a.md, study/b.md]), not {}",
            r.key,
            kind_of(v)
        ));
        return Vec::new();
    }
    list(v)
}

fn is_list_of_text(v: &Value) -> bool {
    match v {
        Value::Sequence(items) => items.iter().all(|i| text(i).is_some()),
        Value::Null => true,
        other => text(other).is_some(),
    }
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(text: &str) -> (TopicSettings, Diagnostics) {
        let source =
            Source { path: PathBuf::from("content/topics/t.md"), rel: "topics/t.md".into(), text: text.into() };
        TopicSettings::parse(&source)
    }

    #[test]
    fn reads_every_setting() {
        let (t, d) = parse(
            "---\ntitle: 保密\nminutes: 20\nstart: 2025-12-01\ncadence: daily\norder: [a.md]\nadd: b.md\nleave_out: [c.md]\noptional: [d.md]\n---\n专题说明。\n",
        );
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        assert_eq!(t.title.as_deref(), Some("保密"));
        assert_eq!(t.minutes, 20);
        assert_eq!(t.start.unwrap().to_string(), "2025-12-01");
        assert_eq!(t.cadence, Cadence::Daily);
        assert_eq!(
            (t.order, t.add, t.leave_out, t.optional),
            (vec!["a.md".into()], vec!["b.md".into()], vec!["c.md".into()], vec!["d.md".into()])
        );
        assert_eq!(t.description, "专题说明。");
    }

    #[test]
    fn values_of_the_wrong_shape_are_errors_with_lines() {
        let table = [
            ("---\ntitle: [a, b]\n---\n", 2, "`title` must be text, not a list"),
            ("---\nminutes: 5\norder: {a: b}\n---\n", 3, "`order` must be a page's path or a list of them"),
            ("---\noptional: [a.md, [b.md]]\n---\n", 2, "not a list"),
            ("---\nminutes: 0\n---\n", 2, "`minutes: 0` must be a whole number"),
        ];
        for (text, line, words) in table {
            let (_, d) = parse(text);
            assert_eq!(d.errors.len(), 1, "{text}: {d:?}");
            assert_eq!(d.errors[0].line, Some(line), "{text}: {:?}", d.errors[0]);
            assert!(d.errors[0].message.contains(words), "{text}: {:?}", d.errors[0]);
        }
    }

    #[test]
    fn a_start_date_alone_means_weekdays() {
        let (t, _) = parse("---\nstart: 2025-12-01\n---\n");
        assert_eq!(t.cadence, Cadence::Weekdays);
    }

    #[test]
    fn bad_values_are_errors_with_lines() {
        let (_, d) = parse("---\ntitle: x\ncadence: monthly\nminutes: -3\nstart: soon\nflavour: x\n---\n");
        assert_eq!(d.errors.len(), 3, "{d:?}");
        assert_eq!(d.errors[0].line, Some(3));
        assert!(d.errors[0].message.contains("daily, weekdays, weekly or none"));
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, Some(6));
        let (_, d) = parse("---\nminuts: 20\n---\n");
        assert_eq!(d.warnings[0].message, "unknown topic setting `minuts` ignored: a typo of `minutes`?");
    }
}
