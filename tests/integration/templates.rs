//! A site's own templates: loops and mistakes are errors naming the
//! template's file and line, never a crash (issue 14, items 2 and 14).

use crate::site::{run, TestSite};
use std::process::Command;

fn check(site: &TestSite) -> crate::site::Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root))
}

#[test]
fn a_template_that_extends_itself_is_an_error_not_a_crash() {
    let site = TestSite::fixture("library");
    site.write("templates/base.html", "{% extends \"base.html\" %}\n");
    for out in [site.build(&[]), check(&site)] {
        assert!(!out.ok);
        assert!(out.stderr.contains("templates/base.html: extends itself"), "{}", out.stderr);
        assert!(!out.stderr.contains("overflow"), "{}", out.stderr);
    }
}

#[test]
fn an_include_loop_names_the_templates_in_it() {
    let site = TestSite::fixture("library");
    site.write("templates/page.html", "{% include \"parts/a.html\" %}\n");
    site.write("templates/parts/a.html", "<div>{% include \"page.html\" %}</div>\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(
        out.stderr
            .contains("templates/page.html: a loop of templates: page.html includes parts/a.html includes page.html"),
        "{}",
        out.stderr
    );
}

#[test]
fn template_mistakes_name_the_file_and_line() {
    let site = TestSite::fixture("library");
    site.write("templates/404.html", "<p>\n{{ page.title \n</p>\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.contains("templates/404.html:3:2: template error"), "{}", out.stderr);
    site.write("templates/404.html", "<main>\n<p>{{ no_such.thing }}</p>\n</main>\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.contains("templates/404.html:2: template error"), "{}", out.stderr);
    assert!(out.stderr.contains("no_such.thing") && out.stderr.contains("404.html"), "{}", out.stderr);
}

#[test]
fn a_macro_that_calls_itself_without_end_is_an_error_not_a_crash() {
    let site = TestSite::fixture("library");
    site.write("templates/loop.html", "{% macro again(n) %}\n{{ self::again(n=n) }}\n{% endmacro again %}\n");
    site.write("templates/404.html", "{% import \"loop.html\" as l %}{{ l::again(n=1) }}\n");
    let out = site.build(&[]);
    assert!(!out.ok);
    assert!(out.stderr.contains("templates/loop.html:1: macro `again` calls itself"), "{}", out.stderr);
}

#[test]
fn macros_that_call_each_other_without_end_are_an_error_not_a_crash() {
    // Recursion under a condition that never ends, and two macros calling
    // each other, pass the reading of the templates; the depth stops them.
    for (loops, line) in [
        ("{% macro down(n) %}\n{% if n > -1 %}{{ self::down(n=n+1) }}{% endif %}\n{% endmacro down %}\n", 1),
        ("{% macro ping() %}{{ self::pong() }}{% endmacro %}\n{% macro pong() %}{{ self::ping() }}{% endmacro %}\n", 2),
    ] {
        let site = TestSite::fixture("library");
        site.write("templates/loop.html", loops);
        let call = if loops.contains("down") { "l::down(n=1)" } else { "l::ping()" };
        site.write("templates/404.html", &format!("{{% import \"loop.html\" as l %}}{{{{ {call} }}}}\n"));
        let out = site.build(&[]);
        assert!(!out.ok, "{}", out.stderr);
        assert!(out.stderr.contains(&format!("templates/loop.html:{line}: macro `")), "{}", out.stderr);
        assert!(out.stderr.contains("more than 48 macros deep"), "{}", out.stderr);
    }
    // A tree twenty deep still renders.
    let site = TestSite::fixture("library");
    site.write(
        "templates/tree.html",
        "{% macro tree(n) %}<i>{% if n < 20 %}{{ self::tree(n=n+1) }}{% endif %}</i>{% endmacro %}\n",
    );
    site.write("templates/404.html", "{% import \"tree.html\" as t %}{{ t::tree(n=0) }}\n");
    let out = site.build(&[]);
    assert!(out.ok, "{}", out.stderr);
    assert_eq!(site.read("404.html").matches("<i>").count(), 21);
}
