//! Link rewriting: a link written as a relative path to a `.md` source (with
//! an optional `#anchor`) becomes a relative link to that page's output file.
//! A link to a missing page or file is a problem with file, line and target.

use crate::diagnostics::Diagnostic;
use regex::Regex;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

/// What links may point at: content-relative source paths → output paths.
#[derive(Debug, Default)]
pub struct Targets {
    by_rel: HashMap<String, Target>,
}

#[derive(Debug, Clone)]
struct Target {
    url: String,
    kind: TargetKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TargetKind {
    /// Recorded for anchor checks and "cited by".
    Page,
    Section,
    /// A file beside the pages: published because a page links it.
    File,
}

impl Targets {
    pub fn add_page(&mut self, rel: &str, url: &str) {
        self.by_rel.insert(rel.to_string(), Target { url: url.to_string(), kind: TargetKind::Page });
    }

    /// A section answers to `dir/_index.md`, `dir/` and `dir`.
    pub fn add_section(&mut self, dir: &str, url: &str) {
        let t = Target { url: url.to_string(), kind: TargetKind::Section };
        let index = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        self.by_rel.insert(index, t.clone());
        self.by_rel.insert(dir.to_string(), t);
    }

    pub fn add_asset(&mut self, rel: &str, url: &str) {
        self.by_rel.insert(rel.to_string(), Target { url: url.to_string(), kind: TargetKind::File });
    }

    /// The target a link names, by its source path or as other tools write
    /// it: `x.html` or `x` for `x.md` (mdBook, VitePress), `x/` or
    /// `x/index.html` for `x/index.md` or `x/README.md`, else the folder's
    /// section. Returns the source path found with the target.
    fn find(&self, rel: &str, as_folder: bool) -> Option<(String, &Target)> {
        let get = |r: &str| self.by_rel.get(r).map(|t| (r.to_string(), t));
        // A folder's own key (`guide`) is its section: its index.md or README.md comes first.
        let folder_key = |t: &Target| t.kind == TargetKind::Section && !rel.ends_with(".md");
        if let Some(found) = get(rel).filter(|(_, t)| !as_folder && !folder_key(t)) {
            return Some(found);
        }
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let html_stem = rel.strip_suffix(".html").or_else(|| rel.strip_suffix(".htm"));
        let (stem, folder) = match html_stem {
            _ if as_folder => (None, Some(rel)),
            Some(_) if name == "index.html" || name == "index.htm" => (html_stem, Some(parent)),
            Some(stem) => (Some(stem), None),
            None if !name.contains('.') => (Some(rel), Some(rel)),
            None => return None,
        };
        let pages = stem.into_iter().flat_map(|s| [format!("{s}.md"), format!("{s}.markdown"), format!("{s}.mdx")]);
        let in_folder = folder.into_iter().flat_map(|d| {
            let at = |n: &str| if d.is_empty() { n.to_string() } else { format!("{d}/{n}") };
            [at("index.md"), at("index.mdx"), at("README.md"), at("readme.md"), d.to_string()]
        });
        let found = pages.chain(in_folder).find_map(|r| get(&r));
        found.filter(|(_, t)| t.kind != TargetKind::File)
    }
}

/// The folder whose files other tools (VitePress) serve at the site's root:
/// `/logo.png` names `public/logo.png`.
const PUBLIC_DIR: &str = "public";

/// What a link's destination became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The href to write.
    pub href: String,
    /// The link to record, when it goes to a page (or this page's anchor).
    pub link: Option<Link>,
    /// The file beside the pages it goes to: its content-relative path.
    pub file: Option<String>,
    /// The name to download that file under, when its own name was not
    /// ASCII (`附件一.pdf`, published as `fu-jian-yi.pdf`).
    pub download: Option<String>,
}

