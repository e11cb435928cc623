//! `shuyuan import`: raw documents → Markdown pages with front matter.
//! Word documents (.docx), text in UTF-8, UTF-16 or GBK/GB18030 (.txt) and
//! Markdown (.md). Junk is removed and reported, official numbering becomes
//! headings, a compilation can be split into its parts.
//! In: files. Out: `.md` files under content/.
//!
//! This file runs an import, file by file; the steps are its modules:
//! [`args`] (the options), [`expand`] (folders and patterns → files),
//! [`decode`] and [`docx`] (bytes → text or blocks), [`pages`] (a
//! document → its pages, with [`clean`], [`junk`], [`structure`], [`rule`]
//! and [`guess`] for what the text says of itself), [`report`] (the pages
//! written, and what was done told).

mod args;
mod clean;
pub mod decode;
pub mod docx;
mod expand;
mod guess;
mod junk;
mod pages;
mod report;
pub mod rule;
pub mod structure;

pub use args::ImportArgs;
pub use pages::{import_docx, import_markdown, import_text, Imported, ImportedFrontMatter, Report};

use anyhow::{bail, Context, Result};
use report::{ReadAs, Written};
use std::path::Path;

pub fn run(args: &ImportArgs) -> Result<()> {
    let files = expand::expand(&args.files)?;
    let mut written = Written::default();
    if let [file] = files.as_slice() {
        return import_file(file, args, &mut written);
    }
    // Each file on its own: one that cannot be imported does not stop the rest.
    let mut failed = 0;
    for file in &files {
        if let Err(e) = import_file(file, args, &mut written) {
            eprintln!("error: {e:#}");
            failed += 1;
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files could not be imported (each is named above)", files.len());
    }
    Ok(())
}

/// Imports one file and writes its pages.
fn import_file(file: &Path, args: &ImportArgs, written: &mut Written) -> Result<()> {
    let bytes = crate::fs::read(file)?;
    let extension = file.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = file_stem(file);
    let (report, read_as) = match extension.as_str() {
        "docx" => {
            let blocks = docx::read(&bytes).with_context(|| file.display().to_string())?;
            (import_docx(blocks, &stem, args), ReadAs::Word)
        }
        "doc" | "wps" => bail!("{}: an old Word or WPS file: open it and save it as .docx", file.display()),
        _ => {
            let decoded = decode::decode(&bytes).map_err(|e| anyhow::anyhow!(e.in_file(file)))?;
            // The bytes are read; a large text should not be held twice.
            drop(bytes);
            let report = if extension == "md" || extension == "markdown" {
                import_markdown(&decoded.text, &stem, args)
            } else {
                import_text(decoded.text, &stem, args)
            };
            (report, ReadAs::Text(decoded.encoding))
        }
    };
    report::write(file, &report, read_as, args, written)
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}
