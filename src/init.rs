//! `shuyuan init`: a new, empty study library to import documents into:
//! site.yaml and a folder per kind of document under content/, each with
//! its `_index.md`. Nothing that exists is replaced.
//! In: a folder. Out: the site's first files.

use crate::config::Language;
use crate::content::Kind;
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

/// What a new library's folder of each kind says of itself.
fn description(kind: Kind) -> &'static str {
    match kind {
        Kind::Study => "学习材料、报告与讲话。",
        Kind::Rule => "本单位现行的规章制度。",
        Kind::Plan => "工作要点与实施方案。",
    }
}

/// The files of a new library: (path, text).
fn files(title: &str) -> Vec<(String, String)> {
    let title_yaml = serde_yaml::to_string(title).unwrap_or_default();
    let title_yaml = title_yaml.trim_end();
    let section = |name: &str, description: &str, weight: u32| {
        format!("---\ntitle: {name}\ndescription: {description}\nweight: {weight}\n---\n")
    };
    let mut files = vec![
        (
            "site.yaml".to_string(),
            format!(
                "title: {title_yaml}\ndescription: ''\nlanguage: zh-CN\n# Reading speed for reading times and study plans:\nreading:\n  cjk_per_minute: 300\n  latin_words_per_minute: 200\n"
            ),
        ),
        (
            "content/_index.md".to_string(),
            format!("---\ntitle: {title_yaml}\n---\n\n本文库收录学习资料、规章制度和实施方案，按专题组织学习。\n"),
        ),
    ];
    for (kind, weight) in Kind::ALL.into_iter().zip(1..) {
        let path = format!("content/{}/_index.md", kind.as_str());
        files.push((path, section(kind.label(Language::Chinese), description(kind), weight)));
    }
    files
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
    let [first, others @ ..] = Kind::ALL.map(Kind::as_str);
    println!(
        "  shuyuan import 文件.docx --out {} --kind {first}   (or {}; a folder or 收文/*.docx imports many)",
        show(&dir.join("content").join(first)),
        others.join(", ")
    );
    println!("  shuyuan serve --root {}   (preview while editing)", show(dir));
    println!("  shuyuan build --root {}   (the site, in {})", show(dir), show(&dir.join("public")));
    Ok(())
}

fn show(path: &Path) -> String {
    crate::diagnostics::display_path(path).display().to_string()
}
