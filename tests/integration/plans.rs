//! Study plans: a plan per topic with dated sessions, the calendar read back
//! by an independent parser, errors in topic files, and progress in a real
//! browser over file://.

use crate::browser::Browser;
use crate::site::{broken_links, run, TestSite};
use serde_json::json;
use std::process::Command;

const TOPIC: &str = "---\ntitle: 保密\nminutes: 1\nstart: 2025-12-05\ncadence: weekdays\noptional: [study/b.md]\n---\n\n保密专题的说明。\n";

fn site_with_plan() -> TestSite {
    let site = TestSite::fixture("library");
    site.write("content/topics/bao-mi.md", TOPIC);
    // Slow readers make the fixture's short pages a session each.
    site.write("site.yaml", "title: 测试文库\nreading:\n  cjk_per_minute: 10\n");
    site
}

#[test]
fn every_topic_has_a_plan_linked_from_its_pages() {
    let site = site_with_plan();
    let out = site.build_ok();
    assert!(out.stderr.contains("old.md") && out.stderr.contains("no longer in force"), "{}", out.stderr);
    let plan = site.read("plans/bao-mi.html");
    for want in ["保密专题的说明。", "第1次", "2025-12-05", "2025-12-08", "选读", "data-id=\"study/a.html#一学习要求\""]
    {
        assert!(plan.contains(want), "plan page lacks {want}");
    }
    assert!(!plan.contains("2025-12-06") && !plan.contains("2025-12-07"), "weekdays skip the weekend");
    assert!(
        plan.contains("已失效") && plan.contains("href=\"../rule/new.html\">新保密制度</a>"),
        "successor beside a repealed rule"
    );
    site.read("plans/li-lun-xue-xi.html");
    assert!(site.read("topic/bao-mi.html").contains("href=\"../plans/bao-mi.html\""));
    assert!(site.read("index.html").contains("href=\"plans/bao-mi.html\""));
    let a = site.read("study/a.html");
    assert!(a.contains("本文列入学习计划") && a.contains("../plans/bao-mi.html"), "pages name their plan and session");
    let print = site.read("plans/bao-mi-print.html");
    assert!(
        print.contains("学习清单")
            && print.contains("乙的正文。")
            && print.contains("<p id=\"第三条\" class=\"article\">"),
        "print pack holds every reading in full"
    );
    site.read("mine.html");
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn calendar_is_read_back_by_an_independent_parser() {
    let site = site_with_plan();
    site.build_ok();
    let ics_path = site.public().join("plans/bao-mi.ics");
    let raw = std::fs::read(&ics_path).unwrap();
    let text = String::from_utf8(raw.clone()).expect("UTF-8");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends only");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let plan = site.read("plans/bao-mi.html");
    let sessions = plan.matches("class=\"session\"").count();
    let script = r#"
import sys, json
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = [c for c in cal.walk('VEVENT')]
print(json.dumps([{
  'uid': str(e['UID']), 'stamp': e['DTSTAMP'].dt.isoformat(), 'start': e['DTSTART'].dt.isoformat(),
  'end': e['DTEND'].dt.isoformat(), 'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION'])} for e in events]))
"#;
    let out = run(Command::new("python3").arg("-c").arg(script).arg(&ics_path));
    if !out.ok && out.stderr.contains("No module named 'icalendar'") && std::env::var_os("CI").is_none() {
        eprintln!("skipping: pip install icalendar");
        return;
    }
    assert!(out.ok, "{}", out.stderr);
    let events: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(events.len(), sessions, "one event per session");
    assert_eq!(events[0]["start"], json!("2025-12-05"));
    assert_eq!(events[0]["end"], json!("2025-12-06"));
    assert_eq!(events[1]["start"], json!("2025-12-08"), "Monday after the weekend");
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), events.len(), "unique UIDs");
    assert!(events[0]["summary"].as_str().unwrap().contains("保密学习计划 第1次"));
    let description = events[0]["description"].as_str().unwrap();
    // Without a base URL there is no link a calendar could follow: the plan is named instead.
    assert!(description.contains("学习材料甲") && description.ends_with("学习计划：保密学习计划"), "{description}");
    assert!(events[0]["url"].is_null(), "no relative URL: {}", events[0]);
    assert!(events[0]["stamp"].as_str().unwrap().ends_with("+00:00"), "DTSTAMP in UTC");
}

