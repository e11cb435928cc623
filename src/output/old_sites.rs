//! The old site a swap set aside (`.<name>.old-<pid>` beside the new
//! one), and any that earlier builds set aside and did not finish removing:
//! removed in the background, since on a disk deleting thousands of files
//! took as long as the build (2 s on 10,000 pages).

use super::staging::{beside, old_prefix};
use std::path::{Path, PathBuf};

/// How old sites are removed once the new one is in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// By a process of its own (`shuyuan remove-old-sites`), which goes on
    /// after this one exits; here, when it cannot be started. Only for the
    /// `shuyuan` binary, which is the process started.
    Background,
    /// Here, before returning.
    Here,
}

impl Removal {
    pub(super) fn remove(self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        if self == Removal::Background && start_removal(&paths).is_ok() {
            return;
        }
        remove_old_sites(&paths);
    }
}

/// Starts `shuyuan remove-old-sites PATHS…`.
fn start_removal(paths: &[PathBuf]) -> std::io::Result<std::process::Child> {
    std::process::Command::new(std::env::current_exe()?)
        .arg("remove-old-sites")
        .args(paths)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
}

/// Removes those of `paths` that are old sites (and only those: the paths
/// come from the command line of `shuyuan remove-old-sites`), as far as
/// it can.
pub fn remove_old_sites(paths: &[PathBuf]) {
    for path in paths.iter().filter(|p| is_old_site(p)) {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// Whether `path` is an old site [`super::Staging`] set aside
/// (`.<name>.old-<pid>`): the only folders removed in the background.
pub fn is_old_site(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.') && name.contains(".old-")
}

/// Old sites beside `out` that earlier builds set aside and did not finish
/// removing (stopped while they were at it).
fn old_sites_beside(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = beside(out);
    let Ok(entries) = std::fs::read_dir(parent) else { return Vec::new() };
    let prefix = old_prefix(&name);
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect()
}

/// What is left beside `out` to remove once `set_aside` (the old site a
/// swap returned) is dealt with: old sites that earlier builds did not
/// finish removing, and this one, unless it is read-only. A read-only one
/// is removed here and now, since in the background its failure would go
/// unsaid; the returned message says when that fails.
pub(super) fn old_sites_to_remove(out: &Path, set_aside: Option<PathBuf>) -> (Vec<PathBuf>, Option<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_sites_are_removed_by_the_remove_command() {
        let dir = tempfile::tempdir().unwrap();
        let [old, mine, site] = [".public.old-17", "notes", "public"].map(|n| dir.path().join(n));
        for d in [&old, &mine, &site] {
            std::fs::create_dir_all(d.join("sub")).unwrap();
        }
        remove_old_sites(&[old.clone(), mine.clone(), site.clone()]);
        assert!(!old.exists(), "the old site is gone");
        assert!(mine.exists() && site.exists(), "what is not an old site stays");
    }

    #[test]
    fn old_sites_earlier_builds_left_are_removed_with_the_one_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let [left, set_aside, other] = [".public.old-1", ".public.old-2", ".docs.old-3"].map(|n| dir.path().join(n));
        for d in [&out, &left, &set_aside, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        let (mut old, failed) = old_sites_to_remove(&out, Some(set_aside.clone()));
        old.sort();
        assert_eq!(old, [left.clone(), set_aside.clone()], "another site's old ones are not this one's");
        assert!(failed.is_none());
        Removal::Here.remove(old);
        assert!(!left.exists() && !set_aside.exists() && other.exists() && out.exists());
        let (old, _) = old_sites_to_remove(&out, None);
        assert!(old.is_empty(), "{old:?}");
    }
}
