//! Callouts (notes, tips, warnings) as other tools write them, shown as one
//! styled block by the theme: GitHub alerts (`> [!NOTE]`, parsed by
//! pulldown-cmark), MkDocs admonitions (`!!! note "标题"` over an indented
//! body, `??? note` folded, `???+ note` unfolded; tabs `=== "标题"` alike) and
//! VitePress/Docusaurus containers (`::: tip 提示` … `:::`, `:::tip[标题]`,
//! `::: details`).
//!
//! pulldown-cmark knows neither admonitions nor containers, so before parsing
//! each opening and closing line becomes a marker: an HTML comment alone on
//! its line, which CommonMark reads as an HTML block of its own (it may cut a
//! paragraph short and never swallows the next line), so the Markdown inside
//! is parsed as usual. An admonition's body loses its indentation. The
//! renderer turns markers into the callout's HTML. Lines are never added or
//! removed, except a closing marker at the very end.

use super::code::Fences;
use super::escape_attr;
use pulldown_cmark::BlockQuoteKind;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

const MARKER: &str = "<!--shuyuan:callout";
/// An admonition's body is indented by this many columns (Python-Markdown's tab).
const ADMONITION_INDENT: usize = 4;

static ADMONITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^( {0,3})(!!!|\?\?\?\+?|===)[ \t]*(?:([A-Za-z][\w-]*))?(?:[ \t]+"([^"]*)")?[ \t]*$"#)
        .expect("a valid pattern")
});
static CONTAINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\[([^\]]*)\])?(.*)$").expect("a valid pattern")
});
/// A tab of a component (`<SimpleTab>`'s `<div label="命令行">`), alone on its line.
static TAB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*<div\s+label="([^"]*)"[^<>]*>\s*$"#).expect("a valid pattern"));
static CONTAINER_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*:{3,}\s*$").expect("a valid pattern"));

/// How a callout looks: its class (which gives its colour and default
/// label in the theme), and whether it folds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    /// note, tip, important, warning, caution, info, danger, details, tab,
    /// or `plain` for a container that only groups (`::: code-group`).
    pub kind: &'static str,
    /// The author's title; `None` shows the kind's default label.
    pub title: Option<String>,
    /// `Some(open)` for a callout that folds (`<details>`).
    pub folds: Option<bool>,
}

/// The callout kind for a type name of any of the tools.
fn kind_of(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "note" | "seealso" | "example" | "quote" | "cite" | "question" | "help" | "faq" => "note",
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "warn" | "attention" => "warning",
        "caution" => "caution",
        "info" | "abstract" | "summary" | "tldr" | "todo" => "info",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "danger",
        "details" => "details",
        "code-group" | "raw" => "plain",
        _ => "note",
    }
}

pub fn of_alert(kind: BlockQuoteKind) -> Callout {
    let kind = match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    };
    Callout { kind, title: None, folds: None }
}

impl Callout {
    fn marker(&self) -> String {
        let folds = match self.folds {
            None => "",
            Some(true) => "+",
            Some(false) => "-",
        };
        // The title must not end the comment early.
        let title = self.title.as_deref().map(|t| t.replace("--", "- -"));
        match title {
            Some(t) => format!("{MARKER} {}{folds} {t}-->", self.kind),
            None => format!("{MARKER} {}{folds}-->", self.kind),
        }
    }

    /// The opening HTML, the closing tag, and the title's plain text (for search).
    pub fn html(&self) -> (String, &'static str) {
        let title = self.title.as_deref().map(inline_markdown);
        let kind = self.kind;
        if kind == "plain" {
            return (format!("<div class=\"container-{kind}\">\n"), "</div>\n");
        }
        match self.folds {
            Some(open) => {
                let open = if open { " open" } else { "" };
                let title = title.unwrap_or_default();
                (
                    format!("<details class=\"callout callout-{kind}\"{open}>\n<summary>{title}</summary>\n"),
                    "</details>\n",
                )
            }
            None => {
                let title = title.unwrap_or_default();
                (
                    format!("<div class=\"callout callout-{kind}\">\n<p class=\"callout-title\">{title}</p>\n"),
                    "</div>\n",
                )
            }
        }
    }
}

/// A title's inline Markdown (`` `.env` 文件 ``) as HTML, without a paragraph.
fn inline_markdown(title: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(title));
    let inner = html.trim().strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>"));
    inner.map_or_else(|| escape_attr(title), str::to_string)
}

