//! The code's shape, kept: every module says what it is (`//!`), no file
//! under src/ grows past the size a reader takes in, and no stage imports
//! from a stage that uses it (the top-level modules form no circle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a file under src/ may be, tests included.
const MAX_LINES: usize = 600;

fn sources() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string()
}

#[test]
fn every_module_says_what_it_is_and_none_is_too_long() {
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = relative(&file);
        let is_tests = file.file_name().is_some_and(|n| n == "tests.rs");
        assert!(is_tests || text.starts_with("//!"), "{name}: no `//!` saying what the module is");
        assert!(text.lines().count() <= MAX_LINES, "{name}: {} lines, past {MAX_LINES}", text.lines().count());
    }
}

#[test]
fn no_stage_imports_from_a_stage_that_uses_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources() {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel.iter().next().unwrap().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // What tests use is not the module's dependency.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let used: String = code[at + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if used != top && !used.is_empty() {
                uses.entry(top.clone()).or_default().insert(used);
            }
        }
    }
    for (module, used) in &uses {
        for other in used {
            // A path back from `other` to `module` closes a circle.
            let mut stack = vec![(other.clone(), vec![module.clone(), other.clone()])];
            let mut seen = BTreeSet::new();
            while let Some((at, path)) = stack.pop() {
                for next in uses.get(&at).into_iter().flatten() {
                    let mut path = path.clone();
                    path.push(next.clone());
                    assert!(next != module, "a circle of modules: {}", path.join(" → "));
                    if seen.insert(next.clone()) {
                        stack.push((next.clone(), path));
                    }
                }
            }
        }
    }
}
