//! `shuyuan init`: a new, empty study library to import documents into:
//! site.yaml and a folder per kind of document under content/, each with
//! its `_index.md`. Nothing that exists is replaced.
//! In: a folder. Out: the site's first files.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// Options of `shuyuan init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    /// The folder to make the library in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The library's title.
    #[arg(long, default_value = "学习文库")]
    pub title: String,
}

/// The files of a new library: (path, text).
fn files(title: &str) -> Vec<(&'static str, String)> {
    let title_yaml = serde_yaml::to_string(title).unwrap_or_default();
    let title_yaml = title_yaml.trim_end();
    let section = |name: &str, description: &str, weight: u32| {
        format!("---\ntitle: {name}\ndescription: {description}\nweight: {weight}\n---\n")
    };
    vec![
        (
            "site.yaml",
            format!(
                "title: {title_yaml}\ndescription: ''\nlanguage: zh-CN\n# Reading speed for reading times and study plans:\nreading:\n  cjk_per_minute: 300\n  latin_words_per_minute: 200\n"
            ),
        ),
        (
            "content/_index.md",
            format!("---\ntitle: {title_yaml}\n---\n\n本文库收录学习资料、规章制度和实施方案，按专题组织学习。\n"),
        ),
        ("content/study/_index.md", section("学习资料", "学习材料、报告与讲话。", 1)),
        ("content/rule/_index.md", section("规章制度", "本单位现行的规章制度。", 2)),
        ("content/plan/_index.md", section("实施方案", "工作要点与实施方案。", 3)),
    ]
}

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    if let Some(taken) = ["site.yaml", "content"].map(|p| dir.join(p)).iter().find(|p| p.exists()) {
        bail!(
            "{}: already exists, so {} already holds a library (nothing was changed)",
            taken.display(),
            dir.display()
        );
    }
    for (path, text) in files(&args.title) {
        crate::fs::write(&dir.join(path), text)?;
    }
    crate::fs::create_dir_all(&dir.join("content/topics"))?;
    println!("made a new library in {}", crate::diagnostics::display_path(dir).display());
    println!("next:");
    println!(
        "  shuyuan import 文件.docx --out {} --kind study   (or rule, plan; a folder or 收文/*.docx imports many)",
        show(&dir.join("content/study"))
    );
    println!("  shuyuan serve --root {}   (preview while editing)", show(dir));
    println!("  shuyuan build --root {}   (the site, in {})", show(dir), show(&dir.join("public")));
    Ok(())
}

fn show(path: &Path) -> String {
    crate::diagnostics::display_path(path).display().to_string()
}
