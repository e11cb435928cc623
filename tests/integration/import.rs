//! `shuyuan import` on the real seed documents.

use crate::site::run;
use std::path::Path;
use std::process::Command;

fn seeds() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"))
}

fn import(args: &[&str], out: &Path) -> crate::site::Outcome {
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").args(args).arg("--out").arg(out));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    o
}

#[test]
fn imports_a_scraped_report_and_reports_the_junk() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seeds().join("004_7ff4c97c35eb7a5e.txt");
    let o = import(&[seed.to_str().unwrap(), "--topic", "阵地建设"], dir.path());
    assert!(o.stdout.contains("removed 7 lines"), "{}", o.stdout);
    assert!(o.stdout.contains("004_7ff4c97c35eb7a5e.txt:1: download-site notice"), "{}", o.stdout);
    let file = dir.path().join("2022-nian-shang-ban-nian-luo-shi-yi-shi-xing-tai-gong-zuo-ze.md");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(
        md.starts_with("---\ntitle: 2022年上半年落实意识形态工作责任制情况报告\ndate: '2022'\nkind: study\n"),
        "{md}"
    );
    assert!(md.contains("\n## 一、2022年上半年意识形态工作情况\n"));
    assert!(md.contains("\n### （一）加强组织领导，夯实主体责任\n"));
    assert!(!md.contains("扫码") && !md.contains("观山文库") && !md.contains("221381"));
    let again = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&seed).arg("--out").arg(dir.path()));
    assert!(!again.ok && again.stderr.contains("already exists"), "never overwrites silently");
}

#[test]
fn splits_the_compilation_into_17_plans() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seeds().join("002_e9c177ea97f7c828.txt");
    import(&[seed.to_str().unwrap(), "--split"], dir.path());
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 17);
    let last = std::fs::read_to_string(dir.path().join("wang-luo-yi-shi-xing-tai-fang-an-pian-shi-qi.md")).unwrap();
    assert!(
        last.contains("title: 网络意识形态方案篇十七") && last.contains("kind: plan") && last.contains("weight: 17")
    );
    assert!(last.contains("## 二、存在的问题"), "{last}");
}

#[test]
fn untitled_document_takes_the_given_title() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seeds().join("003_b47777aa58127f19.txt");
    import(&[seed.to_str().unwrap(), "--title", "2025年XX市人大办公室意识形态工作要点"], dir.path());
    let md =
        std::fs::read_to_string(dir.path().join("2025-nian-xx-shi-ren-da-ban-gong-shi-yi-shi-xing-tai-gong-zuo.md"))
            .unwrap();
    assert!(md.contains("kind: plan") && md.contains("date: '2025'"));
    assert!(md.contains("#### 1\\.深入学习贯彻习近平新时代中国特色社会主义思想\n"), "{md}");
}

#[test]
fn markdown_is_imported_without_losing_its_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("笔记.md");
    std::fs::write(&src, "# 学习笔记\n\n**重点**：见[规定](rule.md)。\n\n扫码领取福利\n").unwrap();
    let out = dir.path().join("content");
    let o = import(&[src.to_str().unwrap(), "--topic", "理论学习"], &out);
    assert!(o.stdout.contains("笔记.md:5: scan, gift, share or bookmark prompt"), "{}", o.stdout);
    let md = std::fs::read_to_string(out.join("xue-xi-bi-ji.md")).unwrap();
    assert!(md.starts_with("---\ntitle: 学习笔记\n"), "{md}");
    assert!(md.contains("**重点**：见[规定](rule.md)。"), "Markdown kept as written: {md}");
    assert!(!md.contains("扫码"));
}
