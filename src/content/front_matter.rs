//! YAML front matter: finding it between `---` lines and reading its keys.
//! Pure functions over strings; positions are reported in file lines.

use super::other_tools::{field, flag, is_never, label_of, MKDOCS_STATUSES};
use crate::config::yaml_diagnostic;
use crate::diagnostics::{Diagnostic, Diagnostics};
use serde::Serialize;
use serde_yaml::{Mapping, Value};
use std::fmt;
use std::path::Path;

/// A page's text cut into its front matter and its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, if the page has front matter.
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
}

/// Cuts `text` at its front matter. A front matter that is never closed is an
/// error; one closed at the very end of the file with no newline is fine.
pub fn split(text: &str) -> Result<Split<'_>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = strip_fence_line(text, "---") else {
        return Ok(Split { yaml: None, body: text, body_line: 1 });
    };
    let mut offset = 0;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Ok(Split { yaml: Some(yaml), body, body_line: line + 1 });
        }
        offset += l.len();
    }
    Err("front matter opened with `---` on line 1 is never closed (did you forget the closing `---`?)".into())
}

fn strip_fence_line<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() == fence {
        Some(&text[(first_end + 1).min(text.len())..])
    } else {
        None
    }
}

/// Where a TOML front matter (`+++`, as Zola and Hugo allow) ends, if the page starts with one.
pub fn toml_block(text: &str) -> Option<usize> {
    let rest = strip_fence_line(text, "+++")?;
    let start = text.len() - rest.len();
    let end = rest.find("\n+++").map(|i| start + i + 4)?;
    Some(text[end..].find('\n').map(|i| end + i + 1).unwrap_or(text.len()))
}

/// The three kinds of document in a study library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Study,
    Rule,
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Study, Kind::Rule, Kind::Plan];

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "study" | "学习资料" => Some(Kind::Study),
            "rule" | "规章制度" => Some(Kind::Rule),
            "plan" | "实施方案" => Some(Kind::Plan),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Study => "study",
            Kind::Rule => "rule",
            Kind::Plan => "plan",
        }
    }
}

/// Whether a rule document still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InForce,
    Revised,
    Repealed,
}

impl Status {
    /// As messages say it.
    pub fn describe(self) -> &'static str {
        match self {
            Status::InForce => "in force (现行有效)",
            Status::Revised => "revised (已修订)",
            Status::Repealed => "repealed (已废止)",
        }
    }
}

/// A date as precise as the text gives it: a year, a month, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// Accepts `2020`, `2020-3`, `2020-03-16`, `2020/03/16`, `2020年3月16日`
    /// and a datetime (whose time is dropped).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
        if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
            return None;
        }
        let year: u16 = parts[0].parse().ok()?;
        let month = match parts.get(1) {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        Some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Everything a page's front matter may say. All optional: a page written for
/// another tool, with no front matter at all, still builds. Other tools' keys
/// that mean something here fill the same fields (see [`HONOURED`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub kind: Option<Kind>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub slug: Option<String>,
    pub effective: Option<Date>,
    pub status: Option<Status>,
    pub superseded_by: Option<String>,
    /// A rule's adoption (通过) and its revisions (修订, 修正), oldest first,
    /// as its history line gives them (`shuyuan import` writes them).
    pub adopted: Option<Date>,
    pub revised: Vec<Date>,
    /// The name of the rule this page is a version of, when its title does
    /// not say it: pages giving the same name are versions of one rule.
    pub versions: Option<String>,
    /// The pages (content paths) of the versions this one replaces.
    pub supersedes: Vec<String>,
    /// A section's description; a page's summary when it has no `summary`.
    pub description: Option<String>,
    /// Built, but kept out of every list (kinds, sections, topics, plans,
    /// the home page) and of previous/next: hugo-book `bookHidden`,
    /// Docusaurus `unlisted`, just-the-docs `nav_exclude`, Hugo
    /// `_build: {list: never}`. `None`: as the page's section says.
    pub unlisted: Option<bool>,
    /// Not built at all, whatever `--drafts` says: Hugo `headless` and
    /// `_build: {render: never}`, Zola `render: false`.
    pub headless: bool,
    /// Left out of the search index: hugo-book `bookSearchExclude`,
    /// VitePress `search: false`, MkDocs `search: {exclude: true}`,
    /// just-the-docs `search_exclude`, Zola `in_search_index: false`.
    pub search_exclude: bool,
    /// Old paths of the page (Hugo `aliases`, Jekyll `redirect_from`), each
    /// given a small page that sends the reader on.
    pub aliases: Vec<String>,
    /// When the page was last revised (`updated`, Hugo `lastmod`,
    /// Docusaurus `last_update.date`, Jekyll `last_modified_at`).
    pub updated: Option<Date>,
    /// A short title for menus (Hugo `linkTitle`, Docusaurus
    /// `sidebar_label`): the page's title only when it has no other.
    pub label: Option<String>,
    /// `_index.md` only: Hugo's `cascade`, what it gives the pages under it
    /// (`kind`, `topics`, `unlisted` and their other tools' spellings).
    pub cascade: Option<Box<FrontMatter>>,
    /// The file line of each key, for messages about its value found later.
    pub lines: Vec<(String, usize)>,
}

