//! `shuyuan serve` as an editor uses it: pages from memory, an edit seen and
//! announced, a broken front matter shown as an error while the last good
//! build stays up, recovery, traversal attempts, many clients at once.

use crate::site::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    /// What the server printed to its standard error so far.
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

/// Starts `shuyuan serve` on a free port it picks itself (`--port 0`) and
/// reads from the URL it prints: a port picked here and passed on could be
/// taken by another test's server in between, which then answered for it.
fn start_with(site: &TestSite, extra: &[&str]) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shuyuan"));
    command.args(["serve", "--port", "0", "--root"]).arg(&site.root).args(extra);
    start_command(command)
}

/// Starts `command`, a `shuyuan serve --port 0`, as [`start_with`] does.
fn start_command(mut command: Command) -> Server {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let (errors, written) = (child.stderr.take().unwrap(), stderr.clone());
    std::thread::spawn(move || {
        for line in BufReader::new(errors).lines().map_while(Result::ok) {
            let mut all = written.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    let (tx, rx) = mpsc::channel();
    // Reads every line, so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let port = line.split("http://127.0.0.1:").nth(1).and_then(|rest| rest.split('/').next()?.parse().ok());
            if let Some(port) = port {
                let _ = tx.send(port);
            }
        }
    });
    let port: u16 = rx.recv_timeout(Duration::from_secs(20)).expect("serve did not start");
    let server = Server { child, port, stderr };
    assert_eq!(get(&server, "/").0, 200, "serve answers once it prints its URL");
    server
}

/// A raw HTTP/1.1 request, so that paths reach the server exactly as written.
fn request(server: &Server, method: &str, path: &str) -> (u16, String, String) {
    let raw = request_bytes(server, method, path);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_string(), body.to_string())
}

/// The whole response, head and body, as bytes.
fn request_bytes(server: &Server, method: &str, path: &str) -> Vec<u8> {
    let mut raw = Vec::new();
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", server.port)) else { return raw };
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(s, "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let _ = s.read_to_end(&mut raw);
    raw
}

/// The body of a GET, as bytes (index files are UTF-16).
fn get_body_bytes(server: &Server, path: &str) -> Vec<u8> {
    let raw = request_bytes(server, "GET", path);
    let start = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |p| p + 4);
    raw[start..].to_vec()
}

fn get(server: &Server, path: &str) -> (u16, String) {
    let (status, _, body) = request(server, "GET", path);
    (status, body)
}

/// Listens to the live-reload events; each `event:` name arrives on the
/// channel, but the warnings each listener is told as it connects.
fn listen(server: &Server) -> mpsc::Receiver<(String, String)> {
    listen_to(server, &["warnings"])
}

