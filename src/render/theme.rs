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
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("static/site.js", include_str!("../../themes/default/static/site.js")),
    ("static/plan.js", include_str!("../../themes/default/static/plan.js")),
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
}

impl Theme {
    /// The embedded default, then `themes/<name>/`, then the site's own
    /// `templates/` and `static/`: a later file replaces an earlier one.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, text) in EMBEDDED {
            theme.add(path, shrink(path, text.as_bytes().to_vec()))?;
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
        Ok(theme)
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
                self.add(&path, bytes)?;
            }
        }
        Ok(())
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>) -> Result<()> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{path}: template is not UTF-8"))?;
            self.templates.insert(name.to_string(), text);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_string(), bytes);
        }
        Ok(())
    }
}

/// Theme scripts travel without their comments and indentation: the search
/// scripts count in the bytes a reader loads before the first result. Only
/// whole-line comments go (the theme's scripts keep comments on lines of
/// their own), so no string or regular expression can be cut.
fn shrink(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    // Others' code stays as published, licence comment included.
    if !path.ends_with(".js") || path.contains("vendor/") {
        return bytes;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
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
    fn theme_scripts_lose_whole_line_comments_only() {
        let js = "/* a\n   b */\nvar a = '/* not */'; // kept\n  // gone\n  f(/x\\/y/);\n";
        let out = String::from_utf8(shrink("static/x.js", js.as_bytes().to_vec())).unwrap();
        assert_eq!(out, "var a = '/* not */'; // kept\nf(/x\\/y/);\n");
        assert_eq!(shrink("static/x.css", b"/* c */".to_vec()), b"/* c */");
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
