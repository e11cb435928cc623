//! A dated plan as an iCalendar file (RFC 5545): one all-day event per
//! session, naming its readings and pointing to the plan. CRLF line ends,
//! long lines folded at 75 octets without splitting a character, UTF-8.

use super::Plan;
use crate::config::Language;

/// RFC 5545 §3.1: lines longer than this many octets are folded.
const MAX_LINE_OCTETS: usize = 75;

/// The words of a calendar, in the site's language.
struct Words {
    /// The calendar's name: the plan's name and these words.
    plan: fn(&str) -> String,
    /// An event: the plan's name, the session's number and minutes.
    session: fn(&str, usize, f64) -> String,
    /// A reading: its number, label, minutes and whether it is optional.
    reading: fn(usize, &str, f64, bool) -> String,
    /// The last line of an event's description: the plan's link or its name.
    see: &'static str,
}

const ZH: Words = Words {
    plan: |name| format!("{name}学习计划"),
    session: |name, n, minutes| format!("{name}学习计划 第{n}次（约{minutes}分钟）"),
    reading: |i, label, minutes, optional| {
        format!("{i}. {label}（{minutes}分钟{}）", if optional { "，选读" } else { "" })
    },
    see: "学习计划：",
};

const EN: Words = Words {
    plan: |name| format!("{name} study plan"),
    session: |name, n, minutes| format!("{name} study plan, session {n} (about {minutes} min)"),
    reading: |i, label, minutes, optional| {
        format!("{i}. {label} ({minutes} min{})", if optional { ", optional" } else { "" })
    },
    see: "Study plan: ",
};

/// The calendar of a plan, or `None` when its sessions have no dates.
/// `plan_link` is where the plan can be opened: known only with a base URL
/// (a calendar app cannot follow a relative link), so without one the
/// events name the plan instead and carry no URL.
pub fn calendar(
    plan: &Plan,
    site_id: &str,
    plan_link: Option<&str>,
    stamp: &str,
    language: Language,
) -> Option<String> {
    if plan.sessions.iter().all(|s| s.date.is_none()) {
        return None;
    }
    let w = if language == Language::English { &EN } else { &ZH };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//shuyuan//study plan//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(&(w.plan)(&plan.name))),
    ];
    for s in &plan.sessions {
        let Some(day) = s.date else { continue };
        let readings: Vec<String> = s
            .readings
            .iter()
            .enumerate()
            .map(|(i, r)| (w.reading)(i + 1, &r.label_in(language), r.minutes.ceil().max(1.0), r.optional))
            .collect();
        let see = plan_link.map_or_else(|| (w.plan)(&plan.name), str::to_string);
        let description = format!("{}\n\n{}{see}", readings.join("\n"), w.see);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{site_id}-{}-{}@shuyuan", plan.slug, s.number),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", day.compact()),
            format!("DTEND;VALUE=DATE:{}", super::dates::Day(day.0 + 1).compact()),
            format!("SUMMARY:{}", escape(&(w.session)(&plan.name, s.number, s.minutes.ceil()))),
            format!("DESCRIPTION:{}", escape(&description)),
        ]);
        if let Some(link) = plan_link {
            lines.push(format!("URL:{link}"));
        }
        lines.push("END:VEVENT".to_string());
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
    }
    Some(out)
}

/// TEXT escaping of RFC 5545 §3.3.11.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: no physical line over 75 octets, continuation
/// lines starting with a space, never inside a UTF-8 character; CRLF after each.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// Now, as iCalendar writes a UTC time (`20251123T190000Z`); SOURCE_DATE_EPOCH
/// wins when set, for reproducible builds.
pub fn stamp_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<i64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    });
    let day = super::dates::Day(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{}T{:02}{:02}{:02}Z", day.compact(), t / 3600, t % 3600 / 60, t % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("DESCRIPTION:{}", "意识形态工作".repeat(20));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= MAX_LINE_OCTETS, "{} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn stamp_is_utc_basic_format() {
        let s = stamp_now();
        assert_eq!(s.len(), 16, "{s}");
        assert!(s.ends_with('Z') && s.as_bytes()[8] == b'T');
    }
}