#[test]
fn a_bad_topic_file_names_file_and_line() {
    let site = TestSite::fixture("library");
    site.write("content/topics/bao-mi.md", "---\ntitle: 保密\ncadence: monthly\norder: [study/none.md]\n---\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(
        out.stderr.contains("bao-mi.md:3: `cadence: monthly` must be daily, weekdays, weekly or none"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("bao-mi.md:4: `order` names `study/none.md`"), "{}", out.stderr);
}

#[test]
fn progress_persists_exports_resets_and_imports() {
    crate::browser::again_if_storage_lost(progress_persists_exports_resets_and_imports_once);
}

fn progress_persists_exports_resets_and_imports_once() {
    let site = site_with_plan();
    site.build_ok();
    let Some(b) = Browser::start() else { return };
    let plan = site.public().join("plans/bao-mi.html");
    b.goto(&format!("file://{}", plan.display()));
    let progress = || b.run("return document.getElementById('plan-progress-bar').value", json!([]));
    assert_eq!(progress(), json!(0));
    b.click(&b.find("input.reading-done"));
    assert_eq!(progress(), json!(1));
    b.goto(&format!("file://{}", plan.display()));
    // Still ticked after a reload.
    b.wait_for("return document.querySelector('input.reading-done').checked");
    assert_eq!(progress(), json!(1), "the progress bar moved");

    b.goto(&format!("file://{}", site.public().join("index.html").display()));
    // Filled once the study scripts have read the record, which may be after the page's load.
    let offered =
        "var c = document.querySelector('#continue-studying'); return !!c && c.textContent.indexOf('保密') >= 0";
    b.wait_for(offered);
    let cont = b.find("#continue-studying");
    assert!(b.text(&cont).contains("保密"), "the home page offers to continue");

    b.goto(&format!("file://{}", plan.display()));
    let exported = b.run("return window.__shuyuan.progress.export()", json!([])).as_str().unwrap().to_string();
    let file = site.root.join("progress.json");
    std::fs::write(&file, &exported).unwrap();
    b.run("window.confirm = function () { return true; };", json!([]));
    b.click(&b.find("button.progress-reset"));
    b.wait_for("return document.readyState === 'complete' && document.getElementById('plan-progress-bar') && document.getElementById('plan-progress-bar').value === 0");
    assert_eq!(
        b.run("return document.querySelector('input.reading-done').checked", json!([])),
        json!(false),
        "reset clears"
    );
    b.type_text(&b.find("input.progress-import"), file.to_str().unwrap());
    b.wait_for("return document.getElementById('plan-progress-bar') && document.getElementById('plan-progress-bar').value === 1");
    assert_eq!(
        b.run("return document.querySelector('input.reading-done').checked", json!([])),
        json!(true),
        "import restores"
    );

    // A whole session ticks at once.
    b.click(&b.find("section.session[data-session='2'] input.session-done"));
    let second_session_all = b.run(
        "return Array.from(document.querySelectorAll('section.session[data-session=\"2\"] input.reading-done')).every(function (x) { return x.checked; })",
        json!([]),
    );
    assert_eq!(second_session_all, json!(true));
    assert!(progress().as_u64().unwrap() >= 2);
}

#[test]
fn a_large_print_pack_loads_its_readings_when_opened() {
    let site = site_with_plan();
    site.write("site.yaml", "title: 测试文库\nprint_pack_kb: 0\n");
    site.build_ok();
    let pack = site.read("plans/bao-mi-print.html");
    assert!(!pack.contains("乙的正文。"), "readings are not carried in the pack");
    assert!(pack.contains("data-page="));
    let Some(b) = Browser::start() else { return };
    let srcs = open_print_pack(&b, &site);
    // Asked for with the scripts' version, so that over http no text cached
    // by an earlier version of shuyuan is read.
    let version =
        srcs.iter().find_map(|s| s.split_once("static/site.js?")).map(|(_, v)| v).expect("site.js with its version");
    let texts: Vec<&String> = srcs.iter().filter(|s| s.contains("/search/p/")).collect();
    assert!(!texts.is_empty() && texts.iter().all(|s| s.ends_with(&format!("?{version}"))), "{texts:?}");
    assert!(!srcs.iter().any(|s| s.contains("/search/p/d-")), "a library this small has no dictionary");

    // Pages that share sentences make the texts be packed with a dictionary,
    // which the pack loads once to unpack them.
    let shared = "各级党组织要切实履行保密工作主体责任，把保密工作纳入重要议事日程。";
    for i in 0..12 {
        site.write(
            &format!("content/study/shared-{i}.md"),
            &format!("---\ntitle: 通知{i}\n---\n\n{shared}第{i}号。\n"),
        );
    }
    site.build_ok();
    let srcs = open_print_pack(&b, &site);
    let dictionaries = srcs.iter().filter(|s| s.contains("/search/p/d-")).count();
    assert_eq!(dictionaries, 1, "{srcs:?}");
}

/// Opens the bao-mi print pack, checks that every reading arrived in full,
/// and returns the URLs of the page's scripts.
fn open_print_pack(b: &Browser, site: &TestSite) -> Vec<String> {
    b.goto(&format!("file://{}", site.public().join("plans/bao-mi-print.html").display()));
    b.wait_for("return document.getElementById('print-loading').hidden");
    let text = b.run("return document.querySelector('main').textContent", json!([]));
    let text = text.as_str().unwrap();
    assert!(text.contains("乙的正文。") && text.contains("为了规范保密工作"), "every reading in full");
    let heading = b.run(
        "return document.querySelector('article.print-doc h2') && document.querySelector('article.print-doc h2').id",
        json!([]),
    );
    assert!(heading.as_str().is_some_and(|id| !id.is_empty()), "headings come back as headings: {heading}");
    let srcs = b.run("return Array.from(document.scripts).map(function (s) { return s.src; })", json!([]));
    srcs.as_array().unwrap().iter().filter_map(|s| s.as_str().map(String::from)).collect()
}

/// Every link on the page whose href runs script.
const SCRIPT_LINKS: &str = "return Array.from(document.querySelectorAll('[href]')).map(function (a) { return a.getAttribute('href'); }).filter(function (h) { return /^\\s*(javascript|data|vbscript):/i.test(h) || /^\\s*\\/\\//.test(h); })";

#[test]
fn an_imported_progress_file_cannot_plant_a_link_and_says_what_it_refused() {
    crate::browser::again_if_storage_lost(an_imported_progress_file_cannot_plant_a_link_and_says_what_it_refused_once);
}

fn an_imported_progress_file_cannot_plant_a_link_and_says_what_it_refused_once() {
    let site = site_with_plan();
    site.build_ok();
    let Some(b) = Browser::start() else { return };
    let plan = site.public().join("plans/bao-mi.html");
    b.goto(&format!("file://{}", plan.display()));
    let site_id = b.run("return document.documentElement.getAttribute('data-site')", json!([]));
    let planted = json!({
        "format": "shuyuan-progress",
        "site": site_id,
        "data": {
            "plan/bao-mi": {
                "done": {"study/a.html#一学习要求": 1, "javascript:alert(1)": 1, "../../etc/passwd": 1},
                "next": {"label": "下一篇", "href": "javascript:alert(document.cookie)"},
                "name": "<img src=x onerror=alert(3)>",
                "url": "javascript:alert(2)",
                "updated": 9e15
            },
            "plan/li-lun-xue-xi": {
                "done": {},
                "next": {"label": "理论文章", "href": "study/b.html"},
                "url": "//evil.example/steal",
                "updated": 9e15
            },
            "plan/evil": {"next": {"label": "x", "href": "study/b.html"}},
            "../settings": {"x": 1}
        }
    });
    let file = site.root.join("planted.json");
    std::fs::write(&file, planted.to_string()).unwrap();
    // The report is on the page once the file is read.
    b.type_text(&b.find("input.progress-import"), file.to_str().unwrap());
    let said = b.wait_for("var p = document.querySelector('.import-report'); return p && !p.hidden && p.textContent");
    let said = said.as_str().unwrap_or_default();
    b.wait_for("return document.getElementById('plan-progress-bar').value === 1");
    for refused in [
        "“plan/evil”：本文库没有这个学习计划",
        "“../settings”",
        "“bao-mi”：2 项不是本站的页面",
        "“bao-mi”：指向本站以外的链接",
    ] {
        assert!(said.contains(refused), "the import names what it refused ({refused}): {said}");
    }
    assert!(said.contains("已合并 1 项学习记录"), "{said}");

    // An entry planted in the browser's storage itself is not trusted either.
    let key = format!("shuyuan/{}/record", site_id.as_str().unwrap());
    let mut stored: serde_json::Value =
        serde_json::from_str(b.run("return localStorage.getItem(arguments[0])", json!([key])).as_str().unwrap())
            .unwrap();
    stored["plans"]["bao-mi"] = json!({"next": {"label": "x", "href": "javascript:alert(4)"}, "updated": 9.5e15});
    stored["done"]["javascript:alert(5)"] = json!({"d": "2025-12-01", "t": "<img src=x onerror=alert(6)>"});
    stored["notes"]["study/a.html"] = json!({"x": "<img src=x onerror=alert(7)>", "d": "2025-12-01"});
    b.run("localStorage.setItem(arguments[0], arguments[1]);", json!([key, stored.to_string()]));

    for page in ["index.html", "mine.html"] {
        b.goto(&format!("file://{}", site.public().join(page).display()));
        assert_eq!(b.run(SCRIPT_LINKS, json!([])), json!([]), "{page} links nowhere outside the site");
        b.wait_for("var c = document.querySelector('#continue-studying .continue-plan'); return !!c");
        let cont = b.text(&b.find("#continue-studying"));
        assert!(cont.contains("理论文章"), "{page}: the plan with a link inside the site is offered: {cont}");
        let plan_link =
            b.run("return document.querySelector('#continue-studying .continue-plan').getAttribute('href')", json!([]));
        assert_eq!(plan_link, json!("plans/li-lun-xue-xi.html"), "{page}: the plan's link is the site's own");
        assert!(!cont.contains("<img") && !cont.contains("evil"), "{cont}");
        assert_eq!(b.count("main img"), 0, "{page}: stored text is never HTML");
    }
}

#[test]
fn a_topic_page_shows_its_description_and_its_pages_in_the_plans_order() {
    let (_tmp, out) = crate::sample::build_sample();
    let topic = std::fs::read_to_string(out.join("topic/wang-luo-yi-shi-xing-tai.html")).unwrap();
    assert!(topic.contains("按原汇编顺序阅读"), "the topic's description is on its page");
    let plan = std::fs::read_to_string(out.join("plans/wang-luo-yi-shi-xing-tai.html")).unwrap();
    let links = |html: &str, class: &str| -> Vec<String> {
        let re = regex::Regex::new(&format!(r##"{class}[^>]*href="\.\./([^"#]+)"##)).unwrap();
        let mut seen = Vec::new();
        for c in re.captures_iter(html) {
            if !seen.contains(&c[1].to_string()) {
                seen.push(c[1].to_string());
            }
        }
        seen
    };
    let planned = links(&plan, r#"class="reading-done"[^<]*<a"#);
    let listed = links(&topic, r#"class="page-link""#);
    assert!(planned.len() >= 17, "{planned:?}");
    assert_eq!(listed[..planned.len()], planned[..], "the topic lists its pages in the plan's order");
}
