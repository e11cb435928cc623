//! Writing an import's pages and telling what was done: each page and its
//! file, what a file was read as when that is not plain UTF-8, and every
//! line removed, at its place. In: a [`Report`] for one source file. Out:
//! the pages and pictures under `--out`, and lines on standard output.

use super::{ImportArgs, Report};
use crate::content::slug;
use crate::diagnostics::count;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// What a file was read as: a Word document (whose places are paragraphs),
/// or text in an encoding (whose places are lines).
#[derive(Clone, Copy)]
pub enum ReadAs {
    Word,
    Text(&'static str),
}

/// The pages a batch has written so far: a later page of the batch whose
/// name is taken gets `-2`, `-3`, … rather than failing or replacing it.
pub type Written = rustc_hash::FxHashSet<PathBuf>;

/// Writes the pages and pictures of one source file, then prints what was
/// done. Nothing is written when anything would be replaced without --force.
pub fn write(file: &Path, report: &Report, read_as: ReadAs, args: &ImportArgs, written: &mut Written) -> Result<()> {
    let targets = targets(file, report, read_as, args, written);
    let files = report.files.iter().map(|(path, _)| args.out.join(path));
    if let Some(taken) = targets.iter().cloned().chain(files).find(|t| t.exists()).filter(|_| !args.force) {
        bail!("{}: already exists (use --force to replace it)", taken.display());
    }
    for (path, bytes) in &report.files {
        crate::fs::write(&args.out.join(path), bytes)?;
    }
    for (page, target) in report.pages.iter().zip(&targets) {
        page.write_to(target)?;
        written.insert(target.clone());
        let meta = &page.front_matter;
        println!("{} → {}  ({}, {})", file.display(), target.display(), meta.title, meta.kind.as_str());
    }
    if let Some((first, _)) = report.files.first() {
        let folder = first.rsplit_once('/').map_or("", |(f, _)| f);
        println!("  {} → {}", count(report.files.len(), "picture"), args.out.join(folder).display());
    }
    print_removed(file, report, read_as);
    Ok(())
}

/// The file each page goes to. A Word document's page is named after its
/// file, as its author named it (a text's file name is as often a number or
/// a hash: it is named after its title); the parts of a compilation after
/// their titles.
fn targets(file: &Path, report: &Report, read_as: ReadAs, args: &ImportArgs, written: &Written) -> Vec<PathBuf> {
    let by_file = matches!(read_as, ReadAs::Word) && report.pages.len() == 1;
    let mut targets: Vec<PathBuf> = Vec::with_capacity(report.pages.len());
    for page in &report.pages {
        let name = if by_file {
            slug::path_component(&super::file_stem(file))
        } else {
            slug::slugify(&page.front_matter.title)
        };
        let name = if name.is_empty() { "page".to_string() } else { name };
        let mut target = args.out.join(format!("{name}.md"));
        for n in 2.. {
            if !written.contains(&target) && !targets.contains(&target) {
                break;
            }
            target = args.out.join(format!("{name}-{n}.md"));
        }
        targets.push(target);
    }
    targets
}

/// What the file was read as, and every line removed (for a .docx, every
/// paragraph, counted from 1).
fn print_removed(file: &Path, report: &Report, read_as: ReadAs) {
    match read_as {
        ReadAs::Word => println!("  read as Word document"),
        ReadAs::Text("UTF-8") => {}
        ReadAs::Text(encoding) => println!("  read as {encoding}"),
    }
    let place = |line: usize| match read_as {
        ReadAs::Word => format!("{}: paragraph {line}", file.display()),
        ReadAs::Text(_) => format!("{}:{line}", file.display()),
    };
    if report.removed.is_empty() {
        println!("  nothing removed");
    } else {
        println!("  removed {}:", count(report.removed.len(), "line"));
        for r in &report.removed {
            let text: String = r.text.chars().take(60).collect();
            println!("    {}: {}: {text}", place(r.line), r.reason);
        }
    }
}
