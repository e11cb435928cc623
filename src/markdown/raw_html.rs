//! Raw HTML in a page, read for what it means to a reader: the text a browser
//! shows (table cells, spans, `<details>`; not scripts, styles or comments),
//! which search indexes and reading time counts, and the anchors it defines
//! (`<a id="x">`, `<a name="x">`, `<span id="x">`).
//! pulldown-cmark hands raw HTML over in pieces (a block line by line), so
//! the reader keeps its place between pieces: a tag or a script may span them.

use regex::Regex;
use std::sync::LazyLock;

/// Elements whose start or end separates text, as a block's edge does:
/// words in two table cells are not one word.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is never shown as text.
const HIDDEN_TAGS: &[&str] = &["script", "style", "template", "textarea"];

static ANCHOR_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("a valid pattern")
});

static ALT_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).expect("a valid pattern"));

/// What a piece of raw HTML holds for a reader.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Read {
    /// Shown text, entities decoded, white space collapsed; `\n` where a block ends.
    pub text: String,
    /// Ids (and `<a name>`s) defined.
    pub ids: Vec<String>,
}

/// Reads raw HTML piece by piece, remembering an unfinished tag, comment or
/// script between pieces.
#[derive(Debug, Default)]
pub struct HtmlReader {
    /// The start of a tag or comment that a piece ended inside.
    carry: String,
    /// Inside `<script>` (or another hidden element): the end tag awaited.
    hidden_until: Option<String>,
    /// White space read and not yet written: it becomes one space before the next word.
    pending_space: bool,
    /// The last text written ends a block.
    after_block: bool,
}

impl HtmlReader {
    pub fn read(&mut self, piece: &str) -> Read {
        let input = std::mem::take(&mut self.carry) + piece;
        let mut out = Read::default();
        let mut rest = input.as_str();
        while !rest.is_empty() {
            if let Some(end) = self.hidden_until.take() {
                match find_ignore_case(rest, &end) {
                    Some(at) => rest = &rest[at..],
                    None => {
                        self.hidden_until = Some(end);
                        break;
                    }
                }
            }
            let Some(lt) = rest.find('<') else {
                self.push_text(&mut out.text, rest);
                break;
            };
            self.push_text(&mut out.text, &rest[..lt]);
            rest = &rest[lt..];
            if rest.starts_with("<!--") {
                match rest.find("-->") {
                    Some(end) => rest = &rest[end + 3..],
                    None => {
                        self.carry = rest.to_string();
                        break;
                    }
                }
                continue;
            }
            if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?') {
                self.push_text(&mut out.text, "<");
                rest = &rest[1..];
                continue;
            }
            let Some(end) = tag_end(rest) else {
                self.carry = rest.to_string();
                break;
            };
            self.tag(&rest[..end], &mut out);
            rest = &rest[end..];
        }
        out
    }

    fn tag(&mut self, tag: &str, out: &mut Read) {
        let closing = tag.starts_with("</");
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCK_TAGS.contains(&name.as_str()) {
            self.pending_space = false;
            if !self.after_block {
                out.text.push('\n');
                self.after_block = true;
            }
        }
        if closing {
            return;
        }
        // A picture's text is its alternative text, as for a Markdown image.
        if name == "img" {
            if let Some(c) = ALT_ATTRIBUTE.captures(tag) {
                let alt = c.get(1).or(c.get(2)).or(c.get(3)).map_or("", |m| m.as_str());
                self.push_text(&mut out.text, alt);
            }
        }
        if HIDDEN_TAGS.contains(&name.as_str()) && !tag.ends_with("/>") {
            self.hidden_until = Some(format!("</{name}"));
        }
        for c in ANCHOR_ATTRIBUTE.captures_iter(tag) {
            let attribute = c[1].to_ascii_lowercase();
            if attribute == "name" && name != "a" {
                continue;
            }
            let value = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
            let value = decode_entities(value.trim());
            if !value.is_empty() {
                out.ids.push(value);
            }
        }
    }
}

/// The byte just past a tag's `>`, minding quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

impl HtmlReader {
    /// Appends text with white space collapsed to one space, none at a block's edges.
    fn push_text(&mut self, out: &mut String, text: &str) {
        let text = decode_entities(text);
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.after_block;
            } else {
                if std::mem::take(&mut self.pending_space) {
                    out.push(' ');
                }
                out.push(c);
                self.after_block = false;
            }
        }
    }
}

/// Decodes the entities a page's HTML commonly holds; others stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| Some((entity(&rest[1..semi])?, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "times" => '×',
        "copy" => '©',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(pieces: &[&str]) -> Read {
        let mut reader = HtmlReader::default();
        let mut all = Read::default();
        for p in pieces {
            let r = reader.read(p);
            all.text.push_str(&r.text);
            all.ids.extend(r.ids);
        }
        all
    }

    #[test]
    fn text_a_reader_sees() {
        let table: &[(&[&str], &str)] = &[
            (&["<table><tr><td>资源</td><td>管控</td></tr></table>"], "\n资源\n管控\n"),
            (&["<span>资源</span>管控"], "资源管控"),
            (
                &["<details>\n", "<summary>点击 展开</summary>\n", "内容 &amp; 说明&nbsp;x\n", "</details>\n"],
                "\n点击 展开\n内容 & 说明 x\n",
            ),
            (&["<script>\n", "var a = '<b>不显示</b>';\n", "</script>\n", "<p>显示</p>"], "\n显示\n"),
            (&["<style>p { color: red }</style>可见"], "可见"),
            (&["<!-- 注释\n", "仍是注释 -->", "正文"], "正文"),
            (&["<a\n", "href=\"x\">链接</a>"], "链接"),
            (&["1 < 2 &copy; &#x4e00;&#20108; &bogus;"], "1 < 2 © 一二 &bogus;"),
            (&["<img width=\"700\" alt=\"语义 检索\" src=\"a.png\" />图后"], "语义 检索图后"),
        ];
        for (pieces, want) in table {
            assert_eq!(read_all(pieces).text, *want, "{pieces:?}");
        }
    }

    #[test]
    fn anchors_in_raw_html() {
        let r = read_all(&[
            r#"<a id="head"></a> <a name='old-name'></a> <span id=plain>x</span> <input name="not-an-anchor">"#,
            r#"<div class="x" ID="第三条"></div><a data-id="no">"#,
        ]);
        assert_eq!(r.ids, ["head", "old-name", "plain", "第三条"]);
    }
}
