//! Front matter written for other tools (Hugo and hugo-book, Zola, Jekyll,
//! MkDocs, VitePress, Docusaurus, PingCAP's docs): understood where it means
//! something here, told once per key where it does not, never a typo.

use crate::site::{broken_links, listing, TestSite};

fn real_world() -> TestSite {
    TestSite::fixture("real-world")
}

/// The titles a list page links to, in order.
fn listed_titles(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<a class="page-link" href="[^"]*">([^<]*)<"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_string()).collect()
}

#[test]
fn other_tools_front_matter_builds_without_errors_and_is_never_called_a_typo() {
    let site = real_world();
    let out = site.build_ok();
    for want in [
        "`bookCollapseSection` (Hugo book): ignored",
        "`hide_sidebar` (PingCAP docs): ignored",
        "`hide_leftNav` (PingCAP docs): ignored",
        "`sidebar` (VitePress): ignored",
        "`hide` (MkDocs): ignored",
        "`status: new` (MkDocs): ignored",
        "`template` (Zola, MkDocs): ignored",
        "`permalink` (Jekyll): ignored",
        "`id` (Docusaurus, VitePress): ignored",
    ] {
        assert!(out.stderr.contains(want), "no warning `{want}`:\n{}", out.stderr);
    }
    assert!(!out.stderr.contains("typo"), "another tool's key called a typo:\n{}", out.stderr);
    // Keys that mean something here are read, not warned about.
    for honoured in ["bookHidden", "aliases", "lastmod", "sidebar_position", "redirect_from", "headless", "unlisted"] {
        assert!(!out.stderr.contains(&format!("`{honoured}`")), "{honoured} warned:\n{}", out.stderr);
    }
}

#[test]
fn hidden_pages_are_built_but_listed_nowhere() {
    let site = real_world();
    // A template file at the site root, as the laws collection has one.
    site.write("content/法律法规模版.md", "---\nbookHidden: true\n---\n\n# 某条法律的标题\n\n模版正文\n");
    site.build_ok();
    // bookHidden, Docusaurus unlisted, `_build: {list: never}`: built…
    for url in ["tools/hugo-template.html", "tools/docusaurus-unlisted.html", "tools/hugo-build.html"] {
        assert!(site.public().join(url).is_file(), "{url} not built:\n{}", listing(&site.public()));
    }
    // …and in no list.
    let lists = ["index.html", "kind/study.html", "kind/rule.html", "tools/index.html", "topics.html"];
    for list in lists {
        let html = site.read(list);
        for hidden in ["某条法律的标题", "不列出的 Docusaurus 页面", "不入列表", "内部通知", "内部资料"]
        {
            assert!(!html.contains(hidden), "{list} lists {hidden}");
        }
    }
    // An unlisted section's own page, reached by a link, lists its pages.
    assert!(site.read("sections/nei-bu/index.html").contains("内部通知"));
    // An unlisted page has no previous/next, and is no one's neighbour.
    assert!(!site.read("tools/docusaurus-unlisted.html").contains("rel=\"next\""));
}

#[test]
fn headless_unpublished_and_draft_pages_are_not_built() {
    let site = real_world();
    site.build_ok();
    for url in ["tools/hugo-headless.html", "tools/jekyll-unpublished.html", "tools/docusaurus-draft.html"] {
        assert!(!site.public().join(url).exists(), "{url} built");
    }
    // `--drafts` builds drafts (Jekyll's unpublished too), never a headless page.
    let out = site.build(&["--drafts"]);
    assert!(out.ok, "{}", out.stderr);
    assert!(site.public().join("tools/jekyll-unpublished.html").is_file());
    assert!(!site.public().join("tools/hugo-headless.html").exists());
}

