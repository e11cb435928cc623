//! Word documents (.docx, as Word and WPS save them): the body's paragraphs
//! and tables in order. The numbers Word draws for a numbered list (一、,
//! （一）, 1.) are written out as the reader sees them, so that official
//! numbering becomes headings as it does in a .txt; a paragraph's outline
//! level comes from its style (Heading 1, 标题 1, Title). Pictures come out
//! with their bytes, after the paragraph that holds them, and so does the
//! text of a text box. A footnote or endnote is marked where it is cited
//! (`[1]`) and its text comes at the end (`[1] …`). Deleted revisions,
//! hidden text, field codes and shapes are left out. A table of
//! contents (the result of a TOC field, paragraphs styled TOC 1–9 or TOC
//! Heading, a table-of-contents content control) comes out as one
//! [`Block::Toc`], for the import to leave out and report.
//! In: the file's bytes. Out: [`Block`]s for the import.

use anyhow::{bail, Context, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;

mod boxes;
mod notes;
mod numbering;
mod styles;

use boxes::TextBox;
use notes::Notes;
use numbering::Numbering;
use styles::Styles;

/// A piece of the document body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph's text, with its list number written out; `level` is its
    /// outline level from its style: 0 for a title, 1 for Heading 1, ….
    Paragraph { text: String, level: Option<u8> },
    /// A table's rows of cell texts (merged cells leave empty ones).
    Table(Vec<Vec<String>>),
    /// A picture: its file name in the document (`image1.png`), its bytes,
    /// and its description as alternative text.
    Picture { name: String, bytes: Vec<u8>, alt: String },
    /// A table of contents Word made: its entries as they read, with its
    /// heading (目录) when it has one.
    Toc(Vec<String>),
}

