//! Stage 5: render. Fills the theme's Tera templates with the library: the
//! home page, a list per kind, a page per topic and per section, a page per
//! document, the 404 page and sitemap.xml. Every link is relative to the page
//! that holds it, so the site works from `file://` and any web server.
//! In: [`Library`]. Out: output files (path → bytes).

mod compare;
pub mod i18n;
mod job;
mod pager;
mod plans;
pub mod record;
mod redirects;
pub mod theme;
mod views;

use crate::config::SiteConfig;
use crate::content::Kind;
use crate::library::Library;
use crate::output::{OutputFile, Staging};
use crate::plan::Plan;
use anyhow::Result;
use job::{fingerprint, list_jobs, Job, JobData, Prehashed};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tera::{Context, Tera};
use theme::Theme;
use views::*;

pub struct Renderer<'a> {
    tera: Tera,
    /// The templates as written, for messages that name file and line.
    sources: theme::Sources,
    config: &'a SiteConfig,
    words: &'static i18n::Words,
    site_id: String,
    /// A hash of the templates, the scripts and the configuration: what
    /// every page shares.
    setup: u64,
    /// What 404.html carries inline, since a server shows it at any depth
    /// where no relative link to `static/` holds: the stylesheet, and the
    /// icon as a `data:` URL.
    inline_css: String,
    favicon: String,
    /// What every template's context starts with (the site, the words, the
    /// record's limits, and a hash of the theme's scripts, asked for with
    /// each as `site.js?v=…` so that over http a browser never runs the
    /// scripts of an earlier build, which may not read this build's index),
    /// made once and cloned for each page, not serialised 10,000 times.
    shared: Context,
}

/// What rendering keeps between builds for live preview: each HTML file
/// with a hash of everything it was made from (for a document page: its
/// view, its neighbours, the pages citing it, its plans; for the others:
/// their whole template context), under the same templates and settings.
/// A file whose hash is unchanged is not rendered again.
///
/// Live preview asks for the files deflated ([`PageCache::deflating`]):
/// then the bytes of every HTML file the cache holds, those of the build's
/// files it kept and those it rendered, are deflated
/// ([`crate::output::deflated`]), which [`PageCache::is_deflated`] tells.
#[derive(Default)]
pub struct PageCache {
    setup: u64,
    pages: KnownPages,
    deflate: bool,
    /// In the last build: HTML files rendered, and files kept from the build before.
    pub rendered: usize,
    pub kept: usize,
}

/// Output path → (hash of what the file was made from, its bytes).
type KnownPages = HashMap<String, (u64, Arc<Vec<u8>>)>;

impl PageCache {
    /// A cache whose HTML files are deflated.
    pub fn deflating() -> PageCache {
        PageCache { deflate: true, ..PageCache::default() }
    }

    /// Whether `file`, of the last build made with this cache, is deflated.
    pub fn is_deflated(&self, file: &OutputFile) -> bool {
        self.deflate && self.pages.get(&file.path).is_some_and(|(_, bytes)| Arc::ptr_eq(bytes, &file.bytes))
    }
}

static NOTHING_KNOWN: LazyLock<KnownPages> = LazyLock::new(HashMap::new);

/// What the site shows besides document pages, one file or a few each.
enum Spec<'a> {
    Home,
    Mine,
    /// The printable study record.
    Record,
    Topics,
    NotFound,
    Kind(Kind),
    Plan(usize),
    Topic(usize),
    Section(&'a crate::content::Section),
    Search,
    /// The comparison of version k of a group with version k - 1.
    Comparison(usize, usize),
}

/// Document pages a thread renders before it writes them (see [`Renderer::write_pages`]).
const PAGES_WRITTEN_AT_ONCE: usize = 16;

/// What rendering made: the files still to be written, and the paths of
/// the document pages already written (with `out`).
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    pub written: Vec<String>,
}

/// A plan a page belongs to, for the page's note.
#[derive(serde::Serialize)]
struct InPlan<'a> {
    name: &'a str,
    url: String,
    session: String,
}

