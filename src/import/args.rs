//! The options of `shuyuan import`, read by clap. A kind and a date are
//! parsed as the command line is read, so that a wrong one stops the
//! import before any file is read, and the rest of `import` is handed them typed.

use crate::content::{Date, Kind};
use std::path::PathBuf;

/// Options of `shuyuan import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Files to import: .docx, .txt (UTF-8, UTF-16 or GBK/GB18030), .md; a
    /// folder (every such file in it); or a pattern such as `收文/*.docx`,
    /// for shells that leave `*` as it is (Windows).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Folder to write the pages into.
    #[arg(long, default_value = "content")]
    pub out: PathBuf,
    /// Cut a compilation (……篇一, ……篇二) into one page per part.
    #[arg(long)]
    pub split: bool,
    /// Kind of the documents (study, rule, plan); guessed from the title when absent.
    #[arg(long, value_parser = kind)]
    pub kind: Option<Kind>,
    /// A topic (专题) for the documents; repeat for several.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// Title to use when the text has no title line.
    #[arg(long)]
    pub title: Option<String>,
    /// Issuing body (发布单位); guessed from the title (`……关于`) when absent.
    #[arg(long)]
    pub issuer: Option<String>,
    /// Date (2022-03-28, 2022-03 or 2022); the first year in the title or text when absent.
    #[arg(long, value_parser = date)]
    pub date: Option<Date>,
    /// Replace pages that already exist.
    #[arg(long)]
    pub force: bool,
}

/// `--kind`: a kind's name, in English or Chinese.
fn kind(text: &str) -> Result<Kind, String> {
    Kind::parse(text).ok_or_else(|| "valid kinds are study, rule, plan".to_string())
}

/// `--date`: a date as front matter writes one.
fn date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| "write 2022-03-28, 2022-03 or 2022".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: ImportArgs,
    }

    fn parse(words: &[&str]) -> Result<ImportArgs, String> {
        let words = ["shuyuan-import", "a.txt"].iter().chain(words);
        Command::try_parse_from(words).map(|c| c.args).map_err(|e| e.to_string())
    }

    #[test]
    fn a_kind_and_a_date_are_read_when_the_command_is() {
        let args = parse(&["--kind", "规章制度", "--date", "2022年3月28日"]).unwrap();
        assert_eq!(args.kind, Some(Kind::Rule));
        assert_eq!(args.date.map(|d| d.to_string()).as_deref(), Some("2022-03-28"));
        let none = parse(&[]).unwrap();
        assert_eq!((none.kind, none.date), (None, None));
        let bad_kind = parse(&["--kind", "memo"]).unwrap_err();
        assert!(bad_kind.contains("memo") && bad_kind.contains("valid kinds are study, rule, plan"), "{bad_kind}");
        let bad_date = parse(&["--date", "soon"]).unwrap_err();
        assert!(bad_date.contains("soon") && bad_date.contains("2022-03-28"), "{bad_date}");
    }
}
