//! Tests of front matter: finding it, and reading its keys and values.

use super::*;

fn parse(yaml: &str) -> (FrontMatter, Diagnostics) {
    let (fm, d) = FrontMatter::parse(Path::new("a.md"), yaml, 2);
    (fm.unwrap_or_default(), d)
}

#[test]
fn split_finds_front_matter_and_body_line() {
    let s = split("---\ntitle: x\n---\nbody\n").unwrap();
    assert_eq!(s.yaml, Some("title: x\n"));
    assert_eq!(s.body, "body\n");
    assert_eq!(s.body_line, 4);
}

#[test]
fn split_accepts_closing_fence_at_end_of_file_without_newline() {
    let s = split("---\ntitle: x\n---").unwrap();
    assert_eq!(s.yaml, Some("title: x\n"));
    assert_eq!(s.body, "");
}

#[test]
fn split_without_front_matter_is_all_body() {
    let s = split("# 标题\n正文").unwrap();
    assert_eq!(s.yaml, None);
    assert_eq!(s.body_line, 1);
}

#[test]
fn unclosed_front_matter_is_an_error_with_a_hint() {
    let e = split("---\ntitle: x\nbody\n").unwrap_err();
    assert!(e.contains("closing `---`"), "{e}");
}

#[test]
fn reads_every_key() {
    let (fm, d) = parse(
        "title: 标题\ndate: 2021-03-05\nkind: rule\ntopics: [意识形态, 舆论引导]\ntags: 标签\n\
         issuer: 市委\ndoc_number: 〔2021〕3号\nweight: 3\ndraft: true\nslug: abc\n\
         effective: 2021\nstatus: repealed\nsuperseded_by: rule/new.md\n",
    );
    assert!(d.errors.is_empty() && d.warnings.is_empty(), "{d:?}");
    assert_eq!(fm.title.as_deref(), Some("标题"));
    assert_eq!(fm.date, Some(Date { year: 2021, month: Some(3), day: Some(5) }));
    assert_eq!(fm.kind, Some(Kind::Rule));
    assert_eq!(fm.topics, vec!["意识形态", "舆论引导"]);
    assert_eq!(fm.tags, vec!["标签"]);
    assert_eq!(fm.weight, Some(3));
    assert!(fm.draft);
    assert_eq!(fm.status, Some(Status::Repealed));
    assert_eq!(fm.effective.unwrap().to_string(), "2021");
}

#[test]
fn bad_kind_lists_the_valid_kinds_with_its_line() {
    let (_, d) = parse("title: x\nkind: memo\n");
    assert_eq!(d.errors.len(), 1);
    let e = &d.errors[0];
    assert_eq!(e.line, Some(3));
    assert!(e.message.contains("study") && e.message.contains("rule") && e.message.contains("plan"));
}

#[test]
fn a_typo_is_named_and_another_tools_key_is_never_called_one() {
    let (fm, d) = parse("title: x\ntpoics: [a]\ntemplate: page.html\nbookCollapseSection: true\nzzz: 1\n");
    assert!(d.errors.is_empty());
    let messages: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].contains("`tpoics`") && messages[0].contains("a typo of `topics`"), "{messages:?}");
    assert_eq!(d.warnings[0].line, Some(3));
    assert_eq!(messages[1], "`template` (Zola, MkDocs): ignored");
    assert_eq!(messages[2], "`bookCollapseSection` (Hugo book): ignored");
    assert!(!messages[2].contains("typo"));
    assert!(messages[3].contains("`zzz`") && !messages[3].contains("typo"), "{messages:?}");
    // Each warns as one family across files.
    assert_eq!(d.warnings[2].group.as_deref(), Some("`bookCollapseSection` (Hugo book): ignored"));
    assert!(d.warnings.iter().all(|w| w.group.is_some()));
    assert_eq!(fm.title.as_deref(), Some("x"));
}

