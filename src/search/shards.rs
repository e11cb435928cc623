//! Shards: the keys, sorted, cut into files of about [`SHARD_TARGET_BYTES`]
//! of page lists, so that a query loads only the shards of its own keys;
//! beside each, the files of its keys' positions.
//! In: every key's [`Encoded`] postings, in order. Out: `search/s/` and `search/q/`.

use super::codec::push_binary;
use super::files::{bytes_file, Call, KnownFiles};
use super::postings::Encoded;
use super::titles::Leads;
use crate::output::OutputFile;
use anyhow::Result;
use rustc_hash::FxHashMap as HashMap;

/// Which parts of the index hold each key (a bit a part, the first part's
/// the lowest of the first byte), for an index of more than one part: the
/// first part's shards carry it for every key of the library, so a query
/// looks up its keys there once and searches only the parts that hold all
/// of them. Without it, a query no part answers exactly (one that crosses
/// punctuation) searched all ten parts of 100,000 pages, twice, up to 1.6 MB.
/// With it, the titles of the later parts that could be a query
/// ([`Leads`]).
#[derive(Default)]
pub(super) struct Presence {
    parts: usize,
    keys: HashMap<u64, Vec<u8>>,
    pub(super) leads: Leads,
}

impl Presence {
    pub(super) fn new(parts: usize) -> Presence {
        Presence { parts, keys: HashMap::default(), leads: Leads::default() }
    }

    /// Notes that part `n` holds `keys`.
    pub(super) fn add(&mut self, n: usize, keys: impl IntoIterator<Item = u64>) {
        let bytes = self.parts.div_ceil(8);
        for k in keys {
            self.keys.entry(k).or_insert_with(|| vec![0; bytes])[n / 8] |= 1 << (n % 8);
        }
    }

    /// The keys noted that part `n` does not hold.
    pub(super) fn absent_from(&self, n: usize) -> Vec<u64> {
        self.keys.iter().filter(|(_, parts)| parts[n / 8] >> (n % 8) & 1 == 0).map(|(k, _)| *k).collect()
    }

    /// How many keys are noted.
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    fn of(&self, key: &str) -> &[u8] {
        self.keys.get(&super::postings::key_of(key)).map_or(&[], Vec::as_slice)
    }
}

/// A shard is closed once its postings reach this many bytes: small enough
/// that a rare bigram costs little to load, large enough to keep the number
/// of files and the directory of first keys (loaded before the first query:
/// 3.4 KB for 10,000 pages, 861 shards) small. Each shard brings its own
/// group of positions too (below), so a shard more is two files more.
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;

/// The positions of small keys travel together in files of about this many
/// bytes: a rare word loads little beyond its own positions. At 8 KB they
/// were 2,692 files of 10,000 pages; 32 KB makes them about 700 (the site
/// 943 + 700 files smaller) for 1 KB more per median query (85.8 → 86.9 KB,
/// p95 219 → 222 KB, measured with texts four to a file). Groups do not
/// cross shards, so with shards of 12 KB this limit rarely binds (884
/// groups of 861 shards at 64 KB).
pub const POSITION_GROUP_BYTES: usize = 64 * 1024;

/// Bounds of `n` ranges holding about as many of `sample` each: the first
/// is 0 (the default), the last `max`.
pub(super) fn range_bounds<T: Ord + Copy + Default>(mut sample: Vec<T>, n: usize, max: T) -> Vec<T> {
    sample.sort_unstable();
    let mut bounds = vec![T::default()];
    bounds.extend((1..n).filter_map(|i| sample.get(i * sample.len() / n).copied()));
    bounds.push(max);
    bounds.dedup();
    bounds
}

