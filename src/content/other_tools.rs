//! Front matter keys of other tools (Hugo and its book theme, Zola, Jekyll,
//! MkDocs Material, VitePress, Docusaurus, PingCAP's docs): which tool a
//! key belongs to, so that a page written for it is told what shuyuan
//! ignores (once per key across files), never that it made a typo.
//! The keys shuyuan honours are read in `front_matter`; this table holds
//! the rest, and how their values read.

use serde_yaml::Value;

/// `(key, tools)`: keys shuyuan reads nothing from. A key several tools
/// share names each of them.
const IGNORED: &[(&str, &str)] = &[
    // Hugo
    ("audio", "Hugo"),
    ("author", "Hugo, Jekyll"),
    ("authors", "Hugo, Zola, MkDocs"),
    ("expiryDate", "Hugo"),
    ("images", "Hugo, Zola"),
    ("isCJKLanguage", "Hugo"),
    ("keywords", "Hugo, Docusaurus"),
    ("layout", "Hugo, Jekyll, VitePress"),
    ("markup", "Hugo"),
    ("menu", "Hugo"),
    ("menus", "Hugo"),
    ("outputs", "Hugo"),
    ("params", "Hugo"),
    ("publishDate", "Hugo"),
    ("pubdate", "Hugo"),
    ("resources", "Hugo"),
    ("series", "Hugo"),
    ("sitemap", "Hugo"),
    ("toc", "Hugo, Zola"),
    ("translationKey", "Hugo"),
    ("type", "Hugo"),
    ("url", "Hugo"),
    ("videos", "Hugo"),
    // hugo-book
    ("bookCollapseSection", "Hugo book"),
    ("bookFlatSection", "Hugo book"),
    ("bookToc", "Hugo book"),
    ("bookComments", "Hugo book"),
    ("bookHref", "Hugo book"),
    ("bookIcon", "Hugo book"),
    // Zola
    ("extra", "Zola"),
    ("generate_feed", "Zola"),
    ("generate_feeds", "Zola"),
    ("insert_anchor_links", "Zola"),
    ("page_template", "Zola"),
    ("paginate_by", "Zola"),
    ("paginate_path", "Zola"),
    ("paginate_reversed", "Zola"),
    ("path", "Zola"),
    ("redirect_to", "Zola"),
    ("sort_by", "Zola"),
    ("taxonomies", "Zola"),
    ("template", "Zola, MkDocs"),
    ("transparent", "Zola"),
    // Jekyll and its just-the-docs theme
    ("permalink", "Jekyll"),
    ("category", "Jekyll, PingCAP docs"),
    ("excerpt", "Jekyll"),
    ("excerpt_separator", "Jekyll"),
    ("lang", "Jekyll, VitePress"),
    ("parent", "Jekyll"),
    ("grand_parent", "Jekyll"),
    ("has_children", "Jekyll"),
    ("has_toc", "Jekyll"),
    // MkDocs Material
    ("hide", "MkDocs"),
    ("icon", "MkDocs"),
    ("subtitle", "MkDocs"),
    ("comments", "MkDocs, Jekyll"),
    ("readtime", "MkDocs"),
    ("pin", "MkDocs"),
    ("links", "MkDocs"),
    // VitePress
    ("aside", "VitePress"),
    ("editLink", "VitePress"),
    ("features", "VitePress"),
    ("footer", "VitePress"),
    ("head", "VitePress"),
    ("hero", "VitePress"),
    ("lastUpdated", "VitePress"),
    ("navbar", "VitePress"),
    ("next", "VitePress"),
    ("outline", "VitePress"),
    ("pageClass", "VitePress"),
    ("prev", "VitePress"),
    ("sidebar", "VitePress"),
    ("theme", "VitePress"),
    ("titleTemplate", "VitePress"),
    // Docusaurus
    ("id", "Docusaurus, VitePress"),
    ("custom_edit_url", "Docusaurus"),
    ("displayed_sidebar", "Docusaurus"),
    ("hide_table_of_contents", "Docusaurus"),
    ("hide_title", "Docusaurus"),
    ("image", "Docusaurus, Jekyll"),
    ("pagination_label", "Docusaurus"),
    ("pagination_next", "Docusaurus"),
    ("pagination_prev", "Docusaurus"),
    ("parse_number_prefixes", "Docusaurus"),
    ("sidebar_class_name", "Docusaurus"),
    ("sidebar_custom_props", "Docusaurus"),
    ("toc_max_heading_level", "Docusaurus"),
    ("toc_min_heading_level", "Docusaurus"),
    // PingCAP's documentation
    ("hide_commit", "PingCAP docs"),
    ("hide_leftNav", "PingCAP docs"),
    ("hide_sidebar", "PingCAP docs"),
    ("hide_toc", "PingCAP docs"),
];

/// The tool whose front matter has `key`, when shuyuan ignores it.
pub fn ignored(key: &str) -> Option<&'static str> {
    IGNORED.iter().find(|(k, _)| *k == key).map(|(_, tool)| *tool)
}

/// The group of warnings about one ignored key: one line across files.
pub fn ignored_group(key: &str, tool: &str) -> String {
    format!("`{key}` ({tool}): ignored")
}

// Other tools' values, read as those tools read them.

/// Statuses of MkDocs Material's menu, not of a rule.
pub const MKDOCS_STATUSES: &[&str] = &["new", "deprecated"];

/// A yes-or-no of another tool, read as that tool would: `true`, `"true"`,
/// `yes`; anything else (missing, empty) is no.
pub fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) => matches!(s.trim(), "true" | "yes" | "True" | "TRUE"),
        _ => false,
    }
}

/// `value.name` when `value` is a mapping, otherwise `value` itself (so
/// that `last_update: 2024-03-16` reads like `last_update: {date: …}`).
pub fn field<'v>(value: &'v Value, name: &str) -> &'v Value {
    match value {
        Value::Mapping(m) => m.get(name).unwrap_or(&Value::Null),
        v => v,
    }
}

/// Hugo's `_build` options: `never` (or `false`) turns rendering or listing off.
pub fn is_never(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::String(s) => matches!(s.trim(), "never" | "false"),
        _ => false,
    }
}

pub fn label_of(value: &Value) -> &Value {
    match value {
        Value::Mapping(m) => m.get("label").unwrap_or(&Value::Null),
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_once() {
        let mut keys: Vec<&str> = IGNORED.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "a key listed twice");
    }

    #[test]
    fn honoured_keys_are_not_in_the_ignored_table() {
        for key in super::super::front_matter::HONOURED.iter().chain(super::super::front_matter::OURS) {
            assert_eq!(ignored(key.name), None, "{} is read, so not ignored", key.name);
        }
    }
}
