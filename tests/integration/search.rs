//! Search, in a real headless Chromium over file://: the same terms as the
//! Rust side, recall against a brute-force scan, ranking, the search page,
//! the header box, filters, highlighting, and an injection attempt.

use crate::browser::Browser;
use crate::sample::build_sample;
use crate::site::TestSite;
use serde_json::{json, Value};
use shuyuan::search::normalize::{is_word, normalize, query_words, terms, PARITY_CASES};
use std::collections::BTreeSet;
use std::path::Path;

/// Loads the engine into the open page and waits for its index directory.
pub const LOAD_ENGINE: &str = "
    var done = arguments[arguments.length - 1];
    var s = document.createElement('script');
    s.src = (document.documentElement.getAttribute('data-root') || '') + 'static/search.js';
    s.onload = function () { window.__shuyuan.ready().then(function () { done(true); }); };
    document.head.appendChild(s);";

/// Runs every query of `arguments[0]` over every part of the index;
/// returns, per query, the pages found (in rank order) and the tier.
pub const RUN_QUERIES: &str = "
    var done = arguments[arguments.length - 1];
    var qs = arguments[0], out = [];
    (function next(i) {
      if (i === qs.length) return done(out);
      window.__shuyuan.searchAll(qs[i]).then(function (r) {
        out.push({ pages: r.hits.map(function (h) { return h.page; }), loose: r.loose });
        next(i + 1);
      }, function (e) { done({ error: String(e) }); });
    })(0);";

fn open(b: &Browser, file: &Path) {
    b.goto(&format!("file://{}", file.display()));
}

/// The indexed text of every page, from the files the build wrote: (title, text).
pub fn page_texts(out: &Path) -> Vec<(String, String)> {
    indexed_pages(out).into_iter().map(|(title, text, _)| (title, text)).collect()
}

/// Every page's title, indexed text, and where each of its headings (levels
/// 1 to 6) starts in that text, in characters: from the files the build wrote.
fn indexed_pages(out: &Path) -> Vec<(String, String, Vec<usize>)> {
    let n = crate::site::indexed_page_count(out);
    let head = |i: usize| crate::site::page_head(i, |f| std::fs::read(out.join("search").join(f)).unwrap());
    // Texts are packed: {x, b, s}, each section [offset, id, title, level].
    let text = |i: usize| crate::site::page_text(i, |f| std::fs::read(out.join("search").join(f)).unwrap());
    (0..n)
        .map(|i| {
            let t = text(i);
            let sections = t["s"].as_array().unwrap();
            let headings = sections.iter().filter(|s| s[3].as_u64().unwrap() <= 6);
            (
                head(i)["t"].as_str().unwrap().to_string(),
                t["x"].as_str().unwrap().to_string(),
                headings.map(|s| s[0].as_u64().unwrap() as usize).collect(),
            )
        })
        .collect()
}

/// A page as the index reads it, normalised, in the parts no phrase spans:
/// its title, each heading, and the rest of its text.
fn page_parts(title: &str, text: &str, headings: &[usize]) -> Vec<Vec<char>> {
    let chars: Vec<char> = text.chars().collect();
    let title_chars = title.chars().count();
    let mut parts = vec![normalize(title)];
    let mut rest = String::new();
    let mut i = title_chars;
    for &h in headings {
        rest.extend(&chars[i..h]);
        let end = chars[h..].iter().position(|&c| c == '\n').map_or(chars.len(), |e| h + e);
        parts.push(normalize(&chars[h..end].iter().collect::<String>()));
        i = end;
    }
    rest.extend(&chars[i..]);
    parts.push(normalize(&rest));
    parts
}

/// A small deterministic generator, so that a failure names the same queries each run.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Queries sampled from the text: substrings of 2–8 characters of words,
/// single characters, and words with Latin letters or digits.
fn sample_queries(texts: &[(String, String)], count: usize) -> Vec<String> {
    let mut rng = Lcg(7);
    let words: Vec<Vec<char>> = texts
        .iter()
        .flat_map(|(_, x)| terms(x))
        .map(|w| w.chars().collect::<Vec<char>>())
        .filter(|w| !w.is_empty())
        .collect();
    let latin: Vec<&Vec<char>> = words.iter().filter(|w| w.iter().any(|c| c.is_ascii_alphanumeric())).collect();
    // Query words that hold a joiner (v8.0.0, 2020-05-14): found as written.
    let joined: Vec<Vec<char>> = texts
        .iter()
        .flat_map(|(_, x)| query_words(x))
        .map(|w| w.chars().collect::<Vec<char>>())
        .filter(|w| !w.iter().all(|c| is_word(*c)))
        .collect();
    let mut out = BTreeSet::new();
    while out.len() < count {
        let kind = rng.below(10);
        let w = match kind {
            0 if !latin.is_empty() => latin[rng.below(latin.len())],
            2 if !joined.is_empty() => &joined[rng.below(joined.len())],
            _ => &words[rng.below(words.len())],
        };
        let len = if kind == 1 { 1 } else { 2 + rng.below(7) }.min(w.len());
        let start = rng.below(w.len() - len + 1);
        // A query word starts and ends with a word character.
        let part: String = w[start..start + len].iter().collect();
        let part = part.trim_matches(|c: char| !is_word(c));
        if !part.is_empty() {
            out.insert(part.to_string());
        }
    }
    out.into_iter().collect()
}

fn brute_force(texts: &[(String, String)], query: &str) -> BTreeSet<u64> {
    let q: String = normalize(query).into_iter().collect();
    texts
        .iter()
        .enumerate()
        .filter(|(_, (_, x))| normalize(x).into_iter().collect::<String>().contains(&q))
        .map(|(i, _)| i as u64)
        .collect()
}

fn pages_of(v: &Value) -> Vec<u64> {
    v["pages"].as_array().unwrap().iter().map(|p| p.as_u64().unwrap()).collect()
}

#[test]
fn rust_and_javascript_produce_the_same_terms() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("index.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let js =
        b.run("return arguments[0].map(function (t) { return window.__shuyuan.terms(t); });", json!([PARITY_CASES]));
    let joined = b.run(
        "return arguments[0].map(function (t) { return window.__shuyuan.queryWords(t); });",
        json!([PARITY_CASES]),
    );
    let strings =
        |v: &Value| -> Vec<String> { v.as_array().unwrap().iter().map(|t| t.as_str().unwrap().into()).collect() };
    for (i, case) in PARITY_CASES.iter().enumerate() {
        assert_eq!(strings(&js[i]), terms(case), "terms of {case:?} differ between JavaScript and Rust");
        assert_eq!(strings(&joined[i]), query_words(case), "query words of {case:?} differ");
    }
}

