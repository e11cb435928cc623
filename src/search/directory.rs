//! The index's directory (`search/index.js`), loaded before the first query:
//! how many pages, the parts the index is cut into ([`PAGES_PER_PART`]) and
//! where to find the shard of a key in each (the first key of each list of
//! shards, [`SHARDS_PER_LIST`]), the topics, the index's id, and
//! every constant the browser code reads. Those constants are defined here,
//! once: the other parts of the index use them from here, and search.js
//! takes them from the directory, so no number is copied by hand between
//! Rust and JS. (The format's version, `v`, was left out: the browser never
//! read it.)
//! In: the library, the shards' first keys, a hash of the other files.
//! Out: `search/index.js` and the lists of first keys (`search/d/`).

use super::codec;
use super::files::json;
use super::normalize;
use crate::library::Library;
use crate::output::OutputFile;
use serde::Serialize;
use std::ops::Range;

/// Positions in a page's title region (its title and headings, see
/// [`super::text::Indexed`]) are below this; those in the rest of its text
/// start here. So the browser tells a match in the title or a heading by its
/// position alone, and ranks it higher, without knowing each title's length,
/// while distances within each region stay as they are (no word spans the two).
pub const BODY_START: u32 = 4096;

/// Heads of this many pages share a file (`search/h/n.js` holds those of
/// pages 12n to 12n + 11; search.js, headOf), deflated together (no
/// dictionary: the texts' one made them 13% smaller, not worth waiting for
/// it). A query loads 20 to 30 of them: at 16 a file (625 files on 10,000
/// pages, about 820 bytes each) the median query over 100,000 pages loaded
/// 101.6 KB, at 12 98.9 KB, for 2,084 files more (1.63 files a page, not 1.60).
pub const HEADS_PER_FILE: usize = 12;

/// Texts of this many pages share a file (`search/p/n.js` holds those of
/// pages 5n to 5n + 4; site.js, `S.textFile`): on 10,000 pages 2,001 files
/// (10,000 at one a file), for about four other texts (some 10 KB, 2.5 KB
/// each) per result on screen; four to a file took 500 files more and
/// 9 KB less per median query (95.8 against 86.8 KB).
pub const TEXTS_PER_FILE: usize = 5;

/// Index files named by a number (`s/1234.js`, `q/12-3.js`, `q/12/4-0.js`,
/// `h/…`, `p/…`) are stored in folders of this many numbers (`s/1/1234.js`,
/// `q/0/12-3.js`), so that no folder of the site holds more than a few
/// thousand entries at any size of library: a FAT32 folder holds at most
/// 65,534, and a long name takes two or more. The browser finds them by
/// the same rule (site.js, `S.stored`); the index refers to them by their
/// names, as if unfoldered.
pub const FILES_PER_FOLDER: usize = 1000;

/// Where the index file `path` (`search/<letter>/<number>…`) is stored:
/// in the folder of its number ([`FILES_PER_FOLDER`]). Other paths are as given.
pub fn stored_path(path: &str) -> String {
    let Some(rest) = path.strip_prefix("search/") else { return path.to_string() };
    let mut chars = rest.char_indices();
    let (Some((_, letter)), Some((_, '/'))) = (chars.next(), chars.next()) else { return path.to_string() };
    let digits = rest[2..].bytes().take_while(u8::is_ascii_digit).count();
    if !letter.is_ascii_lowercase() || digits == 0 {
        return path.to_string();
    }
    let number: usize = rest[2..2 + digits].parse().unwrap_or(0);
    format!("search/{letter}/{}/{}", number / FILES_PER_FOLDER, &rest[2..])
}

/// The first keys of this many shards share a file (`search/d/n.js`, the
/// shards from n times it), and the directory holds only the first key of
/// each such list: a query loads the list of its keys (about 0.5 KB each).
/// With every shard's first key in the directory, 100,000 pages (5,341
/// shards) put 21 KB of them before the first query, whose budget is 50 KB
/// with the scripts (45 KB) in it.
pub const SHARDS_PER_LIST: usize = 128;

