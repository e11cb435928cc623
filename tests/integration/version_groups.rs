//! Version groups that titles alone do not make: `versions:` and
//! `supersedes:` in front matter, dating by the history line, and what
//! `check` says where status, order and dates disagree.

use crate::site::{run, Outcome, TestSite};
use std::process::Command;

fn check(site: &TestSite) -> String {
    let o: Outcome = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root));
    format!("{}{}", o.stdout, o.stderr)
}

fn rule(front: &str, body: &str) -> String {
    format!("---\nkind: rule\n{front}---\n\n{body}\n\n第一条　正文。\n")
}

#[test]
fn pages_that_give_one_name_in_versions_are_versions_of_one_rule_whatever_their_titles() {
    let site = TestSite::empty();
    site.write(
        "content/rule/old.md",
        &rule("title: 保密法（2010年修订）\ndate: 2010-04-29\nversions: 保守国家秘密法\n", ""),
    );
    site.write(
        "content/rule/new.md",
        &rule("title: 中华人民共和国保守国家秘密法\ndate: 2024-02-27\nversions: 保守国家秘密法\n", ""),
    );
    site.write("content/rule/other.md", &rule("title: 中华人民共和国保守国家秘密法\ndate: 2000-01-01\n", ""));
    site.build_ok();
    let old = site.read("rule/old.html");
    assert!(old.contains("banner-outdated"), "{old}");
    assert!(old.contains(r#"class="current-version" href="../rule/new.html""#), "{old}");
    // The page of the same title that gives no name is not one of them.
    let new = site.read("rule/new.html");
    assert!(new.contains(r#"<a href="../rule/old.html">2010-04-29</a>"#), "{new}");
    assert!(!new.contains("other.html"), "{new}");
    assert!(!site.read("rule/other.html").contains("banner-outdated"));
}

#[test]
fn supersedes_joins_two_titles_and_wins_over_the_dates_with_a_warning() {
    let site = TestSite::empty();
    site.write("content/rule/ban.md", &rule("title: 机关公文处理办法\ndate: 2012-07-01\n", ""));
    site.write(
        "content/rule/tiao-li.md",
        &rule("title: 党政机关公文处理工作条例\ndate: 2012-04-16\nsupersedes: rule/ban.md\n", ""),
    );
    site.build_ok();
    let old = site.read("rule/ban.html");
    assert!(old.contains(r#"class="current-version" href="../rule/tiao-li.html""#), "{old}");
    assert!(old.contains("badge-revised"), "{old}");
    assert!(site.read("compare/rule/tiao-li.html").contains("版本对照"));
    let out = check(&site);
    assert!(
        out.contains("tiao-li.md:5: `supersedes: rule/ban.md` disagrees with the dates: that version is dated 2012-07-01, this one 2012-04-16"),
        "{out}"
    );
}

#[test]
fn versions_without_dates_in_front_matter_or_file_name_are_dated_by_their_history_line() {
    let site = TestSite::empty();
    let history = |last: &str| {
        format!("1999年4月29日 第九届全国人民代表大会常务委员会第九次会议通过\n\n{last}\n\n<!-- INFO END -->")
    };
    // The older version's file sorts last by name: only the history orders them.
    site.write(
        "content/rule/b.md",
        &rule(
            "title: 中华人民共和国行政复议法\n",
            &history("2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议第一次修正"),
        ),
    );
    site.write(
        "content/rule/a.md",
        &rule(
            "title: 中华人民共和国行政复议法\n",
            &history("2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订"),
        ),
    );
    // The bracketed line of the national database, and `revised:` in front matter.
    site.write("content/rule/c.md", &rule("title: 保守国家秘密法\n", "（1988年9月5日第七届全国人民代表大会常务委员会第三次会议通过　2010年4月29日第十一届全国人民代表大会常务委员会第十四次会议修订）"));
    site.write("content/rule/d.md", &rule("title: 保守国家秘密法\nrevised:\n- 2010-04-29\n- 2024-02-27\n", ""));
    site.build_ok();
    let old = site.read("rule/b.html");
    assert!(old.contains(r#"class="current-version" href="../rule/a.html""#), "{old}");
    assert!(old.contains(r#"<strong>2009-08-27</strong>"#), "{old}");
    assert!(old.contains(r#"<a href="../rule/a.html">2023-09-01</a>"#), "{old}");
    let c = site.read("rule/c.html");
    assert!(c.contains(r#"<strong>2010-04-29</strong>"#) && c.contains(r#"href="../rule/d.html""#), "{c}");
}

#[test]
fn parts_of_one_code_that_share_its_title_and_date_are_not_versions() {
    let site = TestSite::empty();
    let part = |name: &str| {
        format!("# 中华人民共和国民法典\n\n# {name}\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n2021年1月1日 施行\n\n<!-- INFO END -->\n\n第一条 正文。\n")
    };
    site.write("content/_index.md", "---\nkind: rule\n---\n");
    site.write("content/zong-ze.md", &part("总则"));
    site.write("content/wu-quan.md", &part("物权编"));
    site.build_ok();
    for page in ["zong-ze.html", "wu-quan.html"] {
        let html = site.read(page);
        assert!(!html.contains("banner-outdated") && !html.contains(r#"<nav class="versions""#), "{html}");
    }
}

#[test]
fn check_lists_rules_whose_status_and_dates_disagree_and_groups_with_two_current_versions() {
    let site = TestSite::empty();
    // The newest says it is revised: no version in force.
    site.write("content/rule/a-2010.md", &rule("title: 甲法\ndate: 2010-01-01\n", ""));
    site.write("content/rule/a-2020.md", &rule("title: 甲法\ndate: 2020-01-01\nstatus: revised\n", ""));
    // Two versions of one date at the top: which is in force is a guess.
    site.write("content/rule/b-1.md", &rule("title: 乙法\ndate: 2001-01-01\n", ""));
    site.write("content/rule/b-2.md", &rule("title: 乙法\ndate: 2024-01-01\n", ""));
    site.write("content/rule/b-3.md", &rule("title: 乙法\ndate: 2024-01-01\n", ""));
    // In force by its status, though `superseded_by` replaces it.
    site.write("content/rule/c.md", &rule("title: 丙法\nstatus: in_force\nsuperseded_by: rule/d.md\n", ""));
    site.write("content/rule/d.md", &rule("title: 丁法\n", ""));
    let out = check(&site);
    assert!(
        out.contains("a-2020.md:5: `status: revised`, but this is the newest version of this rule (2020-01-01), so no version of it is in force"),
        "{out}"
    );
    assert!(
        out.contains("b-3.md: this page and rule/b-2.md are versions of one rule with the date 2024-01-01, so which one is in force is a guess"),
        "{out}"
    );
    assert!(
        out.contains("c.md:4: `status: in_force`, but `superseded_by` names the rule that replaces it (rule/d.md)"),
        "{out}"
    );
}

#[test]
fn a_topics_plan_reads_the_version_in_force_unless_its_settings_name_an_older_one() {
    let site = TestSite::empty();
    // Only the old version lists the topic: the plan reads the new one instead.
    site.write("content/rule/old.md", &rule("title: 保守国家秘密法\ndate: 2010-04-29\ntopics: [保密]\n", ""));
    site.write("content/rule/new.md", &rule("title: 保守国家秘密法\ndate: 2024-02-27\n", ""));
    site.write("content/rule/law.md", &rule("title: 档案法\ntopics: [保密]\n", ""));
    site.build_ok();
    let plan = site.read("plans/bao-mi.html");
    assert!(plan.contains("../rule/new.html") && plan.contains("../rule/law.html"), "{plan}");
    assert!(!plan.contains("../rule/old.html"), "{plan}");
    assert!(!check(&site).contains("no longer in force"));
    // Named by path, the old version stays, and check says so.
    site.write("content/topics/bao-mi.md", "---\ntitle: 保密\norder: [rule/old.md]\n---\n");
    site.build_ok();
    assert!(site.read("plans/bao-mi.html").contains("../rule/old.html"));
    let out = check(&site);
    assert!(out.contains("old.md: the study plan for `保密` includes this rule, which is no longer in force; read rule/new.md instead"), "{out}");
}

#[test]
fn a_link_to_an_article_of_an_old_version_names_the_current_versions_article_and_cited_by_names_articles() {
    let site = TestSite::empty();
    let old = "第一条　总则。\n\n第二条　旧的第二条。\n\n第九条　只在旧版本中。";
    let new = "第一条　总则。\n\n第二条　新的第二条。\n\n第三条　新增。";
    site.write("content/rule/old.md", &format!("---\ntitle: 甲法\nkind: rule\ndate: 2010-01-01\n---\n\n{old}\n"));
    site.write("content/rule/new.md", &format!("---\ntitle: 甲法\nkind: rule\ndate: 2024-01-01\n---\n\n{new}\n"));
    site.write(
        "content/study/notes.md",
        "---\ntitle: 学习笔记\n---\n\n见[旧法第二条](../rule/old.md#第二条)和[旧法第九条](../rule/old.md#第九条)。\n\n见[新法第三条](../rule/new.md#第三条)、[新法第一条](../rule/new.md#第一条)。\n",
    );
    let out = check(&site);
    assert!(
        out.contains("notes.md:5: link `../rule/old.md#第二条`: rule/old.md is revised (已修订), no longer in force; cite rule/new.md#第二条 instead"),
        "{out}"
    );
    assert!(out.contains("link `../rule/old.md#第九条`: rule/old.md is revised (已修订), no longer in force; cite rule/new.md instead: its revision removed 第九条"), "{out}");
    site.build_ok();
    let cited = site.read("rule/new.html");
    let cited = &cited[cited.find("class=\"cited-by\"").expect("a cited-by list")..];
    assert!(
        cited.contains(r##"学习笔记</a> <span class="cited-articles">引用 <a href="#第一条">第一条</a>、<a href="#第三条">第三条</a></span>"##),
        "{cited}"
    );
}

#[test]
fn a_reader_opens_the_old_secrets_law_sees_the_banner_follows_it_to_the_current_one_and_opens_the_comparison() {
    let (_tmp, out) = crate::sample::build_sample();
    let Some(b) = crate::browser::Browser::start() else { return };
    let old = out.join("rule/bao-shou-guo-jia-mi-mi-fa-2010.html");
    b.goto(&format!("file://{}", old.display()));
    let banner = b.find(".banner-outdated");
    let text = b.text(&banner);
    assert!(text.contains("本文件已修订") && text.contains("现行有效版本"), "{text}");
    let shown = "var r = document.querySelector('.banner-outdated').getBoundingClientRect(); return r.height > 0 && r.top < innerHeight";
    assert_eq!(b.run(shown, serde_json::json!([])), serde_json::json!(true), "the banner is on screen at once");
    b.click(&b.find(".banner-outdated a.current-version"));
    b.wait_for("return location.href.endsWith('rule/bao-shou-guo-jia-mi-mi-fa-2024.html')");
    assert_eq!(b.count(".banner-outdated"), 0, "the version in force has no banner");
    assert!(b.text(&b.find(".versions .version-shown")).contains("本页"));
    b.click(&b.find(".versions .compare-link"));
    b.wait_for("return location.href.endsWith('compare/rule/bao-shou-guo-jia-mi-mi-fa-2024.html')");
    let summary = b.text(&b.find(".compare-summary"));
    assert!(summary.contains("新增") && summary.contains("修改") && summary.contains("删除"), "{summary}");
    assert!(b.count(".article-diff.article-changed ins") > 0, "changed text is marked inside its article");
    let open = "return [...document.querySelectorAll('details.article-unchanged')].some(d => d.open)";
    assert!(b.count("details.article-unchanged") > 0);
    assert_eq!(b.run(open, serde_json::json!([])), serde_json::json!(false), "unchanged articles are collapsed");
    // Back to the old version from the comparison.
    b.click(&b.find(".compare-versions a.compare-old"));
    b.wait_for("return location.href.endsWith('rule/bao-shou-guo-jia-mi-mi-fa-2010.html')");
    // In search results, the old version comes second and steps back.
    b.goto(&format!("file://{}?q=保守国家秘密法", out.join("search.html").display()));
    b.wait_for("return document.querySelectorAll('#search-results .result').length >= 2");
    let results = b.run(
        "return [...document.querySelectorAll('#search-results .result')].map(r => [r.querySelector('a').getAttribute('href').split('?')[0], r.className])",
        serde_json::json!([]),
    );
    let results: Vec<(String, String)> = serde_json::from_value(results).unwrap();
    let at = |name: &str| results.iter().position(|(href, _)| href.ends_with(name)).unwrap();
    let (new, old) = (at("fa-2024.html"), at("fa-2010.html"));
    assert!(new < old, "{results:?}");
    assert!(results[old].1.contains("outdated") && !results[new].1.contains("outdated"), "{results:?}");
}

#[test]
fn a_rule_that_superseded_by_replaces_is_listed_as_repealed_not_in_force() {
    let site = TestSite::empty();
    site.write(
        "content/rule/ban-fa.md",
        &rule("title: 机关保密办法\ndate: 2001-01-01\nsuperseded_by: rule/tiao-li.md\n", ""),
    );
    site.write("content/rule/tiao-li.md", &rule("title: 机关保密条例\ndate: 2020-01-01\n", ""));
    site.build_ok();
    let list = site.read("rule/index.html");
    let item = list.split("<li class=\"page-item").find(|i| i.contains("ban-fa.html")).unwrap();
    assert!(item.starts_with(" outdated\"") && item.contains("badge-repealed"), "{item}");
    assert!(!item.contains("badge-in_force"), "{item}");
}

#[test]
fn a_link_to_an_article_the_revision_moved_names_its_new_number() {
    let site = TestSite::fixture("versions");
    site.write(
        "content/study/notes.md",
        "---\ntitle: 学习笔记\n---\n\n见[保密法第三条](../rule/bmf-2010.md#第三条)。\n",
    );
    let out = check(&site);
    // The 2010 第三条 (国家秘密受法律保护) is the 2024 第五条; the 2024 第三条 is a new article.
    assert!(
        out.contains("notes.md:5: link `../rule/bmf-2010.md#第三条`: rule/bmf-2010.md is revised (已修订), no longer in force; cite rule/bmf-2024.md#第五条 instead: the revision made 第三条 its 第五条"),
        "{out}"
    );
}

#[test]
fn versions_written_as_a_list_of_paths_points_to_supersedes() {
    let site = TestSite::empty();
    site.write("content/rule/a.md", &rule("title: 甲法\ndate: 2010-01-01\n", ""));
    site.write("content/rule/b.md", &rule("title: 甲法新编\ndate: 2024-01-01\nversions: [rule/a.md]\n", ""));
    site.write("content/rule/c.md", &rule("title: 乙法\nversions: rule/a.md\n", ""));
    let out = check(&site);
    assert!(out.contains("b.md:5: `versions` is the rule's name (text), which all its versions give; to name the versions this page replaces, write them in `supersedes`"), "{out}");
    assert!(out.contains("c.md:4: `versions: rule/a.md` is read as the name of the rule, not as a page"), "{out}");
}