#[test]
fn recall_matches_a_brute_force_substring_scan() {
    let (_tmp, out) = build_sample();
    check_recall(&out, 300, &[]);
    check_operators(&out, 60);
}

/// A generated library of 120 pages, indexed within test-sized
/// limits so that common bigrams' positions are cut into chunks, the
/// commonest are heavy, and the index is cut into four parts: the other
/// paths of the index.
#[test]
fn recall_holds_on_a_generated_library_with_chunked_positions() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let Some(gen) = crate::site::shared("bench/gen_corpus.py") else { return };
    let o = crate::site::run(
        std::process::Command::new("python3")
            .arg(&gen)
            .args(["--pages", "120", "--flavor", "plain", "--out"])
            .arg(&site),
    );
    assert!(o.ok, "{}", o.stderr);
    // One long page on the corpus's most common words, so that their
    // bigrams carry enough positions to be heavy (within the test's limits:
    // 22,500 characters do here what 2.25 million do within the defaults).
    let heavy = "意识形态工作责任。".repeat(2_500);
    std::fs::write(site.join("content/study/heavy.md"), format!("---\ntitle: 长文\n---\n\n{heavy}\n")).unwrap();
    // A character beyond the Basic Multilingual Plane beside a heavy bigram:
    // its strings have no list, so the browser checks positions.
    std::fs::write(site.join("content/study/rare.md"), "---\ntitle: 生僻字\n---\n\n意识形态𠮷字。\n").unwrap();
    // Two words with a word character between them, and with a separator:
    // only the second is the phrase "甲乙 丙丁".
    std::fs::write(
        site.join("content/study/joined.md"),
        "---\ntitle: 连写\n---\n\n甲乙和丙丁。戊己，庚辛。子丑寅，寅卯辰。\n",
    )
    .unwrap();
    // A page whose title is a query the first parts answer many times over,
    // in the last part (its path sorts last).
    std::fs::write(site.join("content/study/工作责任.md"), "---\ntitle: 工作责任\n---\n\n各部门的工作责任。\n")
        .unwrap();
    // Shards' first keys in lists of 3, so that queries find their shards
    // through many lists as they do on a large library, and parts of at
    // most 32 pages, as a library of more than PAGES_PER_PART has.
    let limits = shuyuan::search::Limits {
        batch: 500,
        heavy_min_bytes: 2048,
        position_chunk_bytes: 1024,
        shards_per_list: 3,
        pages_per_part: 32,
    };
    let out = build_within(&site, &limits);
    let lists = std::fs::read_dir(out.join("search/d/0")).unwrap().count();
    assert!(lists > 3, "the shards' first keys are in {lists} lists");
    let chunked = walkdir::WalkDir::new(out.join("search/q")).min_depth(2).into_iter().filter_map(Result::ok).count();
    assert!(chunked > 0, "the generated library has chunked positions");
    let titles = (0..).take_while(|n| out.join(format!("search/titles-{n}.js")).exists()).count();
    assert_eq!(titles, 4, "four parts, each with its titles");
    let grams = std::fs::read_dir(out.join("search/g")).unwrap().filter_map(|e| e.ok()?.file_name().into_string().ok());
    assert!(grams.filter(|n| n.starts_with("index-")).count() >= 1, "and strings of heavy bigrams have page lists");
    // Words made of the corpus's most common bigrams, answered from those lists.
    check_recall(
        &out,
        150,
        &["意识形态", "识形态", "形态工作", "态工作", "工作责任", "意识形态工作", "形态𠮷", "态𠮷字"],
    );
    check_operators(&out, 40);
    check_parts(&out);
    check_leads(&out);
    // No page holds 子丑寅卯辰, one holds each of its bigrams: the looser
    // matching, with its notice.
    let Some(b) = Browser::start() else { return };
    open(&b, Path::new(&format!("{}?q=子丑寅卯辰", out.join("search.html").display())));
    let notice = b.find_when("#search-status .notice");
    assert!(b.text(&notice).contains("没有完全匹配"), "the notice is shown");
    assert_eq!(b.count("#search-results a[href*='joined']"), 1, "{}", b.text(&b.find("#search-results")));
    // No page holds the phrase: the empty state names the query and suggests what to try.
    open(&b, Path::new(&format!("{}?q=%22甲乙%20丙丁%22", out.join("search.html").display())));
    let hint = b.find_when("#search-status .hint");
    let status = b.text(&b.find("#search-status"));
    assert!(status.contains("没有找到包含“\"甲乙 丙丁\"”的文档"), "{status}");
    assert!(b.text(&hint).contains("去掉引号"), "{status}");
    assert_eq!(b.count("#search-results li.result"), 0);
    // Its pages share sentences, so their texts are packed with a dictionary:
    // results' texts unpack with it, with DecompressionStream and with the
    // bundled inflater.
    let dictionaries: Vec<String> = std::fs::read_dir(out.join("search/p"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("d-"))
        .collect();
    assert_eq!(dictionaries.len(), 1, "{dictionaries:?}");
    for stream in [true, false] {
        let Some(found) = describe_first_hits(&out, "责任", stream) else { return };
        assert_eq!(found["dictionary"], json!(format!("p/{}", dictionaries[0])), "{found}");
        assert_eq!(found["snippets"], json!(5), "every text unpacked (DecompressionStream: {stream}): {found}");
    }
}

/// Builds `site` into its public/ as `shuyuan build` does, with its search
/// index built within `limits`.
fn build_within(site: &Path, limits: &shuyuan::search::Limits) -> std::path::PathBuf {
    let opts = shuyuan::build::BuildOptions {
        root: site.into(),
        drafts: false,
        search: shuyuan::build::Search::Later,
        broken_links: None,
    };
    let built = shuyuan::build::build(&opts).expect("the site builds");
    let library = &built.search_later.as_ref().expect("a library to index").library;
    let out = site.join("public");
    for f in built.files.iter().chain(&shuyuan::search::build_within(library, limits).unwrap().0) {
        let path = out.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.bytes.as_slice()).unwrap();
    }
    out
}