fn listen_to(server: &Server, leave_out: &'static [&'static str]) -> mpsc::Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(s, "GET /__shuyuan/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if leave_out.contains(&name.as_str()) {
                    continue;
                }
                if tx.send((name.clone(), d.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

fn wait_for<F: Fn() -> bool>(what: &str, f: F) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edit_reload_error_overlay_and_recovery() {
    let site = TestSite::fixture("library");
    site.write("static/extra.css", "body{}");
    let server = start(&site);
    let (status, body) = get(&server, "/study/b.html");
    assert_eq!(status, 200);
    assert!(body.contains("乙的正文。") && body.contains("/__shuyuan/live.js"), "pages carry the live-reload script");
    assert!(!site.public().exists(), "serve builds into memory, not public/");
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(300));

    // An editor's atomic save: write a temporary file, then rename it over the page.
    let page = site.root.join("content/study/b.md");
    let tmp = site.root.join("content/study/.b.md.swp");
    std::fs::write(&tmp, "---\ntitle: 学习材料乙\ndate: 2022-04-01\nweight: 2\ntopics: [保密]\n---\n\n改过的正文。\n")
        .unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("a reload event");
    assert_eq!(name, "reload");
    assert!(get(&server, "/study/b.html").1.contains("改过的正文。"), "the reload comes after the rebuild");
    // The search index follows the reload: page 3 (content order) is study/b.md.
    wait_for("the search index to hold the edit", || {
        crate::site::page_text(3, |f| get_body_bytes(&server, &format!("/search/{f}")))["x"]
            .as_str()
            .is_some_and(|x| x.contains("改过的正文"))
    });

    std::fs::write(&page, "---\ntitle: 坏\ntopics: [a, b\n---\n").unwrap();
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).expect("an error event");
    assert_eq!(name, "builderror");
    assert!(data.contains("b.md:") && data.contains("did not find expected"), "{data}");
    let (status, body) = get(&server, "/study/b.html");
    assert_eq!(status, 200, "the last good build stays up");
    assert!(body.contains("改过的正文。"));
    let late = listen(&server);
    let (name, _) = late.recv_timeout(Duration::from_secs(20)).expect("a new tab learns of the error at once");
    assert_eq!(name, "builderror");

    std::fs::write(&page, "---\ntitle: 学习材料乙\ntopics: [保密]\n---\n\n修好了。\n").unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("recovery");
    assert_eq!(name, "reload");
    wait_for("the fixed page", || get(&server, "/study/b.html").1.contains("修好了。"));

    std::fs::write(site.root.join("static/extra.css"), "body{color:red}").unwrap();
    let mut css = None;
    while let Ok((name, _)) = events.recv_timeout(Duration::from_secs(30)) {
        css = Some(name.clone());
        if name == "css" {
            break;
        }
    }
    assert_eq!(css.as_deref(), Some("css"), "a CSS-only change swaps styles");
}

#[test]
fn only_the_site_is_served() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    for path in [
        "/../site.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/study/..%2f..%2fsite.yaml",
        "/study/%5c..%5c..%5csite.yaml",
        "/..\\..\\site.yaml",
        "/C:/Windows/win.ini",
        "/a%00.html",
    ] {
        let (status, body) = get(&server, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("测试文库\ndescription") && !body.contains("root:"), "{path} leaked a file");
    }
    let (status, body) = get(&server, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"), "the site's own 404 page");
    let (status, head, body) = request(&server, "HEAD", "/index.html");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.is_empty(), "HEAD has no body");
    assert_eq!(request(&server, "POST", "/index.html").0, 405);
    let (status, _, _) = request(&server, "GET", "nonsense");
    assert!(status == 400 || status == 404, "{status}");
    let (status, head, _) = request(&server, "GET", "/static/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("text/css; charset=utf-8"));
}

#[test]
fn fifty_clients_at_once_with_listeners_open() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    let listeners: Vec<_> = (0..10).map(|_| listen(&server)).collect();
    let started = Instant::now();
    let port = server.port;
    let workers: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let s = Server { child: Command::new("true").spawn().unwrap(), port, stderr: Arc::default() };
                let path = if i % 2 == 0 { "/index.html" } else { "/study/a.html" };
                (0..4).all(|_| get(&s, path).0 == 200)
            })
        })
        .collect();
    for w in workers {
        assert!(w.join().unwrap(), "every request answered");
    }
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    drop(listeners);
}

#[test]
fn polling_sees_edits_on_file_systems_without_events() {
    let site = TestSite::fixture("library");
    let server = start_with(&site, &["--poll"]);
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(site.root.join("content/study/b.md"), "---\ntitle: 学习材料乙\n---\n\n轮询看到了。\n").unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("a reload event");
    assert_eq!(name, "reload");
    assert!(get(&server, "/study/b.html").1.contains("轮询看到了。"));
}

