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

/// Hashes a value through its serialized form: what a template sees
/// (a [`Prehashed`] value in it as its hash).
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
    let outer = HASHING.replace(true);
    let _ = serde_json::to_writer(&mut w, value);
    HASHING.set(outer);
    std::hash::Hasher::finish(&w.0)
}

thread_local! {
    /// Whether this thread is hashing a value ([`fingerprint`]), not serialising it for a template.
    static HASHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A value several pages show, hashed once for all of them: it serialises
/// as itself for a template and as its hash while a page's key is made. A
/// study plan's view is on the home page, 我的学习, its page and its print
/// pack: hashed in each, 12 plans of 10,000 pages took 110 ms of each
/// rebuild in live preview.
pub(super) struct Prehashed<'v, T> {
    value: &'v T,
    key: std::sync::OnceLock<u64>,
}

impl<'v, T: Serialize> Prehashed<'v, T> {
    pub fn new(value: &'v T) -> Self {
        Prehashed { value, key: std::sync::OnceLock::new() }
    }
}

impl<T> std::ops::Deref for Prehashed<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

impl<T: Serialize> Serialize for Prehashed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if HASHING.get() {
            self.key.get_or_init(|| fingerprint(self.value)).serialize(serializer)
        } else {
            self.value.serialize(serializer)
        }
    }
}

/// The jobs of a list page, one per page of it when it is long.
pub(super) fn list_jobs<'l>(url: &str, current: &'static str, view: ListView<'l>) -> Vec<Job<'l>> {
    let pages = super::pager::paginate(url, view).into_iter();
    pages.map(|(url, view)| Job::view("list.html", url, current, view)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prehashed_value_shows_as_itself_and_hashes_as_its_value_does() {
        let (a, b) = (vec!["甲", "乙"], vec!["甲", "丙"]);
        let (pa, pb) = (Prehashed::new(&a), Prehashed::new(&b));
        assert_eq!(serde_json::to_string(&(1, &pa)).unwrap(), r#"[1,["甲","乙"]]"#);
        assert_eq!(
            Context::from_serialize(serde_json::json!({ "x": &pa })).unwrap().get("x"),
            Some(&serde_json::json!(["甲", "乙"]))
        );
        assert_eq!(fingerprint(&(1, &pa)), fingerprint(&(1, fingerprint(&a))));
        assert_ne!(fingerprint(&(1, &pa)), fingerprint(&(1, &pb)));
        // Hashed once: the key stays what it was made from.
        assert_eq!(fingerprint(&[&pa, &pa]), fingerprint(&[fingerprint(&a), fingerprint(&a)]));
        assert_eq!(serde_json::to_string(&pa).unwrap(), r#"["甲","乙"]"#);
    }
}
