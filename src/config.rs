//! Stage 1: the site configuration, read from `site.yaml` at the site root.
//! The file may be absent; every setting has a default.

use crate::diagnostics::{BrokenLinks, Diagnostic, Diagnostics};
use anyhow::Result;
use serde::Deserialize;
use std::path::Path;

/// Characters of Chinese read per minute unless site.yaml says otherwise
/// (seed 004 declares 3,826 characters ≈ 13 minutes).
pub const DEFAULT_CJK_PER_MINUTE: u32 = 300;
/// Latin-script words read per minute unless site.yaml says otherwise.
pub const DEFAULT_LATIN_WORDS_PER_MINUTE: u32 = 200;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// `zh-CN` (the default) or `en`: the language of the theme's own words.
    pub language: String,
    /// Only used for absolute URLs in sitemap.xml; every link in pages stays relative.
    pub base_url: Option<String>,
    pub theme: String,
    pub reading: ReadingSpeed,
    /// How many of the newest pages the home page lists.
    pub newest: usize,
    /// Build the search index (and the search box). On by default.
    pub search: bool,
    /// Names this library in readers' browsers, so that the study progress of
    /// two libraries never mixes. Default: from the title.
    pub id: Option<String>,
    /// A plan's print pack holds its readings' HTML up to this many KB; a
    /// larger one loads each reading's text when opened.
    pub print_pack_kb: usize,
    /// `error` (the default): a broken link or anchor stops the build;
    /// `warn`: the site is built anyway and they are listed as warnings.
    pub broken_links: BrokenLinks,
    /// Keep a page's own `<script>`s, `on…=` attributes and `javascript:`
    /// URLs (off by default: they are removed, each with a warning).
    pub allow_scripts: bool,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(default)]
pub struct ReadingSpeed {
    pub cjk_per_minute: u32,
    pub latin_words_per_minute: u32,
}

impl Default for ReadingSpeed {
    fn default() -> Self {
        ReadingSpeed { cjk_per_minute: DEFAULT_CJK_PER_MINUTE, latin_words_per_minute: DEFAULT_LATIN_WORDS_PER_MINUTE }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "书院".into(),
            description: String::new(),
            language: "zh-CN".into(),
            base_url: None,
            theme: "default".into(),
            reading: ReadingSpeed::default(),
            newest: 10,
            search: true,
            id: None,
            print_pack_kb: 4096,
            broken_links: BrokenLinks::Error,
            allow_scripts: false,
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "theme",
    "reading",
    "newest",
    "search",
    "id",
    "print_pack_kb",
    "broken_links",
    "allow_scripts",
];

/// The keys under `reading:`.
const READING_KEYS: &[&str] = &["cjk_per_minute", "latin_words_per_minute"];

/// What `language` may start with: the languages of the theme's words.
const LANGUAGES: &[&str] = &["zh", "en"];

impl SiteConfig {
    /// Parses the text of a site.yaml. Unknown keys are warnings, bad values errors.
    pub fn parse(path: &Path, text: &str) -> (SiteConfig, Diagnostics) {
        let mut diags = Diagnostics::default();
        if text.trim().is_empty() {
            return (SiteConfig::default(), diags);
        }
        let value: serde_yaml::Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                diags.error(yaml_diagnostic(path, 0, &e));
                return (SiteConfig::default(), diags);
            }
        };
        let serde_yaml::Value::Mapping(map) = &value else {
            // From the text, so that the error names its line.
            if let Err(e) = serde_yaml::from_str::<SiteConfig>(text) {
                diags.error(yaml_diagnostic(path, 0, &e));
            }
            return (SiteConfig::default(), diags);
        };
        for key in map.keys() {
            let name = key.as_str().unwrap_or_default();
            if !KNOWN_KEYS.contains(&name) {
                diags.warn(Diagnostic::new(
                    path,
                    key_line(text, name),
                    format!("unknown setting `{name}` ignored (known: {})", KNOWN_KEYS.join(", ")),
                ));
            }
        }
        if let Some(serde_yaml::Value::Mapping(reading)) = map.get("reading") {
            for key in reading.keys() {
                let name = key.as_str().unwrap_or_default();
                if !READING_KEYS.contains(&name) {
                    diags.warn(Diagnostic::new(
                        path,
                        nested_key_line(text, "reading", name),
                        format!("unknown setting `reading.{name}` ignored (known: {})", READING_KEYS.join(", ")),
                    ));
                }
            }
        }
        let mut config = match serde_yaml::from_str::<SiteConfig>(text) {
            Ok(config) => config,
            Err(e) => {
                // From the text, not the value, so that a bad value names its line.
                diags.error(yaml_diagnostic(path, 0, &e));
                salvage(map)
            }
        };
        if let Some(url) = &mut config.base_url {
            if !url.ends_with('/') {
                url.push('/');
            }
        }
        config.check(path, text, &mut diags);
        (config, diags)
    }

    /// Values that read as YAML but make no sense: each an error (or, for a
    /// language the theme does not speak, a warning) at its line.
    fn check(&mut self, path: &Path, text: &str, diags: &mut Diagnostics) {
        let speeds = [
            ("cjk_per_minute", &mut self.reading.cjk_per_minute, DEFAULT_CJK_PER_MINUTE),
            ("latin_words_per_minute", &mut self.reading.latin_words_per_minute, DEFAULT_LATIN_WORDS_PER_MINUTE),
        ];
        for (key, speed, default) in speeds {
            if *speed == 0 {
                diags.error(Diagnostic::new(
                    path,
                    nested_key_line(text, "reading", key),
                    format!("`reading.{key}: 0`: a reading speed must be at least 1 (the default is {default})"),
                ));
                *speed = default;
            }
        }
        if !LANGUAGES.iter().any(|l| self.language.to_ascii_lowercase().starts_with(l)) {
            diags.warn(Diagnostic::new(
                path,
                key_line(text, "language"),
                format!(
                    "`language: {}` is not a language the theme speaks (zh-CN or en); its words stay in Chinese",
                    self.language
                ),
            ));
        }
    }

    /// Loads `site.yaml` from the site root, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<(SiteConfig, Diagnostics)> {
        let path = root.join("site.yaml");
        if !path.exists() {
            return Ok((SiteConfig::default(), Diagnostics::default()));
        }
        let text = crate::fs::read_to_string(&path)?;
        Ok(Self::parse(&path, &text))
    }

    pub fn is_english(&self) -> bool {
        self.language.to_ascii_lowercase().starts_with("en")
    }
}

