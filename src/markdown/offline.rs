//! What would make a page load something from the internet, which a site
//! read offline or on an intranet must never do: an image from a web
//! address, and raw HTML whose `src`, `srcset`, `poster`, `data` or
//! `background` attribute, stylesheet link, CSS `url()` or `@import` names
//! one. Such HTML is turned off by renaming the attribute (`src` →
//! `data-offline-src`) or making the URL a fragment (`url(#offline:…)`), so
//! nothing loads and the address stays readable in the page's source.

use regex::Regex;
use std::sync::LazyLock;

/// A web address, with its scheme or protocol-relative (`//host/…`).
const WEB: &str = r"(?:https?:|ftp:)?//";

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"(?i)(^|\s)(src|srcset|poster|data|background)(\s*=\s*["']?\s*)({WEB})"#))
        .expect("a valid pattern")
});
static STYLESHEET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"(?i)(<link\b[^>]*?\s)(href)(\s*=\s*["']?\s*)({WEB})"#)).expect("a valid pattern")
});
static CSS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r#"(?i)(url\(\s*["']?\s*|@import\s+["'])({WEB})"#)).expect("a valid pattern"));

/// Whether a link or image target is a web address.
pub fn is_web_address(dest: &str) -> bool {
    let dest = dest.trim_start().as_bytes();
    let starts =
        |prefix: &str| dest.len() >= prefix.len() && dest[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes());
    ["http://", "https://", "ftp://", "//"].iter().any(|p| starts(p))
}

/// Whether raw HTML would load something from the internet.
pub fn loads_from_web(html: &str) -> bool {
    ATTRIBUTE.is_match(html) || STYLESHEET.is_match(html) || CSS.is_match(html)
}

/// The HTML with every such load turned off.
pub fn turn_off(html: &str) -> String {
    let html = ATTRIBUTE.replace_all(html, "${1}data-offline-${2}${3}${4}");
    let html = STYLESHEET.replace_all(&html, "${1}data-offline-${2}${3}${4}");
    CSS.replace_all(&html, "${1}#offline:${2}").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_loads_from_the_web_is_turned_off_and_the_rest_left_alone() {
        let table = [
            (r#"<img src="https://example.com/a.png">"#, r#"<img data-offline-src="https://example.com/a.png">"#),
            (r#"<IFRAME SRC='//example.com/v'></IFRAME>"#, r#"<IFRAME data-offline-SRC='//example.com/v'></IFRAME>"#),
            ("<img\nsrcset=http://a/b.png>", "<img\ndata-offline-srcset=http://a/b.png>"),
            (r#"<video poster="http://a/p.jpg">"#, r#"<video data-offline-poster="http://a/p.jpg">"#),
            (
                r#"<link rel="stylesheet" href="https://cdn/x.css">"#,
                r#"<link rel="stylesheet" data-offline-href="https://cdn/x.css">"#,
            ),
            (
                r#"<div style="background:url('https://a/b.png')">"#,
                r#"<div style="background:url('#offline:https://a/b.png')">"#,
            ),
            (r#"<style>@import "https://a/x.css";</style>"#, r##"<style>@import "#offline:https://a/x.css";</style>"##),
        ];
        for (html, want) in table {
            assert!(loads_from_web(html), "{html}");
            assert_eq!(turn_off(html), want);
        }
        for local in [
            r#"<a href="https://www.gov.cn">政府网</a>"#,
            r#"<img src="images/a.png">"#,
            r#"<img src="data:image/png;base64,AAAA">"#,
            r#"<img data-src="https://a/b.png">"#,
            r#"<link rel="stylesheet" href="static/site.css">"#,
        ] {
            assert!(!loads_from_web(local), "{local}");
        }
        assert!(is_web_address("HTTPS://example.com/a.png") && is_web_address("//cdn/x.png"));
        assert!(!is_web_address("images/a.png") && !is_web_address("data:image/png;base64,AA"));
    }
}