/// Benchmark, not a test: save-to-reload time of `serve` on the site at
/// SHUYUAN_BENCH_ROOT (run by scripts/bench-serve.sh).
#[test]
#[ignore = "benchmark: run scripts/bench-serve.sh"]
fn bench_save_to_reload() {
    let root = std::path::PathBuf::from(std::env::var("SHUYUAN_BENCH_ROOT").expect("SHUYUAN_BENCH_ROOT"));
    let page = std::path::PathBuf::from(std::env::var("SHUYUAN_BENCH_PAGE").expect("SHUYUAN_BENCH_PAGE"));
    let site = TestSite::empty();
    crate::site::copy_dir(&root, &site.root);
    let page = site.root.join(page);
    let original = std::fs::read_to_string(&page).unwrap();
    let server = start(&site);
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(500));
    let mut times = Vec::new();
    for i in 0..5 {
        let started = Instant::now();
        std::fs::write(&page, format!("{original}\n\n第{i}次修改。\n")).unwrap();
        loop {
            let (name, _) = events.recv_timeout(Duration::from_secs(120)).expect("reload");
            if name == "reload" {
                break;
            }
        }
        times.push(started.elapsed().as_millis());
        std::thread::sleep(Duration::from_millis(300));
    }
    times.sort();
    println!("save-to-reload over 5 edits: median {} ms, max {} ms", times[2], times[4]);
}

/// The lines of a listing of problems told to a page (src/serve/report.rs).
fn lines(listing: &serde_json::Value) -> Vec<String> {
    listing["lines"].as_array().unwrap().iter().map(|l| l["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn each_page_is_told_the_builds_warnings_as_it_loads() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    let (_, js) = get(&server, "/__shuyuan/live.js");
    assert!(js.contains("'warnings'") && js.contains("shuyuan-warnings"), "the page shows them");
    let events = listen_to(&server, &[]);
    let (name, data) = events.recv_timeout(Duration::from_secs(20)).expect("the warnings, at once");
    assert_eq!(name, "warnings");
    let warnings = lines(&serde_json::from_str(&data).unwrap());
    assert!(warnings.iter().any(|w| w.contains("a.md:12: link `../rule/old.md`")), "{warnings:?}");

    // One fixed: the next page loaded is told the one left.
    let page = site.root.join("content/study/a.md");
    let text = std::fs::read_to_string(&page).unwrap().replace("，再看[旧制度](../rule/old.md)", "");
    std::fs::write(&page, text).unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("a reload");
    assert_eq!(name, "reload");
    let (name, data) = listen_to(&server, &[]).recv_timeout(Duration::from_secs(20)).expect("the warning left");
    assert_eq!(name, "warnings");
    assert!(data.contains("the study plan for") && !data.contains("a.md:12"), "{data}");

    // Both fixed: the next page is told nothing.
    let rule = "---\ntitle: 旧保密制度\nkind: rule\ndate: 2019-01-01\n---\n\n第一条 旧的规定。\n";
    std::fs::write(site.root.join("content/rule/old.md"), rule).unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("a reload");
    assert_eq!(name, "reload");
    let quiet = listen_to(&server, &[]);
    assert!(quiet.recv_timeout(Duration::from_secs(1)).is_err(), "no warnings left to tell");
}

/// A site whose 30 pages each hold a picture from the web: one family of 30 warnings.
fn pages_with_a_web_image() -> TestSite {
    let site = TestSite::fixture("library");
    for i in 0..30 {
        site.write(
            &format!("content/web/p{i:02}.md"),
            &format!("---\ntitle: 网图{i}\n---\n\n![图](https://example.org/{i}.png)\n"),
        );
    }
    site
}

#[test]
fn the_terminal_prints_a_family_once_and_a_rebuild_only_the_new_warnings() {
    let site = pages_with_a_web_image();
    let server = start(&site);
    let events = listen(&server);
    let printed = || server.stderr.lock().unwrap().clone();
    wait_for("the first build's warnings", || printed().contains("in 30 files"));
    let first = printed();
    assert_eq!(first.matches("example.org").count(), 0, "one line for the family: {first}");
    assert!(first.contains("warning: image that would load from the internet, shown as a link in 30 files"), "{first}");
    site.write(
        "content/web/p00.md",
        "---\ntitle: 网图0\n---\n\n换了正文，[坏链接](nope.md)。\n\n![图](https://example.org/0.png)\n",
    );
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).expect("a failed build");
    assert_eq!(name, "builderror");
    let failure: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(failure["errors"]["count"], 1, "{data}");
    assert!(lines(&failure["errors"])[0].contains("p00.md:5: link to missing page `nope.md`"), "{data}");
    assert!(lines(&failure["warnings"]).iter().any(|l| l.contains("in 30 files")), "one line for the family: {data}");
    assert!(
        failure["hint"].as_str().unwrap().starts_with("1 broken link: fix it, or set `broken_links: warn`"),
        "{data}"
    );
    wait_for("the error in the terminal", || printed().contains("nope.md"));
    let after = printed()[first.len()..].to_string();
    assert!(!after.contains("in 30 files"), "the warnings already printed are not printed again: {after}");
    assert!(after.trim_end().ends_with("to build anyway"), "the way through comes last: {after}");
}

#[test]
fn serve_with_broken_links_warn_keeps_building_and_tells_them_as_warnings() {
    let site = TestSite::fixture("broken-links");
    let server = start_with(&site, &["--broken-links", "warn"]);
    let (status, body) = get(&server, "/reference/manifest.html");
    assert_eq!(status, 200, "the site is built");
    assert!(body.contains("设置依赖解析器"));
    let (name, data) = listen_to(&server, &[]).recv_timeout(Duration::from_secs(20)).expect("the warnings");
    assert_eq!(name, "warnings");
    let warnings: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(warnings["count"], 5, "{data}");
    assert!(lines(&warnings).iter().any(|l| l.contains("link to missing page `resolver.md")), "{data}");
}

#[test]
fn the_warnings_show_in_a_corner_of_the_page_and_open_on_a_click() {
    let Some(browser) = crate::browser::Browser::start() else { return };
    let site = TestSite::fixture("library");
    let server = start(&site);
    browser.goto(&format!("http://127.0.0.1:{}/study/a.html", server.port));
    let summary = browser.find_when("#shuyuan-warnings summary");
    let text = browser.text(&summary);
    assert!(text.contains("2 条警告") && text.contains("2 warnings"), "{text}");
    assert_eq!(browser.run("return document.querySelector('#shuyuan-warnings').open", serde_json::json!([])), false);
    browser.click(&summary);
    let shown = browser.run(
        "return [...document.querySelectorAll('#shuyuan-warnings li')].filter(li => li.offsetHeight > 0).map(li => li.textContent)",
        serde_json::json!([]),
    );
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].contains("a.md:12: link `../rule/old.md`"), "{shown:?}");
    let title = browser.run("return document.querySelector('h1').textContent", serde_json::json!([]));
    assert!(title.as_str().is_some_and(|t| !t.is_empty()), "the page itself is still there");
}