/// The settings of a site.yaml with a bad value: each top-level key that
/// reads on its own is kept, the others take their defaults, so that the
/// build goes on and reports the content's problems with the config's.
fn salvage(map: &serde_yaml::Mapping) -> SiteConfig {
    let mut good = serde_yaml::Mapping::new();
    for (key, value) in map {
        let mut one = serde_yaml::Mapping::new();
        one.insert(key.clone(), value.clone());
        if serde_yaml::from_value::<SiteConfig>(serde_yaml::Value::Mapping(one)).is_ok() {
            good.insert(key.clone(), value.clone());
        }
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(good)).unwrap_or_default()
}

/// The line of a top-level `key:`.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines().position(|l| l.starts_with(&prefix)).map(|i| i + 1)
}

/// The line of `key:` indented under the top-level `parent:`; the parent's
/// line when it is written on one line (`reading: {…}`).
fn nested_key_line(text: &str, parent: &str, key: &str) -> Option<usize> {
    let start = key_line(text, parent)?;
    let prefix = format!("{key}:");
    let nested = text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.starts_with([' ', '\t']) || l.trim().is_empty() || l.starts_with('#'))
        .find(|(_, l)| l.trim_start().starts_with(&prefix))
        .map(|(i, _)| i + 1);
    nested.or(Some(start))
}

/// Turns a serde_yaml error into `path:line:col: message`, shifting its line by
/// `line_offset` (the lines before the YAML text in its file).
pub fn yaml_diagnostic(path: &Path, line_offset: usize, e: &serde_yaml::Error) -> Diagnostic {
    let message = strip_location(&e.to_string());
    match e.location() {
        Some(loc) => Diagnostic::at(path, loc.line() + line_offset, loc.column(), message),
        // Some errors have no place (an alias bomb's "repetition limit
        // exceeded"): the YAML's first line at least.
        None => Diagnostic::new(path, Some(line_offset + 1), message),
    }
}