impl<'a> Renderer<'a> {
    pub fn new(theme: &Theme, config: &'a SiteConfig) -> Result<Renderer<'a>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let templates: Vec<(&str, &str)> = theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let sources = theme.sources();
        tera.add_raw_templates(templates).map_err(|e| anyhow::anyhow!(sources.message(&e)))?;
        let scripts: Vec<(&String, &Vec<u8>)> =
            theme.statics.iter().filter(|(name, _)| name.ends_with(".js")).collect();
        let scripts = format!("{:08x}", crate::hash::hash(&scripts) as u32);
        let setup = crate::hash::hash(&(&theme.templates, &scripts, format!("{config:?}")));
        let words = i18n::words(config.language);
        let text =
            |name: &str| theme.statics.get(name).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let inline_css = text("style.css");
        let favicon = theme::svg_data_url(&text("favicon.svg"));
        let site_id = site_id(config);
        let mut shared = Context::new();
        shared.insert("site", &SiteView::new(config));
        shared.insert("t", words);
        shared.insert("record_limits", &*record::LIMITS_JSON);
        shared.insert("note_limit", &record::LIMITS.note);
        shared.insert("scripts", &scripts);
        shared.insert("site_id", &site_id);
        Ok(Renderer { tera, sources, config, words, site_id, setup, inline_css, favicon, shared })
    }

