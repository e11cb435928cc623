//! Cutting a reading list into sessions by reading time. A page longer than
//! a session is split at its headings, so that no session runs more than
//! [`OVERRUN`] over its budget unless a single section does.

use crate::config::Language;

/// How far a session may run over its budget before the next reading moves
/// to the next session.
pub const OVERRUN: f64 = 0.2;

/// A piece of reading: a whole page, or a run of its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Index of the page in the library.
    pub page: usize,
    /// The heading the reading starts at; `None` for the start of the page.
    pub anchor: Option<String>,
    /// What the reading is called: the page title, with the sections it covers when it is a part.
    pub label: String,
    /// For a part of a page: the page's title, the section it starts at
    /// (`None`: the page's start) and the last it covers, for
    /// [`Reading::label_in`].
    pub span: Option<(String, Option<String>, String)>,
    pub minutes: f64,
    pub chars: usize,
    pub optional: bool,
}

impl Reading {
    /// What the reading is called in the site's language.
    pub fn label_in(&self, language: Language) -> String {
        match &self.span {
            Some((title, _, _)) if language == Language::English => {
                Reading::span_label(title, self.span.as_ref(), language)
            }
            _ => self.label.clone(),
        }
    }

    fn span_label(title: &str, span: Option<&(String, Option<String>, String)>, language: Language) -> String {
        let Some((_, first, last)) = span else { return title.to_string() };
        match (first, language == Language::English) {
            (None, false) => format!("{title} · 开头至 {last}"),
            (None, true) => format!("{title} · from the start to {last}"),
            (Some(f), _) if f == last => format!("{title} · {f}"),
            (Some(f), false) => format!("{title} · {f} 至 {last}"),
            (Some(f), true) => format!("{title} · {f} to {last}"),
        }
    }
}

/// A section of a page, for splitting: where it starts and how long it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub anchor: Option<String>,
    pub title: String,
    pub level: u8,
    pub minutes: f64,
    pub chars: usize,
}

/// The readings of one page: the whole page when it fits a session, else
/// runs of its top-level sections of at most `budget` minutes each (a section
/// longer than that is split at its own subsections, or stands alone).
pub fn split_page(page: usize, title: &str, parts: &[Part], budget: f64, optional: bool) -> Vec<Reading> {
    let minutes: f64 = parts.iter().map(|p| p.minutes).sum();
    let chars = parts.iter().map(|p| p.chars).sum();
    if minutes <= budget * (1.0 + OVERRUN) || parts.len() < 2 {
        return vec![Reading { page, anchor: None, label: title.to_string(), span: None, minutes, chars, optional }];
    }
    let mut groups: Vec<Vec<&Part>> = Vec::new();
    let all: Vec<&Part> = parts.iter().collect();
    for unit in top_level_units(&all) {
        let unit_minutes: f64 = unit.iter().map(|p| p.minutes).sum();
        let pieces = if unit_minutes > budget && unit.len() > 1 {
            let mut sub = top_level_units(&unit[1..]);
            sub[0].insert(0, unit[0]);
            sub
        } else {
            vec![unit]
        };
        for piece in pieces {
            let piece_minutes: f64 = piece.iter().map(|p| p.minutes).sum();
            let fits =
                groups.last().is_some_and(|g| g.iter().map(|p| p.minutes).sum::<f64>() + piece_minutes <= budget);
            match groups.last_mut() {
                Some(g) if fits => g.extend(piece),
                _ => groups.push(piece),
            }
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let first = g[0];
            let last = g[g.len() - 1];
            let span = match (&first.anchor, first.anchor == last.anchor) {
                (None, true) => None,
                (None, false) => Some((title.to_string(), None, last.title.clone())),
                (_, true) => Some((title.to_string(), Some(first.title.clone()), first.title.clone())),
                _ => Some((title.to_string(), Some(first.title.clone()), last.title.clone())),
            };
            let label = Reading::span_label(title, span.as_ref(), Language::Chinese);
            Reading {
                page,
                anchor: first.anchor.clone(),
                label,
                span,
                minutes: g.iter().map(|p| p.minutes).sum(),
                chars: g.iter().map(|p| p.chars).sum(),
                optional,
            }
        })
        .collect()
}

/// Groups parts into units that each start at a heading of the shallowest
/// level present (the text before the first such heading is a unit of its own).
fn top_level_units<'a>(parts: &[&'a Part]) -> Vec<Vec<&'a Part>> {
    let top = parts.iter().filter(|p| p.anchor.is_some()).map(|p| p.level).min().unwrap_or(2);
    let mut units: Vec<Vec<&Part>> = Vec::new();
    for &p in parts {
        let starts_unit = p.anchor.is_some() && p.level <= top;
        match units.last_mut() {
            Some(u) if !starts_unit => u.push(p),
            _ => units.push(vec![p]),
        }
    }
    units
}

