//! Stage 5b: search. Builds the client-side search index from the library.
//! Substring recall, not word segmentation: every pair of adjacent word
//! characters (a bigram) of every page is indexed with its positions, so the
//! browser finds exactly the pages that contain a query, as Ctrl+F would.
//! The index is cut into shards by bigram; a query loads only its own.
//! Everything loads through classic `<script>` tags, so it works from file://.
//! In: [`Library`]. Out: files under `search/`.

mod dictionary;
pub mod encode;
mod grams;
pub mod normalize;
mod titles;

use crate::library::Library;
use crate::output::OutputFile;
use normalize::{is_word, T2S};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::sync::Arc;

/// A shard is closed once its postings reach this many bytes: small enough
/// that a rare bigram costs little to load, large enough to keep the number
/// of files and the directory of first keys (loaded before the first query:
/// 6 KB for 10,000 pages) small.
pub const SHARD_TARGET_BYTES: usize = 10 * 1024;

/// The second character of the key of a word character that ends its word,
/// so a single character is found even where it has no right neighbour.
const END: char = ' ';

/// Figures about a built index, for the build summary and benchmarks.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    pub keys: usize,
    pub positions: usize,
    pub shards: usize,
    /// Files of page lists of 3- and 4-character strings (see [`grams`]).
    pub grams: usize,
    pub bytes: usize,
}

/// A bigram at a position: the key's 42 bits above the position's 22, so
/// that sorting sorts by key, then position, and a page's postings take
/// 8 bytes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting(u64);

const POSITION_BITS: u32 = 22;

/// Positions must fit in their bits: text past this many characters of a
/// page (about 4 million) is not indexed.
const MAX_POSITION: u32 = (1 << POSITION_BITS) - 1;

impl Posting {
    fn new(key: u64, position: u32) -> Posting {
        Posting((key << POSITION_BITS) | position as u64)
    }
    fn key(self) -> u64 {
        self.0 >> POSITION_BITS
    }
    fn position(self) -> u32 {
        (self.0 & MAX_POSITION as u64) as u32
    }
}

/// One page's bigram positions, sorted by key, then position.
struct PagePostings {
    pairs: Vec<Posting>,
}

impl PagePostings {
    /// The positions of each key, in key order.
    #[cfg(test)]
    fn groups(&self) -> impl Iterator<Item = (u64, &[Posting])> {
        self.pairs.chunk_by(|a, b| a.key() == b.key()).map(|g| (g[0].key(), g))
    }
}

/// A bigram as a number: 21 bits a character.
fn key(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

fn key_string(k: u64) -> String {
    let a = char::from_u32((k >> 21) as u32).unwrap_or(END);
    let b = char::from_u32((k & 0x1F_FFFF) as u32).unwrap_or(END);
    [a, b].iter().collect()
}

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

/// Positions in a page's title region (its title and headings, see
/// [`Indexed`]) are below this; those in the rest of its text start here. So the
/// browser tells a match in the title or a heading by its position alone,
/// and ranks it higher, without knowing each title's length, while distances
/// within each region stay as they are (no word spans the two).
pub const BODY_START: u32 = 4096;

/// A page as the index reads it: first its title region, the title and then
/// each heading after two separators (so that no phrase, which allows one,
/// spans two of them); then the rest of its text, where each heading leaves
/// only the line breaks around it.
struct Indexed<'a> {
    title: &'a str,
    /// The text search sees ([`page_text`]), which starts with the title.
    text: &'a str,
    /// Where each heading (levels 1 to 6, each a line of its own) starts in
    /// `text`, in characters.
    headings: Vec<usize>,
}

