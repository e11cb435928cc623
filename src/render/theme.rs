//! The theme: Tera templates and static assets. The default theme is embedded
//! in the binary (one table below), so shuyuan works from any folder; a site
//! overrides any file by placing one at the same path, in `templates/` or
//! `static/` at its root or in `themes/<name>/`.

use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of themes/default, by its path inside the theme.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("templates/base.html", include_str!("../../themes/default/templates/base.html")),
    ("templates/macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("templates/index.html", include_str!("../../themes/default/templates/index.html")),
    ("templates/list.html", include_str!("../../themes/default/templates/list.html")),
    ("templates/topics.html", include_str!("../../themes/default/templates/topics.html")),
    ("templates/page.html", include_str!("../../themes/default/templates/page.html")),
    ("templates/404.html", include_str!("../../themes/default/templates/404.html")),
    ("templates/search.html", include_str!("../../themes/default/templates/search.html")),
    ("templates/plan.html", include_str!("../../themes/default/templates/plan.html")),
    ("templates/plan-print.html", include_str!("../../themes/default/templates/plan-print.html")),
    ("templates/mine.html", include_str!("../../themes/default/templates/mine.html")),
    ("templates/record.html", include_str!("../../themes/default/templates/record.html")),
    ("templates/compare.html", include_str!("../../themes/default/templates/compare.html")),
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("static/site.js", include_str!("../../themes/default/static/site.js")),
    ("static/plan.js", include_str!("../../themes/default/static/plan.js")),
    ("static/study.js", include_str!("../../themes/default/static/study.js")),
    ("static/record.js", include_str!("../../themes/default/static/record.js")),
    ("static/reading.js", include_str!("../../themes/default/static/reading.js")),
    ("static/favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
    ("static/search.js", include_str!("../../themes/default/static/search.js")),
    ("static/search-ui.js", include_str!("../../themes/default/static/search-ui.js")),
    // pako's inflater (npm, MIT and Zlib licences), loaded only by browsers without DecompressionStream.
    ("static/vendor/pako_inflate.min.js", include_str!("../../themes/default/static/vendor/pako_inflate.min.js")),
    ("static/vendor/pako-LICENSE.txt", include_str!("../../themes/default/static/vendor/pako-LICENSE.txt")),
];

/// A theme's files after overrides, by path inside the theme (`templates/page.html`).
#[derive(Debug, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, as messages name it
    /// (`templates/page.html`, or `(built-in) templates/page.html`).
    pub origins: BTreeMap<String, String>,
}

