//! Rendering study plans: the plan page of each topic, its print pack and
//! calendar, and the 我的学习 page that sums up all plans.

use super::views::{Crumb, LinkView};
use super::{i18n, Job, Prehashed, Renderer};
use crate::library::{is_outdated, Library};
use crate::output::OutputFile;
use crate::plan::dates::Cadence;
use crate::plan::{ics, Plan};
use anyhow::Result;
use serde::Serialize;

/// What the plan pages and 我的学习 share.
pub struct Shared<'a> {
    /// Every plan's slug, space-separated: the plans an imported file may hold.
    pub slugs: &'a str,
    /// The version of plans/catalog.js.
    pub catalog: &'a str,
}

#[derive(Serialize)]
pub struct PlanView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub topic_url: String,
    pub print_url: String,
    pub ics_url: Option<String>,
    pub description: String,
    pub minutes_per_session: u32,
    pub cadence: &'static str,
    pub start: Option<String>,
    pub end: Option<String>,
    pub pages: usize,
    pub chars: usize,
    pub minutes: u32,
    pub readings: usize,
    pub sessions: Vec<SessionView<'a>>,
}

#[derive(Serialize)]
pub struct SessionView<'a> {
    pub number: usize,
    pub label: String,
    pub date: Option<String>,
    pub minutes: u32,
    pub readings: Vec<ReadingView<'a>>,
}

#[derive(Serialize)]
pub struct ReadingView<'a> {
    /// Stable across builds: the page's URL and the heading the reading starts at.
    pub id: String,
    pub label: String,
    pub url: String,
    pub minutes: u32,
    pub optional: bool,
    pub outdated: bool,
    pub successor: Option<LinkView<'a>>,
}

impl<'a> PlanView<'a> {
    pub fn new(lib: &'a Library, plan: &'a Plan, words: &i18n::Words) -> Self {
        let sessions: Vec<SessionView> = plan
            .sessions
            .iter()
            .map(|s| SessionView {
                number: s.number,
                label: words.session.replace("{n}", &s.number.to_string()),
                date: s.date.map(|d| d.iso()),
                minutes: s.minutes.ceil() as u32,
                readings: s
                    .readings
                    .iter()
                    .map(|r| {
                        let page = &lib.pages[r.page];
                        let url = match &r.anchor {
                            Some(a) => format!("{}#{a}", page.url),
                            None => page.url.clone(),
                        };
                        ReadingView {
                            id: url.clone(),
                            label: r.label_in(words.language),
                            url,
                            minutes: r.minutes.ceil().max(1.0) as u32,
                            optional: r.optional,
                            outdated: is_outdated(page, lib.successor[r.page]),
                            successor: lib.successor[r.page].map(|s| LinkView::of(&lib.pages[s])),
                        }
                    })
                    .collect(),
            })
            .collect();
        let dates: Vec<String> = sessions.iter().filter_map(|s| s.date.clone()).collect();
        PlanView {
            name: &plan.name,
            slug: &plan.slug,
            url: plan.url(),
            topic_url: crate::library::topic_url(&plan.slug),
            print_url: plan.print_url(),
            ics_url: plan.ics_url(),
            description: markdown_html(&plan.description),
            minutes_per_session: plan.minutes_per_session,
            cadence: match plan.cadence {
                Cadence::Daily => words.cadence_daily,
                Cadence::Weekdays => words.cadence_weekdays,
                Cadence::Weekly => words.cadence_weekly,
                Cadence::None => "",
            },
            start: dates.first().cloned(),
            end: dates.last().cloned(),
            pages: plan.pages,
            chars: plan.chars,
            minutes: plan.minutes.ceil() as u32,
            readings: sessions.iter().map(|s| s.readings.len()).sum(),
            sessions,
        }
    }
}

/// A topic description is short Markdown; its links are not rewritten.
pub(super) fn markdown_html(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    html
}

