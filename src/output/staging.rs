//! The site being written: a folder beside the target, locked while it is
//! written (so that the next build can tell one a killed build left), filled
//! in parts from several threads, each path once, and swapped in whole.

use super::ledger::{Bytes, Entry, Ledger, NewLedger, LEDGER};
use super::old_sites::{old_sites_to_remove, Removal};
use super::{OutputFile, STAMP};
use crate::fs;
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// A site being written beside its target, in parts (the pages while the
/// search index is still being made, then the index), and swapped in by
/// [`Staging::put_in_place`]. Dropped before, it leaves the target as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Held while the site is being written: a later build that can take
    /// the lock knows this one is gone and removes what it left.
    lock: Option<std::fs::File>,
    /// Every path written so far, as Windows and FAT32 compare them
    /// (ignoring case): a second file for one is refused, never written
    /// over the first.
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The site being replaced, when it is one a build made: a file it holds
    /// with the very bytes of a new one is linked, not written again.
    reuse: Option<Reuse>,
    /// Every file written or linked so far, for the next build's [`Reuse`].
    ledger: NewLedger,
}

const STAMP_TEXT: &str = "This folder was made by `shuyuan build`; each build replaces it whole.\n";

/// The lock file inside a site being written.
const LOCK: &str = ".building.lock";

impl Staging {
    /// Starts a site beside `out`, first removing what builds that were
    /// killed left there. `out` must be a folder a build may replace
    /// (see [`check_target`]).
    pub fn begin(out: &Path) -> Result<Staging> {
        super::target::refuse_dangerous_target(out)?;
        let (parent, name) = beside(out);
        fs::create_dir_all(parent)?;
        for stale in stale_staging_beside(out) {
            let _ = std::fs::remove_dir_all(stale);
        }
        let pid = std::process::id();
        let dir = parent.join(format!("{}{pid}", staging_prefix(&name)));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let lock_path = dir.join(LOCK);
        let lock = std::fs::File::create(&lock_path)
            .and_then(|f| f.lock().map(|()| f))
            .map_err(|e| anyhow::anyhow!("{}: cannot create and lock file: {e}", lock_path.display()))?;
        fs::write(&dir.join(STAMP), STAMP_TEXT)?;
        let old = parent.join(format!("{}{pid}", old_prefix(&name)));
        let taken = [STAMP, LOCK, LEDGER].map(str::to_string);
        let written = std::sync::Mutex::new(std::collections::HashSet::from(taken));
        let reuse = out.join(STAMP).is_file().then(|| Reuse {
            site: out.to_path_buf(),
            ledger: Ledger::read(out),
            links: AtomicBool::new(true),
        });
        let ledger = NewLedger::default();
        Ok(Staging { out: out.to_path_buf(), dir, old, lock: Some(lock), written, reuse, ledger })
    }

    /// Writes some of the files; may be called from several threads. Fails,
    /// writing none of them, when one would take the path of a file written
    /// before (or of another of them): either could win, so neither does.
    pub fn write(&self, files: &[OutputFile]) -> Result<()> {
        {
            let mut written = self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut new = std::collections::HashSet::with_capacity(files.len());
            for f in files {
                let key = f.path.to_ascii_lowercase();
                if written.contains(&key) || !new.insert(key) {
                    bail!("output path `{}` would be written twice, one file over the other (a bug in shuyuan: please report it)", f.path);
                }
            }
            written.extend(new);
        }
        self.ledger.add(write_all(files, &self.dir, self.reuse.as_ref())?);
        Ok(())
    }

    /// A file to set texts aside in while the site is written, removed
    /// before it is put in place.
    pub fn spill(&self, name: &str) -> Result<std::sync::Arc<super::Spill>> {
        super::Spill::create(&self.dir.join(format!("{}{name}", super::spill::SPILL_PREFIX)))
    }

