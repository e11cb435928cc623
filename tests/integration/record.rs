//! The study record (学习记录) in a real browser over file://: a reading
//! marked on its page is done in every plan that holds it, the record shows
//! it with today's date and minutes, notes are kept as typed, the CSV reads
//! back (byte-order mark, CRLF, columns, Chinese), an old progress file is
//! still imported, and the printable record prints to PDF with its table.

use crate::browser::Browser;
use crate::site::TestSite;
use serde_json::{json, Value};
use std::process::Command;

const TOPIC: &str = "---\ntitle: 保密\nminutes: 1\noptional: [study/b.md]\n---\n\n保密专题的说明。\n";

fn site() -> TestSite {
    let site = TestSite::fixture("library");
    site.write("content/topics/bao-mi.md", TOPIC);
    site.build_ok();
    site
}

fn open(b: &Browser, site: &TestSite, page: &str) {
    b.goto(&format!("file://{}", site.public().join(page).display()));
    b.wait_for("return document.readyState === 'complete'");
}

/// Today as the browser has it, as the record writes it (2026年12月1日).
fn today_zh(b: &Browser) -> String {
    b.run(
        "var d = new Date(); return d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';",
        json!([]),
    )
    .as_str()
    .unwrap()
    .to_string()
}

/// A plan's bar, once it shows at least `least` done.
fn plan_progress(b: &Browser, site: &TestSite, slug: &str, least: u64) -> (u64, u64) {
    open(b, site, &format!("plans/{slug}.html"));
    b.wait_for(&format!("return document.getElementById('plan-progress-bar').value >= {least}"));
    let v = b.run("var bar = document.getElementById('plan-progress-bar'); return [bar.value, +bar.max];", json!([]));
    (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
}

#[test]
fn a_reading_marked_on_its_page_is_done_in_two_plans_and_in_the_record_with_a_note() {
    crate::browser::again_if_storage_lost(
        a_reading_marked_on_its_page_is_done_in_two_plans_and_in_the_record_with_a_note_once,
    );
}

fn a_reading_marked_on_its_page_is_done_in_two_plans_and_in_the_record_with_a_note_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    assert_eq!(plan_progress(&b, &site, "bao-mi", 0).0, 0);

    open(&b, &site, "study/a.html");
    let today = today_zh(&b);
    let minutes = b.run("return document.querySelector('.mark-read').getAttribute('data-minutes')", json!([]));
    let minutes = format!("{} 分钟", minutes.as_str().unwrap());
    b.click(&b.find(".mark-read .mark-read-button"));
    let state = b.text(&b.find(".mark-read .read-state"));
    assert_eq!(state, format!("已读 · {today}"), "the page says it is read, and when");
    assert_eq!(b.run("return document.querySelector('.end-offer').hidden", json!([])), json!(true));

    let (done, total) = plan_progress(&b, &site, "bao-mi", 1);
    assert!(done >= 1 && done < total, "done in 保密: {done} / {total}");
    let (done, _) = plan_progress(&b, &site, "li-lun-xue-xi", 1);
    assert!(done >= 1, "a reading done anywhere counts in 理论学习 too: {done}");

    // A note, saved as typed, still there after a reload.
    open(&b, &site, "study/a.html");
    b.click(&b.find(".study-notes summary"));
    b.type_text(&b.find(".study-notes textarea"), "学习体会：要把<b>责任</b>落实到人。");
    b.wait_for("return document.querySelector('.notes-saved').textContent === '已保存'");
    // Stored whole before the page is left: a key typed late under load
    // would otherwise be saved only as the page goes (pagehide).
    b.wait_for(
        "return Object.keys(localStorage).some(function (k) { return localStorage.getItem(k).indexOf('要把<b>责任</b>落实到人。') >= 0; })",
    );
    open(&b, &site, "study/a.html");
    b.wait_for(
        "return document.querySelector('.study-notes textarea').value === '学习体会：要把<b>责任</b>落实到人。'",
    );
    assert_eq!(b.text_when(".mark-read .read-state", "已读"), format!("已读 · {today}"), "still read after a reload");

    // 我的学习: the record by month and by plan, totals, the note with its link.
    open(&b, &site, "mine.html");
    let entry = b.text_when("#record-by-month .record-entry", &today);
    assert!(
        entry.contains(&today) && entry.contains("学习材料甲") && entry.contains(&minutes),
        "the record shows the reading with today's date and its {minutes}: {entry}"
    );
    let totals = b.text(&b.find("#record-totals"));
    assert!(totals.starts_with("合计：1 篇，") && totals.contains("分钟（") && totals.contains("小时）"), "{totals}");
    assert!(b.count("#record-by-plan details") >= 2, "listed under both plans");
    let notes = b.text_when("#notes-list", "学习体会");
    assert!(notes.contains("<b>责任</b>"), "the note is text, not HTML: {notes}");
    assert_eq!(b.count("#notes-list b"), 0);
    assert_eq!(
        b.run("return document.querySelector('#notes-list a').getAttribute('href')", json!([])),
        json!("study/a.html")
    );

    // The CSV, as Excel or WPS would read it.
    let csv = b.run("return window.__shuyuan.record.csv()", json!([])).as_str().unwrap().to_string();
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark, so Excel reads UTF-8");
    assert!(csv.contains("\r\n") && !csv.replace("\r\n", "").contains('\n'), "CRLF line ends");
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').trim_end().split("\r\n").collect();
    assert_eq!(rows[0], "日期,文档,学习计划,分钟,链接,学习笔记");
    assert_eq!(rows.len(), 2, "{csv}");
    let cells: Vec<&str> = rows[1].splitn(6, ',').collect();
    assert!(cells[0].len() == 10 && cells[0].starts_with("20"), "an ISO date: {}", cells[0]);
    assert_eq!(cells[1], "学习材料甲");
    assert!(cells[2].contains("保密") && cells[2].contains("理论学习"), "{}", cells[2]);
    assert!(cells[3].parse::<u32>().unwrap() >= 1);
    assert_eq!(cells[4], "study/a.html");
    assert!(cells[5].contains("学习体会"));
}

