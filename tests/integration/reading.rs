//! The reading layout as a reader sees it in headless Chromium, from
//! file://: a compact header that stays on a phone, with a menu button; the
//! table of contents collapsed on a phone and beside the text on a wide
//! screen, following the reader; a ¶ link on every heading.

use crate::browser::Browser;
use serde_json::json;

/// The long document of the sample (87 headings, 19,484 characters).
const LONG: &str = "plan/wangluo/wang-luo-yi-shi-xing-tai-fang-an-pian-si.html";
/// The most a phone's header may take of the screen, in CSS pixels.
const PHONE_HEADER_MAX: f64 = 56.0;

#[test]
fn on_a_phone_the_header_is_one_short_row_and_the_long_contents_are_collapsed() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.resize(390, 844);
    b.goto(&format!("file://{}", out.join(LONG).display()));
    b.wait_for("return document.querySelector('.menu-button') && getComputedStyle(document.querySelector('.menu-button')).display !== 'none'");
    let width = b.run("return window.innerWidth", json!([])).as_f64().unwrap();
    assert!(width <= 400.0, "the window is a phone's: {width}");

    let header = b
        .run("return document.querySelector('.site-header').getBoundingClientRect().height", json!([]))
        .as_f64()
        .unwrap();
    assert!(header <= PHONE_HEADER_MAX, "the header is {header} px tall on a phone");
    let nav_shown = "return document.querySelector('.site-nav').getBoundingClientRect().height > 0";
    assert_eq!(b.run(nav_shown, json!([])), json!(false), "the navigation waits behind the menu button");
    b.click(&b.find(".menu-button"));
    assert_eq!(b.run(nav_shown, json!([])), json!(true), "the menu button shows the navigation");
    assert_eq!(
        b.run("return document.querySelector('.menu-button').getAttribute('aria-expanded')", json!([])),
        json!("true")
    );
    b.click(&b.find(".menu-button"));

    assert_eq!(
        b.run("return document.querySelector('.toc-details').open", json!([])),
        json!(false),
        "a long TOC starts closed"
    );
    let first =
        b.run("return document.querySelector('.doc-body p').getBoundingClientRect().top", json!([])).as_f64().unwrap();
    assert!(first < 844.0, "the text starts on the first screen, at {first} px");
    b.click(&b.find(".toc summary"));
    assert_eq!(
        b.run("return document.querySelector('.toc-details').open", json!([])),
        json!(true),
        "the TOC opens on demand"
    );

    b.run("window.scrollTo(0, 8000)", json!([]));
    let top = "return document.querySelector('.site-header').getBoundingClientRect().top";
    b.wait_for("return !document.querySelector('.back-to-top').hidden");
    assert_eq!(b.run(top, json!([])).as_f64(), Some(0.0), "the header stays at the top");
    b.click(&b.find(".back-to-top"));
    b.wait_for("return window.scrollY === 0");
}

#[test]
fn on_a_wide_screen_the_contents_stay_beside_the_text_and_mark_the_section_read() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.resize(1280, 900);
    b.goto(&format!("file://{}", out.join(LONG).display()));
    b.wait_for("return document.querySelector('.toc.toc-side')");
    assert_eq!(b.run("return document.querySelector('.toc-details').open", json!([])), json!(true));
    let beside = "var t = document.querySelector('.toc').getBoundingClientRect(), p = document.querySelector('.doc-body p').getBoundingClientRect(); return t.left >= p.right";
    assert_eq!(b.run(beside, json!([])), json!(true), "the TOC is to the right of the text");

    let heading = b.run("var h = document.querySelectorAll('.doc-body h2[id], .doc-body h3[id]')[10]; window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 80); return h.id", json!([]));
    let marked = b.wait_for("var c = document.querySelector('.toc a[aria-current]'); return c && decodeURIComponent(c.getAttribute('href').slice(1))");
    assert_eq!(marked, heading, "the TOC marks the section in view");
    let in_view = "var t = document.querySelector('.toc').getBoundingClientRect(); return t.top >= 0 && t.top < 200";
    assert_eq!(b.run(in_view, json!([])), json!(true), "the TOC follows the reader");
    let link = b.run("var c = document.querySelector('.toc a[aria-current]'), r = c.getBoundingClientRect(), box = document.querySelector('.toc ol').getBoundingClientRect(); return r.top >= box.top && r.bottom <= box.bottom", json!([]));
    assert_eq!(link, json!(true), "the marked entry is visible inside the TOC");

    let pilcrows = b.run("return [document.querySelectorAll('.doc-body :is(h2,h3,h4,h5,h6)[id]').length, document.querySelectorAll('.doc-body a.heading-link').length]", json!([]));
    assert_eq!(pilcrows[0], pilcrows[1], "every heading has its ¶ link: {pilcrows}");
    assert_eq!(b.count(".print-button:not([hidden])"), 1, "a document has a print button");
}

