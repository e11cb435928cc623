//! The shape of a law or regulation as copied from the national database of
//! laws and regulations: under its title, the adoption and revision history
//! in brackets (`（1988年9月5日……通过　2010年4月29日……修订）`), then a 目录
//! block that lists the chapters again before the chapters themselves.
//! The history gives the front matter's `adopted`, `revised` and `issuer`;
//! the 目录 block is left out (the chapters follow as headings, and the page's
//! own table of contents lists them), as is any document's whose entries all
//! follow as its headings; `本法自……起施行` gives `effective`.

use super::clean::{Paragraph, Removed};
use super::structure::{numbering, Line, Numbering};
use crate::content::history::{self, Happened};
use regex::Regex;
use std::sync::LazyLock;

/// The history is looked for among this many first paragraphs.
const HEAD_PARAGRAPHS: usize = 3;

static EFFECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行").expect("effective pattern"));
static ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百]+届)?([^第《》]{2,30}?)第[一二三四五六七八九十百]+次")
        .expect("issuer pattern")
});

/// What a rule's bracketed history says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RuleHistory {
    /// `2010-04-29`: the day it was adopted (通过).
    pub adopted: Option<String>,
    /// The days it was revised or amended (修订, 修正), oldest first.
    pub revised: Vec<String>,
    /// The body that adopted or last revised it (全国人民代表大会常务委员会).
    pub issuer: Option<String>,
}

impl RuleHistory {
    /// The day of the version the text is: its last revision, or its adoption.
    pub fn version_date(&self) -> Option<String> {
        self.revised.last().or(self.adopted.as_ref()).cloned()
    }
}

/// Reads a bracketed history line; none when `text` is not one.
pub fn parse_history(text: &str) -> Option<RuleHistory> {
    let inner = history::bracketed(text)?;
    let mut found = RuleHistory::default();
    for event in history::events(inner) {
        match event.happened {
            Happened::Revised => found.revised.push(event.date.to_string()),
            Happened::Adopted if found.adopted.is_none() => found.adopted = Some(event.date.to_string()),
            _ => continue,
        }
        if let Some(m) = ISSUER.captures(event.text) {
            found.issuer = Some(m[1].to_string());
        }
    }
    (found.adopted.is_some() || !found.revised.is_empty()).then_some(found)
}

/// Finds the history among the first paragraphs (it stays in the body,
/// where readers of the database see it).
pub fn history(paragraphs: &[Paragraph]) -> Option<RuleHistory> {
    paragraphs.iter().take(HEAD_PARAGRAPHS).find_map(|(_, p)| parse_history(p.as_text()?))
}

