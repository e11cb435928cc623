//! What would run in a reader's browser from a page's own HTML: `<script>`
//! elements, event attributes (`onerror=`, `onload=`…) and script URLs
//! (`javascript:`, also entity- or white-space-disguised, in `href`, `src`,
//! `action`, `formaction` and the like). A page copied from the web may carry
//! them; they are removed unless site.yaml says `allow_scripts: true`.
//!
//! A tokenizer that follows the browser's: tags with quoted and unquoted
//! attribute values, comments, and the raw text of `<style>`, `<textarea>`,
//! `<noscript>`… (where a `</noscript>` inside an attribute value ends the
//! element, as a browser reads it). Raw text is also cleaned as if it were
//! markup, since inside `<svg>` or `<math>` it is, and a tag it leaves
//! unfinished has its `<` escaped: whichever way a browser reads it, nothing
//! runs. Only what runs is cut out; the rest of the HTML is
//! left byte for byte. pulldown-cmark hands raw HTML over in pieces (a block
//! line by line), so the filter keeps its place between pieces: a tag that
//! a piece ends inside is held back and written with the next one.
//! In: pieces of raw HTML. Out: the pieces without scripts, and what was removed.

use super::raw_html::decode_entities;

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "codebase",
];

/// URL schemes that run what follows them.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript", "livescript"];

/// `data:` media types a browser runs scripts in (in a frame or an object).
const SCRIPT_DATA_TYPES: &[&str] = &["text/html", "application/xhtml+xml"];

/// Elements whose content a browser reads as text, up to their end tag
/// (in HTML; in SVG or MathML they are markup).
const RAW_TEXT: &[&str] =
    &["style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];

/// One thing removed from a page's HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// A `<script>` element.
    Script,
    /// An event attribute, by name (`onerror`).
    Handler(String),
    /// A script URL, by the attribute that held it (`href`, or `style` for a `url()`).
    ScriptUrl(String),
    /// A Markdown link or image to a script URL (`[x](javascript:…)`).
    ScriptLink,
}

impl Removed {
    /// What a warning says.
    pub fn message(&self) -> String {
        let what = match self {
            Removed::Script => "a `<script>` element".to_string(),
            Removed::Handler(name) => format!("an event attribute `{name}=`"),
            Removed::ScriptUrl(attr) => format!("a `javascript:` URL in `{attr}`"),
            Removed::ScriptLink => "a link to a `javascript:` URL".to_string(),
        };
        format!("{what} is removed: a page's own scripts would run in every reader's browser (`allow_scripts: true` in site.yaml keeps them)")
    }
}

/// Cleaned HTML and what was taken out of it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Filtered {
    pub html: String,
    pub removed: Vec<Removed>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
enum State {
    #[default]
    Markup,
    Comment,
    /// `<!x …>`, `<?x …>`, `</1…>`: up to the next `>`.
    BogusComment,
    /// Inside `<script>`: dropped up to `</script`.
    Script,
    /// Inside one of the [`RAW_TEXT`] elements (by name), with the filter
    /// that reads its content as markup too.
    RawText(String, Box<ScriptFilter>),
}

/// Cleans raw HTML piece by piece.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScriptFilter {
    /// The start of a tag that a piece ended inside.
    carry: String,
    state: State,
}

impl ScriptFilter {
    /// Whether what comes now is a script's content (inline text between
    /// `<script>` and `</script>` in a paragraph is dropped too).
    pub fn in_script(&self) -> bool {
        self.state == State::Script
    }

    /// The piece, cleaned. A tag it ends inside is held back for the next piece.
    pub fn filter(&mut self, piece: &str) -> Filtered {
        let input = std::mem::take(&mut self.carry) + piece;
        let mut out = Filtered::default();
        let mut rest = input.as_str();
        while !rest.is_empty() {
            rest = match std::mem::take(&mut self.state) {
                State::Markup => self.markup(rest, &mut out),
                State::Comment => self.until(rest, "-->", State::Comment, &mut out),
                State::BogusComment => self.until(rest, ">", State::BogusComment, &mut out),
                State::Script => match end_tag(rest, "script") {
                    Some(at) => &rest[at..],
                    None => {
                        self.state = State::Script;
                        ""
                    }
                },
                State::RawText(name, mut inner) => {
                    let end = end_tag(rest, &name);
                    let mut f = inner.filter(&rest[..end.unwrap_or(rest.len())]);
                    out.html.push_str(&f.html);
                    out.removed.append(&mut f.removed);
                    match end {
                        Some(at) => {
                            inner.flush_escaped(&mut out);
                            &rest[at..]
                        }
                        None => {
                            self.state = State::RawText(name, inner);
                            ""
                        }
                    }
                }
            };
        }
        out
    }

    /// At the end of a block: a tag left unfinished is closed (it must not
    /// run on into the next block's HTML), and the filter starts afresh.
    pub fn finish(&mut self) -> Filtered {
        let carry = std::mem::take(&mut self.carry);
        let mut out = Filtered::default();
        if let State::RawText(_, inner) = &mut self.state {
            inner.flush_escaped(&mut out);
        }
        *self = ScriptFilter::default();
        if !carry.is_empty() {
            let mut f = self.filter(&(carry + ">"));
            out.html.push_str(&f.html);
            out.removed.append(&mut f.removed);
            *self = ScriptFilter::default();
        }
        out
    }

