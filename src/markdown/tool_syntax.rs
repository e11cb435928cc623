//! Other tools' template syntax, removed from the source before it is
//! parsed, so that it never shows as junk: Hugo shortcodes (`{{< x >}}`,
//! `{{% x %}}`; a `ref`/`relref` becomes the path it names), Liquid tags
//! (`{% include … %}`; the text between `{% raw %}` and `{% endraw %}` is
//! kept as written), template variables (`{{{ .company }}}`, `{{ site.x }}`),
//! MDX/Vue components on their own lines (`<SimpleTab>`, `<div v-pre>` and
//! its `</div>`), a VitePress page's `<script setup>` and `<style>` blocks,
//! and MDX `import` lines. The Markdown between paired tags
//! stays. Code blocks and code spans are left alone; lines are never added
//! or removed, so positions in messages stay right.
//! In: a page body. Out: the body, and what was removed, by kind.

use super::code::{code_spans, Fences};
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A kind of other tools' syntax that is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    HugoShortcode,
    LiquidTag,
    TemplateVariable,
    Component,
    MdxImport,
}

impl Kind {
    /// The family of the warning (see `Diagnostic::group`).
    pub fn group(self) -> &'static str {
        match self {
            Kind::HugoShortcode => "Hugo shortcodes removed",
            Kind::LiquidTag => "Liquid tags removed",
            Kind::TemplateVariable => "template variables removed",
            Kind::Component => "MDX/Vue components removed",
            Kind::MdxImport => "MDX import lines removed",
        }
    }

    fn one(self) -> &'static str {
        match self {
            Kind::HugoShortcode => "a Hugo shortcode",
            Kind::LiquidTag => "a Liquid tag",
            Kind::TemplateVariable => "a template variable",
            Kind::Component => "an MDX/Vue component tag",
            Kind::MdxImport => "an MDX import line",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Kind::HugoShortcode => "Hugo shortcodes",
            Kind::LiquidTag => "Liquid tags",
            Kind::TemplateVariable => "template variables",
            Kind::Component => "MDX/Vue component tags",
            Kind::MdxImport => "MDX import lines",
        }
    }
}

/// What was removed of one kind from a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub kind: Kind,
    pub count: usize,
    /// 0-based line of the body where the first one stood.
    pub first_line: usize,
    /// The first one, as written.
    pub first: String,
}

impl Removed {
    pub fn message(&self) -> String {
        let first = self.first.trim();
        let kept = match self.kind {
            Kind::HugoShortcode | Kind::LiquidTag | Kind::Component => " (the Markdown between paired ones is kept)",
            Kind::TemplateVariable | Kind::MdxImport => "",
        };
        match self.count {
            1 => format!("`{first}` removed: {} of another tool, which shuyuan does not run{kept}", self.kind.one()),
            n => format!(
                "`{first}` and {} more {} removed: another tool's templates, which shuyuan does not run{kept}",
                n - 1,
                self.kind.plural()
            ),
        }
    }
}

static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?P<ref>\{\{[<%]\s*(?:rel)?ref\s+"(?P<target>[^"]*)"\s*[%>]\}\})"#,
        r"|(?P<hugo>\{\{[<%].*?[%>]\}\})",
        r"|(?P<liquid>\{%-?\s*(?P<tag>\w*).*?-?%\})",
        r"|(?P<var>\{\{\{.*?\}\}\}|\{\{.*?\}\})",
    ))
    .expect("a valid pattern")
});
/// A shortcode that draws a callout, alone on its line: hugo-book's
/// `{{< hint warning >}}`, the Learn theme's `{{% notice tip %}}`, Docsy's
/// `{{% alert title="x" color="warning" %}}`, and their closing tags.
static CALLOUT_SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{\{[<%]\s*(/?)\s*(hint|notice|alert|callout|admonition)\b([^{}]*?)[%>]\}\}$")
        .expect("a valid pattern")
});
static SHORTCODE_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\btitle\s*=\s*"([^"]*)""#).expect("a valid pattern"));
static SHORTCODE_COLOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bcolor\s*=\s*"([\w-]+)""#).expect("a valid pattern"));
/// A first argument that is a word, not `key=value`: the kind.
static SHORTCODE_KIND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*"?([A-Za-z][\w-]*)"?(?:\s|$)"#).expect("a valid pattern"));