#[test]
fn meta_labels_never_break_inside_a_word() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    for width in [390, 1280] {
        b.resize(width, 900);
        b.goto(&format!("file://{}", out.join(LONG).display()));
        // A label on one line is as tall as one line of its text.
        let lines = b.run(
            "return Array.from(document.querySelectorAll('.doc-meta dt, .doc-meta a')).map(e => { var r = e.getClientRects(); return [e.textContent, r.length, Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))]; }).filter(x => x[1] !== 1 || x[2] > 1)",
            json!([]),
        );
        assert_eq!(lines, json!([]), "labels and links broken across lines at {width} px");
    }
}

/// The contrast of two CSS colours (`rgb(…)`), as WCAG defines it.
const CONTRAST: &str = "function lum(c) { var v = c.match(/[\\d.]+/g).slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
  function contrast(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }";

#[test]
fn the_focus_ring_stands_out_on_light_and_dark_backgrounds() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    for scheme in ["light", "dark"] {
        b.color_scheme(scheme);
        b.goto(&format!("file://{}", out.join("index.html").display()));
        let ratio = b.run(
            &format!("{CONTRAST}; var a = document.querySelector('.site-title'); a.focus(); var s = getComputedStyle(a); return s.outlineStyle === 'solid' && contrast(s.outlineColor, getComputedStyle(document.body).backgroundColor);"),
            json!([]),
        );
        let ratio = ratio.as_f64().unwrap_or_else(|| panic!("no focus ring on the focused link: {ratio}"));
        assert!(ratio >= 3.0, "the focus ring is {ratio:.2}:1 against the {scheme} background");
    }
}

#[test]
fn plan_checkboxes_are_big_enough_to_tap_and_my_study_bars_line_up() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.resize(390, 844);
    b.goto(&format!("file://{}", out.join("plans/wang-luo-yi-shi-xing-tai.html").display()));
    let sizes = b.run(
        "return Array.from(document.querySelectorAll('.plan input[type=checkbox]')).map(c => { var r = c.getBoundingClientRect(); return Math.min(r.width, r.height); })",
        json!([]),
    );
    let sizes: Vec<f64> = serde_json::from_value(sizes).unwrap();
    assert!(!sizes.is_empty() && sizes.iter().all(|&s| s >= 24.0), "checkboxes of {sizes:?} px");
    let file =
        b.run("var i = document.querySelector('.progress-import'); return getComputedStyle(i).opacity", json!([]));
    assert_eq!(file, json!("0"), "the raw file input hides behind its styled label");

    b.resize(1280, 900);
    b.goto(&format!("file://{}", out.join("mine.html").display()));
    let lefts = b.run("return Array.from(document.querySelectorAll('.plan-summary progress')).map(p => Math.round(p.getBoundingClientRect().left))", json!([]));
    let lefts: Vec<i64> = serde_json::from_value(lefts).unwrap();
    assert!(lefts.len() > 1 && lefts.iter().all(|&l| l == lefts[0]), "the progress bars start at {lefts:?}");
}

#[test]
fn each_reading_of_a_print_pack_names_its_issuer_and_date() {
    let (_tmp, out) = crate::sample::build_sample();
    let pack = std::fs::read_to_string(out.join("plans/bao-mi-gong-zuo-print.html")).unwrap();
    let meta =
        pack.split("<p class=\"print-doc-meta\">").nth(1).unwrap_or_else(|| panic!("no meta line in the print pack"));
    let meta = &meta[..meta.find("</p>").unwrap()];
    assert!(meta.contains("全国人民代表大会常务委员会") && meta.contains("2024-02-27"), "{meta}");
}
