//! Page lists of the 3- and 4-character strings that hold a heavy bigram.
//!
//! A word of three or more characters is found by checking the positions of
//! the bigrams that cover it. For the few bigrams that occur everywhere
//! (意识, 形态, 工作 in a library about 意识形态工作) those positions run to
//! hundreds of kilobytes, so a three- or four-character word made of them
//! would load all of that. Such words get a page list of their own: every
//! 3-character string whose covering bigrams (at 0 and 1) include a heavy
//! one, and every 4-character string whose covering bigrams (at 0 and 2) do,
//! has its pages listed, so the browser answers it from that list alone. A
//! string that holds a heavy bigram and has no list occurs nowhere.
//! Files, for each part of the index: `search/g/index-P.js` (the first
//! string of each of its shards, loaded only when a query needs it) and
//! `search/g/N.js` (page lists as Rice codes).

use super::codec::{push_binary, Numbers, PageList};
use super::directory::BODY_START;
use super::files::{bytes_file, js_call, json, Call, KnownFiles};
use super::normalize::is_word;
use super::postings::{key, MAX_POSITION};
use super::shards::{cut_shards, range_bounds};
use super::text::Indexed;
use crate::output::OutputFile;
use anyhow::Result;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// A bigram is heavy when its positions take more than this many bytes (the
/// default of [`super::Limits::heavy_min_bytes`], which tests set small). A
/// 3- or 4-character word is checked against two covering bigrams, so one
/// made of lighter ones loads at most twice this, within the 300 KB a query
/// may load. Each heavy bigram costs the build a list for every string
/// around each of its positions: on 10,000 pages 144 KB makes 14 bigrams
/// heavy (96 KB made 26, 16 KB 57), and the listed strings take about 0.1 s
/// less of the processor than with 96 KB...
pub const HEAVY_MIN_BYTES: usize = 144 * 1024;
/// ...and it is among this share of the bigrams with the most positions.
const HEAVY_SHARE: usize = 200;

/// The heavy bigrams, from each bigram's bytes of positions: more than
/// `min_bytes` ([`HEAVY_MIN_BYTES`] but in tests), and among the top share.
pub(super) fn heavy(sizes: &[(u64, usize)], min_bytes: usize) -> HashSet<u64> {
    let mut by_size: Vec<usize> = sizes.iter().map(|s| s.1).collect();
    by_size.sort_unstable_by(|a, b| b.cmp(a));
    let top = by_size.get(sizes.len() / HEAVY_SHARE).copied().unwrap_or(0);
    sizes.iter().filter(|s| s.1 > min_bytes && s.1 >= top).map(|s| s.0).collect()
}

/// A 3- or 4-character string, 16 bits a character (the fourth 0 for
/// three). Only strings of the Basic Multilingual Plane are listed; the
/// browser checks positions for the rare others (search.js, findWord).
type Gram = u64;

fn gram(chars: &[char]) -> Option<Gram> {
    let g = chars.iter().try_fold(0, |g, &c| u16::try_from(c as u32).ok().map(|c| (g << 16) | c as Gram))?;
    Some(g << (16 * (4 - chars.len())))
}

fn gram_string(g: Gram) -> String {
    (0..4).rev().filter_map(|i| char::from_u32(((g >> (16 * i)) & 0xFFFF) as u32)).filter(|&c| c != '\0').collect()
}

/// One page's listed strings: (string, occurrences, whether one is in the title).
type PageGrams = Vec<(Gram, u32, bool)>;

/// What live preview keeps between refreshes: each page's strings, packed,
/// by a hash of its title and text, while the heavy bigrams stay the same.
#[derive(Default)]
pub(super) struct Cache {
    heavy: u64,
    pages: HashMap<u64, Arc<Packed>>,
}

/// A page's strings as the cache keeps them: per string, its difference
/// from the one before, then its occurrences doubled, plus one when one is
/// in the title ([`Numbers`]). On 10,000 pages, 4.6 million strings took
/// 73 MB as [`PageGrams`].
struct Packed(Numbers);

impl Packed {
    fn new(grams: &PageGrams) -> Packed {
        let mut numbers = Numbers::default();
        let mut last = 0;
        for &(g, count, in_title) in grams {
            numbers.push(g - last);
            numbers.push(((count as u64) << 1) | in_title as u64);
            last = g;
        }
        Packed(numbers)
    }