/// A component's tab, `<div label="命令行">`, with its label shown:
/// the HTML to write and the label, or `None` for other HTML.
pub fn tab(html: &str) -> Option<(String, String)> {
    let label = super::raw_html::decode_entities(TAB.captures(html)?.get(1)?.as_str().trim());
    let shown =
        if label.is_empty() { String::new() } else { format!("<p class=\"tab-label\">{}</p>\n", escape_attr(&label)) };
    Some((format!("<div class=\"tab\">\n{shown}"), label))
}

/// What a marker in an HTML event stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Open(Callout),
    Close,
}

/// The markers in a piece of raw HTML, in order; empty when it holds none.
pub fn markers(html: &str) -> Vec<Marker> {
    if !html.contains(MARKER) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for part in html.split(MARKER).skip(1) {
        let Some((body, _)) = part.split_once("-->") else { continue };
        let body = body.trim_start();
        if body == "/" {
            found.push(Marker::Close);
            continue;
        }
        let (head, title) = match body.split_once(' ') {
            Some((h, t)) => (h, Some(t.to_string())),
            None => (body, None),
        };
        let (kind, folds) = match head.as_bytes().last() {
            Some(b'+') => (&head[..head.len() - 1], Some(true)),
            Some(b'-') => (&head[..head.len() - 1], Some(false)),
            _ => (head, None),
        };
        let kind = KINDS.iter().find(|k| **k == kind).copied().unwrap_or("note");
        found.push(Marker::Open(Callout { kind, title, folds }));
    }
    found
}

const KINDS: &[&str] = &["note", "tip", "important", "warning", "caution", "info", "danger", "details", "tab", "plain"];

fn close_marker() -> String {
    format!("{MARKER} /-->")
}

enum Open {
    /// An admonition: its body's indentation, in columns.
    Admonition {
        body_indent: usize,
    },
    Container,
}

/// Rewrites admonitions and containers as markers; see the module's comment.
pub fn mark(source: &str) -> Cow<'_, str> {
    if !source.contains(":::") && !source.contains("!!!") && !source.contains("???") && !source.contains("===") {
        return Cow::Borrowed(source);
    }
    let mut pass = Pass::default();
    for raw in source.split('\n') {
        pass.line(raw.strip_suffix('\r').unwrap_or(raw));
    }
    if !pass.changed {
        return Cow::Borrowed(source);
    }
    Cow::Owned(pass.finish())
}

#[derive(Default)]
struct Pass {
    fences: Fences,
    /// The callouts open, innermost last.
    open: Vec<Open>,
    lines: Vec<String>,
    changed: bool,
}

impl Pass {
    fn line(&mut self, raw: &str) {
        if !raw.trim().is_empty() && !self.fences.in_code() {
            self.close_admonitions(indentation(raw));
        }
        let strip = self.open.iter().rev().find_map(|o| match o {
            Open::Admonition { body_indent } => Some(*body_indent),
            Open::Container => None,
        });
        let line = strip.map_or(raw, |n| dedent(raw, n));
        self.changed |= line.len() != raw.len();
        if self.fences.is_code(line) {
            self.lines.push(line.to_string());
            return;
        }
        let marked = if let Some(c) = admonition(line) {
            let lead = &c[1];
            let folds = match &c[2] {
                "???" => Some(false),
                "???+" => Some(true),
                _ => None,
            };
            let kind = if &c[2] == "===" { "tab" } else { kind_of(c.get(3).map_or("note", |m| m.as_str())) };
            let title = c.get(4).map(|m| m.as_str().trim().to_string()).filter(|t| !t.is_empty());
            self.open.push(Open::Admonition { body_indent: strip.unwrap_or(0) + lead.len() + ADMONITION_INDENT });
            format!("{lead}{}", Callout { kind, title, folds }.marker())
        } else if let Some(c) = CONTAINER.captures(line) {
            let kind = kind_of(&c[3]);
            let title = c.get(4).map_or(&c[5], |m| m.as_str()).trim();
            let title = Some(title.to_string()).filter(|t| !t.is_empty() && !t.starts_with('{'));
            let folds = (kind == "details").then_some(false);
            self.open.push(Open::Container);
            format!("{}{}", &c[1], Callout { kind, title, folds }.marker())
        } else if CONTAINER_END.is_match(line) && self.open.iter().any(|o| matches!(o, Open::Container)) {
            let mut closing = line[..line.len() - line.trim_start().len()].to_string();
            while let Some(o) = self.open.pop() {
                closing.push_str(&close_marker());
                if matches!(o, Open::Container) {
                    break;
                }
            }
            closing
        } else {
            self.lines.push(line.to_string());
            return;
        };
        self.lines.push(marked);
        self.changed = true;
    }

