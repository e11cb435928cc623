//! Link rewriting: a link written as a relative path to a `.md` source (with
//! an optional `#anchor`) becomes a relative link to that page's output file.
//! A link to a missing page or file is a problem with file, line and target.

use crate::diagnostics::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

/// What links may point at: content-relative source paths → output paths.
#[derive(Debug, Default)]
pub struct Targets {
    by_rel: HashMap<String, Target>,
}

#[derive(Debug, Clone)]
struct Target {
    url: String,
    /// Pages are recorded for anchor checks and "cited by"; folders and files are not.
    is_page: bool,
}

impl Targets {
    pub fn add_page(&mut self, rel: &str, url: &str) {
        self.by_rel.insert(rel.to_string(), Target { url: url.to_string(), is_page: true });
    }

    /// A section answers to `dir/_index.md`, `dir/` and `dir`.
    pub fn add_section(&mut self, dir: &str, url: &str) {
        let t = Target { url: url.to_string(), is_page: false };
        let index = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        self.by_rel.insert(index, t.clone());
        self.by_rel.insert(dir.to_string(), t);
    }

    pub fn add_asset(&mut self, rel: &str, url: &str) {
        self.by_rel.insert(rel.to_string(), Target { url: url.to_string(), is_page: false });
    }
}

/// A link from one page to a page (or to an anchor of its own page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Content-relative source path of the target page; empty for the page itself.
    pub target: String,
    pub anchor: Option<String>,
    pub line: usize,
    /// The link as written, for messages.
    pub written: String,
}

/// Where the page being rendered stands.
pub struct LinkContext<'a> {
    pub path: &'a Path,
    /// Content-relative folder of the page.
    pub dir: &'a str,
    pub body_line: usize,
    /// `../` repeated to reach the site root from the page's output file.
    pub root: &'a str,
    pub targets: &'a Targets,
}

impl LinkContext<'_> {
    /// The href to write for `dest`, and the page link to record, if any.
    pub fn resolve(&self, dest: &str, line: usize) -> Result<(String, Option<Link>), Diagnostic> {
        if is_external(dest) {
            return Ok((dest.to_string(), None));
        }
        let (path_part, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(percent_decode(a))),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            let link = Link { target: String::new(), anchor, line, written: dest.to_string() };
            return Ok((dest.to_string(), Some(link)));
        }
        let decoded = percent_decode(path_part);
        let rel = match decoded.strip_prefix('/') {
            Some(from_root) => normalize("", from_root),
            None => normalize(self.dir, &decoded),
        };
        let found = rel.as_deref().and_then(|r| self.targets.by_rel.get(r.trim_end_matches('/')));
        let Some(target) = found else {
            let what = if decoded.ends_with(".md") { "page" } else { "file" };
            return Err(Diagnostic::new(self.path, Some(line), format!("link to missing {what} `{dest}`"))
                .grouped(crate::diagnostics::BROKEN_LINK));
        };
        let mut href = format!("{}{}", self.root, target.url);
        if let Some(a) = &anchor {
            href.push('#');
            href.push_str(a);
        }
        let link =
            target.is_page.then(|| Link { target: rel.unwrap_or_default(), anchor, line, written: dest.to_string() });
        Ok((href, link))
    }
}

/// URLs with a scheme (`https:`, `mailto:`) or protocol-relative ones are left alone.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// Joins `rel` onto the folder `dir` and removes `.` and `..`; `None` when
/// the path climbs out of the content folder.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%E4%B8%80`-style escapes; invalid ones are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let mut t = Targets::default();
        t.add_page("plan/a.md", "plan/a.html");
        t.add_page("rule/制度.md", "rule/zhi-du.html");
        t.add_section("rule", "rule/index.html");
        t.add_asset("plan/图.png", "plan/tu.png");
        t
    }

    fn resolve(dest: &str) -> Result<(String, Option<Link>), Diagnostic> {
        let t = targets();
        let ctx = LinkContext { path: Path::new("plan/b.md"), dir: "plan", body_line: 1, root: "../", targets: &t };
        ctx.resolve(dest, 7)
    }

    #[test]
    fn rewrites_links_to_sources() {
        let table = [
            ("a.md", "../plan/a.html"),
            ("./a.md#一主要做法", "../plan/a.html#一主要做法"),
            ("../rule/制度.md#第三条", "../rule/zhi-du.html#第三条"),
            ("../rule/%E5%88%B6%E5%BA%A6.md", "../rule/zhi-du.html"),
            ("/plan/a.md", "../plan/a.html"),
            ("../rule/", "../rule/index.html"),
            ("../rule/_index.md", "../rule/index.html"),
            ("图.png", "../plan/tu.png"),
            ("https://example.org/x.md", "https://example.org/x.md"),
            ("mailto:a@b.c", "mailto:a@b.c"),
            ("#本页", "#本页"),
        ];
        for (dest, want) in table {
            assert_eq!(resolve(dest).unwrap().0, want, "{dest}");
        }
    }

    #[test]
    fn records_page_links_with_anchor_and_line() {
        let (_, link) = resolve("../rule/制度.md#第三条").unwrap();
        let link = link.unwrap();
        assert_eq!(link.target, "rule/制度.md");
        assert_eq!(link.anchor.as_deref(), Some("第三条"));
        assert_eq!(link.line, 7);
        assert!(resolve("../rule/").unwrap().1.is_none());
    }

    #[test]
    fn missing_target_names_file_line_and_link() {
        let e = resolve("../nope.md").unwrap_err();
        assert_eq!(e.to_string(), "plan/b.md:7: link to missing page `../nope.md`");
        assert!(resolve("../../../escape.md").is_err());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%E4%B8%80"), "一");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