    fn unpack(&self) -> PageGrams {
        let mut grams = Vec::with_capacity(self.0.len() / 2);
        let (mut numbers, mut last) = (self.0.iter(), 0);
        while let (Some(gap), Some(count)) = (numbers.next(), numbers.next()) {
            last += gap;
            grams.push((last, (count >> 1) as u32, count & 1 == 1));
        }
        grams
    }
}

/// The heavy bigrams, sorted, and a bit for each character of the Basic
/// Multilingual Plane that starts one: most characters of a page are ruled
/// out by that bit alone.
struct Heavy {
    keys: Vec<u64>,
    first: Vec<u64>,
}

impl Heavy {
    fn new<'a>(keys: impl IntoIterator<Item = &'a u64>) -> Heavy {
        let mut keys: Vec<u64> = keys.into_iter().copied().collect();
        keys.sort_unstable();
        let mut first = vec![0u64; 0x10000 / 64];
        for c in keys.iter().map(|k| (k >> 21) as usize).filter(|&c| c < 0x10000) {
            first[c / 64] |= 1 << (c % 64);
        }
        Heavy { keys, first }
    }

    /// Whether a heavy bigram may start with `c`.
    fn may_start(&self, c: char) -> bool {
        let c = c as usize;
        c >= 0x10000 || self.first[c / 64] >> (c % 64) & 1 == 1
    }

    fn contains(&self, a: char, b: char) -> bool {
        self.may_start(a) && self.keys.binary_search(&key(a, b)).is_ok()
    }
}

/// The listed strings of one page, read from its normalised text around
/// each place of a heavy bigram: the 3-character
/// strings with it at 0 or 1, the 4-character ones with it at 0 or 2. Each
/// string is taken at its first heavy covering bigram only, so one place
/// counts once. The first `title_length` characters are the title region; text
/// past the last position the index holds is left out, as it is there.
fn page_grams(text: &[char], title_length: usize, heavy: &Heavy) -> PageGrams {
    let word = |i: usize| text.get(i).is_some_and(|&c| is_word(c));
    let heavy_at = |i: usize| heavy.contains(text[i], text[i + 1]);
    let end = (MAX_POSITION - BODY_START) as usize + 1 + title_length;
    // Every string found, and those found in the title again, in buffers the
    // thread keeps between pages: growing new ones for every page took half
    // the time of this step.
    thread_local! {
        static FOUND: std::cell::RefCell<(Vec<Gram>, Vec<Gram>)> = const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
    }
    FOUND.with_borrow_mut(|(all, title)| {
        all.clear();
        title.clear();
        let mut add = |chars: &[char], start: usize| {
            if let Some(g) = gram(chars) {
                all.push(g);
                if start < title_length {
                    title.push(g);
                }
            }
        };
        for j in 0..text.len().saturating_sub(1).min(end) {
            if !heavy.may_start(text[j]) || !word(j) || !word(j + 1) || !heavy_at(j) {
                continue;
            }
            if word(j + 2) {
                add(&text[j..j + 3], j);
                if word(j + 3) {
                    add(&text[j..j + 4], j);
                }
            }
            if j >= 1 && word(j - 1) && !heavy_at(j - 1) {
                add(&text[j - 1..j + 2], j - 1);
            }
            if j >= 2 && word(j - 1) && word(j - 2) && !heavy_at(j - 2) {
                add(&text[j - 2..j + 2], j - 2);
            }
        }
        all.sort_unstable();
        title.sort_unstable();
        all.chunk_by(|x, y| x == y).map(|g| (g[0], g.len() as u32, title.binary_search(&g[0]).is_ok())).collect()
    })
}

/// Bounds of `n` ranges of strings with about as many pages each, from a
/// sample of the pages: the first is 0, the last `Gram::MAX`.
fn ranges(pages: usize, grams: &(impl Fn(usize) -> Result<Grams> + Sync), n: usize) -> Result<Vec<Gram>> {
    let step = (pages / 64).max(1);
    let sample: Vec<Grams> = (0..pages).into_par_iter().step_by(step).map(grams).collect::<Result<_>>()?;
    Ok(range_bounds(sample.iter().flat_map(|p| p.0.iter().map(|g| g.0)).collect(), n, Gram::MAX))
}

/// A shard of lists is closed once it reaches this many bytes (122 files on
/// 10,000 pages; 438 at 6 KB): only a 3- or 4-character word over a heavy
/// bigram loads one.
const SHARD_BYTES: usize = 24 * 1024;