/// Searches `query` on the built site and describes its first 5 results,
/// with DecompressionStream or, if not `stream`, with the bundled
/// inflater: how many of their snippets hold the query, and which
/// dictionary file was loaded; `None` where no browser is there.
fn describe_first_hits(out: &Path, query: &str, stream: bool) -> Option<Value> {
    let b = Browser::start()?;
    open(&b, &out.join("search.html"));
    b.wait_for("return !!(window.__shuyuan && window.__shuyuan.search)");
    Some(b.run_async(
        "var done = arguments[arguments.length - 1], q = arguments[0];
         if (!arguments[1]) window.DecompressionStream = undefined;
         var S = window.__shuyuan;
         S.search(q).then(function (r) {
           return Promise.all(r.hits.slice(0, 5).map(function (h) { return S.describe(h, [q]); })).then(function (ds) {
             done({ snippets: ds.filter(function (d) { return JSON.stringify(d).indexOf(q) >= 0; }).length,
                    dictionary: S.dictionaryFiles.join(' ') });
           });
         }).catch(function (e) { done({ error: String(e) }); });",
        json!([query, stream]),
    ))
}

/// A query's terms: whether each is excluded, and its words.
type Meaning = Vec<(bool, Vec<Vec<char>>)>;

/// A query's meaning as a brute-force scan of one page's parts
/// ([`page_parts`]): every term must occur (a quoted phrase: its words one
/// after another with one separator between them, within one part; the
/// first may end a longer word and the last begin one), and no excluded term.
fn matches(parts: &[Vec<char>], query: &[(bool, Vec<Vec<char>>)]) -> bool {
    let holds = |words: &[Vec<char>]| {
        parts.iter().any(|part| {
            (0..part.len()).any(|start| {
                let mut at = start;
                words.iter().enumerate().all(|(k, w)| {
                    if k > 0 {
                        // One separator, and the word before ended there.
                        if at >= part.len() || is_word(part[at]) {
                            return false;
                        }
                        at += 1;
                    }
                    let found = part.get(at..at + w.len()) == Some(w.as_slice());
                    at += w.len();
                    found
                })
            })
        })
    };
    query.iter().all(|(exclude, words)| holds(words) != *exclude)
}

/// Queries with several terms, quoted phrases and excluded terms, sampled
/// from the built pages' texts, give exactly the pages a brute-force scan
/// gives; and a query with no exact match falls back to looser matching
/// only with the notice shown.
fn check_operators(out: &Path, count: usize) {
    let Some(b) = Browser::start() else { return };
    let pages = indexed_pages(out);
    let norm: Vec<(Vec<char>, Vec<char>)> = pages.iter().map(|(t, x, _)| (normalize(t), normalize(x))).collect();
    let parts: Vec<Vec<Vec<char>>> = pages.iter().map(|(t, x, h)| page_parts(t, x, h)).collect();
    let mut rng = Lcg(11);
    let word = |rng: &mut Lcg| -> Vec<char> {
        let (_, x) = &norm[rng.below(norm.len())];
        let start = rng.below(x.len().max(1));
        x[start..].iter().take_while(|c| is_word(**c)).take(1 + rng.below(4)).copied().collect()
    };
    let mut queries: Vec<(String, Meaning)> = Vec::new();
    while queries.len() < count {
        let kind = queries.len() % 3;
        let (a, b2) = (word(&mut rng), word(&mut rng));
        if a.is_empty() || b2.is_empty() {
            continue;
        }
        let s = |w: &[char]| w.iter().collect::<String>();
        match kind {
            0 => queries.push((format!("{} {}", s(&a), s(&b2)), vec![(false, vec![a]), (false, vec![b2])])),
            1 => queries.push((format!("{} -{}", s(&a), s(&b2)), vec![(false, vec![a]), (true, vec![b2])])),
            _ => {
                // A phrase from a page's body: the end of one word, whole
                // words, the start of another, each after one separator.
                let (_, x) = &norm[rng.below(norm.len())];
                let start = rng.below(x.len().max(1));
                let mut words: Vec<Vec<char>> = Vec::new();
                let mut at = start;
                let want = 2 + rng.below(2);
                while words.len() < want && at < x.len() {
                    let w: Vec<char> = x[at..].iter().take_while(|c| is_word(**c)).copied().collect();
                    if w.is_empty() {
                        break;
                    }
                    at += w.len();
                    words.push(w);
                    if at + 1 < x.len() && !is_word(x[at]) && is_word(x[at + 1]) {
                        at += 1;
                    } else {
                        break;
                    }
                }
                if words.len() < 2 {
                    continue;
                }
                let first = words[0].len();
                words[0].drain(..rng.below(first));
                let last = words.len() - 1;
                let keep = 1 + rng.below(words[last].len());
                words[last].truncate(keep);
                let text: Vec<String> = words.iter().map(|w| s(w)).collect();
                queries.push((format!("\"{}\"", text.join(" ")), vec![(false, words)]));
            }
        }
    }
    // Two words a word character apart, and a separator apart.
    for (q, pairs) in [("\"甲乙 丙丁\"", ["甲乙", "丙丁"]), ("\"戊己 庚辛\"", ["戊己", "庚辛"])] {
        queries.push((q.into(), vec![(false, pairs.iter().map(|w| w.chars().collect()).collect())]));
    }
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let strings: Vec<&str> = queries.iter().map(|q| q.0.as_str()).collect();
    let results = b.run_async(RUN_QUERIES, json!([strings]));
    assert!(results.get("error").is_none(), "{results}");
    let mut kinds = [0usize; 3];
    for (k, ((q, meaning), r)) in queries.iter().zip(results.as_array().unwrap()).enumerate() {
        let want: BTreeSet<u64> =
            parts.iter().enumerate().filter(|(_, p)| matches(p, meaning)).map(|(i, _)| i as u64).collect();
        let got: BTreeSet<u64> = pages_of(r).into_iter().collect();
        if r["loose"] == json!(true) {
            assert!(want.is_empty(), "{q:?} fell back to loose matching, yet pages {want:?} match exactly");
            continue;
        }
        assert_eq!(got, want, "{q:?}");
        if !want.is_empty() && k < count {
            kinds[k % 3] += 1;
        }
    }
    assert!(kinds.iter().all(|&n| n > 0), "every kind of query found something: {kinds:?}");
    eprintln!("operators: {} queries, {kinds:?} with results", queries.len());
}

