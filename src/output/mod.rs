//! Stage 6: output. The one seam between a build and where it goes: files
//! in memory (for `serve`) or written to disk. Writing builds into a
//! temporary folder beside the target and swaps it in only when complete, so
//! a failed build leaves the previous site exactly as it was.
//! In: the site's files. Out: the site's folder.
//!
//! - [`target`]: which folders a build may replace (never the user's own).
//! - [`staging`]: the site being written beside its target, in parts and
//!   on two threads (the pages while the search index is made), then
//!   swapped in.
//! - [`spill`]: texts set aside on disk while the site is written, so
//!   that a build's memory does not grow with the library.
//! - [`deflated`]: files kept deflated in memory (live preview).
//! - [`ledger`]: every file of a site with a hash of its bytes, so that
//!   the next build links the files that stay the same without reading them.
//! - [`old_sites`]: the sites a swap set aside, removed in the background.
//! - [`zip`]: the finished site as one zip (`build --zip`).

pub mod deflated;
mod ledger;
mod old_sites;
mod spill;
mod staging;
mod target;
mod zip;

pub use old_sites::{is_old_site, remove_old_sites, Removal};
pub use spill::{held, Spill, Spilled};
pub use staging::Staging;
pub use target::{check_target, default_out};
pub use zip::{check_zip_target, write_zip, Zipped};

use std::sync::Arc;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the site root, `/`-separated.
    pub path: String,
    /// Shared, so that a rebuild that keeps a file (live preview) copies nothing.
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile { path: path.into(), bytes: Arc::new(bytes.into()) }
    }
}

/// The file every build leaves at the top of its site: a folder that holds
/// it was made by shuyuan, and a build may replace it whole.
pub const STAMP: &str = ".shuyuan-site";

/// The build's own files at the top of a site, the stamp and the ledger:
/// they belong to this folder, not to a copy of the site (the zip leaves
/// them out), and no page loads them.
pub const OWN_FILES: [&str; 2] = [STAMP, ledger::LEDGER];
