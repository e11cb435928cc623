//! Stage 4b: study plans (学习计划). Every topic gets a plan: its reading list
//! (the topic's pages in study order, adjusted by `content/topics/<slug>.md`)
//! cut into sessions by reading time, dated when the topic sets a start.
//! In: [`Library`]. Out: [`Plan`]s, which render turns into plan pages, print
//! packs and calendars.

pub mod dates;
pub mod ics;
pub mod sessions;
pub mod settings;

use crate::config::ReadingSpeed;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::library::{is_outdated, Library};
use dates::{schedule, Cadence, Day};
use rayon::prelude::*;
use sessions::{Part, Reading};
use settings::TopicSettings;
use std::collections::HashMap;
use std::path::PathBuf;

/// A topic's study plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The topic's name.
    pub name: String,
    /// The topic's slug: `plans/<slug>.html`, `topic/<slug>.html`.
    pub slug: String,
    pub description: String,
    pub minutes_per_session: u32,
    pub cadence: Cadence,
    pub sessions: Vec<Session>,
    /// Distinct pages read, characters and minutes in all.
    pub pages: usize,
    pub chars: usize,
    pub minutes: f64,
}

#[derive(Debug, Clone)]
pub struct Session {
    /// 1-based.
    pub number: usize,
    pub date: Option<Day>,
    pub readings: Vec<Reading>,
    pub minutes: f64,
}

impl Plan {
    pub fn url(&self) -> String {
        url(&self.slug)
    }
    pub fn print_url(&self) -> String {
        format!("plans/{}-print.html", self.slug)
    }
    pub fn ics_url(&self) -> Option<String> {
        self.sessions.iter().any(|s| s.date.is_some()).then(|| format!("plans/{}.ics", self.slug))
    }
}

/// Where the plan of the topic with this slug lives.
pub fn url(slug: &str) -> String {
    format!("plans/{slug}.html")
}

/// The plan of every topic of the library.
pub fn build(lib: &Library, speed: &ReadingSpeed, diags: &mut Diagnostics) -> Vec<Plan> {
    let mut files: Vec<(TopicSettings, PathBuf, bool)> = lib
        .topic_files
        .iter()
        .map(|source| {
            let (t, d) = TopicSettings::parse(source);
            diags.extend(d);
            (t, source.path.clone(), false)
        })
        .collect();
    let by_rel: HashMap<&str, usize> = lib.pages.iter().enumerate().map(|(i, p)| (p.rel.as_str(), i)).collect();
    // Settings and reading lists first (they report problems), then the
    // plans themselves, which measure every page, in parallel.
    let lists: Vec<(String, TopicSettings, Vec<usize>)> = lib
        .topics
        .iter()
        .map(|topic| {
            let slug = topic.slug.clone();
            let found = files
                .iter_mut()
                .find(|(t, _, _)| t.title.as_deref() == Some(&topic.name) || (t.title.is_none() && t.stem == slug));
            let (settings, path) = match found {
                Some((t, path, used)) => {
                    *used = true;
                    (t.clone(), Some(path.clone()))
                }
                None => (TopicSettings::defaults(&slug), None),
            };
            // A topic gathers every version of a rule; its plan reads the one in force.
            let gathered = lib.versions.current_of_each(&topic.pages);
            let pages = reading_list(&gathered, &settings, &by_rel, path.as_ref(), diags);
            (slug, settings, pages)
        })
        .collect();
    let plans: Vec<Plan> = lib
        .topics
        .par_iter()
        .zip(lists.into_par_iter())
        .map(|(topic, (slug, settings, pages))| plan_of(lib, &topic.name, slug, &settings, &pages, speed))
        .collect();
    for plan in &plans {
        warn_outdated(lib, plan, diags);
    }
    for (t, path, used) in &files {
        if !used {
            diags.warn(Diagnostic::new(
                path,
                Some(t.line_of("title").unwrap_or(1)),
                format!(
                    "no page lists the topic `{}`, so this file describes nothing",
                    t.title.as_deref().unwrap_or(&t.stem)
                ),
            ));
        }
    }
    plans
}

