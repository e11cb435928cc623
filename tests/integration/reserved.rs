//! Every path the build writes itself is reserved (issue #14, item 3): a
//! page or file that would take one either gets a name of its own (a name
//! made from its source path: the suffix) or, when the user chose the name
//! with `slug:`, is an error at that line naming the path and what holds it.
//! Each test is an input of the issue, exactly, or a path of the same kind.

use crate::site::{broken_links, listing, run, Outcome, TestSite};
use std::process::Command;

fn check(site: &TestSite) -> Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root))
}

/// `build` and `check` both fail with `want` in their messages.
fn both_fail_with(site: &TestSite, want: &[&str]) {
    let checked = check(site);
    let built = site.build(&[]);
    for (what, out) in [("check", &checked), ("build", &built)] {
        assert!(!out.ok, "{what} passed:\n{}\n{}", out.stdout, out.stderr);
        for w in want {
            assert!(out.stderr.contains(w), "{what}: no `{w}` in:\n{}", out.stderr);
        }
    }
    assert!(!site.public().exists(), "nothing written:\n{}", listing(&site.public()));
}

/// The output path holding the page whose `<h1>` is `title`.
fn path_of_title(site: &TestSite, title: &str) -> String {
    let all = listing(&site.public());
    let heading = format!("class=\"doc-title\">{title}</h1>");
    let found: Vec<&str> = all
        .lines()
        .filter(|p| p.ends_with(".html") && std::fs::read_to_string(site.public().join(p)).unwrap().contains(&heading))
        .collect();
    assert_eq!(found.len(), 1, "one page titled {title}:\n{all}");
    found[0].to_string()
}

#[test]
fn a_study_page_with_slug_index_is_an_error_at_its_slug_line() {
    let site = TestSite::empty();
    site.write("content/study/a.md", "---\ntitle: 用户首页\nslug: index\n---\n正文\n");
    site.write("content/study/b.md", "---\ntitle: 其他\n---\n正文\n");
    both_fail_with(
        &site,
        &["content/study/a.md:3: `slug: index` puts this page at `study/index.html`, already taken by the section page of study/", "set a different `slug`"],
    );
}

#[test]
fn a_top_level_page_with_slug_search_is_an_error_at_its_slug_line() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: 我的搜索\nslug: search\n---\n正文\n");
    both_fail_with(
        &site,
        &["content/a.md:3: `slug: search` puts this page at `search.html`, already taken by the search page"],
    );
}

#[test]
fn slugs_on_the_home_page_the_404_page_and_the_sitemap_are_errors_too() {
    for (slug, holder) in
        [("index", "the home page"), ("404", "the page shown for a missing page"), ("Topics", "the list of topics")]
    {
        let site = TestSite::empty();
        site.write("content/a.md", &format!("---\ntitle: 页\nslug: {slug}\n---\n正文\n"));
        both_fail_with(&site, &[&format!("content/a.md:3: `slug: {slug}`"), holder]);
    }
}

#[test]
fn content_index_md_is_a_page_of_its_own_and_lists_link_to_it_not_to_the_home_page() {
    let site = TestSite::empty();
    site.write("content/index.md", "---\ntitle: 我的首页\n---\n正文\n");
    let out = site.build_ok();
    assert!(out.stdout.contains("0 warnings"), "{}", out.stdout);
    let path = path_of_title(&site, "我的首页");
    assert_eq!(path, "index-page.html");
    assert!(!site.read("index.html").contains("class=\"doc-title\">我的首页"), "the home page stays the home page");
    let list = site.read("kind/study.html");
    assert!(list.contains("href=\"../index-page.html\""), "the list links the user's page:\n{list}");
    assert!(broken_links(&site.public()).is_empty());
}

#[test]
fn content_404_md_is_a_page_of_its_own_and_the_404_page_stays() {
    let site = TestSite::empty();
    site.write("content/404.md", "---\ntitle: 找不到\n---\n正文\n");
    site.build_ok();
    let path = path_of_title(&site, "找不到");
    assert!(path.starts_with("404-") && path.ends_with(".html"), "{path}");
    assert!(!site.read("404.html").contains("找不到</h1>"), "the site's 404 page is the site's");
    assert!(site.read("kind/study.html").contains(&format!("href=\"../{path}\"")));
}

#[test]
fn content_static_site_js_never_replaces_the_themes_and_the_page_links_the_users() {
    let site = TestSite::empty();
    site.write("content/static/site.js", "window.USER = 1;\n");
    site.write("content/p.md", "---\ntitle: 页\n---\n[脚本](static/site.js)\n");
    let mut seen = Vec::new();
    for _ in 0..5 {
        site.build_ok();
        let script = site.read("static/site.js");
        assert!(script.len() > 1000 && !script.contains("USER"), "the theme's script:\n{script}");
        let page = site.read("p.html");
        let href = page
            .split("href=\"")
            .find(|h| h.contains("site.js\"") && !h.starts_with("static/"))
            .map(|h| h.split('"').next().unwrap().to_string());
        let href = href.unwrap_or_else(|| panic!("a link to the user's file in:\n{page}"));
        assert!(href.starts_with("static-") && href.ends_with("/site.js"), "{href}");
        assert_eq!(site.read(&href), "window.USER = 1;\n");
        seen.push(href);
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "the same path on every build: {seen:?}");
}

