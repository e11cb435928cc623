//! Text files in the encodings editors save them in: UTF-8 (with or without
//! a byte-order mark), UTF-16 ("Unicode" in Windows Notepad and WPS, with or
//! without a byte-order mark), and GB18030 with its subsets GBK and GB2312
//! ("ANSI" on a Chinese Windows). In: a file's bytes. Out: its text with
//! `\n` line ends, and the encoding it was read as; or where it is not text.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::fmt;

/// A text file, decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding it was read as: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `GBK/GB18030`.
    pub encoding: &'static str,
}

/// Bytes that no encoding read: where the first bad byte is.
#[derive(Debug, PartialEq, Eq)]
pub struct NotText {
    /// 1-based line of the bad byte.
    pub line: usize,
    /// Its offset in the file.
    pub offset: usize,
    pub byte: u8,
    /// What the file looks like instead, when its first bytes tell.
    pub looks_like: Option<&'static str>,
}

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = self.looks_like {
            return write!(f, "not text but {kind}");
        }
        write!(
            f,
            "{}: neither UTF-8, UTF-16 nor GBK/GB18030 text (byte 0x{:02X} at offset {} cannot be read); save it as UTF-8 or GBK text",
            self.line, self.byte, self.offset
        )
    }
}

impl NotText {
    /// The message for `file`: `file:LINE: …` at a bad byte, `file: not text but …`.
    pub fn in_file(&self, file: &std::path::Path) -> String {
        let gap = if self.looks_like.is_some() { " " } else { "" };
        format!("{}:{gap}{self}", file.display())
    }
}

/// Decodes a text file. A byte-order mark decides; then UTF-16, if the bytes
/// hold zero bytes (which UTF-8 and GB18030 text never does: read so, each
/// would be a NUL character); then UTF-8, if they are valid UTF-8; then
/// GB18030, which reads GBK and GB2312 too.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(NotText { line: 1, offset: 0, byte: bytes[0], looks_like: Some(kind) });
    }
    let (encoding, start) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, bom),
        None if bytes.contains(&0) => match utf16_without_bom(bytes) {
            Some(utf16) => (utf16, 0),
            None => {
                let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(NotText { line, offset, byte: 0, looks_like: Some(NUL_BYTES) });
            }
        },
        None if std::str::from_utf8(bytes).is_ok() => (UTF_8, 0),
        None => (GB18030, 0),
    };
    let body = &bytes[start..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    if let encoding_rs::DecoderResult::Malformed(bad, after) = result {
        // The bad bytes end `after` bytes before where the decoder stopped.
        let offset = start + read - after as usize - bad as usize;
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(NotText { line, offset, byte: bytes[offset], looks_like: None });
    }
    let name = if encoding == GB18030 { "GBK/GB18030" } else { encoding.name() };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(Decoded { text, encoding: name })
}

/// What a file holding zero bytes that is not UTF-16 text is.
const NUL_BYTES: &str =
    "binary data: it holds zero bytes, which no text but UTF-16 has, and it does not read as UTF-16 text";

/// UTF-16 without a byte-order mark: of the two byte orders, the one whose
/// text reads as text (Chinese, ASCII, punctuation) far more than the other;
/// the same text read in the wrong order is scattered over unrelated
/// scripts. Counting zero bytes alone misleads: a Chinese text's 一 (U+4E00)
/// has a zero low byte, so a text of few line ends holds as many zeros on
/// the wrong side as on the right.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let score = |big_endian: bool| {
        let units = bytes.chunks_exact(2).map(|b| {
            if big_endian {
                u16::from_be_bytes([b[0], b[1]])
            } else {
                u16::from_le_bytes([b[0], b[1]])
            }
        });
        let chars = char::decode_utf16(units);
        let (mut good, mut all) = (0usize, 0usize);
        for c in chars {
            all += 1;
            good += usize::from(c.is_ok_and(is_common_text));
        }
        (good, all)
    };
    let ((le, all), (be, _)) = (score(false), score(true));
    let enough = |good: usize| good * 10 >= all * UTF16_TEXT_SHARE_TENTHS;
    if le >= be && enough(le) {
        Some(UTF_16LE)
    } else if be > le && enough(be) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// How many tenths of its characters a UTF-16 text must hold in the common
/// ranges ([`is_common_text`]) to be read as one.
const UTF16_TEXT_SHARE_TENTHS: usize = 8;

