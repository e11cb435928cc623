//! Postings: every bigram of every page with its positions, and each
//! bigram's postings over all pages encoded as it comes ([`Encoded`]): its
//! page list, and its positions as Rice codes cut into chunks.
//! In: each page as the index reads it ([`Indexed`]). Out: every bigram's
//! [`Encoded`] postings, in the order the browser compares keys.

use super::codec::{page_list_bytes, rice_parameter, Bits, Numbers};
use super::directory::{BODY_START, END};
use super::normalize::{self, is_word};
use super::shards::range_bounds;
use super::text::Indexed;
use super::Limits;
use crate::output::{Spill, Spilled};
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::Arc;

/// A bigram at a position: the key's 42 bits above the position's 22, so
/// that sorting sorts by key, then position, and a page's postings take
/// 8 bytes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Posting(u64);

const POSITION_BITS: u32 = 22;

/// Positions must fit in their bits: text past this many characters of a
/// page (about 4 million) is not indexed.
pub(super) const MAX_POSITION: u32 = (1 << POSITION_BITS) - 1;

impl Posting {
    pub(super) fn new(key: u64, position: u32) -> Posting {
        Posting((key << POSITION_BITS) | position as u64)
    }
    pub(super) fn key(self) -> u64 {
        self.0 >> POSITION_BITS
    }
    pub(super) fn position(self) -> u32 {
        (self.0 & MAX_POSITION as u64) as u32
    }
}

/// One page's bigram positions, sorted by key, then position.
pub(super) struct PagePostings {
    pub(super) pairs: Vec<Posting>,
}

impl PagePostings {
    /// The postings packed to keep ([`Packed`]).
    pub(super) fn pack(&self) -> Packed {
        let mut numbers = Numbers::default();
        let mut last = 0;
        for p in &self.pairs {
            numbers.push(p.0 - last);
            last = p.0;
        }
        Packed(numbers)
    }

    /// The positions of each key, in key order.
    #[cfg(test)]
    fn groups(&self) -> impl Iterator<Item = (u64, &[Posting])> {
        self.pairs.chunk_by(|a, b| a.key() == b.key()).map(|g| (g[0].key(), g))
    }
}

/// A bigram as a number: 21 bits a character.
pub(super) fn key(a: char, b: char) -> u64 {
    ((a as u64) << 21) | b as u64
}

/// The key of a bigram written as a string ([`key_string`]'s inverse).
pub(super) fn key_of(bigram: &str) -> u64 {
    let mut c = bigram.chars();
    key(c.next().unwrap_or('\0'), c.next().unwrap_or('\0'))
}

pub(super) fn key_string(k: u64) -> String {
    let a = char::from_u32((k >> 21) as u32).unwrap_or(END);
    let b = char::from_u32((k & 0x1F_FFFF) as u32).unwrap_or(END);
    [a, b].iter().collect()
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
/// On 10,000 pages 170 files at 64 KB, against 1,513 at 16 KB: a word
/// checked on many pages loads all of a key's chunks anyway (the p95
/// query), one checked on a few loads up to 64 KB a key.
pub const POSITION_CHUNK_BYTES: usize = 64 * 1024;

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
pub(super) struct Encoded {
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
    /// Positions are cut into chunks of about this many bytes.
    chunk_bytes: usize,
    /// In a build that writes to disk, where the positions are set aside,
    /// [`PIECE_BYTES`] at a time, until their files are made.
    aside: Option<Arc<Spill>>,
    /// The pieces of the chunk being written set aside so far, and their bytes.
    pieces: Vec<Spilled>,
    pieces_len: usize,
    pub(super) chunks: Vec<Chunk>,
    /// Index in this key's page list where each chunk after the first starts.
    pub(super) chunk_starts: Vec<u32>,
    /// Once finished, the page list.
    pub(super) page_list: Vec<u8>,
    /// Its positions are so many that the 3- and 4-character strings it
    /// covers have page lists of their own (see [`super::grams`]).
    pub(super) heavy: bool,
}

/// Numbers of a key kept before they are written; its Rice parameters come
/// from the first this many. Most keys have fewer, and keep all of theirs
/// until the last page: on 10,000 pages, 4,096 held 87 MB more at the end
/// of encoding than 256 (peak 443 against 356 MB) for an index 0.8 MB
/// smaller (90.0 against 90.8 MB); 1,024 holds 365 MB at the peak and
/// makes 90.2 MB. Parameters from all the numbers made it 0.1 MB smaller still.
const KEPT_NUMBERS: usize = 1024;

/// Positions set aside are written this many bytes at a time: what a key
/// holds of them meanwhile. Holding every key's chunks until their files
/// were made took about 85 MB on 10,000 pages and 950 MB on 100,000.
const PIECE_BYTES: usize = 8 * 1024;

/// A chunk of a key's positions: held, or set aside in pieces.
pub(super) enum Chunk {
    Held(Vec<u8>),
    Aside { pieces: Vec<Spilled>, len: usize },
}

impl Chunk {
    /// Its bytes, read back when they were set aside.
    pub(super) fn bytes(&self) -> Result<Cow<'_, [u8]>> {
        match self {
            Chunk::Held(bytes) => Ok(Cow::Borrowed(bytes)),
            Chunk::Aside { pieces, len } => {
                let mut bytes = Vec::with_capacity(*len);
                for piece in pieces {
                    piece.append_to(&mut bytes)?;
                }
                Ok(Cow::Owned(bytes))
            }
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Chunk::Held(bytes) => bytes.len(),
            Chunk::Aside { len, .. } => *len,
        }
    }
}