    /// Renders every HTML page of the site and sitemap.xml, in parallel.
    /// With a cache, a page whose inputs are unchanged is taken from it.
    /// With `out` (a build that writes to disk), the document pages are
    /// written as they are made, and only their paths are kept.
    pub fn render_all(
        &self,
        lib: &Library,
        plans: &[Plan],
        cache: Option<&mut PageCache>,
        out: Option<&Staging>,
    ) -> Result<RenderedSite> {
        let known = cache.as_ref().map(|c| if c.setup == self.setup { &c.pages } else { &NOTHING_KNOWN });
        let deflate = cache.as_ref().is_some_and(|c| c.deflate);
        // Each file deflated as soon as it is made, so that the pages are never all held whole.
        let kept = |f: &OutputFile| known.and_then(|k| k.get(&f.path)).is_some_and(|(_, b)| Arc::ptr_eq(b, &f.bytes));
        let pack = |made: Result<(OutputFile, Option<u64>)>| {
            made.map(|(mut f, key)| {
                if deflate && key.is_some() && !kept(&f) {
                    f.bytes = Arc::new(crate::output::deflated::deflate(&f.bytes));
                }
                (f, key)
            })
        };
        let member = crate::plan::memberships(plans, lib.pages.len());
        let (mut rendered, mut written) = match out {
            Some(out) => (Vec::new(), self.write_pages(lib, plans, &member, out)?),
            None => {
                let pages =
                    (0..lib.pages.len()).into_par_iter().map(|i| pack(self.page(lib, i, plans, &member[i], known)));
                (pages.collect::<Result<Vec<_>>>()?, Vec::new())
            }
        };
        // Built once: the home page, each plan's page and 我的学习 all show them.
        let plan_views: Vec<plans::PlanView> = plans.iter().map(|p| plans::PlanView::new(lib, p, self.words)).collect();
        // The plans an imported progress file may hold (plan.js refuses others).
        let slugs = plan_views.iter().map(|v| v.slug).collect::<Vec<_>>().join(" ");
        let catalog = record::catalog(lib, &plan_views, self.words, self.config);
        let shared = plans::Shared { slugs: &slugs, catalog: &record::version(&catalog) };
        let hashed: Vec<Prehashed<plans::PlanView>> = plan_views.iter().map(Prehashed::new).collect();
        let mut specs = vec![Spec::Home, Spec::Mine, Spec::Record, Spec::Topics, Spec::NotFound];
        specs.extend(Kind::ALL.map(Spec::Kind));
        specs.extend((0..plans.len()).map(Spec::Plan));
        specs.extend((0..lib.topics.len()).map(Spec::Topic));
        specs.extend(lib.sections.iter().filter(|s| !s.dir.is_empty()).map(Spec::Section));
        if self.config.search {
            specs.push(Spec::Search);
        }
        specs.extend(compare::pairs(lib).map(|(g, k)| Spec::Comparison(g, k)));
        let jobs = |spec| -> Result<Vec<Job>> {
            Ok(match spec {
                Spec::Home => vec![self.home(lib, &hashed)],
                Spec::Mine => vec![self.mine(&hashed, &shared)],
                Spec::Record => vec![self.record(shared.catalog)],
                Spec::Topics => vec![self.topics(lib)],
                Spec::NotFound => vec![self.not_found()],
                Spec::Kind(kind) => self.kind_list(lib, kind),
                Spec::Plan(p) => Vec::from(self.plan(lib, &plans[p], &hashed[p], &shared)?),
                Spec::Topic(t) => self.topic(lib, t, plans),
                Spec::Section(s) => self.section(lib, s),
                Spec::Search => vec![self.search_page()],
                Spec::Comparison(g, k) => vec![self.comparison(lib, g, k)],
            })
        };
        match out {
            // Each spec's pages written as soon as they are rendered: a list
            // of 100,000 pages is thousands of pages of lists, and all the
            // lists of a library held 700 MB at once.
            Some(out) => {
                let paths = specs.into_par_iter().map(|spec| -> Result<Vec<String>> {
                    let files = jobs(spec)?.into_par_iter().map(|job| Ok(self.render_job(job, None)?.0));
                    let files = files.collect::<Result<Vec<_>>>()?;
                    out.write(&files)?;
                    Ok(files.into_iter().map(|f| f.path).collect())
                });
                written.extend(paths.collect::<Result<Vec<_>>>()?.into_iter().flatten());
            }
            None => {
                let jobs: Vec<Vec<Job>> = specs.into_par_iter().map(jobs).collect::<Result<_>>()?;
                let others = jobs.into_par_iter().flatten().map(|job| pack(self.render_job(job, known)));
                rendered.extend(others.collect::<Result<Vec<_>>>()?);
            }
        }
        let kept = rendered.iter().filter(|(f, _)| kept(f)).count();
        if let Some(cache) = cache {
            cache.kept = kept;
            cache.rendered = rendered.len() - cache.kept;
            cache.setup = self.setup;
            cache.pages =
                rendered.iter().filter_map(|(f, key)| Some((f.path.clone(), ((*key)?, f.bytes.clone())))).collect();
        }
        let mut files: Vec<OutputFile> = rendered.into_iter().map(|(f, _)| f).collect();
        files.extend(self.calendars(plans, &plan_views));
        files.push(catalog);
        let paths = files.iter().map(|f| f.path.as_str()).chain(written.iter().map(String::as_str));
        let sitemap = sitemap(lib, self.config, paths);
        files.push(sitemap);
        // After the sitemap, which lists pages, not the old paths that lead to them.
        files.extend(redirects::pages(lib, self.words));
        Ok(RenderedSite { files, written })
    }

    /// The document pages, rendered a few at a time on each thread and
    /// written to `out` at once, so that their HTML is never held all together.
    fn write_pages(
        &self,
        lib: &Library,
        plans: &[Plan],
        member: &[Vec<(usize, usize)>],
        out: &Staging,
    ) -> Result<Vec<String>> {
        let parts: Vec<Vec<String>> = (0..lib.pages.len())
            .into_par_iter()
            .chunks(PAGES_WRITTEN_AT_ONCE)
            .map(|chunk| {
                let files = chunk
                    .into_iter()
                    .map(|i| Ok(self.page(lib, i, plans, &member[i], None)?.0))
                    .collect::<Result<Vec<_>>>()?;
                out.write(&files)?;
                Ok(files.into_iter().map(|f| f.path).collect())
            })
            .collect::<Result<_>>()?;
        Ok(parts.concat())
    }