impl Resolved {
    fn plain(href: String, link: Option<Link>) -> Resolved {
        Resolved { href, link, file: None, download: None }
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
    /// `allow_scripts` of site.yaml: a page's scripts are kept.
    pub allow_scripts: bool,
}

impl LinkContext<'_> {
    /// What `dest` becomes: the href to write, and the page or file it goes to.
    pub fn resolve(&self, dest: &str, line: usize) -> Result<Resolved, Diagnostic> {
        if is_external(dest) {
            return Ok(Resolved::plain(dest.to_string(), None));
        }
        let (path_part, anchor) = match dest.split_once('#') {
            // `page.md#`: the page's top, as a browser reads it.
            Some((p, a)) => (p, Some(percent_decode(a)).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or("");
        if path_part.is_empty() {
            let link = Link { target: String::new(), anchor, line, written: dest.to_string() };
            return Ok(Resolved::plain(dest.to_string(), Some(link)));
        }
        let decoded = percent_decode(path_part);
        let from_root = decoded.strip_prefix('/');
        let rel = match from_root {
            Some(from_root) => normalize("", from_root),
            None => normalize(self.dir, &decoded),
        };
        let as_folder = decoded.ends_with('/');
        let found = rel.as_deref().and_then(|r| self.targets.find(r, as_folder));
        // VitePress serves its `public/` folder at the site's root.
        let found = found.or_else(|| {
            let r = normalize(PUBLIC_DIR, from_root?)?;
            self.targets.find(&r, as_folder)
        });
        let Some((rel, target)) = found else {
            let what = if decoded.ends_with(".md") { "page" } else { "file" };
            return Err(Diagnostic::new(self.path, Some(line), format!("link to missing {what} `{dest}`"))
                .grouped(crate::diagnostics::BROKEN_LINK));
        };
        let mut href = format!("{}{}", self.root, target.url);
        if let Some(a) = &anchor {
            href.push('#');
            href.push_str(a);
        }
        let mut resolved = Resolved::plain(href, None);
        match target.kind {
            TargetKind::Page => resolved.link = Some(Link { target: rel, anchor, line, written: dest.to_string() }),
            TargetKind::Section => {}
            TargetKind::File => {
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                resolved.download = (!name.is_ascii()).then(|| name.to_string());
                resolved.file = Some(rel);
            }
        }
        Ok(resolved)
    }

    /// Raw HTML with its `src` and `href` attributes that name a page or a
    /// file beside the pages rewritten to their output paths, and the
    /// files it names; `None` when it names none. Others are left as
    /// written: raw HTML is the author's own, and not checked.
    pub fn rewrite_html(&self, html: &str, line: usize) -> Option<(String, Vec<String>)> {
        static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)(\s(?:src|href)\s*=\s*)(?:"([^"]*)"|'([^']*)')"#).expect("a valid pattern")
        });
        let mut files = Vec::new();
        let mut changed = false;
        let out = ATTRIBUTE.replace_all(html, |c: &regex::Captures| {
            let dest = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
            let resolved = (!dest.is_empty() && !dest.starts_with('#') && !is_external(dest))
                .then(|| self.resolve(dest, line).ok())
                .flatten();
            match resolved {
                Some(r) => {
                    changed = true;
                    files.extend(r.file);
                    let download = match r.download {
                        Some(name) if c[1].trim_start().to_ascii_lowercase().starts_with("href") => {
                            format!(" download=\"{}\"", super::escape_attr(&name))
                        }
                        _ => String::new(),
                    };
                    format!("{}\"{}\"{download}", &c[1], r.href.replace('"', "%22"))
                }
                None => c[0].to_string(),
            }
        });
        changed.then(|| (out.into_owned(), files))
    }
}