impl Theme {
    /// The embedded default, then `themes/<name>/`, then the site's own
    /// `templates/` and `static/`: a later file replaces an earlier one.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, bytes) in EMBEDDED_SHRUNK.iter() {
            theme.add(path, bytes.clone(), format!("(built-in) {path}"))?;
        }
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            anyhow::bail!("{}: theme `{name}` (named in site.yaml) not found", theme_dir.display());
        }
        for (dir, prefix, is_theme) in [
            (theme_dir.join("templates"), "templates", true),
            (theme_dir.join("static"), "static", true),
            (root.join("templates"), "templates", false),
            (root.join("static"), "static", false),
        ] {
            theme.add_folder(&dir, prefix, is_theme)?;
        }
        theme.check_loops()?;
        for (name, text) in theme.templates.iter_mut() {
            *text = depth_limited(&theme.origins[name], text);
        }
        Ok(theme)
    }

    /// Refuses templates that extend, include or import themselves, directly
    /// or through others: Tera would recurse until the stack overflows and
    /// the process aborts (serve with it).
    fn check_loops(&self) -> Result<()> {
        for (name, text) in &self.templates {
            if let Some(line_and_macro) = endless_macro(text) {
                let (line, mac) = line_and_macro;
                anyhow::bail!(
                    "{}:{line}: macro `{mac}` calls itself outside any `if` or `for`, so it would never end; call it only under a condition that ends",
                    self.origins[name]
                );
            }
        }
        let uses = |name: &str| -> Vec<(&'static str, String)> {
            self.templates.get(name).map(|text| template_uses(text)).unwrap_or_default()
        };
        for start in self.templates.keys() {
            // Depth-first, along every path from `start`: a path that comes
            // back to `start` is a loop through it.
            let mut stack: Vec<(String, Vec<(&'static str, String)>)> = vec![(start.clone(), Vec::new())];
            let mut seen = std::collections::HashSet::new();
            while let Some((name, path)) = stack.pop() {
                for (how, used) in uses(&name) {
                    let mut path = path.clone();
                    path.push((how, used.clone()));
                    if &used == start {
                        anyhow::bail!("{}", self.loop_message(start, &path));
                    }
                    if self.templates.contains_key(&used) && seen.insert(used.clone()) {
                        stack.push((used, path));
                    }
                }
            }
        }
        Ok(())
    }

    fn loop_message(&self, start: &str, path: &[(&'static str, String)]) -> String {
        let origin = &self.origins[start];
        if let [(how, _)] = path {
            return format!("{origin}: {how} itself, which would never end; {how} another template");
        }
        let mut chain = format!("{origin}: a loop of templates: {start}");
        for (how, used) in path {
            chain.push_str(&format!(" {how} {used}"));
        }
        chain + ", which would never end"
    }

    fn add_folder(&mut self, dir: &Path, prefix: &str, is_theme: bool) -> Result<()> {
        if !dir.is_dir() {
            return Ok(());
        }
        let walker = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
        for entry in walker.filter_entry(|e| e.depth() == 0 || !crate::content::is_ignored(e.file_name())) {
            let entry = entry.map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let path = format!("{prefix}/{rel}");
                let bytes = crate::fs::read(entry.path())?;
                let bytes = if is_theme { shrink(&path, bytes) } else { bytes };
                let origin = crate::diagnostics::display_path(entry.path()).display().to_string();
                self.add(&path, bytes, origin)?;
            }
        }
        Ok(())
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, origin: String) -> Result<()> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{origin}: template is not UTF-8"))?;
            self.templates.insert(name.to_string(), text);
            self.origins.insert(name.to_string(), origin);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
        Ok(())
    }
}

/// The templates as written, for messages about them: Tera names a
/// template by its name alone, and a runtime error by no line.
#[derive(Debug, Default)]
pub struct Sources {
    origins: BTreeMap<String, String>,
    texts: BTreeMap<String, String>,
}

impl Theme {
    pub fn sources(&self) -> Sources {
        Sources { origins: self.origins.clone(), texts: self.templates.clone() }
    }
}

impl Sources {
    /// A Tera error as `templates/page.html:4:7: template error: …`: the
    /// file the failing template came from, the line and column of a parse
    /// error, and for a runtime error the line that holds the variable or
    /// filter it names, when one line alone does.
    pub fn message(&self, e: &tera::Error) -> String {
        let mut chain = vec![e.to_string()];
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        static QUOTED: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"'([^'\s]+)'").unwrap());
        static AT: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"-->\s*(\d+):(\d+)").unwrap());
        static NAMED: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"`([^`]+)`").unwrap());
        let all = chain.join("\n");
        // The innermost template named is the one that failed.
        let name = QUOTED.captures_iter(&all).filter_map(|c| self.origins.get(&c[1]).map(|_| c[1].to_string())).last();
        let detail = chain.last().cloned().unwrap_or_default();
        let detail = detail.trim();
        let Some(name) = name else { return format!("template error: {}", chain.join("\n    ")) };
        let origin = &self.origins[&name];
        let place = match AT.captures(&all) {
            Some(at) => format!(":{}:{}", &at[1], &at[2]),
            None => NAMED
                .captures(detail)
                .and_then(|c| self.line_holding(&name, &c[1]))
                .map_or(String::new(), |line| format!(":{line}")),
        };
        format!("{origin}{place}: template error: {}", chain.join("\n    "))
    }

    /// The one line of template `name` that holds `needle`, if one alone does.
    fn line_holding(&self, name: &str, needle: &str) -> Option<usize> {
        let text = self.texts.get(name)?;
        let mut lines = text.lines().enumerate().filter(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1);
        let first = lines.next()?;
        lines.next().is_none().then_some(first)
    }
}

/// How deep macros may call macros: a tree of folders or headings is far
/// shallower; a recursion that never ends is stopped here, with its name,
/// before it overflows the stack (about 100 calls deep in a debug build).
const MACRO_DEPTH: usize = 48;

