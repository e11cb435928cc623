//! How problems are listed by `build` and `check`: a family of like problems
//! as one line with its count and first places (every one with
//! `--verbose`), and broken links that stop the build unless
//! `broken_links: warn` (or `--broken-links warn`) lets them through.

use crate::site::{run, Outcome, TestSite};
use std::process::Command;

fn check(site: &TestSite, extra: &[&str]) -> Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root).args(extra))
}

/// A site of `n` pages, each with the same picture from the web.
fn pages_with_a_web_image(n: usize) -> TestSite {
    let site = TestSite::empty();
    for i in 0..n {
        site.write(
            &format!("content/p{i:02}.md"),
            &format!("---\ntitle: 页{i}\n---\n\n正文。\n\n![图](https://example.org/{i}.png)\n"),
        );
    }
    site
}

fn warning_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("warning ")).collect()
}

const WAY_THROUGH: &str =
    "fix them, or set `broken_links: warn` in site.yaml (or pass --broken-links warn) to build anyway";

#[test]
fn fifty_pages_with_the_same_warning_print_one_line_with_the_count() {
    let site = pages_with_a_web_image(50);
    let built = site.build_ok();
    let lines = warning_lines(&built.stderr);
    assert_eq!(lines.len(), 1, "{}", built.stderr);
    assert!(
        lines[0].starts_with("warning 1: image that would load from the internet, shown as a link in 50 files, first "),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("content/p00.md:7, ") && lines[0].ends_with("content/p02.md:7"), "{}", lines[0]);
    assert!(built.stderr.contains("--verbose lists each"), "{}", built.stderr);
    assert!(built.stdout.contains("50 warnings"), "the summary counts them all: {}", built.stdout);

    let checked = check(&site, &[]);
    assert!(checked.ok, "{}", checked.stderr);
    assert_eq!(warning_lines(&checked.stdout).len(), 1, "{}", checked.stdout);
    assert!(checked.stdout.contains("checked 50 pages, 0 topics: 50 warnings"), "{}", checked.stdout);
}

#[test]
fn verbose_lists_every_warning() {
    let site = pages_with_a_web_image(50);
    let checked = check(&site, &["--verbose"]);
    let lines = warning_lines(&checked.stdout);
    assert_eq!(lines.len(), 50, "{}", checked.stdout);
    assert!(
        lines[49].contains("p49.md:7: image `https://example.org/49.png` would load from the internet"),
        "{}",
        lines[49]
    );
    let built = site.build(&["--verbose"]);
    assert!(built.ok);
    assert_eq!(warning_lines(&built.stderr).len(), 50, "{}", built.stderr);
}

#[test]
fn broken_links_fail_by_default_and_the_last_line_says_how_to_build_anyway() {
    let site = TestSite::fixture("broken-links");
    let last = format!("3 broken links (2 of them to missing anchors): {WAY_THROUGH}");
    let built = site.build(&[]);
    assert!(!built.ok);
    assert!(built.stderr.starts_with("error: 3 problems found:\n  1. "), "{}", built.stderr);
    assert!(
        built.stderr.contains("manifest.md:8: link to missing page `resolver.md#resolver-versions`"),
        "{}",
        built.stderr
    );
    assert_eq!(built.stderr.trim_end().lines().last(), Some(last.as_str()), "{}", built.stderr);
    assert!(!site.public().exists(), "nothing written");
    let checked = check(&site, &[]);
    assert!(!checked.ok);
    assert_eq!(checked.stderr.trim_end().lines().last(), Some(last.as_str()), "{}", checked.stderr);
}

#[test]
fn broken_links_warn_builds_the_site_and_lists_them_as_warnings() {
    let site = TestSite::fixture("broken-links");
    site.write("site.yaml", "title: 断链示例\nbroken_links: warn\n");
    let built = site.build_ok();
    let warned = &built.stderr;
    assert!(warned.contains("manifest.md:8: link to missing page `resolver.md#resolver-versions`"), "{warned}");
    assert!(warned.contains("manifest.md:7: link `#license和license-file`"), "{warned}");
    assert!(!warned.contains("error"), "{warned}");
    assert!(built.stdout.contains("5 warnings"), "3 broken links, a picture and HTML from the web: {}", built.stdout);
    assert!(site.read("reference/manifest.html").contains("设置依赖解析器"), "the page is built");
    let checked = check(&site, &[]);
    assert!(checked.ok, "{}", checked.stderr);
    assert!(checked.stdout.contains("link to missing page `resolver.md"), "{}", checked.stdout);
    assert!(!check(&site, &["--strict"]).ok, "--strict still fails on them");
}

#[test]
fn the_broken_links_flag_wins_over_site_yaml() {
    let site = TestSite::fixture("broken-links");
    let out = site.build(&["--broken-links", "warn"]);
    assert!(out.ok, "the flag lets them through: {}", out.stderr);
    assert!(check(&site, &["--broken-links", "warn"]).ok);

    site.write("site.yaml", "title: 断链示例\nbroken_links: warn\n");
    let out = site.build(&["--broken-links", "error"]);
    assert!(!out.ok, "the flag stops them again");
    assert!(out.stderr.trim_end().ends_with(WAY_THROUGH), "{}", out.stderr);
    assert!(!check(&site, &["--broken-links", "error"]).ok);
}

#[test]
fn a_build_failing_partly_on_broken_links_says_the_rest_must_be_fixed() {
    let site = TestSite::fixture("broken-links");
    site.write("content/bad.md", "---\ntitle: 坏\nkind: memo\n---\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.starts_with("error: 4 problems found:"), "{}", out.stderr);
    let last = format!(
        "3 broken links (2 of them to missing anchors): {WAY_THROUGH}; the other problem must be fixed in any case"
    );
    assert_eq!(out.stderr.trim_end().lines().last(), Some(last.as_str()), "{}", out.stderr);
    let out = site.build(&["--broken-links", "warn"]);
    assert!(!out.ok, "the other problem still fails");
    assert!(out.stderr.contains("error: 1 problem found:"), "{}", out.stderr);
    assert!(!out.stderr.contains("to build anyway"), "{}", out.stderr);
}

#[test]
fn many_broken_anchors_are_one_numbered_line_and_verbose_lists_each() {
    let site = TestSite::empty();
    for i in 0..40 {
        site.write(&format!("content/p{i:02}.md"), &format!("---\ntitle: 页{i}\n---\n\n见[下文](#没有这一节)。\n"));
    }
    site.write("content/q.md", "---\ntitle: 另一个\nkind: memo\n---\n");
    let out = check(&site, &[]);
    assert!(!out.ok);
    let e = &out.stderr;
    assert!(e.starts_with("error: 41 problems found:\n"), "{e}");
    assert!(e.contains("q.md:3: `kind: memo` is not a kind"), "{e}");
    assert!(e.contains("\n  2. link to a missing heading or anchor in 40 files, first "), "{e}");
    assert!(!e.contains("\n  3. "), "two numbered lines: {e}");
    let out = check(&site, &["--verbose"]);
    assert!(out.stderr.contains("\n  41. "), "{}", out.stderr);
    assert!(out.stderr.contains("p39.md:5: link `#没有这一节`"), "{}", out.stderr);
}