impl Indexed<'_> {
    fn new<'a>(page: &'a crate::content::Page, rendered: &crate::markdown::Rendered, text: &'a str) -> Indexed<'a> {
        if page.meta.search_exclude {
            // `bookSearchExclude`, `search: false`…: the page is in the list, and nothing finds it.
            return Indexed { title: "", text: "", headings: Vec::new() };
        }
        let shift = prefix_chars(text, &rendered.text);
        let headings = rendered.spans.iter().filter(|s| s.level <= 6).map(|s| shift + s.offset).collect();
        Indexed { title: &page.title, text, headings }
    }

    /// `f` of the normalised text and the length of its title region (at
    /// most [`BODY_START`]: a longer one counts as text past that), in a
    /// buffer the thread keeps between pages.
    fn with_normalized<T>(&self, f: impl FnOnce(&[char], usize) -> T) -> T {
        thread_local! {
            static NORM: std::cell::RefCell<Vec<char>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        // Each heading's bytes in the text: from its start to its line's end.
        let mut starts = self.headings.iter().peekable();
        let mut headings = Vec::with_capacity(self.headings.len());
        for (i, (at, _)) in self.text.char_indices().enumerate() {
            if starts.peek().is_none() {
                break;
            }
            if starts.next_if_eq(&&i).is_some() {
                let end = self.text[at..].find('\n').map_or(self.text.len(), |e| at + e);
                headings.push(at..end);
            }
        }
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

    /// A hash of what the index reads, to tell when a page's postings and
    /// listed strings can be reused.
    fn key(&self) -> u64 {
        crate::build::hash(&(self.title, self.text, &self.headings))
    }
}

/// The characters of `text` before `rendered`, the page's rendered text it
/// ends with ([`page_text`]): counted on that short prefix alone.
fn prefix_chars(text: &str, rendered: &str) -> usize {
    text[..text.len() - rendered.len()].chars().count()
}

fn page_postings(page: &Indexed) -> PagePostings {
    page.with_normalized(|norm, title_length| postings_of(norm, title_length as u32))
}

fn postings_of(norm: &[char], title_length: u32) -> PagePostings {
    let mut pairs: Vec<Posting> = Vec::with_capacity(norm.len());
    for (i, &c) in norm.iter().enumerate() {
        let next = norm.get(i + 1).copied().filter(|n| is_word(*n));
        // A joiner between two word characters is indexed with the one after
        // it, so that a query holding it (`v8.0.0`) is checked exactly: the
        // words apart (`v8 0 0`) do not match it.
        if !is_word(c) && !normalize::joins(norm, i) {
            continue;
        }
        let k = key(c, next.unwrap_or(END));
        let i = i as u32;
        let position = if i < title_length { i } else { i - title_length + BODY_START };
        if position > MAX_POSITION {
            break;
        }
        pairs.push(Posting::new(k, position));
    }
    pairs.sort_unstable();
    PagePostings { pairs }
}

/// Position data of one key is cut into files of about this many bytes, at
/// page boundaries, so that checking a few pages loads only their part.
pub const POSITION_CHUNK_BYTES: usize = 16 * 1024;

/// One key's postings being encoded. Pages: per page, the gap from the
/// previous page and the count of positions (doubled, plus one when the
/// first is in the title region), as a page list ([`page_list_bytes`]). Positions:
/// per page, the first position (counted from [`BODY_START`] unless it is
/// in the title region) and the gaps between positions less one. All are Rice
/// codes ([`Bits`]), the positions in chunks that start at page boundaries.
///
/// Numbers are kept and written [`KEPT_NUMBERS`] at a time, with Rice
/// parameters from the mean of the first that many (of all, for a key with
/// fewer). Keeping every number until the end took 290 MB on 10,000 pages,
/// and growing it was a third of the time of encoding; writing at the end
/// took 0.26 s of the processor, now 0.1 s.
#[derive(Default)]
struct Encoded {
    /// Per page not yet written: its page gap and count number, then its
    /// position numbers.
    kept: Vec<u32>,
    /// The Rice parameters, once chosen: page gaps, count numbers, first
    /// positions, gaps between positions.
    rice: Option<[u8; 4]>,
    next_page: u32,
    /// Pages written.
    pages: u32,
    list: Bits,
    bits: Bits,
    chunks: Vec<Vec<u8>>,
    /// Index in this key's page list where each chunk after the first starts.
    chunk_starts: Vec<u32>,
    /// Once finished, the page list.
    page_list: Vec<u8>,
    /// Its positions are so many that the 3- and 4-character strings it
    /// covers have page lists of their own (see [`grams`]).
    heavy: bool,
}

/// Numbers of a key kept before they are written; its Rice parameters come
/// from the first this many. On 10,000 pages, parameters from all the
/// numbers instead made the index 0.1 MB (0.1%) smaller.
const KEPT_NUMBERS: usize = 4096;

impl Encoded {
    fn add(&mut self, page: u32, group: &[Posting]) {
        let in_title = group[0].position() < BODY_START;
        self.kept.push(page - self.next_page);
        self.kept.push(((group.len() as u32 - 1) << 1) | in_title as u32);
        self.next_page = page + 1;
        let mut last = if in_title { 0 } else { BODY_START };
        for (i, p) in group.iter().map(|p| p.position()).enumerate() {
            self.kept.push(if i == 0 { p - last } else { p - last - 1 });
            last = p;
        }
        if self.kept.len() >= KEPT_NUMBERS {
            self.write_kept();
        }
    }

    /// The Rice parameters: chosen from the kept numbers the first time.
    fn rice(&mut self) -> [u8; 4] {
        if let Some(rice) = self.rice {
            return rice;
        }
        // Sum and count of each of the four kinds of numbers.
        let mut sums = [(0, 0); 4];
        let mut at = 0;
        while at < self.kept.len() {
            let end = at + 3 + (self.kept[at + 1] >> 1) as usize;
            for (i, &value) in self.kept[at..end].iter().enumerate() {
                let (sum, count) = &mut sums[i.min(3)];
                (*sum, *count) = (*sum + value as u64, *count + 1);
            }
            at = end;
        }
        let rice = sums.map(rice_parameter);
        self.rice = Some(rice);
        rice
    }

    /// Writes the kept pages.
    fn write_kept(&mut self) {
        let rice = self.rice();
        let mut at = 0;
        while at < self.kept.len() {
            let (gap, count) = (self.kept[at], self.kept[at + 1]);
            let end = at + 3 + (count >> 1) as usize;
            if self.bits.len() >= POSITION_CHUNK_BYTES {
                self.chunks.push(self.bits.finish());
                self.chunk_starts.push(self.pages);
            }
            self.list.rice(gap, rice[0]);
            self.list.rice(count, rice[1]);
            self.bits.rice(self.kept[at + 2], rice[2]);
            for &v in &self.kept[at + 3..end] {
                self.bits.rice(v, rice[3]);
            }
            self.pages += 1;
            at = end;
        }
        self.kept.clear();
    }

    /// Writes the rest, and the page list.
    fn finish(&mut self) {
        self.write_kept();
        self.chunks.push(self.bits.finish());
        self.kept = Vec::new();
        let rice = self.rice();
        self.page_list = page_list_bytes(self.pages, [rice[0], rice[1]], &self.list.finish());
    }

    /// The Rice parameters of first positions and of gaps between them.
    fn position_rice(&self) -> [u8; 2] {
        let rice = self.rice.unwrap_or_default();
        [rice[2], rice[3]]
    }
}

/// The Rice parameter for numbers of this (sum, count): the floor of the
/// base-2 logarithm of their mean, within 0.01% of the best on 10,000 pages.
fn rice_parameter((sum, count): (u64, u64)) -> u8 {
    (sum / count.max(1)).max(1).ilog2() as u8
}

/// Bits written from the lowest bit of each byte up (search.js, riceReader).
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl Bits {
    /// The low `width` bits of `value`, at most 32 (fewer than 32 bits are
    /// pending between calls, and whole 32-bit words are written at once).
    fn push(&mut self, value: u64, width: u32) {
        self.pending |= value << self.pending_bits;
        self.pending_bits += width;
        if self.pending_bits >= 32 {
            self.bytes.extend_from_slice(&(self.pending as u32).to_le_bytes());
            self.pending >>= 32;
            self.pending_bits -= 32;
        }
    }

    /// `value` as a Rice code with parameter `k`: `value >> k` one bits, a
    /// zero bit, then the low `k` bits.
    fn rice(&mut self, value: u32, k: u8) {
        let ones = value >> k;
        let low = value as u64 & ((1u64 << k) - 1);
        if ones + 1 + k as u32 <= 32 {
            self.push(((1u64 << ones) - 1) | (low << (ones + 1)), ones + 1 + k as u32);
            return;
        }
        let mut ones = ones;
        while ones >= 32 {
            self.push(0xFFFF_FFFF, 32);
            ones -= 32;
        }
        self.push((1u64 << ones) - 1, ones);
        self.push(low << 1, 1 + k as u32);
    }

    /// Whole bytes written so far.
    fn len(&self) -> usize {
        self.bytes.len() + (self.pending_bits / 8) as usize
    }

    /// The bytes so far, the last one padded with zero bits; starts afresh.
    fn finish(&mut self) -> Vec<u8> {
        let whole = self.pending_bits.div_ceil(8) as usize;
        self.bytes.extend_from_slice(&self.pending.to_le_bytes()[..whole]);
        (self.pending, self.pending_bits) = (0, 0);
        std::mem::take(&mut self.bytes)
    }
}

/// A page list as the browser reads it (search.js, pageListAt and
/// decodePageList): the number of pages, two Rice parameters, the length of
/// the data, then per page, Rice codes of the gap from the previous page and
/// of the count less one, doubled, plus one when an occurrence is in the
/// title. Numbers are kept until [`PageList::finish`] knows the parameters.
#[derive(Default)]
struct PageList {
    next_page: u32,
    numbers: Vec<[u32; 2]>,
    bytes: Vec<u8>,
}

impl PageList {
    fn add(&mut self, page: u32, count: u32, in_title: bool) {
        self.numbers.push([page - self.next_page, ((count - 1) << 1) | in_title as u32]);
        self.next_page = page + 1;
    }

    fn finish(&mut self) {
        let sum = |i: usize| self.numbers.iter().map(|n| n[i] as u64).sum::<u64>();
        let count = self.numbers.len() as u64;
        let rice = [rice_parameter((sum(0), count)), rice_parameter((sum(1), count))];
        let mut bits = Bits::default();
        for n in &self.numbers {
            bits.rice(n[0], rice[0]);
            bits.rice(n[1], rice[1]);
        }
        self.bytes = page_list_bytes(count as u32, rice, &bits.finish());
        self.numbers = Vec::new();
    }
}

/// A page list's bytes: its number of pages, its two Rice parameters, the
/// length of its data, then the data.
fn page_list_bytes(pages: u32, rice: [u8; 2], data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(data.len() + 8);
    encode::push_binary(&mut bytes, pages);
    bytes.extend_from_slice(&rice);
    encode::push_binary(&mut bytes, data.len() as u32);
    bytes.extend_from_slice(data);
    bytes
}

/// Bounds of `n` key ranges holding about as many positions each, from a
/// sample of the `pages` pages: the first is 0, the last `u64::MAX`.
fn key_ranges(pages: usize, postings: &(impl Fn(usize) -> Arc<PagePostings> + Sync), n: usize) -> Vec<u64> {
    let step = (pages / 64).max(1);
    let sample: Vec<u64> = (0..pages)
        .into_par_iter()
        .step_by(step)
        .flat_map_iter(|i| postings(i).pairs.iter().map(|x| x.key()).collect::<Vec<_>>())
        .collect();
    range_bounds(sample, n, u64::MAX)
}

/// Pages whose postings are held at a time while they are encoded.
const POSTINGS_BATCH: usize = 500;

/// Bounds of `n` ranges holding about as many of `sample` each: the first
/// is 0 (the default), the last `max`.
fn range_bounds<T: Ord + Copy + Default>(mut sample: Vec<T>, n: usize, max: T) -> Vec<T> {
    sample.sort_unstable();
    let mut bounds = vec![T::default()];
    bounds.extend((1..n).filter_map(|i| sample.get(i * sample.len() / n).copied()));
    bounds.push(max);
    bounds.dedup();
    bounds
}

/// Cuts sorted entries into shards of about `target` bytes of `size`.
fn cut_shards<T>(entries: &[T], size: impl Fn(&T) -> usize, target: usize) -> Vec<&[T]> {
    let mut shards = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        bytes += size(e);
        if bytes >= target || i + 1 == entries.len() {
            shards.push(&entries[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    shards
}

/// What the index keeps between builds for live preview, by a hash of what
/// each part is made from: every page's postings and its two files, so a
/// refresh after an edit reads, sorts and packs only the pages that changed.
/// (The index files themselves, cut by key across all pages, are encoded
/// again each time.)
#[derive(Default)]
pub struct Cache {
    postings: HashMap<u64, Arc<PagePostings>>,
    files: HashMap<u64, (String, OutputFile)>,
    index_files: KnownFiles,
    grams: grams::Cache,
}

/// Builds every file of the search index.
pub fn build(lib: &Library) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, None, POSTINGS_BATCH)
}

/// [`build`] with `batch` pages' postings held at a time, for a test that
/// the batches leave no trace in the index.
#[doc(hidden)]
pub fn build_in_batches(lib: &Library, batch: usize) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, None, batch)
}

