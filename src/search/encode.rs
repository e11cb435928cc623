//! Compact numbers for index files loaded as JavaScript strings: each
//! number is a varint of 5-bit digits written with the 64 base64 letters,
//! the lower 32 ending a number and the upper 32 continuing it. Safe inside
//! a JS string literal, about 1.3 characters for a small number.

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
