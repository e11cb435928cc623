//! What templates see: small serialisable views of the library, holding
//! site-root-relative URLs that templates prefix with `root`.

use super::kind_url;
use crate::config::{Language, SiteConfig};
use crate::content::{Kind, Page, Section};
use crate::library::{is_outdated, Library};
use crate::markdown::TocEntry;
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub search: bool,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a SiteConfig) -> Self {
        SiteView { title: &c.title, description: &c.description, search: c.search }
    }
}

#[derive(Serialize)]
pub struct KindView {
    pub key: &'static str,
    pub label: &'static str,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

impl KindView {
    /// Every kind, with `count` pages each; the page at `current` lists those of one.
    pub fn all(language: Language, current: &str, count: impl Fn(Kind) -> usize) -> Vec<KindView> {
        let view = |k: Kind| KindView {
            key: k.as_str(),
            label: k.label(language),
            url: kind_url(k),
            count: count(k),
            current: current == k.as_str(),
        };
        Kind::ALL.into_iter().map(view).collect()
    }
}

#[derive(Serialize, Clone)]
pub struct Crumb<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
}

impl<'a> Crumb<'a> {
    pub fn link(title: &'a str, url: &'a str) -> Self {
        Crumb { title, url: Some(url) }
    }
    pub fn here(title: &'a str) -> Self {
        Crumb { title, url: None }
    }
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

impl<'a> LinkView<'a> {
    pub fn of(p: &'a Page) -> Self {
        LinkView { title: &p.title, url: &p.url }
    }
}

/// A page that cites this one, with the articles (第X条) of it that it links to.
#[derive(Serialize)]
pub struct CitedView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub articles: Vec<&'a str>,
}

impl<'a> CitedView<'a> {
    pub fn new(lib: &'a Library, page: usize, by: usize) -> Self {
        let p = &lib.pages[by];
        CitedView { title: &p.title, url: &p.url, articles: lib.articles_cited(page, by) }
    }
}

#[derive(Serialize)]
pub struct TopicView<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub count: usize,
}

impl<'a> TopicView<'a> {
    pub fn all(lib: &'a Library) -> Vec<TopicView<'a>> {
        lib.topics.iter().map(|t| TopicView { name: &t.name, url: &t.url, count: t.pages.len() }).collect()
    }
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub count: usize,
    pub weight: Option<i64>,
}

impl<'a> SectionView<'a> {
    /// `count`: the listed pages under the section, at every level.
    pub fn new(lib: &Library, s: &'a Section) -> Self {
        SectionView { title: &s.title, url: &s.url, count: lib.count_under(&s.dir), weight: s.weight }
    }
}

/// What list.html shows: a kind, a topic or a section.
#[derive(Serialize, Default)]
pub struct ListView<'a> {
    pub heading: &'a str,
    pub description: Option<&'a str>,
    /// A section's `_index.md` body, as HTML.
    pub intro: &'a str,
    /// A topic's description (its file's body), as HTML.
    pub about: String,
    pub plan_url: Option<String>,
    pub crumbs: Vec<Crumb<'a>>,
    pub subsections: Vec<SectionView<'a>>,
    pub items: Vec<ItemView<'a>>,
    /// Pages in the whole list, on every page of it.
    pub count: usize,
    /// With a list cut into pages: where this one is.
    pub pager: Option<Box<super::pager::Pager>>,
}

impl<'a> ListView<'a> {
    /// The heading of the list, for its second page and later.
    pub fn continued(&self) -> ListView<'a> {
        ListView {
            heading: self.heading,
            description: self.description,
            plan_url: self.plan_url.clone(),
            crumbs: self.crumbs.clone(),
            count: self.count,
            ..Default::default()
        }
    }
}

/// A page in a list.
#[derive(Serialize)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub date: Option<String>,
    pub issuer: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub minutes: u32,
    /// A rule's status, its own or derived from its versions.
    pub status: Option<crate::content::Status>,
    /// The date that tells a version of a rule from the others.
    pub version_date: Option<String>,
}

impl<'a> ItemView<'a> {
    pub fn new(lib: &'a Library, i: usize, config: &SiteConfig) -> Self {
        let p = &lib.pages[i];
        ItemView {
            title: &p.title,
            url: &p.url,
            kind: p.kind.as_str(),
            kind_label: p.kind.label(config.language),
            date: p.meta.date.map(|d| d.to_string()),
            issuer: p.meta.issuer.as_deref(),
            summary: p.meta.summary.as_deref(),
            minutes: lib.rendered[i].stats.minutes(&config.reading),
            status: lib.status(i),
            version_date: version_date(lib, i),
        }
    }
}

/// A document page, with everything its own page shows.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// All but the body: what a page's cache key hashes beside the key of
    /// the body's rendering.
    #[serde(flatten)]
    pub about: PageAbout<'a>,
    pub toc: &'a [TocEntry],
    pub content: std::borrow::Cow<'a, str>,
}

