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

pub use directory::{stored_path, BODY_START, FILES_PER_FOLDER, HEADS_PER_FILE, TEXTS_PER_FILE, YEAR_BASE};
pub use files::Call;
pub use postings::POSITION_CHUNK_BYTES;
pub use shards::{POSITION_GROUP_BYTES, SHARD_TARGET_BYTES};
pub use text::page_text;

use crate::library::Library;
use crate::output::OutputFile;
use files::KnownFiles;
use postings::PagePostings;
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
    pub bytes: usize,
}

/// The limits that shape an index, as one value: a build uses
/// [`Limits::default`]; a test sets them small, so that a few small pages
/// cross the same thresholds (heavy bigrams, chunked positions, batches)
/// that a large library does.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Pages whose postings are held at a time while they are encoded.
    pub batch: usize,
    /// A bigram is heavy when its positions take more than this many bytes
    /// ([`grams::HEAVY_MIN_BYTES`]).
    pub heavy_min_bytes: usize,
    /// Position data of one key is cut into files of about this many bytes
    /// ([`POSITION_CHUNK_BYTES`]).
    pub position_chunk_bytes: usize,
}

/// Pages whose postings are held at a time while they are encoded.
const POSTINGS_BATCH: usize = 500;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            batch: POSTINGS_BATCH,
            heavy_min_bytes: grams::HEAVY_MIN_BYTES,
            position_chunk_bytes: POSITION_CHUNK_BYTES,
        }
    }
}

/// What the index keeps between builds for live preview, by a hash of what
/// each part is made from: every page's postings and its two files, so a
/// refresh after an edit reads, sorts and packs only the pages that changed.
/// (The index files themselves, cut by key across all pages, are encoded
/// again each time.)
#[derive(Default)]
pub struct Cache {
    postings: HashMap<u64, Arc<PagePostings>>,
    fragments: fragments::KnownFragments,
    index_files: KnownFiles,
    grams: grams::Cache,
}

/// Builds every file of the search index.
pub fn build(lib: &Library) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, None, &Limits::default())
}

/// [`build`] within other `limits`: for tests.
#[doc(hidden)]
pub fn build_within(lib: &Library, limits: &Limits) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, None, limits)
}

/// [`build`], reusing and updating `cache`.
pub fn rebuild(lib: &Library, cache: &mut Cache) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, Some(cache), &Limits::default())
}

/// [`rebuild`] within other `limits`: for tests.
#[doc(hidden)]
pub fn rebuild_within(lib: &Library, cache: &mut Cache, limits: &Limits) -> (Vec<OutputFile>, IndexStats) {
    build_with(lib, Some(cache), limits)
}

/// Every page's head and text (`search/h/`, `search/p/`): what search
/// results show, and what large print packs load their readings from.
pub fn fragments(lib: &Library) -> Vec<OutputFile> {
    fragments::files(lib, &text::page_texts(lib), None)
}

fn build_with(lib: &Library, mut cache: Option<&mut Cache>, limits: &Limits) -> (Vec<OutputFile>, IndexStats) {
    let texts = text::page_texts(lib);
    let indexed: Vec<Indexed> =
        (lib.pages.par_iter().zip(&lib.rendered).zip(&texts)).map(|((p, r), t)| Indexed::new(p, r, t)).collect();
    // With a cache, what the index reads of each page hashed once: its
    // postings and listed strings are reused while the hash stays the same.
    let page_keys: Option<Vec<u64>> = cache.is_some().then(|| indexed.par_iter().map(Indexed::key).collect());
    let mut stats = IndexStats::default();
    let (mut index_files, first_keys) =
        index_files(&indexed, page_keys.as_deref(), cache.as_deref_mut(), limits, &mut stats);
    if let Some(cache) = cache.as_deref_mut() {
        cache.index_files = index_files.iter().filter_map(|(k, f)| Some(((*k)?, f.clone()))).collect();
    }
    let mut files: Vec<OutputFile> = index_files.drain(..).map(|(_, f)| f).collect();
    files.push(facets::file(lib));
    files.push(titles::file(&lib.pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>()));
    files.extend(fragments::files(lib, &texts, cache.map(|c| &mut c.fragments)));
    files.push(normalize::t2s_file());
    // Which index this is: the browser asks for every other file with it
    // (`?v=`), so that over http a file cached from an earlier build is
    // never read with this directory.
    let id = crate::hash::hash(&files.iter().map(|f| (&f.path, f.bytes.as_slice())).collect::<Vec<_>>());
    let titles = lib.pages.par_iter().map(|p| p.title.as_str());
    let traditional = normalize::any_uses_t2s(texts.par_iter().map(String::as_str).chain(titles));
    files.push(directory::file(lib, &first_keys, id, traditional));
    stats.bytes = files.iter().map(|f| f.bytes.len()).sum();
    (files, stats)
}

/// The files cut by key across all pages: the shards with their positions,
/// and the page lists of strings around heavy bigrams; with a cache, each
/// with the hash of what it is made from. Also the first key of each shard.
fn index_files(
    indexed: &[Indexed],
    page_keys: Option<&[u64]>,
    mut cache: Option<&mut Cache>,
    limits: &Limits,
    stats: &mut IndexStats,
) -> (Vec<(Option<u64>, OutputFile)>, Vec<String>) {
    let encoding = postings::encode(indexed, page_keys, cache.as_deref().map(|c| &c.postings), limits);
    stats.positions = encoding.positions;
    if let (Some(cache), Some(keys)) = (cache.as_deref_mut(), page_keys) {
        cache.postings = keys.iter().copied().zip(encoding.pages).collect();
    }
    let heavy = grams::heavy(&postings::sizes(&encoding.keys), limits.heavy_min_bytes);
    let keys = postings::sorted(encoding.keys, &heavy);
    stats.keys = keys.len();
    let shards = shards::cut_shards(&keys, |(_, e)| e.page_list.len(), SHARD_TARGET_BYTES);
    stats.shards = shards.len();
    let first_keys: Vec<String> = shards.iter().map(|s| s[0].0.clone()).collect();
    let (known, gram_cache) = match cache {
        Some(c) => (Some(&c.index_files), Some(&mut c.grams)),
        None => (None, None),
    };
    let mut files: Vec<(Option<u64>, OutputFile)> =
        shards.par_iter().enumerate().flat_map_iter(|(n, entries)| shards::files(n, entries, known)).collect();
    let listed = grams::files(indexed, page_keys, &heavy, known, gram_cache);
    stats.grams = listed.len();
    files.extend(listed);
    (files, first_keys)
}