/// [`build`], reusing and updating `cache`.
pub fn rebuild(lib: &Library, cache: &mut Cache) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, Some(cache), POSTINGS_BATCH)
}

fn build_with(lib: &Library, mut cache: Option<&mut Cache>, batch: usize) -> (Vec<OutputFile>, IndexStats) {
    let texts = page_texts(lib);
    let indexed: Vec<Indexed> =
        (lib.pages.par_iter().zip(&lib.rendered).zip(&texts)).map(|((p, r), t)| Indexed::new(p, r, t)).collect();
    // With a cache, what the index reads of each page hashed once: its
    // postings and listed strings are reused while the hash stays the same.
    let page_keys: Option<Vec<u64>> = cache.is_some().then(|| indexed.par_iter().map(Indexed::key).collect());
    let known = cache.as_deref().map(|c| &c.postings);
    let postings_of_page = |i: usize| match (known, &page_keys) {
        (Some(known), Some(keys)) if known.contains_key(&keys[i]) => known[&keys[i]].clone(),
        _ => Arc::new(page_postings(&indexed[i])),
    };
    // Keys are split into ranges encoded in parallel, each over all pages in
    // order; a page's keys are sorted, so each range is one slice of them.
    let bounds = key_ranges(lib.pages.len(), &postings_of_page, rayon::current_num_threads() * 4);
    let mut encoders: Vec<HashMap<u64, Encoded>> = bounds[1..].iter().map(|_| HashMap::default()).collect();
    let mut kept = Vec::new();
    let mut stats = IndexStats::default();
    // Pages go through in batches, so that only a batch's postings are held
    // at a time (all of them would be 256 MB on 10,000 pages: memory the
    // kernel must hand out and zero, which took longer than the encoding).
    for start in (0..lib.pages.len()).step_by(batch) {
        let end = (start + batch).min(lib.pages.len());
        let batch: Vec<Arc<PagePostings>> = (start..end).into_par_iter().map(postings_of_page).collect();
        stats.positions += batch.iter().map(|p| p.pairs.len()).sum::<usize>();
        encoders.par_iter_mut().zip(bounds.par_windows(2)).for_each(|(postings, range)| {
            for (page, pp) in (start..).zip(&batch) {
                let from = pp.pairs.partition_point(|p| p.key() < range[0]);
                let to = pp.pairs.partition_point(|p| p.key() < range[1]);
                for group in pp.pairs[from..to].chunk_by(|a, b| a.key() == b.key()) {
                    postings.entry(group[0].key()).or_default().add(page as u32, group);
                }
            }
        });
        if cache.is_some() {
            kept.extend(batch);
        }
    }
    if let (Some(cache), Some(keys)) = (cache.as_deref_mut(), &page_keys) {
        cache.postings = keys.iter().copied().zip(kept).collect();
    }
    let encoded: Vec<Vec<(u64, Encoded)>> = encoders
        .into_par_iter()
        .map(|postings| {
            postings
                .into_iter()
                .map(|(k, mut e)| {
                    e.finish();
                    (k, e)
                })
                .collect()
        })
        .collect();
    let sizes: Vec<(u64, usize)> =
        encoded.iter().flatten().map(|(k, e)| (*k, e.chunks.iter().map(Vec::len).sum())).collect();
    let heavy = grams::heavy(&sizes);
    let mut keys: Vec<(String, Encoded)> = encoded
        .into_iter()
        .flatten()
        .map(|(k, e)| (key_string(k), Encoded { heavy: heavy.contains(&k), ..e }))
        .collect();
    // The browser compares strings by UTF-16 code unit; sort the same way.
    keys.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    stats.keys = keys.len();

    let shards = cut_shards(&keys, |(_, e)| e.page_list.len(), SHARD_TARGET_BYTES);
    let first_keys: Vec<String> = shards.iter().map(|s| s[0].0.clone()).collect();
    stats.shards = shards.len();
    let (known, gram_cache) = match cache.as_deref_mut() {
        Some(c) => (Some(&c.index_files), Some(&mut c.grams)),
        None => (None, None),
    };
    let mut index_files: Vec<(u64, OutputFile)> =
        shards.par_iter().enumerate().flat_map_iter(|(n, entries)| shard_files(n, entries, known)).collect();
    let listed = grams::files(&indexed, page_keys.as_deref(), &heavy, known, gram_cache);
    stats.grams = listed.len();
    index_files.extend(listed);
    if let Some(cache) = cache.as_deref_mut() {
        cache.index_files = index_files.iter().map(|(k, f)| (*k, f.clone())).collect();
    }
    let mut files: Vec<OutputFile> = index_files.into_iter().map(|(_, f)| f).collect();
    files.push(facets_file(lib));
    files.push(titles::file(&lib.pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>()));
    files.extend(fragments_of(lib, &texts, cache));
    files.push(t2s_file());
    // Which index this is: the browser asks for every other file with it
    // (`?v=`), so that over http a file cached from an earlier build is
    // never read with this directory.
    let id = crate::build::hash(&files.iter().map(|f| (&f.path, f.bytes.as_slice())).collect::<Vec<_>>());
    files.push(directory_file(lib, &first_keys, id));
    stats.bytes = files.iter().map(|f| f.bytes.len()).sum();
    (files, stats)
}