/// On an index of several parts, a query stops at the first parts whose
/// hits fill what it shows first, and the search page searches on through
/// the others in the background to the full count.
/// A page of a part not yet searched whose title is the query comes first
/// all the same, and once: when the parts after it are searched, it is not
/// listed again.
fn check_leads(out: &Path) {
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let found = b.run_async(
        "var done = arguments[arguments.length - 1], S = window.__shuyuan;
         S.search('工作责任', 5).then(function (r) {
           var first = { pages: r.hits.map(function (h) { return h.page; }), searched: r.searched, more: !!r.more };
           return S.summary(r.hits[0]).then(function (d) {
             first.title = d.title;
             var all = function (r) { return r.more ? r.more().then(all) : r; };
             return all(r).then(function (r) { first.every = r.hits.map(function (h) { return h.page; }); done(first); });
           });
         });",
        json!([]),
    );
    let pages = pages_of(&found);
    assert_eq!(found["title"], json!("工作责任"), "{found}");
    assert!(
        found["more"] == json!(true) && pages[0] >= found["searched"].as_u64().unwrap(),
        "from a later part: {found}"
    );
    assert!(pages[1..].iter().all(|&p| p < found["searched"].as_u64().unwrap()), "{found}");
    let every: Vec<u64> = found["every"].as_array().unwrap().iter().map(|p| p.as_u64().unwrap()).collect();
    assert_eq!(every.iter().filter(|&&p| p == pages[0]).count(), 1, "listed once: {found}");
    assert_eq!(every[0], pages[0], "{found}");
}

fn check_parts(out: &Path) {
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(out);
    let all = brute_force(&texts, "意识形态").len();
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let first = b.run_async(
        "var done = arguments[arguments.length - 1], S = window.__shuyuan;
         S.search('意识形态', 5).then(function (r) {
           var parts = S.directory().parts;
           done({ pages: r.hits.map(function (h) { return h.page; }), searched: r.searched, more: !!r.more,
                  parts: parts.map(function (p) { return [p.page, p.pages]; }), total: S.directory().pages });
         });",
        json!([]),
    );
    let parts = first["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 4, "{first}");
    let searched = first["searched"].as_u64().unwrap();
    let hits = pages_of(&first);
    assert!(hits.len() >= 5 && hits.len() < all, "{} of {all} hits from the first parts: {first}", hits.len());
    assert!(first["more"] == json!(true) && searched < first["total"].as_u64().unwrap(), "{first}");
    assert!(hits.iter().all(|&p| p < searched), "hits only from the parts searched: {first}");
    // 子丑寅卯辰 is in no page, its bigrams in one: the looser matching
    // looks for it in the first part (whose shards say which parts hold
    // each key) and in that page's part only, not in all four twice.
    let page = *brute_force(&texts, "寅卯辰").iter().next().expect("the page of 子丑寅, 寅卯辰") as usize;
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let loose = b.run_async(
        r"var done = arguments[arguments.length - 1], S = window.__shuyuan;
         S.search('子丑寅卯辰').then(function (r) {
           var parts = S.directory().parts, searched = {};
           S.files().forEach(function (f) {
             var m = /^s\/\d+\/(\d+)\.js$/.exec(f);
             if (!m) return;
             var best = -1;
             parts.forEach(function (p, i) { if (p.shard <= +m[1] && (best < 0 || p.shard > parts[best].shard)) best = i; });
             searched[best] = true;
           });
           done({ pages: r.hits.map(function (h) { return h.page; }), loose: r.loose, parts: Object.keys(searched).map(Number) });
         });",
        json!([]),
    );
    assert_eq!((pages_of(&loose), &loose["loose"]), (vec![page as u64], &json!(true)), "{loose}");
    let holding = parts
        .iter()
        .position(|p| (p[0].as_u64().unwrap()..).take(p[1].as_u64().unwrap() as usize).any(|x| x == page as u64))
        .unwrap();
    let mut want = vec![0, holding];
    want.dedup();
    assert_eq!(loose["parts"], json!(want), "shards loaded from the parts {}", loose["parts"]);
    open(&b, Path::new(&format!("{}?q=意识形态", out.join("search.html").display())));
    b.wait_for(
        "var e = document.querySelector('#search-status .count'); return !!e && e.textContent.indexOf('继续搜索') < 0",
    );
    let count = b.text(&b.find("#search-status .count"));
    assert_eq!(count, format!("找到 {all} 篇文档"), "the count is whole once every part is searched");
}

fn check_recall(out: &Path, count: usize, extra: &[&str]) {
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(out);
    let mut queries = sample_queries(&texts, count);
    queries.extend(extra.iter().map(|q| q.to_string()));
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let results = b.run_async(RUN_QUERIES, json!([queries]));
    assert!(results.get("error").is_none(), "{results}");
    let mut found = 0;
    let mut expected = 0;
    for (q, r) in queries.iter().zip(results.as_array().unwrap()) {
        let want = brute_force(&texts, q);
        let got: BTreeSet<u64> = pages_of(r).into_iter().collect();
        assert_eq!(r["loose"], json!(false), "{q:?} fell back to loose matching");
        let missing: Vec<_> = want.difference(&got).collect();
        assert!(missing.is_empty(), "{q:?}: pages {missing:?} contain it but were not found");
        let wrong: Vec<_> = got.difference(&want).collect();
        assert!(wrong.is_empty(), "{q:?}: pages {wrong:?} were found but do not contain it");
        found += got.len();
        expected += want.len();
    }
    assert_eq!(found, expected);
    eprintln!("recall 1.000 over {} queries, {expected} page matches", queries.len());
}

#[test]
fn a_page_is_found_by_its_title_and_by_a_distinctive_phrase() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(&out);
    // A distinctive phrase: 8 characters of the page's body that occur in no other page.
    let mut queries = Vec::new();
    let mut want = Vec::new();
    for (i, (title, x)) in texts.iter().enumerate() {
        queries.push(title.clone());
        want.push((i, 3, "title"));
        let chars: Vec<char> = x.chars().collect();
        let phrase = (title.chars().count() + 40..chars.len().saturating_sub(8))
            .step_by(37)
            .map(|s| chars[s..s + 8].iter().collect::<String>())
            .find(|p| p.chars().all(char::is_alphanumeric) && brute_force(&texts, p).len() == 1);
        if let Some(p) = phrase {
            queries.push(p);
            want.push((i, 1, "phrase"));
        }
    }
    open(&b, &out.join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let results = b.run_async(RUN_QUERIES, json!([queries]));
    for ((q, r), (page, top, what)) in queries.iter().zip(results.as_array().unwrap()).zip(want) {
        let pages = pages_of(r);
        let rank = pages.iter().position(|&p| p == page as u64);
        assert!(rank.is_some_and(|r| r < top), "{what} {q:?}: page {page} ranked {rank:?} in {pages:?}");
    }
    // An exact title comes first even when other pages mention it more often.
    let first = results.as_array().unwrap()[0].clone();
    assert_eq!(pages_of(&first)[0], 0);
}

#[test]
fn search_page_lists_every_match_with_section_links() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(&out);
    let want = brute_force(&texts, "意识形态");
    assert!(want.len() > 20, "the sample has more than a page of results");
    b.goto(&format!("file://{}?q={}", out.join("search.html").display(), "%E6%84%8F%E8%AF%86%E5%BD%A2%E6%80%81"));
    b.wait_for("return document.querySelectorAll('#search-results > li.result:not(.loading)').length >= 20");
    let count = b.run("return document.querySelectorAll('#search-results > li.result').length", json!([]));
    assert_eq!(count, json!(20), "the first 20 before the more button");
    let hrefs = b.run(
        "return Array.from(document.querySelectorAll('#search-results > li a.result-title')).map(function (a) { return a.getAttribute('href'); })",
        json!([]),
    );
    for h in hrefs.as_array().unwrap() {
        let h = h.as_str().unwrap();
        let (page, query) = h.split_once('?').unwrap_or((h, ""));
        assert!(!h.contains(':') && page.ends_with(".html"), "relative page link: {h}");
        assert!(query.starts_with("q="), "the title carries the query: {h}");
    }
    let section =
        b.run("return document.querySelector('#search-results a.result-section').getAttribute('href')", json!([]));
    assert!(section.as_str().unwrap().contains("?q=") && section.as_str().unwrap().contains('#'), "{section}");
    assert!(b.run("return document.querySelector('#search-results mark').textContent", json!([])) == json!("意识形态"));
    let status = b.text(&b.find("#search-status"));
    assert!(status.contains(&want.len().to_string()), "count shown: {status}");
    b.click(&b.find("#search-more"));
    b.wait_for(&format!(
        "return document.querySelectorAll('#search-results > li.result:not(.loading)').length === {}",
        want.len()
    ));
    assert_eq!(b.run("return document.getElementById('search-more').hidden", json!([])), json!(true));
    // Over http no file cached from an earlier build may be read with this
    // directory: it is always fetched afresh, every other file with its id.
    let index = crate::site::utf16_file(&std::fs::read(out.join("search/index.js")).unwrap());
    let id = index.split("\"id\":\"").nth(1).and_then(|r| r.split('"').next()).expect("the directory has an id");
    let srcs = b.run("return Array.from(document.scripts).map(function (s) { return s.src; })", json!([]));
    let srcs: Vec<&str> = srcs.as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
    assert!(srcs.iter().any(|s| s.contains("search/index.js?t=")), "{srcs:?}");
    let shards: Vec<&&str> = srcs.iter().filter(|s| s.contains("/search/s/")).collect();
    assert!(!shards.is_empty() && shards.iter().all(|s| s.ends_with(&format!("?v={id}"))), "{shards:?}");
    // Nor the scripts of an earlier build: they carry the version of site.js.
    let site_js = srcs.iter().find(|s| s.contains("static/site.js?v=")).expect("site.js with its version");
    let version = site_js.split('?').nth(1).unwrap();
    assert!(srcs.iter().any(|s| s.ends_with(&format!("static/search.js?{version}"))), "{srcs:?}");
}

