//! Which folders a build may replace whole: never the site root or a
//! folder above it, never the site's own sources, never a folder of files
//! that shuyuan did not make.

use super::STAMP;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// Where a site is built when no `--out` is given: `public/` in its root.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
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

/// A folder a build may replace whole: absent, empty, or made by an
/// earlier build. Anything else is refused, so that no user's file is lost.
pub(super) fn refuse_dangerous_target(out: &Path) -> Result<()> {
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

/// Whether `dir` is a site an earlier build wrote: it holds the stamp, or
/// (made before there were stamps) the home page, the search page and the
/// theme's script.
fn is_made_by_a_build(dir: &Path) -> bool {
    dir.join(STAMP).is_file()
        || (dir.join("index.html").is_file()
            && dir.join("search.html").is_file()
            && dir.join("static/site.js").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_root_its_sources_and_folders_above_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for (out, says) in [
            (root.clone(), "above it"),
            (dir.path().to_path_buf(), "above it"),
            (root.join("content"), "content/ folder"),
            (root.join("content/pub"), "content/ folder"),
            (root.join("static/x"), "static/ folder"),
            (root.join("themes"), "themes/ folder"),
        ] {
            let e = check_target(&out, &root).expect_err(&format!("{}", out.display())).to_string();
            assert!(e.contains(says), "{}: {e}", out.display());
        }
        check_target(&default_out(&root), &root).unwrap();
        check_target(&dir.path().join("elsewhere"), &root).unwrap();
    }

    #[test]
    fn only_an_empty_folder_or_one_a_build_made_may_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        refuse_dangerous_target(&out).expect("absent");
        std::fs::create_dir(&out).unwrap();
        refuse_dangerous_target(&out).expect("empty");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = refuse_dangerous_target(&out).unwrap_err().to_string();
        assert!(e.contains("did not make (notes.txt)"), "{e}");
        std::fs::write(out.join(STAMP), "").unwrap();
        refuse_dangerous_target(&out).expect("stamped by a build");
        std::fs::create_dir(out.join(".git")).unwrap();
        assert!(refuse_dangerous_target(&out).is_err(), "never a folder holding .git");
        std::fs::write(dir.path().join("file"), "").unwrap();
        assert!(refuse_dangerous_target(&dir.path().join("file")).is_err(), "nor a file");
    }
}
