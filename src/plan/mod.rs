//! Stage 4b: study plans.
pub mod dates;
pub mod sessions;