/// The topic's pages in study order, with the file's order, additions and
/// leave-outs applied. A path that names no page is an error.
fn reading_list(
    topic_pages: &[usize],
    settings: &TopicSettings,
    by_rel: &HashMap<&str, usize>,
    path: Option<&PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut resolve = |key: &str, list: &[String]| -> Vec<usize> {
        list.iter()
            .filter_map(|rel| {
                let found = by_rel.get(rel.trim_start_matches("content/")).copied();
                if found.is_none() {
                    if let Some(path) = path {
                        diags.error(Diagnostic::new(
                            path,
                            settings.line_of(key),
                            format!("`{key}` names `{rel}`, which is no page (write its path under content/, such as study/a.md)"),
                        ));
                    }
                }
                found
            })
            .collect()
    };
    let order = resolve("order", &settings.order);
    let add = resolve("add", &settings.add);
    let leave_out = resolve("leave_out", &settings.leave_out);
    let mut pages: Vec<usize> = order.clone();
    for &p in topic_pages.iter().chain(add.iter()) {
        if !pages.contains(&p) {
            pages.push(p);
        }
    }
    pages.retain(|p| !leave_out.contains(p));
    pages
}

fn plan_of(
    lib: &Library,
    name: &str,
    slug: String,
    settings: &TopicSettings,
    pages: &[usize],
    speed: &ReadingSpeed,
) -> Plan {
    let budget = settings.minutes as f64;
    let optional: Vec<&str> = settings.optional.iter().map(|s| s.trim_start_matches("content/")).collect();
    let readings: Vec<Reading> = pages
        .iter()
        .flat_map(|&p| {
            let page = &lib.pages[p];
            let parts = parts_of(lib, p, speed);
            sessions::split_page(p, &page.title, &parts, budget, optional.contains(&page.rel.as_str()))
        })
        .collect();
    let minutes = readings.iter().map(|r| r.minutes).sum();
    let chars = readings.iter().map(|r| r.chars).sum();
    let cut = sessions::cut(readings, budget);
    let days = match settings.start.and_then(Day::of) {
        Some(start) => schedule(start, settings.cadence, cut.len()),
        None => Vec::new(),
    };
    let sessions = cut
        .into_iter()
        .enumerate()
        .map(|(i, readings)| Session {
            number: i + 1,
            date: days.get(i).copied(),
            minutes: readings.iter().map(|r| r.minutes).sum(),
            readings,
        })
        .collect();
    Plan {
        name: name.to_string(),
        slug,
        description: settings.description.clone(),
        minutes_per_session: settings.minutes,
        cadence: settings.cadence,
        sessions,
        pages: pages.len(),
        chars,
        minutes,
    }
}

/// A page cut at its headings: the text before the first heading, then the span under each heading.
fn parts_of(lib: &Library, page: usize, speed: &ReadingSpeed) -> Vec<Part> {
    let r = &lib.rendered[page];
    let heads =
        std::iter::once((None, "", 0)).chain(r.spans.iter().map(|s| (Some(s.id.as_str()), s.title.as_str(), s.level)));
    heads
        .zip(&r.part_stats)
        .map(|((anchor, title, level), stats)| Part {
            anchor: anchor.map(String::from),
            title: title.to_string(),
            level,
            minutes: stats.exact_minutes(speed),
            chars: stats.chars(),
        })
        .filter(|p| p.anchor.is_some() || p.chars > 0)
        .collect()
}

/// A plan that includes a repealed or superseded rule warns at build time
/// (the plan page shows the successor beside the reading).
fn warn_outdated(lib: &Library, plan: &Plan, diags: &mut Diagnostics) {
    let mut seen = Vec::new();
    for r in plan.sessions.iter().flat_map(|s| &s.readings) {
        if seen.contains(&r.page) || !is_outdated(&lib.pages[r.page], lib.successor[r.page]) {
            continue;
        }
        seen.push(r.page);
        let page = &lib.pages[r.page];
        let instead = lib.successor[r.page].map(|s| format!("; read {} instead", lib.pages[s].rel)).unwrap_or_default();
        // At the line that says so: `superseded_by:` or `status:`.
        let line = page.meta.line("superseded_by").or_else(|| page.meta.line("status"));
        diags.warn(Diagnostic::new(
            &page.path,
            line,
            format!("the study plan for `{}` includes this rule, which is no longer in force{instead}", plan.name),
        ));
    }
}

/// For each page, the plans and sessions that read it: (plan, session number).
pub fn memberships(plans: &[Plan], pages: usize) -> Vec<Vec<(usize, usize)>> {
    let mut out = vec![Vec::new(); pages];
    for (p, plan) in plans.iter().enumerate() {
        for s in &plan.sessions {
            for r in &s.readings {
                if !out[r.page].contains(&(p, s.number)) {
                    out[r.page].push((p, s.number));
                }
            }
        }
    }
    out
}
