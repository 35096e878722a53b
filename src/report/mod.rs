//! Text out of a plan: the per-priority summary in several formats.

pub mod summary;

pub use summary::{Format, Summary, render};
