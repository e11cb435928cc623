//! The file line of each key of a YAML text, for messages about its value:
//! one rule for site.yaml, front matter and topic files. Keys nested in a
//! block mapping are named by their path (`reading.cjk_per_minute`); a key
//! written inside a flow mapping (`reading: {…}`) has its parent's line.

/// The file line of each key of a YAML text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// `(path, file line)`, in the text's order; a key written twice keeps
    /// its first line.
    keys: Vec<(String, usize)>,
    /// The file line of the YAML's first line: where a key that is on no
    /// line of its own is told about.
    first: usize,
}

impl KeyLines {
    /// The keys of `yaml`, whose first line is file line `first_line`.
    pub fn scan(yaml: &str, first_line: usize) -> KeyLines {
        let mut keys: Vec<(String, usize)> = Vec::new();
        // The keys whose mapping a line may be in: (column, path).
        let mut open: Vec<(usize, String)> = Vec::new();
        // The column of a key whose block scalar (`|`, `>`) is being passed over.
        let mut block: Option<usize> = None;
        for (i, line) in yaml.lines().enumerate() {
            let content = line.trim_start_matches([' ', '\t']);
            let column = line.len() - content.len();
            if content.is_empty() || block.is_some_and(|c| column > c) {
                continue;
            }
            block = None;
            if content.starts_with('#') {
                continue;
            }
            let (item_column, content) = sequence_item(column, content);
            if item_column > column {
                // A new item ends the mapping of the item before it.
                while open.last().is_some_and(|(c, _)| *c > column) {
                    open.pop();
                }
            }
            let column = item_column;
            let Some((key, value)) = key_of(content) else { continue };
            while open.last().is_some_and(|(c, _)| *c >= column) {
                open.pop();
            }
            let path = match open.last() {
                Some((_, parent)) => format!("{parent}.{key}"),
                None => key.to_string(),
            };
            if value.starts_with(['|', '>']) {
                block = Some(column);
            }
            if !keys.iter().any(|(p, _)| *p == path) {
                keys.push((path.clone(), first_line + i));
            }
            open.push((column, path));
        }
        KeyLines { keys, first: first_line }
    }

    /// The file line of `path` when it is written on a line of its own.
    pub fn find(&self, path: &str) -> Option<usize> {
        self.keys.iter().find(|(p, _)| p == path).map(|(_, line)| *line)
    }

    /// The file line of `path`; of its nearest parent written on a line
    /// (`reading: {cjk_per_minute: 0}`) when it is not; of the YAML's first
    /// line when none is.
    pub fn line(&self, path: &str) -> usize {
        let mut path = path;
        loop {
            if let Some(line) = self.find(path) {
                return line;
            }
            match path.rsplit_once('.') {
                Some((parent, _)) => path = parent,
                None => return self.first,
            }
        }
    }
}

/// A sequence item's mapping starts after its `- `: `- kind: rule` holds
/// `kind` at the column after the dash.
fn sequence_item(mut column: usize, mut content: &str) -> (usize, &str) {
    while let Some(rest) = content.strip_prefix("- ").or_else(|| content.strip_prefix("-\t")) {
        let item = rest.trim_start_matches([' ', '\t']);
        column += content.len() - item.len();
        content = item;
    }
    (column, content)
}

/// The key and the value's text of a `key: value` line (`key:` alone, or
/// a quoted key); `None` for any other line (a list item, a flow
/// collection, a continued value).
fn key_of(content: &str) -> Option<(&str, &str)> {
    if let Some(quote) = content.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let end = content[1..].find(quote)? + 1;
        let rest = content[end + 1..].trim_start_matches([' ', '\t']);
        let value = rest.strip_prefix(':').filter(|v| v.is_empty() || v.starts_with([' ', '\t']))?;
        return Some((&content[1..end], value.trim_start()));
    }
    if content.starts_with(['[', '{', ']', '}', ',', '&', '*', '!', '|', '>', '%', '@', '`', '?', '#']) {
        return None;
    }
    let bytes = content.as_bytes();
    let colon =
        (0..bytes.len()).find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| matches!(b, b' ' | b'\t')))?;
    let key = content[..colon].trim_end();
    (!key.is_empty()).then(|| (key, content[colon + 1..].trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_file_line() {
        let yaml = "title: 关于: 通知\nreading:\n  # a comment\n  cjk_per_minute: 300\n\n  latin: 200\nsummary: |\n  line: not a key\n  more\nurl: http://x\n\"quoted\": 1\ncascade:\n- kind: rule\n  topics: [a]\n-   bookHidden: true\nlast: {a: 1}\n";
        let lines = KeyLines::scan(yaml, 2);
        let table = [
            ("title", 2),
            ("reading", 3),
            ("reading.cjk_per_minute", 5),
            ("reading.latin", 7),
            ("summary", 8),
            ("url", 11),
            ("quoted", 12),
            ("cascade", 13),
            ("cascade.kind", 14),
            ("cascade.topics", 15),
            ("cascade.bookHidden", 16),
            ("last", 17),
        ];
        for (path, line) in table {
            assert_eq!(lines.find(path), Some(line), "{path}: {lines:?}");
        }
        for absent in ["line", "summary.line", "more", "a", "last.a", "http"] {
            assert_eq!(lines.find(absent), None, "{absent}");
        }
    }

    #[test]
    fn a_key_on_no_line_of_its_own_has_its_parents_line_or_the_first() {
        let lines = KeyLines::scan("title: x\nreading: {cjk_per_minute: 0}\n", 1);
        assert_eq!(lines.line("reading.cjk_per_minute"), 2);
        assert_eq!(lines.line("missing"), 1);
        assert_eq!(KeyLines::scan("title: x\n", 5).line("kind"), 5);
    }

    #[test]
    fn a_key_written_twice_keeps_its_first_line() {
        let lines = KeyLines::scan("a:\n  b: 1\nc:\n  b: 2\na: 3\n", 1);
        assert_eq!((lines.find("a"), lines.find("a.b"), lines.find("c.b")), (Some(1), Some(2), Some(4)));
    }
}
