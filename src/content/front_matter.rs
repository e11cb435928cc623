//! YAML front matter: finding it between `---` lines and reading its keys.
//! Pure functions over strings; positions are reported in file lines.

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
/// another tool, with no front matter at all, still builds.
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
    /// `_index.md` only: a section's description.
    pub description: Option<String>,
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
];

/// Keys of Hugo's and Zola's front matter: tolerated, with a warning that they do nothing here.
const OTHER_TOOLS_KEYS: &[&str] = &[
    "aliases",
    "author",
    "authors",
    "categories",
    "expiryDate",
    "extra",
    "headless",
    "images",
    "in_search_index",
    "insert_anchor_links",
    "keywords",
    "lastmod",
    "layout",
    "linkTitle",
    "page_template",
    "paginate_by",
    "path",
    "publishDate",
    "render",
    "series",
    "sort_by",
    "taxonomies",
    "template",
    "toc",
    "transparent",
    "type",
    "updated",
    "url",
    "generate_feeds",
    "redirect_to",
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
            match key {
                "title" => fm.title = self.string(key, value),
                "date" => fm.date = self.date(key, value),
                "kind" => fm.kind = self.kind(key, value),
                "topics" => fm.topics = self.list(key, value),
                "tags" => fm.tags = self.list(key, value),
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
                _ if OTHER_TOOLS_KEYS.contains(&key) => {
                    self.warn(key, format!("`{key}` is another tool's front matter key; shuyuan ignores it"))
                }
                _ => self.warn(
                    key,
                    format!("unknown front matter key `{key}` ignored (a typo? known keys: {})", KEYS.join(", ")),
                ),
            }
        }
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

    fn warn(&mut self, key: &str, message: String) {
        let line = self.line_of(key);
        self.diags.warn(Diagnostic::new(self.path, Some(line), message));
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
            Value::Sequence(items) => items.iter().filter_map(|v| self.string(key, v)).collect(),
            Value::Null => Vec::new(),
            _ => self.string(key, value).into_iter().collect(),
        }
    }

    fn date(&mut self, key: &str, value: &Value) -> Option<Date> {
        let text = self.string(key, value)?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(key, format!("`{key}: {text}` is not a date (write 2024-03-16, 2024-03 or 2024)"));
        }
        date
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
        if status.is_none() {
            self.error(key, format!("`status: {text}` is not valid; use in_force, revised or repealed"));
        }
        status
    }

    fn integer(&mut self, key: &str, value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
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
        if super::slug::is_safe(&text) {
            Some(text)
        } else {
            self.error(key, format!("`slug: {text}` must be ASCII letters, digits, `-` or `_`"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> (FrontMatter, Diagnostics) {
        let (fm, d) = FrontMatter::parse(Path::new("a.md"), yaml, 2);
        (fm.unwrap_or_default(), d)
    }

    #[test]
    fn split_finds_front_matter_and_body_line() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, Some("title: x\n"));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn split_accepts_closing_fence_at_end_of_file_without_newline() {
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.yaml, Some("title: x\n"));
        assert_eq!(s.body, "");
    }

    #[test]
    fn split_without_front_matter_is_all_body() {
        let s = split("# 标题\n正文").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_with_a_hint() {
        let e = split("---\ntitle: x\nbody\n").unwrap_err();
        assert!(e.contains("closing `---`"), "{e}");
    }

    #[test]
    fn reads_every_key() {
        let (fm, d) = parse(
            "title: 标题\ndate: 2021-03-05\nkind: rule\ntopics: [意识形态, 舆论引导]\ntags: 标签\n\
             issuer: 市委\ndoc_number: 〔2021〕3号\nweight: 3\ndraft: true\nslug: abc\n\
             effective: 2021\nstatus: repealed\nsuperseded_by: rule/new.md\n",
        );
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        assert_eq!(fm.title.as_deref(), Some("标题"));
        assert_eq!(fm.date, Some(Date { year: 2021, month: Some(3), day: Some(5) }));
        assert_eq!(fm.kind, Some(Kind::Rule));
        assert_eq!(fm.topics, vec!["意识形态", "舆论引导"]);
        assert_eq!(fm.tags, vec!["标签"]);
        assert_eq!(fm.weight, Some(3));
        assert!(fm.draft);
        assert_eq!(fm.status, Some(Status::Repealed));
        assert_eq!(fm.effective.unwrap().to_string(), "2021");
    }

    #[test]
    fn bad_kind_lists_the_valid_kinds_with_its_line() {
        let (_, d) = parse("title: x\nkind: memo\n");
        assert_eq!(d.errors.len(), 1);
        let e = &d.errors[0];
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("study") && e.message.contains("rule") && e.message.contains("plan"));
    }

    #[test]
    fn unknown_keys_warn_and_other_tools_keys_are_tolerated() {
        let (fm, d) = parse("title: x\ntpoics: [a]\ntemplate: page.html\ncategories: [b]\n");
        assert!(d.errors.is_empty());
        assert_eq!(d.warnings.len(), 3);
        assert!(d.warnings[0].message.contains("tpoics"));
        assert_eq!(d.warnings[0].line, Some(3));
        assert!(d.warnings[1].message.contains("another tool"));
        assert_eq!(fm.title.as_deref(), Some("x"));
    }

    #[test]
    fn invalid_yaml_reports_file_line_and_column() {
        let (_, d) = parse("title: x\ntopics: [a\n");
        assert_eq!(d.errors.len(), 1);
        let e = &d.errors[0];
        assert!(e.line.unwrap() >= 3, "{e}");
        assert!(e.column.is_some(), "{e}");
        assert!(!e.message.contains(" at line "), "{e}");
    }

    #[test]
    fn dates_in_several_spellings() {
        for (s, want) in [
            ("2020", Some("2020")),
            ("2020-3", Some("2020-03")),
            ("2020/03/16", Some("2020-03-16")),
            ("2020年3月16日", Some("2020-03-16")),
            ("2020-03-16T08:00:00Z", Some("2020-03-16")),
            ("20-03", None),
            ("2020-13-01", None),
            ("soon", None),
        ] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), want, "{s}");
        }
    }
}
