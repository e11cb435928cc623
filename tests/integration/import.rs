//! `shuyuan import` on the real seed documents.

use crate::site::run;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A seed document of ../shared/seeds; `None` (the test skips, with a
/// note) in a copy without ../shared, except under `CI=true`.
fn seed(name: &str) -> Option<PathBuf> {
    crate::site::shared(&format!("seeds/{name}"))
}

fn import(args: &[&str], out: &Path) -> crate::site::Outcome {
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").args(args).arg("--out").arg(out));
    assert!(o.ok, "{}\n{}", o.stdout, o.stderr);
    o
}

#[test]
fn imports_a_scraped_report_and_reports_the_junk() {
    let dir = tempfile::tempdir().unwrap();
    let Some(seed) = seed("004_7ff4c97c35eb7a5e.txt") else { return };
    let o = import(&[seed.to_str().unwrap(), "--topic", "阵地建设"], dir.path());
    assert!(o.stdout.contains("removed 7 lines"), "{}", o.stdout);
    assert!(o.stdout.contains("004_7ff4c97c35eb7a5e.txt:1: download-site notice"), "{}", o.stdout);
    let file = dir.path().join("2022-nian-shang-ban-nian-luo-shi-yi-shi-xing-tai-gong-zuo-ze.md");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(
        md.starts_with("---\ntitle: 2022年上半年落实意识形态工作责任制情况报告\ndate: '2022'\nkind: study\n"),
        "{md}"
    );
    assert!(md.contains("\n## 一、2022年上半年意识形态工作情况\n"));
    assert!(md.contains("\n### （一）加强组织领导，夯实主体责任\n"));
    assert!(!md.contains("扫码") && !md.contains("观山文库") && !md.contains("221381"));
    let again = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&seed).arg("--out").arg(dir.path()));
    assert!(!again.ok && again.stderr.contains("already exists"), "never overwrites silently");
}

#[test]
fn splits_the_compilation_into_17_plans() {
    let dir = tempfile::tempdir().unwrap();
    let Some(seed) = seed("002_e9c177ea97f7c828.txt") else { return };
    import(&[seed.to_str().unwrap(), "--split"], dir.path());
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 17);
    let last = std::fs::read_to_string(dir.path().join("wang-luo-yi-shi-xing-tai-fang-an-pian-shi-qi.md")).unwrap();
    assert!(
        last.contains("title: 网络意识形态方案篇十七") && last.contains("kind: plan") && last.contains("weight: 17")
    );
    assert!(last.contains("## 二、存在的问题"), "{last}");
}

#[test]
fn untitled_document_takes_the_given_title() {
    let dir = tempfile::tempdir().unwrap();
    let Some(seed) = seed("003_b47777aa58127f19.txt") else { return };
    import(&[seed.to_str().unwrap(), "--title", "2025年XX市人大办公室意识形态工作要点"], dir.path());
    let md =
        std::fs::read_to_string(dir.path().join("2025-nian-xx-shi-ren-da-ban-gong-shi-yi-shi-xing-tai-gong-zuo.md"))
            .unwrap();
    assert!(md.contains("kind: plan") && md.contains("date: '2025'"));
    assert!(md.contains("#### 1\\.深入学习贯彻习近平新时代中国特色社会主义思想\n"), "{md}");
}

#[test]
fn markdown_is_imported_without_losing_its_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("笔记.md");
    std::fs::write(&src, "# 学习笔记\n\n**重点**：见[规定](rule.md)。\n\n扫码领取福利\n").unwrap();
    let out = dir.path().join("content");
    let o = import(&[src.to_str().unwrap(), "--topic", "理论学习"], &out);
    assert!(o.stdout.contains("笔记.md:5: scan, gift, share or bookmark prompt"), "{}", o.stdout);
    let md = std::fs::read_to_string(out.join("xue-xi-bi-ji.md")).unwrap();
    assert!(md.starts_with("---\ntitle: 学习笔记\n"), "{md}");
    assert!(md.contains("**重点**：见[规定](rule.md)。"), "Markdown kept as written: {md}");
    assert!(!md.contains("扫码"));
}

