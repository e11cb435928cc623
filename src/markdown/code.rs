//! Where code is in Markdown source, for the passes that rewrite the source
//! before it is parsed: other tools' syntax is never touched inside fenced
//! code blocks or backtick code spans, where it is what the page shows.

use std::ops::Range;

/// Follows fenced code blocks line by line.
#[derive(Debug, Default)]
pub struct Fences {
    /// The open fence's character and length.
    open: Option<(u8, usize)>,
}

impl Fences {
    /// Whether `line` belongs to a fenced code block (its fences included).
    /// Call it once for every line, in order.
    pub fn is_code(&mut self, line: &str) -> bool {
        // Any indentation: a fence may stand in a list item.
        let t = line.trim_start();
        let c = t.bytes().next().unwrap_or(b' ');
        let n = if c == b'`' || c == b'~' { t.bytes().take_while(|&b| b == c).count() } else { 0 };
        match self.open {
            Some((open, len)) => {
                if c == open && n >= len && t[n..].trim().is_empty() {
                    self.open = None;
                }
                true
            }
            None if n >= 3 && !(c == b'`' && t[n..].contains('`')) => {
                self.open = Some((c, n));
                true
            }
            None => false,
        }
    }

    pub fn in_code(&self) -> bool {
        self.open.is_some()
    }
}

/// Byte ranges of a line's backtick code spans, backticks included.
pub fn code_spans(line: &str) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        let mut j = i + run;
        let mut closed = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let r = bytes[j..].iter().take_while(|&&b| b == b'`').count();
                if r == run {
                    closed = Some(j + r);
                    break;
                }
                j += r;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(end) => {
                spans.push(i..end);
                i = end;
            }
            None => i += run,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_blocks_are_code_to_their_closing_fence() {
        let lines = ["text", "```sql", "{{< x >}}", "``", "```x", "```", "after", "  ~~~", "x", "  ~~~", "``inline``"];
        let mut f = Fences::default();
        let code: Vec<bool> = lines.iter().map(|l| f.is_code(l)).collect();
        assert_eq!(code, [false, true, true, true, true, true, false, true, true, true, false]);
    }

    #[test]
    fn code_spans_of_a_line() {
        let line = "a `{{< x >}}` b ``c ` d`` \\`e` f";
        let spans: Vec<&str> = code_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(spans, ["`{{< x >}}`", "``c ` d``"]);
    }
}
