//! Sections that scale: `_index.md` cascades kind, topics and unlisting to
//! every page under it; section pages list their subsections with counts;
//! natural order; long sections cut into pages that link from file://;
//! previous/next within a section for pages in no topic.

use crate::site::{broken_links, TestSite};

fn listed_titles(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<a class="page-link" href="[^"]*">([^<]*)<"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

/// The badge of a page's kind, as its page shows it.
fn kind_of(html: &str) -> &str {
    let at = html.find("class=\"badge badge-").expect("a kind badge") + "class=\"badge badge-".len();
    &html[at..at + html[at..].find('"').unwrap()]
}

/// The section page of `dir` (an output folder) and the page there titled `title`.
fn page_titled(site: &TestSite, dir: &str, title: &str) -> String {
    let index = site.read(&format!("{dir}/index.html"));
    let re = regex::Regex::new(&format!(r#"<a class="page-link" href="([^"]*)">{title}<"#)).unwrap();
    let href = &re.captures(&index).unwrap_or_else(|| panic!("{dir} does not list {title}"))[1];
    let depth = dir.matches('/').count() + 1;
    let rel: String = href.split('/').skip(depth).collect::<Vec<_>>().join("/");
    site.read(&rel)
}

#[test]
fn an_index_gives_its_kind_and_topics_to_every_page_under_it_and_a_page_or_deeper_index_wins() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    let beijing = "sections/di-fang-fa-gui/hua-bei/bei-jing";
    // Four levels below `kind: rule`: a rule, in the topic the top gives.
    let law = page_titled(&site, beijing, "北京市政府第2号令");
    assert_eq!(kind_of(&law), "rule");
    assert!(law.contains(">依法治理</a>"), "topic not cascaded");
    // The page's own kind and topics win.
    let notes = page_titled(&site, beijing, "北京法规学习笔记");
    assert_eq!(kind_of(&notes), "study");
    assert!(notes.contains(">学习笔记</a>") && !notes.contains(">依法治理</a>"));
    // A deeper _index.md wins over a higher one.
    assert_eq!(kind_of(&page_titled(&site, "sections/di-fang-fa-gui/fang-an", "某某实施办法")), "plan");
    assert!(site.read("kind/rule.html").contains("北京市政府第10号令"));
    assert!(site.read("kind/study.html").contains("北京法规学习笔记"));
}

#[test]
fn intermediate_sections_list_their_subsections_with_every_page_under_them_and_no_empty_state() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    for dir in ["sections", "sections/di-fang-fa-gui", "sections/di-fang-fa-gui/hua-bei"] {
        let html = site.read(&format!("{dir}/index.html"));
        assert!(!html.contains("暂无文档") && !html.contains(">0 篇"), "{dir} shows an empty state");
        assert!(html.contains("class=\"cards\""), "{dir} lists no subsections");
    }
    let top = site.read("sections/di-fang-fa-gui/index.html");
    assert!(top.contains("<span class=\"card-title\">华北</span> <span class=\"count\">6 篇</span>"), "{top}");
    assert!(top.contains("<span class=\"card-title\">实施方案</span> <span class=\"count\">1 篇</span>"));
    // An unlisted section (bookHidden in its _index.md) is not a card.
    assert!(!site.read("sections/index.html").contains("内部资料"));
    // 6 in 北京, 1 in 方案, 1 in hugo-cascade; the unlisted 内部 not counted.
    assert!(site.read("index.html").contains("<span class=\"count\">8 篇</span>"), "home counts all levels");
}

#[test]
fn pages_sort_by_weight_then_date_then_title_in_natural_order() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    let titles = listed_titles(&site.read("sections/di-fang-fa-gui/hua-bei/bei-jing/index.html"));
    let want = ["北京市政府第1号令", "北京市政府第2号令", "北京市政府第二章", "北京市政府第10号令", "北京市政府第十章"];
    let laws: Vec<&String> = titles.iter().filter(|t| t.starts_with("北京市政府")).collect();
    assert_eq!(laws, want, "{titles:?}");
}

