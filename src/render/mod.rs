//! Stage 5: render. Fills the theme's Tera templates with the library: the
//! home page, a list per kind, a page per topic and per section, a page per
//! document, the 404 page and sitemap.xml. Every link is relative to the page
//! that holds it, so the site works from `file://` and any web server.
//! In: [`Library`]. Out: output files (path → bytes).

pub mod i18n;
mod plans;
pub mod theme;
mod views;

use crate::config::SiteConfig;
use crate::content::Kind;
use crate::library::Library;
use crate::output::OutputFile;
use crate::plan::Plan;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use tera::{Context, Tera};
use theme::Theme;
use views::*;

pub struct Renderer<'a> {
    tera: Tera,
    config: &'a SiteConfig,
    words: &'static i18n::Words,
    site_id: String,
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
        tera.add_raw_templates(templates).map_err(|e| anyhow::anyhow!(tera_message(&e)))?;
        Ok(Renderer { tera, config, words: i18n::words(config.is_english()), site_id: config.site_id() })
    }

    /// Renders every HTML page of the site and sitemap.xml.
    pub fn render_all(&self, lib: &Library, plans: &[Plan]) -> Result<Vec<OutputFile>> {
        let member = crate::plan::memberships(plans, lib.pages.len());
        let mut files: Vec<OutputFile> = (0..lib.pages.len())
            .into_par_iter()
            .map(|i| self.page(lib, i, plans, &member[i]))
            .collect::<Result<_>>()?;
        // Built once: the home page, each plan's page and 我的学习 all show them.
        let plan_views: Vec<plans::PlanView> = plans.iter().map(|p| plans::PlanView::new(lib, p, self.words)).collect();
        files.push(self.home(lib, &plan_views)?);
        files.extend(self.render_plans(lib, plans, &plan_views)?);
        for kind in Kind::ALL {
            files.push(self.kind_list(lib, kind)?);
        }
        files.push(self.topics(lib)?);
        for t in 0..lib.topics.len() {
            files.push(self.topic(lib, t)?);
        }
        for s in lib.sections.iter().filter(|s| !s.dir.is_empty()) {
            files.push(self.section(lib, s)?);
        }
        files.push(self.not_found()?);
        if self.config.search {
            files.push(self.search_page()?);
        }
        files.push(sitemap(lib, self.config, &files));
        Ok(files)
    }

    fn context(&self, url: &str, current: &str) -> Context {
        let mut ctx = Context::new();
        let english = self.config.is_english();
        ctx.insert("site", &SiteView::new(self.config));
        ctx.insert("t", self.words);
        ctx.insert("root", &root_of(url));
        ctx.insert("site_id", &self.site_id);
        ctx.insert("current", current);
        let kinds: Vec<KindView> = Kind::ALL
            .iter()
            .map(|&k| KindView {
                key: k.as_str(),
                label: i18n::kind_label(k, english),
                url: kind_url(k),
                count: 0,
                current: current == k.as_str(),
            })
            .collect();
        ctx.insert("kinds", &kinds);
        ctx
    }

    fn render(&self, template: &str, url: String, ctx: &Context) -> Result<OutputFile> {
        let html = self
            .tera
            .render(template, ctx)
            .map_err(|e| anyhow::anyhow!("{}", tera_message(&e)))
            .with_context(|| format!("rendering {url} with template {template}"))?;
        Ok(OutputFile { path: url, bytes: html.into_bytes() })
    }

    fn page(&self, lib: &Library, i: usize, plans: &[Plan], member: &[(usize, usize)]) -> Result<OutputFile> {
        let page = &lib.pages[i];
        let mut ctx = self.context(&page.url, "");
        let in_plans: Vec<InPlan> = member
            .iter()
            .map(|&(p, n)| InPlan {
                name: &plans[p].name,
                url: plans[p].url(),
                session: self.words.session.replace("{n}", &n.to_string()),
            })
            .collect();
        ctx.insert("in_plans", &in_plans);
        ctx.insert("page", &PageView::new(lib, i, self.config));
        let mut crumbs: Vec<Crumb> =
            lib.section_chain(&page.section).iter().map(|s| Crumb::link(&s.title, &s.url)).collect();
        crumbs.push(Crumb::here(&page.title));
        ctx.insert("crumbs", &crumbs);
        let (prev, next) = lib.neighbours(i);
        ctx.insert("prev", &prev.map(|p| LinkView::of(&lib.pages[p])));
        ctx.insert("next", &next.map(|p| LinkView::of(&lib.pages[p])));
        let cited: Vec<LinkView> = lib.cited_by[i].iter().map(|&p| LinkView::of(&lib.pages[p])).collect();
        ctx.insert("cited_by", &cited);
        self.render("page.html", page.url.clone(), &ctx)
    }

    fn home(&self, lib: &Library, plan_views: &[plans::PlanView]) -> Result<OutputFile> {
        let mut ctx = self.context("index.html", "home");
        ctx.insert("plans", plan_views);
        let english = self.config.is_english();
        let kinds: Vec<KindView> = Kind::ALL
            .iter()
            .map(|&k| KindView {
                key: k.as_str(),
                label: i18n::kind_label(k, english),
                url: kind_url(k),
                count: lib.count(k),
                current: false,
            })
            .collect();
        ctx.insert("kinds", &kinds);
        ctx.insert("intro", lib.intro(""));
        ctx.insert("topics", &TopicView::all(lib));
        let newest: Vec<ItemView> =
            lib.newest(self.config.newest).iter().map(|&p| ItemView::new(lib, p, self.config)).collect();
        ctx.insert("newest", &newest);
        let top: Vec<SectionView> = lib
            .sections
            .iter()
            .filter(|s| !s.dir.is_empty() && !s.dir.contains('/'))
            .map(|s| SectionView::new(lib, s))
            .collect();
        let top = by_weight(top);
        ctx.insert("sections", &top);
        self.render("index.html", "index.html".into(), &ctx)
    }

    fn kind_list(&self, lib: &Library, kind: Kind) -> Result<OutputFile> {
        let url = kind_url(kind);
        let mut ctx = self.context(&url, kind.as_str());
        let label = i18n::kind_label(kind, self.config.is_english());
        ctx.insert("heading", label);
        ctx.insert("crumbs", &[Crumb::here(label)]);
        let items: Vec<ItemView> = lib.of_kind(kind).iter().map(|&p| ItemView::new(lib, p, self.config)).collect();
        ctx.insert("items", &items);
        self.render("list.html", url, &ctx)
    }

    fn topics(&self, lib: &Library) -> Result<OutputFile> {
        let mut ctx = self.context("topics.html", "topics");
        ctx.insert("topics", &TopicView::all(lib));
        ctx.insert("crumbs", &[Crumb::here(self.words.all_topics)]);
        self.render("topics.html", "topics.html".into(), &ctx)
    }

    fn topic(&self, lib: &Library, t: usize) -> Result<OutputFile> {
        let topic = &lib.topics[t];
        let mut ctx = self.context(&topic.url, "topics");
        ctx.insert("heading", &topic.name);
        ctx.insert("plan_url", &crate::plan::url(&topic.slug));
        ctx.insert("crumbs", &[Crumb::link(self.words.topics, "topics.html"), Crumb::here(&topic.name)]);
        let items: Vec<ItemView> = topic.pages.iter().map(|&p| ItemView::new(lib, p, self.config)).collect();
        ctx.insert("items", &items);
        self.render("list.html", topic.url.clone(), &ctx)
    }

    fn section(&self, lib: &Library, s: &crate::content::Section) -> Result<OutputFile> {
        let mut ctx = self.context(&s.url, "");
        ctx.insert("heading", &s.title);
        ctx.insert("description", &s.description);
        ctx.insert("intro", lib.intro(&s.dir));
        let mut crumbs: Vec<Crumb> = lib.section_chain(&s.dir).iter().map(|c| Crumb::link(&c.title, &c.url)).collect();
        if let Some(last) = crumbs.last_mut() {
            last.url = None;
        }
        ctx.insert("crumbs", &crumbs);
        let subsections: Vec<SectionView> = lib
            .sections
            .iter()
            .filter(|c| c.dir.rsplit_once('/').map(|(p, _)| p) == Some(s.dir.as_str()))
            .map(|c| SectionView::new(lib, c))
            .collect();
        ctx.insert("subsections", &by_weight(subsections));
        let mut pages: Vec<usize> = (0..lib.pages.len()).filter(|&p| lib.pages[p].section == s.dir).collect();
        pages.sort_by(|&a, &b| crate::library::study_order(&lib.pages[a], &lib.pages[b]));
        let items: Vec<ItemView> = pages.iter().map(|&p| ItemView::new(lib, p, self.config)).collect();
        ctx.insert("items", &items);
        self.render("list.html", s.url.clone(), &ctx)
    }

    fn search_page(&self) -> Result<OutputFile> {
        let mut ctx = self.context("search.html", "search");
        ctx.insert("crumbs", &[Crumb::here(self.words.search)]);
        self.render("search.html", "search.html".into(), &ctx)
    }

    fn not_found(&self) -> Result<OutputFile> {
        let ctx = self.context("404.html", "");
        self.render("404.html", "404.html".into(), &ctx)
    }
}

