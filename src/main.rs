//! The `shuyuan` command: parses arguments, runs one command, turns its
//! error into an exit status. Everything else lives in the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use shuyuan::build::{build, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

/// 书院 shuyuan: build a searchable study library from Markdown.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build content/ into a static site.
    Build(BuildArgs),
    /// Turn raw documents (UTF-8 .txt, .md) into Markdown pages.
    Import(shuyuan::import::ImportArgs),
    /// Preview the site: build into memory, serve it, rebuild and reload on every save.
    Serve(shuyuan::serve::ServeOptions),
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The site root: the folder holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: public/ in the site root].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Import(args) => shuyuan::import::run(&args),
        Command::Serve(opts) => shuyuan::serve::run(&opts),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_build(args: BuildArgs) -> Result<()> {
    let out = args.out.clone().unwrap_or_else(|| args.root.join("public"));
    let opts = BuildOptions { root: args.root, drafts: args.drafts, defer_search: false };
    let built = build(&opts)?;
    let started = std::time::Instant::now();
    shuyuan::output::write_atomically(&built.files, &out)?;
    let write_time = started.elapsed();
    let s = &built.summary;
    for (i, w) in built.warnings.iter().enumerate() {
        eprintln!("warning {}: {w}", i + 1);
    }
    let total: f64 = s.steps.iter().map(|(_, d)| d.as_secs_f64()).sum::<f64>() + write_time.as_secs_f64();
    let steps: Vec<String> = s
        .steps
        .iter()
        .chain(std::iter::once(&("write", write_time)))
        .map(|(name, d)| format!("{name} {:.2}", d.as_secs_f64()))
        .collect();
    println!(
        "built {} pages, {} topics, {} sections ({} files) into {} in {:.2} s ({}), {} warning{}",
        s.pages,
        s.topics,
        s.sections,
        s.files,
        shuyuan::diagnostics::display_path(&out).display(),
        total,
        steps.join(", "),
        built.warnings.len(),
        if built.warnings.len() == 1 { "" } else { "s" }
    );
    let index = &s.search;
    if index.shards > 0 {
        println!(
            "search index: {} bigrams, {} positions, {} shards, {:.1} MB",
            index.keys,
            index.positions,
            index.shards,
            index.bytes as f64 / 1e6
        );
    }
    Ok(())
}
