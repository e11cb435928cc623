//! What changed between two versions of a rule (版本对照): each version's
//! text cut into its articles (第X条), the articles aligned across the two
//! (by text similarity, with a nudge for the same number, since numbers
//! shift when articles are inserted), each marked added, removed, changed
//! or unchanged, and a changed one's text diffed character by character.
//! In: two Markdown bodies. Out: [`Comparison`], which render shows.

use regex::Regex;
use similar::{ChangeTag, TextDiff};
use std::sync::LazyLock;

/// Below this likeness (0 to 1, by shared character pairs) two articles are
/// not versions of one another: the old one was removed and the new one added.
const MIN_LIKENESS: f64 = 0.5;
/// What keeping its number adds to a pair of articles' likeness.
const SAME_NUMBER_BONUS: f64 = 0.1;

/// One article: its number (`第三十一条`, `第十条之一`) and its text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub number: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
        }
    }
}

/// One article of either version, or a pair that are versions of each other.
#[derive(Debug, Clone)]
pub struct Entry {
    pub change: Change,
    pub old: Option<Article>,
    pub new: Option<Article>,
    /// The text as HTML, changes marked with `<del>` and `<ins>`.
    pub html: String,
}

#[derive(Debug, Default)]
pub struct Comparison {
    pub entries: Vec<Entry>,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

/// The articles of a Markdown body: a paragraph opening with `第X条` (or
/// `第X条之一`) and a space starts one; a heading or the next one ends it.
pub fn articles(body: &str) -> Vec<Article> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(第[零〇一二三四五六七八九十百千0-9]+条(?:之[一二三四五六七八九十]+)?)(?:[ \u{3000}]+|$)")
            .expect("a valid regex")
    });
    let mut out: Vec<Article> = Vec::new();
    let mut open = false;
    for line in body.lines() {
        let line = line.trim().trim_start_matches("**").trim_start_matches('*');
        if line.starts_with('#') {
            open = false;
            continue;
        }
        if let Some(caps) = OPENING.captures(line) {
            let number = caps[1].to_string();
            let text = line[caps[0].len()..].trim().to_string();
            out.push(Article { number, text });
            open = true;
        } else if open && !line.is_empty() {
            if let Some(a) = out.last_mut() {
                if !a.text.is_empty() {
                    a.text.push('\n');
                }
                a.text.push_str(line);
            }
        }
    }
    out
}

/// Compares the articles of two versions' bodies, in the new version's order.
pub fn compare(old_body: &str, new_body: &str) -> Comparison {
    let old = articles(old_body);
    let new = articles(new_body);
    let pairs = align(&old, &new);
    let moved = moved(&old, &new, &pairs);
    let mut c = Comparison::default();
    let (mut i, mut j) = (0, 0);
    for &(pi, pj) in pairs.iter().chain(std::iter::once(&(old.len(), new.len()))) {
        for a in (i..pi).filter(|k| !moved.iter().any(|m| m.0 == *k)).map(|k| &old[k]) {
            c.push(Entry { change: Change::Removed, old: Some(a.clone()), new: None, html: escape(&a.text) });
        }
        for (k, a) in new.iter().enumerate().take(pj).skip(j) {
            match moved.iter().find(|m| m.1 == k) {
                Some(&(from, _)) => c.push(pair(&old[from], a)),
                None => {
                    c.push(Entry { change: Change::Added, old: None, new: Some(a.clone()), html: escape(&a.text) });
                }
            }
        }
        if pi < old.len() && pj < new.len() {
            c.push(pair(&old[pi], &new[pj]));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    c
}

impl Comparison {
    fn push(&mut self, e: Entry) {
        match e.change {
            Change::Added => self.added += 1,
            Change::Removed => self.removed += 1,
            Change::Changed => self.changed += 1,
            Change::Unchanged => self.unchanged += 1,
        }
        self.entries.push(e);
    }
}

/// Two versions of one article, changed or not.
fn pair(a: &Article, b: &Article) -> Entry {
    let change = if a.text == b.text { Change::Unchanged } else { Change::Changed };
    let html = if change == Change::Unchanged { escape(&b.text) } else { diff_html(&a.text, &b.text) };
    Entry { change, old: Some(a.clone()), new: Some(b.clone()), html }
}

/// Articles the revision moved (the in-order alignment cannot pair them):
/// each article left over in the old version with the most like one left
/// over in the new version, if they are alike enough.
fn moved(old: &[Article], new: &[Article], pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut free_new: Vec<usize> = (0..new.len()).filter(|j| !pairs.iter().any(|p| p.1 == *j)).collect();
    let new_pairs: Vec<Vec<(char, char)>> = new.iter().map(|a| char_pairs(&a.text)).collect();
    let mut out = Vec::new();
    for i in (0..old.len()).filter(|i| !pairs.iter().any(|p| p.0 == *i)) {
        let mine = char_pairs(&old[i].text);
        let best = free_new
            .iter()
            .enumerate()
            .map(|(k, &j)| (k, likeness(&mine, &new_pairs[j])))
            .filter(|&(_, like)| like >= MIN_LIKENESS)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, _)) = best {
            out.push((i, free_new.remove(k)));
        }
    }
    out
}

