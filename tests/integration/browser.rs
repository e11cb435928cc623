//! A real headless Chromium, driven through chromedriver's WebDriver
//! protocol, opens the built sample library from file:// and navigates it
//! as a reader would: home → topic → document.

use serde_json::{json, Value};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A Chromium session; the driver and the browser end when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium. Outside CI a machine
    /// without them skips the test (with a note); in CI it fails.
    pub fn start() -> Option<Browser> {
        if !std::path::Path::new(CHROMEDRIVER).exists() {
            assert!(std::env::var_os("CI").is_none(), "CI must install chromium and chromium-driver");
            eprintln!("skipping browser test: {CHROMEDRIVER} not installed (apt-get install chromium chromium-driver)");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = profile_dir();
        let mut b = Browser { driver, base: format!("http://127.0.0.1:{port}"), _profile: profile };
        b.wait_ready();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,900",
        ];
        let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", b._profile.path().display()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args}
        }}});
        let session = b.post("/session", caps);
        let id = session["sessionId"].as_str().expect("session id").to_string();
        b.base = format!("{}/session/{id}", b.base);
        Some(b)
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = ureq::get(&format!("{}/status", self.base)).call() {
                let v: Value = r.into_json().unwrap_or_default();
                if v["value"]["ready"] == json!(true) {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("chromedriver did not start");
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        match ureq::post(&url).send_json(body) {
            Ok(r) => r.into_json::<Value>().unwrap()["value"].take(),
            Err(ureq::Error::Status(code, r)) => panic!("{url}: {code} {}", r.into_string().unwrap_or_default()),
            Err(e) => panic!("{url}: {e}"),
        }
    }

    fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.base);
        ureq::get(&url).call().unwrap_or_else(|e| panic!("{url}: {e}")).into_json::<Value>().unwrap()["value"].take()
    }

    pub fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    /// The window (tab) being driven.
    pub fn window(&self) -> String {
        self.get("/window").as_str().unwrap_or_default().to_string()
    }

    /// Opens a new tab and returns its handle (the driven one stays).
    pub fn new_tab(&self) -> String {
        self.post("/window/new", json!({ "type": "tab" }))["handle"].as_str().expect("a tab's handle").to_string()
    }

    /// Drives the window (tab) `handle` from now on.
    pub fn switch_to(&self, handle: &str) {
        self.post("/window", json!({ "handle": handle }));
    }

    /// The browser's Back button.
    pub fn back(&self) {
        self.post("/back", json!({}));
    }

    pub fn url(&self) -> String {
        self.get("/url").as_str().unwrap_or_default().to_string()
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> String {
        let v = self.post("/element", json!({"using": "css selector", "value": css}));
        v[ELEMENT_KEY].as_str().unwrap_or_else(|| panic!("no element {css}: {v}")).to_string()
    }

    /// The first element matching a CSS selector, once there is one.
    pub fn find_when(&self, css: &str) -> String {
        self.wait_for(&format!("return document.querySelector({})", json!(css)));
        self.find(css)
    }

    pub fn count(&self, css: &str) -> usize {
        self.post("/elements", json!({"using": "css selector", "value": css})).as_array().map_or(0, Vec::len)
    }

    pub fn text(&self, element: &str) -> String {
        self.get(&format!("/element/{element}/text")).as_str().unwrap_or_default().to_string()
    }

    pub fn click(&self, element: &str) {
        self.post(&format!("/element/{element}/click"), json!({}));
    }

    pub fn type_text(&self, element: &str, text: &str) {
        self.post(&format!("/element/{element}/value"), json!({ "text": text }));
    }

    /// Presses a key (WebDriver's code: `\u{E004}` is Tab) where the focus is.
    pub fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
        ]}]});
        self.post("/actions", actions);
    }

    /// Sets the window's size (in headless Chromium, the viewport's).
    pub fn resize(&self, width: u32, height: u32) {
        self.post("/window/rect", json!({ "width": width, "height": height }));
    }

    /// Emulates `prefers-color-scheme` (`light` or `dark`), through the
    /// DevTools protocol chromedriver passes on.
    pub fn color_scheme(&self, scheme: &str) {
        let features = json!([{ "name": "prefers-color-scheme", "value": scheme }]);
        self.post(
            "/goog/cdp/execute",
            json!({ "cmd": "Emulation.setEmulatedMedia", "params": { "features": features } }),
        );
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Runs asynchronous JavaScript; it calls `arguments[arguments.length - 1]` with its result.
    pub fn run_async(&self, script: &str, args: Value) -> Value {
        self.post("/timeouts", json!({ "script": 120_000 }));
        self.post("/execute/async", json!({ "script": script, "args": args }))
    }

    /// The text of the first element matching `css`, once it holds `part`:
    /// what a page draws from the reader's record may come a moment after
    /// the page, when the last page's write reaches this one late.
    pub fn text_when(&self, css: &str, part: &str) -> String {
        let script = format!(
            "var e = document.querySelector({}); return !!e && e.textContent.indexOf({}) >= 0",
            json!(css),
            json!(part)
        );
        self.wait_for(&script);
        self.text(&self.find(css))
    }

    /// Waits until `script` returns something truthy, or fails after 30 s.
    pub fn wait_for(&self, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let v = self.run(script, json!([]));
            if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for: {script}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Browser {
    /// Ends the session, closing the browser so its profile is written
    /// out, and hands the profile on (for a `chromium --headless` run of
    /// its own over what the session stored).
    pub fn end(mut self) -> tempfile::TempDir {
        let profile = std::mem::replace(&mut self._profile, tempfile::tempdir().unwrap());
        drop(self);
        // Chromium removes its SingletonLock once it has shut down and
        // written the profile out.
        let lock = profile.path().join("SingletonLock");
        let deadline = Instant::now() + Duration::from_secs(30);
        while lock.symlink_metadata().is_ok() {
            assert!(Instant::now() < deadline, "Chromium did not shut down within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        profile
    }
}

/// A fresh folder for the browser's profile: in memory (/dev/shm) where
/// the machine has it, so that what a page stores does not wait on a slow
/// or loaded disk (in CI the whole suite writes sites beside it).
fn profile_dir() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).unwrap()
}

/// Runs a browser test that reads the reader's record after a navigation,
/// up to five times, each in a fresh browser. Headless Chromium 156 now
/// and then loses what a page stored: a page saves the record and reads it
/// back, and the next page, in the same browser process, finds the file://
/// origin's localStorage empty (`length` 0), incognito or not, one browser
/// at a time or several. It is seen only with the machine loaded: six test
/// processes side by side lost a record in 9 of 36 test runs, and the full
/// suite under CI lost one in one test or two of its 205 in most runs, and
/// once the same test lost it three times running.
pub fn again_if_storage_lost(test: fn()) {
    // The test harness names each test's thread after the test.
    let name = std::thread::current().name().unwrap_or("this test").to_string();
    const ATTEMPTS: u32 = 5;
    for attempt in 1..=ATTEMPTS {
        match std::panic::catch_unwind(test) {
            Ok(()) => return,
            Err(e) if attempt < ATTEMPTS => {
                let why = e.downcast_ref::<String>().map(String::as_str).or(e.downcast_ref::<&str>().copied());
                eprintln!("{name}: attempt {attempt} failed ({}); once more in a fresh browser", why.unwrap_or("?"));
            }
            Err(e) => std::panic::resume_unwind(e),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn reader_goes_from_home_to_topic_to_document_over_file_url() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("file://{}", out.join("index.html").display()));
    assert!(b.text(&b.find("h1")).contains("意识形态工作学习文库"));

    let topic = b.find(".tag-cloud a");
    let topic_name = b.text(&topic);
    b.click(&topic);
    assert!(b.url().contains("/topic/") && b.url().ends_with(".html"), "at {}", b.url());
    let heading = b.text(&b.find("main h1"));
    assert!(topic_name.starts_with(&heading), "topic page {heading:?} for link {topic_name:?}");

    let doc = b.find(".page-link");
    let doc_title = b.text(&doc);
    b.click(&doc);
    assert!(b.url().ends_with(".html"), "at {}", b.url());
    assert_eq!(b.text(&b.find("h1.doc-title")), doc_title);
    assert!(b.count("nav.toc li") > 0, "the document shows its table of contents");

    let entry = b.find("nav.toc a");
    b.click(&entry);
    assert!(b.url().contains('#'), "a TOC entry jumps to its section: {}", b.url());
}
