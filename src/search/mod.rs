//! Stage 5b: search. Builds the client-side search index from the library.
//! Substring recall, not word segmentation: every pair of adjacent word
//! characters (a bigram) of every page is indexed with its positions, so the
//! browser finds exactly the pages that contain a query, as Ctrl+F would.
//! The index is cut into shards by bigram; a query loads only its own.
//! Everything loads through classic `<script>` tags, so it works from file://.
//! In: [`Library`]. Out: files under `search/`.
//!
//! The parts, in the order a build runs them: [`text`] (what the index reads
//! of a page), [`postings`] (bigrams and their positions, encoded), [`grams`]
//! (page lists of strings around the heaviest bigrams), [`shards`] (the keys
//! cut into files), [`facets`] (the filters' table), [`titles`] (title
//! prefixes), [`fragments`] (heads and texts that results show),
//! [`normalize`] (the one normalisation, and its Traditional table), and
//! last [`directory`] (what the browser loads first, with every constant it
//! reads). [`codec`] holds the number encodings, [`files`] the shapes of
//! index files, [`dictionary`] the texts' deflate dictionary.

pub mod codec;
mod dictionary;
mod directory;
mod facets;
mod files;
mod fragments;
mod grams;
pub mod normalize;
mod postings;
mod shards;
mod text;
mod titles;

pub use directory::{
    stored_path, BODY_START, FILES_PER_FOLDER, HEADS_PER_FILE, PAGES_PER_PART, SHARDS_PER_LIST, TEXTS_PER_FILE,
    YEAR_BASE,
};
pub use files::Call;
pub use postings::POSITION_CHUNK_BYTES;
pub use shards::{POSITION_GROUP_BYTES, SHARD_TARGET_BYTES};
pub use text::page_text;

use crate::library::Library;
use crate::output::{OutputFile, Staging};
use anyhow::Result;
use files::{KnownFiles, Made};
use postings::Packed;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;
use text::Indexed;

/// Figures about a built index, for the build summary and benchmarks.
#[derive(Debug, Default, Clone)]
pub struct IndexStats {
    pub keys: usize,
    pub positions: usize,
    pub shards: usize,
    /// Files of page lists of 3- and 4-character strings (see [`grams`]).
    pub grams: usize,
    /// Files of the index, and their bytes.
    pub files: usize,
    pub bytes: usize,
}

/// The limits that shape an index, as one value: a build uses
/// [`Limits::default`]; a test sets them small, so that a few small pages
/// cross the same thresholds (heavy bigrams, chunked positions, batches)
/// that a large library does.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Pages whose postings are held at a time while they are encoded, and
    /// about as many whose heads and texts are made at a time.
    pub batch: usize,
    /// A bigram is heavy when its positions take more than this many bytes
    /// ([`grams::HEAVY_MIN_BYTES`]).
    pub heavy_min_bytes: usize,
    /// Position data of one key is cut into files of about this many bytes
    /// ([`POSITION_CHUNK_BYTES`]).
    pub position_chunk_bytes: usize,
    /// Shards whose first keys share a list ([`SHARDS_PER_LIST`]).
    pub shards_per_list: usize,
    /// Pages of one part of the index at most ([`PAGES_PER_PART`]).
    pub pages_per_part: usize,
}

/// Pages whose postings are held at a time while they are encoded.
const POSTINGS_BATCH: usize = 500;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            batch: POSTINGS_BATCH,
            heavy_min_bytes: grams::HEAVY_MIN_BYTES,
            position_chunk_bytes: POSITION_CHUNK_BYTES,
            shards_per_list: SHARDS_PER_LIST,
            pages_per_part: PAGES_PER_PART,
        }
    }
}

/// What the index keeps between builds for live preview, by a hash of what
/// each part is made from: every page's postings (packed: [`Packed`]) and
/// its two files, so a refresh after an edit reads, sorts and packs only
/// the pages that changed.
/// (The index files themselves, cut by key across all pages, are encoded
/// again each time.)
#[derive(Default)]
pub struct Cache {
    postings: HashMap<u64, Arc<Packed>>,
    fragments: fragments::KnownFragments,
    index_files: KnownFiles,
    /// Each part's listed strings ([`grams`]): its heavy bigrams are its own.
    grams: Vec<grams::Cache>,
}