#[test]
fn gbk_and_utf16_copies_import_as_the_utf8_original_does() {
    let dir = tempfile::tempdir().unwrap();
    let Some(seed) = seed("004_7ff4c97c35eb7a5e.txt") else { return };
    let text = std::fs::read_to_string(seed).unwrap();
    // What Notepad and WPS save on a Chinese Windows: "ANSI" (GBK, with
    // Windows line ends) and "Unicode" (UTF-16LE with a byte-order mark).
    let crlf = text.replace('\n', "\r\n");
    let gbk = encoding_rs::GB18030.encode(&crlf).0.into_owned();
    let utf16: Vec<u8> = "\u{FEFF}".encode_utf16().chain(crlf.encode_utf16()).flat_map(u16::to_le_bytes).collect();
    let copies = [("utf8", text.into_bytes(), "UTF-8"), ("gbk", gbk, "GBK/GB18030"), ("utf16", utf16, "UTF-16LE")];
    let mut pages = Vec::new();
    for (name, bytes, encoding) in copies {
        let src = dir.path().join(format!("{name}.txt"));
        std::fs::write(&src, bytes).unwrap();
        let out = dir.path().join(name);
        let o = import(&[src.to_str().unwrap()], &out);
        assert_eq!(o.stdout.contains(&format!("read as {encoding}")), encoding != "UTF-8", "{}", o.stdout);
        assert!(o.stdout.contains("removed 7 lines"), "the same junk found: {}", o.stdout);
        let page = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
        pages.push(std::fs::read_to_string(page).unwrap());
    }
    assert!(pages[0].contains("\n## 一、2022年上半年意识形态工作情况\n"), "{}", pages[0]);
    assert_eq!(pages[1], pages[0], "GBK");
    assert_eq!(pages[2], pages[0], "UTF-16");
}

#[test]
fn a_word_document_imports_with_its_list_numbers_headings_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    // Made with python-docx, whose template is Word's own (make-plan-docx.py).
    let docx = crate::site::fixtures().join("import/plan.docx");
    let o = import(&[docx.to_str().unwrap(), "--topic", "理论学习"], &dir.path().join("content"));
    assert!(
        o.stdout.contains("plan.docx: paragraph 3: scan, gift, share or bookmark prompt: 扫码领取福利"),
        "{}",
        o.stdout
    );
    // Named after its file; the title is in the front matter.
    let md = std::fs::read_to_string(dir.path().join("content/plan.md")).unwrap();
    assert!(md.starts_with("---\ntitle: 2025年XX市人大办公室意识形态工作要点\ndate: '2025'\nkind: plan\n"), "{md}");
    assert!(md.contains("\n## 一、强化理论武装，筑牢思想根基\n"), "Heading 1 with its numbering: {md}");
    assert!(
        md.contains("\n#### 1\\.深入学习贯彻习近平新时代中国特色社会主义思想\n"),
        "Word's list number written out: {md}"
    );
    assert!(md.contains("\n#### 2\\.持续学习宣传贯彻"), "{md}");
    assert!(md.contains("\n### 重点任务分工\n"), "a heading by its style alone: {md}");
    assert!(md.contains("| 序号 | 任务 | 责任单位 | 完成时限 |\n| --- | --- | --- | --- |\n| 1 | 理论学习中心组专题学习 | 办公室 | 每月 |"), "{md}");
    assert!(md.contains("| 2 | 网络舆情监测\\|研判 | 研究室 | 全年 |"), "a | in a cell is escaped: {md}");
    assert!(md.contains("制度。\n\n网站、公众号"), "a line break starts a paragraph: {md}");
    assert!(md.contains("\n![任务分工流程图](images/plan/image1.png)\n"), "the picture, with its description: {md}");
    let picture = std::fs::read(dir.path().join("content/images/plan/image1.png")).unwrap();
    assert!(picture.starts_with(b"\x89PNG"), "the picture's own bytes");
    assert!(!md.contains("扫码"));

    // The page builds, with its table and headings.
    let site = crate::site::TestSite::empty();
    crate::site::copy_dir(&dir.path().join("content"), &site.root.join("content"));
    site.build_ok();
    let html = site.read("plan.html");
    assert!(
        html.contains("<table>") && html.contains("<th>责任单位</th>") && html.contains("<td>网络舆情监测|研判</td>"),
        "{html}"
    );
    assert!(html.contains("重点任务分工</h3>"), "{html}");
    assert!(html.contains(r#"<img src="images/plan/image1.png" alt="任务分工流程图""#), "{html}");
    assert!(site.public().join("images/plan/image1.png").exists(), "the picture is in the site");

    // Importing again replaces nothing without --force, the picture neither.
    let again = run(Command::new(env!("CARGO_BIN_EXE_shuyuan"))
        .arg("import")
        .arg(&docx)
        .arg("--out")
        .arg(dir.path().join("content")));
    assert!(!again.ok && again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn what_cannot_be_read_is_named_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("content");
    let mut bytes = encoding_rs::GB18030.encode("标题\n第二行\n第三").0.into_owned();
    bytes.push(0xFF);
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, bytes).unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&bad).arg("--out").arg(&out));
    assert!(!o.ok, "{}", o.stdout);
    assert!(
        o.stderr.contains("bad.txt:3: neither UTF-8, UTF-16 nor GBK/GB18030 text (byte 0xFF at offset"),
        "{}",
        o.stderr
    );
    assert!(!out.exists(), "nothing written");

    let doc = dir.path().join("old.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&doc).arg("--out").arg(&out));
    assert!(
        !o.ok && o.stderr.contains("old.doc: an old Word or WPS file: open it and save it as .docx"),
        "{}",
        o.stderr
    );
    let renamed = dir.path().join("renamed.txt");
    std::fs::write(&renamed, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&renamed).arg("--out").arg(&out));
    assert!(
        !o.ok
            && o.stderr.contains(
                "renamed.txt: not text but an old Word (.doc) or WPS (.wps) file: open it and save it as .docx"
            ),
        "{}",
        o.stderr
    );
}

