//! Fragments: per page, what a result shows at once (its head, in
//! `search/h/`: title, URL, date, kind, topics, status; sixteen pages to a
//! file, deflated), and what its sections and snippets come from (its
//! text, in `search/p/`, five pages to a file, deflated with a dictionary
//! of sentences many pages share), loaded only when the result is seen.
//! Large print packs load their readings from the texts too.
//! In: the library and every page's text. Out: `search/h/` and `search/p/`.

use super::dictionary;
use super::directory::{HEADS_PER_FILE, TEXTS_PER_FILE};
use super::facets::{kind_index, topic_ids};
use super::files::{bytes_file, deflate, json, packed_calls, Call};
use super::text::prefix_chars;
use crate::library::Library;
use crate::output::OutputFile;
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

/// The heads and texts of every page, and the texts' dictionary. With
/// `known` text files of earlier builds, unchanged ones are reused, and
/// `known` then holds this build's.
pub(super) fn files(lib: &Library, texts: &[String], known: Option<&mut KnownFragments>) -> Vec<OutputFile> {
    let dictionary = dictionary::train(texts);
    let parts: Vec<(String, String)> =
        (0..lib.pages.len()).into_par_iter().map(|i| page_parts(lib, i, &texts[i])).collect();
    let mut files: Vec<OutputFile> = parts
        .chunks(HEADS_PER_FILE)
        .enumerate()
        .map(|(n, group)| {
            let heads: Vec<&str> = group.iter().map(|(head, _)| head.as_str()).collect();
            let call = format!("{n},[{}]", heads.join(","));
            packed_calls(format!("search/h/{n}.js"), Call::Heads, &[call.as_str()], None)
        })
        .collect();
    let earlier = known.as_deref();
    let keyed: Vec<(Option<u64>, OutputFile)> = parts
        .par_chunks(TEXTS_PER_FILE)
        .enumerate()
        .map(|(n, group)| {
            let bodies: Vec<&str> = group.iter().map(|(_, body)| body.as_str()).collect();
            let key = earlier.map(|_| crate::hash::hash(&(&bodies, dictionary.as_ref().map(|d| &d.name))));
            if let Some(file) = earlier.zip(key).and_then(|(k, key)| k.get(&key)) {
                return (key, file.clone());
            }
            (key, packed_calls(format!("search/p/{n}.js"), Call::Text, &bodies, dictionary.as_ref()))
        })
        .collect();
    if let Some(known) = known {
        *known = keyed.iter().filter_map(|(key, file)| Some(((*key)?, file.clone()))).collect();
    }
    files.extend(keyed.into_iter().map(|(_, file)| file));
    if let Some(d) = dictionary {
        let path = format!("search/p/{}.js", d.name);
        files.push(bytes_file(path, Call::Dictionary, &d.name, &deflate(&d.bytes, &[]), None).1);
    }
    files
}

/// Page `i`'s head, as JSON, and the arguments of its text's call.
fn page_parts(lib: &Library, i: usize, text: &str) -> (String, String) {
    let p = &lib.pages[i];
    let r = &lib.rendered[i];
    let shift = prefix_chars(text, &r.text);
    let head = Head {
        t: &p.title,
        u: &p.url,
        d: p.meta.date.map(|d| d.to_string()),
        k: kind_index(p),
        p: topic_ids(lib, p),
        s: lib.status(i),
        v: lib.versions.group_of[i].and(lib.versions.dates[i]).map(|d| d.to_string()),
    };
    let body = Text {
        x: text,
        b: shift,
        s: r.spans.iter().map(|s| (s.offset + shift, s.id.as_str(), s.title.as_str(), s.level)).collect(),
    };
    (json(&head), format!("{i},{}", json(&body)))
}