/// Cuts sorted entries into shards of about `target` bytes of `size`.
pub(super) fn cut_shards<T>(entries: &[T], size: impl Fn(&T) -> usize, target: usize) -> Vec<&[T]> {
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

/// The files of shard `n`: its keys with their page lists (`s/n.js`, what
/// every query of these keys loads), the positions of its small keys in
/// groups (`q/n-g.js`), and each chunk of a large key's positions
/// (`q/n/k-c.js`). Per key, the shard holds its two characters (code
/// points), a byte of flags (1: heavy, 2: its positions are in a group),
/// then the group, or the number of chunks after the first and the index in
/// the page list where each starts, then the page list. With `presence`
/// (the first part of several), flag 4 says the parts that hold the key
/// follow the flags (their number of bytes, then the bytes), flag 16 that
/// its leads follow them (their number, then per lead the gap from the
/// page before, from 0, and the length; see [`Leads`]), and flag 8 that
/// this part does not hold the key: nothing else follows.
pub(super) fn files(
    n: usize,
    entries: &[(String, Option<Encoded>)],
    presence: Option<&Presence>,
    known: Option<&KnownFiles>,
) -> Result<Vec<(Option<u64>, OutputFile)>> {
    let mut files = Vec::new();
    let mut shard = Vec::new();
    let mut groups = Groups { n, bytes: Vec::new(), count: 0 };
    for (k, (key, e)) in entries.iter().enumerate() {
        for c in key.chars() {
            push_binary(&mut shard, c as u32);
        }
        let parts = presence.map(|p| p.of(key));
        let leads = presence.map_or(&[][..], |p| p.leads.of(key));
        let has_leads = (!leads.is_empty() as u8) << 4;
        let Some(e) = e else {
            shard.push(4 | 8 | has_leads);
            push_parts(&mut shard, parts.unwrap_or_default());
            push_leads(&mut shard, leads);
            continue;
        };
        let in_group = e.chunks.len() == 1;
        shard.push(e.heavy as u8 | (in_group as u8) << 1 | (parts.is_some() as u8) << 2 | has_leads);
        if let Some(parts) = parts {
            push_parts(&mut shard, parts);
        }
        push_leads(&mut shard, leads);
        if in_group {
            if groups.bytes.len() >= POSITION_GROUP_BYTES {
                groups.flush(&mut files, known);
            }
            push_positions(&mut groups.bytes, key, e.position_rice(), &e.chunks[0].bytes()?);
            push_binary(&mut shard, groups.count);
        } else {
            for (c, chunk) in e.chunks.iter().enumerate() {
                let id = format!("{n}/{k}-{c}");
                let mut bytes = Vec::with_capacity(chunk.len() + 8);
                push_positions(&mut bytes, key, e.position_rice(), &chunk.bytes()?);
                files.push(bytes_file(format!("search/q/{id}.js"), Call::Positions, &id, &bytes, known));
            }
            push_binary(&mut shard, e.chunk_starts.len() as u32);
            for &s in &e.chunk_starts {
                push_binary(&mut shard, s);
            }
        }
        shard.extend_from_slice(&e.page_list);
    }
    groups.flush(&mut files, known);
    files.push(bytes_file(format!("search/s/{n}.js"), Call::Shard, &n.to_string(), &shard, known));
    Ok(files)
}

fn push_leads(out: &mut Vec<u8>, leads: &[(u32, u8)]) {
    if leads.is_empty() {
        return;
    }
    let mut pages: Vec<(u32, u8)> = leads.to_vec();
    pages.sort_unstable();
    push_binary(out, pages.len() as u32);
    let mut last = 0;
    for (page, len) in pages {
        push_binary(out, page - last);
        out.push(len);
        last = page;
    }
}

fn push_parts(out: &mut Vec<u8>, parts: &[u8]) {
    push_binary(out, parts.len() as u32);
    out.extend_from_slice(parts);
}

/// The group of small keys' positions being filled for shard `n`, and how
/// many groups came before it.
struct Groups {
    n: usize,
    bytes: Vec<u8>,
    count: u32,
}

impl Groups {
    /// Closes the group, if it holds any, as `q/n-g.js`.
    fn flush(&mut self, files: &mut Vec<(Option<u64>, OutputFile)>, known: Option<&KnownFiles>) {
        if !self.bytes.is_empty() {
            let id = format!("{}-{}", self.n, self.count);
            files.push(bytes_file(format!("search/q/{id}.js"), Call::Positions, &id, &self.bytes, known));
            self.bytes.clear();
            self.count += 1;
        }
    }
}

/// One key's positions in a positions file: the key's two characters (code
/// points), its two Rice parameters, the length of its data, the data.
fn push_positions(out: &mut Vec<u8>, key: &str, rice: [u8; 2], data: &[u8]) {
    for c in key.chars() {
        push_binary(out, c as u32);
    }
    out.extend_from_slice(&rice);
    push_binary(out, data.len() as u32);
    out.extend_from_slice(data);
}
