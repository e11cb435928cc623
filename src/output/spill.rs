//! Set aside: what a build that writes to disk makes early and reads much
//! later (each page body's HTML until its page is rendered, its text until
//! the search step reads it, the index's positions until their files are
//! made) goes to a file
//! inside the site being written rather than staying in memory, so that
//! memory does not grow with the library. The file goes when the site is
//! put in place, or with it when the build fails.

use anyhow::{anyhow, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files set aside inside a site being written start with this; no file of
/// the site does (see [`super::Staging`]).
pub(super) const SPILL_PREFIX: &str = ".spill-";

/// A file that texts are appended to, from any thread, and read back from by
/// where they start.
#[derive(Debug)]
pub struct Spill {
    path: PathBuf,
    /// The end of the file, with the file to write at it.
    writer: Mutex<(File, u64)>,
    reader: File,
}

/// A text set aside: where it is in its [`Spill`].
#[derive(Debug, Clone)]
pub struct Spilled {
    spill: Arc<Spill>,
    at: u64,
    len: u32,
}

impl Spill {
    /// A new, empty file at `path`.
    pub(super) fn create(path: &Path) -> Result<Arc<Spill>> {
        let cannot = |e: std::io::Error| anyhow!("{}: cannot create file: {e}", path.display());
        let writer = File::create(path).map_err(cannot)?;
        let reader = File::open(path).map_err(cannot)?;
        Ok(Arc::new(Spill { path: path.to_path_buf(), writer: Mutex::new((writer, 0)), reader }))
    }

    /// Appends `text`; what reads it back.
    pub fn put(self: &Arc<Spill>, text: &str) -> Result<Spilled> {
        self.put_bytes(text.as_bytes())
    }

    /// Appends `bytes`; what reads them back ([`Spilled::read_bytes`]).
    pub fn put_bytes(self: &Arc<Spill>, bytes: &[u8]) -> Result<Spilled> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| anyhow!("{} bytes are too many to set aside at once", bytes.len()))?;
        let mut writer = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (file, end) = &mut *writer;
        file.write_all(bytes).map_err(|e| anyhow!("{}: cannot write file: {e}", self.path.display()))?;
        let at = *end;
        *end += bytes.len() as u64;
        Ok(Spilled { spill: self.clone(), at, len })
    }
}

impl Spilled {
    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text, read back.
    pub fn read(&self) -> Result<String> {
        let bytes = self.read_bytes()?;
        let changed = || anyhow!("{}: what was set aside came back changed", self.spill.path.display());
        String::from_utf8(bytes).map_err(|_| changed())
    }

    /// The bytes, read back.
    pub fn read_bytes(&self) -> Result<Vec<u8>> {
        let spill = &self.spill;
        let mut bytes = vec![0; self.len()];
        let cannot = |e: std::io::Error| anyhow!("{}: cannot read file: {e}", spill.path.display());
        // Everything before the end is written (the lock orders it), but may
        // still be in the writer's hands: it holds no buffer of its own.
        read_exactly_at(&spill.reader, &mut bytes, self.at).map_err(cannot)?;
        Ok(bytes)
    }
}

#[cfg(unix)]
fn read_exactly_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exactly_at(file: &File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => (buf, at) = (&mut buf[n..], at + n as u64),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_set_aside_from_many_threads_come_back_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::create(&dir.path().join(".spill-test")).unwrap();
        let texts: Vec<String> = (0..200).map(|i| format!("第{i}页：{}", "正文".repeat(i))).collect();
        let spilled: Vec<Spilled> = {
            use rayon::prelude::*;
            texts.par_iter().map(|t| spill.put(t).unwrap()).collect()
        };
        for (text, s) in texts.iter().zip(&spilled) {
            assert_eq!(&s.read().unwrap(), text);
            assert_eq!(s.len(), text.len());
        }
        assert!(spill.put("").unwrap().read().unwrap().is_empty());
    }
}
