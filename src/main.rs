use std::process::ExitCode;

use clap::Parser;
use ragboard::cli::{self, Cli};
use ragboard::text::Clean;

/// mimalloc: a plan is hundreds of thousands of small strings, made on two threads and
/// freed at exit; it loads and frees them faster than the system's allocator
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // First, for every command: a panic (a bug) prints its report, after the terminal is
    // restored. Every other error is a user's, said as one plain line per problem.
    if let Err(e) = color_eyre::install() {
        eprintln!("ragboard: {e}");
    }
    let cli = Cli::parse();
    // Plan text is data: no control character from it reaches the terminal.
    let mut out = Clean::new(std::io::stdout().lock());
    let mut err = Clean::new(std::io::stderr().lock());
    if cli.list {
        return cli::run_list(&mut out, &mut err);
    }
    if let Some(cmd) = &cli.command {
        return cli::run_command(cmd, &mut out, &mut err);
    }
    // The meeting view draws on the terminal itself; the locks are not held while it runs.
    drop(out);
    drop(err);
    match ragboard::tui::run(cli.plan, &cli.tui) {
        Ok(code) => code,
        Err(e) => {
            // The same one-line-per-problem sentences as the commands', after the name.
            cli::say(&mut Clean::new(std::io::stderr().lock()), "ragboard: ", &e);
            ExitCode::FAILURE
        }
    }
}
