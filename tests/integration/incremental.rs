//! Live preview's incremental rebuild: after each kind of change, a rebuild
//! that reuses the cache gives exactly the files a fresh build gives, and
//! renders again only the files the change touched.

use crate::site::TestSite;
use shuyuan::build::{build, rebuild, BuildOptions, Built, Cache, Search};
use std::collections::BTreeMap;

/// The built files, with the calendar's time stamp (which is "now") left
/// out; those the cache deflated, inflated.
fn files(b: &Built, cache: Option<&Cache>) -> BTreeMap<String, String> {
    b.files
        .iter()
        .map(|f| {
            let bytes = match cache.filter(|c| c.is_deflated(f)) {
                Some(_) => shuyuan::output::deflated::inflate(&f.bytes).expect("inflated"),
                None => f.bytes.to_vec(),
            };
            // Index files in UTF-16 are compared byte for byte.
            let Ok(text) = std::str::from_utf8(&bytes) else { return (f.path.clone(), format!("{bytes:?}")) };
            let text: Vec<&str> = text.lines().filter(|l| !l.starts_with("DTSTAMP")).collect();
            (f.path.clone(), text.join("\n"))
        })
        .collect()
}

/// Rebuilds with the cache, checks the result against a fresh build, and
/// returns (HTML files rendered again, kept).
fn rebuild_matches_fresh(site: &TestSite, cache: &mut Cache) -> (usize, usize) {
    let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Now, broken_links: None };
    let incremental = rebuild(&opts, cache).expect("rebuild");
    let fresh = build(&opts).expect("fresh build");
    let (a, b) = (files(&incremental, Some(cache)), files(&fresh, None));
    for (path, text) in &b {
        assert_eq!(a.get(path), Some(text), "{path} differs from a fresh build");
    }
    assert_eq!(a.len(), b.len(), "the same files");
    incremental.summary.rendered.expect("a rebuild reports what it rendered")
}

fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = site.read_source(rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn a_rebuild_renders_only_what_a_change_touched_and_matches_a_fresh_build() {
    renders_only_what_a_change_touched(Cache::default());
}

/// Live preview's cache, which keeps the HTML deflated: the same files
/// once inflated, the same files rendered again.
#[test]
fn a_rebuild_with_the_html_deflated_matches_a_fresh_build() {
    renders_only_what_a_change_touched(Cache::deflating());
}

fn renders_only_what_a_change_touched(mut cache: Cache) {
    let site = TestSite::fixture("library");
    let (rendered, kept) = rebuild_matches_fresh(&site, &mut cache);
    assert_eq!(kept, 0, "the first build renders everything");
    let all = rendered;

    let (rendered, kept) = rebuild_matches_fresh(&site, &mut cache);
    assert_eq!((rendered, kept), (0, all), "nothing changed, nothing rendered");

    // A sentence in one page's body: that page, and what shows its plan's
    // length (the plan, its print pack, the home page, 我的学习); the lists,
    // the other pages and the other plans stay.
    edit(&site, "content/study/b.md", "乙的正文。", "乙的正文，改过。");
    let (rendered, _) = rebuild_matches_fresh(&site, &mut cache);
    assert!(rendered <= 5, "one body edited, {rendered} of {all} files rendered again");

    // A title shows in lists, neighbours, "cited by" and plans: all follow.
    edit(&site, "content/study/a.md", "title: 学习材料甲", "title: 学习材料甲（修订）");
    let (rendered, kept) = rebuild_matches_fresh(&site, &mut cache);
    assert!(rendered > 3 && kept > 0, "a title edit: {rendered} rendered, {kept} kept");

    // A new page changes the link targets of every page.
    site.write("content/study/c.md", "---\ntitle: 学习材料丙\ntopics: [保密]\n---\n\n见[乙](b.md)。\n");
    rebuild_matches_fresh(&site, &mut cache);
    // And a deleted one breaks the link to it, as in a fresh build.
    std::fs::remove_file(site.root.join("content/study/b.md")).unwrap();
    let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Now, broken_links: None };
    let error = format!("{:#}", rebuild(&opts, &mut cache).unwrap_err());
    assert!(error.contains("c.md:6"), "the broken link is reported with file and line: {error}");
    std::fs::remove_file(site.root.join("content/study/c.md")).unwrap();
    rebuild_matches_fresh(&site, &mut cache);

    // A file beside the pages is copied again when it changes.
    site.write("content/study/scan.txt", "first");
    rebuild_matches_fresh(&site, &mut cache);
    site.write("content/study/scan.txt", "second version");
    rebuild_matches_fresh(&site, &mut cache);

    // The configuration is on every page: everything is rendered again.
    edit(&site, "site.yaml", "title: ", "title: 新");
    let (_, kept) = rebuild_matches_fresh(&site, &mut cache);
    assert_eq!(kept, 0, "a site.yaml change renders every file again");
}