#[test]
fn filters_narrow_the_results_with_counts() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("file://{}?q=%E8%88%86%E8%AE%BA", out.join("search.html").display()));
    b.click(&b.find_when("#search-filters button.filter-open"));
    b.wait_for("return document.querySelector('#search-filters select[name=kind]')");
    let options = b.run(
        "return Array.from(document.querySelectorAll('select[name=kind] option')).map(function (o) { return o.textContent; })",
        json!([]),
    );
    let labels: Vec<&str> = options.as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
    assert!(labels.iter().any(|l| l.starts_with("实施方案 (")), "{labels:?}");
    b.run(
        "var s = document.querySelector('select[name=kind]'); s.value = '2'; s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    b.wait_for("return document.querySelectorAll('#search-results > li.result:not(.loading)').length > 0");
    let kinds = b.run(
        "return Array.from(document.querySelectorAll('#search-results .result-meta .badge')).map(function (e) { return e.textContent; })",
        json!([]),
    );
    assert!(kinds.as_array().unwrap().iter().all(|k| k == "实施方案"), "{kinds}");
    let years = b.run("return document.querySelectorAll('select[name=year] option').length", json!([]));
    assert!(years.as_u64().unwrap() >= 2, "years offered");
}

#[test]
fn header_box_gives_instant_results_and_the_target_page_highlights() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("index.html"));
    // Nothing of search loads until someone goes to the box: no script, no index file.
    let loaded = "return Array.from(document.scripts).map(function (s) { return s.src; }).concat(performance.getEntriesByType('resource').map(function (r) { return r.name; })).filter(function (u) { return u.indexOf('search') >= 0; })";
    assert_eq!(b.run(loaded, json!([])), json!([]), "nothing of search before the box is used");
    let body = b.find("body");
    b.type_text(&body, "/");
    let focused = b.run("return document.activeElement.id", json!([]));
    assert_eq!(focused, json!("site-search-input"), "/ focuses the search box");
    let input = b.find("#site-search-input");
    b.type_text(&input, "舆情监测");
    b.wait_for("return !document.getElementById('site-search-list').hidden");
    let after = b.run(loaded, json!([])).to_string();
    assert!(after.contains("search.js") && after.contains("search/index.js"), "the same check sees them now: {after}");
    let options = b.run("return document.querySelectorAll('#site-search-list [role=option]').length", json!([]));
    assert!(options.as_u64().unwrap() >= 2);
    b.type_text(&input, "\u{E00C}"); // Escape
    b.wait_for("return document.getElementById('site-search-list').hidden");
    assert_eq!(
        b.run("return document.activeElement.id", json!([])),
        json!("site-search-input"),
        "Esc closes the list and keeps the box and its query"
    );
    // A second Esc clears it; typed again, the query opens the list again.
    b.type_text(&input, "\u{E00C}");
    assert_eq!(b.run("return document.getElementById('site-search-input').value", json!([])), json!(""));
    b.type_text(&input, "舆情监测");
    b.wait_for("return !document.getElementById('site-search-list').hidden");
    b.type_text(&input, "\u{E015}"); // ArrowDown
    b.type_text(&input, "\u{E007}"); // Enter
    b.wait_for("return location.pathname.indexOf('index.html') < 0 && document.querySelector('mark.search-hit')");
    let url = b.url();
    assert!(url.contains("?q=") && url.contains('#'), "{url}");
    let mark = b.run("return document.querySelector('mark.search-current').textContent", json!([]));
    assert_eq!(mark, json!("舆情监测"));
}