fn js_call(path: String, call: &str, args: &str) -> OutputFile {
    OutputFile::new(path, format!("__shuyuan.{call}({args});\n"))
}

/// Deflate level of page texts. On 10,000 pages (measured while they were
/// UTF-8 and page lists were deflated too), level 3 made the texts 1.5%
/// larger than zlib's default 6 (59.2 against 58.3 MB) for 0.4 s less CPU;
/// level 1 made them 38% larger (80.4 MB).
const PACK_LEVEL: u32 = 3;

/// Index files of an earlier build, by the hash of what they were made from.
type KnownFiles = HashMap<u64, OutputFile>;

/// A file of bytes for `__shuyuan.<call>(arg, bytes)`, in 15-bit digits
/// of UTF-16 ([`encode::utf16_script`]), not deflated: Rice codes gain
/// nothing from it. Returns the hash of what it is made from too (0 without
/// `known`); one made from the same in an earlier build is reused.
fn bytes_file(path: String, call: &str, arg: &str, bytes: &[u8], known: Option<&KnownFiles>) -> (u64, OutputFile) {
    let key = known.map_or(0, |_| crate::build::hash(&(&path, call, arg, bytes)));
    if let Some(file) = known.and_then(|k| k.get(&key)) {
        return (key, file.clone());
    }
    let name = path.strip_prefix("search/").unwrap_or(&path);
    let text =
        encode::utf16_script(&format!("__shuyuan.b(\"{name}\",'"), bytes, &format!("',\"{call}\",\"{arg}\");\n"));
    (key, OutputFile::new(path, text))
}