/// A .docx holding `lines`, one paragraph each, as a minimal Word file.
fn docx_of(lines: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", escape(l)))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn the_compilation_saved_as_docx_imports_as_its_text_does() {
    let dir = tempfile::tempdir().unwrap();
    let Some(seed) = seed("002_e9c177ea97f7c828.txt") else { return };
    let text = std::fs::read_to_string(&seed).unwrap();
    let docx = dir.path().join("002.docx");
    std::fs::write(&docx, docx_of(&text.lines().collect::<Vec<_>>())).unwrap();
    let from_text = import(&[seed.to_str().unwrap(), "--split"], &dir.path().join("txt"));
    let from_docx = import(&[docx.to_str().unwrap(), "--split"], &dir.path().join("docx"));
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path().join("txt")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names.len(), 17);
    for name in &names {
        let a = std::fs::read_to_string(dir.path().join("txt").join(name)).unwrap();
        let b = std::fs::read_to_string(dir.path().join("docx").join(name)).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(a, b, "{name:?}");
    }
    // The same junk is removed, counted by line and by paragraph alike.
    let removed = |o: &crate::site::Outcome| o.stdout.lines().filter(|l| l.starts_with("    ")).count();
    assert_eq!(removed(&from_text), removed(&from_docx), "{}\n{}", from_text.stdout, from_docx.stdout);
}

#[test]
fn a_folder_or_a_pattern_imports_every_document_and_a_bad_one_stops_none_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收文");
    std::fs::create_dir_all(inbox.join("旧")).unwrap();
    std::fs::copy(crate::site::fixtures().join("import/plan.docx"), inbox.join("plan.docx")).unwrap();
    let gbk = encoding_rs::GB18030.encode("学习制度\n第一条 认真学习。\n").0.into_owned();
    std::fs::write(inbox.join("旧/制度.txt"), gbk).unwrap();
    std::fs::write(inbox.join("坏.txt"), [0xB0, 0xA1, 0x0A, 0xFF]).unwrap();
    std::fs::write(inbox.join("说明.pdf"), b"%PDF").unwrap();
    std::fs::write(inbox.join("~$plan.docx"), b"Word's lock file").unwrap();
    let out = dir.path().join("content");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&inbox).arg("--out").arg(&out));
    assert!(!o.ok, "{}", o.stdout);
    assert!(o.stderr.contains("坏.txt:2: neither UTF-8"), "{}", o.stderr);
    assert!(
        o.stderr.contains("1 of 3 files could not be imported"),
        "the .pdf and Word's lock file are not read: {}",
        o.stderr
    );
    assert!(out.join("xue-xi-zhi-du.md").exists() && out.join("images/plan/image1.png").exists(), "{}", o.stdout);

    // A pattern, as Windows' shell passes it on, unexpanded.
    let again = dir.path().join("again");
    let pattern = inbox.join("*.docx");
    let o = import(&[pattern.to_str().unwrap()], &again);
    assert!(o.stdout.contains("plan.docx →"), "{}", o.stdout);
    assert_eq!(
        std::fs::read_dir(&again)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "md"))
            .count(),
        1
    );
    let none = run(Command::new(env!("CARGO_BIN_EXE_shuyuan"))
        .arg("import")
        .arg(inbox.join("*.doc"))
        .arg("--out")
        .arg(&again));
    assert!(!none.ok && none.stderr.contains("*.doc: no file matches"), "{}", none.stderr);
}

