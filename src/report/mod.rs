//! Papers: the plan's figures laid out for people (the per-priority summary, the board paper,
//! the difference between two snapshots and git's textconv). Rendering only: the figures
//! come from `model`; other tools' formats are in `interchange`.

pub mod board;
mod board_html;
mod board_text;
mod cells;
pub mod diff;
pub mod markdown;
pub mod summary;
pub mod updates;

pub use board::{Board, BoardFormat, render_board};
pub use diff::{DiffFormat, render_diff};
pub use summary::{Format, render};
