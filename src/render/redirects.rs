//! Redirect pages at the old paths of pages (Hugo `aliases`, Jekyll
//! `redirect_from`): a refresh and a link, both relative, so that an old
//! link leads on from `file://` as from a web server.
//! In: the library's pages and their checked old paths. Out: HTML files.

use super::{escape_html, i18n::Words, root_of};
use crate::library::Library;
use crate::output::OutputFile;

/// One small page per old path of every page.
pub fn pages(lib: &Library, words: &Words) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in &lib.pages {
        for (_, alias) in &page.aliases {
            let href = escape_html(&format!("{}{}", root_of(alias), page.url));
            let title = escape_html(&page.title);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
                 <link rel=\"canonical\" href=\"{href}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n\
                 </head>\n<body>\n<p>{moved} <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
                lang = words.lang,
                moved = words.moved_to,
            );
            files.push(OutputFile::new(alias.clone(), html));
        }
    }
    files
}
