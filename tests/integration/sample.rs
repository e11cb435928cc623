//! The real sample library in content/: 24 documents from the seeds and rules, every
//! link resolving, no junk and no internet URL in the output.

use crate::site::{broken_links, listing, run};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the real content/ into a temporary folder.
pub fn build_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o =
        run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).args(["build", "--root"]).arg(repo()).arg("--out").arg(&out));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    assert!(o.stderr.trim().is_empty(), "the sample library builds without warnings:\n{}", o.stderr);
    (dir, out)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn sample_library_has_the_24_documents() {
    let (_tmp, out) = build_sample();
    let docs: Vec<PathBuf> = html_files(&out)
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with("-print.html"))
        // A comparison of two versions of a rule is no document of its own.
        .filter(|p| !p.strip_prefix(&out).unwrap().starts_with("compare"))
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("class=\"doc-title\""))
        .collect();
    assert_eq!(docs.len(), 24, "document pages:\n{}", listing(&out));
    for p in &docs {
        let html = std::fs::read_to_string(p).unwrap();
        assert!(html.contains("class=\"toc\""), "{} has no table of contents", p.display());
        assert!(html.contains("topic-link"), "{} has no topic", p.display());
    }
    let topics = std::fs::read_dir(out.join("topic")).unwrap().count();
    assert!(topics >= 5, "{topics} topics");
    let plan =
        std::fs::read_to_string(out.join("plan/2025-nian-xx-shi-ren-da-ban-gong-shi-yi-shi-xing-tai-gong-zuo.html"))
            .unwrap();
    assert!(plan.contains("2025年XX市人大办公室意识形态工作要点"), "003 got its derived title");
}

#[test]
fn every_link_and_asset_resolves_to_a_file() {
    let (_tmp, out) = build_sample();
    let problems = broken_links(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_internet_url_no_junk_and_ascii_names() {
    let (_tmp, out) = build_sample();
    let url = regex::Regex::new(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}").unwrap();
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        let p = entry.path();
        let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
        assert!(rel.is_ascii(), "non-ASCII output path {rel}");
        // The ledger (one of the build's own files) is deflated, and no page loads it.
        if !entry.file_type().is_file() || rel == "sitemap.xml" || shuyuan::output::OWN_FILES.contains(&rel.as_str()) {
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        // Search index files are UTF-16, with a byte-order mark.
        let text = if bytes.starts_with(&[0xff, 0xfe]) {
            crate::site::utf16_file(&bytes)
        } else {
            String::from_utf8(bytes).unwrap()
        };
        // A bundled library keeps its licence banner (`/*! … */`), which names its home page.
        let text = match text.strip_prefix("/*!").and_then(|t| t.split_once("*/")) {
            Some((_, code)) if rel.starts_with("static/vendor/") => code.to_string(),
            _ => text,
        };
        // An SVG names its namespace with a URL no browser asks for.
        let text = text.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
        if let Some(m) = url.find(&text) {
            panic!("{rel} holds an internet URL: {}", m.as_str());
        }
        for junk in [
            "403074932",
            "淘文库",
            "扫码",
            "领取福利",
            "共计3826个字",
            "预计阅读时长",
            "观山文库",
            "希望对大家有所帮助",
            "欢迎品鉴",
        ] {
            assert!(!text.contains(junk), "{rel} still holds scrape junk {junk:?}");
        }
    }
}