#[test]
fn a_file_named_by_an_event_is_read_again_even_when_its_stamp_is_unchanged() {
    let site = TestSite::fixture("library");
    let mut cache = Cache::default();
    rebuild_matches_fresh(&site, &mut cache);
    let path = site.root.join("content/study/b.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Same length, same modification time: only the event tells.
    edit(&site, "content/study/b.md", "乙的正文。", "乙的原文。");
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(before).unwrap();
    cache.forget(&[path.canonicalize().unwrap(), path]);
    rebuild_matches_fresh(&site, &mut cache);
}

#[test]
fn a_search_refresh_that_reuses_the_cache_matches_a_fresh_index() {
    let site = TestSite::fixture("library");
    let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Later, broken_links: None };
    let library = || build(&opts).expect("build").search_later.expect("a library to index").library;
    let index = |files: Vec<shuyuan::output::OutputFile>| -> BTreeMap<String, Vec<u8>> {
        files.into_iter().map(|f| (f.path, f.bytes.to_vec())).collect()
    };
    // Test-sized limits: a page of 35,000 characters crosses them as one of
    // 2 million does the defaults. A page so full of one phrase that its
    // bigrams are heavy and get page lists of 3- and 4-character strings
    // (search/g/), beside 300 other bigrams; its positions are chunked.
    let limits = shuyuan::search::Limits {
        batch: 500,
        heavy_min_bytes: 1024,
        position_chunk_bytes: 512,
        shards_per_list: 2,
        pages_per_part: shuyuan::search::PAGES_PER_PART,
    };
    let filler: String = (0x4E00u32..0x4F40).filter_map(char::from_u32).collect();
    let heavy = "意识形态工作。".repeat(5_000);
    site.write("content/study/heavy.md", &format!("---\ntitle: 重\n---\n\n{filler}\n\n{heavy}\n"));
    // Pages that share a sentence: their texts are packed with a dictionary.
    let shared = "各级党组织要切实履行意识形态工作主体责任，把它纳入重要议事日程。";
    for i in 0..12 {
        site.write(
            &format!("content/study/shared-{i}.md"),
            &format!("---\ntitle: 通知{i}\n---\n\n{shared}第{i}号。\n"),
        );
    }
    let mut cache = shuyuan::search::Cache::default();
    let first = index(shuyuan::search::rebuild_within(&library(), &mut cache, &limits).unwrap().0);
    assert!(first.contains_key("search/g/index-0.js"), "the heavy page gives page lists of strings");
    assert!(first.keys().any(|p| p.starts_with("search/p/d-")), "and the shared sentence a dictionary");
    // Postings are encoded a batch of pages at a time; batches of two give the same index.
    assert!(first.keys().any(|p| p.matches('/').count() == 4 && p.starts_with("search/q/")), "and chunked positions");
    let batched =
        index(shuyuan::search::build_within(&library(), &shuyuan::search::Limits { batch: 2, ..limits }).unwrap().0);
    assert!(batched == first, "batches of two pages give another index");
    assert!(library().pages.len() > 4, "several batches");
    // And cut into parts of 4 pages, as a library of more than
    // PAGES_PER_PART is: each part's strings and postings kept apart.
    let parted = shuyuan::search::Limits { pages_per_part: 4, ..limits };
    let mut parted_cache = shuyuan::search::Cache::default();
    shuyuan::search::rebuild_within(&library(), &mut parted_cache, &parted).unwrap();
    for (rel, from, to) in [
        ("content/study/b.md", "乙的正文。", "乙的正文，改过。"),
        // A page whose text is packed with the dictionary, its shared sentence changed.
        ("content/study/shared-0.md", "主体责任", "政治责任"),
        ("content/study/heavy.md", "意识形态工作。意识", "意识形态工作，意识"),
    ] {
        edit(&site, rel, from, to);
        let lib = library();
        let refreshed = index(shuyuan::search::rebuild_within(&lib, &mut cache, &limits).unwrap().0);
        let fresh = index(shuyuan::search::build_within(&lib, &limits).unwrap().0);
        assert_eq!(refreshed.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
        for (path, bytes) in &fresh {
            assert!(refreshed[path] == *bytes, "after editing {rel}, {path} differs from a fresh index");
        }
        let refreshed = index(shuyuan::search::rebuild_within(&lib, &mut parted_cache, &parted).unwrap().0);
        let fresh = index(shuyuan::search::build_within(&lib, &parted).unwrap().0);
        assert!(fresh.contains_key("search/titles-3.js"), "in parts");
        assert_eq!(refreshed.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
        for (path, bytes) in &fresh {
            assert!(refreshed[path] == *bytes, "in parts, after editing {rel}, {path} differs from a fresh index");
        }
    }
}

#[test]
fn a_file_beside_the_pages_is_published_on_a_rebuild_once_a_page_links_it_and_dropped_when_no_longer_linked() {
    let site = TestSite::fixture("real-world");
    let mut cache = Cache::default();
    let published = |cache: &mut Cache| {
        let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Later, broken_links: None };
        let built = rebuild(&opts, cache).expect("rebuild");
        built.files.iter().any(|f| f.path == "paths/fu-jian/wei-yin-yong.docx")
    };
    rebuild_matches_fresh(&site, &mut cache);
    assert!(!published(&mut cache), "no page links 未引用.docx yet");
    edit(&site, "content/paths/附件说明.md", "并参看下图", "另见[未引用](附件/未引用.docx)，并参看下图");
    rebuild_matches_fresh(&site, &mut cache);
    assert!(published(&mut cache), "linked now");
    edit(&site, "content/paths/附件说明.md", "另见[未引用](附件/未引用.docx)，", "");
    rebuild_matches_fresh(&site, &mut cache);
    assert!(!published(&mut cache), "no longer linked");
}

#[test]
fn an_index_written_from_texts_set_aside_is_the_one_made_in_memory() {
    // A build into its site sets each page's HTML and text aside on disk and
    // writes the index's files as it makes them (issue 18); one in memory,
    // with batches of heads and texts small enough that 100 pages cross
    // them, must make the same files.
    let site = TestSite::fixture("library");
    let shared = "各级党组织要切实履行意识形态工作主体责任，把它纳入重要议事日程。";
    for i in 0..100 {
        site.write(
            &format!("content/study/n-{i}.md"),
            &format!("---\ntitle: 通知{i}\n---\n\n## 要求{i}\n\n{shared}第{i}号。\n"),
        );
    }
    let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Later, broken_links: None };
    let out = site.root.join("public");
    let staging = shuyuan::output::Staging::begin(&out).unwrap();
    let later = shuyuan::build::build_into(&opts, &staging).unwrap().search_later.expect("a library to index");
    assert!(
        later.library.rendered.iter().all(|r| r.text.is_empty() && r.html.is_empty() && r.text_aside.is_some()),
        "no page's text or HTML is held in memory"
    );
    let written = later.index(None, Some(&staging)).unwrap();
    assert!(written.files.is_empty() && written.stats.files > 20, "written, not returned: {:?}", written.stats);
    staging.put_in_place(shuyuan::output::Removal::Here).unwrap();
    let limits = shuyuan::search::Limits { batch: 2, ..Default::default() };
    let in_memory = shuyuan::search::build_within(&build(&opts).unwrap().search_later.unwrap().library, &limits);
    let in_memory = in_memory.unwrap().0;
    assert_eq!(in_memory.len(), written.stats.files);
    for f in &in_memory {
        let on_disk = std::fs::read(out.join(&f.path)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert!(on_disk == *f.bytes, "{} differs from the one made in memory", f.path);
    }
    assert!(!std::fs::read_dir(&out).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(".spill")));
}
