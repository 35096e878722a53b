//! ragboard: review a strategic plan's RAG ratings at a board meeting.
//!
//! Data flows one way: files (`store`) -> plan (`model`) -> a session's changes (`meeting`)
//! -> app state (`app`) -> screen (`ui`).
//! `cli` holds the text commands that reuse the model and store.

pub mod app;
pub mod cli;
pub mod config;
pub mod interchange;
pub mod meeting;
pub mod model;
pub mod report;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;

/// Re-exported so tests and users name one crossterm.
pub use ratatui::crossterm;
