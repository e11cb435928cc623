//! `TestSite`: a fixture copied to a temporary folder, built with the real
//! binary, and checked file by file. Failures print the folder listing and
//! the build's output.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub struct Outcome {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        copy_dir(&fixtures().join(name), &site.root);
        site
    }

    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        TestSite { _dir: dir, root }
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `shuyuan build --root <site>` with extra arguments.
    pub fn build(&self, extra: &[&str]) -> Outcome {
        run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("build").arg("--root").arg(&self.root).args(extra))
    }

    /// Builds and fails the test, with the output, if the build fails.
    pub fn build_ok(&self) -> Outcome {
        let out = self.build(&[]);
        assert!(out.ok, "build failed:\n{}\n{}", out.stdout, out.stderr);
        out
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A file of the built site; fails with the listing of public/ if missing.
    /// A file of the site's sources (`content/a.md`, `site.yaml`).
    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{rel} missing; public/ holds:\n{}", listing(&self.public())))
    }
}

pub fn run(cmd: &mut Command) -> Outcome {
    let out = cmd.output().expect("run shuyuan");
    Outcome {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn listing(dir: &Path) -> String {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files.join("\n")
}

/// Every `href` and `src` of an HTML file, entity-decoded.
pub fn links(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    re.captures_iter(html).map(|c| c[1].replace("&amp;", "&")).collect()
}

/// Checks that every relative link of every HTML file under `dir` names an
/// existing file (never a folder) and, with `#id`, an element with that id.
/// Returns the problems found.
pub fn broken_links(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for link in links(&html) {
            if link.starts_with("data:") {
                continue;
            }
            if link.contains("://") || link.starts_with("mailto:") {
                problems.push(format!("{}: external link {link}", path.display()));
                continue;
            }
            let (file, anchor) = match link.split_once('#') {
                Some((f, a)) => (f, Some(percent_decode(a))),
                None => (link.as_str(), None),
            };
            // A query (the scripts' version, site.js?v=…) names no other file.
            let file = file.split('?').next().unwrap_or(file);
            if file.starts_with('/') {
                problems.push(format!("{}: absolute link {link}", path.display()));
                continue;
            }
            let target =
                if file.is_empty() { path.to_path_buf() } else { path.parent().unwrap().join(percent_decode(file)) };
            if !target.is_file() {
                problems.push(format!("{}: {link} does not resolve to a file", path.display()));
                continue;
            }
            if let Some(a) = anchor {
                let text = std::fs::read_to_string(&target).unwrap_or_default();
                if !text.contains(&format!("id=\"{a}\"")) {
                    problems.push(format!("{}: {link}: no id {a} in target", path.display()));
                }
            }
        }
    }
    problems
}

pub use shuyuan::markdown::links::percent_decode;

/// What a packed search file (`__shuyuan.z("p/3.js","d-…",'…')`, UTF-16
/// with a byte-order mark) holds: the JSON of its call, from its 15-bit
/// digits, deflate (with the dictionary it names, which `read` gives as the
/// bytes of the search file of that path) and UTF-16.
pub fn unpack(file: &[u8], read: impl Fn(&str) -> Vec<u8>) -> String {
    let js = utf16_file(file);
    let dictionary = js.split('"').nth(3).expect("a dictionary name, maybe empty");
    let mut bytes = digits_of(&js);
    let skip = if dictionary.is_empty() {
        0
    } else {
        let d = inflate(&digits_of(&utf16_file(&read(&format!("p/{dictionary}.js")))));
        // As site.js does: the dictionary first, as a stored deflate block.
        let n = d.len() as u16;
        let mut all = vec![0];
        all.extend_from_slice(&n.to_le_bytes());
        all.extend_from_slice(&(!n).to_le_bytes());
        all.extend_from_slice(&d);
        all.extend_from_slice(&bytes);
        bytes = all;
        d.len()
    };
    let utf16 = inflate(&bytes);
    String::from_utf16(&units(&utf16[skip..])).expect("UTF-16")
}

/// Page `i`'s head as the index holds it (`{t, u, d, k, p}`): heads come
/// [`HEADS_PER_FILE`](shuyuan::search::HEADS_PER_FILE) to a packed file of
/// one call `["heads", n, [{…}, …]]`. `read` as for [`page_text`].
pub fn page_head(i: usize, read: impl Fn(&str) -> Vec<u8>) -> serde_json::Value {
    let per = shuyuan::search::HEADS_PER_FILE;
    let path = shuyuan::search::stored_path(&format!("search/h/{}.js", i / per));
    let calls: serde_json::Value = serde_json::from_str(&unpack(&read(&path["search/".len()..]), &read)).unwrap();
    calls[0][2][i % per].clone()
}

/// Page `i`'s text as the index holds it (`{x, b, s}`): texts come
/// [`TEXTS_PER_FILE`](shuyuan::search::TEXTS_PER_FILE) to a packed file of
/// calls `["text", i, {…}]`, stored in folders (`search/p/0/1.js` holds pages
/// 4 to 7). `read` gives the bytes of a file by its path under `search/`.
pub fn page_text(i: usize, read: impl Fn(&str) -> Vec<u8>) -> serde_json::Value {
    let path = shuyuan::search::stored_path(&format!("search/p/{}.js", i / shuyuan::search::TEXTS_PER_FILE));
    let calls: serde_json::Value = serde_json::from_str(&unpack(&read(&path["search/".len()..]), &read)).unwrap();
    let call = calls.as_array().unwrap().iter().find(|c| c[1] == serde_json::json!(i));
    call.unwrap_or_else(|| panic!("page {i} in {path}"))[2].clone()
}

/// How many pages the index of the site at `out` holds (its directory).
pub fn indexed_page_count(out: &std::path::Path) -> usize {
    let index = utf16_file(&std::fs::read(out.join("search/index.js")).unwrap());
    let call = index.trim().strip_prefix("__shuyuan.index(").and_then(|r| r.strip_suffix(");")).expect("one call");
    serde_json::from_str::<serde_json::Value>(call).unwrap()["pages"].as_u64().unwrap() as usize
}

fn units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect()
}

/// A search index file's text, from UTF-16 with a byte-order mark.
pub fn utf16_file(file: &[u8]) -> String {
    String::from_utf16(&units(file.strip_prefix(&[0xff, 0xfe]).expect("a UTF-16 byte-order mark"))).unwrap()
}

/// The bytes in the 15-bit digits of a search index file's string literal.
fn digits_of(js: &str) -> Vec<u8> {
    let data = js.split('\'').nth(1).expect("a string literal");
    shuyuan::search::codec::utf16_digits(&data.encode_utf16().collect::<Vec<_>>())
}

fn inflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(bytes).read_to_end(&mut out).expect("deflate");
    out
}

/// `rel` under ../shared (the project's shared files beside this checkout),
/// or `None` with a note when a copy has no ../shared; under `CI=true` its
/// absence fails the test instead.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing (CI=true)", path.display());
    eprintln!("note: skipped, {} is absent", path.display());
    None
}
