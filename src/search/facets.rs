//! Facets: per page, what the search page's filters need (kind, year,
//! topics), as compact numbers in `search/pages.js`, loaded only when a
//! reader opens the filters.
//! In: the library. Out: `search/pages.js`.

use super::codec;
use super::directory::YEAR_BASE;
use super::files::{ascii, js_call, json, Call};
use crate::content::{Kind, Page};
use crate::library::Library;
use crate::output::OutputFile;

/// Per page: its year (from [`YEAR_BASE`], 0 for none) times the number of
/// kinds plus its kind, then its number of topics and each topic.
pub(super) fn file(lib: &Library) -> OutputFile {
    let mut out = Vec::new();
    for p in &lib.pages {
        let year =
            p.meta.date.map(|d| d.year as u32).filter(|y| *y >= YEAR_BASE).map(|y| y - YEAR_BASE + 1).unwrap_or(0);
        codec::push(&mut out, year * Kind::ALL.len() as u32 + kind_index(p));
        let topics = topic_ids(lib, p);
        codec::push(&mut out, topics.len() as u32);
        for t in topics {
            codec::push(&mut out, t);
        }
    }
    js_call("search/pages.js".into(), Call::Pages, &json(ascii(&out)))
}

/// A page's kind as its place in [`Kind::ALL`].
pub(super) fn kind_index(p: &Page) -> u32 {
    Kind::ALL.iter().position(|k| *k == p.kind).unwrap_or(0) as u32
}

/// A page's topics as their places in the library's list.
pub(super) fn topic_ids(lib: &Library, p: &Page) -> Vec<u32> {
    p.meta.topics.iter().filter_map(|t| lib.topics.iter().position(|x| &x.name == t)).map(|t| t as u32).collect()
}
