//! Output paths, links to pages by their output names, and what gets
//! published: `tests/fixtures/real-world/content/paths/`.

use crate::site::{broken_links, fixtures, listing, run, TestSite};
use std::process::Command;

fn check(site: &TestSite) -> crate::site::Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root))
}

#[test]
fn paths_come_from_file_names_in_ascii_and_dated_versions_of_one_title_both_build() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    for path in [
        "paths/fa-lv/xing-zheng-fu-yi-fa-2017-09-01.html",
        "paths/fa-lv/xing-zheng-fu-yi-fa-2023-09-01.html",
        "paths/fa-lv/lv-you-fa.html",
        "paths/fa-lv/chong-qing-shi-yin-hang-ye-guan-li-tiao-li.html",
    ] {
        assert!(site.read(path).contains("<html"), "{path}");
    }
    let all = listing(&site.public());
    assert!(all.is_ascii(), "every output path is ASCII:\n{all}");
    let long: Vec<&str> = all.lines().filter(|p| p.contains("zui-gao-ren-min-fa-yuan")).collect();
    assert_eq!(long.len(), 2, "two long titles that begin alike are two pages:\n{all}");
    assert!(all.lines().all(|p| p.len() <= 200), "{all}");
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn links_to_output_names_and_folders_reach_their_pages_with_the_anchor() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    let vector = site.read("paths/book/basic/vector.html");
    assert!(
        vector.contains(
            r#"href="../../../paths/book/basic/compound-type/array.html#%E6%95%B0%E7%BB%84%E5%88%87%E7%89%87""#
        ) || vector.contains(r#"href="../../../paths/book/basic/compound-type/array.html#数组切片""#),
        "{vector}"
    );
    assert!(vector.contains(r#"href="../../../paths/book/basic/README.html""#), "a folder link goes to its README");
    let guide = site.read("paths/guide/index-page.html");
    assert!(guide.contains(r#"href="../../paths/guide/api.html""#), "`./api` (VitePress) finds api.md");
}

#[test]
fn only_files_a_page_links_are_published_and_the_summary_says_how_many_were_left_out() {
    let site = TestSite::fixture("real-world");
    let out = site.build_ok();
    let all = listing(&site.public());
    // zhang-cheng.pdf is linked from the section's _index.md.
    let published = ["fu-jian-yi.pdf", "liu-cheng-tu.png", "tong-ji-biao.xlsx", "zhang-cheng.pdf"];
    for published in published.map(|name| format!("paths/fu-jian/{name}")) {
        assert!(all.lines().any(|p| p == published), "{published} missing:\n{all}");
    }
    for left_out in ["db.sqlite3", "x.py", "requirements.txt", "docx"] {
        assert!(!all.contains(left_out), "{left_out} published:\n{all}");
    }
    assert!(
        out.stdout.contains(
            "4 files beside the pages were not published: no page links them (put files to publish under static/)"
        ),
        "{}",
        out.stdout
    );
    let page = site.read("paths/fu-jian-shuo-ming.html");
    assert!(page.contains(r#"href="../paths/fu-jian/fu-jian-yi.pdf" download="附件一.pdf""#), "{page}");
}

#[test]
fn check_fails_on_a_slug_too_long_for_windows_naming_the_source_and_build_does_too() {
    let site = TestSite::empty();
    site.write("content/a.md", &format!("---\ntitle: 长\nslug: {}\n---\n正文\n", "a".repeat(240)));
    let checked = check(&site);
    assert!(!checked.ok, "check must fail:\n{}", checked.stdout);
    assert!(checked.stderr.contains("content/a.md:3: output path `aaaa"), "{}", checked.stderr);
    assert!(checked.stderr.contains("set a shorter `slug`"), "{}", checked.stderr);
    let built = site.build(&[]);
    assert!(!built.ok);
    assert!(built.stderr.contains("content/a.md:3: output path"), "{}", built.stderr);
    assert!(!built.stderr.contains(".building-"), "no temporary path: {}", built.stderr);
}

#[test]
fn two_pages_with_one_slug_fail_check_naming_both_files() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: 甲\nslug: same\n---\n");
    site.write("content/b.md", "---\ntitle: 乙\nslug: same\n---\n");
    let checked = check(&site);
    assert!(!checked.ok);
    assert!(
        checked.stderr.contains("`slug: same` puts this page at `same.html`, already taken by the page"),
        "{}",
        checked.stderr
    );
    assert!(checked.stderr.contains("content/a.md") && checked.stderr.contains("content/b.md"), "{}", checked.stderr);
}

/// What `check` passes, `build` builds: every fixture site, each copied.
#[test]
fn every_fixture_that_check_passes_builds() {
    let mut sites = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("content").is_dir() {
            continue; // not a site (tests/fixtures/import holds documents to import)
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let site = TestSite::fixture(&name);
        if !check(&site).ok {
            continue;
        }
        sites += 1;
        let built = site.build(&[]);
        assert!(built.ok, "{name}: check passed but build failed:\n{}", built.stderr);
    }
    assert!(sites >= 2, "at least the library and real-world fixtures check");
}