/// The files of the lists of one part, from its pages `0..pages` as the
/// index reads them, each made by `page` as it is needed, `batch` at a
/// time, and, with a cache, the hash of each page: `numbers` are the part's
/// number and the number its files start from. None when no bigram is
/// heavy; else the shards, then their index.
#[allow(clippy::too_many_arguments)]
pub(super) fn files<'a>(
    pages: usize,
    page: &(impl Fn(usize) -> Result<Indexed<'a>> + Sync),
    page_keys: Option<&[u64]>,
    heavy: &HashSet<u64>,
    known: Option<&KnownFiles>,
    cache: Option<&mut Cache>,
    batch: usize,
    (part, first_file): (usize, usize),
) -> Result<Vec<(Option<u64>, OutputFile)>> {
    if heavy.is_empty() {
        return Ok(Vec::new());
    }
    let lookup = Heavy::new(heavy);
    let heavy_key = crate::hash::hash(&lookup.keys);
    let earlier = cache.as_ref().filter(|c| c.heavy == heavy_key).map(|c| &c.pages);
    // A page's strings, and what was kept of them, when they were.
    let grams_of_page = |i: usize| match (earlier, page_keys) {
        (Some(earlier), Some(keys)) if earlier.contains_key(&keys[i]) => {
            let packed = &earlier[&keys[i]];
            Ok((packed.unpack(), Some(packed.clone())))
        }
        _ => Ok((page(i)?.with_normalized(|norm, title_length| page_grams(norm, title_length, &lookup)), None)),
    };
    let (lists, per_page) = lists(pages, &grams_of_page, page_keys.is_some(), batch)?;
    if let (Some(cache), Some(keys)) = (cache, page_keys) {
        cache.heavy = heavy_key;
        cache.pages = keys.iter().copied().zip(per_page).collect();
    }
    let mut lists = lists;
    // The browser compares strings by UTF-16 code unit; sort the same way.
    lists.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let shards = cut_shards(&lists, |(_, l)| l.bytes.len(), SHARD_BYTES);
    let first: Vec<&str> = shards.iter().map(|s| s[0].0.as_str()).collect();
    // Per string: its number of characters, their code points, its page list.
    let mut files: Vec<(Option<u64>, OutputFile)> = shards
        .par_iter()
        .enumerate()
        .map(|(n, lists)| {
            let n = first_file + n;
            let mut bytes = Vec::new();
            for (g, l) in lists.iter() {
                bytes.push(g.chars().count() as u8);
                for c in g.chars() {
                    push_binary(&mut bytes, c as u32);
                }
                bytes.extend_from_slice(&l.bytes);
            }
            bytes_file(format!("search/g/{n}.js"), Call::Grams, &n.to_string(), &bytes, known)
        })
        .collect();
    let index = format!("{part},{first_file},{}", json(&first));
    files.push((None, js_call(format!("search/g/index-{part}.js"), Call::GramIndex, &index)));
    Ok(files)
}

/// Each listed string with its page list.
type Lists = Vec<(String, PageList)>;

/// A page's strings, with what the cache kept of them when it did.
type Grams = (PageGrams, Option<Arc<Packed>>);

