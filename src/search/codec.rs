//! How index files carry numbers and bytes. Small tables (`pages.js`,
//! `t2s.js`) hold numbers as varints of 5-bit digits written with the 64
//! base64 letters, the lower 32 ending a number and the upper 32 continuing
//! it: safe inside a JS string literal, about 1.3 characters for a small
//! number ([`push`]). Binary index files hold LEB128 varints ([`push_binary`])
//! and Rice codes ([`Bits`], page lists in [`PageList`]), carried as 15-bit
//! digits of a UTF-16 script ([`utf16_script`]). The browser reads each of
//! these in one place (search.js, "numbers").

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `n` to `out`, most significant digit first.
pub fn push(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = (n & 31) as u8;
        len += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let continues = if i > 0 { 32 } else { 0 };
        out.push(ALPHABET[(digits[i] | continues) as usize]);
    }
}

/// Appends pairs of numbers, in order of their first, as [`push`] numbers:
/// per pair the gap from the previous pair's first and the distance from
/// its first to its second, zigzag-signed (search.js reads them with
/// `S.numbers.pairs`).
pub fn push_pairs(out: &mut Vec<u8>, pairs: impl IntoIterator<Item = (u32, u32)>) {
    let mut last = 0;
    for (a, b) in pairs {
        push(out, a - last);
        let d = b as i64 - a as i64;
        push(out, if d < 0 { (-d * 2 - 1) as u32 } else { (d * 2) as u32 });
        last = a;
    }
}

/// Appends `n` as a binary varint (LEB128: 7 bits a byte, low bits first,
/// the high bit set on every byte but the last), for binary index files.
pub fn push_binary(out: &mut Vec<u8>, n: impl Into<u64>) {
    let mut n = n.into();
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The [`push_binary`] varint at `at`, and where the next thing starts;
/// `None` past the end.
pub(super) fn read_binary(bytes: &[u8], mut at: usize) -> Option<(u64, usize)> {
    let mut n = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(at)?;
        n |= ((b & 0x7f) as u64) << shift;
        at += 1;
        if b < 0x80 {
            break;
        }
    }
    Some((n, at))
}

/// `text` as UTF-16, little-endian, without a byte-order mark: how page
/// texts and the texts' dictionary are deflated.
pub fn utf16_le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The first code unit of a 15-bit digit in [`utf16_script`]: U+3000 to
/// U+AFFF hold no quote, backslash, line break or surrogate.
const WIDE_DIGIT: u16 = 0x3000;
/// The first code unit of a last digit holding 7 bits or fewer (U+B000 to
/// U+B07F), so the browser knows where the bytes end.
const LAST_DIGIT: u16 = 0xB000;

/// A script file in UTF-16 (little-endian, with the byte-order mark the
/// browser reads it by): `before`, the bytes as one string literal's worth
/// of 15-bit digits, `after`. Two bytes carry 15 bits, against 13.3 for
/// basE91 in two ASCII bytes: binary index files are 13% smaller.
pub fn utf16_script(before: &str, bytes: &[u8], after: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + 2 * (before.len() + after.len()) + bytes.len() * 16 / 15 + 4);
    out.extend_from_slice(&[0xff, 0xfe]);
    let mut unit = |u: u16| out.extend_from_slice(&u.to_le_bytes());
    before.encode_utf16().for_each(&mut unit);
    let (mut bits, mut n) = (0u32, 0u32);
    for &b in bytes {
        bits |= (b as u32) << n;
        n += 8;
        if n >= 15 {
            unit(WIDE_DIGIT + (bits & 0x7fff) as u16);
            bits >>= 15;
            n -= 15;
        }
    }
    match n {
        0 => {}
        1..=7 => unit(LAST_DIGIT + bits as u16),
        _ => unit(WIDE_DIGIT + bits as u16),
    }
    after.encode_utf16().for_each(&mut unit);
    out
}

/// The bytes of the 15-bit digits of [`utf16_script`] (search.js does the same).
pub fn utf16_digits(units: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(units.len() * 15 / 8);
    let (mut bits, mut n) = (0u32, 0u32);
    for &u in units {
        let (digit, width) = if u >= LAST_DIGIT { (u - LAST_DIGIT, 7) } else { (u - WIDE_DIGIT, 15) };
        bits |= (digit as u32) << n;
        n += width;
        while n >= 8 {
            out.push(bits as u8);
            bits >>= 8;
            n -= 8;
        }
    }
    out
}

/// Decodes a whole string (the browser does the same in search.js).
pub fn decode(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut n = 0u32;
    for b in s.bytes() {
        let v = ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as u32;
        n = (n << 5) | (v & 31);
        if v < 32 {
            out.push(n);
            n = 0;
        }
    }
    out
}

/// The Rice parameter for numbers of this (sum, count): the floor of the
/// base-2 logarithm of their mean, within 0.01% of the best on 10,000 pages.
pub(super) fn rice_parameter((sum, count): (u64, u64)) -> u8 {
    (sum / count.max(1)).max(1).ilog2() as u8
}

