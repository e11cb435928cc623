//! Stage 3: Markdown → HTML with pulldown-cmark. Adds what a Chinese study
//! library needs on top of CommonMark: emphasis around full-width punctuation,
//! heading ids by GitHub's rules that keep their Chinese text, anchors on rule
//! articles (第X条) and in raw HTML, a table of contents, one `<h1>` per page
//! (a body's own `#` headings move one level down), and links to `.md` sources
//! rewritten to output paths. Markdown written for other tools builds as it
//! is: their callouts become the theme's, their template syntax is removed
//! (one warning per kind and page), and text inside raw HTML is text.
//! Nothing of a page loads from the internet: an image from a web address
//! becomes a link to it, and raw HTML that would load one is turned off,
//! each with a warning. Nothing of a page runs: `<script>`, `on…=` attributes
//! and `javascript:` URLs (in raw HTML and in Markdown links) are removed,
//! each with a warning, unless the site allows scripts.
//! In: a page body. Out: [`Rendered`] (HTML, TOC, ids, links, text counts).

mod anchors;
mod callouts;
mod cjk_emphasis;
mod code;
pub mod links;
mod offline;
mod raw_html;
mod scripts;
mod tool_syntax;

use crate::content::page::TITLE_MARKER;
use crate::content::reading::TextStats;
use crate::diagnostics::{Diagnostic, Diagnostics};
pub use anchors::{article_id, heading_id};
use links::{Link, LinkContext};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A page body rendered to HTML, with what later stages need to know about it.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// The HTML, unless it is set aside ([`Rendered::html_aside`]): read it
    /// with [`Rendered::html`].
    pub html: String,
    /// In a build that writes to disk, the HTML set aside until its page is
    /// rendered ([`Rendered::set_aside`]).
    pub html_aside: Option<crate::output::Spilled>,
    pub toc: Vec<TocEntry>,
    /// Every `id` the HTML defines: headings, articles, footnotes.
    pub ids: HashSet<String>,
    /// Links to other pages (and to this one's anchors), for checks and "cited by".
    pub links: Vec<Link>,
    /// Files beside the pages that the page links or embeds (content-relative):
    /// only these are published.
    pub files: Vec<String>,
    pub stats: TextStats,
    /// The page's plain text, blocks separated by newlines: what search
    /// indexes. Unless it is set aside ([`Rendered::text_aside`]): read it
    /// with [`Rendered::text`].
    pub text: String,
    /// In a build that writes to disk, the text set aside until the search
    /// step reads it ([`Rendered::set_aside`]).
    pub text_aside: Option<crate::output::Spilled>,
    /// Where each heading's span starts in `text` (a char offset), for search
    /// results. ("Section" is a folder of content; this is a heading's part of a page.)
    pub spans: Vec<HeadingSpan>,
    /// Counts of the text before the first heading, then of each span's own
    /// text (up to the next heading): what study plans cut pages by.
    pub part_stats: Vec<TextStats>,
    /// A hash of what the page was rendered from, set by live preview's
    /// cache (`None` without one): pages with equal keys render the same.
    pub key: Option<u64>,
}

impl Rendered {
    /// The HTML, read back when it was set aside.
    pub fn html(&self) -> anyhow::Result<Cow<'_, str>> {
        crate::output::held(&self.html, self.html_aside.as_ref())
    }

    /// The HTML's length in bytes, without reading it back.
    pub fn html_len(&self) -> usize {
        self.html_aside.as_ref().map_or(self.html.len(), crate::output::Spilled::len)
    }

    /// The plain text, read back when it was set aside.
    pub fn text(&self) -> anyhow::Result<Cow<'_, str>> {
        crate::output::held(&self.text, self.text_aside.as_ref())
    }

    /// Moves the HTML and the text to `spill`, to be read back by
    /// [`Rendered::html`] and [`Rendered::text`]: on 10,000 pages they are
    /// 160 and 104 MB that would stay in memory from the markdown step to
    /// the end of the build. Live preview's spill deflates them in memory:
    /// its search refresh then inflates every text about three times (3.3 s
    /// became 4.0–4.7 s after an edit on 10,000 pages), and it holds 70 MB
    /// less (994 against 925 MB after 8 edits).
    pub fn set_aside(&mut self, spill: &std::sync::Arc<crate::output::Spill>) -> anyhow::Result<()> {
        self.html_aside = Some(spill.put(&std::mem::take(&mut self.html))?);
        self.text_aside = Some(spill.put(&std::mem::take(&mut self.text))?);
        Ok(())
    }
}