/// `本法自2024年5月1日起施行。` in the text: the day it took effect.
pub fn effective(paragraphs: &[Paragraph]) -> Option<String> {
    let day = |c: regex::Captures| crate::content::Date::parse(&format!("{}-{}-{}", &c[1], &c[2], &c[3]));
    paragraphs.iter().rev().find_map(|(_, p)| day(EFFECTIVE.captures(p.as_text()?)?)).map(|d| d.to_string())
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Removes a 目录 block (a `目录` line, then its entries, up to where the
/// first entry comes again) and records it, when the entries are a law's
/// chapters (第X章, 第X节) or every one of them comes again below (a white
/// paper's 前言, 一、…, 结束语): the body has them as its headings. Nothing
/// is removed otherwise.
pub fn take_contents(paragraphs: &mut Vec<Paragraph>, removed: &mut Vec<Removed>) {
    let Some(at) = paragraphs
        .iter()
        .take(HEAD_PARAGRAPHS + 1)
        .position(|(_, p)| p.as_text().is_some_and(|t| squeezed(t) == "目录"))
    else {
        return;
    };
    // A heading styled in Word is Markdown already (`## 一、…`).
    let key = |p: &Line| squeezed(p.text().trim_start_matches('#'));
    let Some(first) = paragraphs.get(at + 1).map(|(_, p)| key(p)) else { return };
    let entries = 1 + paragraphs[at + 1..].iter().skip(1).take_while(|(_, p)| key(p) != first).count();
    if paragraphs.get(at + 1 + entries).is_none_or(|(_, p)| key(p) != first) {
        return;
    }
    let listed = &paragraphs[at + 1..at + 1 + entries];
    let chapters = listed
        .iter()
        .all(|(_, p)| p.as_text().is_some_and(|t| matches!(numbering(t), Some(Numbering::Chapter | Numbering::Part))));
    let below: std::collections::HashSet<String> = paragraphs[at + 1 + entries..].iter().map(|(_, p)| key(p)).collect();
    let short = |p: &Line| p.text().chars().count() <= MAX_ENTRY_CHARS && !p.text().ends_with(['。', '；', '：']);
    let all_again = listed.iter().all(|(_, p)| short(p) && below.contains(&key(p)));
    if !chapters && !all_again {
        return;
    }
    for (line, p) in paragraphs.drain(at..at + 1 + entries) {
        removed.push(Removed {
            line,
            reason: "table of contents (目录): its entries follow as headings",
            text: p.text().to_string(),
        });
    }
}

/// The longest entry of a 目录 that is not a law's chapter.
const MAX_ENTRY_CHARS: usize = 40;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histories_give_adoption_revisions_and_issuer() {
        let npc = Some("全国人民代表大会常务委员会".to_string());
        let table = [
            (
                "（2023年10月24日第十四届全国人民代表大会常务委员会第六次会议通过）",
                RuleHistory { adopted: Some("2023-10-24".into()), revised: vec![], issuer: npc.clone() },
            ),
            (
                "（1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过　2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议第一次修订　2024年2月27日第十四届全国人民代表大会常务委员会第八次会议第二次修订）",
                RuleHistory {
                    adopted: Some("1988-09-05".into()),
                    revised: vec!["2010-04-29".into(), "2024-02-27".into()],
                    issuer: npc.clone(),
                },
            ),
            (
                "（1989年4月4日第七届全国人民代表大会第二次会议通过　根据2014年11月1日第十二届全国人民代表大会常务委员会第十一次会议《关于修改〈中华人民共和国行政诉讼法〉第三十一条的决定》第一次修正）",
                RuleHistory {
                    adopted: Some("1989-04-04".into()),
                    revised: vec!["2014-11-01".into()],
                    issuer: npc.clone(),
                },
            ),
        ];
        for (text, want) in table {
            assert_eq!(parse_history(text), Some(want), "{text}");
        }
        assert_eq!(parse_history("（2024年3月5日印发）"), None);
        assert_eq!(parse_history("2024年3月5日第十四届全国人民代表大会常务委员会通过"), None);
    }

    fn paragraphs(lines: &[&str]) -> Vec<Paragraph> {
        lines.iter().enumerate().map(|(i, l)| (i + 1, Line::Text(l.to_string()))).collect()
    }

    #[test]
    fn contents_block_is_left_out_when_the_chapters_follow() {
        let mut p = paragraphs(&[
            "（历史）",
            "目　　录",
            "第一章　总　则",
            "第二章　附　则",
            "第一章　总　则",
            "第一条　正文。",
        ]);
        let mut removed = Vec::new();
        take_contents(&mut p, &mut removed);
        let kept: Vec<_> = p.iter().map(|(_, l)| l.text()).collect();
        assert_eq!(kept, ["（历史）", "第一章　总　则", "第一条　正文。"]);
        assert_eq!(removed.len(), 3);
        let mut p = paragraphs(&["目录", "第一章　总则", "正文。"]);
        take_contents(&mut p, &mut Vec::new());
        assert_eq!(p.len(), 3, "the listed chapters never follow: kept");
        // A white paper's (钓鱼岛是中国固有领土 白皮书.docx of lib-pku/libpku).
        let body = [
            "目　录",
            "前　言",
            "一、钓鱼岛是中国的固有领土",
            "结束语",
            "前　言",
            "正文。",
            "一、钓鱼岛是中国的固有领土",
            "正文。",
            "结束语",
        ];
        let mut p = paragraphs(&body);
        let mut removed = Vec::new();
        take_contents(&mut p, &mut removed);
        assert_eq!(p.iter().map(|(_, l)| l.text()).collect::<Vec<_>>(), &body[4..]);
        assert_eq!(removed.len(), 4);
        // An entry that does not come again: nothing is removed.
        let body = ["目录", "前言", "附：名单", "前言", "正文。"];
        let mut p = paragraphs(&body);
        take_contents(&mut p, &mut Vec::new());
        assert_eq!(p.len(), body.len());
    }

    #[test]
    fn effective_day_from_the_last_article() {
        assert_eq!(effective(&paragraphs(&["第六十五条　本法自2024年5月1日起施行。"])), Some("2024-05-01".into()));
        assert_eq!(effective(&paragraphs(&["第一条　正文。"])), None);
    }
}