#[test]
fn a_new_library_takes_an_import_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("文库");
    let shuyuan = || Command::new(env!("CARGO_BIN_EXE_shuyuan"));
    let o = run(shuyuan().arg("init").arg(&root).args(["--title", "某单位学习文库"]));
    assert!(o.ok && o.stdout.contains("shuyuan import"), "{}\n{}", o.stdout, o.stderr);
    let docx = crate::site::fixtures().join("import/plan.docx");
    import(&[docx.to_str().unwrap(), "--kind", "plan"], &root.join("content/plan"));
    let check = run(shuyuan().arg("check").arg("--root").arg(&root));
    assert!(
        check.ok && check.stdout.contains("checked 1 page, 0 topics: no problems"),
        "{}\n{}",
        check.stdout,
        check.stderr
    );
    let build = run(shuyuan().arg("build").arg("--root").arg(&root));
    assert!(build.ok, "{}", build.stderr);
    let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("某单位学习文库") && home.contains("实施方案"), "{home}");
    assert!(root.join("public/plan/images/plan/image1.png").exists(), "the picture beside its page");

    let again = run(shuyuan().arg("init").arg(&root));
    assert!(!again.ok && again.stderr.contains("site.yaml: already exists"), "{}", again.stderr);
}

/// A .docx whose body inflates to `size` bytes of spaces: a zip bomb.
fn docx_inflating_to(size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_docx_is_refused_by_name_and_the_rest_of_the_batch_imports() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let bomb = docx_inflating_to((shuyuan::import::docx::MAX_XML_PART as usize) + (8 << 20));
    assert!(bomb.len() < 1 << 20, "small on disk: {} bytes", bomb.len());
    std::fs::write(inbox.join("bomb.docx"), bomb).unwrap();
    std::fs::write(inbox.join("good.txt"), "关于学习的通知\n\n一、学习内容\n\n认真学习。\n").unwrap();
    let out = dir.path().join("out");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&inbox).arg("--out").arg(&out));
    assert!(!o.ok, "the batch says one failed");
    assert!(o.stderr.contains("bomb.docx") && o.stderr.contains("word/document.xml"), "{}", o.stderr);
    assert!(o.stderr.contains("zip bomb"), "{}", o.stderr);
    let imported: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(imported.len(), 1, "good.txt imported: {imported:?}");
}

#[test]
fn utf16_without_a_mark_imports_as_text_and_nul_bytes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、一以贯之抓学习\n一是一心一意，一鼓作气。\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let file = dir.path().join("通知.txt");
    std::fs::write(&file, utf16).unwrap();
    let out = dir.path().join("out");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&file).arg("--out").arg(&out));
    assert!(o.ok, "{}", o.stderr);
    assert!(o.stdout.contains("UTF-16LE"), "{}", o.stdout);
    let page = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    assert!(std::fs::read_to_string(page).unwrap().contains("一心一意"), "no mojibake");
    let nul = dir.path().join("nul.txt");
    std::fs::write(&nul, vec![0u8; 1 << 20]).unwrap();
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&nul).arg("--out").arg(&out));
    assert!(!o.ok, "{}", o.stdout);
    assert!(o.stderr.contains("nul.txt") && o.stderr.contains("zero bytes"), "{}", o.stderr);
}

#[test]
fn a_word_table_of_contents_is_left_out_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    // Made with python-docx as Word lays out a TOC field (make-toc-docx.py).
    let docx = crate::site::fixtures().join("import/toc.docx");
    let o = import(&[docx.to_str().unwrap()], &dir.path().join("content"));
    assert!(
        o.stdout.contains(
            "toc.docx: paragraph 2: Word table of contents: 5 lines (目    录 / 1 引言 1 / 1.1 编写目的 1 …)"
        ),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("toc.md  (软件编码说明书, study)"), "{}", o.stdout);
    let md = std::fs::read_to_string(dir.path().join("content/toc.md")).unwrap();
    assert!(md.starts_with("---\ntitle: 软件编码说明书\n"), "no 《》 and not 目录: {md}");
    assert_eq!(md.matches("引言").count(), 1, "one heading per entry, not two: {md}");
    assert!(md.contains("\n## 1 引言\n") && md.contains("\n### 2\\.1 命名\n"), "{md}");
    assert!(!md.contains("目录") && !md.contains("目    录") && !md.contains("编写目的 1"), "{md}");
}