#[test]
fn a_reading_marked_in_another_tab_shows_at_once_in_the_plan_and_the_record() {
    crate::browser::again_if_storage_lost(
        a_reading_marked_in_another_tab_shows_at_once_in_the_plan_and_the_record_once,
    );
}

fn a_reading_marked_in_another_tab_shows_at_once_in_the_plan_and_the_record_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "plans/bao-mi.html");
    assert_eq!(
        b.run("return localStorage.length", json!([])),
        json!(0),
        "a page that only reads the record writes nothing"
    );
    let plan = b.window();
    let doc = b.new_tab();
    b.switch_to(&doc);
    open(&b, &site, "mine.html");
    let mine = b.window();
    let doc = b.new_tab();
    b.switch_to(&doc);
    open(&b, &site, "study/a.html");
    b.click(&b.find(".mark-read .mark-read-button"));
    b.switch_to(&plan);
    b.wait_for("return document.getElementById('plan-progress-bar').value === 1");
    assert!(b.run("return document.querySelector('input.reading-done').checked", json!([])).as_bool().unwrap());
    b.switch_to(&mine);
    assert!(b.text_when("#record-totals", "合计：1 篇").starts_with("合计：1 篇"));
    assert_eq!(b.count("#record-by-month .record-entry"), 1, "drawn again, not added to");
    // Undone in the plan's tab: the document's tab says so too.
    b.switch_to(&plan);
    b.click(&b.find("input.reading-done"));
    b.switch_to(&doc);
    b.wait_for("return !document.querySelector('.mark-read .read-state').textContent");
}

/// What an import said on the page, which draws the record again in place.
fn import(b: &Browser, file: &std::path::Path) -> String {
    b.run("window.__notReloaded = true; document.querySelectorAll('.import-report').forEach(function (p) { p.hidden = true; p.textContent = ''; });", json!([]));
    b.type_text(&b.find("input.progress-import"), file.to_str().unwrap());
    let said = b.wait_for("var p = document.querySelector('.import-report'); return p && !p.hidden && p.textContent");
    assert_eq!(b.run("return window.__notReloaded === true", json!([])), json!(true), "the page is not reloaded");
    said.as_str().unwrap_or_default().to_string()
}

#[test]
fn an_old_progress_file_and_a_csv_are_imported_and_say_what_they_merged() {
    crate::browser::again_if_storage_lost(an_old_progress_file_and_a_csv_are_imported_and_say_what_they_merged_once);
}

