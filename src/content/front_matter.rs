//! YAML front matter: finding it between `---` lines and reading its keys.
//! Pure functions over strings; positions are reported in file lines.

mod keys;
mod values;

pub use keys::{HONOURED, OURS};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::yaml::{self, Document, KeyLines, Reader};
use serde::Serialize;
use std::fmt;
use std::path::Path;

pub use super::kind::Kind;

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
    pub lines: KeyLines,
}

impl FrontMatter {
    /// The file line of `key:`, when the front matter has it.
    pub fn line(&self, key: &str) -> Option<usize> {
        self.lines.find(key)
    }

    /// Parses the YAML of a front matter. `yaml_line` is the file line of its
    /// first line, so that every message points into the file.
    /// `None` when the YAML itself cannot be read; a bad value is an error
    /// but still yields the rest of the front matter, so that later checks
    /// (links, anchors) run on the page too and every problem is reported.
    pub fn parse(path: &Path, yaml: &str, yaml_line: usize) -> (Option<FrontMatter>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let mut fm = FrontMatter::default();
        let map = match yaml::parse(yaml) {
            Ok(Document::Mapping(map)) => map,
            Ok(Document::Empty) => return (Some(fm), diags),
            Ok(Document::Other) => {
                diags.error(Diagnostic::new(path, Some(yaml_line), "front matter must be `key: value` lines"));
                return (None, diags);
            }
            Err(e) => {
                diags.error(yaml::diagnostic(path, yaml_line - 1, &e));
                return (None, diags);
            }
        };
        let lines = KeyLines::scan(yaml, yaml_line);
        let mut reader = Reader::new(path, &lines, "front matter key");
        keys::read(&mut reader, &map, &mut fm);
        let diags = std::mem::take(&mut reader.diags);
        fm.lines = lines;
        (Some(fm), diags)
    }
}

#[cfg(test)]
mod tests;