/// Characters an editor's text is made of: printable ASCII and line ends,
/// Latin letters, general and CJK punctuation, kana, CJK ideographs and
/// full-width forms. Not NUL.
fn is_common_text(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{A0}'..='\u{24F}' | '\u{2000}'..='\u{27FF}'
        | '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The first bytes of an OLE compound file: an old Word (.doc) or WPS (.wps) file.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// What such a file is, and what to do with it.
pub const OLD_WORD: &str = "an old Word (.doc) or WPS (.wps) file: open it and save it as .docx";

/// Formats that are not text but are often mistaken for it.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some("a zip archive (a .docx saved under another name? rename it to .docx)")
    } else if bytes.starts_with(OLE_MAGIC) {
        Some(OLD_WORD)
    } else if bytes.starts_with(b"%PDF") {
        Some("a PDF: copy its text into a .txt file, or save the original as .docx")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "关于落实意识形态工作责任制的报告\r\n一、主要做法\r\nQQ群、2020年，𠮷。\n";

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = (bom.then_some('\u{FEFF}').into_iter()).chain(text.chars()).collect::<String>();
        for u in units.encode_utf16() {
            out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn reads_every_encoding_editors_save_in() {
        let expected = TEXT.replace("\r\n", "\n");
        let gbk = GB18030.encode(TEXT).0.into_owned();
        assert!(std::str::from_utf8(&gbk).is_err(), "the GBK bytes are not UTF-8");
        let bom_utf8 = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        let cases: [(&str, Vec<u8>, &str); 7] = [
            ("UTF-8", TEXT.as_bytes().to_vec(), "UTF-8"),
            ("UTF-8 with a byte-order mark", bom_utf8, "UTF-8"),
            ("UTF-16LE with a byte-order mark", utf16(TEXT, false, true), "UTF-16LE"),
            ("UTF-16BE with a byte-order mark", utf16(TEXT, true, true), "UTF-16BE"),
            ("UTF-16LE without one", utf16(TEXT, false, false), "UTF-16LE"),
            ("UTF-16BE without one", utf16(TEXT, true, false), "UTF-16BE"),
            ("GB18030 (GBK for these characters, four bytes for 𠮷)", gbk, "GBK/GB18030"),
        ];
        for (name, bytes, encoding) in cases {
            let d = decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(d.text, expected, "{name}");
            assert_eq!(d.encoding, encoding, "{name}");
        }
    }

    #[test]
    fn a_byte_no_encoding_reads_is_reported_with_its_line() {
        let mut bytes = GB18030.encode("第一行\n第二行\n第三").0.into_owned();
        bytes.push(0xFF);
        bytes.extend_from_slice("行".as_bytes());
        let e = decode(&bytes).unwrap_err();
        assert_eq!((e.line, e.byte), (3, 0xFF));
        assert_eq!(e.offset, bytes.iter().position(|&b| b == 0xFF).unwrap());
        assert!(e.to_string().starts_with("3: neither UTF-8"), "{e}");
    }

    #[test]
    fn utf16_without_a_mark_and_with_many_yi_is_read_in_the_right_order() {
        // Few line ends, many 一 (U+4E00, whose low byte is zero): as many
        // zero bytes on the wrong side as on the right.
        let text = "一、一是一以贯之一心一意一往无前一鼓作气一马当先\n";
        for big_endian in [false, true] {
            let d = decode(&utf16(text, big_endian, false)).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.encoding, if big_endian { "UTF-16BE" } else { "UTF-16LE" });
        }
        let long = text.repeat(2000);
        assert_eq!(decode(&utf16(&long, false, false)).unwrap().text, long, "a longer one too");
    }

    #[test]
    fn zero_bytes_that_are_not_utf16_are_refused() {
        let e = decode(&vec![0u8; 1 << 20]).unwrap_err();
        assert!(e.to_string().contains("zero bytes"), "{e}");
        let mut bytes = "第一行\n第二行\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[0, 0, 0x01, 0x02, 0, 7]);
        let e = decode(&bytes).unwrap_err();
        assert_eq!(e.offset, "第一行\n第二行\n".len());
        assert!(e.to_string().starts_with("not text but binary data"), "{e}");
    }

    #[test]
    fn word_and_zip_files_are_named_not_read_as_text() {
        let doc = decode(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap_err();
        assert!(doc.to_string().starts_with("not text but an old Word (.doc)"), "{doc}");
        let zip = decode(b"PK\x03\x04rest").unwrap_err();
        assert!(zip.to_string().contains("rename it to .docx"), "{zip}");
    }

    #[test]
    fn any_bytes_decode_or_name_a_byte_inside_the_file() {
        // A small generator, so that the cases are the same on every run.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in 0..3000 {
            let len = (next() % 64) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if n % 3 == 0 {
                // Mostly GBK, cut anywhere: a lead byte may end the file.
                bytes = GB18030.encode("意识形态工作责任制落实情况报告").0[..(len % 30)].to_vec();
            }
            match decode(&bytes) {
                Ok(d) => assert!(!d.text.contains('\r'), "{bytes:?}"),
                Err(e) if e.looks_like.is_none() => {
                    assert!(e.offset < bytes.len() && bytes[e.offset] == e.byte, "{bytes:?}: {e:?}")
                }
                Err(_) => {}
            }
        }
    }
}
