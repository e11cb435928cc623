use super::links::{LinkContext, Targets};
use super::*;
use std::path::Path;

fn md(body: &str) -> Rendered {
    let mut t = Targets::default();
    t.add_page("rule/r.md", "rule/r.html");
    let ctx = LinkContext { path: Path::new("a.md"), dir: "", body_line: 1, root: "", targets: &t };
    let (r, problems) = render(body, &ctx);
    assert!(problems.errors.is_empty() && problems.warnings.is_empty(), "{problems:?}");
    r
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
    assert!(r.html.contains("<p id=\"第一条\">"), "{}", r.html);
    assert!(r.ids.contains("第二条"));
    assert!(r.ids.contains("第十二条"));
    assert_eq!(article_id("第三十条 x"), Some("第三十条".into()));
    assert_eq!(article_id("第一章"), None);
    assert_eq!(article_id("第条"), None);
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
    let ctx = LinkContext { path: Path::new("a.md"), dir: "", body_line: 5, root: "", targets: &t };
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
    let ctx = LinkContext { path: Path::new("a.md"), dir: "", body_line: 3, root: "", targets: &t };
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
