//! Reading time and character count, CJK-aware: Chinese is counted by
//! characters, Latin script by words.

use crate::config::ReadingSpeed;

/// Counts of a page's plain text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TextStats {
    /// Chinese (and Japanese/Korean) characters, full-width punctuation included,
    /// as a Chinese word processor's 字数 counts them.
    pub cjk_chars: usize,
    /// Runs of Latin letters or digits.
    pub latin_words: usize,
}

impl TextStats {
    pub fn of(text: &str) -> TextStats {
        let mut stats = TextStats::default();
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                stats.cjk_chars += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    stats.latin_words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
        stats
    }

    pub fn add(&mut self, other: TextStats) {
        self.cjk_chars += other.cjk_chars;
        self.latin_words += other.latin_words;
    }

    /// The number of characters shown to readers: Chinese characters plus Latin words.
    pub fn chars(&self) -> usize {
        self.cjk_chars + self.latin_words
    }

    /// Minutes, unrounded: what study plans add up.
    pub fn exact_minutes(&self, speed: &ReadingSpeed) -> f64 {
        let cjk = self.cjk_chars as f64 / speed.cjk_per_minute.max(1) as f64;
        let latin = self.latin_words as f64 / speed.latin_words_per_minute.max(1) as f64;
        cjk + latin
    }

    /// Whole minutes, rounded up; at least one for any text.
    pub fn minutes(&self, speed: &ReadingSpeed) -> u32 {
        let total = self.exact_minutes(speed);
        if total == 0.0 {
            0
        } else {
            total.ceil().max(1.0) as u32
        }
    }
}

/// Han ideographs, kana, hangul and the CJK and full-width punctuation blocks.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F     // CJK symbols and punctuation
        | 0x3040..=0x30FF   // kana
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xAC00..=0xD7AF   // hangul
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFF01..=0xFF60   // full-width forms
        | 0x20000..=0x3134F // extensions B–G
    ) || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chinese_by_character_and_latin_by_word() {
        let table = [
            ("意识形态工作", 6, 0),
            ("意识形态，工作。", 8, 0),
            ("QQ群 2020年", 2, 2),
            ("Hello world", 0, 2),
            ("“一岗双责”", 6, 0),
            ("", 0, 0),
        ];
        for (text, cjk, latin) in table {
            let s = TextStats::of(text);
            assert_eq!((s.cjk_chars, s.latin_words), (cjk, latin), "{text:?}");
        }
    }

    #[test]
    fn minutes_use_the_configured_rates() {
        let speed = ReadingSpeed::default();
        let s = TextStats { cjk_chars: 3826, latin_words: 0 };
        assert_eq!(s.minutes(&speed), 13); // seed 004 says 3,826 characters ≈ 13 minutes
        let s = TextStats { cjk_chars: 0, latin_words: 400 };
        assert_eq!(s.minutes(&speed), 2);
        let fast = ReadingSpeed { cjk_per_minute: 500, latin_words_per_minute: 200 };
        assert_eq!(TextStats { cjk_chars: 1000, latin_words: 0 }.minutes(&fast), 2);
        assert_eq!(TextStats { cjk_chars: 10, latin_words: 0 }.minutes(&speed), 1);
        assert_eq!(TextStats::default().minutes(&speed), 0);
    }
}
