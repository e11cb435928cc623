//! The ledger: every file of a built site with its length, modification
//! time and a hash of its bytes, kept in the site (`.shuyuan-files`,
//! deflated), so that the next build tells a file it would write with the
//! very bytes the old site holds by hashing its own bytes, without reading
//! the old file. Reading them back took a whole read of the old site:
//! 3.3 GB on 100,000 pages, from disk once it no longer fits in memory.
//! A file of the old site whose length or time is not what its ledger says
//! (someone edited it) is never trusted: the new one is written.

use anyhow::{anyhow, Result};
use rustc_hash::FxHashMap;
use std::fs::Metadata;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

/// The ledger's file at the top of a site; the zip leaves it out.
pub const LEDGER: &str = ".shuyuan-files";

/// First line of a ledger: a ledger of another shape is not read.
const HEADER: &str = "shuyuan files 1";

/// What the ledger holds of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    hash: u64,
    len: u64,
    /// Seconds and nanoseconds since 1970.
    time: (u64, u32),
}

/// What identifies a file's bytes: their length and hash, made once a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bytes {
    hash: u64,
    len: u64,
}

impl Bytes {
    pub(super) fn of(bytes: &[u8]) -> Bytes {
        Bytes { hash: xxhash_rust::xxh3::xxh3_64(bytes), len: bytes.len() as u64 }
    }
}

impl Entry {
    /// The entry of a file holding `bytes`, as `meta` says it is on disk;
    /// `None` for a time before 1970 (such a file is never linked).
    pub(super) fn of(bytes: Bytes, meta: &Metadata) -> Option<Entry> {
        Some(Entry { hash: bytes.hash, len: bytes.len, time: time(meta)? })
    }

    /// Whether `meta`, of a file on disk, still has this entry's length and time.
    pub(super) fn matches(&self, meta: &Metadata) -> bool {
        meta.len() == self.len && time(meta) == Some(self.time)
    }

    /// Whether this entry was made of `bytes`.
    pub(super) fn holds(&self, bytes: Bytes) -> bool {
        bytes == Bytes { hash: self.hash, len: self.len }
    }
}

fn time(meta: &Metadata) -> Option<(u64, u32)> {
    let since = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((since.as_secs(), since.subsec_nanos()))
}

/// The ledger of an old site, by path.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    entries: FxHashMap<String, Entry>,
}

impl Ledger {
    /// The ledger of the site at `site`; empty when it has none or one that
    /// does not read (every file is then written).
    pub(super) fn read(site: &Path) -> Ledger {
        let Ok(file) = std::fs::File::open(site.join(LEDGER)) else { return Ledger::default() };
        let mut lines = std::io::BufReader::new(flate2::read::ZlibDecoder::new(file)).lines();
        if !matches!(lines.next(), Some(Ok(h)) if h == HEADER) {
            return Ledger::default();
        }
        let mut entries = FxHashMap::default();
        for line in lines {
            let Ok(line) = line else { return Ledger::default() };
            let Some((entry, path)) = parse(&line) else { return Ledger::default() };
            entries.insert(path.to_string(), entry);
        }
        Ledger { entries }
    }

    pub(super) fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }
}

/// `hash len seconds nanoseconds path`.
fn parse(line: &str) -> Option<(Entry, &str)> {
    let mut fields = line.splitn(5, ' ');
    let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
    let len = fields.next()?.parse().ok()?;
    let time = (fields.next()?.parse().ok()?, fields.next()?.parse().ok()?);
    Some((Entry { hash, len, time }, fields.next()?))
}

/// The ledger of a site being written, filled from any thread.
#[derive(Debug, Default)]
pub(super) struct NewLedger {
    entries: Mutex<Vec<(String, Entry)>>,
}

impl NewLedger {
    pub(super) fn add(&self, entries: Vec<(String, Entry)>) {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(entries);
    }

    /// Writes it into the site at `dir`, in path order.
    pub(super) fn write(self, dir: &Path) -> Result<()> {
        let mut entries = self.entries.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(entries.len() * 64);
        text.push_str(HEADER);
        text.push('\n');
        // A path with a line break in it would not read back: that file is left out (written again next time).
        for (path, e) in entries.iter().filter(|(p, _)| !p.contains('\n')) {
            use std::fmt::Write as _;
            let _ = writeln!(text, "{:016x} {} {} {} {path}", e.hash, e.len, e.time.0, e.time.1);
        }
        let path = dir.join(LEDGER);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(text.as_bytes()).expect("deflating into memory cannot fail");
        let bytes = z.finish().expect("deflating into memory cannot fail");
        std::fs::write(&path, bytes).map_err(|e| anyhow!("{}: cannot write file: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_reads_back_as_it_was_written_and_one_of_another_shape_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a b.html"), "甲").unwrap();
        let meta = std::fs::metadata(dir.path().join("a b.html")).unwrap();
        let entry = Entry::of(Bytes::of("甲".as_bytes()), &meta).unwrap();
        let ledger = NewLedger::default();
        ledger.add(vec![("dir/a b.html".into(), entry), ("bad\nname".into(), entry)]);
        ledger.write(dir.path()).unwrap();
        let read = Ledger::read(dir.path());
        assert_eq!(read.get("dir/a b.html"), Some(&entry));
        assert_eq!(read.entries.len(), 1, "a path with a line break is left out");
        assert!(
            entry.matches(&meta) && entry.holds(Bytes::of("甲".as_bytes())) && !entry.holds(Bytes::of("乙".as_bytes()))
        );

        std::fs::write(dir.path().join(LEDGER), "not deflated").unwrap();
        assert!(Ledger::read(dir.path()).entries.is_empty());
        assert!(Ledger::read(&dir.path().join("none")).entries.is_empty());
    }
}
