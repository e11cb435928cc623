//! Integration tests: one binary, one module per feature.

mod bench_search;
mod browser;
mod build;
mod check;
mod errors;
mod import;
mod incremental;
mod other_tools;
mod plans;
mod sample;
mod search;
mod sections;
mod serve;
mod site;
