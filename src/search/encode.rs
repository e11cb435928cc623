//! How index files carry numbers and bytes. Small tables (`pages.js`,
//! `t2s.js`) hold numbers as varints of 5-bit digits written with the 64
//! base64 letters, the lower 32 ending a number and the upper 32 continuing
//! it: safe inside a JS string literal, about 1.3 characters for a small
//! number ([`push`]). Binary index files hold LEB128 varints and Rice codes
//! ([`push_binary`]), carried as 15-bit digits of a UTF-16 script
//! ([`utf16_script`]).

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

/// Appends `n` as a binary varint (LEB128: 7 bits a byte, low bits first,
/// the high bit set on every byte but the last), for binary index files.
pub fn push_binary(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
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

#[cfg(test)]
mod tests {
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
}
