//! A page to render other than a document page: its template, where it
//! goes, and what it shows, either as a context ready for the template or
//! as a view that live preview hashes first and makes a context of only
//! when it changed. In: views. Out: [`Job`]s, which `Renderer::render_job` renders.

use super::views::ListView;
use serde::Serialize;
use tera::Context;

/// An HTML file to render: the template, where it goes, what it shows.
pub(super) struct Job<'a> {
    pub template: &'static str,
    pub url: String,
    pub data: JobData<'a>,
}

pub(super) enum JobData<'a> {
    /// A context, ready.
    Context(Context),
    /// A page's own values as one view (a list's thousands of items, the
    /// study plans' sessions), added to the context every page starts with:
    /// hashed as they are and made a context only when they changed, since
    /// making the context is most of the cost. 10,000 pages in 12 plans:
    /// the home page, 我的学习 and the plans' pages took 95 ms of each
    /// rebuild in live preview as contexts, hashed through them.
    View { current: &'static str, values: Box<dyn Values + Send + 'a> },
}

impl<'a> Job<'a> {
    pub fn new(template: &'static str, url: impl Into<String>, ctx: Context) -> Self {
        Job { template, url: url.into(), data: JobData::Context(ctx) }
    }

    /// A job of `values`, shown under the menu entry `current`.
    pub fn view(
        template: &'static str,
        url: impl Into<String>,
        current: &'static str,
        values: impl Values + Send + 'a,
    ) -> Self {
        Job { template, url: url.into(), data: JobData::View { current, values: Box::new(values) } }
    }
}

/// What a [`JobData::View`] holds: any value a template can be given.
pub(super) trait Values {
    /// A hash of the values and of the page they are shown on.
    fn key(&self, template: &str, url: &str, current: &str) -> u64;
    fn context(&self) -> tera::Result<Context>;
}

impl<T: Serialize> Values for T {
    fn key(&self, template: &str, url: &str, current: &str) -> u64 {
        fingerprint(&(template, url, current, self))
    }

    fn context(&self) -> tera::Result<Context> {
        Context::from_serialize(self)
    }
}

/// Hashes a value through its serialized form: what a template sees.
pub(super) fn fingerprint<T: Serialize>(value: &T) -> u64 {
    struct HashWriter(rustc_hash::FxHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            std::hash::Hasher::write(&mut self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(Default::default());
    let _ = serde_json::to_writer(&mut w, value);
    std::hash::Hasher::finish(&w.0)
}

/// The jobs of a list page, one per page of it when it is long.
pub(super) fn list_jobs<'l>(url: &str, current: &'static str, view: ListView<'l>) -> Vec<Job<'l>> {
    let pages = super::pager::paginate(url, view).into_iter();
    pages.map(|(url, view)| Job::view("list.html", url, current, view)).collect()
}