fn an_old_progress_file_and_a_csv_are_imported_and_say_what_they_merged_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "mine.html");
    let id = b.run("return document.documentElement.getAttribute('data-site')", json!([]));
    // The old format (progress per plan, `done: 1`), as shuyuan wrote it before the record.
    let old = std::fs::read_to_string(crate::site::fixtures().join("record/old-progress.json")).unwrap();
    let old = old.replace("SITE_ID", id.as_str().unwrap());
    let file = site.root.join("old.json");
    std::fs::write(&file, old).unwrap();
    let said = import(&b, &file);
    assert!(said.starts_with("已合并 2 项学习记录、0 条学习笔记。"), "{said}");
    assert!(said.contains("“plan/evil”：本文库没有这个学习计划"), "{said}");
    assert!(said.contains("“bao-mi”：1 项不是本站的页面"), "{said}");
    b.text_when("#record-view", "2025年12月3日");

    // A CSV written back by a spreadsheet: a reading, a note, a bad row.
    let csv = "\u{feff}日期,文档,学习计划,分钟,链接,学习笔记\r\n2025-11-20,学习材料乙,,3,study/b.html,\"读后：\r\n第二行\"\r\n2025-11-21,x,,1,javascript:alert(1),\r\n";
    let file = site.root.join("back.csv");
    std::fs::write(&file, csv).unwrap();
    let said = import(&b, &file);
    assert!(said.starts_with("已合并 1 项学习记录、1 条学习笔记。"), "{said}");
    assert!(said.contains("第 3 行：无法读取"), "{said}");
    b.text_when("#notes-list", "读后：");
    assert_eq!(b.run("return document.querySelectorAll('[href^=\"javascript\"]').length", json!([])), json!(0));

    // A file of another library is refused, and says so.
    let file = site.root.join("other.json");
    std::fs::write(&file, json!({"format": "shuyuan-record", "site": "other", "done": {}}).to_string()).unwrap();
    b.type_text(&b.find("input.progress-import"), file.to_str().unwrap());
    let said = b.wait_for("var p = document.querySelector('.import-report'); return p && p.textContent.indexOf('无法导入') === 0 && p.textContent");
    assert!(said.as_str().unwrap().contains("不是本文库的学习记录"));
}

#[test]
fn progress_a_browser_holds_from_before_the_record_comes_over() {
    crate::browser::again_if_storage_lost(progress_a_browser_holds_from_before_the_record_comes_over_once);
}

fn progress_a_browser_holds_from_before_the_record_comes_over_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "index.html");
    let id = b.run("return document.documentElement.getAttribute('data-site')", json!([]));
    let key = format!("shuyuan/{}/plan/bao-mi", id.as_str().unwrap());
    let old = json!({"done": {"study/b.html": 1}, "updated": 1764547200000u64, "next": {"label": "学习材料甲", "href": "study/a.html"}});
    b.run(
        &format!(
            "localStorage.removeItem('shuyuan/{}/record'); localStorage.setItem(arguments[0], arguments[1]);",
            id.as_str().unwrap()
        ),
        json!([key, old.to_string()]),
    );
    open(&b, &site, "mine.html");
    // Ticked in the old plan, dated by its last change.
    b.text_when("#record-view", "2025年12月1日");
    assert_eq!(b.run("return localStorage.getItem(arguments[0])", json!([key])), Value::Null, "moved, not copied");
    open(&b, &site, "index.html");
    b.text_when("#continue-studying", "学习材料甲"); // 继续学习 still offers the next reading
    open(&b, &site, "study/a.html");
    b.click(&b.find(".mark-read .mark-read-button"));
    open(&b, &site, "index.html");
    // A reading read since is not offered again.
    b.wait_for("var c = document.getElementById('continue-studying').textContent; return c.indexOf('保密') >= 0 && c.indexOf('学习材料甲') < 0");
}

#[test]
fn the_printable_record_prints_its_table_to_pdf() {
    crate::browser::again_if_storage_lost(the_printable_record_prints_its_table_to_pdf_once);
}