/// A heading of the page: its span of the page runs from here to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingSpan {
    /// Offset in [`Rendered::text`], in chars.
    pub offset: usize,
    /// The same offset in bytes.
    pub byte: usize,
    pub id: String,
    pub title: String,
    /// Heading level (1–6); a rule article (第X条) counts as level 7.
    pub level: u8,
}

/// The level a rule article (第X条) has among the heading spans of a page.
pub const ARTICLE_LEVEL: u8 = 7;

/// Headings deeper than this stay out of the table of contents.
const TOC_MAX_LEVEL: u8 = 4;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        // `$…$`, `$$…$$`: TeX kept as written, not read as Markdown (its `*` pairs were emphasis).
        | Options::ENABLE_MATH
}

/// Renders `body`. Broken links (errors) and what would load from the
/// internet (warnings) are returned as diagnostics; the HTML is complete
/// either way.
pub fn render(body: &str, ctx: &LinkContext) -> (Rendered, Diagnostics) {
    let emphasised = cjk_emphasis::rewrite(body);
    let (stripped, removed) = tool_syntax::strip(&emphasised);
    let marked = callouts::mark(&stripped);
    let body: &str = &marked;
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();
    // A body that still holds a `#` heading (its title was not one, or was
    // taken from the first) has its headings moved one level down, so that
    // the page's title stays its only <h1>.
    let shift = events.iter().any(|(e, _)| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })));
    let mut r = BodyWalk {
        body,
        ctx,
        out: Rendered::default(),
        problems: Diagnostics::default(),
        web_images: Vec::new(),
        shift: u8::from(shift),
        html: raw_html::HtmlReader::default(),
        scripts: (!ctx.allow_scripts).then(scripts::ScriptFilter::default),
        callouts: Vec::new(),
        counted: (0, 0),
    };
    for removed in removed {
        let line = ctx.body_line + removed.first_line;
        r.problems.warn(Diagnostic::new(ctx.path, Some(line), removed.message()).grouped(removed.kind.group()));
    }
    let mut html_events = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if !r.out.text.is_empty() && !r.out.text.ends_with('\n') {
                    r.out.text.push('\n');
                }
                let at = r.text_at();
                let inner: Vec<Event> = iter
                    .by_ref()
                    .map(|(e, _)| e)
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .map(|e| r.inline(e, range.start))
                    .collect();
                html_events.push(r.heading(level, id, inner, at));
                r.out.text.push('\n');
                // An inline `<script>` a heading left open ends with it.
                if let Some(s) = r.scripts.as_mut() {
                    s.finish();
                }
            }
            Event::Start(Tag::Paragraph) => html_events.push(r.paragraph(range.start)),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                r.out.ids.insert(format!("{name}"));
                html_events.push(Event::Start(Tag::FootnoteDefinition(name)));
            }
            e => html_events.push(r.inline(e, range.start)),
        }
    }
    html::push_html(&mut r.out.html, html_events.into_iter());
    r.out.part_stats = part_stats(&r.out.text, &r.out.spans);
    (r.out, r.problems)
}

fn part_stats(text: &str, spans: &[HeadingSpan]) -> Vec<TextStats> {
    let mut starts = vec![0];
    for s in spans {
        starts.push(s.byte.max(starts[starts.len() - 1]));
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().zip(ends).map(|(&a, b)| TextStats::of(&text[a..b])).collect()
}

/// One body's pass over its Markdown events: gathers its text, headings,
/// ids and links while it rewrites the events into the page's HTML.
/// (The render stage's `Renderer` fills templates; this walks one body.)
struct BodyWalk<'a> {
    body: &'a str,
    ctx: &'a LinkContext<'a>,
    out: Rendered,
    problems: Diagnostics,
    /// Per image open, whether it comes from the web (and is written as a link).
    web_images: Vec<bool>,
    /// Levels a heading moves down (0 or 1).
    shift: u8,
    /// Reads raw HTML for its text and anchors, piece by piece.
    html: raw_html::HtmlReader,
    /// Removes what would run from raw HTML, piece by piece; None when the site allows scripts.
    scripts: Option<scripts::ScriptFilter>,
    /// The closing tags of the callouts open, innermost last.
    callouts: Vec<&'static str>,
    /// Bytes and chars of the text counted so far ([`BodyWalk::text_at`]).
    counted: (usize, usize),
}

