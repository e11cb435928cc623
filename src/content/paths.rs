//! Output paths of pages, sections and files beside them, made from their
//! source paths (never from titles), so that two files never share one:
//! each folder and file name is kept when it is already a safe ASCII name,
//! otherwise written in pinyin (`行政复议法(2017-09-01).md` →
//! `xing-zheng-fu-yi-fa-2017-09-01.html`). Names are cut to stay within what
//! Windows Explorer, zip tools and FAT32 handle; when a cut (or two spellings
//! of one name, `重庆` and `chong-qing`) would make two paths meet, the later
//! one takes a short suffix made from its source path, the same on every
//! build. Every path the site writes itself is reserved the same way: the
//! files at the root ([`RESERVED_FILES`]), its folders ([`RESERVED_DIRS`]),
//! each folder's section page `index.html` and the further pages of its
//! list (`page-2.html`, …), and the output folders themselves. A name taken
//! by default gets the suffix; only an explicit `slug:` can collide, and that
//! is an error at its line naming what holds the path.
//! In: the loaded [`Content`] with provisional paths. Out: the same, with
//! final paths, and the problems found.

use super::{join_url, slug, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Longest output path, relative to the site's root: Windows Explorer and
/// many zip tools stop at 260 characters (MAX_PATH), and the folder the site
/// is copied into (`D:\资料\书院\`) takes some of those.
pub const MAX_PATH_LEN: usize = 200;
/// Longest output folder name (a FAT32 entry per 13 characters).
pub const MAX_DIR_LEN: usize = 48;
/// Longest output file name, without its extension.
pub const MAX_NAME_LEN: usize = 96;
/// A page's name is not cut shorter than this to fit a deep folder.
const MIN_NAME_LEN: usize = 16;
/// Hex digits of the suffix that tells apart two paths that met.
const SUFFIX_DIGITS: usize = 6;

/// Output folders the site writes itself: a content folder of that name
/// takes a suffix.
pub const RESERVED_DIRS: &[&str] = &["kind", "topic", "plans", "static", "search", "compare"];
/// Output files at the root the site writes itself.
pub const RESERVED_FILES: &[&str] =
    &["index.html", "404.html", "search.html", "mine.html", "topics.html", "sitemap.xml", "record.html"];

/// What the site writes at the root file `file` (one of [`RESERVED_FILES`]), as messages name it.
fn reserved_file(file: &str) -> String {
    let what = match file {
        "index.html" => "the home page",
        "404.html" => "the page shown for a missing page",
        "search.html" => "the search page",
        "mine.html" => "the reader's own page (我的学习)",
        "topics.html" => "the list of topics",
        "record.html" => "the printable study record (学习记录)",
        _ => "the sitemap",
    };
    format!("{what}, which the site writes itself")
}

/// `N` when `name` is `page-N.html`: a further page of its folder's list,
/// which the site writes when the list is long.
pub fn list_page_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    let digits = lower.strip_prefix("page-")?.strip_suffix(".html")?;
    // As the list writes them: `page-2.html`, never `page-02.html`.
    digits.parse().ok().filter(|n: &u32| *n > 1 && n.to_string() == digits)
}

/// How a name came about, which decides who keeps it when two meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// A page's `slug:`: never changed.
    Fixed,
    /// A safe ASCII source name, kept as it is.
    Kept,
    /// Written in pinyin, or cut.
    Made,
}

/// The output name of a page without its extension: `slug:` when given,
/// else the file's own name when safe, else its pinyin (never empty).
pub fn page_name(explicit: Option<&str>, stem: &str) -> String {
    html_name(explicit, stem, MAX_NAME_LEN).0
}

/// [`name`] of an HTML file (a page, or an `.html` file beside the pages).
fn html_name(explicit: Option<&str>, stem: &str, max: usize) -> (String, Rank) {
    // `index.html` is the folder's section page: a folder's own `index.md`
    // (VitePress, Hugo) is a page beside it.
    if explicit.is_none() && stem.eq_ignore_ascii_case("index") {
        return ("index-page".to_string(), Rank::Kept);
    }
    name(explicit, stem, max)
}

