//! How the index's parts become files the browser loads with `<script>`
//! tags: a call with JSON arguments ([`js_call`]), bytes in 15-bit digits
//! ([`bytes_file`]), or JSON deflated first ([`packed_call`]); and, for live
//! preview, the files of an earlier build by the hash of what they were
//! made from ([`KnownFiles`]), reused while it stays the same. Where the
//! files go as they are made: [`Made`].
//! In: a path, the name of the call, its arguments. Out: an [`OutputFile`].

use super::codec;
use super::dictionary::Dictionary;
use super::directory::stored_path;
use crate::output::{OutputFile, Staging};
use anyhow::Result;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::sync::Mutex;

/// The callbacks index files make into the browser: `__shuyuan.<name>(…)`,
/// or by name through `__shuyuan.b` and `__shuyuan.z`, which call only the
/// names in the browser's table (`__shuyuan.calls`, filled by site.js,
/// search.js and plan.js). One table here; a test checks the two agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// The directory (`index.js`).
    Index,
    /// The Traditional table (`t2s.js`).
    T2s,
    /// The filters' table (`pages.js`).
    Pages,
    /// Heads of a few pages (`h/n.js`).
    Heads,
    /// A page's text (`p/n.js`, packed).
    Text,
    /// The texts' dictionary (`p/d-….js`).
    Dictionary,
    /// The first keys of a list of shards (`d/n.js`).
    ShardList,
    /// A shard of keys with their page lists (`s/n.js`).
    Shard,
    /// Positions of keys (`q/…`).
    Positions,
    /// The first string of each shard of a part's string lists (`g/index-n.js`).
    GramIndex,
    /// A shard of page lists of strings (`g/n.js`).
    Grams,
    /// Title prefixes and lengths of a part (`titles-n.js`).
    Titles,
}

impl Call {
    pub const ALL: [Call; 12] = [
        Call::Index,
        Call::T2s,
        Call::Pages,
        Call::Heads,
        Call::Text,
        Call::Dictionary,
        Call::ShardList,
        Call::Shard,
        Call::Positions,
        Call::GramIndex,
        Call::Grams,
        Call::Titles,
    ];

    /// The name the browser knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Call::Index => "index",
            Call::T2s => "t2s",
            Call::Pages => "pages",
            Call::Heads => "heads",
            Call::Text => "text",
            Call::Dictionary => "dictionary",
            Call::ShardList => "shardList",
            Call::Shard => "shard",
            Call::Positions => "positions",
            Call::GramIndex => "gramIndex",
            Call::Grams => "grams",
            Call::Titles => "titles",
        }
    }
}

/// Index files of an earlier build, by the hash of what they were made from.
pub(super) type KnownFiles = HashMap<u64, OutputFile>;

/// The index's files as they are made, from any thread: written into the
/// site being built when there is one (holding them all until the end took
/// 150 MB on 10,000 pages), kept to be returned otherwise. Either way, each
/// file's path, hash and size, which the directory's id and the figures
/// come from.
pub(super) struct Made<'a> {
    out: Option<&'a Staging>,
    kept: Mutex<Vec<OutputFile>>,
    /// Path, hash of path and bytes, and bytes of each file.
    made: Mutex<Vec<(String, u64, usize)>>,
}

