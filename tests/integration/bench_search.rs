//! Search benchmark, not a test: run by scripts/bench-search.sh with
//! SHUYUAN_BENCH_SITE pointing at a built large library. For sampled 2–4
//! character queries, opens search.html?q= from file:// in Chromium and
//! measures the bytes of index files each query loads and the query time
//! once everything is loaded.

use crate::browser::Browser;
use serde_json::json;
use std::path::{Path, PathBuf};

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
#[ignore = "benchmark: run scripts/bench-search.sh"]
fn bench_search() {
    let Some(site) = std::env::var_os("SHUYUAN_BENCH_SITE").map(PathBuf::from) else {
        panic!("set SHUYUAN_BENCH_SITE to a built site");
    };
    let count: usize = std::env::var("SHUYUAN_BENCH_QUERIES").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let b = Browser::start().expect("chromium and chromedriver");
    // Queries: 2–4 characters of Chinese text, sampled from pages spread over the library.
    let pages = crate::site::indexed_page_count(&site);
    let mut queries = Vec::new();
    let mut seed = 11u64;
    while queries.len() < count {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let page = (seed >> 33) as usize % pages;
        let text = crate::site::page_text(page, |f| std::fs::read(site.join("search").join(f)).unwrap());
        let js = format!("{}{}", text["x"], text["s"]);
        let chars: Vec<char> = js.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).collect();
        let len = 2 + (seed >> 20) as usize % 3;
        if chars.len() > len {
            let start = (seed >> 40) as usize % (chars.len() - len);
            queries.push(chars[start..start + len].iter().collect::<String>());
        }
    }
    let search = site.join("search.html");
    let statics: u64 =
        ["static/site.js", "static/search.js", "static/search-ui.js"].iter().map(|f| size(&site.join(f))).sum();
    // The Traditional table (t2s.js) is loaded with a query that needs it:
    // counted with that query, when it is.
    let before: u64 = statics + size(&site.join("search/index.js"));
    let mut bytes = Vec::new();
    let mut all_bytes = Vec::new();
    let mut times = Vec::new();
    let mut search_times = Vec::new();
    let mut results = Vec::new();
    let verbose = std::env::var_os("SHUYUAN_BENCH_VERBOSE").is_some();
    // The index files loaded in the open page, less the directory, and by folder.
    let loaded = |label: &str, script: &str| {
        let files = b.run(script, json!([]));
        let files: Vec<&str> = files.as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        let total: u64 = files.iter().filter(|f| **f != "index.js").map(|f| size(&site.join("search").join(f))).sum();
        if verbose {
            let mut by_dir: std::collections::BTreeMap<String, (usize, u64)> = Default::default();
            for f in &files {
                let e = by_dir.entry(f.split('/').next().unwrap_or(f).to_string()).or_default();
                e.0 += 1;
                e.1 += size(&site.join("search").join(f));
            }
            println!("{label}: {:.1} KB {by_dir:?}", total as f64 / 1024.0);
        }
        total as f64 / 1024.0
    };
    for q in &queries {
        // The search page, asked for the query once its scripts are there:
        // the index files it loaded when its first results were on screen
        // (when it first searches on into the next part, or, with nothing
        // left to search, at the end), and once it has searched every part.
        b.goto(&format!("file://{}", search.display()));
        b.wait_for("return !!(window.__shuyuan && window.__shuyuan.search && window.__shuyuan.ui)");
        b.run(
            "var S = window.__shuyuan, search = S.search;
             S.search = function (q, shown) {
               return search(q, shown).then(function (r) {
                 var more = r.more;
                 if (more) r.more = function () { if (!window.firstFiles) window.firstFiles = S.files(); return more(); };
                 return r;
               });
             };
             history.pushState(null, '', '?q=' + encodeURIComponent(arguments[0]));
             dispatchEvent(new PopStateEvent('popstate'));",
            json!([q]),
        );
        b.wait_for(
            "var s = document.querySelector('#search-status .count'); var r = document.querySelector('#search-results li.result'); return s && s.textContent.indexOf('继续搜索') < 0 && !document.querySelector('#search-results li.loading') && (!r || r.querySelector('.result-sections'))",
        );
        bytes.push(loaded(q, "return window.firstFiles || window.__shuyuan.files()"));
        all_bytes.push(loaded(&format!("{q} (every part)"), "return window.__shuyuan.files()"));
        let t = b.run_async(
            "var done = arguments[1], S = window.__shuyuan, q = arguments[0];
             var t0 = performance.now();
             S.search(q).then(function (r) {
               var t1 = performance.now();
               return Promise.all(r.hits.slice(0, 20).map(function (h) { return S.describe(h, r.terms.map(function (t) { return t.words.join(' '); })); }))
                 .then(function () { done([performance.now() - t0, r.hits.length, t1 - t0]); });
             });",
            json!([q]),
        );
        times.push(t[0].as_f64().unwrap());
        search_times.push(t[2].as_f64().unwrap());
        results.push(t[1].as_u64().unwrap());
    }
    let mut sb = bytes.clone();
    sb.sort_by(f64::total_cmp);
    let mut sa = all_bytes.clone();
    sa.sort_by(f64::total_cmp);
    let mut st = times.clone();
    st.sort_by(f64::total_cmp);
    let mut ss = search_times.clone();
    ss.sort_by(f64::total_cmp);
    let index_bytes: u64 = walkdir::WalkDir::new(site.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let files = walkdir::WalkDir::new(site.join("search"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    let mut sr = results.clone();
    sr.sort();
    println!(
        "pages: {pages}, queries: {} (2–4 characters), median results per query: {}",
        queries.len(),
        sr[sr.len() / 2]
    );
    println!("index on disk: {:.1} MB in {files} files", index_bytes as f64 / 1e6);
    println!(
        "loaded before the first query: {:.1} KB (scripts {:.1} KB + directory)",
        before as f64 / 1024.0,
        statics as f64 / 1024.0
    );
    println!(
        "loaded per query, first results: median {:.1} KB, p95 {:.1} KB, max {:.1} KB",
        percentile(&sb, 0.5),
        percentile(&sb, 0.95),
        sb[sb.len() - 1]
    );
    println!(
        "loaded per query, search page after every part: median {:.1} KB, p95 {:.1} KB, max {:.1} KB",
        percentile(&sa, 0.5),
        percentile(&sa, 0.95),
        sa[sa.len() - 1]
    );
    println!(
        "query time once loaded, ranked results: median {:.1} ms, p95 {:.1} ms",
        percentile(&ss, 0.5),
        percentile(&ss, 0.95)
    );
    println!(
        "query time once loaded, with 20 results' sections and snippets: median {:.1} ms, p95 {:.1} ms",
        percentile(&st, 0.5),
        percentile(&st, 0.95)
    );
}