fn name(explicit: Option<&str>, stem: &str, max: usize) -> (String, Rank) {
    if let Some(s) = explicit {
        return (s.to_string(), Rank::Fixed);
    }
    if slug::is_safe(stem) && stem.len() <= max {
        return (stem.to_string(), Rank::Kept);
    }
    let whole = if slug::is_safe(stem) { stem.to_string() } else { slug::slugify_whole(stem) };
    let (cut, _) = slug::cut_at_dash(&whole, max);
    (if cut.is_empty() { "x".to_string() } else { cut }, Rank::Made)
}

/// [`name`]'s rank, without making the name.
fn rank(explicit: Option<&str>, stem: &str) -> Rank {
    match explicit {
        Some(_) => Rank::Fixed,
        None if stem.eq_ignore_ascii_case("index") || (slug::is_safe(stem) && stem.len() <= MAX_NAME_LEN) => Rank::Kept,
        None => Rank::Made,
    }
}

/// `-3fa2b1`: a suffix that stays the same on every build for one source path.
fn suffix(rel: &str) -> String {
    // FNV-1a: fixed by its definition, unlike std's and rustc-hash's hashers.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rel.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("-{:0width$x}", h & ((1 << (4 * SUFFIX_DIGITS)) - 1), width = SUFFIX_DIGITS)
}

/// Output paths taken so far, compared as Windows and FAT32 compare them
/// (ignoring case), with what took each, as messages name it.
#[derive(Default)]
struct Taken {
    paths: HashMap<String, String>,
}

impl Taken {
    /// Takes `url` for `what`; when it is taken, or is the further page of a
    /// folder's list, says what holds it.
    fn take(&mut self, url: &str, what: impl FnOnce() -> String) -> Result<(), String> {
        let key = url.to_ascii_lowercase();
        if let Some(holder) = self.paths.get(&key) {
            return Err(holder.clone());
        }
        let (dir, file) = url.rsplit_once('/').unwrap_or(("", url));
        if let Some(n) = list_page_number(file) {
            let list = if dir.is_empty() { "its folder".to_string() } else { format!("`{dir}/`") };
            return Err(format!("page {n} of the list of {list}, which the site writes when the list is long"));
        }
        self.paths.insert(key, what());
        Ok(())
    }
}