thread_local! {
    /// One deflate state per thread, reset between files: a new one is
    /// about 300 KB of tables, fresh pages the kernel must zero, and a build
    /// packs 10,000 page texts.
    static DEFLATER: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(PACK_LEVEL), false));
}

/// `bytes` as raw deflate (no zlib header), as DecompressionStream("deflate-raw")
/// reads it, referring back to `dictionary` (empty for none) as if it came
/// just before (site.js unpacks it so).
fn deflate(bytes: &[u8], dictionary: &[u8]) -> Vec<u8> {
    DEFLATER.with_borrow_mut(|z| {
        z.reset();
        if !dictionary.is_empty() {
            z.set_dictionary(dictionary).expect("a dictionary of at most 32 KB, set before any data");
        }
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = z.total_in() as usize;
            let status = z
                .compress_vec(&bytes[read..], &mut out, flate2::FlushCompress::Finish)
                .expect("deflating into memory cannot fail");
            if status == flate2::Status::StreamEnd {
                return out;
            }
            out.reserve(out.len().max(64));
        }
    })
}

/// A call the browser unpacks first (`__shuyuan.z` in site.js): its JSON as
/// UTF-16 (two bytes a Chinese character, not three: 7% smaller once
/// deflated, and less to deflate), deflated with the named dictionary (see
/// [`dictionary`]; none if `None`), in 15-bit digits (see [`bytes_file`]).
fn packed_call(path: String, call: &str, args: &str, dictionary: Option<&dictionary::Dictionary>) -> OutputFile {
    let utf16 = encode::utf16_le(&format!("[\"{call}\",{args}]"));
    let name = path.strip_prefix("search/").unwrap_or(&path);
    let (dictionary, bytes) = dictionary.map_or(("", &[][..]), |d| (d.name.as_str(), d.bytes.as_slice()));
    let text =
        encode::utf16_script(&format!("__shuyuan.z(\"{name}\",\"{dictionary}\",'"), &deflate(&utf16, bytes), "');\n");
    OutputFile::new(path, text)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// The positions of small keys travel together in files of about this many
/// bytes: a rare word loads little beyond its own positions.
pub const POSITION_GROUP_BYTES: usize = 8 * 1024;

/// The files of shard `n`: its keys with their page lists (`s/n.js`, what
/// every query of these keys loads), the positions of its small keys in
/// groups (`q/n-g.js`), and each chunk of a large key's positions
/// (`q/n/k-c.js`). Per key, the shard holds its two characters (code
/// points), a byte of flags (1: heavy, 2: its positions are in a group),
/// then the group, or the number of chunks after the first and the index in
/// the page list where each starts, then the page list.
fn shard_files(n: usize, entries: &[(String, Encoded)], known: Option<&KnownFiles>) -> Vec<(u64, OutputFile)> {
    let mut files = Vec::new();
    let mut shard = Vec::new();
    let mut group = Vec::new();
    let mut groups = 0;
    let flush = |group: &mut Vec<u8>, groups: &mut u32, files: &mut Vec<(u64, OutputFile)>| {
        if !group.is_empty() {
            let id = format!("{n}-{groups}");
            files.push(bytes_file(format!("search/q/{id}.js"), "positions", &id, group, known));
            group.clear();
            *groups += 1;
        }
    };
    for (k, (key, e)) in entries.iter().enumerate() {
        for c in key.chars() {
            encode::push_binary(&mut shard, c as u32);
        }
        let in_group = e.chunks.len() == 1;
        shard.push(e.heavy as u8 | (in_group as u8) << 1);
        if in_group {
            if group.len() >= POSITION_GROUP_BYTES {
                flush(&mut group, &mut groups, &mut files);
            }
            push_positions(&mut group, key, e.position_rice(), &e.chunks[0]);
            encode::push_binary(&mut shard, groups);
        } else {
            for (c, chunk) in e.chunks.iter().enumerate() {
                let id = format!("{n}/{k}-{c}");
                let mut bytes = Vec::with_capacity(chunk.len() + 8);
                push_positions(&mut bytes, key, e.position_rice(), chunk);
                files.push(bytes_file(format!("search/q/{id}.js"), "positions", &id, &bytes, known));
            }
            encode::push_binary(&mut shard, e.chunk_starts.len() as u32);
            for &s in &e.chunk_starts {
                encode::push_binary(&mut shard, s);
            }
        }
        shard.extend_from_slice(&e.page_list);
    }
    flush(&mut group, &mut groups, &mut files);
    files.push(bytes_file(format!("search/s/{n}.js"), "shard", &n.to_string(), &shard, known));
    files
}

/// One key's positions in a positions file: the key's two characters (code
/// points), its two Rice parameters, the length of its data, the data.
fn push_positions(out: &mut Vec<u8>, key: &str, rice: [u8; 2], data: &[u8]) {
    for c in key.chars() {
        encode::push_binary(out, c as u32);
    }
    out.extend_from_slice(&rice);
    encode::push_binary(out, data.len() as u32);
    out.extend_from_slice(data);
}

/// Per page, what the filters of the search page need for every page, as
/// compact numbers: kind and year together, then topics. Loaded only when a
/// reader opens the filters.
fn facets_file(lib: &Library) -> OutputFile {
    let mut out = Vec::new();
    for p in &lib.pages {
        let year =
            p.meta.date.map(|d| d.year as u32).filter(|y| *y >= YEAR_BASE).map(|y| y - YEAR_BASE + 1).unwrap_or(0);
        encode::push(&mut out, year * 3 + kind_index(p));
        let topics = topic_ids(lib, p);
        encode::push(&mut out, topics.len() as u32);
        for t in topics {
            encode::push(&mut out, t);
        }
    }
    js_call("search/pages.js".into(), "pages", &json(ascii(&out)))
}

fn kind_index(p: &crate::content::Page) -> u32 {
    crate::content::Kind::ALL.iter().position(|k| *k == p.kind).unwrap_or(0) as u32
}

fn topic_ids(lib: &Library, p: &crate::content::Page) -> Vec<u32> {
    p.meta.topics.iter().filter_map(|t| lib.topics.iter().position(|x| &x.name == t)).map(|t| t as u32).collect()
}

/// Years are stored from here on (0 means no date).
const YEAR_BASE: u32 = 1900;

#[derive(Serialize)]
struct Head<'a> {
    /// title
    t: &'a str,
    /// URL, relative to the site root
    u: &'a str,
    /// date
    d: Option<String>,
    /// kind: 0 study, 1 rule, 2 plan
    k: u32,
    /// topics, as indexes into the directory's list
    p: Vec<u32>,
    /// a rule's status (in_force, revised, repealed)
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<crate::content::Status>,
    /// a version's date, for a rule in several versions
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
}

