//! The finished site as one zip, for handing a library out on a USB stick
//! or by mail: unpacked, it is one folder (named after the zip) that opens
//! from file:// as it is, since every link of the site is relative.
//! In: a site folder on disk. Out: the zip file, written beside itself
//! first and renamed into place when complete.

use crate::fs;
use anyhow::{bail, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// What a zip of a site held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zipped {
    pub files: usize,
    pub bytes: u64,
}

/// The zip file `zip` may not be written inside the site `out`: the next
/// build would replace it with the site, and the zip would hold itself.
pub fn check_zip_target(zip: &Path, out: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(zip).starts_with(absolute(out)) {
        bail!("--zip {}: the zip must be outside the site folder {}", zip.display(), out.display());
    }
    if zip.extension().is_none_or(|e| !e.eq_ignore_ascii_case("zip")) {
        bail!("--zip {}: name the file with .zip at its end", zip.display());
    }
    Ok(())
}

/// Writes the site in `site` as the zip `zip`, every file under one folder
/// named after the zip (`library.zip` holds `library/index.html`, …), in
/// sorted order with a fixed date, so the same site gives the same zip.
/// The site's stamp file (which says a build may replace its folder) is
/// left out: the unpacked copy is the reader's.
pub fn write_zip(site: &Path, zip: &Path) -> Result<Zipped> {
    let top = zip.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
    let part = PathBuf::from(format!("{}.part", zip.display()));
    if let Some(parent) = zip.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let file =
        std::fs::File::create(&part).map_err(|e| anyhow::anyhow!("{}: cannot create file: {e}", part.display()))?;
    let written = write_entries(site, &top, std::io::BufWriter::new(file));
    let zipped = match written {
        Ok(z) => z,
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            return Err(e.context(format!("{}: cannot write the zip", zip.display())));
        }
    };
    fs::rename(&part, zip)?;
    Ok(zipped)
}

fn write_entries<W: Write + std::io::Seek>(site: &Path, top: &str, out: W) -> Result<Zipped> {
    let mut writer = zip::ZipWriter::new(out);
    let mut zipped = Zipped { files: 0, bytes: 0 };
    let entries = walkdir::WalkDir::new(site).sort_by_file_name().min_depth(1);
    for entry in entries {
        let entry = entry?;
        let rel = entry.path().strip_prefix(site)?;
        let name = rel.to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_file() || super::OWN_FILES.contains(&name.as_str()) {
            continue;
        }
        let bytes = fs::read(entry.path())?;
        writer.start_file(format!("{top}/{name}"), options_for(&name, bytes.len()))?;
        writer.write_all(&bytes)?;
        zipped.files += 1;
        zipped.bytes += bytes.len() as u64;
    }
    writer.finish()?;
    Ok(zipped)
}

/// Index files are 15-bit digits, already as dense as deflate would make
/// them: stored, they cost nothing to pack or unpack. Everything else
/// (HTML, CSS, scripts) is deflated.
fn options_for(name: &str, len: usize) -> SimpleFileOptions {
    let method = if name.starts_with("search/") { CompressionMethod::Stored } else { CompressionMethod::Deflated };
    SimpleFileOptions::default()
        .compression_method(method)
        .large_file(len as u64 >= u32::MAX as u64)
        .unix_permissions(0o644)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zip_inside_the_site_or_not_named_zip_is_refused() {
        let out = Path::new("/tmp/site/public");
        assert!(check_zip_target(Path::new("/tmp/site/public/a.zip"), out).is_err());
        assert!(check_zip_target(Path::new("/tmp/site/a.txt"), out).is_err());
        assert!(check_zip_target(Path::new("/tmp/site/library.ZIP"), out).is_ok());
    }

    #[test]
    fn the_zip_holds_the_site_under_one_folder_in_order_without_the_stamp_or_the_ledger() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("public");
        std::fs::create_dir_all(site.join("search/p/0")).unwrap();
        std::fs::write(site.join("index.html"), "<p>首页</p>").unwrap();
        std::fs::write(site.join("search/p/0/1.js"), "x").unwrap();
        std::fs::write(site.join(super::super::STAMP), "stamp").unwrap();
        std::fs::write(site.join(super::super::ledger::LEDGER), "ledger").unwrap();
        let zip = tmp.path().join("library.zip");
        let zipped = write_zip(&site, &zip).unwrap();
        assert_eq!(zipped.files, 2);
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        let names: Vec<String> =
            (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
        assert_eq!(names, ["library/index.html", "library/search/p/0/1.js"]);
        assert!(!tmp.path().join("library.zip.part").exists());
        let again = tmp.path().join("again/library.zip");
        write_zip(&site, &again).unwrap();
        assert_eq!(std::fs::read(&zip).unwrap(), std::fs::read(&again).unwrap(), "the same site, the same zip");
    }
}
