//! Other tools' formats, in and out: the plan as a spreadsheet (CSV) or JSON for other tools,
//! and a spreadsheet read back as a plan.

pub mod export;
pub mod forms;
pub mod forms_read;
pub mod import;
pub mod sheet;
pub mod xlsx;