#[test]
fn the_sites_own_static_file_overrides_the_themes_on_every_build() {
    let site = TestSite::empty();
    site.write("static/site.js", "window.MINE = 1;\n");
    site.write("content/p.md", "---\ntitle: 页\n---\n正文\n");
    for _ in 0..3 {
        site.build_ok();
        assert_eq!(site.read("static/site.js"), "window.MINE = 1;\n");
    }
}

#[test]
fn the_sites_static_file_differing_from_the_themes_only_in_case_is_an_error() {
    let site = TestSite::empty();
    site.write("static/Site.js", "window.MINE = 1;\n");
    site.write("content/p.md", "---\ntitle: 页\n---\n正文\n");
    both_fail_with(
        &site,
        &[
            "static/Site.js: output path `static/Site.js` is also the output path of `static/site.js`",
            "the same name to Windows and USB sticks",
            "rename the file",
        ],
    );
}

#[test]
fn content_search_index_js_is_not_overwritten_by_the_search_index() {
    let site = TestSite::empty();
    site.write("content/search/index.js", "var mine = 1;\n");
    site.write("content/p.md", "---\ntitle: 页\n---\n[数据](search/index.js)\n");
    site.build_ok();
    let index = std::fs::read(site.public().join("search/index.js")).unwrap();
    assert!(index.len() > 20 && !index.starts_with(b"var mine"), "the index");
    let all = listing(&site.public());
    let mine: Vec<&str> = all.lines().filter(|p| p.starts_with("search-") && p.ends_with("/index.js")).collect();
    assert_eq!(mine.len(), 1, "{all}");
    assert_eq!(site.read(mine[0]), "var mine = 1;\n");
    assert!(site.read("p.html").contains(&format!("href=\"{}\"", mine[0])));
}

#[test]
fn a_page_named_like_a_further_page_of_its_long_section_gets_a_name_of_its_own() {
    let site = TestSite::empty();
    for n in 1..=101 {
        site.write(&format!("content/many/p{n:03}.md"), &format!("---\ntitle: 第{n}号\n---\n正文\n"));
    }
    site.write("content/many/page-2.md", "---\ntitle: 第二页\n---\n正文\n");
    site.write("content/many/page-3.html", "<p>附件</p>\n");
    site.write("content/many/links.md", "---\ntitle: 链接\n---\n[附件](page-3.html)\n");
    site.build_ok();
    let path = path_of_title(&site, "第二页");
    assert!(path.starts_with("many/page-2-"), "{path}");
    assert!(site.read("many/page-2.html").contains("第10"), "page 2 of the list is the list");
    let links = site.read(&path_of_title(&site, "链接"));
    assert!(links.contains("href=\"../many/page-3-"), "{links}");
    assert!(broken_links(&site.public()).is_empty());
}

#[test]
fn a_slug_naming_a_further_page_of_the_sections_list_is_an_error_at_its_line() {
    let site = TestSite::empty();
    site.write("content/many/a.md", "---\ntitle: 甲\nslug: page-2\n---\n正文\n");
    both_fail_with(&site, &["content/many/a.md:3: `slug: page-2` puts this page at `many/page-2.html`, already taken by page 2 of the list of `many/`"]);
}

#[test]
fn topics_named_like_each_others_print_pack_get_plans_of_their_own() {
    let site = TestSite::empty();
    for (i, t) in ["a", "a-print", "A"].iter().enumerate() {
        site.write(&format!("content/p{i}.md"), &format!("---\ntitle: 页{i}\ntopics: [\"{t}\"]\n---\n正文内容{i}\n"));
    }
    site.build_ok();
    let all = listing(&site.public());
    let plans: Vec<&str> = all
        .lines()
        .filter(|p| p.starts_with("plans/") && p.ends_with(".html") && !p.ends_with("-print.html"))
        .collect();
    assert_eq!(plans.len(), 3, "a plan per topic:\n{all}");
    let lower: std::collections::HashSet<String> = all.lines().map(str::to_ascii_lowercase).collect();
    assert_eq!(lower.len(), all.lines().count(), "no two paths differ only in case:\n{all}");
}

#[test]
fn an_old_path_on_a_generated_file_in_other_case_is_an_error() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: 甲\naliases: [\"/Search.html\"]\n---\n正文\n");
    both_fail_with(&site, &["content/a.md:3: old path `/Search.html` would be written at `Search.html`"]);
}

#[test]
fn a_top_level_page_named_record_does_not_replace_the_printable_study_record() {
    let site = TestSite::empty();
    site.write("content/record.md", "---\ntitle: 会议记录\n---\n正文\n");
    site.build_ok();
    assert!(site.read("record.html").contains("id=\"record-rows\""), "record.html is the study record");
    assert_ne!(path_of_title(&site, "会议记录"), "record.html");
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: 我的记录\nslug: record\n---\n正文\n");
    both_fail_with(&site, &["content/a.md:3: `slug: record` puts this page at `record.html`, already taken by the printable study record"]);
}