/// Builds every file of the search index: written into `out` as they are
/// made when it is given (the files returned are then none), returned otherwise.
pub fn build(lib: &Library, out: Option<&Staging>) -> Result<(Vec<OutputFile>, IndexStats)> {
    build_with(lib, None, &Limits::default(), out)
}

/// [`build`] within other `limits`, in memory: for tests.
#[doc(hidden)]
pub fn build_within(lib: &Library, limits: &Limits) -> Result<(Vec<OutputFile>, IndexStats)> {
    build_with(lib, None, limits, None)
}

/// [`build`] in memory, reusing and updating `cache`.
pub fn rebuild(lib: &Library, cache: &mut Cache) -> Result<(Vec<OutputFile>, IndexStats)> {
    build_with(lib, Some(cache), &Limits::default(), None)
}

/// [`rebuild`] within other `limits`: for tests.
#[doc(hidden)]
pub fn rebuild_within(lib: &Library, cache: &mut Cache, limits: &Limits) -> Result<(Vec<OutputFile>, IndexStats)> {
    build_with(lib, Some(cache), limits, None)
}

/// Every page's head and text (`search/h/`, `search/p/`): what search
/// results show, and what large print packs load their readings from.
/// Written into `out` when it is given, like [`build`].
pub fn fragments(lib: &Library, out: Option<&Staging>) -> Result<Vec<OutputFile>> {
    let made = Made::new(out);
    fragments::files(lib, None, &made, Limits::default().batch)?;
    Ok(made.finish().0)
}

fn build_with(
    lib: &Library,
    mut cache: Option<&mut Cache>,
    limits: &Limits,
    out: Option<&Staging>,
) -> Result<(Vec<OutputFile>, IndexStats)> {
    // Each step that reads the pages makes them as it goes (`Indexed::of`).
    let page = |i: usize| Indexed::of(lib, i);
    // With a cache, what the index reads of each page hashed once: its
    // postings and listed strings are reused while the hash stays the same.
    let page_keys: Option<Vec<u64>> = match cache {
        Some(_) => Some((0..lib.pages.len()).into_par_iter().map(|i| Ok(page(i)?.key())).collect::<Result<_>>()?),
        None => None,
    };
    let made = Made::new(out);
    let mut stats = IndexStats::default();
    let parts = directory::parts(lib.pages.len(), limits.pages_per_part);
    if let Some(cache) = cache.as_deref_mut() {
        cache.grams.resize_with(parts.len(), Default::default);
    }
    let mut kept = Kept::default();
    let mut directory_parts = Vec::new();
    let mut next = directory::Start::default();
    // The first part last: its shards say which parts hold each key.
    let mut presence = (parts.len() > 1).then(|| shards::Presence::new(parts.len()));
    for (n, range) in parts.into_iter().enumerate().rev() {
        let pages = &lib.pages[range.clone()];
        let titles = titles::PartTitles::new(&pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>());
        if let Some(presence) = presence.as_mut() {
            if n > 0 {
                presence.leads.add(range.start, &titles, |i| !pages[i].meta.search_exclude);
            } else {
                presence.leads.settle();
            }
        }
        let page = |i: usize| Indexed::of(lib, range.start + i);
        let keys = page_keys.as_deref().map(|k| &k[range.clone()]);
        let part = Part { n, pages: range.len(), page: &page, page_keys: keys, first: next };
        let (first_keys, grams) =
            index_files(&part, cache.as_deref_mut(), &mut kept, presence.as_mut(), limits, &made, &mut stats)?;
        made.put([titles::file(n, &titles)])?;
        made.put(directory::shard_lists(&first_keys, limits.shards_per_list, next.list))?;
        let this = directory::Part::new(&range, &first_keys, limits.shards_per_list, next);
        next = this.following(first_keys.len(), limits.shards_per_list, grams);
        directory_parts.push(this);
    }
    directory_parts.reverse();
    if let Some(cache) = cache.as_deref_mut() {
        (cache.postings, cache.index_files) = (kept.postings, kept.index_files);
    }
    made.put([facets::file(lib)])?;
    let traditional = fragments::files(lib, cache.map(|c| &mut c.fragments), &made, limits.batch)?;
    made.put([normalize::t2s_file()])?;
    // Which index this is: the browser asks for every other file with it
    // (`?v=`), so that over http a file cached from an earlier build is
    // never read with this directory.
    let id = made.id();
    made.put([directory::file(lib, &directory_parts, limits.shards_per_list, id, traditional)])?;
    let (files, count, bytes) = made.finish();
    (stats.files, stats.bytes) = (count, bytes);
    Ok((files, stats))
}

