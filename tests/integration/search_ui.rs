//! The search interface as a reader uses it in headless Chromium, from
//! file://: the header's instant results (wide enough to read, 查看全部结果 in
//! sight, ↑↓ Enter and Esc), results that lead to the page with the query
//! marked, filters kept in the address, a search page that does not move as
//! its results arrive; and axe-core over every page type, light and dark.

use crate::browser::Browser;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

const QUERY: &str = "意识形态";
/// The widest the header's results grow, in CSS pixels (35rem).
const DROPDOWN_MAX: f64 = 560.0;

fn file_url(out: &Path, page: &str) -> String {
    format!("file://{}", out.join(page).display())
}

/// Types the query into the header's box and waits for its list.
fn open_dropdown(b: &Browser, out: &Path) {
    b.goto(&file_url(out, "index.html"));
    let input = b.find("#site-search-input");
    b.click(&input);
    b.type_text(&input, QUERY);
    b.wait_for("return !document.getElementById('site-search-list').hidden");
}

#[test]
fn header_results_are_wide_enough_with_see_all_in_sight() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.resize(1280, 900);
    open_dropdown(&b, &out);
    let m = b.run(
        "var l = document.getElementById('site-search-list').getBoundingClientRect();
         var box = document.getElementById('site-search-input').getBoundingClientRect();
         var all = document.querySelector('#site-search-list .see-all').getBoundingClientRect();
         return { width: l.width, box: box.width, right: l.right, window: document.documentElement.clientWidth,
                  seeAll: all.top >= l.top && all.bottom <= l.bottom + 1 && all.bottom <= innerHeight };",
        json!([]),
    );
    let width = m["width"].as_f64().unwrap();
    assert!(width >= m["box"].as_f64().unwrap(), "the list is at least as wide as the box: {m}");
    assert!(width > 500.0 && width <= DROPDOWN_MAX + 1.0, "the list is about 35 characters wide: {m}");
    assert!(m["right"].as_f64().unwrap() <= m["window"].as_f64().unwrap(), "the list stays inside the window: {m}");
    assert_eq!(m["seeAll"], json!(true), "查看全部结果 is in sight without scrolling the list: {m}");
    let hrefs =
        b.run("return Array.from(document.querySelectorAll('#site-search-list a')).map(a => a.href)", json!([]));
    let hrefs = hrefs.as_array().unwrap();
    assert!(hrefs.len() >= 2);
    for h in hrefs {
        assert!(h.as_str().unwrap().contains("?q="), "each result carries the query: {h}");
    }

    b.resize(390, 844);
    b.goto(&file_url(&out, "index.html"));
    b.click(&b.find(".menu-button"));
    let input = b.find("#site-search-input");
    b.click(&input);
    b.type_text(&input, QUERY);
    b.wait_for("return !document.getElementById('site-search-list').hidden");
    let fits = b.run(
        "var l = document.getElementById('site-search-list').getBoundingClientRect();
         var all = document.querySelector('#site-search-list .see-all').getBoundingClientRect();
         return l.left >= 0 && l.right <= document.documentElement.clientWidth && all.bottom <= l.bottom + 1 && all.bottom <= innerHeight;",
        json!([]),
    );
    assert_eq!(fits, json!(true), "on a phone the list fits the screen with 查看全部结果 in sight");
}

#[test]
fn header_results_follow_arrow_keys_and_enter_and_esc_keeps_the_query() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    open_dropdown(&b, &out);
    let selected = "var o = document.querySelector('#site-search-list [aria-selected=true]');
        return o ? [o.id, document.getElementById('site-search-input').getAttribute('aria-activedescendant')] : null";
    b.press("\u{E015}"); // ↓
    let first = b.run(selected, json!([]));
    assert_eq!(first, json!(["site-search-option-0", "site-search-option-0"]));
    b.press("\u{E015}");
    b.press("\u{E013}"); // ↑
    assert_eq!(b.run(selected, json!([])), first, "↑ goes back to the first result");
    b.press("\u{E013}");
    assert_eq!(
        b.run(selected, json!([]))[0],
        json!("site-search-option-all"),
        "↑ from the first wraps to 查看全部结果"
    );

    b.press("\u{E00C}"); // Esc
    let state = "var i = document.getElementById('site-search-input');
        return [document.getElementById('site-search-list').hidden, i.value, document.activeElement === i]";
    assert_eq!(
        b.run(state, json!([])),
        json!([true, QUERY, true]),
        "Esc closes the list, keeps the query and the focus"
    );
    b.press("\u{E00C}");
    assert_eq!(b.run(state, json!([])), json!([true, "", true]), "a second Esc clears the query");

    let input = b.find("#site-search-input");
    b.type_text(&input, QUERY);
    b.wait_for("return !document.getElementById('site-search-list').hidden");
    let href = b.run("return document.getElementById('site-search-option-0').href", json!([]));
    b.press("\u{E015}");
    b.press("\u{E007}"); // Enter
    b.wait_for(&format!("return location.href === {href}"));
    b.wait_for("return document.querySelector('mark.search-hit')");
}

