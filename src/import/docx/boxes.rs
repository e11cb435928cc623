//! Text boxes of a .docx: their paragraphs, read inside the drawing that
//! holds them (which the body skips), come after the paragraph the box is
//! anchored to. In: XML events inside a drawing. Out: paragraphs for the body.

use super::Body;
use quick_xml::events::BytesStart;

/// A text box's paragraphs as they are read.
#[derive(Default)]
pub(super) struct TextBox {
    /// The skipping depth of its `txbxContent`.
    pub depth: usize,
    paragraphs: Vec<String>,
    paragraph: String,
    in_text: bool,
}

impl Body<'_> {
    /// A text box starts inside a skipped drawing, or a text run in it.
    pub(super) fn text_box_start(&mut self, e: &BytesStart) {
        match (e.local_name().as_ref(), self.text_box.as_mut()) {
            ("txbxContent", None) => self.text_box = Some(TextBox { depth: self.skipping, ..TextBox::default() }),
            ("t", Some(b)) => b.in_text = true,
            _ => {}
        }
    }

    pub(super) fn text_box_empty(&mut self, e: &BytesStart) {
        if let Some(b) = self.text_box.as_mut() {
            match e.local_name().as_ref() {
                "tab" | "ptab" => b.paragraph.push(' '),
                "br" | "cr" => b.paragraph.push('\n'),
                _ => {}
            }
        }
    }

    pub(super) fn text_box_text(&mut self, text: &str) {
        if let Some(b) = self.text_box.as_mut().filter(|b| b.in_text) {
            b.paragraph.push_str(text);
        }
    }

    /// The end of an element inside a skipped drawing: of a text run, of a
    /// text box's paragraph, of the text box.
    pub(super) fn text_box_end(&mut self, name: &str) {
        let Some(b) = self.text_box.as_mut() else { return };
        match name {
            "t" => b.in_text = false,
            "p" => {
                let paragraph = std::mem::take(&mut b.paragraph);
                b.paragraphs.extend(paragraph.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(String::from));
            }
            "txbxContent" if b.depth == self.skipping => {
                let paragraphs = self.text_box.take().map(|b| b.paragraphs).unwrap_or_default();
                if paragraphs != self.last_box {
                    self.boxed.extend(paragraphs.iter().cloned());
                    self.last_box = paragraphs;
                }
            }
            _ => {}
        }
    }
}