/// Gives every folder, page, section and file its final output path.
pub fn assign(content: &mut Content, diags: &mut Diagnostics) {
    let dirs = assign_dirs(content);
    let dir_of = |d: &str| dirs.get(d).cloned().unwrap_or_default();
    let mut taken = Taken::default();
    for f in RESERVED_FILES {
        let _ = taken.take(f, || reserved_file(f));
    }
    for d in RESERVED_DIRS {
        let _ = taken.take(d, || format!("the folder {d}/, which the site writes itself"));
    }
    // A file may not take the name of a folder beside it: `数据/` is `shu-ju/`.
    for (dir, url) in dirs.iter().filter(|(d, _)| !d.is_empty()) {
        let _ = taken.take(url, || format!("the output folder of {dir}/"));
    }
    for s in &mut content.sections {
        s.url = join_url(&dir_of(&s.dir), "index.html");
        let dir = if s.dir.is_empty() { "content/".to_string() } else { format!("{}/", s.dir) };
        let _ = taken.take(&s.url, || format!("the section page of {dir}, which the site writes itself"));
    }
    let mut order: Vec<(Rank, usize)> = content
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (rank(p.meta.slug.as_deref(), super::page::file_stem(&p.rel)), i))
        .collect();
    order.sort();
    for (_, i) in order {
        let page = &mut content.pages[i];
        let dir = dir_of(&page.section);
        let room = MAX_PATH_LEN.saturating_sub(dir.len() + 1 + ".html".len()).min(MAX_NAME_LEN);
        let stem = super::page::file_stem(&page.rel);
        let (base, rank) = html_name(page.meta.slug.as_deref(), stem, room.max(MIN_NAME_LEN));
        let line = page.meta.slug.as_ref().and(page.meta.line("slug"));
        let place = Place { dir: &dir, ext: ".html", room, rel: &page.rel, path: &page.path, line, page: true };
        if let Some(url) = place.settle(&base, rank, &mut taken, diags) {
            page.url = url;
        }
    }
    for asset in &mut content.assets {
        let (dir_rel, file) = asset.rel.rsplit_once('/').unwrap_or(("", &asset.rel));
        let dir = dir_of(dir_rel);
        let (stem, ext) = match file.rsplit_once('.').filter(|(s, _)| !s.is_empty()) {
            Some((stem, ext)) => (stem, format!(".{}", slug::path_component(&ext.to_ascii_lowercase()))),
            None => (file, String::new()),
        };
        let room = MAX_PATH_LEN.saturating_sub(dir.len() + 1 + ext.len()).min(MAX_NAME_LEN);
        let (base, rank) = if ext == ".html" {
            html_name(None, stem, room.max(MIN_NAME_LEN))
        } else {
            name(None, stem, room.max(MIN_NAME_LEN))
        };
        let place = Place { dir: &dir, ext: &ext, room, rel: &asset.rel, path: &asset.path, line: None, page: false };
        if let Some(url) = place.settle(&base, rank, &mut taken, diags) {
            asset.url = url;
        }
    }
    check_folder_sizes(content, diags);
}

/// Directory entries a FAT32 folder holds at most (USB sticks).
pub const FAT32_MAX_ENTRIES: usize = 65_534;

/// Entries a name takes in a FAT32 folder: a lower-case or long name takes
/// one per 13 characters, plus its short name.
fn fat32_entries(name: &str) -> usize {
    name.len().div_ceil(13) + 1
}

/// Warns of an output folder with more pages and subfolders than a FAT32
/// folder holds: the site would not copy to a USB stick whole.
fn check_folder_sizes(content: &Content, diags: &mut Diagnostics) {
    let mut entries: HashMap<&str, (usize, &Path)> = HashMap::new();
    let urls = content.pages.iter().map(|p| (p.url.as_str(), p));
    let sections = content.sections.iter().filter_map(|s| {
        let page = content.pages.iter().find(|p| p.section == s.dir)?;
        Some((s.url.as_str(), page))
    });
    for (url, page) in urls.chain(sections) {
        let (dir, name) = url.rsplit_once('/').unwrap_or(("", url));
        let e = entries.entry(dir).or_insert((0, page.path.parent().unwrap_or(&page.path)));
        e.0 += fat32_entries(name);
    }
    let mut full: Vec<_> = entries.into_iter().filter(|(_, (n, _))| *n > FAT32_MAX_ENTRIES).collect();
    full.sort();
    for (dir, (n, source)) in full {
        diags.warn(Diagnostic::new(
            source,
            None,
            format!("output folder `{dir}/` takes {n} directory entries, more than a FAT32 folder holds ({FAT32_MAX_ENTRIES}): the site will not copy whole to a USB stick; split the folder"),
        ));
    }
}

/// Where one file goes: its output folder, extension and the room its
/// name has there.
struct Place<'a> {
    dir: &'a str,
    ext: &'a str,
    room: usize,
    rel: &'a str,
    path: &'a Path,
    /// The line of the page's `slug:`, which messages point at.
    line: Option<usize>,
    /// A page, rather than a file beside the pages.
    page: bool,
}