#[test]
fn no_search_while_an_input_method_is_composing() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("index.html"));
    let input = b.find("#site-search-input");
    b.click(&input);
    b.wait_for("return window.__shuyuan && window.__shuyuan.ui");
    b.run(
        "var i = document.getElementById('site-search-input');
         i.dispatchEvent(new CompositionEvent('compositionstart'));
         i.value = 'yu qing';
         i.dispatchEvent(new InputEvent('input', { isComposing: true }));",
        json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert_eq!(b.run("return document.getElementById('site-search-list').hidden", json!([])), json!(true));
    b.run(
        "var i = document.getElementById('site-search-input');
         i.value = '舆情';
         i.dispatchEvent(new CompositionEvent('compositionend', { data: '舆情' }));",
        json!([]),
    );
    b.wait_for("return !document.getElementById('site-search-list').hidden");
}

/// A library of these pages (name, title, body) between the same filler,
/// searched in the browser: per query, the titles of the pages found, in
/// rank order. None without a browser.
fn ranked_titles(pages: &[(&str, &str, &str)], queries: &[&str]) -> Option<Vec<Vec<String>>> {
    let (titles, results) = search_library(pages, queries)?;
    let order = |r: &Value| pages_of(r).iter().map(|&p| titles[p as usize].clone()).collect();
    Some(results.as_array().unwrap().iter().map(order).collect())
}

/// [`ranked_titles`]'s library and queries: the titles of its pages, and per
/// query what [`RUN_QUERIES`] gives. None without a browser.
fn search_library(pages: &[(&str, &str, &str)], queries: &[&str]) -> Option<(Vec<String>, Value)> {
    let site = TestSite::empty();
    let filler = "本办法适用于本市各级机关和事业单位的日常工作。".repeat(20);
    for (name, title, body) in pages {
        let body = body.replace("{filler}", &filler);
        site.write(&format!("content/{name}.md"), &format!("---\ntitle: {title}\n---\n\n{body}\n"));
    }
    site.build_ok();
    let b = Browser::start()?;
    let titles: Vec<String> = page_texts(&site.public()).into_iter().map(|(t, _)| t).collect();
    open(&b, &site.public().join("search.html"));
    b.run_async(LOAD_ENGINE, json!([]));
    let results = b.run_async(RUN_QUERIES, json!([queries]));
    assert!(results.get("error").is_none(), "{results}");
    Some((titles, results))
}

#[test]
fn a_match_in_the_title_ranks_first_then_one_in_a_heading_then_one_in_the_text() {
    let pages = [
        ("a", "甲篇", "{filler}推进网格化管理工作。\n\n{filler}"),
        ("b", "乙篇", "{filler}\n\n## 网格化管理工作\n\n{filler}"),
        ("c", "网格化管理工作规程", "{filler}\n\n{filler}"),
    ];
    // Two characters (a page list), four (listed strings or positions), six (positions).
    let queries = ["网格", "网格化管", "网格化管理工"];
    let Some(found) = ranked_titles(&pages, &queries) else { return };
    for (q, order) in queries.iter().zip(found) {
        assert_eq!(order, ["网格化管理工作规程", "乙篇", "甲篇"], "{q}");
    }
}

#[test]
fn a_query_word_with_joiners_finds_that_exact_string_not_its_parts_apart() {
    let pages = [
        (
            "exact",
            "变量说明",
            "启用 `tidb_enable_fast_create_table` 后建表更快。发布于 v8.0.0，联系 e-mail，日期 2020-05-14，国务院-北京，a/b 路径，10:30 开会。",
        ),
        ("apart", "分开写", "tidb enable fast create table；v8 0 0；e mail；2020 05 14；国务院，北京；a b；10 30。"),
        ("parts", "部分", "tidb_enable_fast 与 create_table；v8.0.1 与 0.0；email；2020-05-15；国务院-上海；北京；a/c；10:31。"),
        ("wide", "全角", "会议于１０：３０开始，版本Ｖ８．０．０。"),
    ];
    let want: &[(&str, &[&str])] = &[
        ("tidb_enable_fast_create_table", &["变量说明"]),
        ("enable_fast", &["变量说明", "部分"]),
        ("create_table", &["变量说明", "部分"]),
        ("v8.0.0", &["变量说明", "全角"]),
        ("e-mail", &["变量说明"]),
        ("2020-05-14", &["变量说明"]),
        ("国务院-北京", &["变量说明"]),
        ("a/b", &["变量说明"]),
        ("10:30", &["变量说明", "全角"]),
        // A dash after a space, or at the start, still excludes.
        ("国务院 -上海", &["变量说明", "分开写"]),
        ("-上海 国务院", &["变量说明", "分开写"]),
        // Its words are a phrase's words as written.
        ("\"v8.0.0，联系\"", &["变量说明"]),
    ];
    let queries: Vec<&str> = want.iter().map(|w| w.0).chain(["fast_create_tidb"]).collect();
    let Some((titles, results)) = search_library(&pages, &queries) else { return };
    let results = results.as_array().unwrap();
    for ((q, want), r) in want.iter().zip(results) {
        let got: BTreeSet<&str> = pages_of(r).iter().map(|&p| titles[p as usize].as_str()).collect();
        assert_eq!(got, want.iter().copied().collect(), "{q}");
        assert_eq!(r["loose"], json!(false), "{q}");
    }
    // With no exact match, the looser tier (with its notice) finds the words' parts.
    let loose = results.last().unwrap();
    assert_eq!(loose["loose"], json!(true), "{loose}");
    assert!(!pages_of(loose).is_empty(), "{loose}");
}

