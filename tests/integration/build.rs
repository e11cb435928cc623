//! Building good fixture sites: what a reader sees on each kind of page.

use crate::site::{broken_links, TestSite};

#[test]
fn builds_every_page_kind_with_relative_links() {
    let site = TestSite::fixture("library");
    let out = site.build_ok();
    assert!(out.stdout.contains("built 5 pages"), "{}", out.stdout);
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "topics.html",
        "kind/study.html",
        "kind/rule.html",
        "kind/plan.html",
        "rule/index.html",
        "study/index.html",
        "rule/new.html",
        "rule/old.html",
        "study/a.html",
        "study/b.html",
        "xue-xi-bi-ji.html",
        "static/style.css",
    ] {
        site.read(file);
    }
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn document_page_shows_metadata_toc_and_neighbours() {
    let site = TestSite::fixture("library");
    site.build_ok();
    let a = site.read("study/a.html");
    assert!(a.contains("<h1 id=\"doc-title\" class=\"doc-title\">学习材料甲</h1>"));
    assert!(a.contains("href=\"#一学习要求\"") && a.contains("href=\"#二学习要求\""), "TOC links");
    assert!(a.contains("href=\"../rule/new.html#%E7%AC%AC%E4%B8%89%E6%9D%A1\""), "rewritten link with anchor");
    assert!(a.contains("rel=\"next\" href=\"../study/b.html\""), "next within topic");
    assert!(a.contains("href=\"../index.html\">首页</a>"), "breadcrumb home");
    let new = site.read("rule/new.html");
    for want in [
        "测试局办公室",
        "测办〔2021〕3号",
        "2021-05-01",
        "2021-06-01",
        "<p id=\"第三条\" class=\"article\">",
        "<strong>重要，</strong>其后",
    ] {
        assert!(new.contains(want), "rule page lacks {want}");
    }
    assert!(new.contains("引用本文的文档") && new.contains("学习材料甲"), "cited by");
    assert!(new.contains("阅读时长"));
}

#[test]
fn superseded_rule_shows_a_banner_linking_its_successor() {
    let site = TestSite::fixture("library");
    site.build_ok();
    let old = site.read("rule/old.html");
    assert!(old.contains("banner-outdated"));
    assert!(old.contains("本文件已废止"));
    assert!(old.contains("<a href=\"../rule/new.html\">新保密制度</a>"));
    assert!(!site.read("rule/new.html").contains("banner-outdated"));
}

#[test]
fn topic_page_lists_pages_in_study_order() {
    let site = TestSite::fixture("library");
    site.build_ok();
    let topic = site.read("topic/bao-mi.html");
    let pos = |t: &str| topic.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(pos("学习材料甲") < pos("学习材料乙"), "weight first");
    assert!(pos("学习材料乙") < pos("旧保密制度"), "weighted before unweighted");
    assert!(pos("旧保密制度") < pos("新保密制度"), "then by date");
    let home = site.read("index.html");
    assert!(home.contains("这是首页简介"));
    assert!(home.contains("topic/bao-mi.html\">保密 <span class=\"count\">4</span>"), "{home}");
}

#[test]
fn drafts_only_with_the_flag() {
    let site = TestSite::fixture("library");
    site.build_ok();
    assert!(!site.public().join("study/draft.html").exists());
    let out = site.build(&["--drafts"]);
    assert!(out.ok, "{}", out.stderr);
    site.read("study/draft.html");
}

#[test]
fn sitemap_is_relative_unless_base_url_is_set() {
    let site = TestSite::fixture("library");
    site.build_ok();
    assert!(site.read("sitemap.xml").contains("<loc>study/a.html</loc>"));
    site.write("site.yaml", "title: 测试\nbase_url: https://intranet.example/lib\n");
    site.build_ok();
    assert!(site.read("sitemap.xml").contains("<loc>https://intranet.example/lib/study/a.html</loc>"));
    assert!(!site.read("index.html").contains("intranet.example"), "pages stay relative");
}

#[test]
fn english_ui_when_site_says_so() {
    let site = TestSite::fixture("library");
    site.write("site.yaml", "title: Library\nlanguage: en\n");
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("Study materials"));
    assert!(site.read("study/a.html").contains("Contents"));
}

#[test]
fn site_overrides_a_template_and_an_asset() {
    let site = TestSite::fixture("library");
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}自定义404{% endblock main %}");
    site.write("static/style.css", "body{color:red}");
    site.write("static/logo.txt", "extra asset");
    site.build_ok();
    assert!(site.read("404.html").contains("自定义404"));
    assert_eq!(site.read("static/style.css"), "body{color:red}");
    assert_eq!(site.read("static/logo.txt"), "extra asset");
}

#[test]
fn markdown_written_for_other_tools_builds_with_warnings() {
    let site = TestSite::fixture("other-tools");
    let out = site.build_ok();
    for want in ["tpoics", "`sort_by` (Zola): ignored", "TOML front matter", "unknown setting `taxonomies`"] {
        assert!(out.stderr.contains(want), "no warning about {want}:\n{}", out.stderr);
    }
    assert!(out.stderr.contains("hugo.md:6"), "warning names file and line:\n{}", out.stderr);
    assert!(site.read("docs/plain.html").contains("只有标题"));
    assert!(site.read("docs/eof.html").contains("以文件结尾"));
}

#[test]
fn default_theme_works_from_any_folder() {
    let site = TestSite::empty();
    site.write("content/a.md", "---\ntitle: 唯一\n---\n正文\n");
    site.build_ok();
    assert!(site.read("static/style.css").contains("prefers-color-scheme"));
    assert!(site.read("a.html").contains("唯一"));
}

#[test]
fn a_rebuild_removes_the_old_site_in_the_background() {
    let site = TestSite::fixture("library");
    site.build_ok();
    // An old site a stopped build left behind, and a folder of the user's.
    site.write(".public.old-4000000/a.html", "old");
    site.write(".notes/keep.md", "mine");
    let started = std::time::Instant::now();
    site.build_ok();
    assert!(site.public().join("index.html").exists());
    let set_aside = || {
        std::fs::read_dir(&site.root)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public."))
            .count()
    };
    while set_aside() > 0 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(set_aside(), 0, "the replaced site and the left-behind one are removed");
    assert!(site.root.join(".notes/keep.md").exists(), "nothing else beside the site is touched");
}
