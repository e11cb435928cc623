//! Stage 6: output. The one seam between a build and where it goes: files
//! in memory (for `serve`) or written to disk. Writing builds into a
//! temporary folder beside the target and swaps it in only when complete, so
//! a failed build leaves the previous site exactly as it was.

use crate::fs;
use anyhow::{bail, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Shared, so that a rebuild that keeps a file (live preview) copies nothing.
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile { path: path.into(), bytes: Arc::new(bytes.into()) }
    }
}

/// Writes `files` as the folder `out`, replacing what was there only once
/// every file is written.
pub fn write_atomically(files: &[OutputFile], out: &Path) -> Result<()> {
    let staging = Staging::begin(out)?;
    staging.write(files)?;
    staging.finish()
}

/// A site being written beside its target, in parts (the pages while the
/// search index is still being built, then the index), and swapped in by
/// [`Staging::finish`]. Dropped unfinished, it leaves the target as it was.
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
}

/// The file every build leaves at the top of its site: a folder that holds
/// it was made by shuyuan, and a build may replace it whole.
pub const STAMP: &str = ".shuyuan-site";
const STAMP_TEXT: &str = "This folder was made by `shuyuan build`; each build replaces it whole.\n";

/// The lock file inside a site being written.
const LOCK: &str = ".building.lock";

impl Staging {
    /// Starts a site beside `out`, first removing what builds that were
    /// killed left there. `out` must be a folder a build may replace
    /// (see [`check_target`]).
    pub fn begin(out: &Path) -> Result<Staging> {
        refuse_dangerous_target(out)?;
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
        let written = std::sync::Mutex::new(std::collections::HashSet::from([STAMP.to_string(), LOCK.to_string()]));
        Ok(Staging { out: out.to_path_buf(), dir, old, lock: Some(lock), written })
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
        write_all(files, &self.dir)
    }

    /// Puts the written site in place of the old one, and removes the old one.
    pub fn finish(self) -> Result<()> {
        match self.swap()? {
            Some(old) => fs::remove_dir_all(&old),
            None => Ok(()),
        }
    }

    /// Puts the written site in place of the old one, and returns the
    /// folder the old one now is in (beside the site, `.<name>.old-<pid>`),
    /// for the caller to remove: thousands of files take seconds to delete
    /// on a disk, which need not hold up the caller.
    pub fn swap(mut self) -> Result<Option<PathBuf>> {
        drop(self.lock.take());
        fs::remove_file(&self.dir.join(LOCK))?;
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
fn beside(out: &Path) -> (&Path, String) {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    (out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")), name)
}

/// How the name of an old site set aside beside the site `name` begins
/// (the process id follows).
fn old_prefix(name: &str) -> String {
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
pub fn stale_staging_beside(out: &Path) -> Vec<PathBuf> {
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

/// Whether `path` is an old site [`Staging::swap`] set aside
/// (`.<name>.old-<pid>`): the only folders removed in the background.
pub fn is_old_site(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.') && name.contains(".old-")
}

/// Old sites beside `out` that earlier builds set aside and did not finish
/// removing (stopped while they were at it).
pub fn old_sites_beside(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = beside(out);
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let prefix = old_prefix(&name);
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_all(files: &[OutputFile], dir: &Path) -> Result<()> {
    let mut dirs: Vec<PathBuf> =
        files.iter().filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p))).collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, f.bytes.as_slice())
            .map_err(|e| anyhow::anyhow!("{}: cannot write file: {e}", path.display()))
    })
}

/// A folder a build may replace whole: absent, empty, or made by an
/// earlier build. Anything else is refused, so that no user's file is lost.
fn refuse_dangerous_target(out: &Path) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!("{}: the output path exists and is not a folder; pass a folder to --out", out.display());
    }
    if out.join("content").is_dir() || out.join("site.yaml").is_file() || out.join(".git").exists() {
        bail!(
            "{}: refusing to replace this folder with the built site: it holds content/, site.yaml or .git (pass another --out, such as a new folder `public`)",
            out.display()
        );
    }
    let Ok(entries) = std::fs::read_dir(out) else { return Ok(()) };
    let names: Vec<String> =
        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    if names.is_empty() || is_made_by_a_build(out) {
        return Ok(());
    }
    let mut shown: Vec<&str> = names.iter().map(String::as_str).collect();
    shown.sort_unstable();
    let more = shown.len().saturating_sub(3);
    shown.truncate(3);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    bail!(
        "{}: refusing to replace this folder with the built site: it holds files that shuyuan did not make ({}{more}), and a build replaces its output folder whole; pass a new or empty folder to --out, or empty this one first",
        out.display(),
        shown.join(", ")
    )
}