#[test]
fn a_page_is_told_the_first_hundred_warnings_only() {
    let site = TestSite::fixture("library");
    for i in 0..150 {
        let page = format!("---\ntitle: 页{i}\n---\n正文，见[旧制度](../rule/old.md)。\n");
        site.write(&format!("content/many/p{i}.md"), &page);
    }
    let server = start(&site);
    let (name, data) = listen_to(&server, &[]).recv_timeout(Duration::from_secs(20)).expect("the warnings");
    assert_eq!(name, "warnings");
    let warnings: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(lines(&warnings).len(), 100, "{data}");
    assert_eq!(warnings["count"], 152, "{data}");
    assert_eq!(warnings["more"], 52, "{data}");
    let (_, js) = get(&server, "/__shuyuan/live.js");
    assert!(js.contains("more: shuyuan check --verbose lists them all"), "the page says where the rest are");
}

#[test]
fn the_error_overlay_lists_errors_before_warnings_and_a_family_as_one_line() {
    let Some(browser) = crate::browser::Browser::start() else { return };
    let site = pages_with_a_web_image();
    let server = start(&site);
    browser.goto(&format!("http://127.0.0.1:{}/study/a.html", server.port));
    browser.find_when("#shuyuan-warnings summary");
    let box_lines = browser.count("#shuyuan-warnings ol[data-kind=warnings] > li");
    assert_eq!(box_lines, 3, "the family and the fixture's two warnings");
    site.write("content/study/b.md", "---\ntitle: 坏\ntopics: [a, b\n---\n");
    browser.find_when("#shuyuan-error ol[data-kind=errors]");
    let text = browser.text(&browser.find("#shuyuan-error"));
    let (error, warning) = (text.find("did not find expected").unwrap(), text.find("in 30 files").unwrap());
    assert!(error < warning, "errors first: {text}");
    // b.md no longer loads, so the plan that lists it has nothing to warn about.
    assert!(text.contains("1 个错误 · 1 error") && text.contains("31 条警告 · 31 warnings"), "{text}");
    assert_eq!(browser.count("#shuyuan-error ol[data-kind=warnings] > li"), 2, "{text}");
    assert!(!text.contains("example.org/7.png"), "a family's members are folded: {text}");
    let family = browser.find("#shuyuan-error ol[data-kind=warnings] details summary");
    browser.click(&family);
    let text = browser.text(&browser.find("#shuyuan-error"));
    assert!(text.contains("p07.md:5: image `https://example.org/7.png`"), "and open on a click: {text}");
}

