//! YAML as shuyuan's three files of settings hold it: site.yaml (config),
//! a page's front matter (content) and a topic's file (plan). One way for
//! all three to read their keys: in, the YAML text and the file line of its
//! first line; out, its mapping read key by key through a table that
//! declares each known key beside how its value is read, every problem at
//! its key's file line, and a warning for each unknown key (nested ones
//! too, as `reading.cjk_per_minit`) that names the known key it is nearest
//! to. A helper of the stages that read YAML: it imports none of them.

mod lines;

pub use lines::KeyLines;

use crate::diagnostics::{edit_distance, Diagnostic, Diagnostics};
use serde::de::{self, DeserializeOwned, Visitor};
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// What a YAML text holds, as the files of settings care.
pub enum Document {
    /// Nothing but blank lines and comments.
    Empty,
    Mapping(Mapping),
    /// A list or a lone value, where `key: value` lines belong.
    Other,
}

/// Reads a YAML text; a text that is not YAML is the error, with its place.
pub fn parse(yaml: &str) -> Result<Document, serde_yaml::Error> {
    if yaml.trim().is_empty() {
        return Ok(Document::Empty);
    }
    Ok(match serde_yaml::from_str::<Value>(yaml)? {
        Value::Mapping(map) => Document::Mapping(map),
        Value::Null => Document::Empty,
        _ => Document::Other,
    })
}

/// Turns a serde_yaml error into `path:line:col: message`, shifting its line by
/// `line_offset` (the lines before the YAML text in its file).
pub fn diagnostic(path: &Path, line_offset: usize, e: &serde_yaml::Error) -> Diagnostic {
    let message = strip_location(&e.to_string());
    match e.location() {
        Some(loc) => Diagnostic::at(path, loc.line() + line_offset, loc.column(), message),
        // Some errors have no place (an alias bomb's "repetition limit
        // exceeded"): the YAML's first line at least.
        None => Diagnostic::new(path, Some(line_offset + 1), message),
    }
}

/// serde_yaml appends " at line X column Y" to its messages; we print the
/// position in front instead.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// How a key's value is read into `T`: problems go to the reader, at the key's line.
pub type Read<T> = fn(&mut Reader<'_>, &Value, &mut T);

/// One key a mapping may hold, declared beside how its value is read: a
/// table of them is the one list of a file's keys.
pub struct Key<T: 'static> {
    pub name: &'static str,
    pub read: Read<T>,
}

/// A [`Key`], for tables: `key("title", |r, v, fm| fm.title = …)`.
pub const fn key<T>(name: &'static str, read: Read<T>) -> Key<T> {
    Key { name, read }
}

/// The names a table of keys declares, for messages about unknown keys.
pub fn names<T>(table: &[Key<T>]) -> Vec<&'static str> {
    table.iter().map(|k| k.name).collect()
}

/// The keys a mapping may hold when a serde struct reads it (site.yaml):
/// the struct's fields, and for a field whose value is a mapping of its
/// own, that mapping's schema.
pub struct Schema {
    keys: &'static [&'static str],
    nested: Vec<(&'static str, Schema)>,
}

impl Schema {
    /// The fields `T` reads: declared once, by the struct itself.
    pub fn of<T: DeserializeOwned>() -> Schema {
        Schema { keys: fields_of::<T>(), nested: Vec::new() }
    }

    /// The schema of the mapping under `key`.
    pub fn with(mut self, key: &'static str, schema: Schema) -> Schema {
        self.nested.push((key, schema));
        self
    }
}

/// The field names of a struct that derives `Deserialize`, which serde
/// hands to the deserializer it reads from: this one asks for nothing else.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Fields(&'static [&'static str]);
    impl<'de> de::Deserializer<'de> for &mut Fields {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(de::Error::custom("only the fields were asked for"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields = Fields(&[]);
    let _ = T::deserialize(&mut fields);
    fields.0
}

/// The known key an unknown one is most likely a typo of.
pub fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let (distance, like) = known.iter().map(|k| (edit_distance(key, k), *k)).min_by_key(|(d, _)| *d)?;
    (distance <= 2 && distance < key.len()).then_some(like)
}

/// Reads the keys of one YAML text, telling each problem at its key's file line.
pub struct Reader<'a> {
    pub path: &'a Path,
    pub lines: &'a KeyLines,
    /// What the file's keys are called in messages: `setting`, `front matter key`.
    what: &'static str,
    /// The key being read, as messages name it.
    pub key: String,
    /// The path of the mapping it is in (`cascade`); empty at the top.
    within: String,
    pub diags: Diagnostics,
}