    /// Renders a job, or takes it from the cache when its context is what
    /// it was. Returns the file and the hash of its context (with a cache).
    fn render_job(&self, job: Job, known: Option<&KnownPages>) -> Result<(OutputFile, Option<u64>)> {
        let Job { template, url, data } = job;
        let reused = |key: u64| known.and_then(|k| k.get(&url)).filter(|(k, _)| *k == key).map(|(_, b)| b.clone());
        let (ctx, key) = match data {
            JobData::Context(ctx) if known.is_some() => {
                // Out of the context and back: no copy.
                let json = ctx.into_json();
                let key = fingerprint(&(template, &json));
                if let Some(bytes) = reused(key) {
                    return Ok((OutputFile { path: url, bytes }, Some(key)));
                }
                (Context::from_value(json)?, Some(key))
            }
            JobData::Context(ctx) => (ctx, None),
            JobData::View { current, values } => {
                let key = known.map(|_| values.key(template, &url, current));
                if let Some(bytes) = key.and_then(reused) {
                    return Ok((OutputFile { path: url, bytes }, key));
                }
                let mut ctx = self.context(&url, current);
                ctx.extend(values.context()?);
                (ctx, key)
            }
        };
        Ok((self.render(template, url, &ctx, 16 * 1024)?, key))
    }

    fn context(&self, url: &str, current: &str) -> Context {
        let mut ctx = self.shared.clone();
        ctx.insert("root", &root_of(url));
        ctx.insert("current", current);
        ctx.insert("kinds", &KindView::all(self.config.language, current, |_| 0));
        ctx
    }