fn the_printable_record_prints_its_table_to_pdf_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "study/a.html");
    b.click(&b.find(".mark-read .mark-read-button"));
    open(&b, &site, "record.html");
    b.type_text(&b.find("#record-name"), "张三");
    b.type_text(&b.find("#record-unit"), "市人大办公室");
    open(&b, &site, "record.html");
    // Typed once, kept.
    b.wait_for("return document.getElementById('record-name').value === '张三'");
    let row = b.text_when("#record-rows tr", "学习材料甲");
    assert_eq!(b.count("#record-rows tr"), 1);
    assert!(row.contains("学习材料甲") && row.contains(&today_zh(&b)), "{row}");

    let profile = b.end();
    let pdf = site.root.join("record.pdf");
    let o = crate::site::run(
        Command::new("/usr/bin/chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--virtual-time-budget=3000",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", site.public().join("record.html").display())),
    );
    assert!(pdf.exists(), "no PDF: {}", o.stderr);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if !std::path::Path::new("/usr/bin/pdftotext").exists() {
        // .ci/run installs it: in CI the PDF's text must be read.
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pdftotext missing under CI=true");
        eprintln!("pdftotext not installed (apt-get install poppler-utils): the PDF's text is not read");
        return;
    }
    let text = crate::site::run(Command::new("/usr/bin/pdftotext").args(["-layout"]).arg(&pdf).arg("-")).stdout;
    for expected in
        ["学习记录", "张三", "市人大办公室", "日期", "文档", "学习计划", "分钟", "学习材料甲", "合计", "本人签名"]
    {
        assert!(text.contains(expected), "the PDF holds {expected}:\n{text}");
    }
}

#[test]
fn the_records_sums_and_csv_writer_hold_for_awkward_values() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "mine.html");
    let sums = b.run(
        "return window.__shuyuan.record.totalsOf([{id: 'a.html#x', minutes: 7}, {id: 'a.html#y', minutes: 8}, {id: 'b.html', minutes: 20}, {id: 'c.html', minutes: 0}])",
        json!([]),
    );
    assert_eq!(sums, json!({"docs": 3, "minutes": 35, "hours": "0.6"}), "two parts of a page are one document");
    let none = b.run("return window.__shuyuan.record.totalsOf([])", json!([]));
    assert_eq!(none, json!({"docs": 0, "minutes": 0, "hours": "0.0"}));

    let rows = json!([
        ["日期", "文档"],
        ["说“好”, 就是好", "第一行\n第二行"],
        ["=1+1", "-3"],
        ["", "中文，逗号"],
        ["a\"b", "x"]
    ]);
    let csv =
        b.run("return window.__shuyuan.record.csvRows(arguments[0])", json!([rows])).as_str().unwrap().to_string();
    assert_eq!(
        csv,
        "\u{feff}日期,文档\r\n\"说“好”, 就是好\",\"第一行\n第二行\"\r\n'=1+1,'-3\r\n,中文，逗号\r\n\"a\"\"b\",x\r\n",
        "quoted where needed, formulas defused, CRLF between rows"
    );
    let back = b.run("return window.__shuyuan.record.parseCsv(arguments[0])", json!([csv]));
    assert_eq!(back[1], rows[1], "read back as written");
    assert_eq!(back[3], rows[3]);
    assert_eq!(back[4], rows[4]);
}

