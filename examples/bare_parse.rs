//! The floor a loader is measured against (scripts/perf.sh): read a plan file and parse it
//! with `ron::from_str` into ragboard's own types, with no validation and no index, on one
//! thread. It uses the binary's allocator (mimalloc), so the comparison with `check` is of
//! the loading alone, not of the allocators.

use std::process::ExitCode;

use ragboard::model::Plan;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_parse FILE");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bare_parse: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parsed: Result<Plan, _> = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text);
    match parsed {
        Ok(plan) => {
            println!("{} priorities", plan.priorities.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bare_parse: {e}");
            ExitCode::FAILURE
        }
    }
}
