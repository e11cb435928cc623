//! A bounded, seeded fuzz run (issue 14): pages of the sample library and
//! of the fixtures, mutated at random, through the whole pipeline. Most go
//! through `Page::parse` and `markdown::render` in this process; whole
//! sites of them through `build::build` in process and a few through the
//! binary. None may panic, and whatever `check` accepts, `build` builds.
//!
//! A failure names the seed and keeps the input that failed: rerun one case
//! with `FUZZ_SEED=<seed> cargo test --test integration fuzz::`; `FUZZ_VERBOSE=1`
//! prints why each site that check refuses was refused; `FUZZ_CORPUS=DIR`
//! adds the pages of a folder to draw from and `FUZZ_PAGES=N` runs N pages.

use shuyuan::build::{self, BuildOptions, Search};
use shuyuan::content::page::Page;
use shuyuan::diagnostics::BrokenLinks;
use shuyuan::markdown::{self, links::LinkContext, links::Targets};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Mutated pages parsed and rendered in this process (`FUZZ_PAGES` for more).
const PAGES: usize = 5000;
/// Mutated sites built in this process (check, then build).
const SITES: usize = 60;
/// Of those, how many also go through the binary's `check` and `build`.
const BINARY_SITES: usize = 6;
/// Pages of a site replaced or added by mutated ones.
const PAGES_PER_SITE: usize = 6;
/// A mutated page is cut to this many bytes: long pages only slow the run.
const MAX_PAGE: usize = 24 * 1024;

/// splitmix64: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What Markdown, front matter, templates and the search index find
/// interesting: syntax, other tools' keys, bad values, odd characters.
const TOKENS: &[&str] = &[
    "---\n",
    "\n---\n",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "~~~",
    "#",
    "\n# ",
    "\n## 标题\n",
    "\n###### 六\n",
    "[",
    "]",
    "(",
    ")",
    "[链接](",
    "](../",
    "](#",
    "](a.md#",
    "![图](",
    "![](x.png)",
    "<",
    ">",
    "<div>",
    "</div>",
    "<script>alert(1)</script>",
    "<a href=\"javascript:x\">",
    "&",
    "&amp;",
    "&#0;",
    "|",
    "\n| a | b |\n|---|---|\n",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    "> ",
    "- ",
    "1. ",
    "[^1]",
    "\n[^1]: 注\n",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "title: ",
    "date: ",
    "topics: [",
    "topics:\n  - ",
    "kind: rule\n",
    "kind: 什么\n",
    "superseded_by: ",
    "superseded_by: a.md\n",
    "status: repealed\n",
    "weight: -99999999999999999999\n",
    "date: 2024-02-30\n",
    "date: 0000-00-00\n",
    "slug: index\n",
    "slug: ../x\n",
    "aliases: [a]\n",
    "&a ",
    "*a",
    "? ",
    "!!binary ",
    "\u{0}",
    "\u{feff}",
    "😀",
    "👨‍👩‍👧",
    "𠀀",
    "一、",
    "（一）",
    "第一条",
    "\u{200b}",
    "\u{202e}",
    "ǅ",
    "ﬃ",
    "İ",
    "<!--",
    "-->",
    "$$",
    "http://example.com/",
    "mailto:",
    "javascript:",
    "%",
    "%2e%2e/",
    "\u{3000}",
    "　　",
    "===\n",
    "\n***\n",
    "<br>",
    "\u{85}",
    "\u{2028}",
    "::: tip\n",
    "{{< ref \"a.md\" >}}",
    "{% raw %}",
];

