//! What the browser needs to rank titles by their distinctive part
//! (`search/titles.js`): the title prefixes that many pages of the library
//! share (中华人民共和国, 国务院关于, 最高人民法院关于…), and the length of each
//! page's title. A short query that is the rest of a title after such a
//! prefix (`刑法` for 中华人民共和国刑法) ranks that title first, and among
//! titles that start with a query the shortest come first (search.js,
//! titleFirst); the lengths pick, among many pages with the query in their
//! title, the few whose heads are worth loading to see. Titles are compared
//! as their normalised word characters.

use super::normalize::{is_word, normalize};
use crate::output::OutputFile;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// A prefix is common when at least this many titles start with it (and at
/// least one in [`PREFIX_SHARE`] of all)...
const PREFIX_MIN_TITLES: usize = 5;
const PREFIX_SHARE: usize = 100;
/// ...and they go on with at least this many different characters, so that
/// the prefix is a name's common head (中华人民共和国 + 刑法, 宪法, 民法典…),
/// not most of one name (中华人民共和国刑法 + 修正案 in twelve titles).
const PREFIX_MIN_BRANCHES: usize = 3;
/// Prefixes are at least this many characters long and at most...
const PREFIX_MIN_CHARS: usize = 2;
const PREFIX_MAX_CHARS: usize = 16;

/// A title as the browser compares it: its normalised word characters.
pub fn title_chars(title: &str) -> Vec<char> {
    normalize(title).into_iter().filter(|&c| is_word(c)).collect()
}

/// The prefixes many titles share, shortest first: each shorter than a title
/// that starts with it, by at least one character.
pub fn common_prefixes(titles: &[Vec<char>]) -> Vec<String> {
    let mut next: HashMap<&[char], (usize, HashSet<char>)> = HashMap::default();
    for t in titles {
        for k in PREFIX_MIN_CHARS..t.len().min(PREFIX_MAX_CHARS + 1) {
            let (count, after) = next.entry(&t[..k]).or_default();
            *count += 1;
            after.insert(t[k]);
        }
    }
    let min = PREFIX_MIN_TITLES.max(titles.len() / PREFIX_SHARE);
    let mut out: Vec<String> = next
        .into_iter()
        .filter(|(_, (count, after))| *count >= min && after.len() >= PREFIX_MIN_BRANCHES)
        .map(|(p, _)| p.iter().collect())
        .collect();
    out.sort_by(|a: &String, b| a.chars().count().cmp(&b.chars().count()).then_with(|| a.cmp(b)));
    out
}

/// Title lengths are shipped up to this, one digit of [`super::encode::push`]
/// a page (10 KB on 10,000 pages, loaded with a query's first title match):
/// they only tell short titles from long ones.
const LENGTH_CAP: usize = 31;

/// `search/titles.js`: `__shuyuan.titles(prefixes, lengths)`, the lengths
/// (at most [`LENGTH_CAP`]) as compact numbers, one per page in order.
pub fn file(titles: &[&str]) -> OutputFile {
    let chars: Vec<Vec<char>> = titles.iter().map(|t| title_chars(t)).collect();
    let mut lengths = Vec::new();
    for t in &chars {
        super::encode::push(&mut lengths, t.len().min(LENGTH_CAP) as u32);
    }
    let args = format!("{},{}", super::json(&common_prefixes(&chars)), super::json(super::ascii(&lengths)));
    super::js_call("search/titles.js".into(), "titles", &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_many_titles_share_and_go_on_from_differently_is_common() {
        let mut titles = vec!["中华人民共和国刑法".to_string()];
        titles.extend(["宪法", "民法典", "行政复议法", "国务院组织法", "立法法"].map(|t| format!("中华人民共和国{t}")));
        titles.extend((1..=6).map(|n| format!("中华人民共和国刑法修正案（{n}）")));
        titles.extend(
            ["国务院关于甲的规定", "国务院关于乙的决定", "国务院关于丙的通知", "国务院关于丁", "国务院关于戊"]
                .map(String::from),
        );
        let chars: Vec<Vec<char>> = titles.iter().map(|t| title_chars(t)).collect();
        let prefixes = common_prefixes(&chars);
        assert!(prefixes.contains(&"中华人民共和国".to_string()), "{prefixes:?}");
        assert!(prefixes.contains(&"国务院关于".to_string()), "{prefixes:?}");
        assert!(!prefixes.contains(&"中华人民共和国刑法".to_string()), "one name is no common prefix: {prefixes:?}");
        assert!(
            prefixes.contains(&"中华人民共和国刑法修正案".to_string()),
            "its numbers tell these apart: {prefixes:?}"
        );
        assert!(!prefixes.contains(&"中华人民共和".to_string()), "always followed by 国: {prefixes:?}");
        assert_eq!(title_chars("中华人民共和国刑法修正案（十一）").len(), 14, "word characters only");
        let file = String::from_utf8(file(&["刑法", &"长".repeat(40)]).bytes.to_vec()).unwrap();
        assert!(file.ends_with("\"Cf\");\n"), "lengths 2 and 31 (the cap), one digit each: {file}");
    }

    #[test]
    fn a_few_titles_share_no_prefix() {
        let chars: Vec<Vec<char>> = ["关于甲", "关于乙", "关于丙"].iter().map(|t| title_chars(t)).collect();
        assert!(common_prefixes(&chars).is_empty());
    }
}