#[test]
fn a_result_title_opens_its_page_with_the_query_marked_and_in_view() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("{}?q={}", file_url(&out, "search.html"), QUERY));
    let title = b.find_when("#search-results .result-title");
    let href = b.run("return document.querySelector('#search-results .result-title').href", json!([]));
    assert!(href.as_str().unwrap().contains("?q="), "the title carries the query: {href}");
    b.click(&title);
    b.wait_for("return document.querySelector('mark.search-current')");
    let in_view = "var r = document.querySelector('mark.search-current').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight";
    b.wait_for(in_view);
}

#[test]
fn search_filters_live_in_the_address_and_back_restores_them() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    let base = file_url(&out, "search.html");
    b.goto(&format!("{base}?q={QUERY}"));
    b.find_when("#search-results .result");
    let all =
        b.wait_for("return document.querySelector('#search-status .count').textContent").as_str().unwrap().to_string();

    b.goto(&format!("{base}?q={QUERY}&kind=study"));
    b.wait_for("var s = document.querySelector('select[name=kind]'); return s && s.value !== ''");
    let kinds = "return Array.from(document.querySelectorAll('#search-results .result .badge:first-child')).map(b => b.textContent)";
    b.wait_for("return document.querySelectorAll('#search-results .result').length > 0");
    let shown = b.run(kinds, json!([]));
    assert!(shown.as_array().unwrap().iter().all(|k| k == "学习资料"), "kind=study shows study material only: {shown}");
    let ruled = b.run("return document.querySelector('#search-status .count').textContent", json!([]));
    assert_ne!(ruled, json!(all), "the filter from the address applies");

    // Choosing a year puts it in the address; Back takes it out again.
    let chose = b.run(
        "var s = document.querySelector('select[name=year]'); if (s.options.length < 2) return null;
         s.value = s.options[1].value; s.dispatchEvent(new Event('change')); return s.value",
        json!([]),
    );
    let year = chose.as_str().expect("a year to choose").to_string();
    b.wait_for(&format!("return new URLSearchParams(location.search).get('year') === {}", json!(year)));
    assert!(b.url().contains("kind=study"), "the kind stays in the address: {}", b.url());
    b.back();
    b.wait_for("return !new URLSearchParams(location.search).get('year')");
    b.wait_for("var s = document.querySelector('select[name=year]'); return s && s.value === ''");
    assert_eq!(b.run("return document.querySelector('select[name=kind]').value", json!([])), json!("0"));
}

/// The page's layout shift so far, as Chromium reports it.
fn layout_shift(b: &Browser) -> f64 {
    b.run_async(
        "var done = arguments[arguments.length - 1], total = 0;
         new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { if (!e.hadRecentInput) total += e.value; }); })
           .observe({ type: 'layout-shift', buffered: true });
         setTimeout(function () { done(total); }, 100);",
        json!([]),
    )
    .as_f64()
    .unwrap()
}

#[test]
fn the_search_page_does_not_move_as_its_results_arrive() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    for (w, h) in [(1280, 900), (390, 844)] {
        b.resize(w, h);
        b.goto(&format!("{}?q={QUERY}", file_url(&out, "search.html")));
        b.wait_for("return document.querySelectorAll('#search-results .result.has-sections').length >= 2");
        std::thread::sleep(Duration::from_millis(1500));
        let cls = layout_shift(&b);
        assert!(cls < 0.01, "layout shift {cls} at {w} px (it was 0.197 at 1280 px and 0.496 at 390 px)");
    }
}

