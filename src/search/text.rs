//! What the index reads of a page: its text ([`page_text`]: title, issuer
//! and document number, body) and, for the positions, its normalised
//! characters with the title region first ([`Indexed`]).
//! In: a page and its rendered text. Out: the text and its normalised characters.

use super::directory::BODY_START;
use super::normalize;
use crate::library::Library;
use anyhow::Result;

/// The text search sees for a page: its title, the issuer and document
/// number shown beneath it (people search by 文号), then its body.
pub fn page_text(page: &crate::content::Page, body: &str) -> String {
    let meta = [page.meta.issuer.as_deref(), page.meta.doc_number.as_deref()];
    let meta: Vec<&str> = meta.into_iter().flatten().collect();
    if meta.is_empty() {
        format!("{}\n{body}", page.title)
    } else {
        format!("{}\n{}\n{body}", page.title, meta.join(" "))
    }
}

/// Page `i`'s [`page_text`], its rendered text read back when it was set
/// aside: each step of the index that reads the texts makes them again, a
/// batch at a time, rather than holding them all (104 MB on 10,000 pages).
/// With it, the bytes before the rendered text it ends with (title, issuer
/// and document number).
pub(super) fn text_of(lib: &Library, i: usize) -> Result<(String, usize)> {
    let body = lib.rendered[i].text()?;
    let text = page_text(&lib.pages[i], &body);
    let shift = text.len() - body.len();
    Ok((text, shift))
}

/// A page as the index reads it: first its title region, the title and then
/// each heading after two separators (so that no phrase, which allows one,
/// spans two of them); then the rest of its text, where each heading leaves
/// only the line breaks around it.
pub(super) struct Indexed<'a> {
    pub(super) title: &'a str,
    /// The text search sees ([`page_text`]), which starts with the title.
    pub(super) text: String,
    /// Where each heading (levels 1 to 6, each a line of its own) starts in
    /// `text`, in bytes, in order.
    pub(super) headings: Vec<usize>,
}

impl<'a> Indexed<'a> {
    /// Page `i` of `lib` as the index reads it ([`text_of`]).
    pub(super) fn of(lib: &'a Library, i: usize) -> Result<Indexed<'a>> {
        let page = &lib.pages[i];
        if page.meta.search_exclude {
            // `bookSearchExclude`, `search: false`…: the page is in the list, and nothing finds it.
            return Ok(Indexed { title: "", text: String::new(), headings: Vec::new() });
        }
        let (text, shift) = text_of(lib, i)?;
        let headings = lib.rendered[i].spans.iter().filter(|s| s.level <= 6).map(|s| shift + s.byte).collect();
        Ok(Indexed { title: &page.title, text, headings })
    }

    /// `f` of the normalised text and the length of its title region (at
    /// most [`BODY_START`]: a longer one counts as text past that), in a
    /// buffer the thread keeps between pages.
    pub(super) fn with_normalized<T>(&self, f: impl FnOnce(&[char], usize) -> T) -> T {
        thread_local! {
            static NORM: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let headings = self.heading_lines();
        let title = self.title.len().min(self.text.len());
        NORM.with_borrow_mut(|norm| {
            norm.clear();
            normalize::normalize_into(&self.text[..title], norm);
            for h in &headings {
                norm.extend(['\n', '\n']);
                normalize::normalize_into(&self.text[h.clone()], norm);
            }
            let title_length = norm.len().min(BODY_START as usize);
            let mut at = title;
            for h in &headings {
                normalize::normalize_into(&self.text[at..h.start], norm);
                at = h.end;
            }
            normalize::normalize_into(&self.text[at..], norm);
            f(norm, title_length)
        })
    }

    /// Each heading's bytes in the text: from its start to its line's end
    /// (one that does not start a character, or starts where the one before
    /// ended or beyond the text, is passed over).
    fn heading_lines(&self) -> Vec<std::ops::Range<usize>> {
        let mut headings: Vec<std::ops::Range<usize>> = Vec::with_capacity(self.headings.len());
        for &at in &self.headings {
            let after_last = headings.last().is_none_or(|h| at > h.end);
            if after_last && at < self.text.len() && self.text.is_char_boundary(at) {
                let end = self.text[at..].find('\n').map_or(self.text.len(), |e| at + e);
                headings.push(at..end);
            }
        }
        headings
    }

    /// A hash of what the index reads, to tell when a page's postings and
    /// listed strings can be reused.
    pub(super) fn key(&self) -> u64 {
        crate::hash::hash(&(self.title, &self.text, &self.headings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_with_the_title_and_leave_their_line_breaks_in_the_text() {
        let text = "标题\n引言。\n一、做法\n正文。";
        let heading = text.find('一').unwrap();
        let page = Indexed { title: "标题", text: text.into(), headings: vec![heading] };
        let (norm, title_length) = page.with_normalized(|norm, n| (norm.iter().collect::<String>(), n));
        assert_eq!(norm, "标题\n\n一、做法\n引言。\n\n正文。");
        assert_eq!(title_length, "标题\n\n一、做法".chars().count());
    }
}