    /// An admonition ends at a line indented less than its body, after a
    /// blank line (before it, the line continues a paragraph of the body);
    /// the blank line takes the closing marker.
    fn close_admonitions(&mut self, indent: usize) {
        if !self.lines.last().is_none_or(|l| l.trim().is_empty()) {
            return;
        }
        while let Some(Open::Admonition { body_indent }) = self.open.last() {
            if indent >= *body_indent {
                break;
            }
            self.open.pop();
            if let Some(last) = self.lines.last_mut() {
                last.push_str(&close_marker());
            }
        }
    }

    /// The rewritten source, with a closing marker for each callout still open.
    fn finish(self) -> String {
        let mut out = self.lines.join("\n");
        if !self.open.is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            for _ in self.open {
                out.push_str(&close_marker());
            }
            out.push('\n');
        }
        out
    }
}

/// An admonition's (or tab's) first line: `!!!` and `???` need a type, `===` a title
/// (`===` alone underlines a heading).
fn admonition(line: &str) -> Option<regex::Captures<'_>> {
    let c = ADMONITION.captures(line)?;
    let complete = if &c[2] == "===" { c.get(4).is_some() } else { c.get(3).is_some() };
    complete.then_some(c)
}

/// Leading white space in columns, a tab counting as four.
fn indentation(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += ADMONITION_INDENT,
            _ => break,
        }
    }
    n
}

/// The line without up to `n` columns of leading white space.
fn dedent(line: &str, n: usize) -> &str {
    let mut cols = 0;
    for (i, c) in line.char_indices() {
        if cols >= n {
            return &line[i..];
        }
        match c {
            ' ' => cols += 1,
            '\t' => cols += ADMONITION_INDENT,
            _ => return &line[i..],
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(kind: &'static str, title: Option<&str>, folds: Option<bool>) -> String {
        Callout { kind, title: title.map(str::to_string), folds }.marker()
    }

    #[test]
    fn containers_become_markers_around_their_markdown() {
        let close = close_marker();
        let table = [
            ("::: tip 提示\n内容\n:::\n", format!("{}\n内容\n{close}\n", open("tip", Some("提示"), None))),
            (":::tip[标题]\n- a\n:::\n", format!("{}\n- a\n{close}\n", open("tip", Some("标题"), None))),
            (":::warning\nx\n:::", format!("{}\nx\n{close}", open("warning", None, None))),
            ("- a\n\t::: info\n\tx\n\t:::\n", format!("- a\n\t{}\n\tx\n\t{close}\n", open("info", None, None))),
            (
                "::: details 点击\n```js\n:::\n```\n:::\n",
                format!("{}\n```js\n:::\n```\n{close}\n", open("details", Some("点击"), Some(false))),
            ),
            (
                ":::: tip\n::: danger\nx\n:::\n::::\n",
                format!("{}\n{}\nx\n{close}\n{close}\n", open("tip", None, None), open("danger", None, None)),
            ),
            (
                "::: code-group\n```sh\nnpm\n```\n:::\n",
                format!("{}\n```sh\nnpm\n```\n{close}\n", open("plain", None, None)),
            ),
        ];
        for (input, want) in table {
            assert_eq!(mark(input), want, "{input:?}");
        }
    }

    #[test]
    fn admonitions_lose_their_indentation_and_close_at_the_next_block() {
        let close = close_marker();
        let input = "!!! note \"标题\"\n    正文一\n\n    ```\n    code\n    ```\n\n下文\n";
        let want = format!("{}\n正文一\n\n```\ncode\n```\n{close}\n下文\n", open("note", Some("标题"), None));
        assert_eq!(mark(input), want);
        let input = "??? warning\n    折叠\n";
        let want = format!("{}\n折叠\n{close}\n", open("warning", None, Some(false)));
        assert_eq!(mark(input), want);
        let input = "!!! tip\n    外\n\n    !!! danger\n        内\n\n后\n";
        let want =
            format!("{}\n外\n\n{}\n内\n{close}{close}\n后\n", open("tip", None, None), open("danger", None, None));
        assert_eq!(mark(input), want);
    }

    #[test]
    fn markers_are_read_back() {
        let html = format!("{}{}", open("details", Some("点击 查看"), Some(false)), close_marker());
        assert_eq!(
            markers(&html),
            [
                Marker::Open(Callout { kind: "details", title: Some("点击 查看".into()), folds: Some(false) }),
                Marker::Close
            ]
        );
        assert!(markers("<!-- 普通注释 -->").is_empty());
    }

    #[test]
    fn plain_text_is_left_alone() {
        for input in ["a ::: b\n", "```\n::: tip\n```\n", "标题\n===\n", "!!!重要!!!\n"] {
            assert!(matches!(mark(input), Cow::Borrowed(_)), "{input:?}");
        }
    }
}