    /// Writes `files` on a thread of their own while `meanwhile` runs on
    /// this one, and returns what it made once both are done. The files are
    /// freed as soon as they are written, so that `meanwhile` (the search
    /// index) reuses that memory rather than asking the kernel for more.
    pub fn write_while<T>(&self, files: Vec<OutputFile>, meanwhile: impl FnOnce() -> T) -> Result<T> {
        let (written, made) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| self.write(&files).map(|()| drop(files)));
            let made = meanwhile();
            (writer.join().unwrap_or_else(|_| Err(anyhow::anyhow!("writing the site failed"))), made)
        });
        written?;
        Ok(made)
    }

    /// Puts the written site in place of the old one, and removes the old
    /// one (and any that earlier builds left) as `removal` says. Returns a
    /// warning when the old site was read-only and could not be removed.
    pub fn put_in_place(self, removal: Removal) -> Result<Option<String>> {
        let out = self.out.clone();
        let (old, failed) = old_sites_to_remove(&out, self.swap()?);
        removal.remove(old);
        Ok(failed)
    }

    /// Puts the written site in place of the old one, and returns the
    /// folder the old one now is in (beside the site, `.<name>.old-<pid>`),
    /// for the caller to remove.
    fn swap(mut self) -> Result<Option<PathBuf>> {
        std::mem::take(&mut self.ledger).write(&self.dir)?;
        drop(self.lock.take());
        fs::remove_file(&self.dir.join(LOCK))?;
        let entries = std::fs::read_dir(&self.dir)
            .map_err(|e| anyhow::anyhow!("{}: cannot read folder: {e}", self.dir.display()))?;
        for entry in entries.filter_map(|e| e.ok()) {
            if entry.file_name().to_string_lossy().starts_with(super::spill::SPILL_PREFIX) {
                fs::remove_file(&entry.path())?;
            }
        }
        if self.out.exists() {
            fs::rename(&self.out, &self.old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(e);
        }
        Ok(self.old.exists().then(|| self.old.clone()))
    }
}

/// The folder the site `out` goes in, and its name.
pub(super) fn beside(out: &Path) -> (&Path, String) {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    (out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")), name)
}

/// How the name of an old site set aside beside the site `name` begins
/// (the process id follows).
pub(super) fn old_prefix(name: &str) -> String {
    format!(".{name}.old-")
}

/// How the name of a site being written beside the site `name` begins
/// (the process id follows).
fn staging_prefix(name: &str) -> String {
    format!(".{name}.building-")
}

/// A staging folder without its lock file, from a build before there were
/// lock files, is taken to be left behind once it is this old.
const STALE_WITHOUT_LOCK: std::time::Duration = std::time::Duration::from_secs(3600);

/// Sites being written beside `out` by builds that are gone (killed, or
/// stopped by a power cut): their lock is free.
fn stale_staging_beside(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = beside(out);
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let prefix = staging_prefix(&name);
    let is_stale = |dir: &Path| match std::fs::File::open(dir.join(LOCK)) {
        Ok(lock) => lock.try_lock().is_ok(),
        Err(_) => std::fs::metadata(dir)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_WITHOUT_LOCK)),
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| is_stale(p))
        .collect()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The site a build replaces, as [`write_all`] reuses its files: a file
/// with the same path and the same bytes as a new one is hard-linked into
/// the new site instead of written. Rebuilding 100,000 unchanged pages
/// otherwise writes 3.3 GB again; and a file linked keeps its time, so a
/// copy that goes by times (robocopy, rsync) copies only what changed.
/// Which bytes the old site holds, its ledger says ([`super::ledger`]).
struct Reuse {
    site: PathBuf,
    ledger: Ledger,
    /// False once a link failed (a file system without hard links, such as
    /// FAT32 or some shares): every file is then written.
    links: AtomicBool,
}

impl Reuse {
    /// Links the old site's `rel` to `path` when it holds exactly `bytes`,
    /// as its ledger says and its length and time confirm; its entry when it did.
    fn link(&self, rel: &str, bytes: Bytes, path: &Path) -> Option<Entry> {
        if !self.links.load(Ordering::Relaxed) {
            return None;
        }
        let known = self.ledger.get(rel).filter(|e| e.holds(bytes))?;
        let old = self.site.join(rel);
        // A plain file only: a link to a symbolic link would bring a user's
        // file into the site by another name. Not a read-only one: a link
        // shares it, and on Windows a read-only file cannot be removed, so
        // the next build could not remove this site.
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || meta.permissions().readonly() || !known.matches(&meta) {
            return None;
        }
        if std::fs::hard_link(&old, path).is_err() {
            self.links.store(false, Ordering::Relaxed);
            return None;
        }
        Some(*known)
    }
}