/// Cuts readings into sessions of about `budget` minutes, in order. A
/// reading goes to the next session when it would take the current one more
/// than [`OVERRUN`] over budget; a reading longer than that sits alone.
pub fn cut(readings: Vec<Reading>, budget: f64) -> Vec<Vec<Reading>> {
    let limit = budget * (1.0 + OVERRUN);
    let mut sessions: Vec<Vec<Reading>> = Vec::new();
    let mut total = 0.0;
    for r in readings {
        match sessions.last_mut() {
            Some(s) if total + r.minutes <= limit => {
                total += r.minutes;
                s.push(r);
            }
            _ => {
                total = r.minutes;
                sessions.push(vec![r]);
            }
        }
    }
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(page: usize, minutes: f64) -> Reading {
        Reading { page, anchor: None, label: format!("p{page}"), span: None, minutes, chars: 0, optional: false }
    }

    fn part(anchor: Option<&str>, level: u8, minutes: f64) -> Part {
        Part { anchor: anchor.map(String::from), title: anchor.unwrap_or("").into(), level, minutes, chars: 0 }
    }

    #[test]
    fn sessions_fill_the_budget_and_overrun_at_most_twenty_percent() {
        let table: &[(&[f64], &[usize])] = &[
            (&[10.0, 10.0, 10.0, 10.0], &[3, 1]),
            (&[20.0, 15.0, 5.0], &[2, 1]),
            (&[20.0, 16.0], &[2]),
            (&[20.0, 17.0], &[1, 1]),
            (&[50.0, 5.0], &[1, 1]),
            (&[], &[]),
        ];
        for (minutes, want) in table {
            let readings = minutes.iter().enumerate().map(|(i, m)| reading(i, *m)).collect();
            let sessions = cut(readings, 30.0);
            let sizes: Vec<usize> = sessions.iter().map(Vec::len).collect();
            assert_eq!(&sizes, want, "{minutes:?}");
            for s in &sessions {
                let total: f64 = s.iter().map(|r| r.minutes).sum();
                assert!(total <= 36.0 || s.len() == 1, "{minutes:?}: a session of {total} minutes");
            }
        }
    }

    #[test]
    fn a_short_page_is_one_reading() {
        let parts = [part(None, 0, 3.0), part(Some("一"), 2, 10.0), part(Some("二"), 2, 10.0)];
        let r = split_page(0, "短文", &parts, 30.0, false);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].anchor, None);
        assert_eq!(r[0].minutes, 23.0);
    }

    #[test]
    fn a_long_page_is_split_at_its_headings() {
        let parts = [
            part(None, 0, 2.0),
            part(Some("一"), 2, 14.0),
            part(Some("二"), 2, 14.0),
            part(Some("三"), 2, 20.0),
            part(Some("四"), 2, 5.0),
        ];
        let r = split_page(0, "长文", &parts, 30.0, false);
        let anchors: Vec<Option<&str>> = r.iter().map(|x| x.anchor.as_deref()).collect();
        assert_eq!(anchors, [None, Some("三")]);
        assert_eq!(r[0].minutes, 30.0);
        assert_eq!(r[1].minutes, 25.0);
        assert_eq!(r[1].label, "长文 · 三 至 四");
        let sessions = cut(r, 30.0);
        assert_eq!(sessions.len(), 2);
    }

    #[test]
    fn a_long_section_is_split_at_its_subsections() {
        let parts = [
            part(Some("一"), 2, 5.0),
            part(Some("（一）"), 3, 20.0),
            part(Some("（二）"), 3, 20.0),
            part(Some("二"), 2, 10.0),
        ];
        let r = split_page(0, "长文", &parts, 30.0, false);
        for x in &r {
            assert!(x.minutes <= 36.0, "{x:?}");
        }
        assert_eq!(r.iter().map(|x| x.minutes).sum::<f64>(), 55.0, "nothing lost");
        assert_eq!(r[0].anchor.as_deref(), Some("一"));
    }

    #[test]
    fn one_huge_section_stands_alone() {
        let parts = [part(Some("一"), 2, 90.0), part(Some("二"), 2, 5.0)];
        let sessions = cut(split_page(0, "长文", &parts, 30.0, false), 30.0);
        assert_eq!(sessions.len(), 2);
        assert_eq!(sessions[0][0].minutes, 90.0);
    }
}