/// Bits written from the lowest bit of each byte up (search.js, riceReader).
#[derive(Default)]
pub(super) struct Bits {
    bytes: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl Bits {
    /// The low `width` bits of `value`, at most 32 (fewer than 32 bits are
    /// pending between calls, and whole 32-bit words are written at once).
    fn push(&mut self, value: u64, width: u32) {
        self.pending |= value << self.pending_bits;
        self.pending_bits += width;
        if self.pending_bits >= 32 {
            self.bytes.extend_from_slice(&(self.pending as u32).to_le_bytes());
            self.pending >>= 32;
            self.pending_bits -= 32;
        }
    }

    /// `value` as a Rice code with parameter `k`: `value >> k` one bits, a
    /// zero bit, then the low `k` bits.
    pub(super) fn rice(&mut self, value: u32, k: u8) {
        let ones = value >> k;
        let low = value as u64 & ((1u64 << k) - 1);
        if ones + 1 + k as u32 <= 32 {
            self.push(((1u64 << ones) - 1) | (low << (ones + 1)), ones + 1 + k as u32);
            return;
        }
        let mut ones = ones;
        while ones >= 32 {
            self.push(0xFFFF_FFFF, 32);
            ones -= 32;
        }
        self.push((1u64 << ones) - 1, ones);
        self.push(low << 1, 1 + k as u32);
    }

    /// Whole bytes written so far.
    pub(super) fn len(&self) -> usize {
        self.bytes.len() + (self.pending_bits / 8) as usize
    }

    /// The whole 32-bit words written so far, taken: the bits after them
    /// stay, to go on with.
    pub(super) fn take_words(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// The bytes so far, the last one padded with zero bits; starts afresh.
    pub(super) fn finish(&mut self) -> Vec<u8> {
        let whole = self.pending_bits.div_ceil(8) as usize;
        self.bytes.extend_from_slice(&self.pending.to_le_bytes()[..whole]);
        (self.pending, self.pending_bits) = (0, 0);
        std::mem::take(&mut self.bytes)
    }
}

/// A page list as the browser reads it (search.js, pageListAt and
/// decodePageList): the number of pages, two Rice parameters, the length of
/// the data, then per page, Rice codes of the gap from the previous page and
/// of the count less one, doubled, plus one when an occurrence is in the
/// title. Numbers are kept until [`PageList::finish`] knows the parameters,
/// as LEB128 bytes (about 2 a page against 8 as two `u32`: on 100,000
/// pages, the lists of strings held 400 MB of them).
#[derive(Default)]
pub(super) struct PageList {
    next_page: u32,
    /// The pages so far, and the sum of each of their two numbers.
    count: u32,
    sums: [u64; 2],
    numbers: Numbers,
    pub(super) bytes: Vec<u8>,
}

impl PageList {
    pub(super) fn add(&mut self, page: u32, count: u32, in_title: bool) {
        let numbers = [page - self.next_page, ((count - 1) << 1) | in_title as u32];
        for (n, sum) in numbers.into_iter().zip(&mut self.sums) {
            *sum += n as u64;
            self.numbers.push(n as u64);
        }
        self.count += 1;
        self.next_page = page + 1;
    }

    pub(super) fn finish(&mut self) {
        let count = self.count as u64;
        let rice = self.sums.map(|sum| rice_parameter((sum, count)));
        let mut bits = Bits::default();
        // A page's gap, then its count.
        for (n, &k) in self.numbers.iter().zip(rice.iter().cycle()) {
            bits.rice(n as u32, k);
        }
        self.bytes = page_list_bytes(self.count, rice, &bits.finish());
        self.numbers = Numbers::default();
    }
}

/// Numbers kept compact until they are read back in order, as
/// [`push_binary`] varints. What is held a long time (live preview's
/// caches) or in great numbers (page lists being made) is kept so.
#[derive(Default)]
pub(super) struct Numbers {
    bytes: Vec<u8>,
    len: usize,
}

impl Numbers {
    pub(super) fn push(&mut self, n: u64) {
        push_binary(&mut self.bytes, n);
        self.len += 1;
    }

    /// How many numbers it holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Its bytes.
    #[cfg(test)]
    pub(super) fn bytes_len(&self) -> usize {
        self.bytes.len()
    }

    /// The numbers, in the order they were pushed.
    pub(super) fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (n, next) = read_binary(&self.bytes, at)?;
            at = next;
            Some(n)
        })
    }
}

