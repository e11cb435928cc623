//! Tests of reading a .docx, and the helpers that make one from XML parts
//! (the tests of styles and numbering use them too).

use super::*;
use std::io::Write;

/// A .docx file of these parts (name, XML), as Word lays them out.
pub fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

pub fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    )
}

pub fn paragraphs(blocks: &[Block]) -> Vec<(&str, Option<u8>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, level } => Some((text.as_str(), *level)),
            Block::Table(_) | Block::Picture { .. } | Block::Toc(_) => None,
        })
        .collect()
}

#[test]
fn reads_paragraphs_runs_and_what_a_reader_does_not_see() {
    let body = r#"
            <w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>关于加强</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">意识形态工作的 </w:t></w:r><w:r><w:br/><w:t>通知</w:t></w:r></w:p>
            <w:p><w:r><w:t>各单位：&amp;现将</w:t></w:r><w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del><w:ins><w:r><w:t>新增的字</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
            <w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>末尾</w:t></w:r></w:p>
            <w:p/>"#;
    let styles = format!(
        r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style></w:styles>"#
    );
    let blocks = read(&docx(&[("word/document.xml", &document(body)), ("word/styles.xml", &styles)])).unwrap();
    assert_eq!(
        paragraphs(&blocks),
        [
            ("关于加强意识形态工作的 通知", Some(0)),
            ("各单位：&现将新增的字3", None),
            ("第一行", None),
            ("第二行 末尾", None),
            ("文本框", None),
        ]
    );
}

/// Word writes a text box twice, as a drawing and as the older VML shape
/// beside it (2016DS期中试卷.docx of lib-pku/libpku holds its 考场纪律 so):
/// its paragraphs come once, after the paragraph that anchors it, and a
/// second box of the same paragraph with text of its own comes too.
#[test]
fn a_text_box_comes_once_after_its_paragraph() {
    let text_box = |text: &str| {
        format!(
            r#"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p><w:p><w:r><w:t>二、不得</w:t><w:br/><w:t>交头接耳</w:t></w:r></w:p></w:txbxContent>"#
        )
    };
    let body = format!(
        r#"<w:p><w:r><w:t>试卷</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{}</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:pict><v:textbox>{}</v:textbox></w:pict></w:r></w:p><w:p><w:r><w:t>第一题</w:t></w:r></w:p>"#,
        text_box("一、考场纪律"),
        text_box("一、考场纪律"),
        text_box("装订线内&amp;不要答题")
    );
    let blocks = read(&docx(&[("word/document.xml", &document(&body))])).unwrap();
    assert_eq!(
        paragraphs(&blocks),
        [
            ("试卷", None),
            ("一、考场纪律", None),
            ("二、不得", None),
            ("交头接耳", None),
            ("装订线内&不要答题", None),
            ("二、不得", None),
            ("交头接耳", None),
            ("第一题", None),
        ]
    );
}