/// Sections in the order their `_index.md` gives (weight), then by title.
fn by_weight(mut sections: Vec<SectionView>) -> Vec<SectionView> {
    sections.sort_by(|a, b| a.weight.unwrap_or(i64::MAX).cmp(&b.weight.unwrap_or(i64::MAX)).then(a.title.cmp(b.title)));
    sections
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

/// A Tera error with its causes, which name the template and what failed.
fn tera_message(e: &tera::Error) -> String {
    let mut message = format!("template error: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n    {s}"));
        source = s.source();
    }
    message
}

fn sitemap(lib: &Library, config: &SiteConfig, files: &[OutputFile]) -> OutputFile {
    let base = config.base_url.as_deref().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let dated: std::collections::HashMap<&str, String> = lib
        .pages
        .iter()
        .filter_map(|p| Some((p.url.as_str(), p.meta.date.filter(|d| d.day.is_some())?.to_string())))
        .collect();
    let private = ["404.html", "search.html", "mine.html"];
    for f in files.iter().filter(|f| {
        f.path.ends_with(".html") && !private.contains(&f.path.as_str()) && !f.path.ends_with("-print.html")
    }) {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape_html(&format!("{base}{}", f.path))));
        if let Some(d) = dated.get(f.path.as_str()) {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() }
}
