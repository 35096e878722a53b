use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ragboard::cli::{Cli, run_command};
use ragboard::text::Clean;

/// mimalloc: a plan is hundreds of thousands of small strings, made on two threads and
/// freed at exit; it loads and frees them faster than the system's allocator
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // First, for every command: errors and panics print their cause chain.
    if let Err(e) = color_eyre::install() {
        eprintln!("ragboard: {e}");
    }
    let cli = Cli::parse();
    if cli.list {
        let mut out = Clean::new(std::io::stdout().lock());
        let mut err = Clean::new(std::io::stderr().lock());
        return ragboard::cli::list::run(&mut out, &mut err);
    }
    if let Some(cmd) = &cli.command {
        // Plan text is data: no control character from it reaches the terminal.
        let mut out = Clean::new(std::io::stdout().lock());
        let mut err = Clean::new(std::io::stderr().lock());
        if let Some(code) = ragboard::cli::refuse_stdout(cmd, &mut err) {
            return code;
        }
        return run_command(cmd, &mut out, &mut err);
    }
    match ragboard::tui::run(cli.plan, &cli.tui) {
        Ok(code) => code,
        Err(e) => {
            // One plain sentence (a line per problem), cleaned of anything a terminal
            // would act on; color-eyre's full report is for panics, which are bugs.
            let mut err = Clean::new(std::io::stderr().lock());
            for line in e.to_string().lines() {
                let _ = writeln!(err, "ragboard: {line}");
            }
            ExitCode::FAILURE
        }
    }
}