#[derive(Serialize)]
struct Text<'a> {
    /// the text as indexed: title, issuer and document number, body
    x: &'a str,
    /// where the body starts in `x` (a char offset)
    b: usize,
    /// sections: [char offset in the text, anchor, title, heading level]
    s: Vec<(usize, &'a str, &'a str, u8)>,
}

/// Every page's head and text (`search/h/`, `search/p/`): what search
/// results show, and what large print packs load their readings from.
pub fn fragments(lib: &Library) -> Vec<OutputFile> {
    fragments_of(lib, &page_texts(lib), None)
}

fn fragments_of(lib: &Library, texts: &[String], cache: Option<&mut Cache>) -> Vec<OutputFile> {
    let dictionary = dictionary::train(texts);
    let known = cache.as_deref().map(|c| &c.files);
    let keyed: Vec<(u64, (String, OutputFile))> = (0..lib.pages.len())
        .into_par_iter()
        .map(|i| page_files(lib, i, &texts[i], dictionary.as_ref(), known))
        .collect();
    let mut files: Vec<OutputFile> = keyed
        .chunks(HEADS_PER_FILE)
        .enumerate()
        .map(|(n, group)| {
            let heads: Vec<&str> = group.iter().map(|(_, (head, _))| head.as_str()).collect();
            js_call(format!("search/h/{n}.js"), "heads", &format!("{n},[{}]", heads.join(",")))
        })
        .collect();
    files.extend(keyed.iter().map(|(_, (_, text))| text.clone()));
    if let Some(cache) = cache {
        cache.files = keyed.into_iter().collect();
    }
    if let Some(d) = dictionary {
        let path = format!("search/p/{}.js", d.name);
        files.push(bytes_file(path, "dictionary", &d.name, &deflate(&d.bytes, &[]), None).1);
    }
    files
}

/// Every page's [`page_text`], once: the index and the fragments both read it.
fn page_texts(lib: &Library) -> Vec<String> {
    lib.pages.par_iter().zip(lib.rendered.par_iter()).map(|(p, r)| page_text(p, &r.text)).collect()
}

/// Heads of this many pages share a file (`search/h/n.js` holds those of
/// pages 4n to 4n + 3; search.js, headOf): 7,500 fewer files on 10,000
/// pages, and 30 MB fewer 4 KB blocks, for three other heads (about 600
/// bytes) brought along with each result's.
const HEADS_PER_FILE: usize = 4;

/// Per page, what a result shows at once (its head, for `search/h/`: title,
/// URL, date), and what its sections and snippets come from (`search/p/`:
/// text and sections), loaded only when the result is seen.
/// With `known` files of earlier builds, unchanged ones are reused; returns
/// the hash of what they are made from too (0 without).
fn page_files(
    lib: &Library,
    i: usize,
    text: &str,
    dictionary: Option<&dictionary::Dictionary>,
    known: Option<&HashMap<u64, (String, OutputFile)>>,
) -> (u64, (String, OutputFile)) {
    let p = &lib.pages[i];
    let r = &lib.rendered[i];
    let shift = prefix_chars(text, &r.text);
    let head = Head {
        t: &p.title,
        u: &p.url,
        d: p.meta.date.map(|d| d.to_string()),
        k: kind_index(p),
        p: topic_ids(lib, p),
        s: lib.status(i),
        v: lib.versions.group_of[i].and(lib.versions.dates[i]).map(|d| d.to_string()),
    };
    let body = Text {
        x: text,
        b: shift,
        s: r.spans.iter().map(|s| (s.offset + shift, s.id.as_str(), s.title.as_str(), s.level)).collect(),
    };
    let (head, body) = (json(&head), format!("{i},{}", json(&body)));
    let key = known.map_or(0, |_| crate::build::hash(&(&head, &body, dictionary.map(|d| &d.name))));
    if let Some(files) = known.and_then(|k| k.get(&key)) {
        return (key, files.clone());
    }
    (key, (head, packed_call(format!("search/p/{i}.js"), "text", &body, dictionary)))
}

