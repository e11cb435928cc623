//! The history (沿革) of a rule as its text gives it: a line of dated events
//! (`1988年9月5日……通过　2010年4月29日……修订`), bracketed as the national
//! database writes it or one event to a line as other collections do.
//! Read here once for `import` (adopted, revised, issuer) and for the
//! library (dating a version nothing else dates).

use super::Date;
use regex::Regex;
use std::sync::LazyLock;

static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日").expect("a valid regex"));

/// What happened on a day of a history, as far as versions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    /// 通过: adopted.
    Adopted,
    /// 公布, 发布: promulgated.
    Promulgated,
    /// 修订, 修正: revised or amended.
    Revised,
    /// Anything else, `……起施行` (took effect) among them: makes no version.
    Other,
}

/// One dated event of a history: its day, what happened, and the text
/// that says so (up to the next date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    pub date: Date,
    pub happened: Happened,
    pub text: &'a str,
}

/// A history line without its brackets, or `None` when it has none.
pub fn bracketed(line: &str) -> Option<&str> {
    line.trim().strip_prefix(['（', '('])?.strip_suffix(['）', ')'])
}

/// The dated events of a history line, in their order.
pub fn events(line: &str) -> Vec<Event<'_>> {
    let found: Vec<regex::Captures> = DATE.captures_iter(line).collect();
    let mut events = Vec::new();
    for (k, c) in found.iter().enumerate() {
        let whole = c.get(0).expect("a match");
        let end = found.get(k + 1).map_or(line.len(), |n| n.get(0).expect("a match").start());
        let text = line[whole.end()..end].trim_end_matches(['　', ' ', '根', '据']);
        let Some(date) = Date::parse(&format!("{}-{}-{}", &c[1], &c[2], &c[3])) else { continue };
        events.push(Event { date, happened: happened(text), text });
    }
    events
}

fn happened(text: &str) -> Happened {
    if text.contains("修订") || text.contains("修正") {
        Happened::Revised
    } else if text.contains("通过") {
        Happened::Adopted
    } else if text.contains("公布") || text.contains("发布") {
        Happened::Promulgated
    } else {
        Happened::Other
    }
}

/// Whether `line` opens with a date (or `根据` and a date): a line of a
/// history written one event to a line.
pub fn opens_with_date(line: &str) -> bool {
    DATE.find(line.trim_start().trim_start_matches("根据")).is_some_and(|m| m.start() == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_line_gives_its_events_in_order() {
        let line = "1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过　2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议修订　根据2024年2月27日……修订";
        let events = events(line);
        let what: Vec<(String, Happened)> = events.iter().map(|e| (e.date.to_string(), e.happened)).collect();
        assert_eq!(
            what,
            [
                ("1988-09-05".to_string(), Happened::Adopted),
                ("2010-04-29".to_string(), Happened::Revised),
                ("2024-02-27".to_string(), Happened::Revised)
            ]
        );
        assert!(events[1].text.ends_with("会议修订"), "{}", events[1].text);
        assert_eq!(bracketed("（2020年1月1日起施行）"), Some("2020年1月1日起施行"));
        assert_eq!(happened("起施行"), Happened::Other);
        assert!(opens_with_date("根据2017年9月1日……修正") && !opens_with_date("第一条 2017年"));
    }
}
