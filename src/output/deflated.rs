//! Files kept deflated in memory: live preview holds every HTML file of the
//! site between builds, and deflated they take a fraction of the memory.
//! In: a file's bytes. Out: the same bytes deflated, and back.

use std::io::{Read, Write};

/// Deflates `bytes` (raw deflate, no header). Fast rather than small: a
/// first build deflates every page, a rebuild only the pages it renders.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::fast());
    // Writing to a Vec does not fail.
    let _ = out.write_all(bytes);
    let mut out = out.finish().unwrap_or_default();
    out.shrink_to_fit();
    out
}

/// The bytes [`deflate`] was given.
pub fn inflate(deflated: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(deflated.len() * 4);
    inflate_into(deflated, &mut out)?;
    Ok(out)
}

/// [`inflate`], appending to `out`.
pub fn inflate_into(deflated: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    flate2::read::DeflateDecoder::new(deflated).read_to_end(out).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_deflated_comes_back_as_it_was_and_smaller() {
        let page = format!("<!doctype html><main>{}</main>", "<p>第一条 为了加强意识形态工作。</p>\n".repeat(200));
        let deflated = deflate(page.as_bytes());
        assert!(deflated.len() * 4 < page.len(), "{} of {} bytes", deflated.len(), page.len());
        assert_eq!(inflate(&deflated).unwrap(), page.as_bytes());
        assert_eq!(inflate(&deflate(b"")).unwrap(), b"");
    }
}