/// Each listed string with its page list, from every page's strings, made
/// by `grams` a batch of pages at a time: every page's strings at once took
/// 800 MB on 100,000 pages. With `keep`, every page's strings too.
fn lists(
    pages: usize,
    grams: &(impl Fn(usize) -> Result<Grams> + Sync),
    keep: bool,
    batch: usize,
) -> Result<(Lists, Vec<Arc<Packed>>)> {
    // Ranges of strings encoded in parallel; each page's strings are sorted,
    // so each range is one slice of them.
    let bounds = ranges(pages, grams, rayon::current_num_threads() * 4)?;
    let mut lists: Vec<HashMap<Gram, PageList>> = bounds[1..].iter().map(|_| HashMap::default()).collect();
    let mut kept = Vec::new();
    for start in (0..pages).step_by(batch) {
        let end = (start + batch).min(pages);
        let per_page: Vec<Grams> = (start..end).into_par_iter().map(grams).collect::<Result<_>>()?;
        lists.par_iter_mut().zip(bounds.par_windows(2)).for_each(|(lists, range)| {
            for (page, (grams, _)) in (start..).zip(&per_page) {
                let from = grams.partition_point(|g| g.0 < range[0]);
                let to = grams.partition_point(|g| g.0 < range[1]);
                for &(g, count, in_title) in &grams[from..to] {
                    lists.entry(g).or_default().add(page as u32, count, in_title);
                }
            }
        });
        if keep {
            let packed =
                per_page.into_par_iter().map(|(g, packed)| packed.unwrap_or_else(|| Arc::new(Packed::new(&g))));
            kept.par_extend(packed);
        }
    }
    let lists = lists
        .into_par_iter()
        .flat_map_iter(|lists| {
            lists.into_iter().map(|(g, mut l)| {
                l.finish();
                (gram_string(g), l)
            })
        })
        .collect();
    Ok((lists, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_with_a_heavy_covering_bigram_are_listed() {
        let text = "标题\n意识形态，形态意识。";
        let norm: Vec<char> = text.chars().collect();
        let grams: Vec<(String, u32, bool)> = page_grams(&norm, 2, &Heavy::new(&[key('形', '态')]))
            .into_iter()
            .map(|(g, n, t)| (gram_string(g), n, t))
            .collect();
        let names: Vec<&str> = grams.iter().map(|g| g.0.as_str()).collect();
        // 识形态 (形态 at 1), 意识形态 (形态 at 2), 形态意 (形态 at 0), 形态意识 (形态 at 0).
        assert_eq!(names, ["形态意", "形态意识", "意识形态", "识形态"]);
        assert!(!names.contains(&"意识形"), "意识形 is covered by 意识 and 识形, neither heavy");
        assert!(grams.iter().all(|g| g.1 == 1 && !g.2));
    }

    #[test]
    fn a_string_in_the_title_is_marked_and_counted_once_per_place() {
        let text = "形态形态\n形态形态";
        let norm: Vec<char> = text.chars().collect();
        let heavy = [key('形', '态'), key('态', '形')];
        let grams: Vec<(String, u32, bool)> =
            page_grams(&norm, 4, &Heavy::new(&heavy)).into_iter().map(|(g, n, t)| (gram_string(g), n, t)).collect();
        assert_eq!(
            grams,
            [("形态形".into(), 2, true), ("形态形态".into(), 2, true), ("态形态".into(), 2, true)],
            "each string once per start, in the title and in the body"
        );
    }

    #[test]
    fn strings_kept_packed_unpack_as_they_were() {
        let text: Vec<char> = "标题\n意识形态，形态意识。意识形态工作".chars().collect();
        let grams = page_grams(&text, 2, &Heavy::new(&[key('形', '态'), key('意', '识')]));
        assert!(grams.len() > 4 && grams.iter().any(|g| g.1 > 1));
        assert_eq!(Packed::new(&grams).unpack(), grams);
        assert!(Packed::new(&Vec::new()).unpack().is_empty());
    }

    #[test]
    fn strings_beyond_the_basic_plane_are_not_listed() {
        let text = "形态𠮷字";
        let norm: Vec<char> = text.chars().collect();
        let grams: Vec<String> =
            page_grams(&norm, 0, &Heavy::new(&[key('形', '态')])).into_iter().map(|g| gram_string(g.0)).collect();
        assert!(grams.is_empty(), "{grams:?}");
        assert_eq!(gram(&['形', '态', '字']).map(gram_string).as_deref(), Some("形态字"));
    }

    #[test]
    fn the_first_character_rules_most_bigrams_out() {
        let heavy = Heavy::new(&[key('形', '态'), key('工', '作')]);
        assert!(heavy.may_start('形') && heavy.may_start('工'));
        assert!(!heavy.may_start('态') && !heavy.may_start('a'));
        assert!(heavy.may_start('𠮷'), "beyond the plane, the list decides");
        assert!(heavy.contains('形', '态') && heavy.contains('工', '作'));
        assert!(!heavy.contains('形', '式') && !heavy.contains('态', '形'));
    }

    #[test]
    fn a_few_heavy_bigrams_at_most() {
        let sizes: Vec<(u64, usize)> = (0..1000u64).map(|k| (k, k as usize * 200)).collect();
        let heavy = heavy(&sizes, HEAVY_MIN_BYTES);
        assert_eq!(heavy.len(), 6, "the top share, above the minimum");
        assert!(heavy.contains(&999));
    }
}