/// Laws as a collection of them names them: most titles start with
/// 中华人民共和国 or 国务院关于, and the short name a reader types (刑法) is
/// mentioned in many more pages, and more often, than in its own.
#[test]
fn a_short_query_that_is_the_distinctive_part_of_a_title_ranks_that_title_first() {
    let cites = |word: &str, n: usize| format!("{{filler}}{}", format!("依照{word}的规定处理。").repeat(n));
    let mut pages: Vec<(String, String, String)> = Vec::new();
    for n in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"] {
        pages.push((format!("a-xiuzheng-{n}"), format!("中华人民共和国刑法修正案（{n}）"), cites("刑法", 30)));
    }
    for (i, name) in
        ["适用刑法若干问题的解释", "刑法第九十三条第二款的解释", "办理刑事案件适用刑法的意见"].iter().enumerate()
    {
        pages.push((format!("b-jieshi-{i}"), format!("最高人民法院关于{name}"), cites("刑法", 20)));
    }
    for (i, law) in
        ["治安管理处罚法", "监察法", "刑事诉讼法", "禁毒法", "反洗钱法", "安全生产法", "食品安全法", "网络安全法"]
            .iter()
            .enumerate()
    {
        let body = format!("{}{}", cites("刑法", 12), cites("国务院", 12));
        pages.push((format!("c-law-{i}"), format!("中华人民共和国{law}"), body));
    }
    let rules = [
        "口岸开放的若干规定",
        "职工工作时间的规定",
        "鼓励外商投资的规定",
        "通用航空管理的暂行规定",
        "鼓励台湾同胞投资的规定",
    ];
    for (i, rule) in rules.iter().enumerate() {
        pages.push((format!("d-guowuyuan-{i}"), format!("国务院关于{rule}"), cites("国务院", 40)));
    }
    for (i, name) in ["办公厅关于加强安全生产工作的通知", "办公厅关于印发工作规则的通知", "批转有关部门意见的通知"]
        .iter()
        .enumerate()
    {
        pages.push((format!("e-bangongting-{i}"), format!("国务院{name}"), cites("国务院", 40)));
    }
    let constitution = format!("{}\n\n## 第三节 国务院\n\n{}", cites("国务院", 5), cites("国务院", 30));
    pages.push(("f-xianfa".into(), "中华人民共和国宪法".into(), constitution));
    // The pages named, last in the library's order and with the fewest mentions.
    pages.push(("z-xingfa".into(), "中华人民共和国刑法".into(), cites("刑法", 2)));
    for date in ["1982-12-10", "2024-03-11"] {
        pages.push((format!("z-zuzhifa-{date}"), "中华人民共和国国务院组织法".into(), cites("国务院", 3)));
    }
    let pages: Vec<(&str, &str, &str)> = pages.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    let queries = ["刑法", "国务院组织法", "国务院", "刑法修正案", "刑法 -修正案"];
    let Some(found) = ranked_titles(&pages, &queries) else { return };
    assert_eq!(found[0][0], "中华人民共和国刑法", "刑法: {:?}", found[0]);
    assert_eq!(found[1][..2], ["中华人民共和国国务院组织法"; 2], "国务院组织法: {:?}", found[1]);
    let rank = found[2].iter().position(|t| t == "中华人民共和国国务院组织法");
    assert!(rank.is_some_and(|r| r < 3), "国务院: ranked {rank:?} in {:?}", found[2]);
    assert!(found[3][0].starts_with("中华人民共和国刑法修正案"), "刑法修正案: {:?}", found[3]);
    assert_eq!(
        found[4][0], "中华人民共和国刑法",
        "an excluded word is no part of what a title must be: {:?}",
        found[4]
    );
}

#[test]
fn words_close_together_rank_higher() {
    let pages = [
        ("far", "甲篇", "加强队伍建设。{filler}完善考核机制。"),
        ("near", "乙篇", "{filler}加强队伍建设，完善考核机制。"),
    ];
    // Words with positions (four characters), and words answered from page lists (two).
    let queries = ["队伍建设 考核机制", "考核 队伍"];
    let Some(found) = ranked_titles(&pages, &queries) else { return };
    for (q, order) in queries.iter().zip(found) {
        assert_eq!(order, ["乙篇", "甲篇"], "{q}: the words stand 1 character apart in 乙篇, 480 in 甲篇");
    }
}

#[test]
fn page_text_cannot_inject_into_results() {
    let site = TestSite::empty();
    site.write(
        "content/x.md",
        "---\ntitle: '\"><img src=x onerror=\"window.__xss=1\"> 注入测试'\n---\n\n注入测试 <script>window.__xss=2</script> 与 `</script><b>粗</b>` 及 \"引号\\\" 和 \\\\ 反斜杠\n",
    );
    site.build_ok();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("file://{}?q=%E6%B3%A8%E5%85%A5%E6%B5%8B%E8%AF%95", site.public().join("search.html").display()));
    b.wait_for("return document.querySelector('#search-results li.result:not(.loading)')");
    assert_eq!(b.run("return window.__xss === undefined", json!([])), json!(true));
    assert_eq!(
        b.run(
            "return document.querySelectorAll('#search-results img, #search-results script, #search-results b').length",
            json!([])
        ),
        json!(0)
    );
    let title = b.text(&b.find("#search-results a.result-title"));
    assert!(title.contains("<img src=x"), "the title is shown as text: {title}");
}

#[test]
fn enter_in_the_header_box_opens_the_search_page() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("study/index.html"));
    let input = b.find("#site-search-input");
    b.type_text(&input, "一岗双责\u{E007}");
    b.wait_for(
        "return location.pathname.endsWith('/search.html') && document.querySelector('#search-results li.result')",
    );
    let url = b.url();
    assert!(url.contains("search.html?q="), "{url}");
    let status = b.text(&b.find("#search-status"));
    assert!(status.contains("找到"), "{status}");
}