/// One mutated text: 1 to `edits` edits of `text`, some borrowing from `other`.
fn mutate(rng: &mut Rng, text: &str, other: &str, edits: usize) -> String {
    let mut s: Vec<char> = text.chars().collect();
    let donor: Vec<char> = other.chars().collect();
    for _ in 0..1 + rng.below(edits) {
        let at = rng.below(s.len() + 1);
        let len = 1 + rng.below(64);
        let end = (at + len).min(s.len());
        match rng.below(9) {
            0..=2 => {
                let token: Vec<char> = rng.pick(TOKENS).chars().collect();
                s.splice(at..at, token);
            }
            3 => {
                s.drain(at..end);
            }
            4 => {
                let piece: Vec<char> = s[at..end].to_vec();
                s.splice(at..at, piece);
            }
            5 if !donor.is_empty() => {
                let from = rng.below(donor.len());
                let piece: Vec<char> = donor[from..(from + 1 + rng.below(400)).min(donor.len())].to_vec();
                s.splice(at..end, piece);
            }
            6 => {
                // A token repeated: nesting, long runs of markers.
                let token = rng.pick(TOKENS).repeat(1 + rng.below(300));
                s.splice(at..at, token.chars());
            }
            7 => s.truncate(at),
            _ => {
                if let Some(c) = s.get_mut(at) {
                    *c = char::from_u32(rng.next() as u32 % 0x3_0000).unwrap_or('\u{fffd}');
                }
            }
        }
    }
    let mut out: String = s.into_iter().collect();
    if out.len() > MAX_PAGE {
        let mut cut = MAX_PAGE;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Markdown pages of the sample library and of every fixture, with
/// their content-relative paths.
fn corpus() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut tops = vec![repo().join("content"), repo().join("tests/fixtures")];
    // More pages to draw from, for a longer run by hand (a real collection).
    tops.extend(std::env::var_os("FUZZ_CORPUS").map(PathBuf::from));
    for top in tops {
        for entry in walkdir::WalkDir::new(&top).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else { continue };
            let rel = path.strip_prefix(&top).unwrap().to_string_lossy().replace('\\', "/");
            // Fixture pages are under <fixture>/content/.
            let rel = rel.split_once("content/").map_or(rel.clone(), |(_, r)| r.to_string());
            pages.push((rel, text));
        }
    }
    assert!(pages.len() > 20, "the corpus: {} pages", pages.len());
    pages
}

fn seed() -> u64 {
    std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026)
}

/// Keeps a failing input where it can be read after the run, and says where.
fn keep(name: &str, text: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("shuyuan-fuzz-{name}"));
    let _ = std::fs::write(&path, text);
    path.display().to_string()
}

#[test]
fn mutated_pages_never_panic_the_parser_or_the_renderer() {
    let started = Instant::now();
    let corpus = corpus();
    let mut targets = Targets::default();
    for (rel, _) in &corpus {
        targets.add_page(rel, &rel.replace(".md", ".html"));
    }
    let mut rng = Rng(seed());
    let mut panics = Vec::new();
    let pages = std::env::var("FUZZ_PAGES").ok().and_then(|n| n.parse().ok()).unwrap_or(PAGES);
    for case in 0..pages {
        let (rel, text) = rng.pick(&corpus);
        let (_, other) = rng.pick(&corpus);
        let text = mutate(&mut rng, text, other, 8);
        let path = Path::new("content").join(rel);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let (page, _) = Page::parse(&path, rel, &text);
            if let Some(page) = page {
                let dir = page.section.clone();
                let ctx = LinkContext {
                    path: &path,
                    dir: &dir,
                    body_line: page.body_line,
                    root: "../",
                    targets: &targets,
                    allow_scripts: false,
                };
                markdown::render(&page.body, &ctx);
            }
        }));
        if result.is_err() {
            panics.push(format!("case {case} ({rel}): {}", keep(&format!("page-{case}.md"), text.as_bytes())));
        }
    }
    assert!(panics.is_empty(), "{} of {pages} pages panicked (seed {}):\n{}", panics.len(), seed(), panics.join("\n"));
    eprintln!("fuzz: {pages} mutated pages parsed and rendered in {:.1} s", started.elapsed().as_secs_f64());
}

/// A copy of a site (site.yaml and content/) with mutated pages in it, and
/// now and then a mutated site.yaml or bytes that are not UTF-8. A mild
/// site has one edit per page and an unchanged site.yaml, so that many
/// pass `check` and the property has something to say.
fn mutated_site(rng: &mut Rng, corpus: &[(String, String)], base: &Path, into: &Path, mild: bool) {
    let edits = if mild { 1 } else { 8 };
    std::fs::create_dir_all(into).unwrap();
    if let Ok(yaml) = std::fs::read(base.join("site.yaml")) {
        std::fs::write(into.join("site.yaml"), yaml).unwrap();
    }
    crate::site::copy_dir(&base.join("content"), &into.join("content"));
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(into.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    for i in 0..PAGES_PER_SITE {
        let (_, text) = rng.pick(corpus);
        let (_, other) = rng.pick(corpus);
        let text = if mild {
            // The body only: a front matter broken by an edit fails check.
            let (head, body) = split_front_matter(text);
            format!("{head}{}", mutate(rng, body, other, edits))
        } else {
            mutate(rng, text, other, edits)
        };
        let target = if pages.is_empty() || rng.below(3) == 0 {
            let dir = *rng.pick(&["", "study/", "rule/", "plan/", "topics/", "深/层/"]);
            into.join("content").join(format!("{dir}fuzz-{i}.md"))
        } else {
            pages.remove(rng.below(pages.len()))
        };
        let mut bytes = text.into_bytes();
        if !mild && rng.below(20) == 0 && !bytes.is_empty() {
            let at = rng.below(bytes.len());
            bytes[at] = 0xff;
        }
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, bytes).unwrap();
    }
    if !mild && rng.below(4) == 0 {
        let yaml = std::fs::read_to_string(into.join("site.yaml")).unwrap_or_default();
        std::fs::write(into.join("site.yaml"), mutate(rng, &yaml, "reading:\n  cjk_per_minute: 0\n", 3)).unwrap();
    }
}

