use super::links::{LinkContext, Targets};
use super::*;
use std::path::Path;

fn md(body: &str) -> Rendered {
    let (r, problems) = md_with(body, false);
    assert!(problems.errors.is_empty() && problems.warnings.is_empty(), "{problems:?}");
    r
}

/// Renders `body` as a site with or without `allow_scripts` would.
fn md_with(body: &str, allow_scripts: bool) -> (Rendered, Diagnostics) {
    let mut t = Targets::default();
    t.add_page("rule/r.md", "rule/r.html");
    let ctx = LinkContext { path: Path::new("a.md"), dir: "", body_line: 1, root: "", targets: &t, allow_scripts };
    render(body, &ctx)
}

#[test]
fn emphasis_around_full_width_punctuation_is_bold() {
    let table = [
        ("**重要，**其后", "<strong>重要，</strong>其后"),
        ("这是**“引号”**内容", "这是<strong>“引号”</strong>内容"),
        ("**普通**加粗", "<strong>普通</strong>加粗"),
        ("前文**重要。**后文**其二，**完", "前文<strong>重要。</strong>后文<strong>其二，</strong>完"),
    ];
    for (input, want) in table {
        let html = md(input).html;
        assert!(html.contains(want), "{input:?} → {html}");
    }
}

/// TeX as OI Wiki (MkDocs Material) writes it: kept whole, not read as
/// Markdown; counted and indexed as text; in a heading, part of its id as
/// MkDocs makes it (`### $\Theta(n)$ 建树` → `#thetan-建树`). A price in
/// dollars is no formula.
#[test]
fn tex_math_stays_as_written() {
    let r = md(
        "设 $a*b*c$ 与 $[u^k](\\sigma_f)$。\n\n$$\nx_1 \\\\ y_*\n$$\n\n### $\\Theta(n)$ 建树\n\n售价 $5，运费 $3。\n",
    );
    assert!(r.html.contains(r#"<span class="math math-inline">a*b*c</span>"#), "{}", r.html);
    assert!(r.html.contains(r#"<span class="math math-inline">[u^k](\sigma_f)</span>"#), "{}", r.html);
    assert!(r.html.contains("<span class=\"math math-display\">x_1 \\\\ y_*</span>"), "{}", r.html);
    assert!(!r.html.contains("<em>") && !r.html.contains("<a href"), "{}", r.html);
    assert!(r.html.contains("售价 $5，运费 $3。"), "{}", r.html);
    assert!(r.text.contains("a*b*c") && r.text.contains("y_*"), "{}", r.text);
    let ids: Vec<&str> = r.spans.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["thetan-建树"], "{}", r.html);
}

#[test]
fn escaped_asterisks_stay_literal() {
    let html = md("\\*\\*镇党委和\\*\\*村").html;
    assert!(html.contains("**镇党委和**村"), "{html}");
    assert!(!html.contains("<strong>"), "{html}");
}

#[test]
fn extensions_are_on() {
    let html = md("|a|b|\n|-|-|\n|1|2|\n\n~~删~~\n\n- [x] 完成\n\n脚注[^1]\n\n[^1]: 注释\n").html;
    for want in ["<table>", "<del>删</del>", "checkbox", "footnote"] {
        assert!(html.contains(want), "{want} missing in {html}");
    }
}

#[test]
fn heading_ids_keep_chinese_and_are_unique() {
    let r = md("## 一、主要做法\n\n## 一、主要做法\n\n### （一）加强领导\n\n##### 深层\n");
    let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["一主要做法", "一主要做法-1", "一加强领导"]);
    assert!(r.html.contains("<h2 id=\"一主要做法\">一、主要做法</h2>"), "{}", r.html);
    assert!(r.ids.contains("深层"), "deep headings get ids but stay out of the TOC");
}

#[test]
fn rule_articles_get_anchors() {
    let r = md("第一条 为了规范工作。\n\n**第二条** 适用范围。\n\n### 第十二条 附则\n");
    assert!(r.html.contains("<p id=\"第一条\" class=\"article\">"), "{}", r.html);
    assert!(r.ids.contains("第二条"));
    assert!(r.ids.contains("第十二条"));
    assert_eq!(article_id("第三十条 x"), Some("第三十条".into()));
    assert_eq!(article_id("第一章"), None);
    assert_eq!(article_id("第条"), None);
}

#[test]
fn article_openings_take_their_anchor_and_mentions_do_not() {
    // A history line wrapped where it names an amending decision, then the
    // real article 31 and an inserted 第三十一条之一.
    let r = md("（1989年4月4日通过　根据《关于修改〈行政诉讼法〉\n\n\
         第三十一条的决定》第一次修正）\n\n\
         第三十一条　当事人、法定代理人，可以委托一至二人作为诉讼代理人。\n\n\
         第三十一条之一　下列人员可以被委托为诉讼代理人。\n\n\
         第三十一条规定的代理人，应当提交授权委托书。\n");
    assert!(r.html.contains("<p id=\"第三十一条\" class=\"article\">"), "{}", r.html);
    assert!(r.html.contains("<p id=\"第三十一条之一\" class=\"article\">"), "{}", r.html);
    assert_eq!(r.html.matches("class=\"article\"").count(), 2, "{}", r.html);
    assert!(r.html.contains("<p>第三十一条的决定》第一次修正）</p>"), "{}", r.html);
    assert!(r.html.contains("href=\"#第三十一条之一\" title=\"本条链接\" aria-label=\"第三十一条之一的链接\">¶</a>"));
}

#[test]
fn links_are_rewritten_and_counted() {
    let r = md("见[规则](rule/r.md#第三条)。\n");
    assert!(r.html.contains("href=\"rule/r.html#%E7%AC%AC%E4%B8%89%E6%9D%A1\""), "{}", r.html);
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.links[0].target, "rule/r.md");
}

#[test]
fn broken_link_reports_its_line() {
    let t = Targets::default();
    let ctx =
        LinkContext { path: Path::new("a.md"), dir: "", body_line: 5, root: "", targets: &t, allow_scripts: false };
    let (_, problems) = render("第一行\n\n见[缺](missing.md)\n", &ctx);
    assert_eq!(problems.errors.len(), 1);
    assert_eq!(problems.errors[0].line, Some(7));
}

#[test]
fn counts_chinese_text() {
    let r = md("## 标题\n\n意识形态工作。\n");
    assert_eq!(r.stats.cjk_chars, 9);
}

#[test]
fn nothing_loads_from_the_internet_and_each_place_warns_with_its_line() {
    let t = Targets::default();
    let ctx =
        LinkContext { path: Path::new("a.md"), dir: "", body_line: 3, root: "", targets: &t, allow_scripts: false };
    let body = "![示意图](https://example.com/a.png)\n\n<iframe src=\"https://example.com/v\"></iframe>\n\n[政府网](https://www.gov.cn)\n";
    let (r, problems) = render(body, &ctx);
    assert!(problems.errors.is_empty(), "{problems:?}");
    let lines: Vec<Option<usize>> = problems.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(3), Some(5)], "{problems:?}");
    assert!(problems.warnings[0].message.contains("image `https://example.com/a.png` would load from the internet"));
    assert!(r.html.contains(r#"<a href="https://example.com/a.png">示意图</a>"#), "{}", r.html);
    assert!(r.html.contains(r#"<iframe data-offline-src="https://example.com/v">"#), "{}", r.html);
    assert!(
        r.html.contains(r#"<a href="https://www.gov.cn">政府网</a>"#),
        "a link loads nothing until followed: {}",
        r.html
    );
    assert!(!r.html.contains("<img"), "{}", r.html);
}

fn md_with_problems(body: &str) -> (Rendered, Diagnostics) {
    let t = Targets::default();
    let ctx =
        LinkContext { path: Path::new("a.md"), dir: "", body_line: 4, root: "", targets: &t, allow_scripts: false };
    render(body, &ctx)
}

#[test]
fn anchors_as_authors_of_other_tools_write_them() {
    let r = md("## tidb_enable_fast_create_table 从 v8.0.0 版本开始引入\n\n## 自定义 {#custom-id}\n\n<a id=\"head\"></a>\n\n段落 <span id=\"inline\">x</span> <a name=\"old\"></a>\n");
    for id in ["tidb_enable_fast_create_table-从-v800-版本开始引入", "custom-id", "head", "inline", "old"] {
        assert!(r.ids.contains(id), "{id} missing in {:?}", r.ids);
    }
    assert!(r.html.contains("<h2 id=\"custom-id\">自定义</h2>"), "{}", r.html);
}

#[test]
fn a_body_with_h1s_moves_every_heading_one_level_down() {
    let r = md("# 第一编\n\n## 第一章\n\n###### 最深\n\n# 第二编\n");
    assert!(!r.html.contains("<h1"), "{}", r.html);
    for want in ["<h2 id=\"第一编\">", "<h3 id=\"第一章\">", "<h6 id=\"最深\">", "<h2 id=\"第二编\">"] {
        assert!(r.html.contains(want), "{want} missing in {}", r.html);
    }
    let levels: Vec<u8> = r.toc.iter().map(|t| t.level).collect();
    assert_eq!(levels, [2, 3, 2]);
    let r = md("## 第一章\n");
    assert!(r.html.contains("<h2 id=\"第一章\">"), "a body whose top level is ## stays: {}", r.html);
}

#[test]
fn the_title_heading_keeps_its_anchors() {
    let r = md("<!--shuyuan:title custom|TiDB 热点问题处理-->\n\n## TiDB 热点问题处理\n");
    assert!(r.ids.contains("custom") && r.ids.contains("tidb-热点问题处理"), "{:?}", r.ids);
    assert!(r.html.contains("<a id=\"tidb-热点问题处理\"></a>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"tidb-热点问题处理-1\">"), "a repeat gets -1, as on GitHub: {}", r.html);
    assert!(!r.html.contains("shuyuan:title"), "{}", r.html);
}

#[test]
fn callouts_of_every_tool_render_as_the_themes() {
    let table = [
        ("> [!WARNING]\n> 小心操作\n", "<div class=\"callout callout-warning\">\n<p class=\"callout-title\"></p>"),
        (
            "!!! tip \"建议\"\n    先备份。\n",
            "<div class=\"callout callout-tip\">\n<p class=\"callout-title\">建议</p>",
        ),
        ("??? note \"展开\"\n    隐藏内容\n", "<details class=\"callout callout-note\">\n<summary>展开</summary>"),
        (
            "::: tip 提示\n**粗体**内容\n:::\n",
            "<div class=\"callout callout-tip\">\n<p class=\"callout-title\">提示</p>",
        ),
        (":::danger[`.env` 文件]\nx\n:::\n", "<p class=\"callout-title\"><code>.env</code> 文件</p>"),
        (
            "::: details 点击查看\n内容\n:::\n",
            "<details class=\"callout callout-details\">\n<summary>点击查看</summary>",
        ),
    ];
    for (input, want) in table {
        let r = md(input);
        assert!(r.html.contains(want), "{input:?} → {}", r.html);
        assert_eq!(r.html.matches("<div").count() + r.html.matches("<details").count(), 1, "{}", r.html);
        assert_eq!(r.html.matches("</div>").count() + r.html.matches("</details>").count(), 1, "{}", r.html);
        assert!(!r.html.contains(":::") && !r.html.contains("!!!") && !r.html.contains("[!"), "{}", r.html);
    }
    let r = md("::: tip 提示\n**粗体**内容\n:::\n");
    assert!(r.html.contains("<p><strong>粗体</strong>内容</p>"), "Markdown inside is Markdown: {}", r.html);
    assert!(r.text.contains("提示\n粗体内容"), "{:?}", r.text);
}

#[test]
fn other_tools_syntax_is_removed_with_one_warning_per_kind() {
    let body = "正文\n\n{{< copyable \"sql\" >}}\n\n```sql\nSELECT 1;\n```\n\n{{< copyable \"\" >}}\n\n在 {{{ .starter }}} 中\n\n<SimpleTab>\n\n内容\n\n</SimpleTab>\n";
    let (r, problems) = md_with_problems(body);
    assert!(!r.html.contains("{{") && !r.html.contains("SimpleTab"), "{}", r.html);
    assert!(r.html.contains("SELECT 1;") && r.html.contains("<p>内容</p>"), "{}", r.html);
    let warnings: Vec<(Option<usize>, Option<&str>)> =
        problems.warnings.iter().map(|w| (w.line, w.group.as_deref())).collect();
    assert_eq!(
        warnings,
        [
            (Some(6), Some("Hugo shortcodes removed")),
            (Some(14), Some("template variables removed")),
            (Some(16), Some("MDX/Vue components removed"))
        ]
    );
    assert!(problems.warnings[0].message.contains("and 1 more"), "{}", problems.warnings[0].message);
}

#[test]
fn text_inside_raw_html_is_text() {
    // (Scripts allowed: a script's text is no page text even then.)
    let body = "<table>\n<tr><td>资源管控</td><td>说明</td></tr>\n</table>\n\n段落<span>内联</span>。\n\n<script>var 脚本 = 1;</script>\n\n<!-- 注释 -->\n";
    let (r, _) = md_with(body, true);
    assert!(r.text.contains("资源管控\n说明"), "{:?}", r.text);
    assert!(r.text.contains("段落内联。"), "{:?}", r.text);
    assert!(!r.text.contains("脚本") && !r.text.contains("注释"), "{:?}", r.text);
    assert_eq!(r.stats.cjk_chars, 4 + 2 + 5, "{:?}", r.text);
}

#[test]
fn definition_lists() {
    let r = md("术语\n: 定义\n");
    assert!(
        r.html.contains("<dl>") && r.html.contains("<dt>术语</dt>") && r.html.contains("<dd>定义</dd>"),
        "{}",
        r.html
    );
}

#[test]
fn a_heading_with_ascii_punctuation_answers_to_its_vitepress_id_too() {
    let r = md("## server.port\n\n## 一、主要做法\n");
    assert!(r.ids.contains("serverport") && r.ids.contains("server-port"), "{:?}", r.ids);
    assert!(r.html.contains("<h2 id=\"serverport\"><a id=\"server-port\"></a>server.port</h2>"), "{}", r.html);
    assert!(
        r.html.contains("<h2 id=\"一主要做法\">一、主要做法</h2>"),
        "no second anchor without ASCII punctuation: {}",
        r.html
    );
}

#[test]
fn an_unfinished_tag_does_not_hide_the_next_blocks_text() {
    let r = md("<div>1 <b title=\"x\n\n<p>后面的文字</p>\n");
    assert!(r.text.contains("后面的文字"), "{:?}", r.text);
}

#[test]
fn a_nested_list_does_not_run_into_its_items_text() {
    let r = md("- v7.0\n  - 7.0.0-DMR\n- 下一项\n");
    assert!(!r.text.contains("v7.07.0"), "{:?}", r.text);
    assert!(r.text.contains("v7.0\n7.0.0-DMR"), "{:?}", r.text);
}

#[test]
fn scripts_in_markdown_are_removed_with_a_warning_at_their_line() {
    let table: &[(&str, &str, &[usize])] = &[
        ("前文\n\n<script>\nalert(1)\n</script>\n\n后文\n", "<p>前文</p>\n\n<p>后文</p>\n", &[3]),
        ("段落 <script>alert(1)</script> 接着\n", "<p>段落  接着</p>\n", &[1]),
        ("段落 <script>\nalert(1)\n</script> 接着\n\n下一段\n", "<p>段落  接着</p>\n<p>下一段</p>\n", &[1]),
        ("[点我](javascript:alert(1))\n", "<p><a>点我</a></p>\n", &[1]),
        ("[点我](JAVA&#x09;SCRIPT:alert(1))\n", "<p><a>点我</a></p>\n", &[1]),
        ("![图](javascript:alert(1))\n", "<p><img src=\"\" alt=\"图\" /></p>\n", &[1]),
        ("[参考][x]\n\n[x]: javascript:alert(1)\n", "<p><a>参考</a></p>\n", &[1]),
        ("<javascript:alert(1)>\n", "<p><a>javascript:alert(1)</a></p>\n", &[1]),
        ("文字 <b onclick=\"x()\">粗</b>\n", "<p>文字 <b>粗</b></p>\n", &[1]),
        ("<div>\n<img src=\"a.png\"\n  onerror=\"x()\">\n</div>\n", "<div>\n<img src=\"a.png\">\n</div>\n", &[3]),
        ("## 标题 <script>x()</script>\n", "<h2 id=\"标题\">标题 </h2>\n", &[1]),
        ("## 标题 <script>x()\n\n正文\n", "<h2 id=\"标题\">标题 </h2>\n<p>正文</p>\n", &[1]),
    ];
    for (body, want, lines) in table {
        let (r, problems) = md_with(body, false);
        assert_eq!(&r.html, want, "{body:?}");
        let got: Vec<usize> = problems.warnings.iter().filter_map(|w| w.line).collect();
        assert_eq!(&got, lines, "{body:?}: {problems:?}");
        assert!(problems.warnings.iter().all(|w| w.group.as_deref() == Some(crate::diagnostics::SCRIPT)));
        // A script's text is no page text (an autolink's text is, shown as written).
        if !want.contains("alert") {
            assert!(!r.text.contains("alert") && !r.text.contains("x()"), "{body:?}: {:?}", r.text);
        }
        let (kept, problems) = md_with(body, true);
        assert!(problems.warnings.is_empty(), "{body:?}: allowed, no warning");
        let lower = kept.html.to_ascii_lowercase();
        assert!(lower.contains("script") || lower.contains("onclick") || lower.contains("onerror"), "{body:?}: kept");
    }
}

#[test]
fn live_preview_keeps_a_body_s_html_and_text_deflated_and_reads_them_back_whole() {
    let mut r = md("# 第一章\n\n学习贯彻《条例》的**具体要求**。\n");
    let (html, text) = (r.html.clone(), r.text.clone());
    r.set_aside(&crate::output::Spill::in_memory()).unwrap();
    assert!(r.html.is_empty() && r.text.is_empty(), "neither is kept as it is");
    assert_eq!((r.html().unwrap().into_owned(), r.text().unwrap().into_owned()), (html, text));
}