#[test]
fn serve_survives_a_template_that_extends_itself_and_recovers() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    assert_eq!(get(&server, "/study/b.html").0, 200);
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(300));
    site.write("templates/base.html", "{% extends \"base.html\" %}\n");
    let (name, data) = events.recv_timeout(Duration::from_secs(30)).expect("an error event");
    assert_eq!(name, "builderror");
    assert!(data.contains("templates/base.html: extends itself"), "{data}");
    assert_eq!(get(&server, "/study/b.html").0, 200, "still serving the last good build");
    std::fs::remove_file(site.root.join("templates/base.html")).unwrap();
    let (name, _) = events.recv_timeout(Duration::from_secs(30)).expect("recovery");
    assert_eq!(name, "reload");
}

#[test]
fn a_request_for_another_host_is_refused() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    let ask = |host: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(s, "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        let _ = s.read_to_string(&mut text);
        text
    };
    let evil = ask("evil.com");
    assert!(evil.starts_with("HTTP/1.1 403"), "{evil}");
    assert!(evil.contains("answers only to localhost"), "{evil}");
    assert!(ask(&format!("127.0.0.1:{}", server.port)).starts_with("HTTP/1.1 200"));
    assert!(ask(&format!("localhost:{}", server.port)).starts_with("HTTP/1.1 200"));
    // A request line of raw non-ASCII bytes (URLs are sent percent-encoded) is answered, not dropped.
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all("GET /学.html HTTP/1.1\r\nHost: localhost\r\n\r\n".as_bytes()).unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 400"), "{raw}");
}