/// A page list's bytes: its number of pages, its two Rice parameters, the
/// length of its data, then the data.
pub(super) fn page_list_bytes(pages: u32, rice: [u8; 2], data: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(data.len() + 8);
    push_binary(&mut bytes, pages);
    bytes.extend_from_slice(&rice);
    push_binary(&mut bytes, data.len() as u32);
    bytes.extend_from_slice(data);
    bytes
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 65_535, 1_000_000, u32::MAX];
        let mut out = Vec::new();
        for n in numbers {
            push(&mut out, n);
        }
        let s = String::from_utf8(out).unwrap();
        assert_eq!(decode(&s), numbers);
        let mut small = Vec::new();
        push(&mut small, 17);
        assert_eq!(small.len(), 1);
    }

    #[test]
    fn utf16_digits_round_trip_at_every_length() {
        let bytes: Vec<u8> = (0..64u32).map(|i| (i * 37 + 11) as u8).collect();
        for len in 0..bytes.len() {
            let script = utf16_script("f('", &bytes[..len], "');");
            assert_eq!(script[..2], [0xff, 0xfe]);
            let units: Vec<u16> = script[2..].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
            let text = String::from_utf16(&units).unwrap();
            let digits: Vec<u16> = text["f('".len()..text.len() - "');".len()].encode_utf16().collect();
            assert!(digits.iter().all(|&u| (0x3000..0xb080).contains(&u)), "{len}");
            assert_eq!(digits.len(), (len * 8).div_ceil(15), "{len}");
            assert_eq!(utf16_digits(&digits), &bytes[..len], "{len}");
        }
    }

    #[test]
    fn binary_varints_take_seven_bits_a_byte() {
        let cases: [(u32, &[u8]); 5] = [
            (0, &[0]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (300, &[0xac, 0x02]),
            (u32::MAX, &[0xff, 0xff, 0xff, 0xff, 0x0f]),
        ];
        for (n, bytes) in cases {
            let mut out = Vec::new();
            push_binary(&mut out, n);
            assert_eq!(out, bytes, "{n}");
        }
    }

    /// Reads one code for each of these parameters, as search.js (riceReader) does.
    pub(in crate::search) fn read_codes(bytes: &[u8], ks: &[u8]) -> Vec<u32> {
        let mut bit_at = 0;
        let mut bit = || {
            let b = bytes[bit_at / 8] >> (bit_at % 8) & 1;
            bit_at += 1;
            b as u32
        };
        ks.iter()
            .map(|&k| {
                let mut q = 0;
                while bit() == 1 {
                    q += 1;
                }
                let r = (0..k).fold(0, |r, j| r | bit() << j);
                (q << k) + r
            })
            .collect()
    }

    /// A LEB128 varint at `at`, and where the next thing starts.
    pub(in crate::search) fn read_varint(bytes: &[u8], at: usize) -> (u32, usize) {
        let (n, at) = read_binary(bytes, at).expect("a varint before the end");
        (n as u32, at)
    }

    #[test]
    fn rice_codes_are_written_from_the_lowest_bit_and_read_back() {
        let mut bits = Bits::default();
        bits.rice(5, 1);
        // 5 >> 1 = 2 ones, a zero, then the low bit 1: 1,1,0,1 from bit 0 up.
        assert_eq!(bits.finish(), [0b1011]);
        let values: Vec<u32> = (0..500u32).map(|i| i * i % 997 + (i % 7) * 40_000).collect();
        for k in [0, 3, 9, 17] {
            let mut bits = Bits::default();
            values.iter().for_each(|&v| bits.rice(v, k));
            assert_eq!(read_codes(&bits.finish(), &vec![k; values.len()]), values, "k = {k}");
        }
        // Whole bytes so far count, those still pending too (chunks are cut by it).
        let mut bits = Bits::default();
        (0..15).for_each(|_| bits.rice(0, 2));
        assert_eq!(bits.len(), 45 / 8);
        assert_eq!(bits.finish().len(), 6);
        assert_eq!(rice_parameter((0, 0)), 0);
        assert_eq!(rice_parameter((1000, 10)), 6, "mean 100: 2^6 = 64 <= 100 < 128");
    }

    #[test]
    fn numbers_kept_as_leb128_read_back() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX as u64, u64::MAX];
        let mut kept = Numbers::default();
        numbers.iter().for_each(|&n| kept.push(n));
        assert_eq!(kept.bytes.len(), 1 + 1 + 1 + 2 + 2 + 2 + 3 + 5 + 10);
        assert_eq!(kept.len(), numbers.len());
        assert_eq!(kept.iter().collect::<Vec<_>>(), numbers);
    }

    #[test]
    fn a_page_list_holds_its_length_parameters_and_rice_codes() {
        let mut list = PageList::default();
        for (page, count, in_title) in [(3, 1, false), (4, 2, true), (10, 5, false)] {
            list.add(page, count, in_title);
        }
        list.finish();
        let b = &list.bytes;
        assert_eq!(b[0], 3, "three pages");
        let (gap_k, more_k, len) = (b[1], b[2], b[3] as usize);
        assert_eq!(len, b.len() - 4);
        // Read in turn, as search.js (decodePageList) does.
        let mut bits = Bits::default();
        for (gap, more) in [(3, 0), (0, 3), (5, 8)] {
            bits.rice(gap, gap_k);
            bits.rice(more, more_k);
        }
        assert_eq!(&b[4..], bits.finish(), "gaps 3, 0, 5; counts less one, doubled, plus title: 0, 3, 8");
    }
}