    /// Where raw text ends, a tag its markup reading left unfinished: its `<`
    /// escaped, so that no reading of it can run on past the element's end,
    /// and what followed that `<` cleaned in turn.
    fn flush_escaped(&mut self, out: &mut Filtered) {
        if let State::RawText(_, inner) = &mut self.state {
            inner.flush_escaped(out);
        }
        let carry = std::mem::take(&mut self.carry);
        if let Some(rest) = carry.strip_prefix('<') {
            out.html.push_str("&lt;");
            let mut fresh = ScriptFilter::default();
            let mut f = fresh.filter(rest);
            out.html.push_str(&f.html);
            out.removed.append(&mut f.removed);
            fresh.flush_escaped(out);
        }
    }

    /// Writes `rest` up to and with `end`, staying in `state` when it is not there.
    fn until<'s>(&mut self, rest: &'s str, end: &str, state: State, out: &mut Filtered) -> &'s str {
        match rest.find(end) {
            Some(at) => {
                out.html.push_str(&rest[..at + end.len()]);
                &rest[at + end.len()..]
            }
            None => {
                out.html.push_str(rest);
                self.state = state;
                ""
            }
        }
    }

    fn markup<'s>(&mut self, rest: &'s str, out: &mut Filtered) -> &'s str {
        let Some(lt) = rest.find('<') else {
            out.html.push_str(rest);
            return "";
        };
        out.html.push_str(&rest[..lt]);
        let rest = &rest[lt..];
        let after = &rest[1..];
        if let Some(comment) = after.strip_prefix("!--") {
            out.html.push_str("<!--");
            self.state = State::Comment;
            return comment;
        }
        let letter = |s: &str| s.starts_with(|c: char| c.is_ascii_alphabetic());
        let closing = after.starts_with('/');
        if !(letter(after) || closing && letter(&after[1..])) {
            if after.starts_with(['!', '?']) || closing {
                out.html.push('<');
                self.state = State::BogusComment;
            } else {
                out.html.push('<');
            }
            return after;
        }
        let Some(tag) = Tag::parse(rest) else {
            self.carry = rest.to_string();
            return "";
        };
        self.tag(&tag, &rest[..tag.len], out);
        &rest[tag.len..]
    }

    fn tag(&mut self, tag: &Tag, text: &str, out: &mut Filtered) {
        if tag.name == "script" {
            // A `<` just before must not join what follows into a new tag
            // (`<</script>img onerror=…>`).
            if out.html.ends_with('<') {
                out.html.pop();
                out.html.push_str("&lt;");
            }
            if !tag.closing {
                out.removed.push(Removed::Script);
                // (Even `<script/>`, self-closing in SVG: its content is dropped
                // either way, being text at best.)
                self.state = State::Script;
            }
            return;
        }
        out.html.push_str(&without_what_runs(tag, text, &mut out.removed));
        if !tag.closing && RAW_TEXT.contains(&tag.name.as_str()) {
            self.state = State::RawText(tag.name.clone(), Box::default());
        }
    }
}

/// The tag's text without its attributes that run. Read again until none
/// is left, since what remains may read otherwise: with `onclick=x` taken
/// from `<a href onclick=x =javascript:…>`, `href` would take the value.
fn without_what_runs(tag: &Tag, text: &str, removed: &mut Vec<Removed>) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut at = 0;
    for a in &tag.attributes {
        if let Some(r) = runs(&tag.name, a) {
            kept.push_str(&text[at..a.range.start]);
            at = a.range.end;
            removed.push(r);
        }
    }
    if at == 0 {
        return text.to_string();
    }
    kept.push_str(&text[at..]);
    match Tag::parse(&kept) {
        Some(again) => without_what_runs(&again, &kept, removed),
        None => format!("<{}>", tag.name),
    }
}

/// Why an attribute runs a script, if it does.
fn runs(tag: &str, a: &Attribute) -> Option<Removed> {
    let name = a.name.as_str();
    // Any on… attribute, valued or not: what a browser counts as a handler grows.
    if name.len() > 2 && name.starts_with("on") {
        return Some(Removed::Handler(a.name.clone()));
    }
    let value = a.value.as_deref()?;
    // Markup in a value is a tag when the browser reads the HTML around it
    // another way (`<svg></p><style><a id="</style><img onerror=…>">`).
    if value.contains('<') {
        let mut inner = ScriptFilter::default();
        let mut removed = inner.filter(value).removed;
        removed.append(&mut inner.finish().removed);
        if let Some(first) = removed.into_iter().next() {
            return Some(first);
        }
    }
    let script_url = match name {
        _ if URL_ATTRIBUTES.contains(&name) => is_script_url(value),
        "style" => css_runs(value),
        "content" if tag == "meta" => {
            let v = decode_entities(value).to_ascii_lowercase();
            v.split_once("url=").is_some_and(|(_, url)| is_script_url(url.trim_matches(['\'', '"', ' '])))
        }
        // SVG animation can set an `href` to a script URL.
        "to" | "from" | "by" | "values" if matches!(tag, "animate" | "set") => value.split(';').any(is_script_url),
        "srcdoc" => {
            let mut inner = ScriptFilter::default();
            !inner.filter(&decode_entities(value)).removed.is_empty()
        }
        _ => false,
    };
    script_url.then(|| Removed::ScriptUrl(a.name.clone()))
}

