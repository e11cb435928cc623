//! Hashing, for every stage: a 64-bit hash of what something is made from,
//! to tell when it changed (live preview reuses what did not), and its
//! fingerprint in hex, for names and versions that change with the content.
//! In: any `Hash` value. Out: a `u64` or 16 hex digits.

use std::hash::{Hash, Hasher};

/// A 64-bit hash, for telling whether what something is made from changed.
pub fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// [`hash`] as 16 hex digits: a name or version that changes with `value`.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> String {
    format!("{:016x}", hash(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_the_hash_in_sixteen_hex_digits() {
        assert_eq!(hash("甲"), hash("甲"));
        assert_ne!(hash("甲"), hash("乙"));
        let f = fingerprint("甲");
        assert_eq!(f.len(), 16);
        assert_eq!(u64::from_str_radix(&f, 16).unwrap(), hash("甲"));
    }
}