#[cfg(unix)]
#[test]
fn serve_keeps_accepting_after_running_out_of_file_descriptors() {
    let site = TestSite::fixture("library");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -n 96 && exec \"$0\" serve --port 0 --root \"$1\"")
        .arg(env!("CARGO_BIN_EXE_shuyuan"))
        .arg(&site.root);
    let server = start_command(command);
    // Half-open connections, more than the server has descriptors for.
    // Once the server's backlog is full a connection waits on the kernel's
    // retries, so each is given a short time and the first that fails ends it.
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    let idle: Vec<TcpStream> =
        (0..200).map_while(|_| TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()).collect();
    assert!(idle.len() > 96, "{} connections opened", idle.len());
    std::thread::sleep(Duration::from_millis(500));
    drop(idle);
    // The watchdog notices within seconds; a loaded machine may take longer.
    let deadline = Instant::now() + Duration::from_secs(90);
    let answered = || {
        let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else { return false };
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = write!(s, "GET /study/b.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let mut head = [0u8; 12];
        s.read_exact(&mut head).is_ok() && head.ends_with(b"200")
    };
    while !answered() {
        assert!(Instant::now() < deadline, "the server never answered again");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(get(&server, "/").0, 200);
}

/// Waits (30 s at most) for an event of this name, passing over the others.
fn wait_for_event(events: &mpsc::Receiver<(String, String)>, name: &str, what: &str) -> String {
    loop {
        match events.recv_timeout(Duration::from_secs(30)) {
            Ok((n, data)) if n == name => return data,
            Ok(_) => continue,
            Err(_) => panic!("no {name} event: {what}"),
        }
    }
}

#[test]
fn serve_sees_content_again_after_it_is_deleted_or_moved_away_and_back() {
    let site = TestSite::fixture("library");
    let server = start(&site);
    let events = listen(&server);
    std::thread::sleep(Duration::from_millis(300));
    let content = site.root.join("content");
    let kept = site.root.join("kept");
    crate::site::copy_dir(&content, &kept);

    std::fs::remove_dir_all(&content).unwrap();
    let data = wait_for_event(&events, "builderror", "content/ deleted");
    assert!(data.contains("content"), "{data}");
    crate::site::copy_dir(&kept, &content);
    site.write("content/study/new.md", "---\ntitle: 新页\n---\n\n新建的页。\n");
    wait_for("the page added to the new content/", || get(&server, "/study/new.html").1.contains("新建的页。"));
    // The new folder is watched: a later edit is seen too.
    site.write("content/study/new.md", "---\ntitle: 新页\n---\n\n改过的新页。\n");
    wait_for("the edit in the new content/", || get(&server, "/study/new.html").1.contains("改过的新页。"));

    let away = site.root.join("away");
    std::fs::rename(&content, &away).unwrap();
    wait_for_event(&events, "builderror", "content/ moved away");
    std::fs::rename(&away, &content).unwrap();
    wait_for_event(&events, "reload", "content/ moved back");
    site.write("content/study/later.md", "---\ntitle: 后来的页\n---\n\n后来加的页。\n");
    wait_for("a page added after the move back", || get(&server, "/study/later.html").1.contains("后来加的页。"));
    site.write("content/study/later.md", "---\ntitle: 后来的页\n---\n\n又改了。\n");
    wait_for("an edit after the move back", || get(&server, "/study/later.html").1.contains("又改了。"));
}

#[test]
fn the_404_page_at_any_depth_has_its_style_and_links_to_the_home_page() {
    let Some(browser) = crate::browser::Browser::start() else { return };
    let site = TestSite::fixture("library");
    let server = start(&site);
    let (status, body) = get(&server, "/study/deeper/still/nope.html");
    assert_eq!(status, 404, "{body}");
    browser.goto(&format!("http://127.0.0.1:{}/study/deeper/still/nope.html", server.port));
    let home = browser
        .wait_for("var a = document.querySelector('main a'); return a && a.href.endsWith('/index.html') && a.href");
    assert_eq!(
        home,
        serde_json::json!(format!("http://127.0.0.1:{}/index.html", server.port)),
        "首页 leads to the site root"
    );
    let styled =
        browser.run("return getComputedStyle(document.querySelector('.site-header')).position", serde_json::json!([]));
    assert_eq!(styled, "sticky", "the theme's stylesheet applies");
    let nav = browser.run("return document.querySelector('.site-nav a').href", serde_json::json!([]));
    assert!(nav.as_str().is_some_and(|h| !h.contains("/deeper/")), "the navigation leads from the root: {nav}");
    browser.wait_for("return window.__shuyuan && window.__shuyuan.version");
    let failed = browser.run(
        "return performance.getEntriesByType('resource').filter(e => e.responseStatus >= 400).map(e => e.name)",
        serde_json::json!([]),
    );
    assert_eq!(failed, serde_json::json!([]), "no request fails");
    let icon = browser.run(
        "return document.querySelector('link[rel=icon]').href.startsWith('data:image/svg+xml')",
        serde_json::json!([]),
    );
    assert_eq!(icon, true, "the icon is in the page");
}
