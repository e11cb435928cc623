//! Rule documents (规章制度) as copied from the national database of laws and
//! regulations (../shared/rules): imported with their history in the front
//! matter, no second set of chapter headings from the 目录 block, and every
//! article anchored, with a ¶ permalink a keyboard reaches.

use crate::browser::Browser;
use crate::site::{run, TestSite};
use std::process::Command;

/// Imports one rule text of ../shared/rules into `content/rule/<page>` of a
/// new site; `None` (the test skips, with a note) in a copy without
/// ../shared, except under `CI=true`.
fn import_into(site: &TestSite, source: &str, page: &str) -> Option<String> {
    let source = crate::site::shared(&format!("rules/{source}"))?;
    let dir = tempfile::tempdir().unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(source).arg("--out").arg(dir.path()));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    let file = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    let md = std::fs::read_to_string(file).unwrap();
    site.write(&format!("content/rule/{page}"), &md);
    Some(md)
}

fn front_matter(md: &str) -> &str {
    md.split("---\n").nth(1).unwrap()
}

#[test]
fn the_three_laws_import_with_their_history_and_each_chapter_once() {
    let site = TestSite::empty();
    let Some(new) = import_into(&site, "bmf-2024.txt", "bmf-2024.md") else { return };
    assert_eq!(
        front_matter(&new),
        "title: 中华人民共和国保守国家秘密法\ndate: 2024-02-27\nkind: rule\nissuer: 全国人民代表大会常务委员会\n\
         adopted: 1988-09-05\nrevised:\n- 2010-04-29\n- 2024-02-27\neffective: 2024-05-01\n"
    );
    let Some(old) = import_into(&site, "bmf-2010.txt", "bmf-2010.md") else { return };
    assert!(front_matter(&old).contains("date: 2010-04-29\n"), "{old}");
    assert!(front_matter(&old).contains("revised:\n- 2010-04-29\neffective: 2010-10-01\n"), "{old}");
    let Some(edu) = import_into(&site, "agzyjyf-2023.txt", "agzyjyf.md") else { return };
    assert!(front_matter(&edu).contains("adopted: 2023-10-24\neffective: 2024-01-01\n"), "{edu}");
    assert!(front_matter(&edu).contains("issuer: 全国人民代表大会常务委员会\n"), "{edu}");
    assert!(!front_matter(&edu).contains("revised"), "{edu}");

    for (md, chapters) in [(&new, 6), (&old, 6), (&edu, 5)] {
        assert!(!md.contains("目　　录") && !md.contains("\n目录\n"), "the 目录 block is left out");
        let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(headings.len(), chapters, "each chapter is one heading: {headings:?}");
        assert!(headings.iter().all(|h| h.starts_with("## 第") && h.contains('章')), "{headings:?}");
        assert!(md.contains("（1988年9月5日") || md.contains("（2023年10月24日"), "the history line stays in the body");
    }

    site.build_ok();
    let articles = |page: &str| {
        let html = site.read(&format!("rule/{page}.html"));
        html.matches("class=\"article\"><a class=\"article-link\" href=\"#第").count()
    };
    assert_eq!(articles("bmf-2024"), 65, "the 2024 revision has 65 articles");
    assert_eq!(articles("bmf-2010"), 53, "the 2010 revision has 53 articles");
    assert_eq!(articles("agzyjyf"), 40, "the 爱国主义教育法 has 40 articles");
    let html = site.read("rule/bmf-2024.html");
    assert!(html.contains("<p id=\"第六十五条\" class=\"article\">"), "the last article is anchored by its number");
    assert!(html.contains("<h2 id=\"第一章总则\">"), "chapters are headings");
    assert!(!html.contains("id=\"第一章总则-1\""), "and each chapter is one heading");
}

#[test]
fn a_link_to_an_article_is_checked() {
    let site = TestSite::empty();
    if import_into(&site, "bmf-2024.txt", "bmf.md").is_none() {
        return;
    }
    site.write("content/study/a.md", "---\ntitle: 学习\n---\n\n见[第三十一条](../rule/bmf.md#第三十一条)。\n");
    site.build_ok();
    site.write("content/study/a.md", "---\ntitle: 学习\n---\n\n见[第九十九条](../rule/bmf.md#第九十九条)。\n");
    let o = site.build(&[]);
    assert!(!o.ok && o.stderr.contains("第九十九条"), "a missing article is a broken anchor:\n{}", o.stderr);
}

#[test]
fn an_articles_permalink_shows_on_keyboard_focus_and_links_to_it() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    let page = out.join("rule/bao-shou-guo-jia-mi-mi-fa-2024.html");
    b.goto(&format!("file://{}", page.display()));
    let opacity = |id: &str| {
        b.run(
            "return getComputedStyle(document.getElementById(arguments[0]).querySelector('.article-link')).opacity",
            serde_json::json!([id]),
        )
    };
    assert_eq!(opacity("第三十一条"), serde_json::json!("0"), "hidden until wanted");
    // Tab from the ¶ of 第三十条 reaches the ¶ of 第三十一条.
    b.run("document.querySelector('[id=\"第三十条\"] .article-link').focus()", serde_json::json!([]));
    b.press("\u{E004}");
    let focused = b.run("return document.activeElement.getAttribute('href')", serde_json::json!([]));
    assert_eq!(focused, serde_json::json!("#第三十一条"));
    assert_eq!(opacity("第三十一条"), serde_json::json!("1"), "the ¶ shows on keyboard focus");
    assert_eq!(b.run("return document.activeElement.textContent", serde_json::json!([])), serde_json::json!("¶"));
    b.run("document.activeElement.click()", serde_json::json!([]));
    let url = b.url();
    assert!(url.starts_with("file://") && url.ends_with("#%E7%AC%AC%E4%B8%89%E5%8D%81%E4%B8%80%E6%9D%A1"), "{url}");
}