/// A `style` value with a script URL in it, or IE's `expression(`.
fn css_runs(value: &str) -> bool {
    let v: String = decode_entities(value).chars().filter(|c| !c.is_whitespace() && *c != '\\').collect();
    let v = v.to_ascii_lowercase();
    v.contains("expression(") || SCRIPT_SCHEMES.iter().any(|s| v.contains(&format!("{s}:")))
}

/// Whether a URL (as written in HTML or Markdown) runs a script when followed
/// or loaded: its scheme read as a browser reads it, after entities (with or
/// without `;`) are decoded, tabs and newlines dropped and leading spaces and
/// control characters trimmed.
pub fn is_script_url(url: &str) -> bool {
    let decoded = decode_numeric(url);
    let decoded = decode_entities(&decoded.replace("&Tab;", "\t").replace("&NewLine;", "\n").replace("&colon;", ":"));
    let clean: String = decoded.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    // (A backtick quoted a value for old Internet Explorer.)
    let clean = clean.trim_start_matches(|c: char| c <= ' ' || c == '`');
    let Some((scheme, rest)) = clean.split_once(':') else { return false };
    let scheme = scheme.to_ascii_lowercase();
    if SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return true;
    }
    let rest = rest.trim_start().to_ascii_lowercase();
    scheme == "data" && SCRIPT_DATA_TYPES.iter().any(|t| rest.starts_with(t))
}

/// Numeric character references, with or without their `;` and with any
/// number of leading zeros, as a browser decodes them in attribute values.
fn decode_numeric(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let (hex, digits) = match after.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, after),
        };
        let len = digits.find(|c: char| if hex { !c.is_ascii_hexdigit() } else { !c.is_ascii_digit() });
        let len = len.unwrap_or(digits.len());
        let code = u32::from_str_radix(digits[..len].trim_start_matches('0'), if hex { 16 } else { 10 });
        match code.ok().or((len > 0).then_some(0)).and_then(char::from_u32).filter(|_| len > 0) {
            Some(c) => {
                out.push(c);
                let next = &digits[len..];
                rest = next.strip_prefix(';').unwrap_or(next);
            }
            None => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte where `</name` followed by a space, `/` or `>` starts, if anywhere.
fn end_tag(s: &str, name: &str) -> Option<usize> {
    let lower = s.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        let at = from + at;
        let next = lower[at + needle.len()..].chars().next();
        if next.is_none_or(|c| c.is_ascii_whitespace() || c == '/' || c == '>') {
            return Some(at);
        }
        from = at + needle.len();
    }
    None
}

/// A start or end tag, read as the HTML tokenizer reads it.
#[derive(Debug)]
struct Tag {
    /// Lower case.
    name: String,
    closing: bool,
    attributes: Vec<Attribute>,
    /// Bytes up to and with its `>`.
    len: usize,
}

#[derive(Debug)]
struct Attribute {
    /// Lower case.
    name: String,
    /// As written, quotes removed; None for an attribute without `=`.
    value: Option<String>,
    /// From the white space (or `/`) before it to the end of its value.
    range: std::ops::Range<usize>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl Tag {
    /// The tag `s` starts with (`<` then a letter, or `</` then a letter);
    /// None when `s` ends before the tag does.
    fn parse(s: &str) -> Option<Tag> {
        let b = s.as_bytes();
        let closing = b.get(1) == Some(&b'/');
        let mut i = if closing { 2 } else { 1 };
        let start = i;
        while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            let before = i;
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                i += 1;
            }
            if *b.get(i)? == b'>' {
                return Some(Tag { name, closing, attributes, len: i + 1 });
            }
            // A name runs to a space, `/`, `>` or `=` (a first `=` is part of it).
            let name_start = i;
            i += 1;
            while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr = s[name_start..i].to_ascii_lowercase();
            let mut j = i;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let mut value = None;
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && is_space(b[j]) {
                    j += 1;
                }
                let (v, end) = match *b.get(j)? {
                    q @ (b'"' | b'\'') => {
                        let close = s[j + 1..].find(q as char)? + j + 1;
                        (&s[j + 1..close], close + 1)
                    }
                    _ => {
                        let mut k = j;
                        while k < b.len() && !is_space(b[k]) && b[k] != b'>' {
                            k += 1;
                        }
                        (&s[j..k], k)
                    }
                };
                value = Some(v.to_string());
                i = end;
            }
            attributes.push(Attribute { name: attr, value, range: before..i });
        }
    }
}

#[cfg(test)]
mod tests;
