//! Word documents (.docx, as Word and WPS save them): the body's paragraphs
//! and tables in order. The numbers Word draws for a numbered list (一、,
//! （一）, 1.) are written out as the reader sees them, so that official
//! numbering becomes headings as it does in a .txt; a paragraph's outline
//! level comes from its style (Heading 1, 标题 1, Title). Deleted revisions,
//! hidden text, field codes, text boxes and drawings are left out.
//! In: the file's bytes. Out: [`Block`]s for the import.

use anyhow::{bail, Context, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rustc_hash::FxHashMap as HashMap;
use std::io::Read;

/// A piece of the document body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph's text, with its list number written out; `level` is its
    /// outline level from its style: 0 for a title, 1 for Heading 1, ….
    Paragraph { text: String, level: Option<u8> },
    /// A table's rows of cell texts (merged cells leave empty ones).
    Table(Vec<Vec<String>>),
}

/// The blocks of a .docx file's body.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .context("not a .docx file (it is not a zip archive); open it in Word or WPS and save it as .docx")?;
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        bail!("not a Word document: it has no word/document.xml");
    };
    let styles = part(&mut zip, "word/styles.xml")?.map(|x| Styles::parse(&x)).transpose()?.unwrap_or_default();
    let numbering =
        part(&mut zip, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).transpose()?.unwrap_or_default();
    Body::new(&styles, numbering).parse(&document)
}

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let mut file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {name} in the .docx")),
    };
    let mut xml = String::new();
    file.read_to_string(&mut xml).with_context(|| format!("cannot read {name} in the .docx"))?;
    Ok(Some(xml))
}

/// The value of the attribute named `name` (any prefix), unescaped.
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default())
}

fn number_attr(e: &BytesStart) -> Option<u32> {
    attr(e, "val").and_then(|v| v.parse().ok())
}

/// A switch such as `<w:vanish/>` is on unless its value says off.
fn switch_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

fn parse_error(part: &str, reader: &Reader<&[u8]>, e: quick_xml::Error) -> anyhow::Error {
    anyhow::anyhow!("{part} in the .docx is not well-formed XML at byte {}: {e}", reader.buffer_position())
}

/// Paragraph styles: their outline level and list numbering.
#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

#[derive(Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbering: Option<(u32, u32)>,
}

impl Styles {
    fn parse(xml: &str) -> Result<Styles> {
        let mut reader = Reader::from_str(xml);
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        let mut num = (None, 0);
        loop {
            let event = reader.read_event().map_err(|e| parse_error("word/styles.xml", &reader, e))?;
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    match (name.as_ref(), current.as_mut()) {
                        ("style", _) => current = attr(e, "styleId").map(|id| (id, Style::default())),
                        ("name", Some((_, s))) => s.name = attr(e, "val").unwrap_or_default(),
                        ("basedOn", Some((_, s))) => s.based_on = attr(e, "val"),
                        ("outlineLvl", Some((_, s))) => s.outline = number_attr(e).map(|l| l.min(9) as u8),
                        ("numId", Some(_)) => num.0 = number_attr(e),
                        ("ilvl", Some(_)) => num.1 = number_attr(e).unwrap_or(0),
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "style" => {
                    if let Some((id, mut style)) = current.take() {
                        style.numbering = num.0.map(|id| (id, num.1));
                        styles.by_id.insert(id, style);
                    }
                    num = (None, 0);
                }
                Event::Eof => return Ok(styles),
                _ => {}
            }
        }
    }

    /// A style's outline level: 0 for a title, n for "heading n" or "标题 n",
    /// else its outline level plus one (Word's 9 is body text), else its
    /// base style's.
    fn level(&self, id: &str) -> Option<u8> {
        let mut style = self.by_id.get(id);
        for _ in 0..10 {
            let s = style?;
            let name = s.name.to_lowercase();
            let numbered = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"));
            if name == "title" || name == "标题" {
                return Some(0);
            }
            if let Some(n) = numbered.and_then(|n| n.trim().parse::<u8>().ok()) {
                return Some(n);
            }
            if let Some(outline) = s.outline {
                return (outline < 9).then_some(outline + 1);
            }
            style = s.based_on.as_ref().and_then(|b| self.by_id.get(b));
        }
        None
    }