impl Encoded {
    /// A key's postings with positions cut into chunks of about
    /// `chunk_bytes`, set aside in `aside` when it is given.
    fn new(chunk_bytes: usize, aside: Option<&Arc<Spill>>) -> Encoded {
        Encoded { chunk_bytes, aside: aside.cloned(), ..Encoded::default() }
    }

    fn add(&mut self, page: u32, group: &[Posting]) -> Result<()> {
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
            self.write_kept()?;
        }
        Ok(())
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
    fn write_kept(&mut self) -> Result<()> {
        let rice = self.rice();
        let mut at = 0;
        while at < self.kept.len() {
            let (gap, count) = (self.kept[at], self.kept[at + 1]);
            let end = at + 3 + (count >> 1) as usize;
            if self.pieces_len + self.bits.len() >= self.chunk_bytes {
                self.close_chunk()?;
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
            if let Some(aside) = self.aside.as_ref().filter(|_| self.bits.len() >= PIECE_BYTES) {
                let words = self.bits.take_words();
                self.pieces_len += words.len();
                self.pieces.push(aside.put_bytes(&words)?);
            }
        }
        self.kept.clear();
        Ok(())
    }

    /// Ends the chunk being written.
    fn close_chunk(&mut self) -> Result<()> {
        let last = self.bits.finish();
        let chunk = match &self.aside {
            None => Chunk::Held(last),
            Some(aside) => {
                let mut pieces = std::mem::take(&mut self.pieces);
                pieces.push(aside.put_bytes(&last)?);
                Chunk::Aside { pieces, len: std::mem::take(&mut self.pieces_len) + last.len() }
            }
        };
        self.chunks.push(chunk);
        Ok(())
    }

    /// Writes the rest, and the page list.
    fn finish(&mut self) -> Result<()> {
        self.write_kept()?;
        self.close_chunk()?;
        self.kept = Vec::new();
        let rice = self.rice();
        self.page_list = page_list_bytes(self.pages, [rice[0], rice[1]], &self.list.finish());
        Ok(())
    }

    /// The Rice parameters of first positions and of gaps between them.
    pub(super) fn position_rice(&self) -> [u8; 2] {
        let rice = self.rice.unwrap_or_default();
        [rice[2], rice[3]]
    }

    /// Bytes of its positions.
    fn position_bytes(&self) -> usize {
        self.chunks.iter().map(Chunk::len).sum()
    }
}

/// A page's postings as live preview keeps them between refreshes: each
/// one's difference from the one before ([`Numbers`]). On 10,000 pages
/// they were 256 MB as they are encoded, 8 bytes each; packed, 122 MB
/// (a key's first posting takes about 7 bytes, the others 1 or 2).
pub(super) struct Packed(Numbers);

impl Packed {
    pub(super) fn unpack(&self) -> PagePostings {
        let mut pairs = Vec::with_capacity(self.0.len());
        let mut last = 0;
        for gap in self.0.iter() {
            last += gap;
            pairs.push(Posting(last));
        }
        PagePostings { pairs }
    }
}

/// Bounds of `n` key ranges holding about as many positions each, from a
/// sample of the `pages` pages: the first is 0, the last `u64::MAX`.
fn key_ranges(
    pages: usize,
    postings: &(impl Fn(usize) -> Result<(PagePostings, Option<Arc<Packed>>)> + Sync),
    n: usize,
) -> Result<Vec<u64>> {
    let step = (pages / 64).max(1);
    let sample: Vec<Vec<u64>> = (0..pages)
        .into_par_iter()
        .step_by(step)
        .map(|i| Ok(postings(i)?.0.pairs.iter().map(|x| x.key()).collect()))
        .collect::<Result<_>>()?;
    Ok(range_bounds(sample.concat(), n, u64::MAX))
}

/// Every key's postings over all pages, finished, with the figures of the
/// pass and, with page keys (a cache), every page's postings to keep.
pub(super) struct Encoding {
    pub(super) keys: Vec<(u64, Encoded)>,
    pub(super) positions: usize,
    pub(super) pages: Vec<Arc<Packed>>,
}

/// Encodes the postings of the pages `0..pages`, each made by `page` as
/// it is needed; with `known` postings of earlier builds by page key, those
/// of unchanged pages are reused.
pub(super) fn encode<'a>(
    pages: usize,
    page: &(impl Fn(usize) -> Result<Indexed<'a>> + Sync),
    page_keys: Option<&[u64]>,
    known: Option<&HashMap<u64, Arc<Packed>>>,
    limits: &Limits,
    aside: Option<&Arc<Spill>>,
) -> Result<Encoding> {
    // A page's postings, and what was kept of them, when they were.
    let postings_of_page = |i: usize| match (known, page_keys) {
        (Some(known), Some(keys)) if known.contains_key(&keys[i]) => {
            let packed = &known[&keys[i]];
            Ok((packed.unpack(), Some(packed.clone())))
        }
        _ => Ok((page_postings(&page(i)?), None)),
    };
    // Keys are split into ranges encoded in parallel, each over all pages in
    // order; a page's keys are sorted, so each range is one slice of them.
    let bounds = key_ranges(pages, &postings_of_page, rayon::current_num_threads() * 4)?;
    let mut encoders: Vec<HashMap<u64, Encoded>> = bounds[1..].iter().map(|_| HashMap::default()).collect();
    let (mut kept, mut positions) = (Vec::new(), 0);
    // Pages go through in batches, so that only a batch's postings are held
    // at a time (all of them would be 256 MB on 10,000 pages: memory the
    // kernel must hand out and zero, which took longer than the encoding).
    for start in (0..pages).step_by(limits.batch) {
        let end = (start + limits.batch).min(pages);
        let batch: Vec<(PagePostings, Option<Arc<Packed>>)> =
            (start..end).into_par_iter().map(postings_of_page).collect::<Result<_>>()?;
        positions += batch.iter().map(|p| p.0.pairs.len()).sum::<usize>();
        encoders.par_iter_mut().zip(bounds.par_windows(2)).try_for_each(|(postings, range)| {
            for (page, (pp, _)) in (start..).zip(&batch) {
                let from = pp.pairs.partition_point(|p| p.key() < range[0]);
                let to = pp.pairs.partition_point(|p| p.key() < range[1]);
                for group in pp.pairs[from..to].chunk_by(|a, b| a.key() == b.key()) {
                    let encoded = postings.entry(group[0].key());
                    encoded
                        .or_insert_with(|| Encoded::new(limits.position_chunk_bytes, aside))
                        .add(page as u32, group)?;
                }
            }
            Ok::<_, anyhow::Error>(())
        })?;
        crate::progress::add(crate::progress::Stage::Indexed, end - start);
        if page_keys.is_some() {
            let packed = batch.into_par_iter().map(|(pp, packed)| packed.unwrap_or_else(|| Arc::new(pp.pack())));
            kept.par_extend(packed);
        }
    }
    let keys = encoders
        .into_par_iter()
        .flat_map_iter(|postings| {
            postings.into_iter().map(|(k, mut e)| {
                e.finish()?;
                Ok((k, e))
            })
        })
        .collect::<Result<_>>()?;
    Ok(Encoding { keys, positions, pages: kept })
}

/// Bytes of positions of each key.
pub(super) fn sizes(keys: &[(u64, Encoded)]) -> Vec<(u64, usize)> {
    keys.iter().map(|(k, e)| (*k, e.position_bytes())).collect()
}

/// The keys as strings, `heavy` ones marked, with the `absent` keys of
/// other parts (no postings), in the order the browser compares strings:
/// by UTF-16 code unit.
pub(super) fn sorted(
    keys: Vec<(u64, Encoded)>,
    heavy: &HashSet<u64>,
    absent: Vec<u64>,
) -> Vec<(String, Option<Encoded>)> {
    let here = keys.into_iter().map(|(k, e)| (key_string(k), Some(Encoded { heavy: heavy.contains(&k), ..e })));
    let mut keys: Vec<(String, Option<Encoded>)> =
        here.chain(absent.into_iter().map(|k| (key_string(k), None))).collect();
    keys.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    keys
}

#[cfg(test)]
mod tests {
    use super::super::codec::tests::{read_codes, read_varint};
    use super::*;

