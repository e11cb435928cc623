//! Footnotes and endnotes of a .docx (`word/footnotes.xml`,
//! `word/endnotes.xml`): read whole, then marked where the body cites them
//! and their text written at its end. In: the parts' XML. Out: marks and texts.

use super::{attr, parse_error, resolve};
use anyhow::Result;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Footnotes and endnotes: their texts by kind and id, and those cited so
/// far in the body, numbered in that order.
#[derive(Default)]
pub(super) struct Notes {
    texts: rustc_hash::FxHashMap<(String, String), String>,
    pub cited: Vec<String>,
}

impl Notes {
    /// The notes of `word/footnotes.xml` or `word/endnotes.xml` (`kind`:
    /// footnote or endnote), but the separators Word keeps among them.
    pub fn read(&mut self, part: &str, kind: &str, xml: &str) -> Result<()> {
        let mut reader = Reader::from_str(xml);
        let (mut note, mut in_text) = (None::<(String, String)>, false);
        loop {
            match reader.read_event().map_err(|e| parse_error(part, &reader, e))? {
                Event::Start(e) if e.local_name().as_ref() == kind => {
                    note = attr(&e, "type").is_none().then(|| attr(&e, "id")).flatten().map(|id| (id, String::new()));
                }
                Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
                Event::End(e) if e.local_name().as_ref() == "t" => in_text = false,
                Event::End(e) if e.local_name().as_ref() == "p" => {
                    if let Some((_, text)) = note.as_mut().filter(|(_, t)| !t.is_empty() && !t.ends_with(' ')) {
                        text.push(' ');
                    }
                }
                Event::End(e) if e.local_name().as_ref() == kind => {
                    if let Some((id, text)) = note.take() {
                        self.texts.insert((kind.to_string(), id), text.trim().to_string());
                    }
                }
                Event::Text(t) if in_text => {
                    if let Some((_, text)) = note.as_mut() {
                        text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) if in_text => {
                    if let Some((_, text)) = note.as_mut() {
                        text.push_str(&resolve(&r));
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// The mark of the note `id` of `kind` cited here (`[2]`), or `None` when there is no such note.
    pub fn cite(&mut self, kind: &str, id: &str) -> Option<String> {
        let text = self.texts.get(&(kind.to_string(), id.to_string()))?;
        self.cited.push(text.clone());
        Some(format!("[{}]", self.cited.len()))
    }
}
