//! Markdown as other tools write it (tests/fixtures/real-world/content/markdown,
//! excerpts of pingcap/docs-cn, vitejs/docs-cn, a Hugo collection of laws,
//! MkDocs, GitHub and MDX): anchors, one title, callouts, other tools'
//! template syntax, text inside raw HTML, and code blocks.

use crate::browser::Browser;
use crate::site::{broken_links, Outcome, TestSite};
use serde_json::json;

fn built() -> (TestSite, Outcome) {
    let site = TestSite::fixture("real-world");
    let out = site.build_ok();
    (site, out)
}

/// The page's body, between the document header and its end.
fn body(site: &TestSite, page: &str) -> String {
    let html = site.read(&format!("markdown/{page}"));
    let start = html.find("class=\"prose doc-body\"").unwrap_or_else(|| panic!("no body in {html}"));
    let end = html[start..].find("</article>").map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn anchors_written_for_github_hugo_and_vitepress_resolve() {
    // links.md links to each; a broken anchor fails the build.
    let (site, _) = built();
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let page = body(&site, "system-variables.html");
    for id in ["tidb_enable_fast_create_table-从-v800-版本开始引入", "custom-id", "head", "系统变量"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "no id {id} in {page}");
    }
    assert!(body(&site, "law.html").contains("<p id=\"第三条\" class=\"article\">"), "articles keep their anchors");
    let links = site.read("markdown/links.html");
    assert!(links.contains("system-variables.html#tidb_enable_fast_create_table-"), "{links}");
}

#[test]
fn a_title_repeated_by_the_body_shows_once_and_its_other_h1s_become_sections() {
    let (site, _) = built();
    for (page, title) in
        [("system-variables.html", "系统变量"), ("law.html", "中华人民共和国示例法"), ("mdx.html", "标题")]
    {
        let html = site.read(&format!("markdown/{page}"));
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one <h1>");
        assert!(html.contains(&format!("class=\"doc-title\">{title}</h1>")), "{page}: title {title}");
        assert!(!body(&site, page).contains(&format!(">{title}</h")), "{page}: the title is not repeated");
    }
    let law = body(&site, "law.html");
    assert!(law.contains("<h2 id=\"第一编-总则\">第一编 总则</h2>"), "{law}");
    assert!(law.contains("<h3 id=\"第一章-一般规定\">"), "{law}");
    let mdx = site.read("markdown/mdx.html");
    assert!(!mdx.contains("比如") && !mdx.contains("{#"), "comments and ids stay out of a title: {mdx}");
}

#[test]
fn callouts_of_other_tools_show_as_styled_blocks() {
    let (site, _) = built();
    let page = body(&site, "callouts.html");
    for want in [
        "<div class=\"callout callout-tip\">\n<p class=\"callout-title\">提示</p>\n<p>VitePress 的<strong>提示</strong>容器。</p>",
        "<div class=\"callout callout-warning\">\n<p class=\"callout-title\"></p>",
        "<details class=\"callout callout-details\">\n<summary>点击查看示例</summary>",
        "<p class=\"callout-title\">Docusaurus 标题</p>",
        "<div class=\"callout callout-important\">",
        "<p class=\"callout-title\">MkDocs 说明</p>\n<p>缩进的正文。</p>\n<pre><code class=\"language-text\">缩进的代码",
        "<details class=\"callout callout-caution\">\n<summary>可折叠的小心</summary>",
        "<dt>术语</dt>",
        "<div class=\"callout callout-danger\">\n<p class=\"callout-title\"></p>\n<p>hugo-book 的 hint 短代码。</p>",
    ] {
        assert!(page.contains(want), "{want} missing in {page}");
    }
    for junk in [":::", "!!!", "???", "[!IMPORTANT]", "{{< hint"] {
        assert!(!page.contains(junk), "{junk} shows in {page}");
    }
    let css = site.read("static/style.css");
    assert!(css.contains(".callout-warning > .callout-title:empty::before { content: \"警告\"; }"));
}

#[test]
fn other_tools_template_syntax_is_removed_with_one_warning_per_kind_and_page() {
    let (site, out) = built();
    let page = body(&site, "system-variables.html");
    for junk in ["{{", "SimpleTab", "copyable"] {
        assert!(!page.contains(junk), "{junk} shows in {page}");
    }
    assert!(page.contains("<p class=\"tab-label\">命令行</p>"), "a tab keeps its label: {page}");
    let mdx = body(&site, "mdx.html");
    assert!(!mdx.contains("import Tabs") && !mdx.contains("{%"), "{mdx}");
    assert!(mdx.contains("原样显示 {{ 双括号 }}"), "{{% raw %}} keeps its text: {mdx}");
    assert!(mdx.contains("<code>{{&lt; copyable \"sql\" &gt;}}</code>"), "code is left alone: {mdx}");
    let said = format!("{}{}", out.stdout, out.stderr);
    let warnings = |what: &str| said.lines().filter(|l| l.contains(what)).count();
    assert_eq!(warnings("Hugo shortcode"), 1, "{said}");
    assert_eq!(warnings("MDX/Vue component tags removed"), 1, "{said}");
    assert!(said.contains("system-variables.md:27: `<SimpleTab>` and 1 more"), "{said}");
    assert!(said.contains("mdx.md:5: `{% include header.md %}` and 2 more Liquid tags"), "{said}");
}

#[test]
fn text_in_an_html_table_is_found_by_search() {
    let (site, _) = built();
    let Some(b) = Browser::start() else { return };
    let search = site.public().join("search.html");
    b.goto(&format!("file://{}?q=资源管控", search.display()));
    let hit = b.find_when("#search-results a[href*='system-variables']");
    assert!(!hit.is_empty());
}

#[test]
fn code_blocks_are_blocks_that_scroll() {
    let (site, _) = built();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("file://{}", site.public().join("markdown/system-variables.html").display()));
    b.find_when("pre code");
    let style = b.run(
        "var pre = document.querySelectorAll('pre')[1], code = pre.querySelector('code');
         return { band: getComputedStyle(code).backgroundColor, scrolls: pre.scrollWidth > pre.clientWidth,
                  overflow: getComputedStyle(pre).overflowX, inline: getComputedStyle(document.querySelector('li code')).backgroundColor };",
        json!([]),
    );
    assert_eq!(style["band"], "rgba(0, 0, 0, 0)", "no band on each line: {style}");
    assert_eq!(style["overflow"], "auto", "{style}");
    assert_eq!(style["scrolls"], true, "a long line scrolls instead of wrapping: {style}");
    assert_ne!(style["inline"], "rgba(0, 0, 0, 0)", "inline code keeps its background: {style}");
}