/// One part of the index: its number, its pages (`page` makes the `i`th
/// of them, and `page_keys` holds their hashes when a cache is kept), and
/// the numbers its files start from.
struct Part<'p, F> {
    n: usize,
    pages: usize,
    page: &'p F,
    page_keys: Option<&'p [u64]>,
    first: directory::Start,
}

/// What a cache keeps of every part, gathered while the parts are made:
/// each part reads what the cache kept of the last build.
#[derive(Default)]
struct Kept {
    postings: HashMap<u64, Arc<Packed>>,
    index_files: KnownFiles,
}

/// The files of one part cut by key, into `made`: the shards with their
/// positions, and the page lists of strings around heavy bigrams; with a
/// cache, what each is made from goes into `kept`. Its keys go into
/// `presence` (of an index of several parts), and the first part's shards
/// hold every key noted there. The first key of each shard, and the number
/// of files of strings.
fn index_files<'a, F: Fn(usize) -> Result<Indexed<'a>> + Sync>(
    part: &Part<F>,
    cache: Option<&mut Cache>,
    kept: &mut Kept,
    mut presence: Option<&mut shards::Presence>,
    limits: &Limits,
    made: &Made,
    stats: &mut IndexStats,
) -> Result<(Vec<String>, usize)> {
    let (pages, page, page_keys) = (part.pages, part.page, part.page_keys);
    let aside = made.spill("positions")?;
    let known_postings = cache.as_deref().map(|c| &c.postings);
    let encoding = postings::encode(pages, page, page_keys, known_postings, limits, aside.as_ref())?;
    stats.positions += encoding.positions;
    if let Some(keys) = page_keys {
        kept.postings.extend(keys.iter().copied().zip(encoding.pages));
    }
    let heavy = grams::heavy(&postings::sizes(&encoding.keys), limits.heavy_min_bytes);
    if let Some(presence) = presence.as_deref_mut() {
        presence.add(part.n, encoding.keys.iter().map(|(k, _)| *k));
    }
    // The first part, made last, lists the keys the other parts hold.
    let first = presence.as_deref().filter(|_| part.n == 0);
    let absent = first.map_or_else(Vec::new, |p| p.absent_from(0));
    // Distinct keys: this part's, or, for the first of several (made
    // last), every key noted.
    stats.keys = first.map_or(encoding.keys.len(), shards::Presence::len);
    let keys = postings::sorted(encoding.keys, &heavy, absent);
    // A key this part does not hold takes a few bytes of its shard.
    let size = |(_, e): &(String, Option<postings::Encoded>)| e.as_ref().map_or(4, |e| e.page_list.len());
    let shards = shards::cut_shards(&keys, size, SHARD_TARGET_BYTES);
    stats.shards += shards.len();
    let first_keys: Vec<String> = shards.iter().map(|s| s[0].0.clone()).collect();
    let caching = cache.is_some();
    let (known, gram_cache) = match cache {
        Some(c) => (Some(&c.index_files), Some(&mut c.grams[part.n])),
        None => (None, None),
    };
    let mut keep = |files: Vec<(Option<u64>, OutputFile)>| {
        if caching {
            kept.index_files.extend(files.iter().filter_map(|(k, f)| Some(((*k)?, f.clone()))));
        }
        made.put(files.into_iter().map(|(_, f)| f))
    };
    let first_shard = part.first.shard;
    for (group, at) in shards.chunks(SHARDS_AT_ONCE).zip((first_shard..).step_by(SHARDS_AT_ONCE)) {
        let files = group.par_iter().enumerate().map(|(n, entries)| shards::files(at + n, entries, first, known));
        keep(files.collect::<Result<Vec<_>>>()?.concat())?;
    }
    let numbers = (part.n, part.first.grams);
    let listed = grams::files(pages, page, page_keys, &heavy, known, gram_cache, limits.batch, numbers)?;
    // The string lists' files, less their index.
    let grams = listed.len().saturating_sub(1);
    stats.grams += grams;
    keep(listed)?;
    Ok((first_keys, grams))
}

/// Shards whose files are made at a time before they are written.
const SHARDS_AT_ONCE: usize = 64;