/// The table as numbers: per entry, the gap from the previous Traditional
/// character and the distance to its Simplified one (zigzag-signed).
fn t2s_file() -> OutputFile {
    let mut out = Vec::new();
    let mut last = 0u32;
    for (&t, &s) in T2S.iter() {
        let (t, s) = (t as u32, s as u32);
        encode::push(&mut out, t - last);
        let d = s as i64 - t as i64;
        encode::push(&mut out, if d < 0 { (-d * 2 - 1) as u32 } else { (d * 2) as u32 });
        last = t;
    }
    js_call("search/t2s.js".into(), "t2s", &json(ascii(&out)))
}

#[derive(Serialize)]
struct Directory<'a> {
    pages: usize,
    /// The first key of each shard, in UTF-16 order, written one after the
    /// other (every key is two characters).
    shards: String,
    topics: Vec<&'a str>,
    /// The characters that join words into one query string ([`normalize::JOINERS`]).
    joiners: &'static str,
    /// Where a page's body starts in its positions ([`BODY_START`]).
    body_start: u32,
    /// Version of the index format.
    v: u32,
    /// A hash of every other file of the index.
    id: String,
    /// Pairs [older version, version in force] of rules: search ranks the
    /// one in force above its older versions.
    current: Vec<[usize; 2]>,
}

fn directory_file(lib: &Library, first_keys: &[String], id: u64) -> OutputFile {
    let d = Directory {
        pages: lib.pages.len(),
        shards: first_keys.concat(),
        topics: lib.topics.iter().map(|t| t.name.as_str()).collect(),
        joiners: normalize::JOINERS,
        body_start: BODY_START,
        v: 8,
        id: format!("{id:016x}"),
        current: current_versions(lib),
    };
    // In UTF-16 like the other index files: the first keys, two Chinese
    // characters a shard, take 4 bytes rather than 6 (6.2 KB → 4.4 KB on
    // 10,000 pages), and this file is loaded before the first query.
    let call = format!("__shuyuan.index({});\n", json(&d));
    OutputFile::new("search/index.js", encode::utf16_script(&call, &[], ""))
}