/// A line that is only a component's tag: `<SimpleTab>`, `</CustomContent>`, `<Badge text="x" />`.
static COMPONENT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^</?[A-Z][\w.]*(?:\s[^<>]*)?/?>$").expect("a valid pattern"));
/// The start of a component's tag whose attributes run on to later lines.
static COMPONENT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<[A-Z][\w.]*(?:\s[^<>]*)?$").expect("a valid pattern"));
/// A `<div>` alone on its line; a Vue directive (`v-pre`, `:key`) makes it a component's.
static DIV_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^<div(?:\s[^<>]*)?>$").expect("a valid pattern"));
static VUE_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\s(?:v-[\w-]+|:[\w-]+=|@[\w-]+=)"#).expect("a valid pattern"));
static MDX_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^import\s+(?:[\w*{}\s,]+\s+from\s+)?['"][^'"]+['"];?\s*$"#).expect("a valid pattern")
});
static ANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)\{\{|\{%|^\s*</?[A-Z]|^\s*<div\s[^>]*(?-u:\b)v-|^import\s|^<script setup|^<style (?:scoped|module|lang)",
    )
    .expect("a valid pattern")
});

/// Whether [`ANY`] matches `source`, asked of the few lines that could
/// match it: a braces pair anywhere, or a line that starts with `<` after
/// spaces or with `import`. [`ANY`] over every body, line anchors and
/// Unicode spaces and all, was 3% of a 10,000-page build.
fn may_hold_any(source: &str) -> bool {
    if source.contains("{{") || source.contains("{%") {
        return true;
    }
    source.lines().any(|line| (line.trim_start().starts_with('<') || line.starts_with("import")) && ANY.is_match(line))
}

/// Removes other tools' syntax from a body; see the module's comment.
pub fn strip(source: &str) -> (Cow<'_, str>, Vec<Removed>) {
    if !may_hold_any(source) {
        return (Cow::Borrowed(source), Vec::new());
    }
    let mut pass = Pass::default();
    let mut out = String::with_capacity(source.len());
    for (n, line) in source.split_inclusive('\n').enumerate() {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(c) => (c.strip_suffix('\r').unwrap_or(c), &line[c.len()..]),
            None => (line, ""),
        };
        pass.line = n;
        out.push_str(&pass.rewrite(content));
        out.push_str(newline);
    }
    if out == source {
        return (Cow::Borrowed(source), Vec::new());
    }
    (Cow::Owned(out), pass.removed)
}

#[derive(Default)]
struct Pass {
    fences: Fences,
    line: usize,
    removed: Vec<Removed>,
    /// Inside a component's tag that spans lines.
    in_component_tag: bool,
    /// Per `<div>` line open, whether it was removed (its `</div>` goes too).
    divs: Vec<bool>,
    /// Between `{% raw %}` and `{% endraw %}`.
    raw: bool,
    /// Inside a Vue component's `<script setup>` or `<style>` block: the end tag awaited.
    vue_block: Option<&'static str>,
}

