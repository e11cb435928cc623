//! The last step before the site is handed on: no two of its files share a
//! path. Content's checks keep pages, sections, files beside the pages and
//! old paths apart and off every path the site writes itself (each an error
//! at the `slug:` or old path to change, so `check` reports it too); this
//! guard sees every file, whatever made it, and maps each back to its
//! source, so that no file can silently replace another: not at one path,
//! not at two that Windows and FAT32 take for one (differing in case), and
//! not as a file where a folder of the site goes.
//! In: the site's files and where they came from. Out: the problems found.

use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::library::Library;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// Where an output file came from, as a message names it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Origin {
    /// The source to change, and its line, when the file has one.
    source: Option<(PathBuf, Option<usize>)>,
    /// What the file is (`the page content/a.md`).
    what: String,
    /// What to change.
    hint: &'static str,
}

/// Every output path that a file of the site's sources gives, with that file.
pub struct Origins<'a> {
    by_path: FxHashMap<String, Origin>,
    root: &'a Path,
}

impl<'a> Origins<'a> {
    /// `assets`: the output path and source of each file beside the pages.
    pub fn new(library: &Library, assets: &[(String, PathBuf)], root: &'a Path) -> Origins<'a> {
        let mut by_path = FxHashMap::default();
        let shown = |path: &Path| display_path(path).display().to_string();
        for p in &library.pages {
            let source = Some((p.path.clone(), p.meta.line("slug")));
            let what = format!("the page {}", shown(&p.path));
            by_path.insert(p.url.clone(), Origin { source, what, hint: "set a different `slug`" });
            let line = p.meta.line("aliases").or(p.meta.line("redirect_from"));
            for (written, alias) in &p.aliases {
                let what = format!("the redirect from the old path `{written}` of {}", shown(&p.path));
                let source = Some((p.path.clone(), line));
                by_path.insert(alias.clone(), Origin { source, what, hint: "remove the old path" });
            }
        }
        for s in &library.sections {
            let dir = if s.dir.is_empty() { "content/".to_string() } else { format!("{}/", s.dir) };
            let source = s.path.clone().map(|p| (p, None));
            let what = format!("the section page of {dir}");
            by_path.insert(s.url.clone(), Origin { source, what, hint: "rename the folder" });
        }
        for (url, path) in assets {
            let what = format!("the file {}", shown(path));
            by_path.insert(url.clone(), Origin { source: Some((path.clone(), None)), what, hint: "rename the file" });
        }
        Origins { by_path, root }
    }

    fn of(&self, path: &str) -> Origin {
        if let Some(origin) = self.by_path.get(path) {
            return origin.clone();
        }
        let own = self.root.join(path);
        if path.starts_with("static/") && own.is_file() {
            let what = format!("the site's own {path}");
            return Origin { source: Some((own, None)), what, hint: "rename the file" };
        }
        Origin { source: None, what: format!("`{path}`, which the site writes itself"), hint: "" }
    }
}

/// Adds an error to `diags` for each output path taken twice, ignoring
/// case, and for each file at the path of a folder of the site.
pub fn check<'p>(paths: impl IntoIterator<Item = &'p str>, origins: &Origins, diags: &mut Diagnostics) {
    let mut seen: FxHashMap<String, &str> = FxHashMap::default();
    let mut folders: FxHashMap<String, &str> = FxHashMap::default();
    for path in paths {
        let key = path.to_ascii_lowercase();
        if let Some(first) = seen.insert(key.clone(), path) {
            diags.error(clash(origins, first, path, false));
        }
        for (i, _) in key.match_indices('/') {
            folders.entry(key[..i].to_string()).or_insert(path);
        }
    }
    let mut in_folders: Vec<(&str, &str)> =
        seen.iter().filter_map(|(key, path)| Some((*path, *folders.get(key)?))).collect();
    in_folders.sort_unstable();
    for (path, inside) in in_folders {
        diags.error(clash(origins, path, inside, true));
    }
}

/// The error for two files that cannot both be written: `second` at the
/// path of `first` or (`folder`) inside a folder at the path of `first`.
/// It is placed at a source to change: the second's when it has one, else
/// the first's.
fn clash(origins: &Origins, first: &str, second: &str, folder: bool) -> Diagnostic {
    let (a, b) = (origins.of(first), origins.of(second));
    let second_here = b.source.is_some() || a.source.is_none();
    let (here, there, path, other) = if second_here { (b, a, second, first) } else { (a, b, first, second) };
    let hint = match here.hint {
        "" => "two files the site writes itself meet (a bug in shuyuan: please report it)",
        hint => hint,
    };
    let what = &there.what;
    let meets = match (folder, second_here) {
        (false, _) if path == other => format!("is also the output path of {what}"),
        (false, _) => format!("is also the output path of {what} (`{other}`, the same name to Windows and USB sticks)"),
        (true, true) => {
            format!("lies in a folder `{}` of the site, which is also the output path of {what}", &path[..first.len()])
        }
        (true, false) if there.source.is_none() => format!("is also the name of a folder of the site, holding {what}"),
        (true, false) => format!("is also the name of a folder of the site, holding {what} (`{other}`)"),
    };
    let message = format!("output path `{path}` {meets}: one would silently replace the other; {hint}");
    match here.source {
        Some((source, line)) => Diagnostic::new(&source, line, message),
        None => Diagnostic::new(Path::new(path), None, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(root: &Path) -> Origins<'_> {
        let mut by_path = FxHashMap::default();
        let page = |what: &str| Origin {
            source: Some((PathBuf::from(format!("content/{what}.md")), Some(3))),
            what: format!("the page content/{what}.md"),
            hint: "set a different `slug`",
        };
        by_path.insert("a.html".to_string(), page("a"));
        by_path.insert("A.html".to_string(), page("b"));
        by_path.insert("x".to_string(), page("x"));
        Origins { by_path, root }
    }

    fn problems(paths: &[&str]) -> Vec<String> {
        let mut diags = Diagnostics::default();
        check(paths.iter().copied(), &origins(Path::new("/nowhere")), &mut diags);
        diags.errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn one_path_written_twice_is_an_error_at_the_source_to_change() {
        assert_eq!(problems(&["a.html", "b.html", "static/s.js"]), Vec::<String>::new());
        assert_eq!(
            problems(&["a.html", "A.html"]),
            ["content/b.md:3: output path `A.html` is also the output path of the page content/a.md (`a.html`, the same name to Windows and USB sticks): one would silently replace the other; set a different `slug`"]
        );
        let twice = problems(&["static/s.js", "static/s.js"]);
        assert_eq!(twice.len(), 1);
        assert!(twice[0].starts_with("static/s.js: output path `static/s.js` is also the output path of `static/s.js`, which the site writes itself"), "{}", twice[0]);
        assert!(twice[0].ends_with("(a bug in shuyuan: please report it)"), "{}", twice[0]);
    }

    #[test]
    fn a_file_where_a_folder_goes_is_an_error() {
        let found = problems(&["x/index.html", "x"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0], "content/x.md:3: output path `x` is also the name of a folder of the site, holding `x/index.html`, which the site writes itself: one would silently replace the other; set a different `slug`");
    }
}
