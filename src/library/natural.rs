//! Natural order of titles: numbers compare by their value, whether
//! written in digits or in Chinese numerals, so 第2条 comes before 第10条
//! and 第二章 before 第十章; everything else compares character by character.

use std::cmp::Ordering;

/// Compares two titles in natural order.
pub fn cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (Tokens(a), Tokens(b));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x, y) {
                    (Token::Number(vx, tx), Token::Number(vy, ty)) => vx.cmp(&vy).then_with(|| tx.cmp(ty)),
                    (x, y) => x.text().cmp(y.text()),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[derive(Debug)]
enum Token<'a> {
    /// A run of digits or of Chinese numerals, with its value.
    Number(u128, &'a str),
    /// Any other character.
    Char(&'a str),
}

impl<'a> Token<'a> {
    fn text(&self) -> &'a str {
        match self {
            Token::Number(_, t) | Token::Char(t) => t,
        }
    }
}

struct Tokens<'a>(&'a str);

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let s = self.0;
        let first = s.chars().next()?;
        let run_of = |is: fn(char) -> bool| s.find(|c: char| !is(c)).unwrap_or(s.len());
        let (len, value) = if first.is_ascii_digit() {
            let len = run_of(|c| c.is_ascii_digit());
            let digits = s[..len].trim_start_matches('0');
            // Longer than u128 holds: compare as the largest, then by text.
            (len, digits.parse::<u128>().unwrap_or(if digits.is_empty() { 0 } else { u128::MAX }))
        } else if chinese_digit(first).is_some() || is_chinese_unit(first) {
            let len = run_of(|c| chinese_digit(c).is_some() || is_chinese_unit(c));
            match chinese_value(&s[..len]) {
                Some(v) => (len, v),
                None => (first.len_utf8(), u128::MAX),
            }
        } else {
            let len = first.len_utf8();
            self.0 = &s[len..];
            return Some(Token::Char(&s[..len]));
        };
        self.0 = &s[len..];
        Some(Token::Number(value, &s[..len]))
    }
}

fn chinese_digit(c: char) -> Option<u128> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_chinese_unit(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// `十一` → 11, `二十` → 20, `一百零五` → 105, `二〇二一` → 2021 (digits
/// without units are read one by one, as years are written).
fn chinese_value(s: &str) -> Option<u128> {
    if !s.chars().any(is_chinese_unit) {
        return s.chars().try_fold(0u128, |n, c| n.checked_mul(10)?.checked_add(chinese_digit(c)?));
    }
    let (mut total, mut section, mut digit) = (0u128, 0u128, 0u128);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = d;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => 100_000_000,
        };
        if unit >= 10_000 {
            total = (total + section + digit).checked_mul(unit)?;
            section = 0;
        } else {
            section += if digit == 0 { 1 } else { digit } * unit;
        }
        digit = 0;
    }
    Some(total + section + digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        for (s, want) in
            [("十", 10), ("十一", 11), ("二十", 20), ("一百零五", 105), ("二〇二一", 2021), ("三千万", 30_000_000)]
        {
            assert_eq!(chinese_value(s), Some(want), "{s}");
        }
    }

    #[test]
    fn titles_in_natural_order() {
        let mut titles = vec![
            "第10条",
            "第2条",
            "第十章",
            "第二章",
            "第1条",
            "附则",
            "10 篇",
            "2 篇",
            "第十一章",
            "第九章",
            "v1.10",
            "v1.9",
            "刑法修正案（十一）",
            "刑法修正案（九）",
        ];
        titles.sort_by(|a, b| cmp(a, b));
        // Digits and Chinese numerals compare by value alike: 第九章 (9) before 第10条.
        let want = [
            "2 篇",
            "10 篇",
            "v1.9",
            "v1.10",
            "刑法修正案（九）",
            "刑法修正案（十一）",
            "第1条",
            "第2条",
            "第二章",
            "第九章",
            "第10条",
            "第十章",
            "第十一章",
            "附则",
        ];
        assert_eq!(titles, want);
    }

    #[test]
    fn equal_text_is_equal_and_order_is_total() {
        assert_eq!(cmp("第2条", "第2条"), Ordering::Equal);
        assert_eq!(cmp("第02条", "第2条"), Ordering::Less);
        assert_eq!(cmp("a", "ab"), Ordering::Less);
    }
}
