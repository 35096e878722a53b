//! Text out of a plan: the per-priority summary in several formats.

mod summary;

pub use summary::{Format, Summary, render};
