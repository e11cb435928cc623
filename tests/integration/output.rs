//! Nothing a user made is lost to `build --out`: only an absent or empty
//! folder, or one an earlier build made, is replaced; builds that were
//! killed leave nothing behind for long (issue 14, items 1, 4 and 5).

use crate::site::{listing, run, TestSite};
use std::path::Path;
use std::process::Command;

fn build_into(root: &Path, out: &Path) -> crate::site::Outcome {
    run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("build").arg("--root").arg(root).arg("--out").arg(out))
}

#[test]
fn out_above_the_root_is_refused_and_the_site_survives() {
    let site = TestSite::fixture("library");
    let parent = site.root.parent().unwrap();
    let out = build_into(&site.root, parent);
    assert!(!out.ok, "{}", out.stdout);
    assert!(out.stderr.contains("above it") && out.stderr.contains("--out"), "{}", out.stderr);
    assert!(site.root.join("content").is_dir() && site.root.join("site.yaml").is_file());
    let out = build_into(&site.root, &site.root);
    assert!(!out.ok, "the root itself is refused too");
}

#[test]
fn out_inside_content_is_refused_and_no_source_is_replaced() {
    let site = TestSite::fixture("library");
    let before = listing(&site.root.join("content"));
    for out in ["content", "content/pub", "templates", "static/x"] {
        let outcome = build_into(&site.root, &site.root.join(out));
        assert!(!outcome.ok, "--out {out} must be refused");
        let dir = out.split('/').next().unwrap();
        assert!(outcome.stderr.contains(&format!("{dir}/ folder")), "{out}: {}", outcome.stderr);
    }
    assert_eq!(listing(&site.root.join("content")), before, "content/ untouched");
    assert!(!site.root.join("static").exists() && !site.root.join("templates").exists());
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_and_kept() {
    let site = TestSite::fixture("library");
    let victim = site.root.parent().unwrap().join("victim");
    std::fs::create_dir_all(victim.join("docs")).unwrap();
    std::fs::write(victim.join("docs/important.txt"), "工作记录").unwrap();
    let out = build_into(&site.root, &victim);
    assert!(!out.ok);
    assert!(
        out.stderr.contains("victim") && out.stderr.contains("docs"),
        "names the folder and what it holds: {}",
        out.stderr
    );
    assert!(out.stderr.contains("new or empty folder"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(victim.join("docs/important.txt")).unwrap(), "工作记录");
}

#[test]
fn an_empty_folder_and_a_folder_a_build_made_are_replaced() {
    let site = TestSite::fixture("library");
    let out_dir = site.root.parent().unwrap().join("site-out");
    std::fs::create_dir_all(&out_dir).unwrap();
    assert!(build_into(&site.root, &out_dir).ok, "an empty folder");
    assert!(out_dir.join(shuyuan::output::STAMP).is_file(), "the build marks its folder");
    std::fs::write(out_dir.join("stray.txt"), "x").unwrap();
    let again = build_into(&site.root, &out_dir);
    assert!(again.ok, "a folder a build made: {}", again.stderr);
    assert!(!out_dir.join("stray.txt").exists(), "replaced whole");
}

#[test]
fn a_site_built_before_there_were_stamps_is_still_replaced() {
    let site = TestSite::fixture("library");
    site.build_ok();
    std::fs::remove_file(site.public().join(shuyuan::output::STAMP)).unwrap();
    let again = site.build(&[]);
    assert!(again.ok, "{}", again.stderr);
}

#[test]
fn check_refuses_what_build_would_refuse() {
    let site = TestSite::fixture("library");
    site.write("public/notes/mine.txt", "自己的文件");
    let check = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("check").arg("--root").arg(&site.root));
    assert!(!check.ok, "{}", check.stdout);
    assert!(check.stderr.contains("did not make"), "{}", check.stderr);
    assert!(!site.build(&[]).ok);
    assert_eq!(site.read_source("public/notes/mine.txt"), "自己的文件");
}

#[test]
fn a_killed_build_leaves_no_staging_folder_after_the_next_build() {
    let site = TestSite::fixture("library");
    let parent = &site.root;
    // What a build killed while writing leaves: its staging folder, with
    // its lock file no longer held by anyone.
    let stale = parent.join(".public.building-4000000");
    std::fs::create_dir_all(stale.join("study")).unwrap();
    std::fs::write(stale.join(".building.lock"), "").unwrap();
    std::fs::write(stale.join("study/a.html"), "half").unwrap();
    site.build_ok();
    assert!(!stale.exists(), "removed by the next build");
    let left: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn a_read_only_old_site_is_removed_or_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::fixture("library");
    site.build_ok();
    std::fs::set_permissions(site.public(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = site.build(&[]);
    assert!(out.ok, "{}", out.stderr);
    let left: Vec<String> = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".old-"))
        .collect();
    // As root (CI) the old site can be removed; as anyone else it cannot,
    // and the build must say so.
    assert!(left.is_empty() || out.stderr.contains("could not be removed"), "{left:?}\n{}", out.stderr);
    for name in left {
        let old = site.root.join(name);
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
