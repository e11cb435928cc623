//! `shuyuan check`: everything a build checks, and rules still cited after
//! they stopped applying, without writing anything.

use crate::site::{run, Outcome, TestSite};
use std::process::Command;

fn check(site: &TestSite, extra: &[&str]) -> Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root).args(extra))
}

#[test]
fn the_sample_library_checks_without_problems_and_nothing_is_written() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = std::fs::metadata(root.join("public")).and_then(|m| m.modified()).ok();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(root));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("checked 24 pages, 7 topics: no problems"), "{}", o.stdout);
    let after = std::fs::metadata(root.join("public")).and_then(|m| m.modified()).ok();
    assert_eq!(before, after, "check writes nothing");
}

#[test]
fn rules_no_longer_in_force_still_cited_and_misspelt_topics_warn_with_their_lines() {
    let site = TestSite::fixture("library");
    // A study page cites the repealed rule; the new rule names the one it
    // replaces, which is no warning.
    site.write("content/study/c.md", "---\ntitle: 学习保密\ntopics: [保密]\n---\n\n学习[旧制度](../rule/old.md)。\n");
    site.write(
        "content/rule/new.md",
        &format!("{}\n本制度施行后，[旧制度](old.md)废止。\n", site.read_source("content/rule/new.md")),
    );
    site.write("content/study/d.md", "---\ntitle: 保守秘密\ndate: 2021-01-01\ntopics:\n  - 保蜜\n---\n正文。\n");
    // A series of topics that differ in their numbers is no typo.
    site.write("content/study/y1.md", "---\ntitle: 甲\ntopics: [2024年学习]\n---\n正文。\n");
    site.write("content/study/y2.md", "---\ntitle: 乙\ntopics: [2024年学习]\n---\n正文。\n");
    site.write("content/study/y3.md", "---\ntitle: 丙\ntopics: [2023年学习]\n---\n正文。\n");
    let o = check(&site, &[]);
    assert!(o.ok, "warnings alone pass: {}\n{}", o.stdout, o.stderr);
    assert!(!o.stdout.contains("2023年学习"), "{}", o.stdout);
    let out = &o.stdout;
    for cited in ["study/a.md:12", "study/c.md:6"] {
        let warning = format!(
            "{cited}: link `../rule/old.md`: rule/old.md is superseded, no longer in force; cite rule/new.md instead"
        );
        assert!(out.contains(&warning), "{out}");
    }
    assert!(
        out.contains("rule/old.md:7: the study plan for `保密` includes this rule, which is no longer in force"),
        "{out}"
    );
    assert!(!out.contains("link `old.md`"), "the rule that replaces it may cite it: {out}");
    assert!(
        out.contains("d.md:4: the topic `保蜜` is listed by this page alone; did you mean `保密` (5 pages)?"),
        "{out}"
    );
    assert!(out.contains("checked 10 pages, 5 topics: 4 warnings"), "{out}");
    assert!(!site.public().exists());

    let strict = check(&site, &["--strict"]);
    assert!(!strict.ok && strict.stderr.contains("warnings (--strict fails on warnings)"), "{}", strict.stderr);
}

#[test]
fn errors_fail_the_check_and_list_the_warnings_too() {
    let site = TestSite::fixture("library");
    site.write("content/l.md", "---\ntitle: 坏链接\n---\n\n见[缺失](nope.md)\n");
    site.write("content/study/e.md", "---\ntitle: 坏键\nauthor: 某人\n---\n正文\n");
    let o = check(&site, &[]);
    assert!(!o.ok);
    assert!(o.stderr.contains("l.md:5: link to missing page `nope.md`"), "{}", o.stderr);
    assert!(
        o.stderr.contains("and 2 warnings:") && o.stderr.contains("e.md:3: `author` (Hugo, Jekyll): ignored"),
        "{}",
        o.stderr
    );
    assert!(!site.public().exists());
}
