use super::*;

fn clean(pieces: &[&str]) -> (String, Vec<Removed>) {
    let mut f = ScriptFilter::default();
    let mut out = Filtered::default();
    for p in pieces {
        let mut r = f.filter(p);
        out.html.push_str(&r.html);
        out.removed.append(&mut r.removed);
    }
    let mut r = f.finish();
    out.html.push_str(&r.html);
    out.removed.append(&mut r.removed);
    (out.html, out.removed)
}

/// Shapes from OWASP's XSS filter evasion cheat sheet (and a few
/// parser-differential ones): what is left of each.
#[test]
fn owasp_filter_evasion_shapes_are_removed() {
    let table: &[(&str, &str)] = &[
        (r#"<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>"#, ""),
        (r#"<script>alert('XSS')</script>后文"#, "后文"),
        (r#"<ScRiPt>alert(1)</sCrIpT >x"#, "x"),
        (r#"<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>"#, ""),
        (r#"<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>"#, ""),
        (r#"<<SCRIPT>alert("XSS");//\<</SCRIPT>"#, "&lt;"),
        (r#"<SCRIPT SRC=http://xss.rocks/xss.js?< B >"#, ""),
        (r#"<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>"#, r#"<IMG """>"\>"#),
        (r#"<IMG SRC="javascript:alert('XSS');">"#, "<IMG>"),
        (r#"<IMG SRC=javascript:alert('XSS')>"#, "<IMG>"),
        (r#"<IMG SRC=JaVaScRiPt:alert('XSS')>"#, "<IMG>"),
        (r#"<IMG SRC=`javascript:alert("RSnake says, 'XSS'")`>"#, r#"<IMG says, 'XSS'")`>"#),
        (r#"<a onmouseover="alert(document.cookie)">xxs link</a>"#, "<a>xxs link</a>"),
        (r#"<a onmouseover=alert(document.cookie)>xxs link</a>"#, "<a>xxs link</a>"),
        (r#"<IMG SRC=# onmouseover="alert('xxs')">"#, "<IMG SRC=#>"),
        (r#"<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>"#, "<IMG SRC=/></img>"),
        (
            r#"<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">"#,
            "<img src=x>",
        ),
        (
            r#"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>"#,
            "<IMG>",
        ),
        (
            r#"<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097>"#,
            "<IMG>",
        ),
        (r#"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74>"#, "<IMG>"),
        (r#"<IMG SRC="jav	ascript:alert('XSS');">"#, "<IMG>"),
        (r#"<IMG SRC="jav&#x09;ascript:alert('XSS');">"#, "<IMG>"),
        (r#"<IMG SRC="jav&#x0A;ascript:alert('XSS');">"#, "<IMG>"),
        (r#"<IMG SRC="jav&#x0D;ascript:alert('XSS');">"#, "<IMG>"),
        (r#"<IMG SRC=" &#14;  javascript:alert('XSS');">"#, "<IMG>"),
        (r#"<a href="jav&Tab;ascript&colon;alert(1)">x</a>"#, "<a>x</a>"),
        (r#"<a href="&#1;javascript:alert(1)">x</a>"#, "<a>x</a>"),
        (r#"<a href=" vbscript:msgbox(1)">x</a>"#, "<a>x</a>"),
        (r#"<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>"#, "<iframe></iframe>"),
        (r#"<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=alert("XSS")>"#, r#"<BODY/|\]^`=alert("XSS")>"#),
        (r#"<BODY ONLOAD=alert('XSS')>"#, "<BODY>"),
        (r#"<svg/onload=alert('XSS')>"#, "<svg>"),
        (r#"<svg><script>alert(1)</script></svg>"#, "<svg></svg>"),
        (r#"<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>"#, "<svg><a><text>x</text></a></svg>"),
        (
            r#"<svg><a><animate attributeName="href" values="javascript:alert(1)"/></a></svg>"#,
            r#"<svg><a><animate attributeName="href"/></a></svg>"#,
        ),
        (
            r#"<svg><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
            r#"<svg><set attributeName="href"/></svg>"#,
        ),
        (r#"<form><button formaction="javascript:alert(1)">x</button></form>"#, "<form><button>x</button></form>"),
        (r#"<form action="javascript:alert(1)"><input type=submit></form>"#, "<form><input type=submit></form>"),
        (r#"<object data="javascript:alert(1)"></object>"#, "<object></object>"),
        (r#"<BASE HREF="javascript:alert('XSS');//">"#, "<BASE>"),
        (r#"<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">"#, r#"<META HTTP-EQUIV="refresh">"#),
        (r#"<DIV STYLE="background-image: url(javascript:alert('XSS'))">x</DIV>"#, "<DIV>x</DIV>"),
        (r#"<DIV STYLE="width: expression(alert('XSS'));">x</DIV>"#, "<DIV>x</DIV>"),
        (r#"<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>"#, "<iframe></iframe>"),
        (r#"<details open ontoggle=alert(1)>"#, "<details open>"),
        // Raw text ends where a browser ends it, inside a quoted value too.
        (
            r#"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
            r#"<noscript>&lt;p title="</noscript><img src=x>">"#,
        ),
        // And is cleaned as markup, for inside <svg> it is.
        (
            r#"<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">"#,
            r#"<svg></p><style>&lt;a id="</style><img src=1>">"#,
        ),
        (r#"<style><img src=x onerror=alert(1)></style>"#, "<style><img src=x></style>"),
        (
            r#"<style>p { color: red } <img src=x title="</style>" onerror=alert(1)>"#,
            r#"<style>p { color: red } &lt;img src=x title="</style>" onerror=alert(1)>"#,
        ),
        (
            r#"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"#,
            "<math><mtext><table><mglyph><style><img src=x>",
        ),
        (r#"<a title="<img src=x onerror=alert(1)>">x</a>"#, "<a>x</a>"),
        (r#"<svg><a title="</svg><img src=x onerror=alert(1)"></a>"#, "<svg><a></a>"),
        (r#"<a href onclick=x =javascript:alert(1)>x</a>"#, "<a>x</a>"),
        (r#"<</script>img src=x onerror=alert(1)>"#, "&lt;img src=x onerror=alert(1)>"),
        (r#"<<script>x</script>img src=x onerror=alert(1)>"#, "&lt;img src=x onerror=alert(1)>"),
        (r#"<textarea><script>alert(1)</script></textarea>"#, "<textarea></textarea>"),
    ];
    // (What is left of a tag escaped in raw text is text in every reading.)
    for (html, want) in table {
        let (got, removed) = clean(&[html]);
        assert_eq!(&got, want, "{html}");
        assert!(!removed.is_empty() || want.contains("&lt;"), "{html}: a warning");
        let lower = got.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{html}");
    }
}

#[test]
fn harmless_html_is_left_byte_for_byte() {
    for html in [
        r#"<a href="https://www.gov.cn" title="javascript: 入门">政府网</a>"#,
        r#"<img src="data:image/png;base64,AAAA" alt="one">"#,
        r#"<div class="note" data-on="x" style="color: red">注意</div>"#,
        "<details>\n<summary>点击展开</summary>\n",
        r#"<!-- <script>alert(1)</script> -->"#,
        "1 < 2 and 3 > 2 &amp; <br/> <hr>",
        r#"<p>javascript:alert(1) as text</p>"#,
        r#"<Badge type="tip" text="v1" />"#,
        "<style>.a > .b { color: red }</style>",
        "<!DOCTYPE html><?xml version=\"1.0\"?>",
        r#"<a href='javascript-guide.html'>x</a> <a href="notes/javascript:x.html">y</a>"#,
    ] {
        let (got, removed) = clean(&[html]);
        assert_eq!(got, html);
        assert!(removed.is_empty(), "{html}: {removed:?}");
    }
}

#[test]
fn what_was_removed_is_named() {
    let (_, removed) = clean(&[r#"<img src="javascript:x" onerror=y><script>z</script>"#]);
    assert_eq!(removed, [Removed::ScriptUrl("src".into()), Removed::Handler("onerror".into()), Removed::Script]);
}

#[test]
fn a_script_or_tag_over_several_pieces_is_removed_whole() {
    let table: &[(&[&str], &str)] = &[
        (&["<script>\n", "alert(1);\n", "</script>\n"], "\n"),
        (&["<div>\n", "<img src=x\n", "onerror=alert(1)>\n", "</div>\n"], "<div>\n<img src=x>\n</div>\n"),
        (&["<style>\n", "p { color: red }\n", "</style>\n"], "<style>\n p { color: red }\n</style>\n"),
        // A tag never finished at the block's end is closed there.
        (&["<img src=x onerror=\"alert(1)\""], "<img src=x>"),
    ];
    for (pieces, want) in table {
        let (got, _) = clean(pieces);
        assert_eq!(got.replace("\n p", "\np"), want.replace("\n p", "\np"), "{pieces:?}");
    }
}

#[test]
fn script_urls_as_a_browser_reads_them() {
    for url in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " \tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox",
        "data:text/html,<script>alert(1)</script>",
        "DATA: TEXT/HTML;base64,xx",
    ] {
        assert!(is_script_url(url), "{url}");
    }
    for url in
        ["https://a/javascript:x", "page.html#javascript:", "javascript", "data:image/png;base64,AA", "./javascript:x"]
    {
        assert!(!is_script_url(url), "{url}");
    }
}

/// Pieces of HTML mixed at random (seeded), handed over line by line as
/// pulldown-cmark does: the filter never panics, and what it leaves holds
/// nothing it would remove, read again.
#[test]
fn what_is_left_is_clean_however_it_is_read_again() {
    const PARTS: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "<script>",
        "</script>",
        "<SCRIPT ",
        "<style>",
        "</style>",
        "<svg>",
        "</svg>",
        "<noscript>",
        "</noscript>",
        "<!--",
        "-->",
        "<!x",
        "<a ",
        "<img ",
        " src=",
        " href=",
        " onerror=",
        " ONclick",
        "=",
        "\"",
        "'",
        "javascript:",
        "jav&#x09;ascript:",
        "&#106;",
        "&colon;",
        "x",
        "文字",
        "\n",
        " ",
        "`",
        "<a title=\"",
        "\">",
        "é",
    ];
    let mut seed: u64 = 13;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for _ in 0..5000 {
        let html: String = (0..1 + next(20)).map(|_| PARTS[next(PARTS.len())]).collect();
        let lines: Vec<&str> = html.split_inclusive('\n').collect();
        let (once, _) = clean(&lines);
        // (Read again it may escape more `<`, never remove more.)
        let (_, removed) = clean(&[&once]);
        assert!(removed.is_empty(), "{html:?} → {once:?} still holds {removed:?}");
        let (_, removed) = clean(&once.split_inclusive('\n').collect::<Vec<_>>());
        assert!(removed.is_empty(), "{html:?} → {once:?} still holds {removed:?}, line by line");
    }
}