/// Writes (or links) `files` into `dir`; the ledger's entry of each.
fn write_all(files: &[OutputFile], dir: &Path, reuse: Option<&Reuse>) -> Result<Vec<(String, Entry)>> {
    let mut dirs: Vec<PathBuf> =
        files.iter().filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p))).collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    let entries: Vec<Option<(String, Entry)>> = files
        .par_iter()
        .map(|f| {
            let path = dir.join(&f.path);
            let bytes = Bytes::of(&f.bytes);
            if let Some(entry) = reuse.and_then(|r| r.link(&f.path, bytes, &path)) {
                return Ok(Some((f.path.clone(), entry)));
            }
            let cannot = |e: std::io::Error| anyhow::anyhow!("{}: cannot write file: {e}", path.display());
            let mut file = std::fs::File::create(&path).map_err(cannot)?;
            std::io::Write::write_all(&mut file, &f.bytes).map_err(cannot)?;
            // Its time once written: a file whose time cannot be read is left out of the ledger.
            let entry = file.metadata().ok().and_then(|m| Entry::of(bytes, &m));
            Ok(entry.map(|e| (f.path.clone(), e)))
        })
        .collect::<Result<_>>()?;
    Ok(entries.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::super::is_old_site;
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text)
    }

    /// Writes `files` as the site `out`, as a build does.
    fn write_site(files: &[OutputFile], out: &Path) -> Result<Option<String>> {
        let staging = Staging::begin(out)?;
        staging.write(files)?;
        staging.put_in_place(Removal::Here)
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_old_site_completely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("a.html", "1"), file("x/old.html", "o")], &out).unwrap();
        write_site(&[file("a.html", "2"), file("b/c.html", "3")], &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "2");
        assert!(out.join("b/c.html").exists());
        assert!(!out.join("x/old.html").exists());
        assert_eq!(names_in(dir.path()), ["public"], "no staging folder or old site left behind");
        assert_eq!(names_in(&out), [LEDGER, STAMP, "a.html", "b"], "stamped, with its ledger, and the lock is gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_the_old_site_holds_unchanged_is_linked_not_written_and_a_changed_one_is_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("same.html", "一样"), file("x/edited.html", "旧"), file("longer.html", "短")], &out).unwrap();
        let before = |name: &str| std::fs::metadata(out.join(name)).unwrap();
        let (same, edited) = (before("same.html"), before("x/edited.html"));
        write_site(&[file("same.html", "一样"), file("x/edited.html", "新"), file("longer.html", "长一些")], &out)
            .unwrap();
        let after = std::fs::metadata(out.join("same.html")).unwrap();
        assert_eq!(
            (after.ino(), after.mtime_nsec()),
            (same.ino(), same.mtime_nsec()),
            "linked: the same file, its time kept"
        );
        assert_eq!(after.nlink(), 1, "the old site is gone, the file stays");
        assert_ne!(
            std::fs::metadata(out.join("x/edited.html")).unwrap().ino(),
            edited.ino(),
            "same length, other bytes"
        );
        assert_eq!(std::fs::read_to_string(out.join("x/edited.html")).unwrap(), "新");
        assert_eq!(std::fs::read_to_string(out.join("longer.html")).unwrap(), "长一些");
        assert_eq!(std::fs::read_to_string(out.join("same.html")).unwrap(), "一样");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_edited_in_the_old_site_or_missing_from_its_ledger_is_written_again_not_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("a.html", "原文"), file("b.html", "乙")], &out).unwrap();
        // Someone edits a file of the built site, keeping its length: its
        // ledger entry no longer matches its time.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(out.join("a.html"), "改过").unwrap();
        let ino = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let (a, b) = (ino("a.html"), ino("b.html"));
        write_site(&[file("a.html", "原文"), file("b.html", "乙")], &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "原文", "the build's bytes, not the edit");
        assert_ne!(ino("a.html"), a);
        assert_eq!(ino("b.html"), b, "an untouched file is linked");
        // Without a ledger, nothing is linked.
        std::fs::remove_file(out.join(LEDGER)).unwrap();
        let b = ino("b.html");
        write_site(&[file("b.html", "乙")], &out).unwrap();
        assert_ne!(ino("b.html"), b);
        assert!(out.join(LEDGER).is_file(), "and the new site has one again");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_of_the_old_site_is_written_again_not_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("a.html", "1")], &out).unwrap();
        let a = out.join("a.html");
        let mut read_only = std::fs::metadata(&a).unwrap().permissions();
        read_only.set_readonly(true);
        std::fs::set_permissions(&a, read_only).unwrap();
        let before = std::fs::metadata(&a).unwrap().ino();
        write_site(&[file("a.html", "1")], &out).unwrap();
        let after = std::fs::metadata(&a).unwrap();
        assert!(after.ino() != before && !after.permissions().readonly(), "a new, writable file");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_old_site_is_never_linked_from() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("a.html", "1")], &out).unwrap();
        let users = dir.path().join("notes.html");
        std::fs::write(&users, "2").unwrap();
        std::os::unix::fs::symlink(&users, out.join("b.html")).unwrap();
        write_site(&[file("a.html", "1"), file("b.html", "2")], &out).unwrap();
        let b = std::fs::symlink_metadata(out.join("b.html")).unwrap();
        assert!(b.is_file() && b.ino() != std::fs::metadata(&users).unwrap().ino(), "written, not the user's file");
    }

    #[test]
    fn a_swap_hands_back_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "1")]).unwrap();
        assert_eq!(staging.swap().unwrap(), None, "no old site the first time");
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "2")]).unwrap();
        let old = staging.swap().unwrap().expect("the old site, set aside");
        assert_eq!(std::fs::read_to_string(old.join("a.html")).unwrap(), "1");
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "2");
        assert!(is_old_site(&old));
        assert!(!is_old_site(&out) && !is_old_site(Path::new("notes")));
        assert_eq!(old_sites_to_remove(&out, Some(old.clone())), (vec![old], None), "listed once");
    }

    #[test]
    fn texts_set_aside_in_a_site_being_written_are_not_in_it_once_it_is_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        let spill = staging.spill("html").unwrap();
        let spilled = spill.put("<p>正文</p>").unwrap();
        staging.write(&[file("a.html", "1")]).unwrap();
        assert_eq!(spilled.read().unwrap(), "<p>正文</p>");
        drop((spill, spilled));
        staging.put_in_place(Removal::Here).unwrap();
        assert_eq!(names_in(&out), [LEDGER, STAMP, "a.html"], "nothing set aside is left in the site");
    }

    #[test]
    fn refuses_to_replace_a_site_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert!(write_site(&[file("a.html", "1")], dir.path()).is_err());
        assert!(dir.path().join("content").is_dir());
    }

    #[test]
    fn a_site_written_in_parts_replaces_the_old_one_only_when_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&[file("a.html", "old")], &out).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "new")]).unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old", "dropped unfinished: nothing changes");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "and nothing is left behind");
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "new")]).unwrap();
        staging.write(&[file("search/index.js", "i")]).unwrap();
        staging.put_in_place(Removal::Here).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert!(out.join("search/index.js").exists());
    }

    #[test]
    fn the_pages_are_written_while_the_index_is_made_and_the_index_after() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        let pages: Vec<OutputFile> = (0..200).map(|i| file(&format!("p/{i}.html"), "页")).collect();
        let made_on = std::thread::current().id();
        let index = staging.write_while(pages, || (std::thread::current().id(), vec![file("search/index.js", "i")]));
        let (thread, index) = index.unwrap();
        assert_eq!(thread, made_on, "the index is made on the calling thread");
        assert!(staging.dir.join("p/199.html").is_file(), "every page is written when it returns");
        staging.write(&index).unwrap();
        assert!(!out.exists(), "nothing is in place before put_in_place");
        staging.put_in_place(Removal::Here).unwrap();
        assert_eq!(std::fs::read_dir(out.join("p")).unwrap().count(), 200);
        assert!(out.join("search/index.js").is_file());
    }

    #[test]
    fn a_page_that_cannot_be_written_fails_the_site_after_the_index_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        let mut made = false;
        let twice = vec![file("a.html", "1"), file("A.html", "2")];
        let e = staging.write_while(twice, || made = true).unwrap_err().to_string();
        assert!(made, "the index was still made");
        assert!(e.contains("written twice"), "{e}");
        drop(staging);
        assert!(!out.exists() && names_in(dir.path()).is_empty(), "nothing is left: {:?}", names_in(dir.path()));
    }

    #[test]
    fn a_folder_a_killed_build_left_is_removed_by_the_next_one_and_a_live_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let killed = dir.path().join(".public.building-4000000");
        std::fs::create_dir_all(&killed).unwrap();
        std::fs::write(killed.join(LOCK), "").unwrap();
        let live = Staging::begin(&dir.path().join("public")).unwrap();
        assert!(!killed.exists(), "its lock is free: removed");
        assert_eq!(stale_staging_beside(&out), Vec::<PathBuf>::new(), "the live one holds its lock");
        drop(live);
    }

    #[test]
    fn a_second_file_for_one_path_is_refused_and_the_first_stays() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("static/site.js", "theme")]).unwrap();
        let e = staging.write(&[file("b.html", "b"), file("static/Site.js", "user")]).unwrap_err().to_string();
        assert!(e.starts_with("output path `static/Site.js` would be written twice"), "{e}");
        let e = staging.write(&[file("c.html", "1"), file("c.html", "2")]).unwrap_err().to_string();
        assert!(e.contains("`c.html`"), "{e}");
        assert!(staging.write(&[file(STAMP, "x")]).is_err(), "nor the stamp");
        staging.put_in_place(Removal::Here).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("static/site.js")).unwrap(), "theme");
        assert!(!out.join("b.html").exists() && !out.join("c.html").exists(), "a refused batch writes nothing");
    }
}