/// serde_yaml appends " at line X column Y" to its messages; we print the
/// position in front instead.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_values_take_defaults() {
        let (c, d) = SiteConfig::parse(Path::new("site.yaml"), "title: 文库\n");
        assert_eq!(c.title, "文库");
        assert_eq!(c.reading.cjk_per_minute, 300);
        assert!(d.errors.is_empty() && d.warnings.is_empty());
    }

    #[test]
    fn unknown_key_is_a_warning() {
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "title: x\ntaxonomies: [a]\n");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].message.contains("taxonomies"));
        assert_eq!(d.warnings[0].line, Some(2), "the warning names its line");
    }

    #[test]
    fn bad_yaml_names_line_and_column() {
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "title: x\nreading: [\n");
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].line.is_some(), "{:?}", d.errors[0]);
    }

    #[test]
    fn scripts_are_removed_unless_allowed() {
        for (text, want) in [("", false), ("allow_scripts: true\n", true), ("allow_scripts: false\n", false)] {
            let (c, d) = SiteConfig::parse(Path::new("site.yaml"), &format!("title: x\n{text}"));
            assert_eq!(c.allow_scripts, want, "{text}");
            assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        }
    }

    #[test]
    fn broken_links_may_be_warnings() {
        let table = [
            ("", BrokenLinks::Error),
            ("broken_links: warn\n", BrokenLinks::Warn),
            ("broken_links: error\n", BrokenLinks::Error),
        ];
        for (text, want) in table {
            let (c, d) = SiteConfig::parse(Path::new("site.yaml"), &format!("title: x\n{text}"));
            assert_eq!(c.broken_links, want, "{text}");
            assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        }
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "title: x\nbroken_links: ignore\n");
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].line, Some(2), "{:?}", d.errors[0]);
        assert!(d.errors[0].message.contains("`warn`"), "{:?}", d.errors[0]);
    }

    #[test]
    fn a_bad_value_names_its_line() {
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "title: x\nsearch: maybe\n");
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].line, Some(2), "{:?}", d.errors[0]);
        assert!(d.errors[0].message.contains("boolean"), "{:?}", d.errors[0]);
    }

    #[test]
    fn settings_that_make_no_sense_name_their_line() {
        // (site.yaml, is an error, line, words of the message)
        let table = [
            ("title: x\nreading:\n  cjk_per_minit: 400\n", false, 3, "reading.cjk_per_minit"),
            ("title: x\nreading:\n  cjk_per_minute: 0\n", true, 3, "at least 1"),
            ("title: x\nreading: {latin_words_per_minute: 0}\n", true, 2, "at least 1"),
            ("title: x\nlanguage: klingon\n", false, 2, "klingon"),
        ];
        for (text, is_error, line, words) in table {
            let (c, d) = SiteConfig::parse(Path::new("site.yaml"), text);
            let found = if is_error { &d.errors } else { &d.warnings };
            assert_eq!(found.len(), 1, "{text}: {d:?}");
            assert_eq!(found[0].line, Some(line), "{text}: {:?}", found[0]);
            assert!(found[0].message.contains(words), "{text}: {:?}", found[0]);
            assert!(c.reading.cjk_per_minute > 0 && c.reading.latin_words_per_minute > 0, "{text}");
        }
        for fine in ["language: en\n", "language: zh-CN\n", "language: zh-Hans\n", "language: EN-us\n"] {
            let (_, d) = SiteConfig::parse(Path::new("site.yaml"), fine);
            assert!(d.errors.is_empty() && d.warnings.is_empty(), "{fine}: {d:?}");
        }
    }

    #[test]
    fn a_bad_value_keeps_the_other_settings() {
        let (c, d) = SiteConfig::parse(Path::new("site.yaml"), "title: 文库\nsearch: maybe\nnewest: 3\n");
        assert_eq!(d.errors.len(), 1, "{d:?}");
        assert_eq!((c.title.as_str(), c.newest, c.search), ("文库", 3, true));
    }

    #[test]
    fn an_alias_bomb_names_a_line() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n";
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), bomb);
        assert_eq!(d.errors.len(), 1, "{d:?}");
        assert!(d.errors[0].line.is_some(), "{:?}", d.errors[0]);
    }
}
