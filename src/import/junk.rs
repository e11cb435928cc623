//! Junk lines left in documents scraped from download sites: notices and
//! disclaimers, customer-service QQ numbers, "scan to get a gift" lines,
//! word and reading-time counters. Each match names why it is junk, for the
//! import report.

use regex::Regex;
use std::sync::LazyLock;

/// Lines longer than this are text, whatever words they contain: junk lines are short.
const MAX_NOTICE_CHARS: usize = 160;
/// Share and scan prompts are shorter still.
const MAX_PROMPT_CHARS: usize = 30;

struct Rule {
    reason: &'static str,
    pattern: Regex,
    max_chars: usize,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |reason, pattern: &str, max_chars| Rule { reason, pattern: Regex::new(pattern).unwrap(), max_chars };
    vec![
        // A download site's service number, not anybody's QQ: a 通知's
        // `联系人：王老师，QQ：3531890582` is the document's own.
        rule("customer-service QQ number", r"(?i)客服\s*(QQ|微信|电话)?\s*[:：]?\s*\d{5,}", MAX_NOTICE_CHARS),
        rule(
            "download-site notice",
            r"本文档|本站|网站客服|文库|版权归属|收益归属|版权争议|付费之前|免费下载|下载本文|记住我",
            MAX_NOTICE_CHARS,
        ),
        rule(
            "word or reading-time counter",
            r"共计\s*\d+\s*个?字|预计阅读|阅读时长|字数\s*[:：]\s*\d+",
            MAX_NOTICE_CHARS,
        ),
        rule("file size or page count", r"^\d+(\.\d+)?\s*(KB|MB|kb|mb|页)$", MAX_PROMPT_CHARS),
        rule("upload date notice", r"^\d{4}-\d{1,2}-\d{1,2}\s*发布$", MAX_PROMPT_CHARS),
        rule("scan, gift, share or bookmark prompt", r"扫码|扫一扫|领取福利|福利|收藏|分享|转发", MAX_PROMPT_CHARS),
        rule("stray number", r"^\d{5,}$", MAX_PROMPT_CHARS),
    ]
});

/// Why `line` is junk, or `None` when it is text to keep.
pub fn junk_reason(line: &str) -> Option<&'static str> {
    let core = strip_list_marker(line.trim());
    if core.is_empty() {
        return None;
    }
    let chars = core.chars().count();
    RULES
        .iter()
        .find(|r| chars <= r.max_chars && r.pattern.is_match(core) && !looks_numbered(core, r.max_chars))
        .map(|r| r.reason)
}

/// Sentences a download site adds to real text ("以下是为大家整理的……，欢迎品鉴！").
static BLURB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"希望对大家有所帮助|希望能帮助到大家|仅供参考|下面是小编|小编为大家|欢迎阅读|欢迎大家阅读|欢迎品鉴|参考查阅|为大家整理|为大家收集|以下是.{0,12}整理").unwrap()
});

pub const BLURB_REASON: &str = "site blurb";

/// Splits the site's blurb sentences off a line: returns the text to keep
/// and the sentences removed, or `None` when there is no blurb.
pub fn strip_blurb(line: &str) -> Option<(String, String)> {
    if !BLURB.is_match(line) {
        return None;
    }
    let mut kept = String::new();
    let mut removed = String::new();
    for sentence in line.split_inclusive(['。', '！', '!', '？', '?']) {
        if BLURB.is_match(sentence) {
            removed.push_str(sentence);
        } else {
            kept.push_str(sentence);
        }
    }
    Some((kept.trim().to_string(), removed))
}

/// A numbered heading such as `（三）经验分享` is text even when short.
fn looks_numbered(core: &str, max_chars: usize) -> bool {
    max_chars == MAX_PROMPT_CHARS && super::structure::numbering(core).is_some()
}

/// Scraped pages keep their list bullets (`•`, `1.`): look past them.
fn strip_list_marker(line: &str) -> &str {
    let line = line.trim_start_matches(['•', '·', '●', '◆', '■', '-', '*', ' ', '\u{3000}']);
    let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits < 3 && line[digits..].starts_with(". ") {
        return line[digits + 2..].trim_start();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrape_junk_is_found() {
        let junk = [
            "• 44.11 KB",
            "  • 2022-03-28 发布",
            "  • 6页",
            "  • 当前文档由用户上传发布,收益归属用户",
            "  1. 1、本文档由用户上传,淘文库整理发布,可阅读全部内容。",
            "  4. 网站客服QQ:403074932",
            "客服QQ：403074932",
            "客服:403074932",
            "文似观山不喜平 — — 观山文库◆记住我,来上我~",
            "admin 分享 时间: 加入收藏 共计3826个字,预计阅读时长13分钟",
            "221381",
            "领取福利",
            "微信扫码领取福利",
            "微信扫码分享",
        ];
        for line in junk {
            assert!(junk_reason(line).is_some(), "should be junk: {line:?}");
        }
    }

    #[test]
    fn blurb_sentences_are_cut_from_real_text() {
        let (kept, removed) =
            strip_blurb("网络意识形态是一种特殊的社会实践形式。以下是为大家整理的关于,欢迎品鉴!").unwrap();
        assert_eq!(kept, "网络意识形态是一种特殊的社会实践形式。");
        assert!(removed.contains("欢迎品鉴"));
        let (kept, _) = strip_blurb("接下来是一些建议和经验分享,希望对大家有所帮助。").unwrap();
        assert_eq!(kept, "");
        assert_eq!(strip_blurb("加强理论学习。"), None);
    }

    #[test]
    fn real_text_is_kept() {
        let text = [
            "2020年X市人大机关党组关于落实意识形态工作责任制情况的报告",
            "一、主要做法",
            "（三）经验分享",
            "2021年度落实意识形态工作责任制述职报告",
            "中共XX市委:",
            "积极引导人大代表利用QQ、微信等网络平台抵制网络不良言行,营造良好的网络环境。",
            // A contact list of a real 通知 (zhihu-mclub/rules-and-reports, 附件1.docx).
            "QQ:3531890582",
            "联系人：王老师，QQ：12345678，电话：010-62751234",
            "成立以街道党工委书记为组长,领导班子各成员和各科室负责人为成员的意识形态和网络安全领导小组,意识形态领导小组办公室和网络安全领导办公室设在党政办,在党工委统一领导下,履行指导、组织、协调、督查和抓好落实的职责(附件)。",
            "2025",
        ];
        for line in text {
            assert_eq!(junk_reason(line), None, "should be kept: {line:?}");
        }
    }
}
