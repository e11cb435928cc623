//! Progress of a build: one line rewritten in place on a terminal, nothing
//! when stderr is a file or a pipe.

use crate::site::run;
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_build_whose_stderr_is_no_terminal_shows_no_progress() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(tmp.path().join("public")));
    assert!(o.ok, "{}", o.stderr);
    assert!(!o.stderr.contains('\r') && !o.stderr.contains("read "), "quiet in a pipe: {:?}", o.stderr);
    assert!(!o.stdout.contains('\r'), "{:?}", o.stdout);
}

/// Under a terminal (util-linux `script` gives the build one), the line
/// counts pages (read, rendered, indexed: the line's words are unit-tested
/// in src/progress.rs), and is cleared before the summary.
#[test]
fn a_build_on_a_terminal_shows_its_progress_on_one_line() {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "util-linux `script` is needed under CI");
        eprintln!("note: skipped, no `script` (util-linux) to give the build a terminal");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let command = format!(
        "{} build --root '{}' --out '{}'",
        env!("CARGO_BIN_EXE_shuyuan"),
        repo().display(),
        tmp.path().join("public").display()
    );
    let o = run(Command::new("script").args(["-qec", &command, "/dev/null"]));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    let shown = &o.stdout;
    assert!(shown.contains("\rread "), "a progress line: {shown:?}");
    let last = shown.rsplit('\r').find(|l| l.contains("built ")).unwrap_or_default();
    assert!(last.trim_start().starts_with("built "), "the summary stands alone: {shown:?}");
}
