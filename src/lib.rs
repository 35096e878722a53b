//! ragboard: review a strategic plan's RAG ratings at a board meeting.
//!
//! Data flows one way: files (`store`) -> plan (`model`) -> app state (`app`) -> screen (`ui`).
//! `cli` holds the text commands that reuse the model and store.

pub mod cli;
pub mod model;
pub mod report;
pub mod store;
