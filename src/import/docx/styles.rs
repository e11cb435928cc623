//! A .docx file's paragraph styles (word/styles.xml): which are headings, at
//! what outline level, and which number their paragraphs as a list.

use super::{attr, number_attr, parse_error};
use anyhow::Result;
use quick_xml::events::Event;
use quick_xml::Reader;
use rustc_hash::FxHashMap as HashMap;

/// Paragraph styles: their outline level and list numbering.
#[derive(Default)]
pub struct Styles {
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
    pub fn parse(xml: &str) -> Result<Styles> {
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
    pub fn level(&self, id: &str) -> Option<u8> {
        self.chain(id).find_map(Style::own_level).flatten()
    }

    /// A style of Word's table of contents: TOC 1–9 (目录 1–9 in a Chinese
    /// Word), TOC Heading, or one based on them; a style not defined is
    /// known by its id (`TOC1`).
    pub fn is_toc(&self, id: &str) -> bool {
        if !self.by_id.contains_key(id) {
            return is_toc_name(id);
        }
        self.chain(id).any(|s| is_toc_name(&s.name))
    }

    pub fn numbering(&self, id: &str) -> Option<(u32, u32)> {
        self.chain(id).find_map(|s| s.numbering)
    }

    /// The style, then the one it is based on, and so on (at most
    /// [`BASED_ON_DEPTH`], so that bases that loop end).
    fn chain<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a Style> + 'a {
        let base = |s: &&'a Style| s.based_on.as_ref().and_then(|b| self.by_id.get(b));
        std::iter::successors(self.by_id.get(id), base).take(BASED_ON_DEPTH)
    }
}

/// `toc 1`, `TOC1`, `目录 3`, `TOC Heading`.
fn is_toc_name(name: &str) -> bool {
    let name = name.to_lowercase();
    let Some(rest) = name.strip_prefix("toc").or_else(|| name.strip_prefix("目录")) else { return false };
    let rest = rest.trim();
    matches!(rest.parse::<u8>(), Ok(1..=9)) || rest == "heading"
}

/// Styles followed through their bases at most this deep.
const BASED_ON_DEPTH: usize = 10;

impl Style {
    /// Its own outline level, when it decides one (`Some(None)`: body text).
    fn own_level(&self) -> Option<Option<u8>> {
        let name = self.name.to_lowercase();
        if name == "title" || name == "标题" {
            return Some(Some(0));
        }
        let numbered = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"));
        if let Some(n) = numbered.and_then(|n| n.trim().parse::<u8>().ok()) {
            return Some(Some(n));
        }
        self.outline.map(|outline| (outline < 9).then_some(outline + 1))
    }
}

#[cfg(test)]
mod tests {
    use crate::import::docx::read;
    use crate::import::docx::tests::{document, docx, paragraphs, NS};

    #[test]
    fn heading_styles_give_outline_levels() {
        let styles = format!(
            r#"<w:styles {NS}>
            <w:style w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="20"><w:name w:val="标题 2"/></w:style>
            <w:style w:styleId="x"><w:name w:val="公文小标题"/><w:basedOn w:val="20"/></w:style>
            <w:style w:styleId="y"><w:name w:val="Body"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:styleId="loop1"><w:name w:val="甲"/><w:basedOn w:val="loop2"/></w:style>
            <w:style w:styleId="loop2"><w:name w:val="乙"/><w:basedOn w:val="loop1"/></w:style>
            </w:styles>"#
        );
        let p = |style: &str, text: &str| {
            format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
        };
        let body = [
            p("1", "一级"),
            p("20", "二级"),
            p("x", "继承"),
            p("y", "大纲三级"),
            p("none", "正文"),
            p("loop1", "基于自身"),
        ]
        .concat();
        let blocks = read(&docx(&[("word/document.xml", &document(&body)), ("word/styles.xml", &styles)])).unwrap();
        assert_eq!(
            paragraphs(&blocks),
            [
                ("一级", Some(1)),
                ("二级", Some(2)),
                ("继承", Some(2)),
                ("大纲三级", Some(3)),
                ("正文", None),
                ("基于自身", None)
            ]
        );
    }
}