/// The blocks of a .docx file's body.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>> {
    // An old .doc (or .wps) renamed or saved as .docx: an OLE file, which may
    // hold an embedded zip that would otherwise be taken for the document.
    if bytes.starts_with(super::decode::OLE_MAGIC) {
        bail!("not a .docx but {}", super::decode::OLD_WORD);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .context("not a .docx file (it is not a zip archive); open it in Word or WPS and save it as .docx")?;
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        bail!("not a Word document: it has no word/document.xml");
    };
    let styles = part(&mut zip, "word/styles.xml")?.map(|x| Styles::parse(&x)).transpose()?.unwrap_or_default();
    let numbering =
        part(&mut zip, "word/numbering.xml")?.map(|x| Numbering::parse(&x)).transpose()?.unwrap_or_default();
    let mut notes = Notes::default();
    for (name, kind) in [("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")] {
        if let Some(xml) = part(&mut zip, name)? {
            notes.read(name, kind, &xml)?;
        }
    }
    let blocks = Body::new(&styles, numbering, notes).parse(&document)?;
    let relations =
        part(&mut zip, "word/_rels/document.xml.rels")?.map(|x| relations(&x)).transpose()?.unwrap_or_default();
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            // A picture is named by its relation; one linked from elsewhere
            // (not inside the file) cannot be brought along.
            Block::Picture { name: id, alt, .. } => {
                let Some(target) = relations.get(&id) else { continue };
                let path = target.strip_prefix('/').map_or_else(|| format!("word/{target}"), str::to_string);
                if let Some(bytes) = part_bytes(&mut zip, &path, MAX_PICTURE)? {
                    let name = path.rsplit('/').next().unwrap_or(&path).to_string();
                    out.push(Block::Picture { name, bytes, alt });
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The targets of the document's relations, by id (`rId5` → `media/image1.png`),
/// leaving out those outside the file.
fn relations(xml: &str) -> Result<rustc_hash::FxHashMap<String, String>> {
    let mut reader = Reader::from_str(xml);
    let mut out = rustc_hash::FxHashMap::default();
    loop {
        match reader.read_event().map_err(|e| parse_error("word/_rels/document.xml.rels", &reader, e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let external = attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External"));
                if let (Some(id), Some(target), false) = (attr(&e, "Id"), attr(&e, "Target"), external) {
                    out.insert(id, target);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The largest XML part (the body, styles, numbering) read from a .docx: a
/// real document's body is a few megabytes; a zip bomb's inflates to gigabytes.
pub const MAX_XML_PART: u64 = 64 << 20;
/// The largest picture read from a .docx.
pub const MAX_PICTURE: u64 = 50 << 20;

/// A part of the .docx, read whole, unless it inflates past `limit` bytes
/// (whatever its header claims: the reading stops there).
fn part_bytes(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Option<Vec<u8>>> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {name} in the .docx")),
    };
    let too_big = || {
        anyhow::anyhow!(
            "{name} in the .docx inflates to more than {} MB, past what a real document holds (a damaged file, or a zip bomb); refused",
            limit >> 20
        )
    };
    if file.size() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(file.size() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).with_context(|| format!("cannot read {name} in the .docx"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(Some(bytes))
}

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let Some(bytes) = part_bytes(zip, name, MAX_XML_PART)? else { return Ok(None) };
    String::from_utf8(bytes).map(Some).with_context(|| format!("{name} in the .docx is not UTF-8 XML"))
}

/// The text of an entity or character reference (`&amp;`, `&#x4E00;`).
fn resolve(r: &quick_xml::events::BytesRef) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => quick_xml::escape::resolve_predefined_entity(r).unwrap_or_default().to_string(),
    }
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

/// Elements whose content is not part of the paragraph's text: deleted
/// revisions, field codes, drawings and text boxes (whose paragraphs would
/// land inside the paragraph that anchors them: a text box's come after it,
/// [`TextBox`]), footnote marks (read as empty elements, [`Notes`]).
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
    /// Text of it lies in a table of contents (a TOC field or content control).
    in_toc: bool,
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
    /// Pictures of the paragraph (or table) being read: relation id and
    /// description, written after it.
    pictures: Vec<(String, String)>,
    in_text: bool,
    /// Inside `pPr` or `rPr`, where a `tab` is a tab stop, not a tab.
    in_properties: bool,
    hidden_run: bool,
    /// The fields open (`fldChar` begin … end), each with whether it is a
    /// table of contents (its code starts with `TOC`).
    fields: Vec<Field>,
    in_field_code: bool,
    /// The content controls open (`sdt`), each with whether it holds a table
    /// of contents.
    controls: Vec<bool>,
    /// The text box being read, inside a skipped drawing.
    text_box: Option<TextBox>,
    /// Paragraphs of the text boxes read since the last block, for after it.
    boxed: Vec<String>,
    /// The paragraphs of the last text box, to tell Word's fallback copy of
    /// a box (`mc:Fallback` beside `mc:Choice`) from a box of its own.
    last_box: Vec<String>,
    notes: Notes,
}

#[derive(Default)]
struct Field {
    code: String,
    toc: bool,
}

impl<'a> Body<'a> {
    fn new(styles: &'a Styles, numbering: Numbering, notes: Notes) -> Body<'a> {
        Body {
            styles,
            numbering,
            blocks: Vec::new(),
            paragraph: None,
            tables: Vec::new(),
            skipping: 0,
            pictures: Vec::new(),
            in_text: false,
            in_properties: false,
            hidden_run: false,
            fields: Vec::new(),
            in_field_code: false,
            controls: Vec::new(),
            text_box: None,
            boxed: Vec::new(),
            last_box: Vec::new(),
            notes,
        }
    }

    fn parse(mut self, xml: &str) -> Result<Vec<Block>> {
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|e| parse_error("word/document.xml", &reader, e))?;
            if self.skipping > 0 {
                match event {
                    Event::Start(e) => {
                        self.skipping += 1;
                        self.picture_part(&e);
                        self.text_box_start(&e);
                    }
                    Event::Empty(e) => {
                        self.picture_part(&e);
                        self.text_box_empty(&e);
                    }
                    Event::End(e) => {
                        self.text_box_end(e.local_name().as_ref());
                        self.skipping -= 1;
                    }
                    Event::Text(t) => self.text_box_text(&t),
                    Event::GeneralRef(r) => self.text_box_text(&resolve(&r)),
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match event {
                // A field's code is not text, but says whether the field is a table of contents.
                Event::Start(e) if e.local_name().as_ref() == "instrText" => self.in_field_code = true,
                Event::Text(t) if self.in_field_code => {
                    if let Some(field) = self.fields.last_mut() {
                        field.code.push_str(&t);
                        field.toc = field.code.trim_start().starts_with("TOC");
                    }
                }
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
                Event::GeneralRef(r) if self.in_text => self.push_text(&resolve(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        self.push_anchored();
        for (i, text) in self.notes.cited.iter().enumerate() {
            self.blocks.push(Block::Paragraph { text: format!("[{}] {text}", i + 1), level: None });
        }
        Ok(self.blocks)
    }

    /// Inside a drawing: its description (`docPr`), and the picture it shows
    /// (`blip`; `imagedata` in older VML drawings, and in the fallback Word
    /// writes beside a newer drawing, so the same picture comes once).
    fn picture_part(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            "docPr" => {
                let alt = attr(e, "descr").filter(|d| !d.trim().is_empty()).or_else(|| attr(e, "title"));
                self.pictures.push((String::new(), alt.unwrap_or_default()));
            }
            name @ ("blip" | "imagedata") => {
                let Some(id) = attr(e, if name == "blip" { "embed" } else { "id" }) else { return };
                if self.pictures.iter().any(|(known, _)| *known == id) {
                    return;
                }
                match self.pictures.last_mut() {
                    Some(last) if last.0.is_empty() => last.0 = id,
                    _ => self.pictures.push((id, String::new())),
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, e: &BytesStart) {
        match e.local_name().as_ref() {
            // Whether it is an entry of a table of contents is known by its
            // text: the field often ends at the start of the heading after.
            "p" => self.paragraph = Some(Paragraph::default()),
            "sdt" => self.controls.push(false),
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
            (name @ ("footnoteReference" | "endnoteReference"), Some(_)) => {
                let kind = name.trim_end_matches("Reference");
                let mark = attr(e, "id").and_then(|id| self.notes.cite(kind, &id));
                // The first paragraph may be the title, which shows no mark; its note still comes at the end.
                if let Some(mark) = mark.filter(|_| !self.blocks.is_empty() || !self.tables.is_empty()) {
                    self.push_text(&mark);
                }
            }
            ("fldChar", _) => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(Field::default()),
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            ("docPartGallery", _) => {
                let toc = attr(e, "val").is_some_and(|v| v.contains("Table of Contents"));
                if let Some(control) = self.controls.last_mut() {
                    *control |= toc;
                }
            }
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
        let in_toc = self.in_toc();
        if let Some(p) = self.paragraph.as_mut() {
            p.text.push_str(text);
            p.in_toc |= in_toc;
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "instrText" => self.in_field_code = false,
            "sdt" => {
                self.controls.pop();
            }
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
                    None => {
                        if table.rows.iter().flatten().any(|c| !c.is_empty()) {
                            self.blocks.push(Block::Table(table.rows));
                        }
                        self.push_anchored();
                    }
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
        let toc_style = p.style.as_deref().is_some_and(|s| self.styles.is_toc(s));
        if p.in_toc || toc_style {
            self.push_toc_entry(text);
            return;
        }
        self.push_paragraph(text, &p);
        self.push_anchored();
    }

    fn in_toc(&self) -> bool {
        self.fields.iter().any(|f| f.toc) || self.controls.iter().any(|&c| c)
    }

    /// An entry of a table of contents joins the one before it; a heading
    /// (目录, Contents) just before it, in no style of its own, joins it too.
    fn push_toc_entry(&mut self, text: String) {
        self.pictures.clear();
        let text = text.replace('\n', " ").trim().to_string();
        if let Some(Block::Toc(entries)) = self.blocks.last_mut() {
            if !text.is_empty() {
                entries.push(text);
            }
            return;
        }
        let mut entries = Vec::new();
        if let Some(Block::Paragraph { text: heading, .. }) = self.blocks.last() {
            if is_toc_heading(heading) {
                entries.push(heading.clone());
                self.blocks.pop();
            }
        }
        if !text.is_empty() {
            entries.push(text);
        }
        if !entries.is_empty() {
            self.blocks.push(Block::Toc(entries));
        }
    }

    /// What is anchored to the block just made (the text boxes and pictures
    /// read since the one before), after it.
    fn push_anchored(&mut self) {
        for text in std::mem::take(&mut self.boxed) {
            self.blocks.push(Block::Paragraph { text, level: None });
        }
        self.last_box.clear();
        for (id, alt) in std::mem::take(&mut self.pictures) {
            if !id.is_empty() {
                self.blocks.push(Block::Picture { name: id, bytes: Vec::new(), alt });
            }
        }
    }

    fn push_paragraph(&mut self, text: String, p: &Paragraph) {
        let level =
            p.outline.map(|o| o + 1).filter(|&l| l < 10).or(p.style.as_deref().and_then(|s| self.styles.level(s)));
        // A title set on two lines (关于印发《……》的 / 通知) is one title.
        if self.blocks.is_empty() && text.contains('\n') {
            let joined = text.replace('\n', "");
            if joined.chars().count() <= TITLE_CHARS {
                self.blocks.push(Block::Paragraph { text: joined, level });
                return;
            }
        }
        // Elsewhere a line break starts a new paragraph, as a line does in a .txt.
        for (i, line) in text.split('\n').map(str::trim).filter(|l| !l.is_empty()).enumerate() {
            self.blocks.push(Block::Paragraph { text: line.to_string(), level: level.filter(|_| i == 0) });
        }
    }
}

/// 目录, 目  录, 目　录, Contents, Table of Contents: the heading of a table of contents.
pub fn is_toc_heading(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    matches!(compact.as_str(), "目录" | "目次" | "contents" | "tableofcontents")
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
pub mod tests;