impl<'a> Reader<'a> {
    pub fn new(path: &'a Path, lines: &'a KeyLines, what: &'static str) -> Reader<'a> {
        Reader { path, lines, what, key: String::new(), within: String::new(), diags: Diagnostics::default() }
    }

    /// Makes `key` the key being read, for a message about it.
    pub fn at(&mut self, key: &str) -> &mut Self {
        self.key = key.to_string();
        self
    }

    /// The path of the key being read: `reading.cjk_per_minute`.
    pub fn key_path(&self) -> String {
        self.path_of(&self.key)
    }

    /// The path of `key` of the mapping being read.
    fn path_of(&self, key: &str) -> String {
        if self.within.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.within)
        }
    }

    /// The file line of the key being read.
    pub fn line(&self) -> usize {
        self.lines.line(&self.key_path())
    }

    pub fn error(&mut self, message: impl Into<String>) {
        self.diags.error(Diagnostic::new(self.path, Some(self.line()), message));
    }

    /// A warning at the key being read, in the family `group` (one line across files).
    pub fn warn(&mut self, message: impl Into<String>, group: impl Into<String>) {
        let warning = Diagnostic::new(self.path, Some(self.line()), message).grouped(group);
        self.diags.warn(warning);
    }

    /// Reads each key of `map` with the first of `tables` that declares it;
    /// returns the keys none declares, for the caller to tell about.
    pub fn read<'m, T>(&mut self, map: &'m Mapping, tables: &[&[Key<T>]], into: &mut T) -> Vec<&'m str> {
        let mut unread = Vec::new();
        for (key, value) in map {
            let Some(name) = key.as_str() else {
                self.key.clear();
                self.error(format!("{}s must be words", self.what));
                continue;
            };
            self.at(name);
            match tables.iter().flat_map(|t| t.iter()).find(|k| k.name == name) {
                Some(known) => (known.read)(self, value, into),
                None => unread.push(name),
            }
        }
        unread
    }

    /// Reads with `read` the keys of the mapping under `parent` (a key of
    /// the mapping being read), which name their paths from it (`cascade.kind`).
    pub fn within<R>(&mut self, parent: &str, read: impl FnOnce(&mut Self) -> R) -> R {
        let inner = self.path_of(parent);
        let outer = std::mem::replace(&mut self.within, inner);
        let result = read(self);
        self.within = outer;
        result
    }

    /// Warns about `key`, which none of `known` is: with the known key it
    /// is most likely a typo of, or else the list of them.
    pub fn unknown(&mut self, key: &str, known: &[&str]) {
        self.at(key);
        let (what, path) = (self.what, self.key_path());
        let message = match nearest(key, known) {
            Some(like) => format!("unknown {what} `{path}` ignored: a typo of `{}`?", self.path_of(like)),
            None => format!("unknown {what} `{path}` ignored (known: {})", known.join(", ")),
        };
        self.warn(message, format!("unknown {what} `{path}`: ignored"));
    }

    /// Warns about each key of `map` that `schema` does not know, nested
    /// ones too.
    pub fn check_keys(&mut self, map: &Mapping, schema: &Schema) {
        for (key, value) in map {
            let name = key.as_str().unwrap_or_default();
            if !schema.keys.contains(&name) {
                self.unknown(name, schema.keys);
            }
            let nested = schema.nested.iter().find(|(k, _)| *k == name);
            if let (Some((parent, inner)), Value::Mapping(map)) = (nested, value) {
                self.within(parent, |r| r.check_keys(map, inner));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    #[allow(dead_code)]
    struct Speed {
        cjk_per_minute: u32,
        #[serde(rename = "latin")]
        latin_words: u32,
    }

    #[test]
    fn a_structs_fields_are_its_keys() {
        assert_eq!(fields_of::<Speed>(), ["cjk_per_minute", "latin"]);
    }

    fn check(yaml: &str) -> Vec<(usize, String)> {
        let Document::Mapping(map) = parse(yaml).unwrap() else { panic!("{yaml}") };
        let lines = KeyLines::scan(yaml, 1);
        let mut reader = Reader::new(Path::new("site.yaml"), &lines, "setting");
        let schema = Schema { keys: &["title", "reading"], nested: vec![("reading", Schema::of::<Speed>())] };
        reader.check_keys(&map, &schema);
        reader.diags.warnings.into_iter().map(|w| (w.line.unwrap(), w.message)).collect()
    }

    #[test]
    fn an_unknown_key_nested_or_not_names_its_line_and_the_nearest_known_key() {
        let table: [(&str, &[(usize, &str)]); 4] = [
            (
                "title: x\nreading:\n  cjk_per_minit: 400\n",
                &[(3, "`reading.cjk_per_minit` ignored: a typo of `reading.cjk_per_minute`?")],
            ),
            ("titel: x\n", &[(1, "`titel` ignored: a typo of `title`?")]),
            ("title: x\ntaxonomies: [a]\n", &[(2, "`taxonomies` ignored (known: title, reading)")]),
            ("reading: {latn: 1}\n", &[(1, "`reading.latn` ignored: a typo of `reading.latin`?")]),
        ];
        for (yaml, want) in table {
            let found = check(yaml);
            let found: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
            assert_eq!(found.len(), want.len(), "{yaml}: {found:?}");
            for ((line, message), (want_line, words)) in found.iter().zip(want) {
                assert_eq!(line, want_line, "{yaml}");
                assert!(message.ends_with(words), "{yaml}: {message}");
            }
        }
        assert!(check("title: x\nreading:\n  cjk_per_minute: 1\n  latin: 2\n").is_empty());
    }

    struct Target {
        title: Option<String>,
    }

    const KEYS: &[Key<Target>] = &[key("title", |r, v, t| match v.as_str() {
        Some(s) => t.title = Some(s.to_string()),
        None => r.error(format!("`{}` must be text", r.key)),
    })];

    #[test]
    fn a_table_reads_its_keys_and_returns_the_rest() {
        let yaml = "other: 1\ntitle: [a]\n";
        let Document::Mapping(map) = parse(yaml).unwrap() else { panic!() };
        let lines = KeyLines::scan(yaml, 2);
        let mut reader = Reader::new(Path::new("a.md"), &lines, "front matter key");
        let mut target = Target { title: None };
        let unread = reader.read(&map, &[KEYS], &mut target);
        assert_eq!(unread, ["other"]);
        assert_eq!(target.title, None);
        assert_eq!(reader.diags.errors[0].line, Some(3));
        assert_eq!(reader.diags.errors[0].message, "`title` must be text");
    }
}