    /// Into a buffer of `capacity` bytes at first, kept as bytes: tera's
    /// `render` grew one from 2 KB and checked each page again as UTF-8
    /// (2% of a 10,000-page build).
    fn render(&self, template: &str, url: String, ctx: &Context, capacity: usize) -> Result<OutputFile> {
        let mut html = Vec::with_capacity(capacity);
        self.tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| anyhow::anyhow!("{} (while rendering {url})", self.sources.message(&e)))?;
        Ok(OutputFile::new(url, html))
    }

    /// A document page, and the hash of what it is made from (with a cache).
    fn page(
        &self,
        lib: &Library,
        i: usize,
        plans: &[Plan],
        member: &[(usize, usize)],
        known: Option<&KnownPages>,
    ) -> Result<(OutputFile, Option<u64>)> {
        let page = &lib.pages[i];
        let in_plans: Vec<InPlan> = member
            .iter()
            .map(|&(p, n)| InPlan {
                name: &plans[p].name,
                url: plans[p].url(),
                session: self.words.session.replace("{n}", &n.to_string()),
            })
            .collect();
        let about = PageAbout::new(lib, i, self.config);
        let mut crumbs: Vec<Crumb> =
            lib.section_chain(&page.section).iter().map(|s| Crumb::link(&s.title, &s.url)).collect();
        crumbs.push(Crumb::here(&page.title));
        let (prev, next) = lib.neighbours(i);
        let prev = prev.map(|p| LinkView::of(&lib.pages[p]));
        let next = next.map(|p| LinkView::of(&lib.pages[p]));
        let cited: Vec<CitedView> = lib.cited_by[i].iter().map(|&p| CitedView::new(lib, i, p)).collect();
        // The body is stood for by its rendering's key: hashing it again would cost as much as rendering.
        let key = known
            .and(lib.rendered[i].key)
            .map(|body| fingerprint(&(&about, body, &in_plans, &crumbs, &prev, &next, &cited)));
        if let Some(bytes) = key.and_then(|key| known?.get(&page.url).filter(|(k, _)| *k == key)).map(|(_, b)| b) {
            return Ok((OutputFile { path: page.url.clone(), bytes: bytes.clone() }, key));
        }
        let view = PageView::new(lib, i, about)?;
        // The theme adds about 12 KB to a page's body (the sample library).
        let capacity = view.content.len() + 16 * 1024;
        let mut ctx = self.context(&page.url, "");
        ctx.insert("in_plans", &in_plans);
        ctx.insert("page", &view);
        ctx.insert("crumbs", &crumbs);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        ctx.insert("cited_by", &cited);
        Ok((self.render("page.html", page.url.clone(), &ctx, capacity)?, key))
    }

    fn home<'v>(&self, lib: &'v Library, plan_views: &'v [Prehashed<'v, plans::PlanView<'v>>]) -> Job<'v> {
        #[derive(serde::Serialize)]
        struct Home<'v> {
            plans: &'v [Prehashed<'v, plans::PlanView<'v>>],
            kinds: Vec<KindView>,
            intro: &'v str,
            topics: Vec<TopicView<'v>>,
            newest: Vec<ItemView<'v>>,
            sections: Vec<SectionView<'v>>,
        }
        let top = lib.sections.iter().filter(|s| !s.dir.is_empty() && !s.dir.contains('/') && !s.unlisted);
        let home = Home {
            plans: plan_views,
            kinds: KindView::all(self.config.language, "home", |k| lib.count(k)),
            intro: lib.intro(""),
            topics: TopicView::all(lib),
            newest: lib.newest(self.config.newest).iter().map(|&p| ItemView::new(lib, p, self.config)).collect(),
            sections: by_weight(top.map(|s| SectionView::new(lib, s)).collect()),
        };
        Job::view("index.html", "index.html", "home", home)
    }

    fn kind_list<'l>(&self, lib: &'l Library, kind: Kind) -> Vec<Job<'l>> {
        let label = kind.label(self.config.language);
        let items = lib.of_kind(kind).iter().map(|&p| ItemView::new(lib, p, self.config)).collect();
        let view = ListView { heading: label, crumbs: vec![Crumb::here(label)], items, ..Default::default() };
        list_jobs(&kind_url(kind), kind.as_str(), view)
    }

    fn topics(&self, lib: &Library) -> Job<'static> {
        let mut ctx = self.context("topics.html", "topics");
        ctx.insert("topics", &TopicView::all(lib));
        ctx.insert("crumbs", &[Crumb::here(self.words.all_topics)]);
        Job::new("topics.html", "topics.html", ctx)
    }

    /// A topic's page: its description, then its pages in the order of its
    /// study plan (those the plan leaves out after them).
    fn topic<'l>(&self, lib: &'l Library, t: usize, plans: &[Plan]) -> Vec<Job<'l>> {
        let topic = &lib.topics[t];
        let plan = plans.iter().find(|p| p.slug == topic.slug);
        let mut listed = vec![false; lib.pages.len()];
        let mut order: Vec<usize> = Vec::with_capacity(topic.pages.len());
        let planned = plan.iter().flat_map(|p| &p.sessions).flat_map(|s| &s.readings).map(|r| r.page);
        for p in planned.chain(topic.pages.iter().copied()) {
            if !std::mem::replace(&mut listed[p], true) {
                order.push(p);
            }
        }
        let view = ListView {
            heading: &topic.name,
            about: plan.map(|p| plans::markdown_html(&p.description)).unwrap_or_default(),
            plan_url: Some(crate::plan::url(&topic.slug)),
            crumbs: vec![Crumb::link(self.words.topics, "topics.html"), Crumb::here(&topic.name)],
            items: order.iter().map(|&p| ItemView::new(lib, p, self.config)).collect(),
            ..Default::default()
        };
        list_jobs(&topic.url, "topics", view)
    }

    /// A section's page: its subsections (with the pages under each, at
    /// every level), then its own pages in study order, cut into pages.
    fn section<'l>(&self, lib: &'l Library, s: &'l crate::content::Section) -> Vec<Job<'l>> {
        let mut crumbs: Vec<Crumb> = lib.section_chain(&s.dir).iter().map(|c| Crumb::link(&c.title, &c.url)).collect();
        if let Some(last) = crumbs.last_mut() {
            last.url = None;
        }
        let subsections: Vec<SectionView> = lib
            .sections
            .iter()
            .filter(|c| c.dir.rsplit_once('/').map(|(p, _)| p) == Some(s.dir.as_str()) && !c.unlisted)
            .map(|c| SectionView::new(lib, c))
            .collect();
        let index = lib.sections.iter().position(|x| x.dir == s.dir);
        let pages: &[usize] = index.map_or(&[], |i| &lib.section_pages[i]);
        let view = ListView {
            heading: &s.title,
            description: s.description.as_deref(),
            intro: lib.intro(&s.dir),
            crumbs,
            subsections: by_weight(subsections),
            items: pages.iter().map(|&p| ItemView::new(lib, p, self.config)).collect(),
            ..Default::default()
        };
        list_jobs(&s.url, "", view)
    }

    fn search_page(&self) -> Job<'static> {
        let mut ctx = self.context("search.html", "search");
        ctx.insert("crumbs", &[Crumb::here(self.words.search)]);
        Job::new("search.html", "search.html", ctx)
    }

    fn not_found(&self) -> Job<'static> {
        let mut ctx = self.context("404.html", "");
        ctx.insert("inline_css", &self.inline_css);
        ctx.insert("favicon", &self.favicon);
        Job::new("404.html", "404.html", ctx)
    }
}