#[test]
fn documents_of_one_title_in_one_batch_each_get_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("项目文档");
    std::fs::create_dir_all(&inbox).unwrap();
    let toc = crate::site::fixtures().join("import/toc.docx");
    std::fs::copy(&toc, inbox.join("编码说明-前端.docx")).unwrap();
    std::fs::copy(&toc, inbox.join("编码说明-后端.docx")).unwrap();
    std::fs::write(inbox.join("a.txt"), "会议纪要\n正文一。\n").unwrap();
    std::fs::write(inbox.join("b.txt"), "会议纪要\n正文二。\n").unwrap();
    let out = dir.path().join("content");
    let o = import(&[inbox.to_str().unwrap()], &out);
    for name in
        ["bian-ma-shuo-ming-qian-duan.md", "bian-ma-shuo-ming-hou-duan.md", "hui-yi-ji-yao.md", "hui-yi-ji-yao-2.md"]
    {
        let md = std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}\n{}", o.stdout));
        assert!(md.contains("title: 软件编码说明书\n") || md.contains("title: 会议纪要\n"), "{md}");
    }
    assert!(std::fs::read_to_string(out.join("hui-yi-ji-yao-2.md")).unwrap().contains("正文二"));
    // The batch again: the pages it wrote before are not replaced without --force.
    let again = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&inbox).arg("--out").arg(&out));
    assert!(!again.ok && again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn an_old_word_file_in_a_folder_is_named_not_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("旧方案.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
    std::fs::write(inbox.join("good.txt"), "关于学习的通知\n\n一、学习内容\n\n认真学习。\n").unwrap();
    let out = dir.path().join("out");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&inbox).arg("--out").arg(&out));
    assert!(!o.ok, "the batch says one file could not be imported");
    assert!(o.stderr.contains("旧方案.doc") && o.stderr.contains("save it as .docx"), "{}", o.stderr);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1, "good.txt imported");
}

/// An old .doc renamed .docx is named for what it is, even when it holds an
/// embedded zip (a real one from lib-pku/libpku did, and was reported as a
/// Word document without word/document.xml).
#[test]
fn an_old_word_file_renamed_docx_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend(docx_of(&["嵌入的对象"]));
    let renamed = dir.path().join("旧试卷.docx");
    std::fs::write(&renamed, ole).unwrap();
    let out = dir.path().join("out");
    let o = run(Command::new(env!("CARGO_BIN_EXE_shuyuan")).arg("import").arg(&renamed).arg("--out").arg(&out));
    assert!(
        !o.ok
            && o.stderr.contains(
                "旧试卷.docx: not a .docx but an old Word (.doc) or WPS (.wps) file: open it and save it as .docx"
            ),
        "{}",
        o.stderr
    );
    assert!(!out.exists(), "nothing written");
}

/// Real documents (lib-pku/libpku's 钓鱼岛 white paper, a course's 通知.docx
/// saved by WPS): a year in full-width digits under the title dates the page,
/// and a first paragraph of sentences is not taken for the title.
#[test]
fn a_full_width_year_dates_the_page_and_sentences_are_no_title() {
    let dir = tempfile::tempdir().unwrap();
    let paper = dir.path().join("白皮书.docx");
    std::fs::write(
        &paper,
        docx_of(&["钓鱼岛是中国的固有领土", "（２０１２年９月）", "中华人民共和国国务院新闻办公室", "正文。"]),
    )
    .unwrap();
    let notice = dir.path().join("通知.docx");
    std::fs::write(&notice, docx_of(&["上机第16周，来机考就可以。学生成绩评定方法", "我们采用综合评定方法。"]))
        .unwrap();
    let out = dir.path().join("out");
    let o = import(&[paper.to_str().unwrap(), notice.to_str().unwrap()], &out);
    assert!(o.ok, "{}", o.stderr);
    let page = std::fs::read_to_string(out.join("bai-pi-shu.md")).unwrap();
    assert!(page.contains("title: 钓鱼岛是中国的固有领土") && page.contains("date: '2012'"), "{page}");
    let page = std::fs::read_to_string(out.join("tong-zhi.md")).unwrap();
    assert!(page.contains("title: 通知"), "{page}");
    assert!(page.contains("\n上机第16周，来机考就可以。学生成绩评定方法\n"), "the line stays in the body: {page}");
}
