//! The study record's side of rendering: `plans/catalog.js`, what the
//! browser needs to keep and show a reader's record (every page's title and
//! minutes, every plan's readings, the record's words), and the printable
//! 学习记录 page (record.html), filled in the browser from that catalog.
//! In: the library and the plans' views. Out: the catalog file and a job.

use super::plans::PlanView;
use super::{i18n, Job, Renderer};
use crate::config::SiteConfig;
use crate::library::Library;
use crate::output::OutputFile;
use serde::Serialize;

/// What one reader's record may hold, so that a planted or imported record
/// cannot fill the browser's storage or a page. The browser reads them from
/// the page (`data-record-limits` on `<html>`); written here only.
#[derive(Debug, Serialize)]
pub struct Limits {
    /// Readings in a record.
    pub readings: usize,
    /// Documents with notes.
    pub notes: usize,
    /// Characters of one document's notes.
    pub note: usize,
    /// Characters of a reading's label kept from a file.
    pub label: usize,
    /// Bytes of a file an import reads.
    pub file: usize,
}

pub const LIMITS: Limits = Limits { readings: 20_000, notes: 5_000, note: 20_000, label: 200, file: 4 * 1024 * 1024 };

/// The limits as every page carries them, written out once.
pub static LIMITS_JSON: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| serde_json::to_string(&LIMITS).unwrap_or_default());

/// Where the catalog is written: inside the plans' folder, which the site reserves.
pub const CATALOG_PATH: &str = "plans/catalog.js";

#[derive(Serialize)]
struct Catalog<'a> {
    /// Every page: its URL, title and minutes.
    pages: Vec<(&'a str, &'a str, u32)>,
    plans: Vec<CatalogPlan<'a>>,
    words: &'a i18n::RecordWords,
    minutes: &'a str,
    /// Between the plans of a reading.
    separator: &'a str,
}

#[derive(Serialize)]
struct CatalogPlan<'a> {
    slug: &'a str,
    name: &'a str,
    url: &'a str,
    /// Each reading: its id (the page's URL, with `#heading` for a part), label and minutes.
    readings: Vec<(&'a str, &'a str, u32)>,
}

/// The catalog's script: classic, so that it loads from file:// too.
pub fn catalog(lib: &Library, views: &[PlanView], words: &i18n::Words, config: &SiteConfig) -> OutputFile {
    let pages = lib
        .pages
        .iter()
        .zip(&lib.rendered)
        .map(|(p, r)| (p.url.as_str(), p.title.as_str(), r.stats.minutes(&config.reading)))
        .collect();
    let plans = views
        .iter()
        .map(|v| CatalogPlan {
            slug: v.slug,
            name: v.name,
            url: &v.url,
            readings: v
                .sessions
                .iter()
                .flat_map(|s| &s.readings)
                .map(|r| (r.id.as_str(), r.label.as_str(), r.minutes))
                .collect(),
        })
        .collect();
    let catalog =
        Catalog { pages, plans, words: &words.record, minutes: words.minutes, separator: words.list_separator };
    let json = serde_json::to_string(&catalog).unwrap_or_else(|_| "{}".into());
    // `</` cannot end a script that is only ever a file, but U+2028 ends a line in old browsers' JS.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    OutputFile::new(CATALOG_PATH, format!("window.__shuyuan=window.__shuyuan||{{}};window.__shuyuan.catalog={json};\n"))
}

/// The version of the catalog a page asks for, so a browser never reads an
/// earlier build's.
pub fn version(file: &OutputFile) -> String {
    format!("{:08x}", crate::hash::hash(&file.bytes[..]) as u32)
}

impl Renderer<'_> {
    /// The printable 学习记录 page, to render.
    pub(super) fn record(&self, catalog: &str) -> Job<'static> {
        let mut ctx = self.context("record.html", "mine");
        ctx.insert("catalog", catalog);
        Job::new("record.html", "record.html", ctx)
    }
}
