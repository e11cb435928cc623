//! A .docx file's numbered lists (word/numbering.xml): each level's start,
//! number format and text, and the counts so far, so that a paragraph's
//! number is written out as Word draws it (一、 （一） 1. ①).

use super::{attr, number_attr, parse_error};
use anyhow::Result;
use quick_xml::events::Event;
use quick_xml::Reader;
use rustc_hash::FxHashMap as HashMap;

/// One level of a list: what it counts from, how it writes numbers, and
/// its text (`%1、`, `（%2）`).
#[derive(Default, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The counts of a list at each of its 9 levels.
#[derive(Default)]
struct Counts {
    /// The number last shown (none: the level has not begun, or began again).
    shown: [Option<u32>; 9],
    /// The number a list's restart sets for the level's next paragraph.
    restart: [Option<u32>; 9],
}

impl Counts {
    /// Counts a paragraph at `level`, the first at `start`; deeper levels begin again.
    fn count(&mut self, level: usize, start: u32) -> u32 {
        let n = match (self.restart[level].take(), self.shown[level]) {
            (Some(restart), _) => restart,
            (None, Some(shown)) => shown + 1,
            (None, None) => start,
        };
        self.shown[level] = Some(n);
        self.shown[level + 1..].fill(None);
        self.restart[level + 1..].fill(None);
        n
    }
}

/// The numbered lists: their levels, and the counts so far.
#[derive(Default)]
pub struct Numbering {
    /// Per abstract list, its levels.
    abstracts: HashMap<u32, Vec<Level>>,
    /// Per list: its abstract list, and the levels it restarts at a number.
    lists: HashMap<u32, (u32, Vec<(u32, u32)>)>,
    /// Per abstract list, its counts: lists of the same abstract list
    /// continue each other's numbers, as in Word.
    counts: HashMap<u32, Counts>,
    /// Lists whose restarts have been applied.
    restarted: Vec<u32>,
}

impl Numbering {
    pub fn parse(xml: &str) -> Result<Numbering> {
        let mut reader = Reader::from_str(xml);
        let mut n = Numbering::default();
        let (mut abstract_id, mut list_id, mut level, mut override_level) = (None, None, None::<usize>, None);
        loop {
            let event = reader.read_event().map_err(|e| parse_error("word/numbering.xml", &reader, e))?;
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => {
                        abstract_id = attr(e, "abstractNumId").and_then(|v| v.parse().ok());
                        list_id = None;
                    }
                    "num" => {
                        list_id = attr(e, "numId").and_then(|v| v.parse().ok());
                        abstract_id = None;
                    }
                    "lvl" if abstract_id.is_some() => level = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "lvlOverride" => override_level = attr(e, "ilvl").and_then(|v| v.parse::<u32>().ok()),
                    "abstractNumId" => {
                        if let (Some(list), Some(a)) = (list_id, number_attr(e)) {
                            n.lists.entry(list).or_default().0 = a;
                        }
                    }
                    "startOverride" => {
                        if let (Some(list), Some(l), Some(v)) = (list_id, override_level, number_attr(e)) {
                            n.lists.entry(list).or_default().1.push((l, v));
                        }
                    }
                    name @ ("start" | "numFmt" | "lvlText") => {
                        if let (Some(a), Some(l)) = (abstract_id, level.filter(|&l| l < 9)) {
                            let levels = n.abstracts.entry(a).or_default();
                            if levels.len() <= l {
                                levels.resize(l + 1, Level { start: 1, ..Level::default() });
                            }
                            let value = attr(e, "val").unwrap_or_default();
                            match name {
                                "start" => levels[l].start = value.parse().unwrap_or(1),
                                "numFmt" => levels[l].format = value,
                                _ => levels[l].text = value,
                            }
                        }
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == "lvl" => level = None,
                Event::Eof => return Ok(n),
                _ => {}
            }
        }
    }