impl Pass {
    fn rewrite<'l>(&mut self, line: &'l str) -> Cow<'l, str> {
        if self.fences.is_code(line) {
            return Cow::Borrowed(line);
        }
        let trimmed = line.trim();
        if let Some(end) = self.vue_block {
            if trimmed.contains(end) {
                self.vue_block = None;
            }
            return Cow::Borrowed("");
        }
        // A VitePress page's own script and style (Vue's single-file
        // component blocks) would run or apply in the site: they go whole.
        let vue_block = if line.starts_with("<script setup") {
            Some("</script>")
        } else if ["<style scoped", "<style module", "<style lang"].iter().any(|p| line.starts_with(p)) {
            Some("</style>")
        } else {
            None
        };
        if let Some(end) = vue_block {
            self.note(Kind::Component, trimmed);
            self.vue_block = (!trimmed.contains(end)).then_some(end);
            return Cow::Borrowed("");
        }
        if self.in_component_tag {
            self.in_component_tag = !trimmed.ends_with('>');
            return Cow::Borrowed("");
        }
        if COMPONENT_LINE.is_match(trimmed) {
            self.note(Kind::Component, trimmed);
            return Cow::Borrowed("");
        }
        if COMPONENT_START.is_match(trimmed) {
            self.note(Kind::Component, trimmed);
            self.in_component_tag = true;
            return Cow::Borrowed("");
        }
        if DIV_LINE.is_match(trimmed) {
            let vue = VUE_ATTRIBUTE.is_match(trimmed);
            self.divs.push(vue);
            if vue {
                self.note(Kind::Component, trimmed);
                return Cow::Borrowed("");
            }
        } else if trimmed == "</div>" && self.divs.pop() == Some(true) {
            return Cow::Borrowed("");
        }
        if line.starts_with("import") && MDX_IMPORT.is_match(line) {
            self.note(Kind::MdxImport, trimmed);
            return Cow::Borrowed("");
        }
        if !line.contains("{{") && !line.contains("{%") {
            return Cow::Borrowed(line);
        }
        if let Some(container) = callout_shortcode(trimmed) {
            return Cow::Owned(container);
        }
        self.inline(line)
    }

    /// Removes shortcodes, tags and variables outside the line's code spans.
    fn inline<'l>(&mut self, line: &'l str) -> Cow<'l, str> {
        let code = code_spans(line);
        let mut out = String::with_capacity(line.len());
        let mut last = 0;
        let mut changed = false;
        for c in INLINE.captures_iter(line) {
            let whole = c.get(0).expect("a match");
            if code.iter().any(|r| r.start < whole.end() && whole.start() < r.end) {
                continue;
            }
            let replacement = if let Some(target) = c.name("target").filter(|_| !self.raw) {
                target.as_str()
            } else if c.name("hugo").is_some() && !self.raw {
                self.note(Kind::HugoShortcode, whole.as_str());
                ""
            } else if let Some(tag) = c.name("tag") {
                match tag.as_str() {
                    "raw" => self.raw = true,
                    "endraw" => self.raw = false,
                    _ if self.raw => continue,
                    _ => {}
                }
                self.note(Kind::LiquidTag, whole.as_str());
                ""
            } else if self.raw {
                continue;
            } else {
                self.note(Kind::TemplateVariable, whole.as_str());
                ""
            };
            out.push_str(&line[last..whole.start()]);
            out.push_str(replacement);
            last = whole.end();
            changed = true;
        }
        if !changed {
            return Cow::Borrowed(line);
        }
        out.push_str(&line[last..]);
        if out.trim().is_empty() {
            out.clear();
        }
        Cow::Owned(out)
    }

    fn note(&mut self, kind: Kind, what: &str) {
        match self.removed.iter_mut().find(|r| r.kind == kind) {
            Some(r) => r.count += 1,
            None => self.removed.push(Removed { kind, count: 1, first_line: self.line, first: what.to_string() }),
        }
    }
}