/// A page's front matter (with its `---` lines) and its body.
fn split_front_matter(text: &str) -> (&str, &str) {
    let end = text.strip_prefix("---\n").and_then(|rest| rest.find("\n---\n")).map(|i| i + 4 + 5);
    text.split_at(end.unwrap_or(0))
}

/// What one site gave: whether check and build passed.
fn check_then_build(root: &Path, broken_links: Option<BrokenLinks>) -> (bool, Result<(), String>) {
    let opts = |search| BuildOptions { root: root.to_path_buf(), drafts: false, search, broken_links };
    let checked = build::build(&opts(Search::Skip));
    if let (Err(e), Some(_)) = (&checked, std::env::var_os("FUZZ_VERBOSE")) {
        eprintln!("{}: {e:#}", root.display());
    }
    let checked = checked.is_ok();
    let built = build::build(&opts(Search::Now)).map(|_| ()).map_err(|e| format!("{e:#}"));
    (checked, built)
}

#[test]
fn whatever_check_accepts_build_builds_and_no_mutated_site_panics() {
    let started = Instant::now();
    let corpus = corpus();
    let bases = [repo(), crate::site::fixtures().join("library"), crate::site::fixtures().join("other-tools")];
    let mut rng = Rng(seed() ^ 0x517e);
    let tmp = tempfile::tempdir().unwrap();
    let (mut problems, mut accepted) = (Vec::new(), 0);
    for case in 0..SITES {
        let root = tmp.path().join(format!("site-{case}"));
        let base = rng.pick(&bases);
        // Every other site is mild, and lets broken links through as warnings.
        let mild = case % 2 == 0;
        mutated_site(&mut rng, &corpus, base, &root, mild);
        let broken_links = mild.then_some(BrokenLinks::Warn);
        match catch_unwind(AssertUnwindSafe(|| check_then_build(&root, broken_links))) {
            Err(_) => problems.push(format!("site {case} panicked: {}", root.display())),
            Ok((true, Err(e))) => problems.push(format!("site {case}: check accepts it, build fails: {e}")),
            Ok((checked, _)) => accepted += usize::from(checked),
        }
        if case < BINARY_SITES {
            let bin = env!("CARGO_BIN_EXE_shuyuan");
            let check = Command::new(bin).arg("check").arg("--root").arg(&root).output().unwrap();
            let out = tmp.path().join(format!("out-{case}"));
            let build =
                Command::new(bin).arg("build").arg("--root").arg(&root).arg("--out").arg(&out).output().unwrap();
            for (what, o) in [("check", &check), ("build", &build)] {
                let stderr = String::from_utf8_lossy(&o.stderr);
                if o.status.code().is_none() || stderr.contains("panicked") {
                    problems.push(format!("site {case}: {what} crashed ({}): {stderr}", o.status));
                }
            }
            if check.status.success() && !build.status.success() {
                problems.push(format!(
                    "site {case}: `shuyuan check` accepts it, `shuyuan build` fails: {}",
                    String::from_utf8_lossy(&build.stderr)
                ));
            }
            if build.status.success() && !out.join("index.html").is_file() {
                problems.push(format!("site {case}: build succeeded without an index.html"));
            }
        }
    }
    if !problems.is_empty() {
        // Keep the sites for a look: the temporary folder would go.
        let kept = tmp.keep();
        panic!(
            "seed {}: {} problems (sites kept in {}):\n{}",
            seed(),
            problems.len(),
            kept.display(),
            problems.join("\n")
        );
    }
    assert!(accepted > 0, "some mutated sites pass check, or the property says nothing");
    eprintln!(
        "fuzz: {SITES} mutated sites ({accepted} accepted by check) checked and built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