/// Our keys, listed in messages about unknown keys.
pub const KEYS: &[&str] = &[
    "title",
    "date",
    "kind",
    "topics",
    "tags",
    "issuer",
    "doc_number",
    "summary",
    "weight",
    "draft",
    "slug",
    "effective",
    "status",
    "superseded_by",
    "description",
    "unlisted",
    "aliases",
    "updated",
    "adopted",
    "revised",
    "versions",
    "supersedes",
];

/// Other tools' keys that mean something here, read into [`FrontMatter`]
/// without a warning. Their ignored keys are in [`super::other_tools`].
pub const HONOURED: &[&str] = &[
    "bookHidden",
    "bookSearchExclude",
    "headless",
    "_build",
    "build",
    "render",
    "published",
    "nav_exclude",
    "search",
    "search_exclude",
    "in_search_index",
    "redirect_from",
    "sidebar_position",
    "nav_order",
    "lastmod",
    "modified",
    "last_update",
    "last_modified_at",
    "linkTitle",
    "sidebar_label",
    "categories",
    "cascade",
];

impl FrontMatter {
    /// The file line of `key:`, when the front matter has it.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.lines.iter().find(|(k, _)| k == key).map(|(_, line)| *line)
    }

    /// Parses the YAML of a front matter. `yaml_line` is the file line of its
    /// first line, so that every message points into the file.
    /// `None` when the YAML itself cannot be read; a bad value is an error
    /// but still yields the rest of the front matter, so that later checks
    /// (links, anchors) run on the page too and every problem is reported.
    pub fn parse(path: &Path, yaml: &str, yaml_line: usize) -> (Option<FrontMatter>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let mut fm = FrontMatter::default();
        if yaml.trim().is_empty() {
            return (Some(fm), diags);
        }
        let map = match serde_yaml::from_str::<Value>(yaml) {
            Ok(Value::Mapping(map)) => map,
            Ok(Value::Null) => return (Some(fm), diags),
            Ok(_) => {
                diags.error(Diagnostic::new(path, Some(yaml_line), "front matter must be `key: value` lines"));
                return (None, diags);
            }
            Err(e) => {
                diags.error(yaml_diagnostic(path, yaml_line - 1, &e));
                return (None, diags);
            }
        };
        let lines = key_lines(yaml, yaml_line);
        let mut reader = KeyReader { path, lines: &lines, yaml_line, diags: &mut diags };
        reader.read_all(&map, &mut fm);
        fm.lines = lines;
        (Some(fm), diags)
    }
}

