//! Versions of a rule: grouped by title, dated by front matter or file
//! name, the newest in force, and a comparison page for each pair.

use crate::site::{broken_links, run, TestSite};
use std::process::Command;

#[test]
fn the_old_version_of_a_rule_is_marked_revised_and_points_to_the_one_in_force() {
    let site = TestSite::fixture("versions");
    site.build_ok();
    let old = site.read("rule/bmf-2010.html");
    assert!(old.contains("banner-outdated"), "{old}");
    assert!(old.contains(r#"class="current-version" href="../rule/bmf-2024.html""#), "{old}");
    assert!(old.contains(r#"<nav class="versions""#), "{old}");
    assert!(old.contains(r#"<li aria-current="page" class="version-shown"><strong>2010-10-01</strong>"#), "{old}");
    assert!(old.contains("已修订"), "{old}");
    let new = site.read("rule/bmf-2024.html");
    assert!(!new.contains("banner-outdated"), "{new}");
    assert!(new.contains(r#"<a href="../rule/bmf-2010.html">2010-10-01</a> <span class="badge badge-status badge-revised">已修订</span>"#), "{new}");
    assert!(new.contains(r#"<strong>2024-05-01</strong> <span class="version-mark">（本页）</span> <span class="badge badge-status badge-in_force">现行有效</span>"#), "{new}");
    assert!(broken_links(&site.public()).is_empty(), "{:?}", broken_links(&site.public()));
}

#[test]
fn versions_dated_only_by_their_file_names_are_grouped_in_date_order() {
    let site = TestSite::fixture("versions");
    site.build_ok();
    let old = site.read("law/xing-zheng-fu-yi-fa-2017-09-01.html");
    assert!(old.contains(r#"class="current-version" href="../law/xing-zheng-fu-yi-fa-2023-09-01.html""#), "{old}");
    let list = site.read("law/index.html");
    let old_item = list.split("<li class=\"page-item").find(|i| i.contains("2017-09-01.html")).unwrap();
    assert!(old_item.contains("(2017-09-01)") && old_item.contains("badge-revised"), "{old_item}");
    assert!(old_item.starts_with(" outdated\">"), "a revised rule is marked in the list: {old_item}");
    let new_item = list.split("<li class=\"page-item").find(|i| i.contains("2023-09-01.html")).unwrap();
    assert!(new_item.contains("(2023-09-01)") && new_item.contains("badge-in_force"), "{new_item}");
    assert!(new_item.starts_with("\">"), "{new_item}");
}

#[test]
fn the_comparison_of_the_two_secrets_laws_shows_what_the_2024_revision_changed() {
    let site = TestSite::fixture("versions");
    site.build_ok();
    let old = site.read("rule/bmf-2010.html");
    let new = site.read("rule/bmf-2024.html");
    let url = "compare/rule/bmf-2024.html";
    assert!(old.contains(&format!("href=\"../{url}\"")) && new.contains(&format!("href=\"../{url}\"")), "{new}");
    let c = site.read(url);
    // 53 articles in 2010, 65 in 2024.
    assert!(c.contains("新增 18 条，修改 33 条，删除 6 条，未修改 14 条。"), "{c}");
    assert!(c.contains("第三条 · 新增</h2>\n    <p><ins>坚持中国共产党对保守国家秘密"), "{c}");
    assert!(c.contains("社会主义<ins>现代化</ins>建设事业的顺利进行，<ins>根据宪法，</ins>制定本法。"), "{c}");
    assert!(c.contains("<details class=\"article-diff article-unchanged\"><summary>第二条 · 未修改</summary>"), "{c}");
    // The 2010 第三条 moved to 第五条 and changed there.
    assert!(c.contains("第五条（原第三条） · 修改"), "{c}");
}

#[test]
fn check_warns_when_an_older_version_says_it_is_still_in_force() {
    let site = TestSite::fixture("versions");
    let path = site.root.join("content/rule/bmf-2010.md");
    let text =
        site.read_source("content/rule/bmf-2010.md").replacen("kind: rule\n", "kind: rule\nstatus: in_force\n", 1);
    std::fs::write(path, text).unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root));
    let out = format!("{}{}", o.stdout, o.stderr);
    assert!(
        out.contains("bmf-2010.md:4: `status: in_force`, but a newer version of this rule is in force too"),
        "{out}"
    );
}

/// The pages a query finds, best first, as URLs; with `ranked_by_text_only`,
/// as the text alone ranks them (the engine told of no versions).
const FIND_URLS: &str = "
    var done = arguments[arguments.length - 1], q = arguments[0], S = window.__shuyuan;
    S.versionsRanked = !arguments[1];
    S.search(q).then(function (r) {
      return Promise.all(r.hits.map(function (h) { return S.describe(h, [q]); }));
    }).then(function (ds) { done(ds.map(function (d) { return d.url; })); }, function (e) { done(String(e)); });";

#[test]
fn search_ranks_the_version_in_force_above_older_versions_of_the_rule() {
    let site = TestSite::fixture("versions");
    site.build_ok();
    let Some(b) = crate::browser::Browser::start() else { return };
    b.goto(&format!("file://{}", site.public().join("search.html").display()));
    b.run_async(crate::search::LOAD_ENGINE, serde_json::json!([]));
    let cases = [
        ("行政复议", "law/xing-zheng-fu-yi-fa-2023-09-01.html", "law/xing-zheng-fu-yi-fa-2017-09-01.html"),
        ("保守国家秘密", "rule/bmf-2024.html", "rule/bmf-2010.html"),
    ];
    // Told of no versions (last: it stays so), the text alone ranks the old 行政复议法 first.
    for text_only in [false, true] {
        for (query, current, old) in cases {
            let urls = b.run_async(FIND_URLS, serde_json::json!([query, text_only]));
            let urls: Vec<&str> = urls.as_array().unwrap().iter().filter_map(|u| u.as_str()).collect();
            let at = |u: &str| urls.iter().position(|x| *x == u).unwrap();
            if !text_only {
                assert!(at(current) < at(old), "{query}: {urls:?}");
            } else if query == "行政复议" {
                assert!(at(old) < at(current), "the test would not fail without the ranking: {urls:?}");
            }
        }
    }
}