/// `text` with every macro counting how deep it was called: each macro
/// takes a hidden `shuyuan_depth` (0 from a template), each call inside a
/// macro passes it on plus one, and a macro called deeper than
/// [`MACRO_DEPTH`] stops the render with an error naming it. A recursion
/// under a condition that never ends, or two macros calling each other,
/// would otherwise abort the process, and serve with it. Lines are kept.
fn depth_limited(origin: &str, text: &str) -> String {
    static DEFINITION: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{%(-?)\s*macro\s+(\w+)\s*\(([^)]*)\)\s*(-?)%\}").unwrap());
    static END: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{%-?\s*endmacro\b").unwrap());
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = 0;
    for c in DEFINITION.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        if whole.start() < rest {
            continue;
        }
        out.push_str(&text[rest..whole.start()]);
        let (open, name, params, close) = (&c[1], &c[2], c[3].trim(), &c[4]);
        let line = text[..whole.start()].matches('\n').count() + 1;
        let comma = if params.is_empty() { "" } else { ", " };
        out.push_str(&format!(
            "{{%{open} macro {name}({params}{comma}shuyuan_depth=0) %}}{{% if shuyuan_depth > {MACRO_DEPTH} %}}{{{{ throw(message=\"{origin}:{line}: macro `{name}` was called more than {MACRO_DEPTH} macros deep, so its calls would likely never end; make sure the condition under which macros call each other ends\") }}}}{{% endif {close}%}}"
        ));
        let body_end = END.find_at(text, whole.end()).map_or(text.len(), |m| m.start());
        out.push_str(&passing_depth(&text[whole.end()..body_end]));
        rest = body_end;
    }
    out.push_str(&text[rest..]);
    out
}

/// A macro's body with each macro call inside a tag (`self::f(n=1)`,
/// `m::list()`) passing `shuyuan_depth` on, one deeper.
fn passing_depth(body: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").unwrap());
    static CALL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\b(\w+::\w+)\s*\((\s*\))?").unwrap());
    TAG.replace_all(body, |tag: &regex::Captures| {
        CALL.replace_all(&tag[0], |call: &regex::Captures| match call.get(2) {
            Some(_) => format!("{}(shuyuan_depth=shuyuan_depth + 1)", &call[1]),
            None => format!("{}(shuyuan_depth=shuyuan_depth + 1, ", &call[1]),
        })
        .into_owned()
    })
    .into_owned()
}

/// A macro of `text` that calls itself (`self::name(`) outside any `if` or
/// `for` of its body, so that every call makes another and Tera recurses
/// until the stack overflows: its line and name. A recursion under a
/// condition (a tree's children) may end, and passes.
fn endless_macro(text: &str) -> Option<(usize, String)> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{%-?\s*(macro\s+(\w+)|endmacro|if|endif|for|endfor)\b|self::(\w+)\s*\(").unwrap()
    });
    let mut current: Option<(String, usize)> = None;
    let mut depth = 0usize;
    for c in TAG.captures_iter(text) {
        let at = c.get(0).map_or(0, |m| m.start());
        if let Some(name) = c.get(2) {
            current = Some((name.as_str().to_string(), text[..at].matches('\n').count() + 1));
            depth = 0;
            continue;
        }
        match c.get(1).map(|m| m.as_str()) {
            Some("endmacro") => current = None,
            Some("if" | "for") => depth += 1,
            Some("endif" | "endfor") => depth = depth.saturating_sub(1),
            _ => {
                let called = c.get(3).map_or("", |m| m.as_str());
                if let Some((name, line)) = &current {
                    if called == name && depth == 0 {
                        return Some((*line, name.clone()));
                    }
                }
            }
        }
    }
    None
}

/// The templates a template's text extends, includes or imports, each with
/// how (`extends`, `includes`, `imports`).
fn template_uses(text: &str) -> Vec<(&'static str, String)> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"\{%-?\s*(extends|include|import)\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#).unwrap()
    });
    static NAME: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#""([^"]*)"|'([^']*)'"#).unwrap());
    let mut out = Vec::new();
    for tag in TAG.captures_iter(text) {
        let how = match &tag[1] {
            "extends" => "extends",
            "include" => "includes",
            _ => "imports",
        };
        for name in NAME.captures_iter(&tag[2]) {
            let name = name.get(1).or(name.get(2)).map_or("", |m| m.as_str());
            out.push((how, name.to_string()));
        }
    }
    out
}

/// The embedded default theme, its scripts shrunk ([`shrink`]) once a
/// process: live preview loads the theme at every rebuild, and minifying
/// them took 2 ms of each.
static EMBEDDED_SHRUNK: std::sync::LazyLock<Vec<(&str, Vec<u8>)>> = std::sync::LazyLock::new(|| {
    EMBEDDED.iter().map(|(path, text)| (*path, shrink(path, text.as_bytes().to_vec()))).collect()
});