/// The index is cut into parts of at most this many pages, each with its
/// own shards, positions, string lists and title lengths, numbered on from
/// the part before; a query searches the parts in turn, from the first,
/// until it has the results it shows first (search.js, `searchWith`). So
/// what a query loads is bounded by the size of a part, not of the
/// library: over one list of 100,000 pages, a common bigram's page list
/// took up to 240 KB and the positions of a 3-character word up to 750 KB,
/// where the budget for a whole query is 300 KB; over 10,000 they hold it.
/// A library of at most this many pages has one part.
pub const PAGES_PER_PART: usize = 10_000;

/// The pages of each part: as few parts as hold `pages` with `per_part` at
/// most in each, of about equal size.
pub(super) fn parts(pages: usize, per_part: usize) -> Vec<Range<usize>> {
    let n = pages.div_ceil(per_part.max(1)).max(1);
    let size = pages.div_ceil(n);
    (0..n).map(|i| (i * size).min(pages)..((i + 1) * size).min(pages)).collect()
}

/// The numbers a part's files start from: its first list of first keys
/// (`d/n.js`), its first shard (`s/n.js`, and its positions `q/n…`), its
/// first file of string lists (`g/n.js`).
#[derive(Serialize, Default, Clone, Copy)]
pub(super) struct Start {
    pub(super) list: usize,
    pub(super) shard: usize,
    pub(super) grams: usize,
}

/// What the directory says of a part.
#[derive(Serialize)]
pub(super) struct Part {
    /// Its first page, and how many.
    page: usize,
    pages: usize,
    /// The first key of each list of its shards ([`SHARDS_PER_LIST`]), in
    /// UTF-16 order, written one after the other (every key is two characters).
    shards: String,
    #[serde(flatten)]
    start: Start,
}

impl Part {
    /// The part of `pages`, whose shards have `first_keys` (in lists of
    /// `per_list`) and whose files are numbered from `start`.
    pub(super) fn new(pages: &Range<usize>, first_keys: &[String], per_list: usize, start: Start) -> Part {
        let shards = first_keys.iter().step_by(per_list).map(String::as_str).collect();
        Part { page: pages.start, pages: pages.len(), shards, start }
    }

    /// Where the next part's files start, after this one's `shards` and
    /// `grams` files of string lists.
    pub(super) fn following(&self, shards: usize, per_list: usize, grams: usize) -> Start {
        let s = self.start;
        Start { list: s.list + shards.div_ceil(per_list), shard: s.shard + shards, grams: s.grams + grams }
    }
}

/// Years in the filters' table (`search/pages.js`) are stored from here on
/// (0 means no date).
pub const YEAR_BASE: u32 = 1900;

/// The second character of the key of a word character that ends its word,
/// so a single character is found even where it has no right neighbour.
pub const END: char = ' ';

#[derive(Serialize)]
struct Directory<'a> {
    pages: usize,
    /// The parts of the index ([`PAGES_PER_PART`]).
    parts: &'a [Part],
    /// Shards whose first keys share a list ([`SHARDS_PER_LIST`]).
    shards_per_list: usize,
    topics: Vec<&'a str>,
    /// The characters that join words into one query string ([`normalize::JOINERS`]).
    joiners: &'static str,
    /// Where a page's body starts in its positions ([`BODY_START`]).
    body_start: u32,
    /// Pages whose heads share a file ([`HEADS_PER_FILE`]).
    heads_per_file: usize,
    /// Pages whose texts share a file ([`TEXTS_PER_FILE`]).
    texts_per_file: usize,
    /// The year the filters' table counts from ([`YEAR_BASE`]).
    year_base: u32,
    /// The number of kinds, by which the filters' table multiplies a year.
    kinds: usize,
    /// The second character of a word end's key ([`END`]).
    end: char,
    /// A hash of every other file of the index.
    id: String,
    /// Whether a page's text or title holds a character whose normalisation
    /// goes through the Traditional table ([`normalize::uses_t2s`]): then
    /// the browser loads `t2s.js` with the first query, else only for a
    /// query that could need it (search.js, `ensureTable`).
    traditional: bool,
}