    #[test]
    fn a_joiner_between_word_characters_is_indexed_with_the_character_after_it() {
        let pp = page_postings(&Indexed { title: "t", text: "t\nv8.0 a-b, c. d -e 1：2".into(), headings: vec![] });
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
        let pp =
            page_postings(&Indexed { title: "标题", text: "标题\n意识形态。QQ群".into(), headings: vec![] });
        let keys: Vec<String> = pp.groups().map(|(k, _)| key_string(k)).collect();
        for want in ["标题", "题 ", "意识", "识形", "形态", "态 ", "qq", "q群", "群 "] {
            assert!(keys.contains(&want.to_string()), "{want} missing from {keys:?}");
        }
        let title: Vec<u32> = pp.pairs.iter().filter(|p| key_string(p.key()) == "标题").map(|p| p.position()).collect();
        assert_eq!(title, vec![0], "title positions stay below BODY_START");
        let pos: Vec<u32> = pp.pairs.iter().filter(|p| key_string(p.key()) == "意识").map(|p| p.position()).collect();
        assert_eq!(pos, vec![BODY_START + 1], "after the title and its newline");
    }

    #[test]
    fn postings_kept_packed_unpack_as_they_were() {
        let text = format!("标题\n{}v8.0", "意识形态工作，".repeat(200));
        let pp = page_postings(&Indexed { title: "标题", text, headings: vec![] });
        let packed = pp.pack();
        // Positions of one key take a byte or two; a key's first, more.
        assert!(
            packed.0.bytes_len() < pp.pairs.len() * 2,
            "{} bytes for {} postings",
            packed.0.bytes_len(),
            pp.pairs.len()
        );
        assert_eq!(packed.unpack().pairs, pp.pairs);
        assert!(PagePostings { pairs: vec![] }.pack().unpack().pairs.is_empty());
    }