    /// The number a paragraph of list `list` at `level` shows, counting it.
    pub fn next(&mut self, list: u32, level: u32) -> Option<String> {
        let (abstract_id, restarts) = self.lists.get(&list)?.clone();
        let levels = self.abstracts.get(&abstract_id)?;
        let level = (level as usize).min(8);
        let counts = self.counts.entry(abstract_id).or_default();
        if !self.restarted.contains(&list) {
            self.restarted.push(list);
            for &(l, start) in restarts.iter().filter(|(l, _)| (*l as usize) < 9) {
                counts.restart[l as usize] = Some(start);
            }
        }
        let start = |l: usize| levels.get(l).map_or(1, |x| x.start);
        counts.count(level, start(level));
        let this = levels.get(level)?;
        if matches!(this.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut text = this.text.clone();
        for l in (0..=level).rev() {
            let count = counts.shown[l].unwrap_or_else(|| start(l));
            let format = levels.get(l).map_or("decimal", |x| x.format.as_str());
            text = text.replace(&format!("%{}", l + 1), &format_number(count, format));
        }
        (!text.is_empty()).then_some(text)
    }
}

/// A count as a list format writes it.
fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const PARENTHESISED: &str = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇";
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    let nth = |set: &str| set.chars().nth(n as usize - 1).map(String::from);
    let letter = |base: u8| ((base + ((n - 1) % 26) as u8) as char).to_string().repeat((n as usize - 1) / 26 + 1);
    let written = match format {
        _ if n == 0 => None,
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital" => Some(chinese_number(n)),
        "chineseLegalSimplified" => Some(chinese_number(n).chars().map(legal_numeral).collect()),
        "ideographTraditional" => nth(STEMS),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => nth(CIRCLED),
        "decimalEnclosedParen" => nth(PARENTHESISED),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)).collect(),
        ),
        "decimalZero" => Some(format!("{n:02}")),
        "lowerLetter" => Some(letter(b'a')),
        "upperLetter" => Some(letter(b'A')),
        "lowerRoman" => Some(roman(n).to_lowercase()),
        "upperRoman" => Some(roman(n)),
        _ => None,
    };
    written.unwrap_or_else(|| n.to_string())
}

/// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五.
fn chinese_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n >= 1000 {
        return n.to_string();
    }
    let (hundreds, tens, ones) = ((n / 100) as usize, (n / 10 % 10) as usize, (n % 10) as usize);
    let mut out = String::new();
    if hundreds > 0 {
        out.push(DIGITS[hundreds]);
        out.push('百');
        if tens == 0 && ones > 0 {
            out.push('零');
        }
    }
    if tens > 0 {
        if tens > 1 || hundreds > 0 {
            out.push(DIGITS[tens]);
        }
        out.push('十');
    }
    if ones > 0 || n == 0 {
        out.push(DIGITS[ones]);
    }
    out
}

fn legal_numeral(c: char) -> char {
    match c {
        '一' => '壹',
        '二' => '贰',
        '三' => '叁',
        '四' => '肆',
        '五' => '伍',
        '六' => '陆',
        '七' => '柒',
        '八' => '捌',
        '九' => '玖',
        '十' => '拾',
        '百' => '佰',
        c => c,
    }
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::read;
    use crate::import::docx::tests::{document, docx, paragraphs, NS};

    #[test]
    fn list_numbers_are_written_out_as_word_draws_them() {
        let numbering = format!(
            r#"<w:numbering {NS}>
            <w:abstractNum w:abstractNumId="0">
              <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum>
            <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
            <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>
            <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
            <w:num w:numId="5"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            </w:numbering>"#
        );
        let item = |num: u32, level: u32, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            item(1, 0, "总体要求"),
            item(1, 1, "指导思想"),
            item(1, 1, "工作目标"),
            item(1, 2, "建立制度"),
            item(1, 2, "落实责任"),
            item(1, 0, "主要任务"),
            item(1, 1, "加强学习"),
            item(2, 0, "要点"),
            item(1, 0, ""),
            item(3, 0, "保障措施"),
            item(4, 0, "从三起"),
            item(4, 0, "接着"),
            item(5, 0, "重新从一起"),
            item(5, 0, "再接着"),
        ]
        .concat();
        let blocks =
            read(&docx(&[("word/document.xml", &document(&body)), ("word/numbering.xml", &numbering)])).unwrap();
        let texts: Vec<&str> = paragraphs(&blocks).into_iter().map(|p| p.0).collect();
        assert_eq!(
            texts,
            [
                "一、总体要求",
                "（一）指导思想",
                "（二）工作目标",
                "1.建立制度",
                "2.落实责任",
                "二、主要任务",
                "（一）加强学习",
                "要点",
                "十、保障措施",
                "3)从三起",
                "4)接着",
                "1)重新从一起",
                "2)再接着"
            ]
        );
    }

    #[test]
    fn numbers_in_every_format_word_offers_for_chinese() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(21), "二十一");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(110), "一百一十");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(7, "somethingNew"), "7");
    }
}
