//! What a document's text says of itself, guessed for its front matter:
//! its kind from words in its title, its issuer (……关于), its year, the
//! date it was signed, and its title without book-title marks around it.
//! In: a title or the document's lines. Out: the value, or `None`.

use super::structure;
use crate::content::Kind;

/// `《软件编码说明书》` → `软件编码说明书`: book-title marks around a whole
/// title (not those around a part of it, as in 关于印发《……》的通知).
pub fn without_book_marks(title: &str) -> &str {
    match title.trim().strip_prefix('《').and_then(|t| t.strip_suffix('》')) {
        Some(inner) if !inner.contains(['《', '》']) && !inner.trim().is_empty() => inner.trim(),
        _ => title,
    }
}

/// Plans say 方案/计划/要点; rules say 制度/办法/规定/细则; the rest is study material.
pub fn guess_kind(title: &str) -> Kind {
    const PLAN: [&str; 6] = ["方案", "计划", "要点", "安排", "规划", "部署"];
    const RULE: [&str; 9] = ["制度", "办法", "规定", "细则", "条例", "规则", "守则", "准则", "清单"];
    if RULE.iter().any(|w| title.contains(w)) {
        Kind::Rule
    } else if PLAN.iter().any(|w| title.contains(w)) {
        Kind::Plan
    } else {
        Kind::Study
    }
}

/// `2020年X市人大机关党组关于……` → `X市人大机关党组`.
pub fn guess_issuer(title: &str) -> Option<String> {
    let (before, _) = title.split_once("关于")?;
    let start = before.find('年').map(|i| i + '年'.len_utf8()).unwrap_or(0);
    let issuer = before[start..].trim_start_matches(['度']).trim_start_matches("上半年").trim_start_matches("下半年");
    let n = issuer.chars().count();
    (2..=30).contains(&n).then(|| issuer.to_string())
}

/// The first plausible year (19xx or 20xx followed by 年) in a text, in
/// ASCII or full-width digits (`（２０１２年９月）` under a white paper's title).
pub fn first_year(text: &str) -> Option<String> {
    let text: String = text
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c })
        .collect();
    let text = text.as_str();
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let y = text.get(i..i + 4)?;
        let ok = (y.starts_with("19") || y.starts_with("20"))
            && y.bytes().all(|b| b.is_ascii_digit())
            && text[i + 4..].starts_with('年')
            && (i == 0 || !bytes[i - 1].is_ascii_digit());
        ok.then(|| y.to_string())
    })
}

/// The date an official document was signed, on a line of its own among its
/// last paragraphs (`2024年3月5日`, or `二〇二四年三月五日`), as `2024-03-05`.
pub fn closing_date(lines: &[structure::Line]) -> Option<String> {
    lines.iter().rev().take(CLOSING_PARAGRAPHS).find_map(|line| {
        let text = line.text().trim();
        let (year, rest) = text.split_once('年')?;
        let (month, rest) = rest.split_once('月')?;
        let day = rest.strip_suffix('日')?;
        let year = chinese_digits(year).filter(|y| (1900..2100).contains(y))?;
        let (month, day) = (chinese_count(month)?, chinese_count(day)?);
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year}-{month:02}-{day:02}"))
    })
}

/// The signing date is looked for among this many last paragraphs.
const CLOSING_PARAGRAPHS: usize = 3;

/// `2024` or `二〇二四` (digit by digit).
fn chinese_digits(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    text.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?))
}

/// `12`, `十二` or `二十一`: a count up to 99.
fn chinese_count(text: &str) -> Option<u32> {
    if let Some(n) = chinese_digits(text).filter(|_| text.chars().all(|c| c.is_ascii_digit())) {
        return Some(n);
    }
    match text.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() { 1 } else { digit(tens.chars().next()?)? };
            let ones = if ones.is_empty() { 0 } else { digit(ones.chars().next()?)? };
            Some(tens * 10 + ones)
        }
        None if text.chars().count() == 1 => digit(text.chars().next()?),
        None => None,
    }
}

fn digit(c: char) -> Option<u32> {
    c.to_digit(10)
        .or_else(|| "〇一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32))
        .or((c == '零').then_some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_kind("网络意识形态工作实施方案"), Kind::Plan);
        assert_eq!(guess_kind("保密工作制度"), Kind::Rule);
        assert_eq!(guess_kind("2021年度述职报告"), Kind::Study);
        assert_eq!(
            guess_issuer("2020年X市人大机关党组关于落实意识形态工作责任制情况的报告").as_deref(),
            Some("X市人大机关党组")
        );
        assert_eq!(guess_issuer("述职报告"), None);
        assert_eq!(first_year("2021年度落实").as_deref(), Some("2021"));
        assert_eq!(first_year("共12021年"), None);
    }

    #[test]
    fn book_title_marks_around_a_whole_title_go() {
        let table = [
            ("《软件编码说明书》", "软件编码说明书"),
            (" 《 需求规格说明书 》", "需求规格说明书"),
            ("关于印发《实施细则》的通知", "关于印发《实施细则》的通知"),
            ("《甲》和《乙》", "《甲》和《乙》"),
            ("《》", "《》"),
        ];
        for (title, want) in table {
            assert_eq!(without_book_marks(title), want, "{title}");
        }
    }

    #[test]
    fn a_signing_date_on_a_line_of_its_own_among_the_last() {
        let lines = |texts: &[&str]| texts.iter().map(|t| structure::Line::Text(t.to_string())).collect::<Vec<_>>();
        assert_eq!(
            closing_date(&lines(&["正文。", "XX市人民政府办公室", "2024年3月5日"])).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            closing_date(&lines(&["正文。", "二〇二四年十二月二十一日", "（此件公开发布）"])).as_deref(),
            Some("2024-12-21")
        );
        assert_eq!(
            closing_date(&lines(&["2024年3月5日", "正文。", "二", "三", "四"])),
            None,
            "only among the last paragraphs"
        );
        assert_eq!(closing_date(&lines(&["会议于2024年3月5日召开。"])), None, "a line of its own");
        assert_eq!(closing_date(&lines(&["2024年13月5日"])), None);
    }
}