#[test]
fn the_catalog_carries_every_page_every_plans_readings_and_the_words() {
    let site = site();
    let js = site.read("plans/catalog.js");
    let json = js.split_once("catalog=").unwrap().1.trim_end().trim_end_matches(';');
    let catalog: Value = serde_json::from_str(json).unwrap();
    let pages = catalog["pages"].as_array().unwrap();
    assert!(pages.iter().any(|p| p[0] == "study/a.html" && p[1] == "学习材料甲" && p[2].as_u64().unwrap() >= 1));
    let plans = catalog["plans"].as_array().unwrap();
    let bao_mi = plans.iter().find(|p| p["slug"] == "bao-mi").unwrap();
    assert_eq!(bao_mi["url"], "plans/bao-mi.html");
    assert!(bao_mi["readings"].as_array().unwrap().iter().any(|r| r[0].as_str().unwrap().starts_with("study/a.html")));
    assert_eq!(catalog["words"]["col_date"], "日期");
    assert_eq!(catalog["minutes"], "分钟");
    let mine = site.read("mine.html");
    let version = regex::Regex::new(r#"plans/catalog\.js\?v=([0-9a-f]{8})"#).unwrap();
    assert!(version.is_match(&mine), "我的学习 asks for this build's catalog");
}

#[test]
fn an_english_library_marks_read_and_writes_its_record_in_english() {
    crate::browser::again_if_storage_lost(an_english_library_marks_read_and_writes_its_record_in_english_once);
}

fn an_english_library_marks_read_and_writes_its_record_in_english_once() {
    let site = site();
    site.write("site.yaml", "title: Test library\nlanguage: en\n");
    site.build_ok();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "study/a.html");
    assert_eq!(b.text(&b.find(".mark-read .mark-read-button")), "Mark as read");
    b.click(&b.find(".mark-read .mark-read-button"));
    let month = b.run("return ['January','February','March','April','May','June','July','August','September','October','November','December'][new Date().getMonth()]", json!([]));
    let state = b.text(&b.find(".mark-read .read-state"));
    assert!(state.starts_with("Read · ") && state.contains(month.as_str().unwrap()), "{state}");
    open(&b, &site, "mine.html");
    assert!(b.text_when("#record-totals", "Documents: 1 · ").starts_with("Documents: 1 · "));
    let csv = b.run("return window.__shuyuan.record.csv()", json!([])).as_str().unwrap().to_string();
    assert!(csv.starts_with("\u{feff}Date,Document,Study plan,Minutes,Link,Notes\r\n"), "{csv}");
    open(&b, &site, "record.html");
    assert!(b.text(&b.find("h1")).contains("Study record"));
}

#[test]
fn a_plan_read_to_the_end_says_it_is_complete_and_when_and_a_mark_can_be_undone() {
    crate::browser::again_if_storage_lost(
        a_plan_read_to_the_end_says_it_is_complete_and_when_and_a_mark_can_be_undone_once,
    );
}

fn a_plan_read_to_the_end_says_it_is_complete_and_when_and_a_mark_can_be_undone_once() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "study/b.html");
    assert_eq!(
        b.run("return document.querySelector('.end-offer').hidden", json!([])),
        json!(false),
        "the end offers it"
    );
    assert_eq!(b.count("#record-rows"), 0);
    b.click(&b.find(".end-offer .mark-read-button"));
    assert!(b.text(&b.find(".mark-read .read-state")).starts_with("已读 · "));
    b.click(&b.find(".mark-read .mark-undo"));
    assert_eq!(
        b.run("return document.querySelector('.mark-read .read-state').hidden", json!([])),
        json!(true),
        "undone"
    );
    open(&b, &site, "mine.html");
    b.text_when("#record-totals", "合计：0 篇，0 分钟（0.0 小时）");

    open(&b, &site, "plans/bao-mi.html");
    assert_eq!(b.run("return document.querySelector('.plan-complete').hidden", json!([])), json!(true));
    // Every session ticked at once, as a reader would.
    let sessions = b.count("input.session-done");
    for n in 0..sessions {
        let session = b.run("return document.querySelectorAll('input.session-done')[arguments[0]]", json!([n]));
        if b.run("return arguments[0].checked", json!([session])) == json!(false) {
            b.click(session[crate::browser::ELEMENT_KEY].as_str().unwrap());
        }
    }
    let complete = b.text(&b.find(".plan-complete"));
    assert_eq!(complete, format!("已完成 · {}", today_zh(&b)), "a plan at 100% says so, with the day");
    open(&b, &site, "mine.html");
    let summary = b.text_when(".plan-summary[data-plan='bao-mi']", "已完成");
    assert!(summary.contains("已完成 · "), "{summary}");
}

#[test]
fn the_browser_keeps_the_records_limits_that_rust_sets() {
    let site = site();
    let Some(b) = Browser::start() else { return };
    open(&b, &site, "study/a.html");
    let limits = b.run("return window.__shuyuan.study.LIMITS", json!([]));
    let rust = serde_json::to_value(&shuyuan::render::record::LIMITS).unwrap();
    assert_eq!(limits, rust);
    let maxlength =
        b.run("return +document.querySelector('.study-notes textarea').getAttribute('maxlength')", json!([]));
    assert_eq!(maxlength, rust["note"]);
}
