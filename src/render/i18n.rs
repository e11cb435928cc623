//! The theme's own words, in Simplified Chinese (the default) or English.
//! Templates read them as `t.<name>`.

use crate::content::Kind;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Words {
    pub lang: &'static str,
    pub home: &'static str,
    pub skip_to_content: &'static str,
    pub main_nav: &'static str,
    pub breadcrumbs: &'static str,
    pub study: &'static str,
    pub rule: &'static str,
    pub plan: &'static str,
    pub topics: &'static str,
    pub topic: &'static str,
    pub all_topics: &'static str,
    pub sections: &'static str,
    pub newest: &'static str,
    pub kinds: &'static str,
    pub contents: &'static str,
    pub issuer: &'static str,
    pub doc_number: &'static str,
    pub date: &'static str,
    pub effective: &'static str,
    pub reading_time: &'static str,
    pub minutes: &'static str,
    pub chars: &'static str,
    pub pages_unit: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub cited_by: &'static str,
    pub in_topic: &'static str,
    pub repealed: &'static str,
    pub revised: &'static str,
    pub superseded_by: &'static str,
    pub see_instead: &'static str,
    pub not_found: &'static str,
    pub not_found_hint: &'static str,
    pub no_pages: &'static str,
    pub tags: &'static str,
    pub generated_by: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub more: &'static str,
    pub needs_script: &'static str,
}

const ZH: Words = Words {
    lang: "zh-CN",
    home: "首页",
    skip_to_content: "跳到正文",
    main_nav: "主导航",
    breadcrumbs: "当前位置",
    study: "学习资料",
    rule: "规章制度",
    plan: "实施方案",
    topics: "专题",
    topic: "专题",
    all_topics: "全部专题",
    sections: "栏目",
    newest: "最新收录",
    kinds: "文档类别",
    contents: "目录",
    issuer: "发布单位",
    doc_number: "文号",
    date: "日期",
    effective: "施行日期",
    reading_time: "阅读时长",
    minutes: "分钟",
    chars: "字",
    pages_unit: "篇",
    previous: "上一篇",
    next: "下一篇",
    cited_by: "引用本文的文档",
    in_topic: "所属专题",
    repealed: "本文件已废止。",
    revised: "本文件已修订。",
    superseded_by: "现行文件：",
    see_instead: "请以现行文件为准。",
    not_found: "页面不存在",
    not_found_hint: "您要找的页面不存在或已移动。请从首页重新进入。",
    no_pages: "暂无文档。",
    tags: "标签",
    generated_by: "由书院生成",
    search: "搜索",
    search_placeholder: "搜索全文（按 / 键）",
    more: "显示更多",
    needs_script: "搜索需要浏览器启用 JavaScript。",
};

const EN: Words = Words {
    lang: "en",
    home: "Home",
    skip_to_content: "Skip to content",
    main_nav: "Main navigation",
    breadcrumbs: "Breadcrumbs",
    study: "Study materials",
    rule: "Rules",
    plan: "Plans",
    topics: "Topics",
    topic: "Topic",
    all_topics: "All topics",
    sections: "Sections",
    newest: "Newest additions",
    kinds: "Kinds of document",
    contents: "Contents",
    issuer: "Issuer",
    doc_number: "Document number",
    date: "Date",
    effective: "Effective",
    reading_time: "Reading time",
    minutes: "min",
    chars: "characters",
    pages_unit: "pages",
    previous: "Previous",
    next: "Next",
    cited_by: "Cited by",
    in_topic: "Topics",
    repealed: "This document has been repealed.",
    revised: "This document has been revised.",
    superseded_by: "Current version: ",
    see_instead: "Refer to the current version.",
    not_found: "Page not found",
    not_found_hint: "The page you are looking for does not exist or has moved. Start again from the home page.",
    no_pages: "No documents yet.",
    tags: "Tags",
    generated_by: "Built with shuyuan",
    search: "Search",
    search_placeholder: "Search (press /)",
    more: "Show more",
    needs_script: "Search needs JavaScript enabled in the browser.",
};

pub fn words(english: bool) -> &'static Words {
    if english {
        &EN
    } else {
        &ZH
    }
}

/// 学习资料 / 规章制度 / 实施方案 (or their English names).
pub fn kind_label(kind: Kind, english: bool) -> &'static str {
    let w = words(english);
    match kind {
        Kind::Study => w.study,
        Kind::Rule => w.rule,
        Kind::Plan => w.plan,
    }
}
