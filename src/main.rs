//! The `shuyuan` command: parses arguments, runs one command, turns its
//! error into an exit status. Everything else lives in the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use shuyuan::build::{build, BuildOptions, Search};
use shuyuan::diagnostics::{BrokenLinks, BuildFailed, Diagnostic};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc keeps freed memory for reuse: with the system allocator, a
/// 10,000-page build spent a fifth of its time in the kernel zeroing pages
/// that per-page buffers gave back and took again.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process. mimalloc asks for
/// them on its arenas, and the kernel then zeroes 2 MB at each first touch:
/// on 10,000 pages 5% of the processor went to zeroing, and the build took
/// 6% longer and 30 MB more memory than with ordinary pages.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and
    // touches no memory of ours; on failure it only returns -1.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

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
    /// Check the site without writing it: front matter, links and anchors,
    /// topics, rules no longer in force that are still cited or planned.
    Check(CheckArgs),
    /// Make a new, empty library: site.yaml and a folder per kind under content/.
    Init(shuyuan::init::InitArgs),
    /// Turn raw documents (.docx; .txt in UTF-8, UTF-16 or GBK; .md) into Markdown pages.
    Import(shuyuan::import::ImportArgs),
    /// Preview the site: build into memory, serve it, rebuild and reload on every save.
    Serve(shuyuan::serve::ServeOptions),
    /// Removes old sites that `build` set aside (run by `build` in the background).
    #[command(hide = true, name = "remove-old-sites")]
    RemoveOldSites { paths: Vec<PathBuf> },
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
    /// `error` stops the build on a broken link or anchor; `warn` builds
    /// anyway and lists them as warnings [default: `broken_links` in site.yaml, else error].
    #[arg(long, value_enum)]
    broken_links: Option<BrokenLinks>,
    /// List every problem, not a family of like ones as one line with a count.
    #[arg(long, short)]
    verbose: bool,
    /// Also write the finished site as one zip FILE (for a USB stick or
    /// mail): unpacked, it is one folder that opens from file:// as it is.
    #[arg(long, value_name = "FILE")]
    zip: Option<PathBuf>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The site root: the folder holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Fail on warnings too, not only on errors (for a publishing script).
    #[arg(long)]
    strict: bool,
    /// `error` fails on a broken link or anchor; `warn` lists them as
    /// warnings [default: `broken_links` in site.yaml, else error].
    #[arg(long, value_enum)]
    broken_links: Option<BrokenLinks>,
    /// List every problem, not a family of like ones as one line with a count.
    #[arg(long, short)]
    verbose: bool,
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let verbose = match &cli.command {
        Command::Build(args) => args.verbose,
        Command::Check(args) => args.verbose,
        _ => false,
    };
    let result = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Check(args) => run_check(args),
        Command::Import(args) => shuyuan::import::run(&args),
        Command::Init(args) => shuyuan::init::run(&args),
        Command::Serve(opts) => shuyuan::serve::run(&opts),
        Command::RemoveOldSites { paths } => {
            shuyuan::output::remove_old_sites(&paths);
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<BuildFailed>() {
                Some(failed) => eprintln!("error: {}", failed.listing(verbose)),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// Everything a build checks, without writing the site or its search index:
/// errors fail (listed with the warnings), warnings are listed.
fn run_check(args: CheckArgs) -> Result<()> {
    shuyuan::output::check_target(&shuyuan::output::default_out(&args.root), &args.root)?;
    let opts =
        BuildOptions { root: args.root, drafts: args.drafts, search: Search::Skip, broken_links: args.broken_links };
    let built = build(&opts)?;
    for line in warning_lines(&built.warnings, args.verbose) {
        println!("{line}");
    }
    let s = &built.summary;
    let found = match built.warnings.len() {
        0 => "no problems".to_string(),
        n => shuyuan::diagnostics::warnings(n),
    };
    let (pages, topics) =
        (shuyuan::diagnostics::count(s.pages, "page"), shuyuan::diagnostics::count(s.topics, "topic"));
    println!("checked {pages}, {topics}: {found}");
    if let Some(note) = s.left_out_note() {
        println!("{note}");
    }
    if args.strict && !built.warnings.is_empty() {
        anyhow::bail!("{} (--strict fails on warnings)", shuyuan::diagnostics::warnings(built.warnings.len()));
    }
    Ok(())
}

/// `warning 1: …` lines, a family of like warnings as one line unless
/// `verbose`, and a note saying so when there is one.
fn warning_lines(warnings: &[Diagnostic], verbose: bool) -> Vec<String> {
    let entries = shuyuan::diagnostics::entries(warnings, verbose);
    let mut lines: Vec<String> = entries.iter().enumerate().map(|(i, e)| format!("warning {}: {e}", i + 1)).collect();
    if entries.iter().any(|e| e.is_family()) {
        lines.push(shuyuan::diagnostics::VERBOSE_NOTE.to_string());
    }
    lines
}

/// Builds the site and writes it to `--out`: the pages while the search
/// index is made, then the index.
fn run_build(args: BuildArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let out = args.out.clone().unwrap_or_else(|| shuyuan::output::default_out(&args.root));
    shuyuan::output::check_target(&out, &args.root)?;
    if let Some(zip) = &args.zip {
        shuyuan::output::check_zip_target(zip, &out)?;
    }
    let opts =
        BuildOptions { root: args.root, drafts: args.drafts, search: Search::Later, broken_links: args.broken_links };
    let (built, staging) = shuyuan::progress::show_while(|| -> Result<_> {
        let staging = shuyuan::output::Staging::begin(&out)?;
        let mut built = shuyuan::build::build_into(&opts, &staging)?;
        let later = built.search_later.take();
        let index = staging.write_while(std::mem::take(&mut built.files), || {
            later.map(|l| l.index(None, Some(&staging))).transpose()
        })??;
        if let Some(index) = index {
            built.summary.add_index(&index, "search (while writing)");
        }
        Ok((built, staging))
    })?;
    if let Some(warning) = staging.put_in_place(shuyuan::output::Removal::Background)? {
        eprintln!("warning: {warning}");
    }
    for line in warning_lines(&built.warnings, args.verbose) {
        eprintln!("{line}");
    }
    print_summary(&built, &out, started.elapsed());
    if let Some(zip) = &args.zip {
        let zipped = shuyuan::output::write_zip(&out, zip)?;
        let size = std::fs::metadata(zip).map(|m| m.len()).unwrap_or(0);
        println!(
            "zipped {} files ({:.1} MB) into {} ({:.1} MB)",
            zipped.files,
            zipped.bytes as f64 / 1e6,
            shuyuan::diagnostics::display_path(zip).display(),
            size as f64 / 1e6
        );
    }
    Ok(())
}

/// `built N pages … into DIR in T s (steps)`, and the search index's figures.
fn print_summary(built: &shuyuan::build::Built, out: &std::path::Path, took: std::time::Duration) {
    let s = &built.summary;
    let steps: Vec<String> = s.steps.iter().map(|(name, d)| format!("{name} {:.2}", d.as_secs_f64())).collect();
    println!(
        "built {} pages, {} topics, {} sections ({} files) into {} in {:.2} s ({}), {}",
        s.pages,
        s.topics,
        s.sections,
        s.files,
        shuyuan::diagnostics::display_path(out).display(),
        took.as_secs_f64(),
        steps.join(", "),
        shuyuan::diagnostics::warnings(built.warnings.len())
    );
    if let Some(note) = s.left_out_note() {
        println!("{note}");
    }
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
}