    fn numbering(&self, id: &str) -> Option<(u32, u32)> {
        let mut style = self.by_id.get(id);
        for _ in 0..10 {
            let s = style?;
            if s.numbering.is_some() {
                return s.numbering;
            }
            style = s.based_on.as_ref().and_then(|b| self.by_id.get(b));
        }
        None
    }
}

/// One level of a list: what it counts from, how it writes numbers, and
/// its text (`%1、`, `（%2）`).
#[derive(Default, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The numbered lists: their levels, and the counts so far.
#[derive(Default)]
struct Numbering {
    /// Per abstract list, its levels.
    abstracts: HashMap<u32, Vec<Level>>,
    /// Per list: its abstract list, and the levels it restarts at a number.
    lists: HashMap<u32, (u32, Vec<(u32, u32)>)>,
    /// Per abstract list, the count at each level (0: not begun); lists of
    /// the same abstract list continue each other's numbers, as in Word.
    counts: HashMap<u32, [u32; 9]>,
    /// Lists whose restarts have been applied.
    restarted: Vec<u32>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering> {
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
    fn next(&mut self, list: u32, level: u32) -> Option<String> {
        let (abstract_id, restarts) = self.lists.get(&list)?.clone();
        let levels = self.abstracts.get(&abstract_id)?;
        let level = (level as usize).min(8);
        let counts = self.counts.entry(abstract_id).or_default();
        if !self.restarted.contains(&list) {
            self.restarted.push(list);
            for (l, start) in restarts.iter().filter(|(l, _)| (*l as usize) < 9) {
                counts[*l as usize] = start.saturating_sub(1);
                counts[*l as usize + 1..].fill(0);
            }
        }
        let start = |l: usize| levels.get(l).map_or(1, |x| x.start);
        counts[level] = if counts[level] == 0 { start(level) } else { counts[level] + 1 };
        counts[level + 1..].fill(0);
        let this = levels.get(level)?;
        if matches!(this.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut text = this.text.clone();
        for l in (0..=level).rev() {
            let count = if counts[l] == 0 { start(l) } else { counts[l] };
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

/// Elements whose content is not part of the text a reader sees: deleted
/// revisions, field codes, drawings and text boxes (whose paragraphs would
/// land inside the paragraph that anchors them), footnote marks.
const SKIPPED: [&str; 9] =
    ["del", "moveFrom", "instrText", "delText", "drawing", "pict", "AlternateContent", "object", "footnoteReference"];

/// A first paragraph this short, cut by line breaks, is a title set on
/// several lines.
const TITLE_CHARS: usize = 60;

/// The paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    style: Option<String>,
    numbering: Option<(u32, u32)>,
    outline: Option<u8>,
}

/// A table being read: its rows, the row and cell being read, and the cell's
/// columns to span.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: String,
    span: usize,
}

/// The state of reading word/document.xml.
struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    blocks: Vec<Block>,
    paragraph: Option<Paragraph>,
    tables: Vec<Table>,
    /// Depth inside a [`SKIPPED`] element (0: outside).
    skipping: usize,
    in_text: bool,
    /// Inside `pPr` or `rPr`, where a `tab` is a tab stop, not a tab.
    in_properties: bool,
    hidden_run: bool,
}

impl<'a> Body<'a> {
    fn new(styles: &'a Styles, numbering: Numbering) -> Body<'a> {
        Body {
            styles,
            numbering,
            blocks: Vec::new(),
            paragraph: None,
            tables: Vec::new(),
            skipping: 0,
            in_text: false,
            in_properties: false,
            hidden_run: false,
        }
    }

    fn parse(mut self, xml: &str) -> Result<Vec<Block>> {
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|e| parse_error("word/document.xml", &reader, e))?;
            if self.skipping > 0 {
                match event {
                    Event::Start(_) => self.skipping += 1,
                    Event::End(_) => self.skipping -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(e) => {
                    if SKIPPED.contains(&e.local_name().as_ref()) {
                        self.skipping = 1;
                    } else {
                        self.start(&e);
                    }
                }
                Event::Empty(e) => self.empty(&e),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.in_text => self.push_text(&t),
                Event::GeneralRef(r) if self.in_text => {
                    let c = r.resolve_char_ref().ok().flatten().or(match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    });
                    if let Some(c) = c {
                        self.push_text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(self.blocks)
    }

    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "p" => self.paragraph = Some(Paragraph::default()),
            "r" => self.hidden_run = false,
            "pPr" | "rPr" => self.in_properties = true,
            "t" => self.in_text = true,
            "tbl" => self.tables.push(Table::default()),
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    (t.cell, t.span) = (String::new(), 1);
                }
            }
            _ => self.empty(e),
        }
    }

    /// An element without content, or the start of one whose content is read
    /// elsewhere: properties and breaks.
    fn empty(&mut self, e: &BytesStart) {
        let p = self.paragraph.as_mut();
        match (e.local_name().as_ref(), p) {
            ("pStyle", Some(p)) => p.style = attr(e, "val"),
            ("outlineLvl", Some(p)) => p.outline = number_attr(e).map(|l| l.min(9) as u8),
            ("numId", Some(p)) => p.numbering = Some((number_attr(e).unwrap_or(0), p.numbering.map_or(0, |n| n.1))),
            ("ilvl", Some(p)) => p.numbering = Some((p.numbering.map_or(0, |n| n.0), number_attr(e).unwrap_or(0))),
            ("vanish" | "webHidden", _) if self.in_properties => self.hidden_run = switch_on(e),
            ("tab" | "ptab", Some(_)) if !self.in_properties => self.push_text(" "),
            ("br" | "cr", Some(_)) => self.push_text("\n"),
            ("noBreakHyphen", Some(_)) => self.push_text("-"),
            ("gridSpan", _) => {
                if let Some(t) = self.tables.last_mut() {
                    t.span = number_attr(e).unwrap_or(1).clamp(1, 64) as usize;
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden_run {
            return;
        }
        if let Some(p) = self.paragraph.as_mut() {
            p.text.push_str(text);
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "pPr" | "rPr" => self.in_properties = false,
            "p" => self.end_paragraph(),
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    let cell = std::mem::take(&mut t.cell);
                    t.row.push(cell.trim().to_string());
                    t.row.extend(std::iter::repeat_n(String::new(), t.span - 1));
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            "tbl" => {
                let Some(table) = self.tables.pop() else { return };
                match self.tables.last_mut() {
                    // A table in a cell is read as text of that cell.
                    Some(outer) => {
                        let text: Vec<String> = table.rows.iter().map(|r| r.join(" ")).collect();
                        join_into(&mut outer.cell, &text.join(" "));
                    }
                    None if table.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) => {
                        self.blocks.push(Block::Table(table.rows))
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else { return };
        let style_numbering = p.style.as_deref().and_then(|s| self.styles.numbering(s));
        let numbering = p.numbering.or(style_numbering).filter(|n| n.0 != 0);
        let text = p.text.trim();
        // Word numbers a paragraph even when it is empty; a reader sees no number then.
        let label = numbering.filter(|_| !text.is_empty()).and_then(|(list, level)| self.numbering.next(list, level));
        let text = match label {
            Some(label) if label.ends_with(|c: char| c.is_alphanumeric()) => format!("{label} {text}"),
            Some(label) => format!("{label}{text}"),
            None => text.to_string(),
        };
        if let Some(t) = self.tables.last_mut() {
            join_into(&mut t.cell, &text.replace('\n', " "));
            return;
        }
        let level =
            p.outline.map(|o| o + 1).filter(|&l| l < 10).or(p.style.as_deref().and_then(|s| self.styles.level(s)));
        // A title set on two lines (关于印发《……》的 / 通知) is one title.
        let joined = text.replace('\n', "");
        if self.blocks.is_empty() && text.contains('\n') && joined.chars().count() <= TITLE_CHARS {
            self.blocks.push(Block::Paragraph { text: joined, level });
            return;
        }
        // Elsewhere a line break starts a new paragraph, as a line does in a .txt.
        for (i, line) in text.split('\n').map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            self.blocks.push(Block::Paragraph { text: line.to_string(), level: level.filter(|_| i == 0) });
        }
    }
}

fn join_into(cell: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(text);
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx file of these parts (name, XML), as Word lays them out.
    pub fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, xml) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    pub const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    pub fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
        )
    }

    fn paragraphs(blocks: &[Block]) -> Vec<(&str, Option<u8>)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text, level } => Some((text.as_str(), *level)),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn reads_paragraphs_runs_and_what_a_reader_does_not_see() {
        let body = r#"
            <w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>关于加强</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">意识形态工作的 </w:t></w:r><w:r><w:br/><w:t>通知</w:t></w:r></w:p>
            <w:p><w:r><w:t>各单位：&amp;现将</w:t></w:r><w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del><w:ins><w:r><w:t>新增的字</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            <w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>末尾</w:t></w:r></w:p>
            <w:p/>"#;
        let styles = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style></w:styles>"#
        );
        let blocks = read(&docx(&[("word/document.xml", &document(body)), ("word/styles.xml", &styles)])).unwrap();
        assert_eq!(
            paragraphs(&blocks),
            [
                ("关于加强意识形态工作的 通知", Some(0)),
                ("各单位：&现将新增的字3", None),
                ("第一行", None),
                ("第二行 末尾", None),
            ]
        );
    }

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
                "十、保障措施"
            ]
        );
    }

    #[test]
    fn tables_keep_their_rows_and_merged_cells() {
        let cell = |text: &str, span: u32| {
            let props =
                if span > 1 { format!(r#"<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>"#) } else { String::new() };
            format!("<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
        };
        let body = format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p><w:r><w:t>表后</w:t></w:r></w:p>",
            cell("序号", 1),
            cell("任务", 1),
            cell("责任单位", 1),
            cell("1", 1),
            cell("建立台账", 2)
        );
        let blocks = read(&docx(&[("word/document.xml", &document(&body))])).unwrap();
        assert_eq!(
            blocks[0],
            Block::Table(vec![
                vec!["序号".into(), "任务".into(), "责任单位".into()],
                vec!["1".into(), "建立台账".into(), String::new()]
            ])
        );
        assert_eq!(paragraphs(&blocks), [("表后", None)]);
    }

    #[test]
    fn heading_styles_give_outline_levels() {
        let styles = format!(
            r#"<w:styles {NS}>
            <w:style w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="20"><w:name w:val="标题 2"/></w:style>
            <w:style w:styleId="x"><w:name w:val="公文小标题"/><w:basedOn w:val="20"/></w:style>
            <w:style w:styleId="y"><w:name w:val="Body"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            </w:styles>"#
        );
        let p = |style: &str, text: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let body = [p("1", "一级"), p("20", "二级"), p("x", "继承"), p("y", "大纲三级"), p("none", "正文")].concat();
        let blocks = read(&docx(&[("word/document.xml", &document(&body)), ("word/styles.xml", &styles)])).unwrap();
        assert_eq!(
            paragraphs(&blocks),
            [("一级", Some(1)), ("二级", Some(2)), ("继承", Some(2)), ("大纲三级", Some(3)), ("正文", None)]
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

    #[test]
    fn what_is_not_a_docx_says_so() {
        let e = read(b"plain text").unwrap_err();
        assert!(format!("{e:#}").contains("not a .docx file"), "{e:#}");
        let e = read(&docx(&[("other.xml", "<a/>")])).unwrap_err();
        assert!(e.to_string().contains("no word/document.xml"), "{e}");
        let e = read(&docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")])).unwrap_err();
        assert!(e.to_string().contains("not well-formed XML"), "{e}");
    }
}