impl<'a> Made<'a> {
    pub(super) fn new(out: Option<&'a Staging>) -> Made<'a> {
        Made { out, kept: Mutex::default(), made: Mutex::default() }
    }

    /// Writes `files`, or keeps them.
    pub(super) fn put(&self, files: impl IntoIterator<Item = OutputFile>) -> Result<()> {
        let files: Vec<OutputFile> = files.into_iter().collect();
        let made = files.iter().map(|f| (f.path.clone(), crate::hash::hash(&(&f.path, &*f.bytes)), f.bytes.len()));
        lock(&self.made).extend(made);
        match self.out {
            Some(out) => out.write(&files)?,
            None => lock(&self.kept).extend(files),
        }
        Ok(())
    }

    /// A file to set aside what the index makes early and writes late, in
    /// the site being written; none when the files are kept.
    pub(super) fn spill(&self, name: &str) -> Result<Option<std::sync::Arc<crate::output::Spill>>> {
        self.out.map(|out| out.spill(name)).transpose()
    }

    /// Which index this is: a hash of every file, whatever order they were made in.
    pub(super) fn id(&self) -> u64 {
        let mut made = lock(&self.made);
        made.sort_unstable();
        crate::hash::hash(&made.iter().map(|(path, hash, _)| (path, hash)).collect::<Vec<_>>())
    }

    /// The files kept (none when they were written), how many were made,
    /// and their bytes.
    pub(super) fn finish(self) -> (Vec<OutputFile>, usize, usize) {
        let made = self.made.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let kept = self.kept.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        (kept, made.len(), made.iter().map(|m| m.2).sum())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A file that calls `__shuyuan.<call>(args)`.
pub(super) fn js_call(path: String, call: Call, args: &str) -> OutputFile {
    OutputFile::new(stored_path(&path), format!("__shuyuan.{}({args});\n", call.name()))
}

/// A file of bytes for `__shuyuan.<call>(arg, bytes)`, in 15-bit digits
/// of UTF-16 ([`codec::utf16_script`]), not deflated: Rice codes gain
/// nothing from it. With `known` files, returns the hash of what it is made
/// from too, and reuses one made from the same in an earlier build.
pub(super) fn bytes_file(
    path: String,
    call: Call,
    arg: &str,
    bytes: &[u8],
    known: Option<&KnownFiles>,
) -> (Option<u64>, OutputFile) {
    let call = call.name();
    let key = known.map(|_| crate::hash::hash(&(&path, call, arg, bytes)));
    if let Some(file) = known.zip(key).and_then(|(k, key)| k.get(&key)) {
        return (key, file.clone());
    }
    let name = path.strip_prefix("search/").unwrap_or(&path);
    let text = codec::utf16_script(&format!("__shuyuan.b(\"{name}\",'"), bytes, &format!("',\"{call}\",\"{arg}\");\n"));
    (key, OutputFile::new(stored_path(&path), text))
}

/// Deflate level of page texts. On 10,000 pages (measured while they were
/// UTF-8 and page lists were deflated too), level 3 made the texts 1.5%
/// larger than zlib's default 6 (59.2 against 58.3 MB) for 0.4 s less CPU;
/// level 1 made them 38% larger (80.4 MB).
const PACK_LEVEL: u32 = 3;

/// `bytes` as raw deflate (no zlib header), as DecompressionStream("deflate-raw")
/// reads it, referring back to `dictionary` (empty for none) as if it came
/// just before (site.js unpacks it so).
///
/// A new deflate state each time: one reused with `reset` (zlib-rs 0.6.8)
/// let what it deflated before change its choice of matches, so the same
/// text came out as other bytes from build to build (17 of the 2,001 text
/// files on 10,000 pages), depending on which thread had packed what before
/// it. A new state costs nothing measurable (10,000 pages, same wall time).
pub(super) fn deflate(bytes: &[u8], dictionary: &[u8]) -> Vec<u8> {
    let mut z = flate2::Compress::new(flate2::Compression::new(PACK_LEVEL), false);
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
}

/// Calls the browser unpacks first (`__shuyuan.z` in site.js), one per
/// item of `args`: their JSON as UTF-16 (two bytes a Chinese character, not
/// three: 7% smaller once deflated, and less to deflate), deflated together
/// with the named dictionary (see [`super::dictionary`]; none if `None`),
/// in 15-bit digits (see [`bytes_file`]).
pub(super) fn packed_calls(path: String, call: Call, args: &[&str], dictionary: Option<&Dictionary>) -> OutputFile {
    let calls: Vec<String> = args.iter().map(|a| format!("[\"{}\",{a}]", call.name())).collect();
    let utf16 = codec::utf16_le(&format!("[{}]", calls.join(",")));
    let name = path.strip_prefix("search/").unwrap_or(&path);
    let (dictionary, bytes) = dictionary.map_or(("", &[][..]), |d| (d.name.as_str(), d.bytes.as_slice()));
    let text =
        codec::utf16_script(&format!("__shuyuan.z(\"{name}\",\"{dictionary}\",'"), &deflate(&utf16, bytes), "');\n");
    OutputFile::new(stored_path(&path), text)
}

pub(super) fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Bytes of base64 letters ([`codec::push`]) as the string they are.
pub(super) fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two packs of page texts of the generated library (made from
    /// ../shared/seeds) and its dictionary, as UTF-16: the longer one
    /// deflated first made the other come out as other bytes.
    fn longer_text_then_a_text() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let packed = include_bytes!("../../tests/fixtures/deflate/longer-text-then-a-text.bin.z");
        let mut blob = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&packed[..]), &mut blob).unwrap();
        let len = |at: usize| u32::from_le_bytes(blob[at..at + 4].try_into().unwrap()) as usize;
        let (first, second) = (12 + len(0), 12 + len(0) + len(4));
        (blob[12..first].to_vec(), blob[first..second].to_vec(), blob[second..].to_vec())
    }

    #[test]
    fn a_text_deflates_to_the_same_bytes_whatever_was_deflated_before_it() {
        let (longer, text, dictionary) = longer_text_then_a_text();
        assert_eq!(dictionary.len(), 32_764);
        let alone = deflate(&text, &dictionary);
        deflate(&longer, &dictionary);
        assert!(deflate(&text, &dictionary) == alone, "the same bytes after a longer text");
        let mut inflated = Vec::new();
        let mut z = flate2::Decompress::new(false);
        z.set_dictionary(&dictionary).unwrap();
        inflated.reserve(text.len());
        z.decompress_vec(&alone, &mut inflated, flate2::FlushDecompress::Finish).unwrap();
        assert!(inflated == text, "and they inflate to the text");
    }
}