/// The opening `<a>` of a link to a file that downloads under `name`.
pub fn download_link(href: &str, title: &str, name: &str) -> String {
    let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", super::escape_attr(title)) };
    format!("<a href=\"{}\" download=\"{}\"{title}>", super::escape_attr(href), super::escape_attr(name))
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
        t.add_asset("plan/附件一.pdf", "plan/fu-jian-yi.pdf");
        t.add_page("basic/compound-type/array.md", "basic/compound-type/array.html");
        t.add_page("basic/README.md", "basic/README.html");
        t.add_section("basic", "basic/index.html");
        t.add_section("basic/compound-type", "basic/compound-type/index.html");
        t.add_page("guide/api.md", "guide/api.html");
        t.add_asset("public/logo.png", "public/logo.png");
        t.add_page("guide/index.md", "guide/index-1a2b3c.html");
        t.add_section("guide", "guide/index.html");
        t
    }

    fn resolve(dest: &str) -> Result<Resolved, Diagnostic> {
        let t = targets();
        let ctx = LinkContext {
            path: Path::new("plan/b.md"),
            dir: "plan",
            body_line: 1,
            root: "../",
            targets: &t,
            allow_scripts: false,
        };
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
            assert_eq!(resolve(dest).unwrap().href, want, "{dest}");
        }
    }

    #[test]
    fn links_to_output_names_and_folders_go_to_their_pages() {
        let table = [
            (
                "/basic/compound-type/array.html#数组切片",
                "../basic/compound-type/array.html#数组切片",
                "basic/compound-type/array.md",
            ),
            ("../basic/compound-type/array.html", "../basic/compound-type/array.html", "basic/compound-type/array.md"),
            ("/guide/api", "../guide/api.html", "guide/api.md"),
            ("../guide/api#x", "../guide/api.html#x", "guide/api.md"),
            ("../guide/", "../guide/index-1a2b3c.html", "guide/index.md"),
            ("/guide/index.html", "../guide/index-1a2b3c.html", "guide/index.md"),
            ("../basic/", "../basic/README.html", "basic/README.md"),
            ("../basic/index.html", "../basic/README.html", "basic/README.md"),
            ("../basic", "../basic/README.html", "basic/README.md"),
            ("/guide", "../guide/index-1a2b3c.html", "guide/index.md"),
        ];
        for (dest, href, target) in table {
            let r = resolve(dest).unwrap_or_else(|e| panic!("{dest}: {e}"));
            assert_eq!(r.href, href, "{dest}");
            assert_eq!(r.link.map(|l| l.target).as_deref(), Some(target), "{dest}");
        }
        assert_eq!(resolve("/logo.png").unwrap().href, "../public/logo.png");
        assert_eq!(resolve("../basic/compound-type/").unwrap().href, "../basic/compound-type/index.html");
        assert!(resolve("../basic/nope.html").is_err());
        assert!(resolve("../guide/api.htmlx").is_err());
    }

    #[test]
    fn a_file_with_a_chinese_name_downloads_under_it() {
        let r = resolve("附件一.pdf").unwrap();
        assert_eq!(r.href, "../plan/fu-jian-yi.pdf");
        assert_eq!(r.file.as_deref(), Some("plan/附件一.pdf"));
        assert_eq!(r.download.as_deref(), Some("附件一.pdf"));
        assert_eq!(resolve("../plan/a.md").unwrap().file, None);
    }

    #[test]
    fn raw_html_naming_files_is_rewritten_and_the_rest_left_alone() {
        let t = targets();
        let ctx = LinkContext {
            path: Path::new("plan/b.md"),
            dir: "plan",
            body_line: 1,
            root: "../",
            targets: &t,
            allow_scripts: false,
        };
        let (html, files) = ctx.rewrite_html(r#"<img src="图.png" alt="x"><a href='a.md#一'>"#, 3).unwrap();
        assert_eq!(html, r#"<img src="../plan/tu.png" alt="x"><a href="../plan/a.html#一">"#);
        assert_eq!(files, ["plan/图.png"]);
        let (html, _) = ctx.rewrite_html(r#"<a href="附件一.pdf">附件一</a>"#, 3).unwrap();
        assert_eq!(html, r#"<a href="../plan/fu-jian-yi.pdf" download="附件一.pdf">附件一</a>"#);
        assert!(ctx.rewrite_html(r##"<a href="https://a.b/c.png"><a href="#x"><img src="nope.png">"##, 3).is_none());
    }

    #[test]
    fn records_page_links_with_anchor_and_line() {
        let link = resolve("../rule/制度.md#第三条").unwrap().link.unwrap();
        assert_eq!(link.target, "rule/制度.md");
        assert_eq!(link.anchor.as_deref(), Some("第三条"));
        assert_eq!(link.line, 7);
        assert!(resolve("../rule/").unwrap().link.is_none());
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