impl Place<'_> {
    /// What holds this file's path, as messages name it.
    fn what(&self) -> String {
        let what = if self.page { "the page" } else { "the file" };
        format!("{what} {}", crate::diagnostics::display_path(self.path).display())
    }

    /// The output path for `base`, with a suffix when the path is taken;
    /// `None` (with an error) when it cannot be had.
    fn settle(&self, base: &str, rank: Rank, taken: &mut Taken, diags: &mut Diagnostics) -> Option<String> {
        let url = join_url(self.dir, &format!("{base}{}", self.ext));
        if url.len() > MAX_PATH_LEN || self.room < MIN_NAME_LEN {
            let hint = match rank {
                Rank::Fixed => "set a shorter `slug`",
                _ => "give its folders shorter names",
            };
            diags.error(Diagnostic::new(
                self.path,
                self.line,
                format!(
                    "output path `{url}` is {} characters long, more than {MAX_PATH_LEN} (Windows and zip tools stop at 260, with the folder the site is copied to): {hint}",
                    url.len()
                ),
            ));
            return None;
        }
        let holder = match taken.take(&url, || self.what()) {
            Ok(()) => return Some(url),
            Err(holder) => holder,
        };
        if rank == Rank::Fixed {
            diags.error(Diagnostic::new(
                self.path,
                self.line,
                format!("`slug: {base}` puts this page at `{url}`, already taken by {holder}; set a different `slug`"),
            ));
            return None;
        }
        let tail = suffix(self.rel);
        let (cut, _) = slug::cut_at_dash(base, self.room - tail.len());
        let url = join_url(self.dir, &format!("{cut}{tail}{}", self.ext));
        match taken.take(&url, || self.what()) {
            Ok(()) => Some(url),
            Err(_) => {
                diags.error(Diagnostic::new(self.path, None, format!("output path `{url}` is taken twice")));
                None
            }
        }
    }
}

