//! The files `import` is given: a folder stands for the documents in it,
//! a pattern (`收文/*.docx`, for shells that leave `*` as it is) for the
//! files it matches. In: the paths of the command line. Out: files, in order.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// The extensions of the files a folder is searched for: those `import`
/// reads, and old Word and WPS files, so that each is named with what to do
/// (save it as .docx) rather than passed over without a word.
const EXTENSIONS: [&str; 6] = ["docx", "txt", "md", "markdown", "doc", "wps"];

/// The files named: a folder stands for the files in it (and its folders)
/// that `import` reads, sorted; a pattern with `*` or `?` that names no file
/// itself stands for the files it matches.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let pattern = path.to_string_lossy();
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(walkdir::DirEntry::into_path)
                .filter(|p| !is_hidden_or_lock_file(p))
                .filter(|p| {
                    p.extension().is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str()))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("{}: no .docx, .txt or .md file in this folder", path.display());
            }
            files.extend(found);
        } else if !path.exists() && pattern.contains(['*', '?']) {
            let found: Vec<PathBuf> = glob::glob(&pattern)
                .with_context(|| format!("{pattern}: not a file pattern"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file() && !is_hidden_or_lock_file(p))
                .collect();
            if found.is_empty() {
                bail!("{pattern}: no file matches");
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Hidden files, and the `~$name.docx` lock files Word leaves beside an open document.
fn is_hidden_or_lock_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_stands_for_its_documents_but_not_hidden_or_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.docx", "sub/c.md", "~$a.docx", ".hidden.txt", "notes.pdf", "old.DOC"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let names: Vec<String> = expand(&[dir.path().to_path_buf()])
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(names, ["a.docx", "b.txt", "old.DOC", "sub/c.md"]);
        let pattern = dir.path().join("*.txt");
        assert_eq!(expand(&[pattern]).unwrap(), [dir.path().join("b.txt")]);
        assert!(expand(&[dir.path().join("*.xyz")]).is_err(), "a pattern that matches nothing");
    }
}