/// Every page type of the sample, with what to wait for before checking.
const PAGE_TYPES: &[(&str, &str, &str)] = &[
    ("home, its search list open", "index.html", "dropdown"),
    ("kind list", "kind/rule.html", ""),
    ("section", "plan/index.html", ""),
    ("topic", "topic/bao-mi-gong-zuo.html", ""),
    ("topics", "topics.html", ""),
    ("document", "plan/wangluo/wang-luo-yi-shi-xing-tai-fang-an-pian-si.html", ""),
    ("rule with banner", "rule/bao-shou-guo-jia-mi-mi-fa-2010.html", ""),
    ("plan", "plans/bao-mi-gong-zuo.html", ""),
    ("print pack", "plans/bao-mi-gong-zuo-print.html", ""),
    ("我的学习", "mine.html", ""),
    ("search with results", "search.html?q=意识形态", "#search-results .result.has-sections"),
    ("404", "404.html", ""),
    ("comparison", "compare/rule/bao-shou-guo-jia-mi-mi-fa-2024.html", ""),
];

/// axe-core's script, installed by .ci/run (`npm install --prefix .ci/node axe-core`).
fn axe_script() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/node/node_modules/axe-core/axe.min.js");
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install axe-core (.ci/run: npm install --prefix .ci/node axe-core)"
    );
    eprintln!("skipping the axe-core check: {} missing (npm install --prefix .ci/node axe-core)", path.display());
    None
}

#[test]
fn every_page_type_passes_axe_core_in_light_and_dark() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(axe) = axe_script() else { return };
    let axe = std::fs::read_to_string(axe).unwrap();
    let Some(b) = Browser::start() else { return };
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme);
        for (name, page, wait) in PAGE_TYPES {
            if *wait == "dropdown" {
                open_dropdown(&b, &out);
            } else {
                b.goto(&file_url(&out, page));
                if !wait.is_empty() {
                    b.find_when(wait);
                }
            }
            b.run(
                "var s = document.createElement('script'); s.textContent = arguments[0]; document.head.appendChild(s)",
                json!([axe]),
            );
            // heading-order is left to the content: a page's own Markdown may
            // go from ## to #### (the sample's long plan does); what the theme
            // generates may not, so only headings inside the text are excused.
            let v = b.run_async(
                "var done = arguments[arguments.length - 1];
                 axe.run().then(function (r) {
                   done(r.violations.map(function (v) {
                     var nodes = v.nodes.filter(function (n) {
                       var e = document.querySelector(n.target[0]);
                       return !(v.id === 'heading-order' && e && e.closest('.doc-body'));
                     });
                     return { id: v.id, nodes: nodes.map(function (n) { return n.target.join(' '); }) };
                   }).filter(function (v) { return v.nodes.length; }));
                 });",
                json!([]),
            );
            for violation in v.as_array().unwrap() {
                found.push(format!("{scheme} {name} ({page}): {violation}"));
            }
        }
    }
    assert!(found.is_empty(), "axe-core violations:\n{}", found.join("\n"));
}

#[test]
fn a_reader_chooses_a_larger_text_size_and_it_stays_from_page_to_page() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    let size = "return parseFloat(getComputedStyle(document.querySelector('.doc-body')).fontSize)";
    let pressed = "return document.querySelector('.text-size [aria-pressed=true]').getAttribute('data-size')";
    b.goto(&file_url(&out, "plan/wangluo/wang-luo-yi-shi-xing-tai-fang-an-pian-si.html"));
    b.find_when(".text-size:not([hidden])");
    let normal = b.run(size, json!([])).as_f64().unwrap();
    assert_eq!(b.run(pressed, json!([])), json!("0"));
    b.click(&b.find(".text-size button[data-size='2']"));
    let largest = b.run(size, json!([])).as_f64().unwrap();
    assert!(largest >= normal * 1.3, "A++ makes the text larger: {normal} → {largest}");

    b.goto(&file_url(&out, "rule/bao-shou-guo-jia-mi-mi-fa-2024.html"));
    b.find_when(".text-size:not([hidden])");
    assert_eq!(b.run(size, json!([])).as_f64().unwrap(), largest, "the size is remembered on the next page");
    assert_eq!(b.run(pressed, json!([])), json!("2"));
    b.click(&b.find(".text-size button[data-size='0']"));
    assert_eq!(b.run(size, json!([])).as_f64().unwrap(), normal);
}
