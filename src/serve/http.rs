//! The HTTP side of `serve`: the built site from memory, safely. Only paths
//! of the site are served: no `..`, no encoded slashes or backslashes, no
//! absolute paths; HEAD works; unknown paths get the site's 404 page and
//! malformed ones 400. HTML pages get the live-reload script.

use super::listen::{Answer, Request};
use super::state::{Body, Shared};
use std::sync::Arc;

/// The script every served HTML page gets: reload on a finished rebuild,
/// swap stylesheets on a CSS-only change, show build errors as an overlay.
pub const LIVE_JS: &str = include_str!("live.js");
pub const EVENTS_PATH: &str = "/__shuyuan/events";
pub const LIVE_JS_PATH: &str = "/__shuyuan/live.js";

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum PathError {
    Malformed,
}

/// Maps a request URL to a file of the site: `/a/b.html?x#y` → `a/b.html`,
/// `/` → `index.html`, `/dir/` → `dir/index.html`. Refuses anything that
/// could climb out of the site or confuse a path.
pub fn site_path(url: &str) -> Result<String, PathError> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(PathError::Malformed);
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || path.contains('\\') {
        return Err(PathError::Malformed);
    }
    let decoded = crate::markdown::links::percent_decode(path);
    if decoded.contains('\0') || decoded.contains('\\') {
        return Err(PathError::Malformed);
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(PathError::Malformed),
            p if p.contains(':') => return Err(PathError::Malformed),
            p => parts.push(p),
        }
    }
    let mut rel = parts.join("/");
    if rel.is_empty() || decoded.ends_with('/') {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Ok(rel)
}

/// `Content-Type` by extension, with a charset for text: UTF-8, or UTF-16
/// for a body that starts with its byte-order mark (search index files).
pub fn content_type(path: &str, body: &[u8]) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "js" if body.starts_with(&[0xff, 0xfe]) => "text/javascript; charset=utf-16le",
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Whether a `Host` header names this computer: `localhost`, `127.x.x.x`
/// or `[::1]`, with or without a port. A preview bound to a loopback
/// address answers only those, so that a web page whose name an attacker
/// points at 127.0.0.1 (DNS rebinding) cannot read it.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(
            host,
            |(name, port)| {
                if port.bytes().all(|b| b.is_ascii_digit()) {
                    name
                } else {
                    host
                }
            },
        ),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Answers one request. Never panics on input.
/// With `loopback_only`, a request naming another host than this computer is refused.
pub fn respond(request: &Request, shared: &Arc<Shared>, loopback_only: bool) -> Answer {
    if loopback_only {
        if let Some(host) = request.host.as_deref().filter(|h| !is_loopback_host(h)) {
            return Answer::text(
                403,
                format!("forbidden: this preview answers only to localhost, 127.0.0.1 and [::1], not to `{host}`, so that no web page can read it\n"),
            );
        }
    }
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Answer::text(405, "method not allowed\n");
    }
    let url = request.target.as_str();
    match url.split('?').next() {
        Some(EVENTS_PATH) => {
            let shared = shared.clone();
            return Answer::Stream(Box::new(move |stream| super::events::stream(stream, &shared)));
        }
        Some(LIVE_JS_PATH) => {
            return Answer::Reply {
                status: 200,
                kind: "text/javascript; charset=utf-8",
                body: LIVE_JS.as_bytes().to_vec(),
            }
        }
        _ => {}
    }
    let Ok(path) = site_path(url) else {
        return Answer::text(400, "bad request\n");
    };
    let site = shared.site();
    match site.files.get(&path).map(Body::bytes) {
        Some(Ok(bytes)) => {
            let body = if path.ends_with(".html") { with_live_script(&bytes) } else { bytes.to_vec() };
            Answer::Reply { status: 200, kind: content_type(&path, &bytes), body }
        }
        Some(Err(e)) => Answer::text(500, format!("{path}: cannot read the file kept in memory: {e}\n")),
        None => {
            let not_found = site.files.get("404.html").and_then(|b| b.bytes().ok());
            let body = not_found.map(|b| with_live_script(&b)).unwrap_or_else(|| b"not found\n".to_vec());
            Answer::Reply { status: 404, kind: "text/html; charset=utf-8", body }
        }
    }
}

/// The page with the live-reload script before `</body>`.
fn with_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_urls_to_site_files() {
        let table = [
            ("/", Ok("index.html")),
            ("/index.html?q=%E8%88%86", Ok("index.html")),
            ("/study/", Ok("study/index.html")),
            ("/study/a.html#x", Ok("study/a.html")),
            ("/%E5%AD%A6.html", Ok("学.html")),
            ("/../etc/passwd", Err(PathError::Malformed)),
            ("/a/%2e%2e/%2e%2e/etc/passwd", Err(PathError::Malformed)),
            ("/a%2f..%2f..%2fetc", Err(PathError::Malformed)),
            ("/a%5c..%5cb", Err(PathError::Malformed)),
            ("/a\\..\\b", Err(PathError::Malformed)),
            ("/C:/windows", Err(PathError::Malformed)),
            ("/a%00.html", Err(PathError::Malformed)),
            ("http://example.org/", Err(PathError::Malformed)),
            ("//etc/passwd", Ok("etc/passwd")),
        ];
        for (url, want) in table {
            assert_eq!(site_path(url).as_deref(), want.as_ref().map(|s| *s), "{url}");
        }
    }

    #[test]
    fn only_this_computers_names_are_loopback_hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost:8080",
            "[::1]",
            "[::1]:1111",
            "LOCALHOST",
            "127.3.4.5:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in
            ["evil.com", "evil.com:1111", "localhost.evil.com", "127.0.0.1.nip.io", "10.0.0.1:1111", "[::2]:1", ""]
        {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn text_types_carry_a_charset() {
        assert_eq!(content_type("a.html", b"<p>"), "text/html; charset=utf-8");
        assert_eq!(content_type("x/y.ics", b"BEGIN"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("a.bin", b""), "application/octet-stream");
        assert_eq!(content_type("a.js", b"var"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search/p/1.js", &[0xff, 0xfe, b'_', 0]), "text/javascript; charset=utf-16le");
    }
}