/// The output folder of every content folder, parents before children:
/// a folder whose name meets a sibling's (or one the site writes itself)
/// takes a suffix.
fn assign_dirs(content: &Content) -> HashMap<String, String> {
    let mut all = BTreeSet::new();
    let dirs = content.pages.iter().map(|p| p.section.as_str()).chain(content.sections.iter().map(|s| s.dir.as_str()));
    let asset_dirs = content.assets.iter().map(|a| a.rel.rsplit_once('/').map_or("", |(d, _)| d));
    for dir in dirs.chain(asset_dirs) {
        let mut d = dir;
        while !d.is_empty() && all.insert(d.to_string()) {
            d = d.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    let mut out: HashMap<String, String> = HashMap::from([(String::new(), String::new())]);
    // The site's own folders, and its files at the root, which a folder may not take either.
    let mut taken: HashMap<String, ()> =
        RESERVED_DIRS.iter().chain(RESERVED_FILES).map(|d| (d.to_string(), ())).collect();
    // BTreeSet order puts `a` before `a/b`: a parent is known before its children.
    for dir in all {
        let (parent, name_part) = dir.rsplit_once('/').unwrap_or(("", &dir));
        let parent_out = out.get(parent).cloned().unwrap_or_default();
        let (base, _) = name(None, name_part, MAX_DIR_LEN);
        let mut url = join_url(&parent_out, &base);
        // A folder named like the section page or a further page of the list beside it.
        let generated = base.eq_ignore_ascii_case("index.html") || list_page_number(&base).is_some();
        if generated || taken.contains_key(&url.to_ascii_lowercase()) {
            let tail = suffix(&dir);
            let (cut, _) = slug::cut_at_dash(&base, MAX_DIR_LEN - tail.len());
            url = join_url(&parent_out, &format!("{cut}{tail}"));
        }
        taken.insert(url.to_ascii_lowercase(), ());
        out.insert(dir, url);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Asset, Page};
    use std::path::PathBuf;

    fn page(rel: &str, front: &str) -> Page {
        let text = format!("---\ntitle: 标题\n{front}---\n正文\n");
        Page::parse(Path::new(rel), rel, &text).0.unwrap()
    }

    fn assigned(rels: &[(&str, &str)], assets: &[&str]) -> (Vec<String>, Vec<String>, Diagnostics) {
        let mut content = Content {
            pages: rels.iter().map(|(r, f)| page(r, f)).collect(),
            assets: assets
                .iter()
                .map(|r| Asset { path: PathBuf::from(r), rel: r.to_string(), url: String::new() })
                .collect(),
            ..Content::default()
        };
        crate::content::add_implied_sections(&mut content);
        let mut diags = Diagnostics::default();
        assign(&mut content, &mut diags);
        let pages = content.pages.iter().map(|p| p.url.clone()).collect();
        (pages, content.assets.iter().map(|a| a.url.clone()).collect(), diags)
    }

    #[test]
    fn dated_versions_of_one_title_keep_their_dates() {
        let (urls, _, d) =
            assigned(&[("法律/行政复议法(2017-09-01).md", ""), ("法律/行政复议法(2023-09-01).md", "")], &[]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(urls, ["fa-lv/xing-zheng-fu-yi-fa-2017-09-01.html", "fa-lv/xing-zheng-fu-yi-fa-2023-09-01.html"]);
    }

    #[test]
    fn long_names_sharing_a_beginning_are_cut_and_told_apart() {
        let long = "最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释";
        let a = format!("{long}（一）.md");
        let b = format!("{long}（二）.md");
        let (urls, _, d) = assigned(&[(&a, ""), (&b, "")], &[]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_ne!(urls[0], urls[1]);
        for u in &urls {
            assert!(u.len() <= MAX_NAME_LEN + ".html".len(), "{u}");
            assert!(u.is_ascii());
        }
        assert!(!urls[0].contains(&suffix(&a)), "the first keeps its name: {}", urls[0]);
        assert!(urls[1].ends_with(&format!("{}.html", suffix(&b))), "{}", urls[1]);
    }

    #[test]
    fn two_spellings_of_one_name_get_two_paths() {
        let (urls, _, d) = assigned(&[("chong-qing.md", ""), ("重庆.md", ""), ("Chong-Qing/a.md", "")], &[]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(urls[0], "chong-qing.html");
        assert_eq!(urls[1], format!("chong-qing{}.html", suffix("重庆.md")));
    }

    #[test]
    fn explicit_slugs_that_meet_are_an_error_naming_both_files() {
        let (_, _, d) = assigned(&[("a.md", "slug: same\n"), ("b.md", "slug: same\n")], &[]);
        assert_eq!(d.errors.len(), 1);
        assert_eq!(
            d.errors[0].to_string(),
            "b.md:3: `slug: same` puts this page at `same.html`, already taken by the page a.md; set a different `slug`"
        );
    }

    #[test]
    fn an_explicit_slug_too_long_is_an_error_naming_the_source() {
        let slug = "a".repeat(250);
        let (_, _, d) = assigned(&[("p.md", &format!("slug: {slug}\n"))], &[]);
        assert_eq!(d.errors.len(), 1, "{d:?}");
        let e = d.errors[0].to_string();
        assert!(e.starts_with("p.md:3: output path `aaa") && e.contains("set a shorter `slug`"), "{e}");
    }

    #[test]
    fn paths_the_site_writes_itself_are_not_taken_by_pages() {
        let (urls, _, d) = assigned(&[("search.md", ""), ("index.md", ""), ("static/a.md", "")], &[]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(urls[0], format!("search{}.html", suffix("search.md")));
        assert_eq!(urls[1], "index-page.html");
        assert_eq!(urls[2], format!("static{}/a.html", suffix("static")));
    }

    #[test]
    fn an_explicit_slug_on_a_path_the_site_writes_is_an_error_at_its_line() {
        let table = [
            ("study/a.md", "slug: index\n", "`study/index.html`, already taken by the section page of study/"),
            ("a.md", "slug: search\n", "`search.html`, already taken by the search page"),
            ("a.md", "slug: 404\n", "`404.html`, already taken by the page shown for a missing page"),
            ("study/a.md", "slug: page-2\n", "`study/page-2.html`, already taken by page 2 of the list of `study/`"),
            ("a.md", "slug: Search\n", "`Search.html`, already taken by the search page"),
            ("a.md", "slug: study\n", ""),
        ];
        for (rel, front, want) in table {
            let (_, _, d) = assigned(&[(rel, front), ("study/b.md", "")], &["study/data"]);
            if want.is_empty() {
                assert!(d.errors.is_empty(), "{rel} {front}: {d:?}");
                continue;
            }
            assert_eq!(d.errors.len(), 1, "{rel} {front}: {d:?}");
            let e = d.errors[0].to_string();
            assert!(e.starts_with(&format!("{rel}:3: `slug: ")), "{e}");
            assert!(e.contains(want) && e.ends_with("set a different `slug`"), "{e}");
        }
    }

    #[test]
    fn default_names_on_paths_the_site_writes_take_a_suffix() {
        let pages = [("study/page-2.md", ""), ("study/page-1.md", ""), ("x.html/a.md", ""), ("index.html/b.md", "")];
        let files = ["study/page-3.html", "study/index.js", "shu-ju", "数据/c.png", "static"];
        let (urls, assets, d) = assigned(&pages, &files);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(urls[0], format!("study/page-2{}.html", suffix("study/page-2.md")));
        assert_eq!(urls[1], "study/page-1.html", "no list has a page 1 apart from its first");
        assert_eq!(urls[2], "x.html/a.html", "a folder may be called x.html");
        assert_eq!(urls[3], format!("index.html{}/b.html", suffix("index.html")), "but not like the home page");
        assert_eq!(assets[0], format!("study/page-3{}.html", suffix("study/page-3.html")));
        assert_eq!(assets[1], "study/index.js", "only the section page is index.html");
        assert_eq!(assets[2], format!("shu-ju{}", suffix("shu-ju")), "a file named like the folder `数据/` becomes");
        assert_eq!(assets[3], "shu-ju/c.png");
        assert_eq!(assets[4], format!("static{}", suffix("static")), "nor like the site's own folders");
    }

    #[test]
    fn files_beside_pages_get_ascii_names_and_keep_their_extension() {
        let (_, assets, d) = assigned(&[("规章/a.md", "")], &["规章/附件一.PDF", "规章/a.html", "规章/a.md.bak"]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(assets[0], "gui-zhang/fu-jian-yi.pdf");
        assert_eq!(assets[1], format!("gui-zhang/a{}.html", suffix("规章/a.html")));
        assert_eq!(assets[2], "gui-zhang/a.md.bak");
    }

    #[test]
    fn a_folder_too_full_for_fat32_warns() {
        assert_eq!(fat32_entries("a.html"), 2);
        assert_eq!(fat32_entries(&format!("{}.html", "a".repeat(96))), 9);
        let rels: Vec<String> = (0..7300).map(|i| format!("d/{i:0>96}.md")).collect();
        let rels: Vec<(&str, &str)> = rels.iter().map(|r| (r.as_str(), "")).collect();
        let (_, _, d) = assigned(&rels, &[]);
        assert!(d.errors.is_empty());
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(
            d.warnings[0].to_string().contains("output folder `d/` takes 65702 directory entries"),
            "{}",
            d.warnings[0]
        );
    }

    #[test]
    fn deep_folders_cut_the_name_to_fit() {
        let dir =
            ["很长的文件夹名称第一层次结构", "很长的文件夹名称第二层次结构", "很长的文件夹名称第三层次结构"].join("/");
        let rel = format!("{dir}/这是一个非常非常长的文件名称用来测试路径长度的限制是否生效以及是否被正确截断.md");
        let (urls, _, d) = assigned(&[(&rel, "")], &[]);
        assert!(d.errors.is_empty(), "{d:?}");
        assert!(urls[0].len() <= MAX_PATH_LEN, "{} is {}", urls[0], urls[0].len());
        assert!(urls[0].split('/').all(|c| c.len() <= MAX_NAME_LEN + 5));
    }
}