/// A callout shortcode's line as a container line (`::: warning 标题`, `:::`),
/// which the callouts pass reads next.
fn callout_shortcode(line: &str) -> Option<String> {
    let c = CALLOUT_SHORTCODE.captures(line)?;
    if !c[1].is_empty() {
        return Some(":::".to_string());
    }
    let args = &c[3];
    let kind = SHORTCODE_COLOR.captures(args).or_else(|| SHORTCODE_KIND.captures(args));
    let kind = kind.and_then(|k| k.get(1)).map_or("note", |m| m.as_str());
    // Docsy's colours and hugo-book's kinds, as callout kinds.
    let kind = match kind {
        "primary" | "secondary" | "light" | "dark" => "note",
        "success" => "tip",
        k => k,
    };
    let title = SHORTCODE_TITLE.captures(args).map_or(String::new(), |t| format!(" {}", &t[1]));
    Some(format!("::: {kind}{title}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(source: &str) -> String {
        let (out, _) = strip(source);
        assert_eq!(out.matches('\n').count(), source.matches('\n').count(), "lines must stay: {out}");
        out.into_owned()
    }

    #[test]
    fn the_quick_check_agrees_with_the_pattern_over_every_body() {
        let bodies = [
            "正文。\n\n第二段。\n",
            "前文 {{ site.title }} 后文",
            "{% include x.html %}",
            "正文\n\u{3000}\u{3000}<Tabs>\n",
            "正文\n\n   \n  </Tab>\n",
            "<div class=\"a\" v-if=\"x\">\n",
            "<div class=\"a\">\n",
            "import Tabs from '@theme/Tabs';\n",
            "  import x\n",
            "important\n",
            "<script setup>\n",
            "<style scoped>\n",
            "<p>段落</p>\n",
            "a < b\n",
            "",
        ];
        for body in bodies {
            assert_eq!(may_hold_any(body), ANY.is_match(body), "{body:?}");
        }
        // And every Markdown file of the sample and of the fixtures (other tools' collections among them).
        let mut checked = 0;
        for dir in ["content", "tests/fixtures"] {
            for file in walkdir::WalkDir::new(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) {
                let path = file.unwrap().into_path();
                if let (Some("md"), Ok(body)) =
                    (path.extension().and_then(|e| e.to_str()), std::fs::read_to_string(&path))
                {
                    assert_eq!(may_hold_any(&body), ANY.is_match(&body), "{}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} files");
    }

    #[test]
    fn other_tools_syntax_is_removed_and_markdown_between_kept() {
        let table = [
            ("{{< copyable \"sql\" >}}\n\n```sql\nSELECT 1;\n```\n", "\n\n```sql\nSELECT 1;\n```\n"),
            ("{{< tab name=\"a\" >}}\n**粗体**\n{{< /tab >}}\n", "\n**粗体**\n\n"),
            ("{{% notice %}}x{{% /notice %}}\n", "x\n"),
            ("在 {{{ .starter }}} 集群中\n", "在  集群中\n"),
            ("站点 {{ site.title }} 与 {{ $frontmatter.title }}\n", "站点  与 \n"),
            ("{% include note.md %}\n正文\n", "\n正文\n"),
            ("{% raw %}\n{{ 保留 }}\n{% endraw %}\n", "\n{{ 保留 }}\n\n"),
            (
                "<SimpleTab groupId=\"x\">\n<div label=\"Go\">\n\n正文\n\n</div>\n</SimpleTab>\n",
                "\n<div label=\"Go\">\n\n正文\n\n</div>\n\n",
            ),
            ("<DevToolCard\n  title=\"x\"\n>\n正文\n</DevToolCard>\n", "\n\n\n正文\n\n"),
            ("<div v-pre>\n\n`{{ x }}` 与 {{ y }}\n\n</div>\n", "\n\n`{{ x }}` 与 \n\n\n"),
            ("<script setup>\nimport { a } from 'vue'\nconst b = a()\n</script>\n\n# 标题\n", "\n\n\n\n\n# 标题\n"),
            ("<style scoped>\n.x { color: red }\n</style>\n正文\n", "\n\n\n正文\n"),
            ("import Tabs from '@theme/Tabs';\nimport './a.css'\n\n# 标题\n", "\n\n\n# 标题\n"),
            ("见 [链接]({{< ref \"docs/a.md\" >}})\n", "见 [链接](docs/a.md)\n"),
            ("{{< hint warning >}}\n注意\n{{< /hint >}}\n", "::: warning\n注意\n:::\n"),
            ("{{% notice tip %}}\nx\n{{% /notice %}}\n", "::: tip\nx\n:::\n"),
            ("{{% alert title=\"说明\" color=\"warning\" %}}\nx\n{{% /alert %}}\n", "::: warning 说明\nx\n:::\n"),
            ("{{< hint >}}\nx\n{{< /hint >}}\n", "::: note\nx\n:::\n"),
        ];
        for (input, want) in table {
            assert_eq!(stripped(input), want, "{input:?}");
        }
    }

    #[test]
    fn code_is_left_alone() {
        for input in [
            "```go\n{{ .Title }}\n{{< x >}}\nimport x from 'y'\n<Foo>\n```\n",
            "用 `{{< copyable \"sql\" >}}` 标出\n",
            "- 列表\n\n    ```\n    {% raw %}\n    ```\n",
            "普通 <span>HTML</span> 与 <div class=\"x\">\n</div>\n",
        ] {
            let (out, removed) = strip(input);
            assert_eq!(out, input);
            assert!(removed.is_empty(), "{removed:?}");
        }
    }

    #[test]
    fn removed_are_counted_by_kind_with_the_first_line() {
        let (_, removed) =
            strip("正文\n\n{{< copyable \"sql\" >}}\n\n{{< copyable \"\" >}} {{{ .company }}}\n<SimpleTab>\n");
        let summary: Vec<(Kind, usize, usize)> = removed.iter().map(|r| (r.kind, r.count, r.first_line)).collect();
        assert_eq!(summary, [(Kind::HugoShortcode, 2, 2), (Kind::TemplateVariable, 1, 4), (Kind::Component, 1, 5)]);
        assert!(
            removed[0].message().starts_with("`{{< copyable \"sql\" >}}` and 1 more Hugo shortcodes removed"),
            "{}",
            removed[0].message()
        );
    }
}