#[derive(Serialize)]
struct PrintedPage<'a> {
    /// Index of the page: a large print pack loads its text from the index
    /// (`search/p/`, the file of its number: site.js, `S.textFile`).
    id: usize,
    title: &'a str,
    url: &'a str,
    issuer: Option<&'a str>,
    doc_number: Option<&'a str>,
    date: Option<String>,
    /// The page's HTML, when the pack is small enough to hold it.
    content: Option<std::borrow::Cow<'a, str>>,
}

impl Renderer<'_> {
    /// A plan's page and its print pack, to render.
    pub(super) fn plan<'v>(
        &self,
        lib: &'v Library,
        plan: &'v Plan,
        view: &'v Prehashed<'v, PlanView<'v>>,
        shared: &Shared<'v>,
    ) -> Result<[Job<'v>; 2]> {
        #[derive(Serialize, Clone)]
        struct PlanPage<'v> {
            plan: &'v Prehashed<'v, PlanView<'v>>,
            plan_slugs: &'v str,
            catalog: &'v str,
            crumbs: [Crumb<'v>; 2],
        }
        #[derive(Serialize)]
        struct PrintPack<'v> {
            #[serde(flatten)]
            page: PlanPage<'v>,
            printed: Vec<PrintedPage<'v>>,
            embedded: bool,
        }
        let crumbs = [Crumb::link(&plan.name, &view.topic_url), Crumb::here(self.words.study_plan)];
        let page = PlanPage { plan: view, plan_slugs: shared.slugs, catalog: shared.catalog, crumbs };
        let mut seen = Vec::new();
        let printed: Vec<PrintedPage> = plan
            .sessions
            .iter()
            .flat_map(|s| &s.readings)
            .filter(|r| {
                let new = !seen.contains(&r.page);
                seen.push(r.page);
                new
            })
            .map(|r| PrintedPage {
                id: r.page,
                title: &lib.pages[r.page].title,
                url: &lib.pages[r.page].url,
                issuer: lib.pages[r.page].meta.issuer.as_deref(),
                doc_number: lib.pages[r.page].meta.doc_number.as_deref(),
                date: lib.pages[r.page].meta.date.map(|d| d.to_string()),
                content: None,
            })
            .collect();
        let size: usize = printed.iter().map(|p| lib.rendered[p.id].html_len()).sum();
        // A pack of a topic of hundreds of pages loads its readings when
        // opened, so that a large library does not carry every page twice.
        let embed = size <= self.config.print_pack_kb * 1024;
        let printed: Vec<PrintedPage> = printed
            .into_iter()
            .map(|p| Ok(PrintedPage { content: embed.then(|| lib.rendered[p.id].html()).transpose()?, ..p }))
            .collect::<Result<_>>()?;
        let pack = PrintPack { page: page.clone(), printed, embedded: embed };
        Ok([
            Job::view("plan.html", view.url.clone(), "plans", page),
            Job::view("plan-print.html", view.print_url.clone(), "plans", pack),
        ])
    }

    /// The 我的学习 page, to render.
    pub(super) fn mine<'v>(&self, views: &'v [Prehashed<'v, PlanView<'v>>], shared: &Shared<'v>) -> Job<'v> {
        #[derive(Serialize)]
        struct Mine<'v> {
            plans: &'v [Prehashed<'v, PlanView<'v>>],
            plan_slugs: &'v str,
            catalog: &'v str,
            crumbs: [Crumb<'v>; 1],
        }
        let crumbs = [Crumb::here(self.words.my_study)];
        let mine = Mine { plans: views, plan_slugs: shared.slugs, catalog: shared.catalog, crumbs };
        Job::view("mine.html", "mine.html", "mine", mine)
    }

    /// The calendar of every plan with dates.
    pub(super) fn calendars(&self, plans: &[Plan], views: &[PlanView]) -> Vec<OutputFile> {
        let stamp = ics::stamp_now();
        let mut files = Vec::new();
        for (plan, view) in plans.iter().zip(views) {
            let link = self.config.base_url.as_ref().map(|base| format!("{base}{}", view.url));
            if let (Some(path), Some(text)) = (
                view.ics_url.clone(),
                ics::calendar(plan, &self.site_id, link.as_deref(), &stamp, self.config.language),
            ) {
                files.push(OutputFile::new(path, text));
            }
        }
        files
    }
}
