//! A page's own scripts do not run: `<script>`, `on…=` attributes and
//! `javascript:` URLs, in raw HTML blocks, inline HTML and Markdown links,
//! are removed from the built pages, each with a warning at file:line, shown
//! as one line with a count; `allow_scripts: true` keeps them. Each payload
//! of the fixture bumps `window.__xss`, so a browser shows whether any ran.

use crate::browser::Browser;
use crate::site::TestSite;
use regex::Regex;
use serde_json::json;

/// Every HTML file of the output: (path, text).
fn pages(site: &TestSite) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().display().to_string(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// What in `html` could run: script tags other than the theme's own
/// (`<script src="…static/…" defer>`, the study record's `plans/catalog.js`,
/// and base.html's one line that sets the reader's text size before the page
/// is drawn), event attributes in tags, and `javascript:` anywhere.
fn what_runs(html: &str) -> Vec<String> {
    let script = Regex::new(r#"(?i)<script\b[^>]*>"#).unwrap();
    let theme = Regex::new(
        r#"^(<script src="(\.\./)*(static/[a-z]+|plans/catalog)\.js\?v=[0-9a-f]+" defer>|<script id="shuyuan-text-size">)$"#,
    )
    .unwrap();
    let tag = Regex::new(r#"<[a-zA-Z][^>]*>"#).unwrap();
    let handler = Regex::new(r#"(?i)[\s/"']on[a-z]+\s*="#).unwrap();
    let mut found: Vec<String> =
        script.find_iter(html).map(|m| m.as_str().to_string()).filter(|s| !theme.is_match(s)).collect();
    found.extend(tag.find_iter(html).map(|m| m.as_str()).filter(|t| handler.is_match(t)).map(str::to_string));
    if html.to_ascii_lowercase().contains("javascript:") {
        found.push("javascript:".into());
    }
    found
}

#[test]
fn a_page_copied_from_the_web_runs_no_script_of_its_own() {
    let site = TestSite::fixture("scripts");
    let o = site.build_ok();
    for (path, html) in pages(&site) {
        let mut runs = what_runs(&html);
        // 404.html's one inline script is the theme's: it finds the site root
        // when a server shows the page at any depth.
        if path.ends_with("404.html") {
            runs.retain(|r| r != "<script>");
        }
        assert!(runs.is_empty(), "{path}: {runs:?}");
    }
    // The text around what was removed stays.
    let page = site.read("copied.html");
    for text in
        ["正文第一段", "正文第二段，紧接着的文字", "分享到微信", "点击下载", "附件说明", "打印本页", "最后一段正文"]
    {
        assert!(page.contains(text), "{text} is kept");
    }
    assert!(page.contains(r#"<img src="missing.png" alt="图">"#), "the picture stays, without its onerror");
    // One line for the family, with its count and first places.
    let line = o.stderr.lines().find(|l| l.contains("script in a page")).unwrap_or_else(|| panic!("{}", o.stderr));
    assert!(line.contains("12 times") && line.contains("content/copied.md:7"), "{line}");
    // --verbose: each at its line.
    let o = site.build(&["--verbose"]);
    for (line, what) in [
        (7, "`<script>`"),
        (11, "`<script>`"),
        (13, "`onclick=`"),
        (13, "URL in `href`"),
        (15, "`onerror=`"),
        (18, "URL in `href`"),
        (19, "URL in `href`"),
        (22, "`onload=`"),
        (24, "URL in `src`"),
        (26, "`ontoggle=`"),
        (28, "a link to a `javascript:` URL"),
    ] {
        let place = format!("content/copied.md:{line}: ");
        assert!(o.stderr.lines().any(|l| l.contains(&place) && l.contains(what)), "{place}{what}:\n{}", o.stderr);
    }
    // VitePress's <script setup> is still removed as a component, not as a script.
    assert!(o.stderr.contains("`<script setup>` removed"), "{}", o.stderr);
}

#[test]
fn allow_scripts_keeps_a_pages_scripts() {
    let site = TestSite::fixture("scripts");
    site.write("site.yaml", "title: 脚本测试\nallow_scripts: true\n");
    let o = site.build_ok();
    assert!(!o.stderr.contains("script in a page"), "{}", o.stderr);
    let page = site.read("copied.html");
    let runs = what_runs(&page);
    assert!(runs.iter().any(|r| r.starts_with("<script>")), "{runs:?}");
    assert!(runs.iter().any(|r| r.contains("onclick=")), "{runs:?}");
    assert!(runs.contains(&"javascript:".to_string()), "{runs:?}");
}

/// What ran in a browser that opened the page: the count the payloads keep.
fn ran(b: &Browser, site: &TestSite) -> serde_json::Value {
    b.goto(&format!("file://{}", site.public().join("copied.html").display()));
    // Events a reader would cause: hover, toggle, the links followed.
    b.run(
        "document.querySelectorAll('a, div, svg, details').forEach(function (e) {
           e.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
           if (e.tagName === 'A' && (e.getAttribute('href') || '').indexOf('javascript') >= 0) e.click();
         });",
        json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    b.run("return window.__xss || 0", json!([]))
}

#[test]
fn no_payload_runs_in_a_browser_unless_scripts_are_allowed() {
    let site = TestSite::fixture("scripts");
    site.build_ok();
    let Some(b) = Browser::start() else { return };
    assert_eq!(ran(&b, &site), json!(0));
    site.write("site.yaml", "title: 脚本测试\nallow_scripts: true\n");
    site.build_ok();
    let count = ran(&b, &site).as_u64().unwrap_or(0);
    assert!(count > 0, "the same page with scripts allowed runs them");
}
