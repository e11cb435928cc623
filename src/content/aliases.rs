//! Old paths of pages (Hugo `aliases`, Jekyll `redirect_from`): where their
//! redirect pages go, and the check that none lands on another file.
//! In: a page's `aliases` as written. Out: safe ASCII output paths.

use super::{dir_url, join_url, slug, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashMap;

/// Files and folders the site itself writes at its root: no old path may
/// take their place.
use super::paths::{RESERVED_DIRS, RESERVED_FILES};

/// The group of old paths that two pages give: one line across files.
const SHARED_OLD_PATH: &str = "old path given by two pages: the first keeps it";

/// The output path of a page's old path, as page paths are made: each
/// folder kept when already a safe ASCII name, otherwise pinyin. An old
/// path ending in `.html` (or `.htm`) is that file; any other is a folder,
/// whose `index.html` is written (`/docs/old/` → `docs/old/index.html`).
/// A relative old path is taken from the page's folder (`dir`), as Hugo does.
/// `None` for an empty path.
pub fn output_path(dir: &str, alias: &str) -> Option<String> {
    let mut path = alias.trim();
    if let Some((_, rest)) = path.split_once("://") {
        path = rest.find('/').map_or("", |i| &rest[i..]);
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    if path.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = if path.starts_with('/') { Vec::new() } else { dir.split('/').collect() };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.retain(|p| !p.is_empty());
    let file = match parts.last() {
        Some(last) if !path.ends_with('/') => {
            let lower = last.to_ascii_lowercase();
            [".html", ".htm"].iter().find_map(|ext| lower.strip_suffix(ext).map(|stem| last[..stem.len()].to_string()))
        }
        _ => None,
    };
    if file.is_some() {
        parts.pop();
    }
    let name = match file {
        Some(stem) => format!("{}.html", slug::path_component(&stem)),
        None => "index.html".to_string(),
    };
    Some(join_url(&dir_url(&parts.join("/")), &name))
}

/// `%E6%B3%95` → `法`; a `%` not followed by two hex digits stays.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every old path must land on a file of its own: not a page, a section,
/// a file beside the pages, a page of a paginated list or what the site
/// writes at its root. Each such clash is an error naming both sources.
/// An old path of two pages is kept by the first (in path order), with a
/// warning; one that is the page's own path, or given twice, is dropped.
pub fn check(content: &mut Content, diags: &mut Diagnostics) {
    let mut taken: HashMap<String, String> = HashMap::new();
    for p in &content.pages {
        taken.insert(p.url.to_ascii_lowercase(), format!("the page {}", p.rel));
    }
    for s in &content.sections {
        let dir = if s.dir.is_empty() { "content/" } else { &s.dir };
        taken.insert(s.url.to_ascii_lowercase(), format!("the section page of {dir}"));
    }
    for a in &content.assets {
        taken.insert(a.url.to_ascii_lowercase(), format!("the file {}", a.rel));
    }
    let mut claimed: HashMap<String, String> = HashMap::new();
    for page in &mut content.pages {
        let (url, rel) = (page.url.clone(), page.rel.clone());
        let line = page.meta.line("aliases").or(page.meta.line("redirect_from"));
        let mut kept = Vec::new();
        for (written, alias) in std::mem::take(&mut page.aliases) {
            if alias.eq_ignore_ascii_case(&url)
                || kept.iter().any(|(_, a): &(String, String)| a.eq_ignore_ascii_case(&alias))
            {
                continue;
            }
            if let Some(other) = claimed.get(&alias.to_ascii_lowercase()) {
                // Two pages moved from one place: either may take it, and no page is lost.
                let message = format!("old path `{written}` is also an old path of {other}, which keeps it");
                diags.warn(Diagnostic::new(&page.path, line, message).grouped(SHARED_OLD_PATH));
                continue;
            }
            // Compared as Windows and FAT32 compare names: ignoring case.
            match taken.get(&alias.to_ascii_lowercase()).cloned().or_else(|| reserved(&alias)) {
                Some(what) => {
                    let message = format!(
                        "old path `{written}` would be written at `{alias}`, which is {what}; remove it from this page"
                    );
                    diags.error(Diagnostic::new(&page.path, line, message));
                }
                None => {
                    claimed.insert(alias.to_ascii_lowercase(), rel.clone());
                    kept.push((written, alias));
                }
            }
        }
        page.aliases = kept;
    }
}

/// What the site itself writes at `alias`, if anything.
fn reserved(alias: &str) -> Option<String> {
    let (dir, name) = alias.rsplit_once('/').unwrap_or(("", alias));
    let top = alias.split('/').next().unwrap_or("");
    let paginated = super::paths::list_page_number(name).is_some();
    let (name, top) = (name.to_ascii_lowercase(), top.to_ascii_lowercase());
    if dir.is_empty() && RESERVED_FILES.contains(&name.as_str())
        || alias.contains('/') && RESERVED_DIRS.contains(&top.as_str())
    {
        Some("a file the site itself writes".into())
    } else if paginated {
        Some("a page of a paginated list".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_paths_become_safe_ascii_output_paths() {
        let table = [
            ("docs", "/docs-cn/dev/gc-config/", Some("docs-cn/dev/gc-config/index.html")),
            ("docs", "/old/page.html", Some("old/page.html")),
            ("docs", "/old/Page.HTM", Some("old/Page.html")),
            ("docs", "/docs/v1.0", Some("docs/v1.0/index.html")),
            ("docs", "old-name", Some("docs/old-name/index.html")),
            ("docs/a", "../b/", Some("docs/b/index.html")),
            ("", "/规章/保密/", Some("gui-zhang/bao-mi/index.html")),
            ("", "/%E5%AE%AA%E6%B3%95.html", Some("xian-fa.html")),
            ("", "https://example.com/a/b/?x=1#y", Some("a/b/index.html")),
            ("", "/", Some("index.html")),
            ("", "  ", None),
        ];
        for (dir, alias, want) in table {
            assert_eq!(output_path(dir, alias).as_deref(), want, "{dir} {alias}");
        }
    }

    #[test]
    fn the_sites_own_files_are_reserved() {
        assert!(reserved("index.html").is_some());
        assert!(reserved("kind/rule.html").is_some());
        assert!(reserved("docs/page-2.html").is_some());
        assert!(reserved("docs/index.html").is_none());
        assert!(reserved("kind.html").is_none());
    }
}