/// The directory: the `parts` of the index, their shards' first keys in
/// lists of `per_list`, `id` the hash of every other file of the index,
/// `traditional` whether the browser needs the Traditional table for the
/// pages' texts.
pub(super) fn file(lib: &Library, parts: &[Part], per_list: usize, id: u64, traditional: bool) -> OutputFile {
    let d = Directory {
        pages: lib.pages.len(),
        parts,
        shards_per_list: per_list,
        topics: lib.topics.iter().map(|t| t.name.as_str()).collect(),
        joiners: normalize::JOINERS,
        body_start: BODY_START,
        heads_per_file: HEADS_PER_FILE,
        texts_per_file: TEXTS_PER_FILE,
        year_base: YEAR_BASE,
        kinds: crate::content::Kind::ALL.len(),
        end: END,
        id: format!("{id:016x}"),
        traditional,
    };
    // In UTF-16 like the other index files: the first keys, two Chinese
    // characters a shard, take 4 bytes rather than 6 (6.2 KB → 4.4 KB on
    // 10,000 pages), and this file is loaded before the first query.
    let call = format!("__shuyuan.{}({});\n", super::files::Call::Index.name(), json(&d));
    OutputFile::new("search/index.js", codec::utf16_script(&call, &[], ""))
}

/// The lists of a part's shards' first keys (`search/d/n.js`, `per_list`
/// to a file: [`SHARDS_PER_LIST`], numbered from `first`), in UTF-16 like
/// the directory: two Chinese characters a key take 4 bytes rather than 6.
pub(super) fn shard_lists(first_keys: &[String], per_list: usize, first: usize) -> Vec<OutputFile> {
    first_keys
        .chunks(per_list)
        .zip(first..)
        .map(|(keys, n)| {
            let call = format!("__shuyuan.{}({n},{});\n", super::files::Call::ShardList.name(), json(&keys.concat()));
            OutputFile::new(stored_path(&format!("search/d/{n}.js")), codec::utf16_script(&call, &[], ""))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_as_few_as_hold_the_pages_and_about_equal() {
        let one = |pages| <[Range<usize>; 1]>::try_from(parts(pages, 10)).ok().map(|[p]| p);
        assert_eq!(one(0), Some(0..0), "one part, empty");
        assert_eq!(one(10), Some(0..10));
        assert_eq!(parts(11, 10), [0..6, 6..11]);
        assert_eq!(parts(100_000, PAGES_PER_PART).len(), 10);
        let p = parts(25, 10);
        assert_eq!(p, [0..9, 9..18, 18..25]);
    }

    #[test]
    fn numbered_index_files_are_stored_in_folders_of_their_number() {
        for (path, stored) in [
            ("search/p/5.js", "search/p/0/5.js"),
            ("search/p/12345.js", "search/p/12/12345.js"),
            ("search/q/1017-3.js", "search/q/1/1017-3.js"),
            ("search/q/12/4-0.js", "search/q/0/12/4-0.js"),
            ("search/h/999.js", "search/h/0/999.js"),
            ("search/p/d-0a1b.js", "search/p/d-0a1b.js"),
            ("search/g/index.js", "search/g/index.js"),
            ("search/index.js", "search/index.js"),
            ("study/1.html", "study/1.html"),
        ] {
            assert_eq!(stored_path(path), stored, "{path}");
        }
    }

    /// site.js finds index files by the same rule, with the same numbers.
    #[test]
    fn site_js_stores_index_files_by_the_same_numbers() {
        let js = include_str!("../../themes/default/static/site.js");
        assert!(js.contains(&format!("FILES_PER_FOLDER = {FILES_PER_FOLDER},")), "site.js: FILES_PER_FOLDER");
        assert!(js.contains(&format!("TEXTS_PER_FILE = {TEXTS_PER_FILE};")), "site.js: TEXTS_PER_FILE");
    }
}
