//! Problems found while building, collected rather than raised one at a time:
//! loading and link checks gather every problem, then the build fails once
//! with all of them, numbered.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem at a place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    /// The family of like problems this one belongs to, as a summary line
    /// without its place (``aliases` (Hugo): ignored`): a family's many
    /// members can be listed as one line with a count and the first places.
    pub group: Option<String>,
}

/// The group of links to a page or file that does not exist.
pub const BROKEN_LINK: &str = "broken link";
/// The group of links to an anchor that the target page does not have.
pub const BROKEN_ANCHOR: &str = "broken anchor";

impl Diagnostic {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_path_buf(), line, column: None, message: message.into(), group: None }
    }

    pub fn at(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
            group: None,
        }
    }

    /// This problem, as a member of the family `group` (see [`Diagnostic::group`]).
    pub fn grouped(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path).display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// A path as the user would type it: relative to the current folder when
/// inside it, without a leading `./`.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let p = relative.unwrap_or_else(|| path.to_path_buf());
    let p = p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p);
    if p.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        p
    }
}

/// Errors and warnings gathered by a build step.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn warn(&mut self, d: Diagnostic) {
        self.warnings.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// Fails with every error gathered so far, numbered, if there is any.
    pub fn check(&self) -> Result<(), BuildFailed> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(BuildFailed { errors: self.errors.clone(), warnings: self.warnings.clone() })
        }
    }
}

/// The build stopped: the listed problems must be fixed first.
#[derive(Debug, thiserror::Error)]
pub struct BuildFailed {
    pub errors: Vec<Diagnostic>,
    /// Warnings found before the build stopped, listed after the errors.
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors.len();
        writeln!(f, "{} found:", count(n, "problem"))?;
        for (i, e) in self.errors.iter().enumerate() {
            writeln!(f, "  {}. {e}", i + 1)?;
        }
        if !self.warnings.is_empty() {
            writeln!(f, "and {}:", warnings(self.warnings.len()))?;
            for (i, w) in self.warnings.iter().enumerate() {
                writeln!(f, "  {}. {w}", i + 1)?;
            }
        }
        Ok(())
    }
}

/// "1 warning", "2 warnings".
pub fn warnings(n: usize) -> String {
    count(n, "warning")
}

/// "1 page", "2 pages": a count of a thing named in English.
pub fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}
