//! Text out of a plan: the per-priority summary, the board paper, the difference between
//! two snapshots, the three-way merge git calls, and export and import for other tools.

pub mod board;
mod board_html;
mod board_text;
pub mod diff;
pub mod export;
pub mod import;
pub mod markdown;
pub mod merge;
pub mod summary;

pub use board::{Board, BoardFormat, render_board};
pub use diff::{DiffFormat, PlanDiff, diff, render_diff};
pub use summary::{Format, Summary, render};
