//! A dictionary for the page texts (`search/p/`): sentences that many pages
//! share (boilerplate such as 落实意识形态工作责任制 paragraphs), which
//! deflate refers back to instead of repeating in every page's file. The
//! browser loads it once, with the first text it unpacks.
//! In: a sample of the pages' [`super::page_text`]. Out: the dictionary's bytes (the
//! sentences as UTF-16, as the texts are packed) and its file.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Deflate looks back at most 32 KB, so a longer dictionary gains nothing.
const MAX_BYTES: usize = 32 * 1024;

/// Sentences are counted on about this many pages, spread over the library.
const SAMPLE_PAGES: usize = 2000;

/// A dictionary is used only when the bytes it is expected to save in all
/// texts together are this many times its own size (a small library gains
/// less than the file costs each reader).
const MIN_GAIN: usize = 4;

/// Sentences shorter than this many characters are too short to pay for
/// their place.
const MIN_CHARS: usize = 6;

pub struct Dictionary {
    /// The sentences as UTF-16LE, the most shared last (nearest the text,
    /// so deflate's distances to it are the shortest).
    pub bytes: Vec<u8>,
    /// `d-` and a hash of the bytes: its file is `search/p/<name>.js`.
    pub name: String,
}

/// Of `pages` texts, the sentences are counted on every this many, from
/// the first: the sample [`train`] reads.
pub fn sample_step(pages: usize) -> usize {
    pages.div_ceil(SAMPLE_PAGES).max(1)
}

/// The dictionary for texts of which `sample` holds every `step`th
/// ([`sample_step`]), or `None` when it would not pay for itself.
pub fn train(sample: &[String], step: usize) -> Option<Dictionary> {
    let mut pages: HashMap<&str, usize> = HashMap::default();
    let mut seen = HashSet::default();
    for text in sample {
        seen.clear();
        for sentence in sentences(text) {
            if seen.insert(sentence) {
                *pages.entry(sentence).or_default() += 1;
            }
        }
    }
    // Bytes saved in the sample if every page after the first refers to it,
    // the sentence, and its bytes as UTF-16.
    let mut scored: Vec<(usize, &str, usize)> = pages
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(s, n)| {
            let len = s.encode_utf16().count() * 2;
            ((n - 1) * len, s, len)
        })
        .collect();
    scored.sort_unstable_by(|a, b| b.cmp(a));
    let mut chosen = Vec::new();
    let (mut bytes, mut gain) = (0, 0);
    for (score, s, len) in scored {
        if bytes + len > MAX_BYTES {
            continue;
        }
        bytes += len;
        gain += score * step;
        chosen.push(s);
    }
    if chosen.is_empty() || gain < MIN_GAIN * bytes {
        return None;
    }
    let out = super::codec::utf16_le(&chosen.iter().rev().copied().collect::<String>());
    let name = format!("d-{}", crate::hash::fingerprint(&out));
    Some(Dictionary { bytes: out, name })
}

/// The sentences of a text, each with the punctuation that ends it, as they
/// appear in the packed JSON: ones that JSON would escape are left out.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '！', '？', '；', '\n'])
        .map(|s| s.trim_end_matches('\n'))
        .filter(|s| s.chars().count() >= MIN_CHARS && !s.contains(['"', '\\']) && !s.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_sentences_make_the_dictionary_most_shared_last() {
        let shared = "各级党组织要切实落实意识形态工作责任制。";
        let common = "坚持正确政治方向，加强阵地建设！";
        let texts: Vec<String> = (0..40)
            .map(|i| {
                let extra = if i % 2 == 0 { common } else { "" };
                format!("第{i}号通知\n{extra}{shared}本页独有的内容{i}。")
            })
            .collect();
        let d = train(&texts, 1).expect("shared sentences pay for a dictionary");
        let units: Vec<u16> = d.bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        let text = String::from_utf16(&units).unwrap();
        assert!(text.ends_with(shared), "{text}");
        assert!(text.contains(common), "{text}");
        assert!(!text.contains("独有"), "a sentence of one page is left out: {text}");
        assert!(d.name.starts_with("d-"));
    }

    #[test]
    fn no_dictionary_when_nothing_is_shared_enough() {
        let texts: Vec<String> = (0..5).map(|i| format!("第{i}篇文章的内容各不相同，编号{i}。")).collect();
        assert!(train(&texts, 1).is_none());
        let twice = vec!["一句只出现在两页里的话。".to_string(); 2];
        assert!(train(&twice, 1).is_none(), "one sentence saved once does not pay for a file");
    }
}