/// Where a site is built when no `--out` is given: `public/` in its root.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}

/// What is left beside `out` to remove once `set_aside` (the old site a
/// swap returned) is dealt with: old sites that earlier builds did not
/// finish removing, and this one, unless it is read-only. A read-only one
/// is removed here and now, since in the background its failure would go
/// unsaid; the returned message says when that fails.
pub fn old_sites_to_remove(out: &Path, set_aside: Option<PathBuf>) -> (Vec<PathBuf>, Option<String>) {
    let mut old = old_sites_beside(out);
    old.retain(|p| Some(p) != set_aside.as_ref());
    let Some(set_aside) = set_aside else { return (old, None) };
    if !std::fs::metadata(&set_aside).is_ok_and(|m| m.permissions().readonly()) {
        old.push(set_aside);
        return (old, None);
    }
    let failed = std::fs::remove_dir_all(&set_aside).err().map(|e| {
        let shown = crate::diagnostics::display_path(&set_aside);
        format!(
            "the old site was read-only and could not be removed ({e}): it is now {}; remove it by hand",
            shown.display()
        )
    });
    (old, failed)
}

/// Whether `dir` is a site an earlier build wrote: it holds the stamp, or
/// (made before there were stamps) the home page, the search page and the
/// theme's script.
fn is_made_by_a_build(dir: &Path) -> bool {
    dir.join(STAMP).is_file()
        || (dir.join("index.html").is_file()
            && dir.join("search.html").is_file()
            && dir.join("static/site.js").is_file())
}

/// The folders of a site root that hold what the user made.
const SOURCE_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// Refuses an output folder that would replace or fill what the user made:
/// the site root or a folder above it, or a folder that is, holds or lies
/// inside the root's content/, templates/, static/ or themes/.
pub fn check_target(out: &Path, root: &Path) -> Result<()> {
    let out_full = full_path(out);
    let root_full = full_path(root);
    let public = crate::diagnostics::display_path(&default_out(root));
    if root_full.starts_with(&out_full) {
        bail!(
            "{}: refusing to build into the site root or a folder above it ({}): the build replaces its output folder whole and would delete the site itself; pass --out {}",
            out.display(),
            root.display(),
            public.display()
        );
    }
    for dir in SOURCE_DIRS {
        let source = full_path(&root.join(dir));
        if out_full.starts_with(&source) || source.starts_with(&out_full) {
            bail!(
                "{}: refusing to build into the site's {dir}/ folder, where the build would replace or fill its own sources; pass --out {}",
                out.display(),
                public.display()
            );
        }
    }
    refuse_dangerous_target(out)
}

/// `path` made absolute with links and `..` resolved, as far as it exists;
/// the rest is appended as written.
fn full_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text)
    }

    #[test]
    fn replaces_the_old_site_completely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&[file("a.html", "1"), file("x/old.html", "o")], &out).unwrap();
        write_atomically(&[file("a.html", "2"), file("b/c.html", "3")], &out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "2");
        assert!(out.join("b/c.html").exists());
        assert!(!out.join("x/old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder left behind");
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
        assert_eq!(old_sites_beside(&out), [old]);
        assert!(!is_old_site(&out) && !is_old_site(Path::new("notes")));
    }

    #[test]
    fn an_old_site_set_aside_is_left_to_the_background_once() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&[file("a.html", "1")], &out).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "2")]).unwrap();
        let set_aside = staging.swap().unwrap();
        let (old, failed) = old_sites_to_remove(&out, set_aside.clone());
        assert_eq!(old, Vec::from_iter(set_aside), "listed once");
        assert!(failed.is_none());
    }

    #[test]
    fn refuses_to_replace_a_site_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        assert!(write_atomically(&[file("a.html", "1")], dir.path()).is_err());
        assert!(dir.path().join("content").is_dir());
    }

    #[test]
    fn a_site_written_in_parts_replaces_the_old_one_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&[file("a.html", "old")], &out).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "new")]).unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "old", "dropped unfinished: nothing changes");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "and nothing is left behind");
        let staging = Staging::begin(&out).unwrap();
        staging.write(&[file("a.html", "new")]).unwrap();
        staging.write(&[file("search/index.js", "i")]).unwrap();
        staging.finish().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert!(out.join("search/index.js").exists());
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
        staging.finish().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("static/site.js")).unwrap(), "theme");
        assert!(!out.join("b.html").exists() && !out.join("c.html").exists(), "a refused batch writes nothing");
    }
}
