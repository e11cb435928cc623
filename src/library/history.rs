//! The history (沿革) at the head of a rule's text, for dating a version when
//! nothing else dates it: the bracketed line of the national database
//! (`（1988年9月5日……通过　2010年4月29日……修订）`), or one event to a line
//! as other collections write it (`2017年9月1日 ……第二次修正`). The version
//! a text is dates from its last revision, else from its adoption.
//! In: a page's Markdown body. Out: a [`Date`].

use crate::content::history::{self, Happened};
use crate::content::Date;
use crate::markdown::article_id;

/// The history is looked for among this many first non-empty lines.
const HEAD_LINES: usize = 12;

/// The date of the version a body's history gives: its latest adoption,
/// promulgation or revision. None without a history at its head.
pub fn version_date(body: &str) -> Option<Date> {
    let head = body.lines().map(str::trim).filter(|l| !l.is_empty()).take(HEAD_LINES);
    let mut latest: Option<Date> = None;
    for line in head {
        if line.starts_with("## ") || line.contains("INFO END") || article_id(line).is_some() {
            break;
        }
        for date in events(line) {
            latest = latest.max(Some(date));
        }
    }
    latest
}

/// The dates of the events that make a version (adopted, promulgated,
/// revised), in one line of a history: a line that opens with a date (or
/// `根据` and a date), or a bracketed one.
fn events(line: &str) -> Vec<Date> {
    let inner = history::bracketed(line).unwrap_or(line);
    if !history::opens_with_date(inner) {
        return Vec::new();
    }
    let makes_version = |e: &history::Event| e.happened != Happened::Other;
    history::events(inner).into_iter().filter(makes_version).map(|e| e.date).collect()
}

#[cfg(test)]
mod tests {
    use super::version_date;

    #[test]
    fn a_version_is_dated_by_the_last_revision_its_history_names() {
        let table = [
            // The national database: one bracketed line.
            (
                "（1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过　2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议第一次修订　2024年2月27日第十四届全国人民代表大会常务委员会第八次会议第二次修订）\n\n## 第一章　总则\n",
                Some("2024-02-27"),
            ),
            (
                "（1989年4月4日第七届全国人民代表大会第二次会议通过　根据2014年11月1日第十二届全国人民代表大会常务委员会第十一次会议《关于修改〈中华人民共和国行政诉讼法〉第三十一条的决定》第一次修正）",
                Some("2014-11-01"),
            ),
            // One event to a line, as the laws collection writes it.
            (
                "1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过\n\n2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正\n\n2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议第二次修正\n\n<!-- INFO END -->\n\n第一条 2030年1月1日通过。",
                Some("2017-09-01"),
            ),
            // A code's part: its part heading first, then the history; the day it took effect is no version.
            ("# 总则\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n2021年1月1日 施行\n", Some("2020-05-28")),
            ("1993年12月13日 国务院令第135号发布　\n2008年11月5日 国务院第34次常务会议修订通过\n2008年11月10日 国务院令第539号公布\n2009年1月1日 施行", Some("2008-11-10")),
            // No history: a date in a sentence, a date after the first article.
            ("会议于2024年3月5日通过了本办法。", None),
            ("第一条 为了……\n\n2024年3月5日通过", None),
            ("（2024年3月5日起施行）", None),
        ];
        for (body, want) in table {
            assert_eq!(version_date(body).map(|d| d.to_string()), want.map(String::from), "{body}");
        }
    }
}
