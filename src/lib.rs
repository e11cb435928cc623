//! shuyuan (书院): a static-site generator for Chinese study libraries.
//!
//! The pipeline, one module per stage:
//! `config → content → markdown → library → render → output`,
//! run in order by [`build::build`]. `import` turns raw documents into content;
//! `init` makes a new, empty library. `yaml` reads the keys of site.yaml,
//! front matter and topic files for the stages that hold them.

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fs;
pub mod hash;
pub mod import;
pub mod init;
pub mod library;
pub mod markdown;
pub mod output;
pub mod plan;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod yaml;