impl<'a> BodyWalk<'a> {
    /// The end of the text so far, in bytes and in chars: only what came
    /// since the last call is counted (counting it all at each heading and
    /// article made a long rule's body quadratic).
    fn text_at(&mut self) -> (usize, usize) {
        let (bytes, chars) = self.counted;
        self.counted = (self.out.text.len(), chars + self.out.text[bytes..].chars().count());
        self.counted
    }

    /// Counts text and rewrites link targets; passes other events through.
    fn inline<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        // Text between an inline `<script>` and its end is the script's.
        if self.scripts.as_ref().is_some_and(|s| s.in_script())
            && !matches!(event, Event::Start(_) | Event::End(_) | Event::Html(_) | Event::InlineHtml(_))
        {
            return Event::Text(CowStr::from(""));
        }
        match event {
            // Shown as written, without the line breaks after `$$` and before the closing one.
            Event::DisplayMath(t) if t.trim() != t.as_ref() => {
                self.inline(Event::DisplayMath(t.trim().to_string().into()), offset)
            }
            Event::Text(ref t) | Event::Code(ref t) | Event::InlineMath(ref t) | Event::DisplayMath(ref t) => {
                self.out.stats.add(TextStats::of(t));
                self.out.text.push_str(t);
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                self.out.text.push(' ');
                event
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                self.out.text.push('\n');
                // An inline `<script>` never left open swallows no later paragraph.
                if let Some(s) = self.scripts.as_mut() {
                    s.finish();
                }
                event
            }
            // An item's own text ends where a list inside it begins: `v7.0`
            // and a nested `7.0.0-DMR` are two texts, not `v7.07.0.0-DMR`.
            Event::Start(Tag::List(_)) => {
                if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
                    self.out.text.push('\n');
                }
                event
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Image) => {
                self.link_or_image(event, offset)
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                Event::Html(CowStr::from(self.open_callout(&callouts::of_alert(kind))))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::from(self.callouts.pop().unwrap_or(""))),
            // A tag never runs from one HTML block into the next: what one
            // left unfinished (`<b` without `>`) must not hide the next's text.
            Event::Start(Tag::HtmlBlock) => {
                self.html = raw_html::HtmlReader::default();
                event
            }
            // A tag left unfinished at a block's end is written, cleaned and closed.
            Event::End(TagEnd::HtmlBlock) => match self.scripts.as_mut().map(scripts::ScriptFilter::finish) {
                Some(f) if !f.html.is_empty() || !f.removed.is_empty() => {
                    self.removed(offset, f.removed);
                    Event::Html(CowStr::from(f.html))
                }
                _ => event,
            },
            Event::Html(_) | Event::InlineHtml(_) => self.raw_html(event, offset),
            e => e,
        }
    }

    /// A link or an image: a `javascript:` address removed, a link to a
    /// file made a download, an image from the web shown as a link to it.
    fn link_or_image<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. })
                if self.scripts.is_some() && scripts::is_script_url(dest_url) =>
            {
                self.removed(offset, vec![scripts::Removed::ScriptLink]);
                match event {
                    // Its text stays, in a link that goes nowhere.
                    Event::Start(Tag::Link { .. }) => Event::InlineHtml(CowStr::from("<a>")),
                    Event::Start(Tag::Image { link_type, title, id, .. }) => {
                        self.web_images.push(false);
                        Event::Start(Tag::Image { link_type, dest_url: CowStr::from(""), title, id })
                    }
                    e => e,
                }
            }
            // `<someone@example.org>`: an address, which the writer makes
            // `mailto:`, not a file beside the page.
            Event::Start(Tag::Link { link_type: pulldown_cmark::LinkType::Email, .. }) => event,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let (dest_url, download) = self.link(&dest_url, offset);
                match download {
                    Some(name) => Event::InlineHtml(CowStr::from(links::download_link(&dest_url, &title, &name))),
                    None => Event::Start(Tag::Link { link_type, dest_url, title, id }),
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let from_web = offline::is_web_address(&dest_url);
                self.web_images.push(from_web);
                if from_web {
                    let message = format!(
                        "image `{dest_url}` would load from the internet, and the site must work offline: save it beside the page and link the copy (it is shown as a link meanwhile)"
                    );
                    let problem = Diagnostic::new(self.ctx.path, Some(self.line(offset)), message);
                    self.problems.warn(problem.grouped(crate::diagnostics::WEB_IMAGE));
                    return Event::Start(Tag::Link { link_type, dest_url, title, id });
                }
                let (dest_url, _) = self.link(&dest_url, offset);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            // An image's end: a link's, when the image was written as one.
            Event::End(TagEnd::Image) => match self.web_images.pop() {
                Some(true) => Event::End(TagEnd::Link),
                _ => event,
            },
            e => e,
        }
    }

    /// Raw HTML: a marker of an earlier pass (the title heading's place, a
    /// callout's edge), a component's tab, or the author's HTML, whose text
    /// and anchors are read and whose loads from the internet are turned off.
    fn raw_html<'e>(&mut self, event: Event<'e>, offset: usize) -> Event<'e> {
        let (Event::Html(html) | Event::InlineHtml(html)) = &event else { return event };
        if html.starts_with(TITLE_MARKER) {
            return self.title_anchors(html);
        }
        let markers = callouts::markers(html);
        if !markers.is_empty() {
            let mut out = String::new();
            for marker in markers {
                match marker {
                    callouts::Marker::Open(c) => out.push_str(&self.open_callout(&c)),
                    callouts::Marker::Close => out.push_str(self.callouts.pop().unwrap_or("")),
                }
            }
            return Event::Html(CowStr::from(out));
        }
        if let Some((open, label)) = callouts::tab(html).filter(|_| matches!(event, Event::Html(_))) {
            if !label.is_empty() {
                self.push_text_block(&label);
            }
            return Event::Html(CowStr::from(open));
        }
        self.read_html(html);
        let block = matches!(event, Event::Html(_));
        let rewrap =
            |html: String| if block { Event::Html(CowStr::from(html)) } else { Event::InlineHtml(CowStr::from(html)) };
        let html = match self.scripts.as_mut().map(|s| s.filter(html)) {
            Some(f) => {
                self.removed(offset, f.removed);
                std::borrow::Cow::Owned(f.html)
            }
            None => std::borrow::Cow::Borrowed(html.as_ref()),
        };
        let html = html.as_ref();
        if !offline::loads_from_web(html) {
            // Links and pictures in raw HTML to files beside the pages.
            return match self.ctx.rewrite_html(html, self.line(offset)) {
                Some((html, files)) => {
                    self.out.files.extend(files);
                    rewrap(html)
                }
                None => rewrap(html.to_string()),
            };
        }
        let message = "HTML that would load from the internet (src, srcset, poster, data, a stylesheet or url()) is turned off: the site must work offline";
        let problem = Diagnostic::new(self.ctx.path, Some(self.line(offset)), message);
        self.problems.warn(problem.grouped(crate::diagnostics::WEB_HTML));
        rewrap(offline::turn_off(html))
    }

    /// A warning for each thing [`scripts`] removed, at the line of `offset`.
    fn removed(&mut self, offset: usize, removed: Vec<scripts::Removed>) {
        for r in removed {
            let problem = Diagnostic::new(self.ctx.path, Some(self.line(offset)), r.message());
            self.problems.warn(problem.grouped(crate::diagnostics::SCRIPT));
        }
    }

    /// Where the page's title heading was: its anchors (the id it set, and
    /// its GitHub id), which authors link to.
    fn title_anchors<'e>(&mut self, marker: &str) -> Event<'e> {
        let inner = marker.trim_end().trim_start_matches(TITLE_MARKER).trim_end_matches("-->");
        let (id, text) = inner.split_once('|').unwrap_or(("", inner));
        let mut html = String::new();
        let ids = [Some(id).filter(|i| !i.is_empty()).map(str::to_string), Some(heading_id(text))];
        for id in ids.into_iter().flatten() {
            if !self.out.ids.contains(&id) {
                html.push_str(&format!("<a id=\"{}\"></a>", escape_attr(&id)));
                self.out.ids.insert(id);
            }
        }
        Event::Html(CowStr::from(html))
    }

    /// The callout's opening HTML; its title, written by the author, is text.
    fn open_callout(&mut self, callout: &callouts::Callout) -> String {
        let (open, close) = callout.html();
        self.callouts.push(close);
        if let Some(title) = &callout.title {
            self.push_text_block(title);
        }
        open
    }

    /// Raw HTML's shown text goes to the page's text and counts; its ids are anchors.
    fn read_html(&mut self, html: &str) {
        let read = self.html.read(html);
        self.out.ids.extend(read.ids);
        let text = match read.text.strip_prefix('\n') {
            Some(rest) if self.out.text.is_empty() || self.out.text.ends_with('\n') => rest,
            _ => read.text.as_str(),
        };
        self.out.stats.add(TextStats::of(text));
        self.out.text.push_str(text);
    }

    /// Text that stands as a block of its own (a callout's title).
    fn push_text_block(&mut self, text: &str) {
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.out.text.push('\n');
        }
        self.out.stats.add(TextStats::of(text));
        self.out.text.push_str(text);
        self.out.text.push('\n');
    }

    /// The file line of a byte offset in the body.
    fn line(&self, offset: usize) -> usize {
        self.ctx.body_line + self.body[..offset].matches('\n').count()
    }

    /// The href for `dest`, and the name to download it under, if any.
    fn link(&mut self, dest: &str, offset: usize) -> (CowStr<'static>, Option<String>) {
        let line = self.line(offset);
        match self.ctx.resolve(dest, line) {
            Ok(r) => {
                self.out.links.extend(r.link);
                self.out.files.extend(r.file);
                (CowStr::from(r.href), r.download)
            }
            Err(problem) => {
                self.problems.error(problem);
                (CowStr::from(dest.to_string()), None)
            }
        }
    }

    fn heading<'e>(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr>,
        inner: Vec<Event<'e>>,
        at: (usize, usize),
    ) -> Event<'e> {
        let text = plain_text(&inner);
        // VitePress's id differs where ASCII punctuation stands (`server.port`).
        let alias = match id {
            None if text.chars().any(|c| c.is_ascii_punctuation() && c != '-' && c != '_') => {
                anchors::vitepress_id(&text)
            }
            _ => String::new(),
        };
        let id = match id {
            Some(id) => id.to_string(),
            None => article_id(&text).unwrap_or_else(|| heading_id(&text)),
        };
        let base = id.clone();
        let id = self.unique_id(id);
        // MkDocs (Python-Markdown's toc) numbers a repeated id `例题_1`, not `例题-1`.
        let mkdocs_alias = match id.strip_prefix(base.as_str()).and_then(|n| n.strip_prefix('-')) {
            Some(n) if !n.is_empty() => format!("{base}_{n}"),
            _ => String::new(),
        };
        let level = (level as u8 + self.shift).min(6);
        let (byte, offset) = at;
        self.out.spans.push(HeadingSpan { offset, byte, id: id.clone(), title: text.clone(), level });
        if (2..=TOC_MAX_LEVEL).contains(&level) {
            self.out.toc.push(TocEntry { level, id: id.clone(), title: text });
        }
        let mut inner_html = String::new();
        // The id VitePress would give it, as a second anchor, when it differs.
        for alias in [alias, mkdocs_alias] {
            if !alias.is_empty() && !self.out.ids.contains(&alias) {
                inner_html.push_str(&format!("<a id=\"{}\"></a>", escape_attr(&alias)));
                self.out.ids.insert(alias);
            }
        }
        html::push_html(&mut inner_html, inner.into_iter());
        Event::Html(CowStr::from(format!("<h{level} id=\"{}\">{inner_html}</h{level}>\n", escape_attr(&id))))
    }

    /// A paragraph that opens with a rule article (`第三条`) gets that article's
    /// id, so a rule can be linked by article: `rule.md#第三条`, and a ¶
    /// permalink to it.
    fn paragraph<'e>(&mut self, offset: usize) -> Event<'e> {
        let start = self.body[offset..].trim_start_matches(['*', '_', ' ']);
        match article_id(start) {
            Some(id) if !self.out.ids.contains(&id) => {
                self.out.ids.insert(id.clone());
                let (byte, offset) = self.text_at();
                let span = HeadingSpan { offset, byte, id: id.clone(), title: id.clone(), level: ARTICLE_LEVEL };
                self.out.spans.push(span);
                // Its permalink: a ¶ shown on hover and focus (theme CSS),
                // which site.js also copies.
                let id = escape_attr(&id);
                Event::Html(CowStr::from(format!(
                    "<p id=\"{id}\" class=\"article\"><a class=\"article-link\" href=\"#{id}\" \
                     title=\"本条链接\" aria-label=\"{id}的链接\">¶</a>"
                )))
            }
            _ => Event::Start(Tag::Paragraph),
        }
    }

    fn unique_id(&mut self, id: String) -> String {
        let mut candidate = id.clone();
        let mut n = 1;
        while self.out.ids.contains(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        self.out.ids.insert(candidate.clone());
        candidate
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) = e {
            s.push_str(t);
        }
    }
    s.trim().to_string()
}

pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
