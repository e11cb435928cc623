//! The three kinds of document in a study library: each kind's name (in
//! front matter, folder names, URLs and the search index) and its label in
//! each language (学习资料 / 规章制度 / 实施方案), written here once.

use crate::config::Language;
use serde::Serialize;

/// The three kinds of document in a study library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Study,
    Rule,
    Plan,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Study, Kind::Rule, Kind::Plan];

    /// The name, the Chinese label and the English label.
    const fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Study => ("study", "学习资料", "Study materials"),
            Kind::Rule => ("rule", "规章制度", "Rules"),
            Kind::Plan => ("plan", "实施方案", "Plans"),
        }
    }

    /// A kind by its name or its Chinese label, as front matter, a folder
    /// or `--kind` may give it.
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL.into_iter().find(|k| k.as_str() == s || k.label(Language::Chinese) == s)
    }

    /// `study`, `rule` or `plan`.
    pub const fn as_str(self) -> &'static str {
        self.words().0
    }

    /// 学习资料 / 规章制度 / 实施方案, or their English labels.
    pub const fn label(self, language: Language) -> &'static str {
        let (_, zh, en) = self.words();
        match language {
            Language::Chinese => zh,
            Language::English => en,
        }
    }

    /// `study (学习资料), rule (规章制度), plan (实施方案)`: every kind, for
    /// a message that lists them.
    pub fn choices() -> String {
        let each: Vec<String> =
            Kind::ALL.iter().map(|k| format!("{} ({})", k.as_str(), k.label(Language::Chinese))).collect();
        each.join(", ")
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_named_by_its_name_or_its_chinese_label() {
        for (text, want) in [
            ("study", Some(Kind::Study)),
            (" rule ", Some(Kind::Rule)),
            ("实施方案", Some(Kind::Plan)),
            ("规章制度", Some(Kind::Rule)),
            ("Rules", None),
            ("Study", None),
            ("", None),
        ] {
            assert_eq!(Kind::parse(text), want, "{text:?}");
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        assert_eq!(Kind::choices(), "study (学习资料), rule (规章制度), plan (实施方案)");
        assert_eq!(Kind::Plan.label(Language::English), "Plans");
    }
}
