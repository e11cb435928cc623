//! What the browser needs to rank titles by their distinctive part
//! (`search/titles-n.js`, one a part of the index): the title prefixes that
//! many pages of the part
//! share (中华人民共和国, 国务院关于, 最高人民法院关于…), and the length of each
//! page's title. A short query that is the rest of a title after such a
//! prefix (`刑法` for 中华人民共和国刑法) ranks that title first, and among
//! titles that start with a query the shortest come first (search.js,
//! titleFirst); the lengths pick, among many pages with the query in their
//! title, the few whose heads are worth loading to see. Titles are compared
//! as their normalised word characters.

use super::codec::push_binary;
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

/// Title lengths are shipped up to this, half a byte a page (5 KB on
/// 10,000 pages, loaded with a query's first match in a title): they only
/// tell short titles from long ones.
const LENGTH_CAP: usize = 15;

/// A part's titles as the browser compares them, and their common prefixes:
/// made once, for its titles file and its [`Leads`].
pub(super) struct PartTitles {
    chars: Vec<Vec<char>>,
    prefixes: Vec<String>,
}

impl PartTitles {
    pub(super) fn new(titles: &[&str]) -> PartTitles {
        let chars: Vec<Vec<char>> = titles.iter().map(|t| title_chars(t)).collect();
        let prefixes = common_prefixes(&chars);
        PartTitles { chars, prefixes }
    }
}

/// `search/titles-n.js` of part `n`, bytes for `__shuyuan.titles`: the
/// number of common prefixes, each as its number of characters and their
/// code points (varints), then every page's title length (at most
/// [`LENGTH_CAP`]) in half a byte, the low half first.
pub(super) fn file(n: usize, titles: &PartTitles) -> OutputFile {
    let PartTitles { chars, prefixes } = titles;
    let mut bytes = Vec::new();
    push_binary(&mut bytes, prefixes.len() as u32);
    for p in prefixes {
        push_binary(&mut bytes, p.chars().count() as u32);
        for c in p.chars() {
            push_binary(&mut bytes, c as u32);
        }
    }
    let lengths: Vec<u8> = chars.iter().map(|t| t.len().min(LENGTH_CAP) as u8).collect();
    bytes.extend(lengths.chunks(2).map(|pair| pair[0] | pair.get(1).map_or(0, |l| l << 4)));
    super::files::bytes_file(format!("search/titles-{n}.js"), super::files::Call::Titles, &n.to_string(), &bytes, None)
        .1
}

/// Titles of the later parts of an index that could be a short query
/// itself: by the bigram they start with, the pages whose title, or its
/// distinctive part after one of its part's common prefixes, has at most
/// [`LEAD_MAX_CHARS`] characters, with that length, shortest first, at
/// most [`LEAD_MAX_PAGES`] a key. The first part's shards carry them
/// ([`super::shards::files`]), so that a query whose first results come
/// from the first parts still shows first a later page whose title is the
/// query (刑法 for 中华人民共和国刑法), at the cost of that page's head.
#[derive(Default)]
pub(super) struct Leads {
    keys: HashMap<u64, Vec<(u32, u8)>>,
}

/// Titles (or their distinctive parts) of at most this many characters lead.
const LEAD_MAX_CHARS: usize = 12;
/// A key lists at most this many leading titles.
const LEAD_MAX_PAGES: usize = 16;

impl Leads {
    /// The leads of a part's `titles`, page numbers from `first`, cut by
    /// its common prefixes; the title of a page not `searched` (kept out
    /// of search) leads nowhere.
    pub(super) fn add(&mut self, first: usize, titles: &PartTitles, searched: impl Fn(usize) -> bool) {
        let prefixes: Vec<Vec<char>> = titles.prefixes.iter().map(|p| p.chars().collect()).collect();
        for (i, t) in titles.chars.iter().enumerate().filter(|(i, _)| searched(*i)) {
            let rests = prefixes.iter().filter(|p| t.len() > p.len() && t.starts_with(p)).map(|p| &t[p.len()..]);
            for rest in std::iter::once(&t[..]).chain(rests).filter(|r| (2..=LEAD_MAX_CHARS).contains(&r.len())) {
                let lead = ((first + i) as u32, rest.len() as u8);
                let list = self.keys.entry(super::postings::key(rest[0], rest[1])).or_default();
                if !list.contains(&lead) {
                    list.push(lead);
                }
            }
        }
    }

    /// Keeps each key's shortest [`LEAD_MAX_PAGES`], shortest first.
    pub(super) fn settle(&mut self) {
        for list in self.keys.values_mut() {
            list.sort_unstable_by_key(|&(page, len)| (len, page));
            list.truncate(LEAD_MAX_PAGES);
        }
    }

    /// The leads of `key` (once settled).
    pub(super) fn of(&self, key: &str) -> &[(u32, u8)] {
        self.keys.get(&super::postings::key_of(key)).map_or(&[], Vec::as_slice)
    }
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
    }

    #[test]
    fn title_lengths_take_half_a_byte_each() {
        let mut titles = vec!["刑法".to_string(), "长".repeat(40)];
        titles.extend((0..5).map(|i| format!("国务院关于{i}号文件")));
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let chars: Vec<Vec<char>> = titles.iter().map(|t| title_chars(t)).collect();
        assert_eq!(common_prefixes(&chars), ["国务院关于"]);
        let bytes = file_bytes(&titles);
        let (count, chars_at) = (bytes[0], bytes[1]);
        assert_eq!((count, chars_at), (1, 5), "one prefix of five characters");
        let lengths = &bytes[bytes.len() - 4..];
        assert_eq!(lengths, [2 | 15 << 4, 9 | 9 << 4, 9 | 9 << 4, 9], "2, 40 at the cap, then five of 9");
    }

    /// The bytes of [`file`], read back from its 15-bit digits.
    fn file_bytes(titles: &[&str]) -> Vec<u8> {
        let f = file(0, &PartTitles::new(titles));
        let units: Vec<u16> = f.bytes[2..].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        let text = String::from_utf16(&units).unwrap();
        let digits: Vec<u16> = text.split('\'').nth(1).unwrap().encode_utf16().collect();
        super::super::codec::utf16_digits(&digits)
    }

    #[test]
    fn short_titles_and_distinctive_parts_lead_by_their_first_bigram() {
        let mut titles: Vec<String> =
            ["刑法", "宪法", "民法典", "行政复议法", "立法法"].map(|t| format!("中华人民共和国{t}")).into();
        titles.push("刑法".into());
        titles.push("关于加强和改进新形势下宣传思想工作的若干意见".into());
        titles.push("宪法".into());
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let mut leads = Leads::default();
        leads.add(100, &PartTitles::new(&titles), |i| i != 7);
        leads.settle();
        assert_eq!(leads.of("刑法"), [(100, 2), (105, 2)], "the title itself, and the rest after 中华人民共和国");
        assert_eq!(
            leads.of("中华"),
            [(100, 9), (101, 9), (102, 10), (104, 10), (103, 12)],
            "whole titles of 12 or fewer"
        );
        assert!(leads.of("关于").is_empty(), "too long to be a query");
        assert_eq!(leads.of("宪法"), [(101, 2)], "a page kept out of search leads nowhere");
    }

    #[test]
    fn a_few_titles_share_no_prefix() {
        let chars: Vec<Vec<char>> = ["关于甲", "关于乙", "关于丙"].iter().map(|t| title_chars(t)).collect();
        assert!(common_prefixes(&chars).is_empty());
    }
}
