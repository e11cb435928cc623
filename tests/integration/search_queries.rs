//! No query breaks search: about a thousand generated queries (punctuation,
//! emoji, one-character words, mixed scripts, quotes, minus signs, very long
//! strings, joiners, full-width forms) through the engine's own entry point
//! in headless Chromium over the sample library, then a few dozen through
//! search.html?q= itself: no exception, no "could not be loaded", the
//! results rendered.

use crate::browser::Browser;
use crate::sample::build_sample;
use crate::search::{page_texts, Lcg, LOAD_ENGINE};
use serde_json::{json, Value};
use shuyuan::search::normalize::{normalize, terms};
use std::collections::BTreeSet;

/// Pieces a query is made of besides the sample's own text.
const ODD: &[&str] = &[
    "-",
    "--",
    "-\"",
    "\"",
    "\"\"",
    "“",
    "”",
    "＂",
    "'",
    "`",
    "_",
    ".",
    "..",
    "/",
    ":",
    "::",
    "\\",
    "*",
    "?",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "<",
    ">",
    "&",
    "#",
    "%",
    "%E6",
    "+",
    "=",
    "|",
    "~",
    "^",
    "$",
    "@",
    "!",
    "，",
    "。",
    "、",
    "；",
    "：",
    "？",
    "！",
    "（",
    "）",
    "《",
    "》",
    "【",
    "】",
    "—",
    "……",
    "·",
    "－",
    "＿",
    "．",
    "／",
    "：",
    "Ａ",
    "ｅ－ｍａｉｌ",
    "１０：３０",
    "Ｖ８．０．０",
    "😀",
    "👨‍👩‍👧",
    "🇨🇳",
    "❤️",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{301}",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "Ⅻ",
    "①",
    "²",
    "ㄅ",
    "한국어",
    "日本語",
    "кириллица",
    "عربى",
    "עברית",
    "ไทย",
    "𠀀",
    "𪚥",
    "\u{0}",
    "\t",
    "\n",
    " ",
    "\u{3000}",
    "\u{a0}",
    "e-mail",
    "法",
    "国",
    "a",
    "1",
    "v8.0.0",
    "2020-05-14",
    "国务院-北京",
    "a/b",
    "10:30",
    "tidb_enable",
    "_a",
    "a_",
    "-法",
    "法-",
    "-国务院",
    "\"国务院",
    "国务院\"",
    "意识形态-",
    "—意识形态",
    "学习.",
    ".学习",
];

/// ~1,000 queries, the same each run: text of the sample cut anywhere and
/// mixed with [`ODD`] pieces, plus the queries reported broken and a few
/// very long ones.
fn generated_queries(texts: &[(String, String)], count: usize) -> Vec<String> {
    let mut rng = Lcg(14);
    let chars: Vec<char> = texts.iter().flat_map(|(t, x)| t.chars().chain(x.chars())).collect();
    let cut = |rng: &mut Lcg, max: usize| -> String {
        let len = 1 + rng.below(max);
        let start = rng.below(chars.len() - len);
        chars[start..start + len].iter().collect()
    };
    let mut out: Vec<String> =
        ["法 国务院北京", "e-mail", "法 e-mail", "国务院北京 法 a", "\"法\" 国务院北京", "-法 国务院北京"]
            .iter()
            .map(|q| q.to_string())
            .collect();
    out.push(cut(&mut rng, 1).repeat(3000));
    out.push("意识形态".repeat(500));
    out.push(ODD.concat().repeat(20));
    out.push(chars.iter().take(4000).collect());
    while out.len() < count {
        let mut q = String::new();
        for _ in 0..1 + rng.below(5) {
            match rng.below(6) {
                0 | 1 => q.push_str(&cut(&mut rng, 8)),
                2 => q.push_str(ODD[rng.below(ODD.len())]),
                3 => q.push(' '),
                4 => q.push_str(&cut(&mut rng, 1)),
                _ => {
                    q.push_str(ODD[rng.below(ODD.len())]);
                    q.push_str(&cut(&mut rng, 4));
                }
            }
        }
        out.push(q);
    }
    out
}

/// Runs every query through `__shuyuan.search`, then describes its first
/// hits as the header box does; collects what threw, per query.
const RUN_ALL: &str = "
    var done = arguments[arguments.length - 1];
    var qs = arguments[0], errors = [], found = 0, S = window.__shuyuan;
    window.addEventListener('error', function (e) { errors.push({ q: null, e: String(e.message) }); });
    (function next(i) {
      if (i === qs.length) return done({ errors: errors, found: found });
      var q = qs[i];
      Promise.resolve().then(function () { return S.search(q, 6); }).then(function (r) {
        if (r.hits.length) found++;
        var words = [];
        r.terms.forEach(function (t) { if (!t.exclude) words = words.concat(t.words.length > 1 ? [t.words.join(' ')] : t.words); });
        return Promise.all(r.hits.slice(0, 3).map(function (h) { return S.describe(h, words); }));
      }).then(function () { next(i + 1); }, function (e) {
        errors.push({ q: q, e: String(e && e.stack || e) });
        next(i + 1);
      });
    })(0);";