/// The pairs (old, new) of articles that are versions of each other, in
/// order: the alignment that keeps the most likeness (a longest common
/// subsequence weighted by likeness).
fn align(old: &[Article], new: &[Article]) -> Vec<(usize, usize)> {
    let old_pairs: Vec<Vec<(char, char)>> = old.iter().map(|a| char_pairs(&a.text)).collect();
    let new_pairs: Vec<Vec<(char, char)>> = new.iter().map(|a| char_pairs(&a.text)).collect();
    let score = |i: usize, j: usize| {
        let like = if old[i].text == new[j].text { 1.0 } else { likeness(&old_pairs[i], &new_pairs[j]) };
        (like >= MIN_LIKENESS).then(|| like + if old[i].number == new[j].number { SAME_NUMBER_BONUS } else { 0.0 })
    };
    let (n, m) = (old.len(), new.len());
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut matched = vec![vec![None::<f64>; m]; n];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            matched[i][j] = score(i, j);
            let skip = best[i + 1][j].max(best[i][j + 1]);
            best[i][j] = matched[i][j].map_or(skip, |s| skip.max(s + best[i + 1][j + 1]));
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        match matched[i][j] {
            Some(s) if (best[i][j] - (s + best[i + 1][j + 1])).abs() < 1e-9 => {
                pairs.push((i, j));
                (i, j) = (i + 1, j + 1);
            }
            _ if (best[i][j] - best[i + 1][j]).abs() < 1e-9 => i += 1,
            _ => j += 1,
        }
    }
    pairs
}

/// The sorted character pairs of a text: cheap to compare for every pair of
/// articles, where a character diff of each would not be.
fn char_pairs(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.sort_unstable();
    pairs
}

/// Dice's coefficient of two sorted multisets of character pairs.
fn likeness(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// The new text with what was removed in `<del>` and what was added in
/// `<ins>`, character by character (Chinese has no words to diff by).
fn diff_html(old: &str, new: &str) -> String {
    let diff = TextDiff::from_chars(old, new);
    let mut html = String::new();
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    for (tag, text) in runs {
        let text = escape(&text);
        match tag {
            ChangeTag::Equal => html.push_str(&text),
            ChangeTag::Delete => html.push_str(&format!("<del>{text}</del>")),
            ChangeTag::Insert => html.push_str(&format!("<ins>{text}</ins>")),
        }
    }
    html
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// How many articles of each number a text holds: an article number that
/// comes twice means the text was not cut where it should have been.
#[cfg(test)]
fn numbers(articles: &[Article]) -> std::collections::HashMap<&str, usize> {
    let mut n = std::collections::HashMap::new();
    for a in articles {
        *n.entry(a.number.as_str()).or_insert(0) += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_are_cut_at_their_openings_and_end_at_a_heading() {
        let body = "前言 第一条的决定\n\n## 第一章 总则\n\n第一条 为了保守国家秘密，制定本法。\n\n（一）其一；\n\n第一条之一　另一条。\n\n## 第二章\n\n说明\n";
        let got = articles(body);
        let want = [("第一条", "为了保守国家秘密，制定本法。\n（一）其一；"), ("第一条之一", "另一条。")];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (a, (number, text)) in got.iter().zip(want) {
            assert_eq!((a.number.as_str(), a.text.as_str()), (number, text));
        }
        assert!(numbers(&got).values().all(|&n| n == 1));
    }

    #[test]
    fn an_inserted_article_shifts_numbers_but_the_others_still_align() {
        let old = "第一条 保守国家秘密是每个公民的义务。\n\n第二条 国家秘密受法律保护，任何危害国家秘密安全的行为都必须受到法律追究。\n";
        let new = "第一条 保守国家秘密是每个公民的义务。\n\n第二条 坚持中国共产党对保守国家秘密工作的领导。\n\n第三条 国家秘密受法律保护，一切危害国家秘密安全的行为都必须受到法律追究。\n";
        let c = compare(old, new);
        let changes: Vec<&str> = c.entries.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(changes, ["unchanged", "added", "changed"]);
        assert_eq!((c.added, c.changed, c.removed, c.unchanged), (1, 1, 0, 1));
        assert!(c.entries[2].html.contains("<del>任何</del><ins>一切</ins>"), "{}", c.entries[2].html);
    }

    #[test]
    fn an_article_with_nothing_like_it_in_the_new_version_is_removed() {
        let c = compare("第一条 甲乙丙丁戊己。\n\n第二条 子丑寅卯辰巳。\n", "第一条 甲乙丙丁戊己。\n");
        let changes: Vec<&str> = c.entries.iter().map(|e| e.change.as_str()).collect();
        assert_eq!(changes, ["unchanged", "removed"]);
    }
}
