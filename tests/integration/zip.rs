//! `shuyuan build --zip FILE`: the finished site as one zip, which unpacked
//! is one folder that opens and searches from file:// as it is.

use crate::browser::Browser;
use crate::site::run;
use std::path::Path;
use std::process::Command;

fn unzip(zip: &Path, into: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.extract(into).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect()
}

#[test]
fn the_zipped_library_unpacks_into_one_folder_that_searches_from_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, zip) = (tmp.path().join("public"), tmp.path().join("书院文库.zip"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .arg("--zip")
        .arg(&zip));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("zipped ") && o.stdout.contains("书院文库.zip"), "{}", o.stdout);
    let unpacked = tmp.path().join("unpacked");
    let names = unzip(&zip, &unpacked);
    assert!(names.iter().all(|n| n.starts_with("书院文库/")), "one folder: {names:?}");
    let site = unpacked.join("书院文库");
    let built = walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file());
    assert_eq!(names.len() + 2, built.count(), "every file of the site but its stamp and its ledger");
    // The unpacked copy alone: the site it was made from is gone.
    std::fs::remove_dir_all(&out).unwrap();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("file://{}?q=意识形态", site.join("search.html").display()));
    b.wait_for(
        "var r = document.querySelectorAll('#search-results li.result'); return r.length >= 5 && r[0].querySelector('.result-sections mark')",
    );
    assert!(b.count("#search-results li.result") >= 5, "results with snippets from the page texts");
    let first = b.run("return document.querySelector('#search-results li.result a[href]').href", serde_json::json!([]));
    b.goto(first.as_str().unwrap());
    assert!(b.count(".doc-title") == 1, "a result opens its page: {}", b.url());
}

#[test]
fn a_zip_inside_the_site_is_refused_before_building() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan"))
        .args(["build", "--root"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("--out")
        .arg(&out)
        .arg("--zip")
        .arg(out.join("site.zip")));
    assert!(!o.ok && o.stderr.contains("outside the site folder"), "{}", o.stderr);
    assert!(!out.exists(), "nothing was built");
}