/// Theme scripts travel minified (the `minifier` crate, as rustdoc's own
/// scripts): the search scripts count in the bytes a reader loads before
/// the first result, 48.6 KB with whole-line comments and indentation
/// removed, 42.5 KB minified. A script the minifier cannot read loses only
/// its whole-line comments and indentation (the theme's scripts keep
/// comments on lines of their own), so no string or regular expression can
/// be cut.
fn shrink(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    // Others' code stays as published, licence comment included.
    if !path.ends_with(".js") || path.contains("vendor/") {
        return bytes;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    if let Ok(m) = minifier::js::minify(&text) {
        return m.to_string().into_bytes();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_comment = false;
    for line in text.lines() {
        let t = line.trim();
        if in_comment {
            in_comment = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_comment = !t.contains("*/");
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out.into_bytes()
}

/// An SVG as a `data:` URL: only what a URL cannot hold is escaped, and `:` and `/`
/// (so that no `http://` in it reads as a link to the web).
pub(super) fn svg_data_url(svg: &str) -> String {
    let mut out = String::from("data:image/svg+xml,");
    for c in svg.trim().chars() {
        match c {
            '%' | '#' | '<' | '>' | '"' | ':' | '/' | '\n' | '\r' | '\t' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
                assert!(
                    EMBEDDED.iter().any(|(p, _)| *p == rel),
                    "themes/default/{rel} is not in render::theme::EMBEDDED"
                );
            }
        }
    }

    #[test]
    fn theme_scripts_are_minified_their_strings_and_patterns_kept() {
        let js = "/* a\n   b */\nvar a = '/* not */'; // gone\n  // gone\n  f(/x\\/y/);\n";
        let out = String::from_utf8(shrink("static/x.js", js.as_bytes().to_vec())).unwrap();
        assert_eq!(out, "var a='/* not */';f(/x\\/y/);");
        assert_eq!(shrink("static/x.css", b"/* c */".to_vec()), b"/* c */");
        assert_eq!(shrink("static/vendor/x.js", b"/*! licence */ a = 1;".to_vec()), b"/*! licence */ a = 1;");
    }

    fn theme_with(files: &[(&str, &str)]) -> Result<Theme> {
        let root = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = root.path().join("templates").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Theme::load(root.path(), "default")
    }

    #[test]
    fn templates_that_loop_are_refused_with_their_file() {
        let e = theme_with(&[("base.html", "{% extends \"base.html\" %}")]).unwrap_err().to_string();
        assert!(e.contains("templates/base.html: extends itself"), "{e}");
        let e = theme_with(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{%- include ['x.html', 'a.html'] ignore missing %}"),
        ])
        .unwrap_err()
        .to_string();
        assert!(e.contains("templates/a.html: a loop of templates: a.html includes b.html includes a.html"), "{e}");
        let e = theme_with(&[("macros.html", "{% import \"macros.html\" as m %}")]).unwrap_err().to_string();
        assert!(e.contains("imports itself"), "{e}");
        assert!(theme_with(&[("page.html", "{% extends \"base.html\" %}{% include \"macros.html\" %}")]).is_ok());
    }

    #[test]
    fn a_macro_that_always_calls_itself_is_refused_and_a_tree_passes() {
        let endless = "{% macro ok() %}x{% endmacro %}\n{% macro f(n) %}\n{{ self::f(n=n) }}\n{% endmacro f %}";
        let e = theme_with(&[("macros.html", endless)]).unwrap_err().to_string();
        assert!(e.contains("templates/macros.html:2: macro `f` calls itself"), "{e}");
        let tree = "{% macro tree(items) %}{% for i in items %}<li>{{ self::tree(items=i.children) }}</li>{% endfor %}{% endmacro %}";
        assert!(theme_with(&[("macros.html", tree)]).is_ok());
    }

    #[test]
    fn template_errors_name_their_file_and_line() {
        let theme =
            theme_with(&[("page.html", "<main>\n<h1>{{ title }}</h1>\n<p>{{ nothing.here }}</p>\n</main>\n")]).unwrap();
        let sources = theme.sources();
        let mut tera = tera::Tera::default();
        let templates: Vec<(&str, &str)> = theme.templates.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        tera.add_raw_templates(templates).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("title", "标题");
        let e = tera.render("page.html", &ctx).unwrap_err();
        let m = sources.message(&e);
        assert!(m.contains("templates/page.html:3: template error:"), "{m}");
        assert!(m.contains("nothing.here"), "{m}");
        let mut broken = tera::Tera::default();
        let e = broken.add_raw_template("page.html", "a\n{{ x \n").unwrap_err();
        let m = sources.message(&e);
        assert!(m.contains("templates/page.html:3:1: template error"), "{m}");
    }

    #[test]
    fn site_files_override_the_embedded_theme() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("templates")).unwrap();
        std::fs::write(root.path().join("templates/404.html"), "mine").unwrap();
        let theme = Theme::load(root.path(), "default").unwrap();
        assert_eq!(theme.templates["404.html"], "mine");
        assert!(theme.templates["page.html"].contains("doc-title"));
        assert!(theme.statics.contains_key("style.css"));
    }
}