#[test]
fn old_paths_lead_to_the_page_from_file_urls() {
    let site = real_world();
    site.build_ok();
    let redirect = site.read("old/hugo/index.html");
    assert!(redirect.contains(r#"<meta http-equiv="refresh" content="0; url=../../tools/hugo.html">"#), "{redirect}");
    assert!(redirect.contains(r#"<a href="../../tools/hugo.html">Hugo 写的页面</a>"#), "{redirect}");
    // Jekyll's redirect_from, PingCAP's aliases, and a Chinese old path made ASCII.
    assert!(site.read("old/jekyll.html").contains("url=../tools/jekyll.html"));
    let pingcap = site.read("docs-cn/stable/garbage-collection-configuration/index.html");
    assert!(pingcap.contains("url=../../../tools/pingcap.html"), "{pingcap}");
    assert!(site.read("jiu-zhi/yu-guo.html").contains("url=../tools/hugo.html"));
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    let listed = listing(&site.public());
    assert!(listed.is_ascii(), "non-ASCII output paths:\n{listed}");
    // Redirects are not pages of the site map.
    assert!(!site.read("sitemap.xml").contains("old/hugo"));
}

#[test]
fn an_old_path_that_is_another_page_is_an_error_naming_both() {
    let site = real_world();
    site.write("content/tools/clash.md", "---\ntitle: 抢路径\naliases: [/tools/zola.html]\n---\n正文\n");
    let out = site.build(&[]);
    assert!(!out.ok, "built despite the clash");
    assert!(
        out.stderr.contains("clash.md:3: old path `/tools/zola.html` would be written at `tools/zola.html`, which is the page tools/zola.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn weights_of_other_tools_order_a_section_and_descriptions_are_summaries() {
    let site = real_world();
    site.build_ok();
    let tools = site.read("tools/index.html");
    let titles = listed_titles(&tools);
    // nav_order 1, sidebar_position 2, weight 3…6, then unweighted by title.
    assert_eq!(
        titles[..6],
        [
            "Jekyll 写的页面",
            "Docusaurus 写的页面",
            "Hugo 写的页面",
            "Zola 写的页面",
            "MkDocs 写的页面",
            "VitePress 写的页面"
        ],
        "{titles:?}"
    );
    assert!(tools.contains("一段 MkDocs 的页面说明。"), "description not shown as summary");
}

#[test]
fn the_updated_date_of_every_tool_is_shown_on_the_page() {
    let site = real_world();
    site.build_ok();
    for (url, date) in [
        ("tools/hugo.html", "2024-05-06"),
        ("tools/zola.html", "2023-02-03"),
        ("tools/jekyll.html", "2022-08-09"),
        ("tools/docusaurus.html", "2021-11-12"),
    ] {
        let html = site.read(url);
        assert!(html.contains(&format!("<dt>修订于</dt><dd><time>{date}</time>")), "{url}: no updated date {date}");
    }
    assert!(!site.read("tools/mdbook.html").contains("修订于"));
}

#[test]
fn a_short_menu_title_is_the_title_only_when_there_is_no_other() {
    let site = real_world();
    site.build_ok();
    assert!(site.read("tools/label-only.html").contains("<h1 id=\"doc-title\" class=\"doc-title\">只有短标题</h1>"));
    // The body's heading wins over sidebar_label; title wins over linkTitle.
    assert!(site.read("tools/docusaurus.html").contains("class=\"doc-title\">Docusaurus 写的页面</h1>"));
    assert!(site.read("tools/hugo.html").contains("class=\"doc-title\">Hugo 写的页面</h1>"));
    // categories and tags are both tags.
    assert!(site.read("tools/hugo.html").contains("<dd>法规</dd>"));
}

#[test]
fn an_old_path_of_two_pages_warns_and_the_first_keeps_it() {
    let site = real_world();
    site.write("content/tools/moved.md", "---\ntitle: 也从旧址来\naliases: [/old/hugo/]\n---\n正文\n");
    let out = site.build_ok();
    assert!(
        out.stderr.contains("moved.md:3: old path `/old/hugo/` is also an old path of tools/hugo.md, which keeps it"),
        "{}",
        out.stderr
    );
    assert!(site.read("old/hugo/index.html").contains("url=../../tools/hugo.html"));
}

#[test]
fn pages_another_tool_keeps_out_of_search_are_not_found() {
    use crate::search::{LOAD_ENGINE, RUN_QUERIES};
    let site = TestSite::empty();
    let page = |key: &str| format!("---\ntitle: 页面\n{key}\n---\n\n独一无二的口令词。\n");
    site.write("content/kept.md", &page("weight: 1"));
    site.write("content/book.md", &page("bookSearchExclude: true"));
    site.write("content/vitepress.md", &page("search: false"));
    site.write("content/mkdocs.md", &page("search:\n  exclude: true"));
    site.write("content/zola.md", &page("in_search_index: false"));
    site.build_ok();
    let Some(b) = crate::browser::Browser::start() else { return };
    b.goto(&format!("file://{}", site.public().join("search.html").display()));
    b.run_async(LOAD_ENGINE, serde_json::json!([]));
    let results = b.run_async(RUN_QUERIES, serde_json::json!([["口令词", "页面"]]));
    for r in results.as_array().unwrap() {
        assert_eq!(r["pages"].as_array().unwrap().len(), 1, "only the page without an exclusion is found: {r}");
    }
}

/// Found trying OI Wiki (MkDocs Material) and Halo's docs (Docusaurus):
/// links those tools resolve are no broken links here, and `.mdx` pages
/// are pages.
#[test]
fn mkdocs_and_docusaurus_links_and_mdx_pages_build() {
    let site = TestSite::empty();
    site.write("site.yaml", "title: t\n");
    site.write(
        "content/a.md",
        "# A\n\n出题联系方式：<contest@atcoder.jp>．\n\n\
         见 [第三个例题](#例题_2)、[#P](b.md#p_1)、[交互题](b.md#) 与 [商店](shop/) 和 [订单](shop/orders.mdx)。\n\n\
         ## 例题\n\n一\n\n## 例题\n\n二\n\n## 例题\n\n三\n",
    );
    site.write("content/b.md", "# B\n\n## P\n\n文\n\n## #P\n\n文\n");
    site.write("content/shop/index.mdx", "---\ntitle: 商店\n---\n\n商店首页\n");
    site.write("content/shop/orders.mdx", "---\ntitle: 订单\n---\n\n订单管理\n");
    let out = site.build_ok();
    assert!(!out.stderr.contains("missing"), "{}", out.stderr);
    let a = site.read("a.html");
    assert!(a.contains(r#"href="mailto:contest@atcoder.jp""#), "{a}");
    assert!(a.contains(r#"<a id="例题_2"></a>"#), "{a}");
    assert!(site.read("b.html").contains(r#"<a id="p_1"></a>"#));
    assert!(a.contains(r#"href="shop/orders.html""#) && a.contains(r#"href="shop/index-page.html""#), "{a}");
    assert!(site.read("shop/orders.html").contains("订单管理"));
}
