//! Broken sites: every problem reported together with file and line, a
//! non-zero exit, and public/ left exactly as it was.

use crate::site::TestSite;

#[test]
fn invalid_yaml_names_file_line_and_column_and_keeps_public() {
    let site = TestSite::fixture("library");
    site.build_ok();
    site.write("public/marker.txt", "previous build");
    site.write("content/bad.md", "---\ntitle: 坏\ntopics: [a, b\n---\n正文\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    let re = regex::Regex::new(r"content/bad\.md:\d+:\d+: ").unwrap();
    assert!(re.is_match(&out.stderr), "{}", out.stderr);
    assert_eq!(site.read("marker.txt"), "previous build", "public/ must be left as it was");
    assert!(site.public().join("study/a.html").exists());
}

#[test]
fn all_problems_are_reported_together_numbered() {
    let site = TestSite::fixture("library");
    site.write("content/k.md", "---\ntitle: 类别错\nkind: memo\n---\n");
    site.write("content/l.md", "---\ntitle: 坏链接\n---\n\n第一段\n\n见[缺失](nope.md)\n");
    site.write("content/m.md", "---\ntitle: 坏锚点\n---\n见[条](rule/new.md#第九条)\n");
    site.write("content/n.md", "---\ntitle: 未闭合\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    let e = &out.stderr;
    assert!(e.contains("4 problems found"), "{e}");
    assert!(e.contains("k.md:3: `kind: memo` is not a kind; valid kinds are study"), "{e}");
    assert!(e.contains("l.md:7: link to missing page `nope.md`"), "{e}");
    assert!(e.contains("m.md:4: link `rule/new.md#第九条`"), "{e}");
    assert!(e.contains("n.md:1: front matter") && e.contains("closing `---`"), "{e}");
    for n in ["1. ", "2. ", "3. ", "4. "] {
        assert!(e.contains(n), "numbered: {e}");
    }
    assert!(!site.public().exists(), "nothing written on failure");
}

#[test]
fn template_error_names_the_template() {
    let site = TestSite::fixture("library");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}",
    );
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.contains("page.html"), "{}", out.stderr);
    assert!(out.stderr.contains("nosuchfilter"), "{}", out.stderr);
}

#[test]
fn missing_successor_is_an_error() {
    let site = TestSite::fixture("library");
    site.write("content/rule/x.md", "---\ntitle: 甲\nkind: rule\nsuperseded_by: rule/none.md\n---\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.contains("superseded_by: rule/none.md"), "{}", out.stderr);
}

#[test]
fn refuses_to_overwrite_the_site_root() {
    let site = TestSite::fixture("library");
    let out = site.build(&["--out", site.root.to_str().unwrap()]);
    assert!(!out.ok);
    assert!(site.root.join("content/rule/new.md").exists());
}