/// Footnotes and endnotes (中国哲学（下）复习纲要.docx of lib-pku/libpku):
/// marked where they are cited, numbered in that order, their text at the
/// end; Word's separator notes and a reference to no note leave nothing,
/// and the first paragraph, which may be the title, shows no mark.
#[test]
fn notes_are_marked_where_cited_and_come_at_the_end() {
    let body = r#"<w:p><w:r><w:t>复习纲要</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r></w:p><w:p><w:r><w:t>孝是无条件的</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>。</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="9"/></w:r></w:p><w:p><w:r><w:t>再论</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#;
    let footnotes = format!(
        r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见《论语》。</w:t></w:r></w:p></w:footnote><w:footnote w:id="3"><w:p><w:r><w:t>整理自《宋明理学十五讲》</w:t></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>比如，如果父亲不可爱</w:t></w:r></w:p><w:p><w:r><w:t>我们就可以不孝了吗？</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let endnotes = format!(
        r#"<w:endnotes {NS}><w:endnote w:id="1"><w:p><w:r><w:t>尾注&amp;一</w:t></w:r></w:p></w:endnote></w:endnotes>"#
    );
    let blocks = read(&docx(&[
        ("word/document.xml", &document(body)),
        ("word/footnotes.xml", &footnotes),
        ("word/endnotes.xml", &endnotes),
    ]))
    .unwrap();
    assert_eq!(
        paragraphs(&blocks),
        [
            ("复习纲要", None),
            ("孝是无条件的[2]。[3]", None),
            ("再论[4]", None),
            ("[1] 整理自《宋明理学十五讲》", None),
            ("[2] 比如，如果父亲不可爱 我们就可以不孝了吗？", None),
            ("[3] 尾注&一", None),
            ("[4] 见《论语》。", None),
        ]
    );
}

#[test]
fn tables_keep_their_rows_and_merged_cells() {
    let cell = |text: &str, span: u32| {
        let props = if span > 1 { format!(r#"<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>"#) } else { String::new() };
        format!("<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    };
    let body = format!(
        "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p><w:r><w:t>表后</w:t></w:r></w:p>",
        cell("序号", 1),
        cell("任务", 1),
        cell("责任单位", 1),
        cell("1", 1),
        cell("建立台账", 2)
    );
    let blocks = read(&docx(&[("word/document.xml", &document(&body))])).unwrap();
    assert_eq!(
        blocks[0],
        Block::Table(vec![
            vec!["序号".into(), "任务".into(), "责任单位".into()],
            vec!["1".into(), "建立台账".into(), String::new()]
        ])
    );
    assert_eq!(paragraphs(&blocks), [("表后", None)]);
}

#[test]
fn a_word_table_of_contents_is_one_block_apart_from_the_text() {
    let text = |t: &str| format!("<w:r><w:t>{t}</w:t></w:r>");
    let fld = |kind: &str| format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#);
    let code = |c: &str| format!("<w:r><w:instrText>{c}</w:instrText></w:r>");
    let styled = |style: &str, inner: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{inner}</w:p>"#);
    let page = |n: &str| {
        format!("{}{}{}{}{}", fld("begin"), code(" PAGEREF _Toc1 \\h "), fld("separate"), text(n), fld("end"))
    };
    // A TOC field over paragraphs of no TOC style, ending at the start of the first heading.
    let field = format!(
        "<w:p>{}</w:p><w:p>{}{}{}{}<w:r><w:tab/></w:r>{}</w:p><w:p>{}<w:r><w:tab/></w:r>{}</w:p>{}<w:p>{}</w:p>",
        text("目    录"),
        fld("begin"),
        code(r#" TOC \o "1-3" \h "#),
        fld("separate"),
        text("第一章 总则"),
        page("1"),
        text("第二章 职责"),
        page("2"),
        styled("1", &format!("{}{}", fld("end"), text("第一章 总则"))),
        text("正文。")
    );
    // Paragraphs styled toc 1 / 目录 2 alone (a style not in styles.xml known by its id), and a content control.
    let by_style = format!(
        "{}{}{}<w:p>{}</w:p>",
        styled("TOCHeading", &text("Contents")),
        styled("a5", &text("一、目标 3")),
        styled("TOC2", &text("（一）任务 4")),
        text("末段。")
    );
    let control = format!(
        r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent><w:p>{}</w:p><w:p>{}</w:p></w:sdtContent></w:sdt><w:p>{}</w:p>"#,
        text("目录"),
        text("附录 9"),
        text("附录正文。")
    );
    let styles = format!(
        r#"<w:styles {NS}><w:style w:styleId="1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="TOCHeading"><w:name w:val="TOC Heading"/></w:style><w:style w:styleId="a5"><w:name w:val="目录 1"/></w:style></w:styles>"#
    );
    let blocks = read(&docx(&[
        ("word/document.xml", &document(&format!("{field}{by_style}{control}"))),
        ("word/styles.xml", &styles),
    ]))
    .unwrap();
    let tocs: Vec<&Vec<String>> =
        blocks.iter().filter_map(|b| if let Block::Toc(e) = b { Some(e) } else { None }).collect();
    assert_eq!(
        tocs,
        [
            &vec!["目    录".to_string(), "第一章 总则 1".into(), "第二章 职责 2".into()],
            &vec!["Contents".to_string(), "一、目标 3".into(), "（一）任务 4".into()],
            &vec!["目录".to_string(), "附录 9".into()],
        ]
    );
    assert_eq!(
        paragraphs(&blocks),
        [("第一章 总则", Some(1)), ("正文。", None), ("末段。", None), ("附录正文。", None)],
        "the heading where the field ends stays; each heading comes once"
    );
}

#[test]
fn what_is_not_a_docx_says_so() {
    let e = read(b"plain text").unwrap_err();
    assert!(format!("{e:#}").contains("not a .docx file"), "{e:#}");
    let e = read(&docx(&[("other.xml", "<a/>")])).unwrap_err();
    assert!(e.to_string().contains("no word/document.xml"), "{e}");
    let e = read(&docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")])).unwrap_err();
    assert!(e.to_string().contains("not well-formed XML"), "{e}");
}

#[test]
fn pictures_come_after_their_paragraph_once_with_their_description() {
    let drawing = r#"<w:r><mc:AlternateContent><mc:Choice><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="组织架构图"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:imagedata r:id="rId7"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#;
    let linked =
        r#"<w:r><w:drawing><wp:docPr id="2" name="网图"/><a:blip r:link="rId9" r:embed="rId8"/></w:drawing></w:r>"#;
    let body = format!(
        "<w:p><w:r><w:t>见下图</w:t></w:r>{drawing}</w:p><w:p>{linked}</w:p><w:p><w:r><w:t>图后</w:t></w:r></w:p>"
    );
    let rels = r#"<Relationships><Relationship Id="rId7" Type="image" Target="media/image1.png"/><Relationship Id="rId8" Type="image" Target="https://example.com/a.png" TargetMode="External"/></Relationships>"#;
    let parts = [
        ("word/document.xml", document(&body)),
        ("word/_rels/document.xml.rels", rels.to_string()),
        ("word/media/image1.png", "PNG bytes".to_string()),
    ];
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, x)| (*n, x.as_str())).collect();
    let blocks = read(&docx(&parts)).unwrap();
    assert_eq!(
        blocks,
        [
            Block::Paragraph { text: "见下图".into(), level: None },
            Block::Picture { name: "image1.png".into(), bytes: b"PNG bytes".to_vec(), alt: "组织架构图".into() },
            Block::Paragraph { text: "图后".into(), level: None },
        ],
        "one picture for the drawing and its fallback; none for one linked from the web"
    );
}

#[test]
fn a_cut_or_damaged_file_is_an_error_not_a_crash() {
    let body = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="9"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>甲&amp;乙</w:t><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/></w:tcPr><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"#;
    let xml = document(body);
    assert!(read(&docx(&[("word/document.xml", &xml)])).is_ok());
    for cut in (0..xml.len()).step_by(5).filter(|&c| xml.is_char_boundary(c)) {
        let _ = read(&docx(&[("word/document.xml", &xml[..cut])]));
    }
    let file = docx(&[("word/document.xml", &xml)]);
    for at in (0..file.len()).step_by(3) {
        let mut damaged = file.clone();
        damaged[at] ^= 0x5A;
        let _ = read(&damaged);
    }
}
