//! Set aside: what a build makes early and reads much later, or seldom
//! (each page body's HTML until its page is rendered, its text until the
//! search step reads it, the index's positions until their files are made),
//! kept out of the way so that memory does not grow with the library. A build that writes
//! to disk sets it aside in a file inside the site being written, which
//! goes when the site is put in place, or with it when the build fails.
//! Live preview, which holds the bodies between builds and writes no site,
//! keeps them deflated in memory.

use anyhow::{anyhow, Result};
use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files set aside inside a site being written start with this; no file of
/// the site does (see [`super::Staging`]).
pub(super) const SPILL_PREFIX: &str = ".spill-";

/// Where texts are set aside, from any thread: appended to a file and read
/// back from where they start, or deflated in memory.
#[derive(Debug)]
pub struct Spill {
    /// `None`: in memory.
    file: Option<Arc<SpillFile>>,
}

#[derive(Debug)]
struct SpillFile {
    path: PathBuf,
    /// The end of the file, with the file to write at it.
    writer: Mutex<(File, u64)>,
    reader: File,
}

/// A text set aside: where it is.
#[derive(Debug, Clone)]
pub struct Spilled {
    place: Place,
    len: u32,
}

#[derive(Debug, Clone)]
enum Place {
    File { file: Arc<SpillFile>, at: u64 },
    Deflated(Arc<Vec<u8>>),
}

impl Spill {
    /// A new, empty file at `path`.
    pub(super) fn create(path: &Path) -> Result<Arc<Spill>> {
        let cannot = |e: std::io::Error| anyhow!("{}: cannot create file: {e}", path.display());
        let writer = File::create(path).map_err(cannot)?;
        let reader = File::open(path).map_err(cannot)?;
        let file = SpillFile { path: path.to_path_buf(), writer: Mutex::new((writer, 0)), reader };
        Ok(Arc::new(Spill { file: Some(Arc::new(file)) }))
    }

    /// Texts set aside deflated, in memory.
    pub fn in_memory() -> Arc<Spill> {
        Arc::new(Spill { file: None })
    }

    /// Sets `text` aside; what reads it back.
    pub fn put(self: &Arc<Spill>, text: &str) -> Result<Spilled> {
        self.put_bytes(text.as_bytes())
    }

    /// Sets `bytes` aside; what reads them back ([`Spilled::read_bytes`]).
    pub fn put_bytes(self: &Arc<Spill>, bytes: &[u8]) -> Result<Spilled> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| anyhow!("{} bytes are too many to set aside at once", bytes.len()))?;
        let Some(spill) = &self.file else {
            let deflated = super::deflated::deflate(bytes);
            return Ok(Spilled { place: Place::Deflated(Arc::new(deflated)), len });
        };
        let mut writer = spill.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (file, end) = &mut *writer;
        file.write_all(bytes).map_err(|e| anyhow!("{}: cannot write file: {e}", spill.path.display()))?;
        let at = *end;
        *end += bytes.len() as u64;
        Ok(Spilled { place: Place::File { file: spill.clone(), at }, len })
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
        crate::fs::utf8(self.read_bytes()?)
            .map_err(|_| anyhow!("{}: what was set aside came back changed", self.origin()))
    }

    /// The bytes, read back.
    pub fn read_bytes(&self) -> Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(self.len());
        self.append_to(&mut bytes)?;
        Ok(bytes)
    }

    /// Appends the bytes, read back, to `out`.
    pub fn append_to(&self, out: &mut Vec<u8>) -> Result<()> {
        match &self.place {
            Place::Deflated(deflated) => {
                out.reserve(self.len());
                super::deflated::inflate_into(deflated, out).map_err(|e| anyhow!("{}: {e}", self.origin()))?;
            }
            Place::File { file, at } => {
                let start = out.len();
                out.resize(start + self.len(), 0);
                let cannot = |e: std::io::Error| anyhow!("{}: cannot read file: {e}", file.path.display());
                // Everything before the end is written (the lock orders it), but may
                // still be in the writer's hands: it holds no buffer of its own.
                read_exactly_at(&file.reader, &mut out[start..], *at).map_err(cannot)?;
            }
        }
        Ok(())
    }

    /// Where it was set aside, for messages.
    fn origin(&self) -> String {
        match &self.place {
            Place::File { file, .. } => file.path.display().to_string(),
            Place::Deflated(_) => "a text set aside in memory".to_string(),
        }
    }
}

/// `kept`, or what was set aside in its place, read back: a text that a
/// build may hold or set aside (a page's Markdown, HTML or plain text).
pub fn held<'a>(kept: &'a str, aside: Option<&Spilled>) -> Result<Cow<'a, str>> {
    match aside {
        Some(aside) => Ok(Cow::Owned(aside.read()?)),
        None => Ok(Cow::Borrowed(kept)),
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

    #[test]
    fn texts_set_aside_in_memory_come_back_as_they_were() {
        let spill = Spill::in_memory();
        for text in ["", "第一条 为了加强意识形态工作。", &"<p>正文</p>".repeat(500)] {
            let spilled = spill.put(text).unwrap();
            assert_eq!(spilled.read().unwrap(), text);
            assert_eq!(spilled.len(), text.len());
        }
    }
}