#[test]
fn a_section_of_230_pages_is_cut_into_pages_that_link_to_each_other() {
    let site = TestSite::fixture("real-world");
    for n in 1..=230 {
        site.write(&format!("content/sections/many/p{n:03}.md"), &format!("---\ntitle: 第{n}号\n---\n正文{n}\n"));
    }
    site.build_ok();
    let first = site.read("sections/many/index.html");
    let second = site.read("sections/many/page-2.html");
    let third = site.read("sections/many/page-3.html");
    assert!(!site.public().join("sections/many/page-4.html").exists());
    let (a, b, c) = (listed_titles(&first), listed_titles(&second), listed_titles(&third));
    assert_eq!((a.len(), b.len(), c.len()), (100, 100, 30));
    assert_eq!((a[0].as_str(), a[99].as_str()), ("第1号", "第100号"), "natural order across pages");
    assert_eq!((b[0].as_str(), c[29].as_str()), ("第101号", "第230号"));
    // Relative links in the section's folder, with previous/next and numbers.
    assert!(first.contains(r#"<a class="pager-next" rel="next" href="page-2.html">"#), "{first}");
    assert!(!first.contains("pager-prev"));
    assert!(second.contains(r#"rel="prev" href="index.html""#) && second.contains(r#"rel="next" href="page-3.html""#));
    assert!(second.contains(r#"<span class="pager-current" aria-current="page">2</span>"#));
    assert!(third.contains(r#"<a href="index.html">1</a>"#) && !third.contains("pager-next"));
    assert!(first.contains("230 篇") && third.contains("230 篇 · 3/3"), "the count is the whole section's");
    assert!(second.contains(">下一页</a>") && second.contains(">上一页</a>"));
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn pages_in_no_topic_get_previous_and_next_within_their_section() {
    let site = TestSite::fixture("real-world");
    site.build_ok();
    let zola = site.read("tools/zola.html");
    assert!(zola.contains(r#"rel="prev" href="../tools/hugo.html""#), "no previous in the section");
    assert!(zola.contains(r#"rel="next" href="../tools/mkdocs.html""#), "no next in the section");
}

#[test]
fn hugos_cascade_gives_its_kind_to_the_pages_under_it() {
    let site = TestSite::fixture("real-world");
    let out = site.build_ok();
    assert_eq!(kind_of(&site.read("sections/hugo-cascade/page.html")), "plan");
    assert!(!out.stderr.contains("`cascade`") && !out.stderr.contains("`type`"), "{}", out.stderr);
}

#[test]
fn live_preview_follows_a_changed_cascade() {
    use shuyuan::build::{rebuild, BuildOptions, Cache, Search};
    let site = TestSite::fixture("real-world");
    let opts = BuildOptions { root: site.root.clone(), drafts: false, search: Search::Later, broken_links: None };
    let mut cache = Cache::default();
    let kind_of_law = |cache: &mut Cache| {
        let built = rebuild(&opts, cache).expect("rebuild");
        let law = built.files.iter().find(|f| {
            let html = String::from_utf8_lossy(&f.bytes);
            f.path.ends_with(".html") && html.contains("class=\"doc-title\">北京市政府第2号令</h1>")
        });
        kind_of(&String::from_utf8_lossy(&law.expect("the law's page").bytes)).to_string()
    };
    assert_eq!(kind_of_law(&mut cache), "rule");
    let index = site.read_source("content/sections/_index.md");
    site.write("content/sections/_index.md", &index.replace("kind: rule", "kind: plan"));
    assert_eq!(kind_of_law(&mut cache), "plan", "the page kept the kind its section gave before");
}

#[test]
fn a_reader_pages_through_a_long_section_and_follows_an_old_link_from_file_urls() {
    let site = TestSite::fixture("real-world");
    for n in 1..=230 {
        site.write(&format!("content/sections/many/p{n:03}.md"), &format!("---\ntitle: 第{n}号\n---\n正文{n}\n"));
    }
    site.build_ok();
    let Some(b) = crate::browser::Browser::start() else { return };
    b.goto(&format!("file://{}", site.public().join("sections/many/index.html").display()));
    b.click(&b.find("a.pager-next"));
    assert!(b.url().ends_with("/sections/many/page-2.html"), "{}", b.url());
    assert_eq!(b.text(&b.find("a.page-link")), "第101号");
    b.click(&b.find("nav.pager a[href='page-3.html']"));
    assert!(b.url().ends_with("/sections/many/page-3.html"), "{}", b.url());
    b.click(&b.find("a.pager-prev"));
    assert!(b.url().ends_with("/sections/many/page-2.html"), "{}", b.url());
    // An old path's page sends the reader on to the page, from file:// too.
    b.goto(&format!("file://{}", site.public().join("old/hugo/index.html").display()));
    b.wait_for("return location.pathname.endsWith('/tools/hugo.html')");
    assert!(b.text(&b.find("h1")).contains("Hugo 写的页面"));
}