/// Sections in the order their `_index.md` gives (weight), then by title.
fn by_weight(mut sections: Vec<SectionView>) -> Vec<SectionView> {
    sections.sort_by(|a, b| {
        a.weight
            .unwrap_or(i64::MAX)
            .cmp(&b.weight.unwrap_or(i64::MAX))
            .then_with(|| crate::library::natural::cmp(a.title, b.title))
    });
    sections
}

/// The library's id for browser storage: `id` from site.yaml, else the
/// title's slug and a short hash of the title (two titles that slug alike
/// still differ).
fn site_id(config: &SiteConfig) -> String {
    if let Some(id) = &config.id {
        return crate::content::slug::slugify(id);
    }
    let hash = config.title.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193));
    let slug = crate::content::slug::slugify(&config.title);
    format!("{}-{hash:08x}", slug.chars().take(24).collect::<String>())
}

/// `../` once per folder between the site root and the page at `url`.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub fn kind_url(kind: Kind) -> String {
    format!("kind/{}.html", kind.as_str())
}

/// Escapes text for HTML. Unlike Tera's default it leaves `/` alone, so URLs
/// in attributes stay readable.
fn escape_html(s: &str) -> String {
    crate::markdown::escape_attr(s).replace('\'', "&#39;")
}

fn sitemap<'p>(lib: &Library, config: &SiteConfig, paths: impl Iterator<Item = &'p str>) -> OutputFile {
    let base = config.base_url.as_deref().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let dated: std::collections::HashMap<&str, String> = lib
        .pages
        .iter()
        .filter_map(|p| Some((p.url.as_str(), p.meta.date.filter(|d| d.day.is_some())?.to_string())))
        .collect();
    let private = ["404.html", "search.html", "mine.html", "record.html"];
    let mut listed: Vec<&str> = paths
        .filter(|path| path.ends_with(".html") && !private.contains(path) && !path.ends_with("-print.html"))
        .collect();
    // The home page first, then in path order: the same sitemap whatever order the files were made in.
    listed.sort_by_key(|path| (*path != "index.html", *path));
    for path in listed {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape_html(&format!("{base}{path}"))));
        if let Some(d) = dated.get(path) {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_libraries_get_different_ids() {
        let a = SiteConfig { title: "文库甲".into(), ..SiteConfig::default() };
        let b = SiteConfig { title: "文库乙".into(), ..SiteConfig::default() };
        assert_ne!(site_id(&a), site_id(&b));
        assert!(site_id(&a).is_ascii());
        let named = SiteConfig { id: Some("my-library".into()), ..a };
        assert_eq!(site_id(&named), "my-library");
    }
}