/// Every older version of a rule with the version in force of its rule.
fn current_versions(lib: &Library) -> Vec<[usize; 2]> {
    let v = &lib.versions;
    let in_force = |g: usize| v.current(g);
    (0..lib.pages.len())
        .filter_map(|i| {
            let c = v.group_of[i].and_then(in_force)?;
            (c != i).then_some([i, c])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_read_with_the_title_and_leave_their_line_breaks_in_the_text() {
        let text = "标题\n引言。\n一、做法\n正文。";
        let heading = text.chars().position(|c| c == '一').unwrap();
        let page = Indexed { title: "标题", text, headings: vec![heading] };
        let (norm, title_length) = page.with_normalized(|norm, n| (norm.iter().collect::<String>(), n));
        assert_eq!(norm, "标题\n\n一、做法\n引言。\n\n正文。");
        assert_eq!(title_length, "标题\n\n一、做法".chars().count());
    }

    #[test]
    fn a_joiner_between_word_characters_is_indexed_with_the_character_after_it() {
        let pp = page_postings(&Indexed { title: "t", text: "t\nv8.0 a-b, c. d -e 1：2", headings: vec![] });
        let body = pp.pairs.iter().filter(|p| p.position() >= BODY_START);
        let keys: Vec<(String, u32)> = body.map(|p| (key_string(p.key()), p.position() - BODY_START)).collect();
        for want in [(".0", 3), ("-b", 7), (":2", 20)] {
            assert!(keys.contains(&(want.0.to_string(), want.1)), "{want:?} missing from {keys:?}");
        }
        assert!(keys.contains(&("8 ".to_string(), 2)), "the word before still ends there");
        for (k, _) in &keys {
            assert!(!matches!(k.as_str(), ", " | ". " | "- " | "-e"), "{k:?}: not between two word characters");
        }
    }

    #[test]
    fn page_postings_index_every_bigram_and_word_ends() {
        let pp = page_postings(&Indexed { title: "标题", text: "标题\n意识形态。QQ群", headings: vec![] });
        let keys: Vec<String> = pp.groups().map(|(k, _)| key_string(k)).collect();
        for want in ["标题", "题 ", "意识", "识形", "形态", "态 ", "qq", "q群", "群 "] {
            assert!(keys.contains(&want.to_string()), "{want} missing from {keys:?}");
        }
        let title: Vec<u32> = pp.pairs.iter().filter(|p| key_string(p.key()) == "标题").map(|p| p.position()).collect();
        assert_eq!(title, vec![0], "title positions stay below BODY_START");
        let pos: Vec<u32> = pp.pairs.iter().filter(|p| key_string(p.key()) == "意识").map(|p| p.position()).collect();
        assert_eq!(pos, vec![BODY_START + 1], "after the title and its newline");
    }

    /// Reads what [`Bits`] writes, as search.js (riceReader) does.
    fn read_rice(bytes: &[u8], k: u8, count: usize) -> Vec<u32> {
        read_codes(bytes, &vec![k; count])
    }

    /// Reads one code for each of these parameters.
    fn read_codes(bytes: &[u8], ks: &[u8]) -> Vec<u32> {
        let mut bit_at = 0;
        let mut bit = || {
            let b = bytes[bit_at / 8] >> (bit_at % 8) & 1;
            bit_at += 1;
            b as u32
        };
        ks.iter()
            .map(|&k| {
                let mut q = 0;
                while bit() == 1 {
                    q += 1;
                }
                let r = (0..k).fold(0, |r, j| r | bit() << j);
                (q << k) + r
            })
            .collect()
    }

    #[test]
    fn rice_codes_are_written_from_the_lowest_bit_and_read_back() {
        let mut bits = Bits::default();
        bits.rice(5, 1);
        // 5 >> 1 = 2 ones, a zero, then the low bit 1: 1,1,0,1 from bit 0 up.
        assert_eq!(bits.finish(), [0b1011]);
        let values: Vec<u32> = (0..500u32).map(|i| i * i % 997 + (i % 7) * 40_000).collect();
        for k in [0, 3, 9, 17] {
            let mut bits = Bits::default();
            values.iter().for_each(|&v| bits.rice(v, k));
            assert_eq!(read_rice(&bits.finish(), k, values.len()), values, "k = {k}");
        }
        // Whole bytes so far count, those still pending too (chunks are cut by it).
        let mut bits = Bits::default();
        (0..15).for_each(|_| bits.rice(0, 2));
        assert_eq!(bits.len(), 45 / 8);
        assert_eq!(bits.finish().len(), 6);
        assert_eq!(rice_parameter((0, 0)), 0);
        assert_eq!(rice_parameter((1000, 10)), 6, "mean 100: 2^6 = 64 <= 100 < 128");
    }

    /// A LEB128 varint at `at`, and where the next thing starts.
    fn read_varint(bytes: &[u8], mut at: usize) -> (u32, usize) {
        let mut n = 0;
        for shift in (0..).step_by(7) {
            n |= ((bytes[at] & 0x7f) as u32) << shift;
            at += 1;
            if bytes[at - 1] < 0x80 {
                break;
            }
        }
        (n, at)
    }

    #[test]
    fn a_key_written_as_it_comes_reads_back_with_the_parameters_of_its_first_numbers() {
        // 3,000 pages: the first with one position near the start of the
        // body, the later with many far apart, so that all the numbers would
        // choose larger parameters than the first KEPT_NUMBERS do.
        let page_positions = |page: u32| -> Vec<u32> {
            let count = if page < 1500 { 1 } else { 4 };
            (0..count).map(|i| BODY_START + 3 + i * 900).collect()
        };
        let mut e = Encoded::default();
        let pages: Vec<u32> = (0..3000).map(|i| i * 9).collect();
        for &page in &pages {
            let group: Vec<Posting> = page_positions(page / 9).into_iter().map(|p| Posting::new(7, p)).collect();
            e.add(page, &group);
        }
        e.finish();
        assert!(e.chunks.len() > 1, "the positions are cut into chunks");
        // The page list: pages, parameters, length, codes.
        let (count, at) = read_varint(&e.page_list, 0);
        assert_eq!(count, 3000);
        let rice = [e.page_list[at], e.page_list[at + 1]];
        assert_eq!(rice, [2, 0], "from the first pages: gaps of 8 (mean 7 with the first, 0), counts of one");
        let (len, at) = read_varint(&e.page_list, at + 2);
        let numbers = read_codes(&e.page_list[at..at + len as usize], &rice.repeat(3000));
        for (i, &page) in pages.iter().enumerate() {
            let count = page_positions(page / 9).len() as u32;
            assert_eq!(numbers[2 * i..2 * i + 2], [if i == 0 { 0 } else { 8 }, (count - 1) << 1], "page {page}");
        }
        // Each chunk: per page, the first position from BODY_START, then gaps less one.
        let rice = e.position_rice();
        assert_eq!(rice, [1, 0], "first positions of 3, no gaps among the first pages");
        let mut bounds = vec![0];
        bounds.extend(&e.chunk_starts);
        bounds.push(3000);
        for (c, chunk) in e.chunks.iter().enumerate() {
            let (mut want, mut ks) = (Vec::new(), Vec::new());
            for i in bounds[c]..bounds[c + 1] {
                let positions = page_positions(pages[i as usize] / 9);
                want.push(positions[0] - BODY_START);
                want.extend(positions.windows(2).map(|w| w[1] - w[0] - 1));
                ks.extend([rice[0]].into_iter().chain(std::iter::repeat_n(rice[1], positions.len() - 1)));
            }
            assert_eq!(read_codes(chunk, &ks), want, "chunk {c}");
        }
    }

    #[test]
    fn a_page_list_holds_its_length_parameters_and_rice_codes() {
        let mut list = PageList::default();
        for (page, count, in_title) in [(3, 1, false), (4, 2, true), (10, 5, false)] {
            list.add(page, count, in_title);
        }
        list.finish();
        let b = &list.bytes;
        assert_eq!(b[0], 3, "three pages");
        let (gap_k, more_k, len) = (b[1], b[2], b[3] as usize);
        assert_eq!(len, b.len() - 4);
        // Read in turn, as search.js (decodePageList) does.
        let mut bits = Bits::default();
        for (gap, more) in [(3, 0), (0, 3), (5, 8)] {
            bits.rice(gap, gap_k);
            bits.rice(more, more_k);
        }
        assert_eq!(&b[4..], bits.finish(), "gaps 3, 0, 5; counts less one, doubled, plus title: 0, 3, 8");
    }

    #[test]
    fn a_title_longer_than_body_start_counts_as_body_past_it() {
        let title = "题".repeat(BODY_START as usize + 10);
        let text = format!("{title}\n正文");
        let pp = page_postings(&Indexed { title: &title, text: &text, headings: vec![] });
        let body = pp.pairs.iter().find(|p| key_string(p.key()) == "正文").expect("the body is indexed");
        assert_eq!(body.position(), BODY_START + 10 + 1, "after the title's 4,106 characters and its newline");
    }
}