    #[test]
    fn positions_set_aside_in_pieces_read_back_as_the_ones_held() {
        let dir = tempfile::tempdir().unwrap();
        let staging = crate::output::Staging::begin(&dir.path().join("public")).unwrap();
        let spill = staging.spill("positions").unwrap();
        let (mut held, mut aside) =
            (Encoded::new(POSITION_CHUNK_BYTES, None), Encoded::new(POSITION_CHUNK_BYTES, Some(&spill)));
        for page in 0..100_000u32 {
            let group: Vec<Posting> =
                (0..1 + page % 5).map(|i| Posting::new(7, BODY_START + page % 97 + i * 31)).collect();
            held.add(page * 3, &group).unwrap();
            aside.add(page * 3, &group).unwrap();
        }
        held.finish().unwrap();
        aside.finish().unwrap();
        assert!(held.chunks.len() > 2, "several chunks: {}", held.chunks.len());
        assert_eq!(held.chunk_starts, aside.chunk_starts);
        assert_eq!(held.page_list, aside.page_list);
        assert_eq!(held.chunks.len(), aside.chunks.len());
        for (h, a) in held.chunks.iter().zip(&aside.chunks) {
            assert!(matches!(a, Chunk::Aside { pieces, .. } if pieces.len() > 2), "each chunk in pieces");
            assert_eq!(h.bytes().unwrap(), a.bytes().unwrap());
            assert_eq!(h.len(), a.len());
        }
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
        let mut e = Encoded::new(POSITION_CHUNK_BYTES, None);
        let pages: Vec<u32> = (0..3000).map(|i| i * 9).collect();
        for &page in &pages {
            let group: Vec<Posting> = page_positions(page / 9).into_iter().map(|p| Posting::new(7, p)).collect();
            e.add(page, &group).unwrap();
        }
        e.finish().unwrap();
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
            assert_eq!(read_codes(&chunk.bytes().unwrap(), &ks), want, "chunk {c}");
        }
    }

    #[test]
    fn a_title_longer_than_body_start_counts_as_body_past_it() {
        let title = "题".repeat(BODY_START as usize + 10);
        let text = format!("{title}\n正文");
        let pp = page_postings(&Indexed { title: &title, text: text.clone(), headings: vec![] });
        let body = pp.pairs.iter().find(|p| key_string(p.key()) == "正文").expect("the body is indexed");
        assert_eq!(body.position(), BODY_START + 10 + 1, "after the title's 4,106 characters and its newline");
    }
}