/// The file line of each top-level `key:` of a front matter whose first
/// line is file line `yaml_line`.
fn key_lines(yaml: &str, yaml_line: usize) -> Vec<(String, usize)> {
    let top_level = |l: &&str| !l.starts_with([' ', '\t', '-', '#']);
    (yaml.lines().enumerate())
        .filter(|(_, l)| top_level(l))
        .filter_map(|(i, l)| Some((l.split_once(':')?.0.trim().to_string(), yaml_line + i)))
        .collect()
}

struct KeyReader<'a> {
    path: &'a Path,
    /// The file line of each key ([`key_lines`]).
    lines: &'a [(String, usize)],
    yaml_line: usize,
    diags: &'a mut Diagnostics,
}

impl KeyReader<'_> {
    fn read_all(&mut self, map: &Mapping, fm: &mut FrontMatter) {
        for (key, value) in map {
            let Some(key) = key.as_str() else {
                self.error("", "front matter keys must be words".into());
                continue;
            };
            if !self.read_ours(key, value, fm) && !self.read_honoured(key, value, fm) {
                self.unread(key);
            }
        }
    }

    /// Reads one of shuyuan's own keys; false for any other key.
    fn read_ours(&mut self, key: &str, value: &Value, fm: &mut FrontMatter) -> bool {
        match key {
            "title" => fm.title = self.string(key, value),
            "date" => fm.date = self.date(key, value),
            "kind" => fm.kind = self.kind(key, value),
            "topics" => fm.topics = self.list(key, value),
            "tags" => fm.tags.extend(self.list(key, value)),
            "issuer" => fm.issuer = self.string(key, value),
            "doc_number" => fm.doc_number = self.string(key, value),
            "summary" => fm.summary = self.string(key, value),
            "description" => fm.description = self.string(key, value),
            "weight" => fm.weight = self.integer(key, value),
            "draft" => fm.draft = self.boolean(key, value),
            "slug" => fm.slug = self.slug(key, value),
            "effective" => fm.effective = self.date(key, value),
            "status" => fm.status = self.status(key, value),
            "superseded_by" => fm.superseded_by = self.string(key, value),
            "unlisted" => fm.unlisted = Some(self.boolean(key, value)),
            "aliases" => fm.aliases.extend(self.list(key, value)),
            "updated" => fm.updated = self.date(key, value),
            "adopted" => fm.adopted = self.date(key, value),
            "revised" => fm.revised = self.dates(key, value),
            "versions" => {
                fm.versions = match value {
                    Value::Sequence(_) => {
                        let hint = "`versions` is the rule's name (text), which all its versions give; \
                                    to name the versions this page replaces, write them in `supersedes`";
                        self.error(key, hint.into());
                        None
                    }
                    _ => self.string(key, value),
                }
            }
            "supersedes" => fm.supersedes = self.list(key, value),
            _ => return false,
        }
        true
    }

    /// Reads another tool's key that means something here; false for any
    /// other key. Their values are read leniently: what another tool
    /// accepts must not stop the build.
    fn read_honoured(&mut self, key: &str, value: &Value, fm: &mut FrontMatter) -> bool {
        match key {
            "bookHidden" | "nav_exclude" => fm.unlisted = Some(flag(value)),
            "bookSearchExclude" | "search_exclude" => fm.search_exclude |= flag(value),
            "in_search_index" => fm.search_exclude |= !flag(value),
            // VitePress `search: false`; MkDocs Material `search: {exclude: true}`.
            "search" => {
                fm.search_exclude |= match value {
                    Value::Mapping(_) => flag(field(value, "exclude")),
                    Value::Bool(b) => !b,
                    _ => false,
                }
            }
            "headless" => fm.headless |= flag(value),
            // Zola `render: false`.
            "render" => fm.headless |= !flag(value),
            // Jekyll `published: false`: a draft, as `jekyll --unpublished` builds it.
            "published" => fm.draft |= !flag(value),
            "_build" | "build" => {
                fm.headless |= is_never(field(value, "render"));
                if is_never(field(value, "list")) {
                    fm.unlisted = Some(true);
                }
            }
            "redirect_from" => fm.aliases.extend(self.list(key, value)),
            "sidebar_position" | "nav_order" => fm.weight = self.integer(key, value),
            "lastmod" | "modified" | "last_modified_at" => fm.updated = self.lenient_date(key, value),
            // Docusaurus: `last_update: {date: 2024-03-16, author: …}`.
            "last_update" => fm.updated = self.lenient_date(key, field(value, "date")),
            "linkTitle" | "sidebar_label" => fm.label = self.string(key, value),
            "categories" => fm.tags.extend(self.list(key, value)),
            "cascade" => fm.cascade = self.cascade(value),
            _ => return false,
        }
        true
    }

    /// Hugo's `cascade`: a mapping (or a list of them; those with a
    /// `_target` apply to some pages only, so are left out) read as a
    /// front matter of its own, whose keys shuyuan ignores silently: they
    /// are told about where a page sets them.
    fn cascade(&mut self, value: &Value) -> Option<Box<FrontMatter>> {
        let maps: Vec<&Mapping> = match value {
            Value::Mapping(m) => vec![m],
            Value::Sequence(items) => items.iter().filter_map(Value::as_mapping).collect(),
            _ => Vec::new(),
        };
        let mut inner = FrontMatter::default();
        let mut quiet = Diagnostics::default();
        let mut reader = KeyReader { path: self.path, lines: self.lines, yaml_line: self.yaml_line, diags: &mut quiet };
        for map in maps.into_iter().filter(|m| !m.contains_key("_target")) {
            for (key, value) in map {
                if let Some(key) = key.as_str() {
                    let _ = reader.read_ours(key, value, &mut inner) || reader.read_honoured(key, value, &mut inner);
                }
            }
        }
        // A wrong kind in a cascade is an error as anywhere else.
        self.diags.errors.extend(quiet.errors);
        Some(Box::new(inner))
    }

    /// A key shuyuan does not read: another tool's, told once across files,
    /// or unknown, with the key it is most likely a typo of.
    fn unread(&mut self, key: &str) {
        if let Some(tool) = super::other_tools::ignored(key) {
            let group = super::other_tools::ignored_group(key, tool);
            self.warn(key, group.clone(), group);
            return;
        }
        let closest = KEYS.iter().map(|k| (edit_distance(key, k), k)).min_by_key(|(d, _)| *d);
        let message = match closest {
            Some((d, like)) if d <= 2 && d < key.len() => {
                format!("unknown front matter key `{key}` ignored: a typo of `{like}`?")
            }
            _ => format!("unknown front matter key `{key}` ignored (shuyuan's keys: {})", KEYS.join(", ")),
        };
        self.warn(key, message, format!("unknown front matter key `{key}`: ignored"));
    }

    /// The file line of each top-level `key:` of the front matter.
    /// The file line of `key:` in the front matter, for messages (of the
    /// front matter's first line, for a key not found).
    fn line_of(&self, key: &str) -> usize {
        self.lines.iter().find(|(k, _)| k == key).map_or(self.yaml_line, |(_, line)| *line)
    }

    fn error(&mut self, key: &str, message: String) {
        let line = self.line_of(key);
        self.diags.error(Diagnostic::new(self.path, Some(line), message));
    }

    /// A warning at `key:`, in the family `group` (one line across files).
    fn warn(&mut self, key: &str, message: String, group: String) {
        let line = self.line_of(key);
        self.diags.warn(Diagnostic::new(self.path, Some(line), message).grouped(group));
    }

    fn string(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            _ => {
                self.error(key, format!("`{key}` must be text"));
                None
            }
        }
    }

    fn list(&mut self, key: &str, value: &Value) -> Vec<String> {
        match value {
            // Docusaurus tags may be `{label: …, permalink: …}`.
            Value::Sequence(items) => items.iter().filter_map(|v| self.string(key, label_of(v))).collect(),
            Value::Null => Vec::new(),
            _ => self.string(key, value).into_iter().collect(),
        }
    }

    /// A date in another tool's key: one this tool cannot read is warned
    /// about and left out, not an error.
    fn lenient_date(&mut self, key: &str, value: &Value) -> Option<Date> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let date = Date::parse(&text);
        if date.is_none() && !text.is_empty() {
            let message = format!("`{key}: {text}` is not a date; the page shows no updated date");
            self.warn(key, message, format!("`{key}` that is not a date: no updated date shown"));
        }
        date
    }

    fn date(&mut self, key: &str, value: &Value) -> Option<Date> {
        let text = self.string(key, value)?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(key, format!("`{key}: {text}` is not a date (write 2024-03-16, 2024-03 or 2024)"));
        }
        date
    }

    /// One date or a list of them.
    fn dates(&mut self, key: &str, value: &Value) -> Vec<Date> {
        match value {
            Value::Sequence(items) => items.iter().filter_map(|v| self.date(key, v)).collect(),
            Value::Null => Vec::new(),
            _ => self.date(key, value).into_iter().collect(),
        }
    }

    fn kind(&mut self, key: &str, value: &Value) -> Option<Kind> {
        let text = self.string(key, value)?;
        let kind = Kind::parse(&text);
        if kind.is_none() {
            self.error(
                key,
                format!(
                    "`kind: {text}` is not a kind; valid kinds are study (学习资料), rule (规章制度), plan (实施方案)"
                ),
            );
        }
        kind
    }

    fn status(&mut self, key: &str, value: &Value) -> Option<Status> {
        let text = self.string(key, value)?;
        let status = match text.as_str() {
            "in_force" | "现行有效" => Some(Status::InForce),
            "revised" | "已修订" => Some(Status::Revised),
            "repealed" | "已废止" => Some(Status::Repealed),
            _ => None,
        };
        if status.is_none() && MKDOCS_STATUSES.contains(&text.as_str()) {
            // MkDocs Material marks pages `status: new` or `deprecated` in its menu.
            let group = super::other_tools::ignored_group(&format!("status: {text}"), "MkDocs");
            self.warn(key, group.clone(), group);
        } else if status.is_none() {
            self.error(key, format!("`status: {text}` is not valid; use in_force, revised or repealed"));
        }
        status
    }

    fn integer(&mut self, key: &str, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            // Docusaurus allows `sidebar_position: 2.5`; its place among whole numbers is kept.
            Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => n.as_f64().map(|f| f.floor() as i64),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Null => None,
            _ => {
                self.error(key, format!("`{key}` must be a whole number"));
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value) -> bool {
        match value {
            Value::Bool(b) => *b,
            Value::Null => false,
            _ => {
                self.error(key, format!("`{key}` must be true or false"));
                false
            }
        }
    }

    fn slug(&mut self, key: &str, value: &Value) -> Option<String> {
        let text = self.string(key, value)?;
        if text.contains('/') {
            // Docusaurus writes a slug as a path (`/intro`, `/guide/start`):
            // its last part names the page; a path that cannot is ignored.
            let last = text.trim_matches('/').rsplit('/').next().unwrap_or("");
            if super::slug::is_safe(last) {
                return Some(last.to_string());
            }
            let group = super::other_tools::ignored_group("slug: /…", "Docusaurus");
            self.warn(key, format!("{group}: `slug: {text}`"), group);
            return None;
        }
        if super::slug::is_safe(&text) {
            Some(text)
        } else {
            self.error(key, format!("`slug: {text}` must be ASCII letters, digits, `-` or `_`"));
            None
        }
    }
}

/// Characters to insert, delete or replace to turn `a` into `b`.
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
mod tests;
