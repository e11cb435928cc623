//! `language: en`: the theme's own words, punctuation and plurals are
//! English. The sample library, built in English, shows no CJK character
//! outside what its content wrote (the pages' text, titles, names).

use crate::site::run;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn cjk_runs(text: &str) -> Vec<String> {
    let is_cjk = |c: char| matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// What a reader sees of a file: text outside tags, styles and the body of
/// a document (the content's own text); a calendar unfolded.
fn visible(path: &Path, text: &str) -> String {
    if path.extension().is_some_and(|x| x == "ics") {
        return text.replace("\r\n ", "");
    }
    let body =
        regex::Regex::new(r#"(?s)<div class="prose doc-body">.*?</article>|<style>.*?</style>|<script>.*?</script>"#)
            .unwrap();
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    tag.replace_all(&body.replace_all(text, " "), " ").into_owned()
}

#[test]
fn the_english_sample_shows_no_chinese_outside_its_content() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::site::copy_dir(&repo.join("content"), &root.join("content"));
    // Folders without an `_index.md` are named by the theme.
    for kind in ["study", "rule", "plan"] {
        let _ = std::fs::remove_file(root.join("content").join(kind).join("_index.md"));
    }
    let yaml = std::fs::read_to_string(repo.join("site.yaml")).unwrap().replace("language: zh-CN", "language: en");
    std::fs::write(root.join("site.yaml"), &yaml).unwrap();
    let out = tmp.path().join("public");
    let o =
        run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).args(["build", "--root"]).arg(&root).arg("--out").arg(&out));
    assert!(o.ok, "{}", o.stderr);

    let mut written = BTreeSet::new();
    for e in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        written.extend(cjk_runs(&std::fs::read_to_string(e.path()).unwrap_or_default()));
    }
    let mut generated: Vec<(String, String)> = Vec::new();
    for e in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        let path = e.path();
        let rel = path.strip_prefix(&out).unwrap().display().to_string();
        if rel.starts_with("search") || !path.extension().is_some_and(|x| x == "html" || x == "ics") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for r in cjk_runs(&visible(path, &text)) {
            if !written.contains(&r) {
                generated.push((rel.clone(), r));
            }
        }
    }
    generated.sort();
    generated.dedup();
    assert!(
        generated.is_empty(),
        "Chinese the theme wrote in an English site: {:?}",
        &generated[..generated.len().min(30)]
    );
}
