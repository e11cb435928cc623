//! Stage 1: the site configuration, read from `site.yaml` at the site root.
//! The file may be absent; every setting has a default.

use crate::diagnostics::{BrokenLinks, Diagnostics};
use crate::yaml::{self, Document, KeyLines, Reader, Schema};
use anyhow::Result;
use serde::Deserialize;
use serde_yaml::{Mapping, Value};
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
    pub language: Language,
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
            language: Language::Chinese,
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

/// The language of the theme's own words (`language` in site.yaml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    /// `zh-CN`, `zh-Hans`, … (the default).
    #[default]
    Chinese,
    /// `en`, `en-US`, ….
    English,
}

impl Language {
    /// A language tag the theme speaks, in any case; `None` for another.
    pub fn parse(tag: &str) -> Option<Language> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Language::Chinese)
        } else if tag.starts_with("en") {
            Some(Language::English)
        } else {
            None
        }
    }
}

/// A language the theme does not speak reads as Chinese ([`SiteConfig::check`] warns).
impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        Ok(Language::parse(&String::deserialize(d)?).unwrap_or_default())
    }
}

/// The keys of site.yaml: the fields of [`SiteConfig`], and under
/// `reading:` those of [`ReadingSpeed`].
fn schema() -> Schema {
    Schema::of::<SiteConfig>().with("reading", Schema::of::<ReadingSpeed>())
}

impl SiteConfig {
    /// Parses the text of a site.yaml. Unknown keys are warnings, bad values errors.
    pub fn parse(path: &Path, text: &str) -> (SiteConfig, Diagnostics) {
        let mut diags = Diagnostics::default();
        let map = match yaml::parse(text) {
            Ok(Document::Mapping(map)) => map,
            Ok(Document::Empty) => return (SiteConfig::default(), diags),
            Ok(Document::Other) => {
                // From the text, so that the error names its line.
                if let Err(e) = serde_yaml::from_str::<SiteConfig>(text) {
                    diags.error(yaml::diagnostic(path, 0, &e));
                }
                return (SiteConfig::default(), diags);
            }
            Err(e) => {
                diags.error(yaml::diagnostic(path, 0, &e));
                return (SiteConfig::default(), diags);
            }
        };
        let lines = KeyLines::scan(text, 1);
        let mut reader = Reader::new(path, &lines, "setting");
        reader.check_keys(&map, &schema());
        let mut config = match serde_yaml::from_str::<SiteConfig>(text) {
            Ok(config) => config,
            Err(e) => {
                // From the text, not the value, so that a bad value names its line.
                reader.diags.error(yaml::diagnostic(path, 0, &e));
                salvage(&map)
            }
        };
        if let Some(url) = &mut config.base_url {
            if !url.ends_with('/') {
                url.push('/');
            }
        }
        config.check(&map, &mut reader);
        (config, reader.diags)
    }

    /// Values that read as YAML but make no sense: each an error (or, for a
    /// language the theme does not speak, a warning) at its line.
    fn check(&mut self, map: &Mapping, reader: &mut Reader) {
        let speeds = [
            ("cjk_per_minute", &mut self.reading.cjk_per_minute, DEFAULT_CJK_PER_MINUTE),
            ("latin_words_per_minute", &mut self.reading.latin_words_per_minute, DEFAULT_LATIN_WORDS_PER_MINUTE),
        ];
        for (key, speed, default) in speeds {
            if *speed == 0 {
                let message =
                    format!("`reading.{key}: 0`: a reading speed must be at least 1 (the default is {default})");
                reader.within("reading", |r| r.at(key).error(message));
                *speed = default;
            }
        }
        let tag = map.get("language").and_then(Value::as_str);
        if let Some(tag) = tag.filter(|t| Language::parse(t).is_none()) {
            let message = format!(
                "`language: {tag}` is not a language the theme speaks (zh-CN or en); its words stay in Chinese"
            );
            reader.at("language").warn(message, "a language the theme does not speak");
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
        assert_eq!(
            d.warnings[0].message,
            "unknown setting `taxonomies` ignored (known: title, description, language, base_url, theme, \
             reading, newest, search, id, print_pack_kb, broken_links, allow_scripts)"
        );
    }

    #[test]
    fn an_unknown_nested_setting_names_the_one_meant() {
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "title: x\nreading:\n  cjk_per_minit: 400\n");
        assert_eq!(d.warnings.len(), 1, "{d:?}");
        assert_eq!(d.warnings[0].line, Some(3));
        assert_eq!(
            d.warnings[0].message,
            "unknown setting `reading.cjk_per_minit` ignored: a typo of `reading.cjk_per_minute`?"
        );
        let (_, d) = SiteConfig::parse(Path::new("site.yaml"), "tilte: x\n");
        assert!(d.warnings[0].message.ends_with("a typo of `title`?"), "{d:?}");
    }

    #[test]
    fn a_site_yaml_of_comments_only_takes_the_defaults() {
        let (c, d) = SiteConfig::parse(Path::new("site.yaml"), "# 书院\n# title: x\n");
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
        assert_eq!(c.title, "书院");
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
        let languages = [
            ("language: en\n", Language::English),
            ("language: zh-CN\n", Language::Chinese),
            ("language: zh-Hans\n", Language::Chinese),
            ("language: EN-us\n", Language::English),
            ("title: x\n", Language::Chinese),
        ];
        for (fine, want) in languages {
            let (c, d) = SiteConfig::parse(Path::new("site.yaml"), fine);
            assert!(d.errors.is_empty() && d.warnings.is_empty(), "{fine}: {d:?}");
            assert_eq!(c.language, want, "{fine}");
        }
        let (c, _) = SiteConfig::parse(Path::new("site.yaml"), "language: klingon\n");
        assert_eq!(c.language, Language::Chinese);
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