/// What a document page shows besides its body and table of contents.
#[derive(Serialize)]
pub struct PageAbout<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub kind_url: String,
    pub date: Option<String>,
    pub effective: Option<String>,
    /// When it was last revised (修订于).
    pub updated: Option<String>,
    pub issuer: Option<&'a str>,
    pub doc_number: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    pub topics: Vec<TopicView<'a>>,
    pub status: Option<crate::content::Status>,
    pub outdated: bool,
    pub successor: Option<LinkView<'a>>,
    /// The version in force of this page's rule, when this page is another.
    pub current: Option<LinkView<'a>>,
    /// The versions of this page's rule, oldest first; empty for a page that
    /// is no version of another.
    pub versions: Vec<VersionView<'a>>,
    /// Comparison pages with the previous and the next version.
    pub compare_previous: Option<String>,
    pub compare_next: Option<String>,
    pub minutes: u32,
    pub chars: usize,
}

impl<'a> PageView<'a> {
    /// The view of page `i`, with what it shows besides its body.
    pub fn new(lib: &'a Library, i: usize, about: PageAbout<'a>) -> anyhow::Result<Self> {
        let r = &lib.rendered[i];
        Ok(PageView { about, toc: &r.toc, content: r.html()? })
    }
}

impl<'a> PageAbout<'a> {
    /// What page `i` shows besides its body: all a cached page's key needs,
    /// so that a page kept reads no body set aside.
    pub fn new(lib: &'a Library, i: usize, config: &SiteConfig) -> Self {
        let p = &lib.pages[i];
        let r = &lib.rendered[i];
        let topics = p
            .meta
            .topics
            .iter()
            .filter_map(|name| {
                let t = lib.topics.iter().find(|t| &t.name == name)?;
                Some(TopicView { name: &t.name, url: &t.url, count: t.pages.len() })
            })
            .collect();
        PageAbout {
            title: &p.title,
            url: &p.url,
            kind: p.kind.as_str(),
            kind_label: p.kind.label(config.language),
            kind_url: kind_url(p.kind),
            date: p.meta.date.map(|d| d.to_string()),
            effective: p.meta.effective.map(|d| d.to_string()),
            updated: p.meta.updated.map(|d| d.to_string()),
            issuer: p.meta.issuer.as_deref(),
            doc_number: p.meta.doc_number.as_deref(),
            summary: p.meta.summary.as_deref(),
            tags: &p.meta.tags,
            topics,
            status: lib.status(i),
            outdated: is_outdated(p, lib.successor[i]),
            successor: lib.successor[i].map(|s| LinkView::of(&lib.pages[s])),
            current: current_version(lib, i).filter(|&c| c != i).map(|c| LinkView::of(&lib.pages[c])),
            versions: VersionView::all(lib, i),
            compare_previous: compare_urls(lib, i).0,
            compare_next: compare_urls(lib, i).1,
            minutes: r.stats.minutes(&config.reading),
            chars: r.stats.chars(),
        }
    }
}

/// One version in a page's 版本 list.
#[derive(Serialize)]
pub struct VersionView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub date: Option<String>,
    pub status: Option<crate::content::Status>,
    /// The version this page is.
    pub shown: bool,
    /// The comparison of this version with the one before it.
    pub compare_url: Option<String>,
}

impl<'a> VersionView<'a> {
    fn all(lib: &'a Library, page: usize) -> Vec<VersionView<'a>> {
        let group = lib.versions_of(page);
        group
            .iter()
            .enumerate()
            .map(|(k, &v)| VersionView {
                title: &lib.pages[v].title,
                url: &lib.pages[v].url,
                date: lib.versions.dates[v].map(|d| d.to_string()),
                status: lib.status(v),
                shown: v == page,
                compare_url: (k > 0).then(|| compare_url(&lib.pages[v])),
            })
            .collect()
    }
}

/// Where the comparison of a version with the one before it lives: under
/// `compare/`, at the version's own path, so it stays put as rules are added.
pub fn compare_url(newer: &Page) -> String {
    format!("compare/{}", newer.url)
}

/// The comparisons of a version with the one before it and the one after it.
fn compare_urls(lib: &Library, page: usize) -> (Option<String>, Option<String>) {
    let Some(g) = lib.versions.group_of[page] else { return (None, None) };
    let group = &lib.versions.groups[g];
    let Some(k) = group.iter().position(|&v| v == page) else { return (None, None) };
    let previous = (k > 0).then(|| compare_url(&lib.pages[page]));
    let next = group.get(k + 1).map(|&n| compare_url(&lib.pages[n]));
    (previous, next)
}

fn current_version(lib: &Library, page: usize) -> Option<usize> {
    lib.versions.group_of[page].and_then(|g| lib.versions.current(g))
}

/// A version's date, for pages that are versions of a rule.
fn version_date(lib: &Library, page: usize) -> Option<String> {
    lib.versions.group_of[page].and(lib.versions.dates[page]).map(|d| d.to_string())
}