#[test]
fn a_browser_without_decompression_stream_searches_with_the_bundled_inflater() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    let texts = page_texts(&out);
    let want: Vec<u64> = brute_force(&texts, "意识形态").into_iter().collect();
    open(&b, &out.join("search.html"));
    b.wait_for("return !!(window.__shuyuan && window.__shuyuan.search)");
    let found = b.run_async(
        "var done = arguments[arguments.length - 1];
         window.DecompressionStream = undefined;
         var S = window.__shuyuan;
         S.search('意识形态').then(function (r) {
           // Page lists and positions are not deflated; a result's text is.
           return S.describe(r.hits[0], ['意识形态']).then(function (d) {
             done({ pages: r.hits.map(function (h) { return h.page; }).sort(function (a, b) { return a - b; }),
                    pako: !!window.pako, snippet: JSON.stringify(d).indexOf('意识形态') >= 0 });
           });
         }).catch(function (e) { done({ error: String(e) }); });",
        json!([]),
    );
    assert_eq!(found["pako"], json!(true), "the bundled inflater was loaded: {found}");
    assert_eq!(found["snippet"], json!(true), "and the result's text unpacked with it: {found}");
    assert_eq!(found["pages"], json!(want), "the same pages as a brute-force scan");
    assert!(out.join("static/vendor/pako-LICENSE.txt").exists(), "its licence travels with it");
}

/// Every constant the browser code reads (where a page's body starts, heads
/// per file, the year the filters count from, the number of kinds) is in the
/// index's directory with Rust's value, and the scripts copy none of them.
#[test]
fn the_browser_reads_the_index_constants_from_the_directory() {
    let (_tmp, out) = build_sample();
    let index = crate::site::utf16_file(&std::fs::read(out.join("search/index.js")).unwrap());
    let call = index.trim().strip_prefix("__shuyuan.index(").and_then(|r| r.strip_suffix(");")).expect("one call");
    let d: Value = serde_json::from_str(call).expect("JSON");
    assert_eq!(d["body_start"], json!(shuyuan::search::BODY_START));
    assert_eq!(d["heads_per_file"], json!(shuyuan::search::HEADS_PER_FILE));
    assert_eq!(d["shards_per_list"], json!(shuyuan::search::SHARDS_PER_LIST));
    assert_eq!(d["year_base"], json!(shuyuan::search::YEAR_BASE));
    assert_eq!(d["kinds"], json!(shuyuan::content::Kind::ALL.len()));
    assert_eq!(d["end"], json!(" "));
    assert!(d.get("v").is_none(), "the unread format version is gone");
    for script in ["search.js", "search-ui.js", "site.js"] {
        let js = std::fs::read_to_string(out.join("static").join(script)).unwrap();
        for copy in [shuyuan::search::BODY_START.to_string(), shuyuan::search::YEAR_BASE.to_string()] {
            assert!(!js.contains(&copy), "{script} copies {copy}");
        }
    }
}

/// The browser has a callback for every call the index files make
/// (`shuyuan::search::Call`), and dispatches to no other name.
#[test]
fn every_call_the_index_files_make_has_its_callback_in_the_browser() {
    let (_tmp, out) = build_sample();
    let Some(b) = Browser::start() else { return };
    open(&b, &out.join("search.html"));
    b.wait_for("return !!(window.__shuyuan && window.__shuyuan.search)");
    let names = b.run("return Object.keys(window.__shuyuan.calls).sort()", json!([]));
    let mut want: Vec<&str> = shuyuan::search::Call::ALL.iter().map(|c| c.name()).collect();
    want.sort();
    assert_eq!(names, json!(want));
    let refused = b.run(
        "try { window.__shuyuan.b('x', '', 'search', ''); return 'called'; } catch (e) { return String(e); }",
        json!([]),
    );
    assert!(refused.as_str().is_some_and(|r| r.contains("no callback search")), "{refused}");
}

/// Loads the engine without its Traditional table, runs each query of
/// `arguments[0]` in turn; per query the pages found, the first hit's
/// snippet's marked text, and whether the table is loaded by then.
const QUERIES_AND_TABLE: &str = "
    var done = arguments[arguments.length - 1], qs = arguments[0], out = [];
    var s = document.createElement('script');
    s.src = 'static/search.js';
    s.onload = function () {
      var S = window.__shuyuan;
      (function next(i) {
        if (i === qs.length) return done(out);
        S.search(qs[i]).then(function (r) {
          var first = r.hits.length ? S.describe(r.hits[0], r.terms.map(function (t) { return t.words.join(' '); })) : Promise.resolve(null);
          return first.then(function (d) {
            var marked = d && d.sections.length ? d.sections[0].snippet.filter(function (p) { return p[1]; }).map(function (p) { return p[0]; }) : [];
            out.push({ pages: r.hits.map(function (h) { return h.page; }), marked: marked, table: S.files().indexOf('t2s.js') >= 0 });
            next(i + 1);
          });
        }, function (e) { done({ error: String(e) }); });
      })(0);
    };
    document.head.appendChild(s);";

/// The Traditional table (t2s.js) is not loaded before the first query: a
/// library of Simplified text loads it only for a query that could need it
/// (`意識形態` still finds what `意识形态` finds), and one whose texts hold
/// Traditional characters loads it with the first query, so that their
/// matches are marked.
#[test]
fn the_traditional_table_loads_only_for_a_query_that_could_need_it() {
    let Some(b) = Browser::start() else { return };
    let run = |body: &str, queries: &[&str]| {
        let site = TestSite::empty();
        site.write("content/a.md", &format!("---\ntitle: 第一篇\n---\n\n{body}\n"));
        site.write("content/b.md", "---\ntitle: 第二篇\n---\n\n加强网络安全工作。\n");
        site.build_ok();
        open(&b, &site.public().join("search.html"));
        let r = b.run_async(QUERIES_AND_TABLE, json!([queries]));
        assert!(r.get("error").is_none(), "{r}");
        r
    };
    let simplified = run("落实意识形态工作责任制。", &["意识形态", "网络安全", "意識形態"]);
    let r = simplified.as_array().unwrap();
    assert_eq!(r[0]["table"], json!(false), "a Simplified query on Simplified text needs no table: {simplified}");
    assert_eq!(r[1]["table"], json!(false), "{simplified}");
    assert_eq!(r[2]["table"], json!(true), "a Traditional query loads it: {simplified}");
    assert_eq!(r[2]["pages"], r[0]["pages"], "and finds what the Simplified one finds");
    assert_eq!(r[0]["marked"], json!(["意识形态"]));
    let traditional = run("落實意識形態工作責任制。", &["意识形态"]);
    assert_eq!(traditional[0]["table"], json!(true), "Traditional text loads it with the first query: {traditional}");
    assert_eq!(traditional[0]["marked"], json!(["意識形態"]), "{traditional}");
}
