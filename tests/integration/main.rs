//! Integration tests: one binary, one module per feature.

mod bench_search;
mod browser;
mod build;
mod check;
mod errors;
mod fuzz;
mod import;
mod incremental;
mod markdown;
mod other_tools;
mod output;
mod paths;
mod plans;
mod problems;
mod reserved;
mod robust;
mod rules;
mod sample;
mod scripts;
mod search;
mod search_queries;
mod sections;
mod serve;
mod site;
mod templates;
mod versions;
