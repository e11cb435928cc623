//! Long lists cut into pages: a list of more than [`LIST_PAGE_SIZE`] pages
//! is written as `index.html` (or `name.html`) and `page-2.html`
//! (`name-page-2.html`)… in the same folder, linked to each other by bare
//! file names, so the links work from `file://` and any web server.

use super::views::ListView;
use serde::Serialize;

/// Most pages one list page shows.
pub const LIST_PAGE_SIZE: usize = 100;

/// Page numbers shown on each side of the current one; the first and last
/// are always shown, with a gap (…) between them and the rest.
const NEIGHBOUR_NUMBERS: usize = 2;

/// Where a list page is and how to reach the others.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Pager {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    /// File names in the list's folder.
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PagerLink>,
}

/// One page number, or a gap (`number: None`) between numbers.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PagerLink {
    pub number: Option<usize>,
    pub href: String,
    pub current: bool,
}

/// Output path of page `n` (1-based) of the list at `url`.
pub fn page_url(url: &str, n: usize) -> String {
    if n == 1 {
        return url.to_string();
    }
    let (dir, name) = url.rsplit_once('/').map_or(("", url), |(d, n)| (d, n));
    let stem = name.strip_suffix(".html").unwrap_or(name);
    let file = if stem == "index" { format!("page-{n}.html") } else { format!("{stem}-page-{n}.html") };
    super::super::content::join_url(dir, &file)
}

/// The file name of `url`, as a link from a page in the same folder.
fn file_name(url: &str) -> String {
    url.rsplit('/').next().unwrap_or(url).to_string()
}

/// The list at `url` as one page per [`LIST_PAGE_SIZE`] items, each with
/// its output path. The first page alone keeps the introduction and the
/// subsections.
pub fn paginate<'a>(url: &str, mut view: ListView<'a>) -> Vec<(String, ListView<'a>)> {
    let total = view.items.len().div_ceil(LIST_PAGE_SIZE);
    view.count = view.items.len();
    if total <= 1 {
        return vec![(url.to_string(), view)];
    }
    let mut items = std::mem::take(&mut view.items).into_iter();
    let rest = view.continued();
    let mut first = Some(view);
    let mut pages = Vec::with_capacity(total);
    for n in 1..=total {
        let mut page = first.take().unwrap_or_else(|| rest.continued());
        page.items = items.by_ref().take(LIST_PAGE_SIZE).collect();
        page.pager = Some(Box::new(pager(url, n, total)));
        pages.push((page_url(url, n), page));
    }
    pages
}

fn pager(url: &str, current: usize, total: usize) -> Pager {
    let link = |n: usize| file_name(&page_url(url, n));
    let mut links: Vec<PagerLink> = Vec::new();
    for n in 1..=total {
        let near = n.abs_diff(current) <= NEIGHBOUR_NUMBERS;
        if n == 1 || n == total || near {
            links.push(PagerLink { number: Some(n), href: link(n), current: n == current });
        } else if links.last().is_some_and(|l| l.number.is_some()) {
            links.push(PagerLink { number: None, href: String::new(), current: false });
        }
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| link(current - 1)),
        next: (current < total).then(|| link(current + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_stay_in_the_lists_folder() {
        assert_eq!(page_url("laws/xing-fa/index.html", 1), "laws/xing-fa/index.html");
        assert_eq!(page_url("laws/xing-fa/index.html", 2), "laws/xing-fa/page-2.html");
        assert_eq!(page_url("kind/rule.html", 3), "kind/rule-page-3.html");
        assert_eq!(page_url("index.html", 2), "page-2.html");
    }

    #[test]
    fn numbers_near_the_current_page_with_gaps() {
        let p = pager("a/index.html", 6, 12);
        let shown: Vec<String> = p.links.iter().map(|l| l.number.map_or("…".into(), |n| n.to_string())).collect();
        assert_eq!(shown, ["1", "…", "4", "5", "6", "7", "8", "…", "12"]);
        assert_eq!(p.prev.as_deref(), Some("page-5.html"));
        assert_eq!(p.next.as_deref(), Some("page-7.html"));
        let first = pager("a/index.html", 2, 3);
        assert_eq!(first.prev.as_deref(), Some("index.html"));
        assert!(first.links.iter().all(|l| l.number.is_some()));
    }
}
