//! Fragments: per page, what a result shows at once (its head, in
//! `search/h/`: title, URL, date, kind, topics, status; sixteen pages to a
//! file, deflated), and what its sections and snippets come from (its
//! text, in `search/p/`, five pages to a file, deflated with a dictionary
//! of sentences many pages share), loaded only when the result is seen.
//! Large print packs load their readings from the texts too.
//! In: the library, each page's text read as it is needed. Out: `search/h/` and `search/p/`.

use super::dictionary;
use super::directory::{HEADS_PER_FILE, TEXTS_PER_FILE};
use super::facets::{kind_index, topic_ids};
use super::files::{bytes_file, deflate, json, packed_calls, Call, Made};
use super::normalize;
use super::text::text_of;
use crate::library::Library;
use crate::output::OutputFile;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Head<'a> {
    /// title
    t: &'a str,
    /// URL, relative to the site root
    u: &'a str,
    /// date
    d: Option<String>,
    /// kind: 0 study, 1 rule, 2 plan
    k: u32,
    /// topics, as indexes into the directory's list
    p: Vec<u32>,
    /// a rule's status (in_force, revised, repealed)
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<crate::content::Status>,
    /// a version's date, for a rule in several versions
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    /// for an older version of a rule, the page of the version in force:
    /// search places it after that one, when both are found
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<usize>,
}

#[derive(Serialize)]
struct Text<'a> {
    /// the text as indexed: title, issuer and document number, body
    x: &'a str,
    /// where the body starts in `x` (a char offset)
    b: usize,
    /// sections: [char offset in the text, anchor, title, heading level]
    s: Vec<(usize, &'a str, &'a str, u8)>,
}

/// Text files of earlier builds, by the hash of what they were made from
/// (their pages' texts and the dictionary): what live preview keeps
/// between refreshes, so that only the files of edited pages are deflated.
pub(super) type KnownFragments = super::files::KnownFiles;

/// The heads and texts of every page, and the texts' dictionary, made
/// about `batch` pages at a time into `made` (a multiple of
/// [`HEADS_PER_FILE`] and [`TEXTS_PER_FILE`], so that each batch fills
/// whole files). With `known` text files of earlier
/// builds, unchanged ones are reused, and `known` then holds this build's.
/// Also whether any text holds a Traditional character (so that the
/// browser loads the Traditional table with the first query).
pub(super) fn files(lib: &Library, known: Option<&mut KnownFragments>, made: &Made, batch: usize) -> Result<bool> {
    let batch = batch.next_multiple_of(HEADS_PER_FILE * TEXTS_PER_FILE);
    let pages = lib.pages.len();
    let step = dictionary::sample_step(pages);
    let sample: Vec<String> =
        (0..pages).into_par_iter().step_by(step).map(|i| Ok(text_of(lib, i)?.0)).collect::<Result<_>>()?;
    let dictionary = dictionary::train(&sample, step);
    drop(sample);
    let mut traditional = false;
    let mut kept = KnownFragments::default();
    for start in (0..pages).step_by(batch) {
        let end = (start + batch).min(pages);
        let parts: Vec<Parts> = (start..end).into_par_iter().map(|i| page_parts(lib, i)).collect::<Result<_>>()?;
        traditional |= parts.iter().any(|p| p.traditional);
        let heads = parts.chunks(HEADS_PER_FILE).zip(start / HEADS_PER_FILE..).map(|(group, n)| {
            let heads: Vec<&str> = group.iter().map(|p| p.head.as_str()).collect();
            let call = format!("{n},[{}]", heads.join(","));
            packed_calls(format!("search/h/{n}.js"), Call::Heads, &[call.as_str()], None)
        });
        made.put(heads)?;
        let earlier = known.as_deref();
        let keyed: Vec<(Option<u64>, OutputFile)> = parts
            .par_chunks(TEXTS_PER_FILE)
            .zip(start / TEXTS_PER_FILE..end.div_ceil(TEXTS_PER_FILE))
            .map(|(group, n)| {
                let bodies: Vec<&str> = group.iter().map(|p| p.text.as_str()).collect();
                let key = earlier.map(|_| crate::hash::hash(&(&bodies, dictionary.as_ref().map(|d| &d.name))));
                if let Some(file) = earlier.zip(key).and_then(|(k, key)| k.get(&key)) {
                    return (key, file.clone());
                }
                (key, packed_calls(format!("search/p/{n}.js"), Call::Text, &bodies, dictionary.as_ref()))
            })
            .collect();
        if known.is_some() {
            kept.extend(keyed.iter().filter_map(|(key, file)| Some(((*key)?, file.clone()))));
        }
        made.put(keyed.into_iter().map(|(_, file)| file))?;
    }
    if let Some(known) = known {
        *known = kept;
    }
    if let Some(d) = dictionary {
        let path = format!("search/p/{}.js", d.name);
        made.put([bytes_file(path, Call::Dictionary, &d.name, &deflate(&d.bytes, &[]), None).1])?;
    }
    Ok(traditional)
}

/// What a page gives its files: its head, as JSON, the arguments of its
/// text's call, and whether that text holds a Traditional character.
struct Parts {
    head: String,
    text: String,
    traditional: bool,
}

/// Page `i`'s [`Parts`].
fn page_parts(lib: &Library, i: usize) -> Result<Parts> {
    let p = &lib.pages[i];
    let r = &lib.rendered[i];
    let (text, shift) = text_of(lib, i)?;
    // The browser counts in characters: those of the short prefix alone.
    let shift = text[..shift].chars().count();
    let head = Head {
        t: &p.title,
        u: &p.url,
        d: p.meta.date.map(|d| d.to_string()),
        k: kind_index(p),
        p: topic_ids(lib, p),
        s: lib.status(i),
        v: lib.versions.group_of[i].and(lib.versions.dates[i]).map(|d| d.to_string()),
        c: lib.versions.group_of[i].and_then(|g| lib.versions.current(g)).filter(|&c| c != i),
    };
    let traditional = normalize::uses_any_t2s(&text);
    let body = Text {
        x: &text,
        b: shift,
        s: r.spans.iter().map(|s| (s.offset + shift, s.id.as_str(), s.title.as_str(), s.level)).collect(),
    };
    Ok(Parts { head: json(&head), text: format!("{i},{}", json(&body)), traditional })
}