#[test]
fn other_tools_keys_that_mean_something_here() {
    type Check = fn(&FrontMatter) -> bool;
    let table: &[(&str, Check)] = &[
        ("bookHidden: true", |f| f.unlisted == Some(true)),
        ("unlisted: true", |f| f.unlisted == Some(true)),
        ("nav_exclude: true", |f| f.unlisted == Some(true)),
        ("bookHidden: false", |f| f.unlisted == Some(false)),
        ("_build: {list: never}", |f| f.unlisted == Some(true) && !f.headless),
        ("build:\n  render: never", |f| f.headless),
        ("_build: {render: always, list: always}", |f| !f.headless && f.unlisted.is_none()),
        ("headless: true", |f| f.headless),
        ("render: false", |f| f.headless),
        ("published: false", |f| f.draft),
        ("bookSearchExclude: true", |f| f.search_exclude),
        ("search: false", |f| f.search_exclude),
        ("search: {exclude: true}", |f| f.search_exclude),
        ("search: {boost: 2}", |f| !f.search_exclude),
        ("in_search_index: false", |f| f.search_exclude),
        ("aliases: [/old/, /older.html]", |f| f.aliases == ["/old/", "/older.html"]),
        ("redirect_from: /old/", |f| f.aliases == ["/old/"]),
        ("sidebar_position: 3", |f| f.weight == Some(3)),
        ("sidebar_position: 2.5", |f| f.weight == Some(2)),
        ("nav_order: 7", |f| f.weight == Some(7)),
        ("lastmod: 2021-05-01T08:00:00+08:00", |f| f.updated.map(|d| d.to_string()) == Some("2021-05-01".into())),
        ("last_modified_at: 2021-05-02", |f| f.updated.map(|d| d.to_string()) == Some("2021-05-02".into())),
        ("updated: 2021-05", |f| f.updated.map(|d| d.to_string()) == Some("2021-05".into())),
        ("last_update:\n  date: 2021-05-03\n  author: 某人", |f| {
            f.updated.map(|d| d.to_string()) == Some("2021-05-03".into())
        }),
        ("linkTitle: 短标题", |f| f.label.as_deref() == Some("短标题") && f.title.is_none()),
        ("sidebar_label: 短", |f| f.label.as_deref() == Some("短")),
        ("categories: [甲]\ntags: [乙]", |f| f.tags == ["甲", "乙"]),
        ("tags: [{label: 甲, permalink: /a}]", |f| f.tags == ["甲"]),
        ("slug: /guide/intro", |f| f.slug.as_deref() == Some("intro")),
        ("cascade:\n  kind: rule\n  bookHidden: true\n  type: docs", |f| {
            f.cascade.as_ref().is_some_and(|c| c.kind == Some(Kind::Rule) && c.unlisted == Some(true))
        }),
    ];
    for (yaml, check) in table {
        let (fm, d) = parse(&format!("{yaml}\n"));
        assert!(d.errors.is_empty() && d.warnings.is_empty(), "{yaml}: {d:?}");
        assert!(check(&fm), "{yaml}: {fm:?}");
    }
}

#[test]
fn another_tools_value_never_stops_the_build() {
    for yaml in ["lastmod: soon", "status: deprecated", "slug: /", "bookHidden: maybe", "sidebar_position: first"] {
        let (_, d) = parse(&format!("{yaml}\n"));
        let errors: Vec<_> = d.errors.iter().filter(|e| !e.message.contains("whole number")).collect();
        assert!(errors.is_empty(), "{yaml}: {d:?}");
    }
}

#[test]
fn invalid_yaml_reports_file_line_and_column() {
    let (_, d) = parse("title: x\ntopics: [a\n");
    assert_eq!(d.errors.len(), 1);
    let e = &d.errors[0];
    assert!(e.line.unwrap() >= 3, "{e}");
    assert!(e.column.is_some(), "{e}");
    assert!(!e.message.contains(" at line "), "{e}");
}

#[test]
fn dates_in_several_spellings() {
    for (s, want) in [
        ("2020", Some("2020")),
        ("2020-3", Some("2020-03")),
        ("2020/03/16", Some("2020-03-16")),
        ("2020年3月16日", Some("2020-03-16")),
        ("2020-03-16T08:00:00Z", Some("2020-03-16")),
        ("20-03", None),
        ("2020-13-01", None),
        ("soon", None),
    ] {
        assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), want, "{s}");
    }
}

#[test]
fn a_typo_or_a_wrong_kind_in_a_cascade_is_told_at_its_line() {
    let (fm, d) = parse("title: x\ncascade:\n  kidn: rule\n  type: docs\n  topics: [a]\n");
    assert!(d.errors.is_empty(), "{d:?}");
    assert_eq!(d.warnings.len(), 1, "another tool's key in a cascade is passed over: {d:?}");
    assert_eq!(d.warnings[0].line, Some(4));
    assert_eq!(d.warnings[0].message, "unknown front matter key `cascade.kidn` ignored: a typo of `cascade.kind`?");
    assert_eq!(fm.cascade.unwrap().topics, ["a"]);
    let (_, d) = parse("title: x\nkind: study\ncascade:\n- kind: memo\n");
    assert_eq!(d.errors.len(), 1, "{d:?}");
    assert_eq!(d.errors[0].line, Some(5), "the cascade's `kind`, not the page's: {:?}", d.errors[0]);
}

#[test]
fn each_key_has_its_line_whatever_its_spelling() {
    let (fm, _) = parse("title: x\n\"kind\": rule\nsummary: |\n  status: not a key\nstatus: repealed\n");
    assert_eq!((fm.line("title"), fm.line("kind"), fm.line("status")), (Some(2), Some(3), Some(6)));
}
