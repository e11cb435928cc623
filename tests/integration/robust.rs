//! Problems an adversarial run found accepted without a word or reported
//! without a place (issue 14): each is an error or a warning at file:line,
//! and a bad site.yaml no longer hides the content's problems.

use crate::site::{run, Outcome, TestSite};
use std::process::Command;

fn check(site: &TestSite) -> Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root))
}

/// A billion-laughs YAML: each anchor repeats the one before nine times.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
    for i in 1..9 {
        let prev = format!("*a{}", i - 1);
        yaml += &format!("a{i}: &a{i} [{}]\n", [prev.as_str(); 9].join(","));
    }
    yaml
}

#[test]
fn an_alias_bomb_in_front_matter_names_the_page_and_a_line() {
    let site = TestSite::fixture("library");
    site.write("content/zz-test.md", &format!("---\ntitle: 炸弹\n{}---\n正文。\n", alias_bomb()));
    let o = check(&site);
    assert!(!o.ok, "{}", o.stdout);
    assert!(o.stderr.contains("zz-test.md:2: repetition limit exceeded"), "{}", o.stderr);
}

#[test]
fn a_bad_site_yaml_and_bad_pages_are_reported_together() {
    let site = TestSite::fixture("library");
    site.write("site.yaml", "title: 测试文库\nsearch: maybe\n");
    site.write("content/l.md", "---\ntitle: 坏链接\n---\n\n见[缺失](nope.md)\n");
    let o = site.build(&[]);
    assert!(!o.ok);
    assert!(o.stderr.contains("site.yaml:2:9: search: invalid type"), "{}", o.stderr);
    assert!(o.stderr.contains("l.md:5: link to missing page `nope.md`"), "{}", o.stderr);
    assert!(!site.public().exists(), "nothing is built");
}

#[test]
fn settings_that_make_no_sense_are_reported_with_their_lines() {
    let site = TestSite::fixture("library");
    site.write("site.yaml", "title: 测试文库\nlanguage: klingon\nreading:\n  cjk_per_minit: 400\n");
    let o = check(&site);
    assert!(o.ok, "warnings: {}\n{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("site.yaml:4: unknown setting `reading.cjk_per_minit` ignored"), "{}", o.stdout);
    assert!(o.stdout.contains("site.yaml:2: `language: klingon` is not a language the theme speaks"), "{}", o.stdout);

    site.write("site.yaml", "title: 测试文库\nreading:\n  cjk_per_minute: 0\n");
    let o = check(&site);
    assert!(!o.ok);
    assert!(
        o.stderr.contains("site.yaml:3: `reading.cjk_per_minute: 0`: a reading speed must be at least 1"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_rule_superseding_itself_or_rules_superseding_each_other_are_errors() {
    let site = TestSite::fixture("library");
    let new = site.read_source("content/rule/new.md");
    site.write("content/rule/new.md", &new.replacen("---\n", "---\nsuperseded_by: rule/new.md\n", 1));
    let o = check(&site);
    assert!(!o.ok);
    assert!(o.stderr.contains("new.md:2: `superseded_by: rule/new.md` names this page itself"), "{}", o.stderr);

    site.write("content/rule/new.md", &new.replacen("---\n", "---\nsuperseded_by: old.md\n", 1));
    let o = check(&site);
    assert!(!o.ok);
    for (page, line) in [("new.md", 2), ("old.md", 7)] {
        let error = format!("{page}:{line}: `superseded_by` makes a loop (rule/new.md → rule/old.md → rule/new.md)");
        assert!(o.stderr.contains(&error), "{error}\n{}", o.stderr);
    }
}