#[test]
fn no_generated_query_breaks_search() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(&out);
    let queries = generated_queries(&texts, 1000);
    b.goto(&format!("file://{}", out.join("search.html").display()));
    b.run_async(LOAD_ENGINE, json!([]));
    let started = std::time::Instant::now();
    let r = b.run_async(RUN_ALL, json!([queries]));
    let errors = r["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{} of {} queries threw:\n{}", errors.len(), queries.len(), pretty(errors));
    let found = r["found"].as_u64().unwrap();
    assert!(found > 100, "most queries hold the sample's text and find something: {found}");
    eprintln!("{} queries, {found} with results, in {:.1} s", queries.len(), started.elapsed().as_secs_f64());
}

#[test]
fn no_query_in_the_url_breaks_the_search_page() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(&out);
    let mut queries = generated_queries(&texts, 40);
    queries.truncate(40);
    for q in &queries {
        let url = format!("file://{}?q={}", out.join("search.html").display(), percent(q));
        b.goto(&url);
        // Settled: the status says something other than "searching", and no result is still loading.
        // (A blank query searches nothing.)
        let settled = "if (!(new URLSearchParams(location.search).get('q') || '').trim()) return 'blank';
            var s = document.getElementById('search-status').textContent;
            return s && s.indexOf('正在搜索') < 0 && !document.querySelector('#search-results li.loading') && s;";
        let status = b.wait_for(settled);
        let status = status.as_str().unwrap_or_default();
        assert!(!status.contains("无法加载"), "{q:?}: {status}");
        let list = b.run("return !!document.getElementById('search-results')", json!([]));
        assert_eq!(list, json!(true), "{q:?}: the results element is rendered");
    }
}

fn percent(q: &str) -> String {
    q.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn pretty(errors: &[Value]) -> String {
    let short = |q: &Value| q.as_str().map(|q| q.chars().take(60).collect::<String>());
    errors.iter().take(20).map(|e| format!("{:?}: {}", short(&e["q"]), e["e"])).collect::<Vec<_>>().join("\n")
}

/// The pages whose normalised text (title and body) holds every one of `parts`.
fn holding(texts: &[String], parts: &[String]) -> BTreeSet<u64> {
    (0..texts.len() as u64).filter(|&i| parts.iter().all(|p| texts[i as usize].contains(p.as_str()))).collect()
}

/// The shape reported broken (法 国务院北京): a one-character word beside a
/// word with no exact match, so that the looser tier runs; that tier finds
/// the pages holding the character and every bigram of the other word (it
/// found none, and before that threw).
#[test]
fn a_one_character_word_beside_a_loosely_matched_word_finds_pages() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts: Vec<String> =
        page_texts(&out).iter().map(|(t, x)| normalize(&format!("{t}\n{x}")).into_iter().collect()).collect();
    let bigrams = |w: &str| -> Vec<String> {
        let c: Vec<char> = w.chars().collect();
        c.windows(2).map(|p| p.iter().collect()).collect()
    };
    // Two words of the sample run together: no page holds them so, some holds every bigram.
    let words: Vec<String> = texts.iter().flat_map(|x| terms(x)).filter(|w| w.chars().count() == 2).collect();
    let loose = words
        .iter()
        .zip(words.iter().skip(7))
        .map(|(a, b)| format!("{a}{b}"))
        .find(|w| holding(&texts, std::slice::from_ref(w)).is_empty() && !holding(&texts, &bigrams(w)).is_empty())
        .expect("a loosely matched word");
    let mut queries = Vec::new();
    let mut want = Vec::new();
    for single in ["法", "的", "工"] {
        let mut parts = bigrams(&loose);
        parts.push(single.to_string());
        queries.push(format!("{single} {loose}"));
        want.push(holding(&texts, &parts));
    }
    // e-mail's shape: a joined word whose one-character part must occur too.
    let joined = format!("法-{loose}");
    let mut parts = bigrams(&loose);
    parts.push("法".into());
    queries.push(joined);
    want.push(holding(&texts, &parts));
    assert!(want.iter().any(|w| !w.is_empty()), "{loose}: {want:?}");
    b.goto(&format!("file://{}", out.join("search.html").display()));
    b.run_async(LOAD_ENGINE, json!([]));
    let results = b.run_async(crate::search::RUN_QUERIES, json!([queries]));
    assert!(results.get("error").is_none(), "{results}");
    for ((q, want), r) in queries.iter().zip(&want).zip(results.as_array().unwrap()) {
        let got: BTreeSet<u64> = r["pages"].as_array().unwrap().iter().map(|p| p.as_u64().unwrap()).collect();
        assert_eq!(&got, want, "{q}");
        assert_eq!(r["loose"], json!(true), "{q}");
    }
}
